"""The approver's queue (issue: deciding fast): the decision first on a
request's page, the waiting count in the navigation, "next waiting request"
after a decision, and bulk approvals from the awaiting list."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from people import queue
from people.models import Decision, Position, PositionStatus, User
from people.tests.positions import approve, host, reloaded, secondment, submit

LIST = reverse("people:hostposition-list")
BULK = reverse("people:hostposition-bulk-approve")
NEXT = reverse("people:hostposition-next")


@pytest.fixture
def english(personas: dict[str, User]) -> None:
    User.objects.filter(username__in=personas).update(language="en")
    for user in personas.values():
        user.language = "en"


@pytest.fixture
def three(personas: dict[str, User]) -> list[Position]:
    """Three host requests into CARDIOSIM awaiting its leader (teamlead), oldest
    first, and a secondment awaiting them too (they lead the home team)."""
    p = personas
    now = timezone.now()
    made = [
        submit(host(p["clinician"], "CARDIOSIM", share=10, topic="Heart digital twins")),
        submit(host(p["clinician2"], "CARDIOSIM", share=20, topic="Stroke imaging")),
        submit(host(p["depthead"], "CARDIOSIM", share=10, topic="Cardiac MRI")),
    ]
    for days, position in zip((9, 6, 3), made, strict=True):
        Position.objects.filter(pk=position.pk).update(waiting_since=now - timedelta(days=days))
    return made


@pytest.fixture
def seconded(personas: dict[str, User]) -> Position:
    position = submit(secondment(personas["researcher"], "Neuroradiologie", share=20, topic="Brain MRI"))
    Position.objects.filter(pk=position.pk).update(waiting_since=timezone.now() - timedelta(days=20))
    return position


def decided_by(position: Position) -> set[str]:
    return {d.decided_by.username for d in Decision.objects.filter(position=position).select_related("decided_by")}


# The decision first ---------------------------------------------------------------------


def test_whoever_may_decide_gets_the_decision_before_the_request(sign_in, english, three):
    position = three[0]
    html = sign_in("teamlead").get(position.get_absolute_url()).content.decode()
    assert "detail-layout--decide" in html
    card = html.index('id="decision"')
    # The essentials, then the three buttons, all before the request's full text.
    labels = ("Applicant", "Host project-team", "Share", "Dates", "Waiting since")
    essentials = [html.index(word, card) for word in labels]
    buttons = [html.index(f">{label}<", card) for label in ("Approve", "Send back for changes", "Reject")]
    assert card < min(essentials) and max(essentials) < min(buttons)
    assert max(buttons) < html.index('id="request-heading"')
    # One comment for the three buttons, each posting to its own address.
    form = html[html.index('<form method="post"', card) : html.index("</form>", card)]
    assert form.count("<textarea") == 1
    assert f'formaction="{reverse("people:hostposition-reject", args=[position.pk])}"' in form
    assert f'formaction="{reverse("people:hostposition-request-changes", args=[position.pk])}"' in form


@pytest.mark.parametrize("persona", ["clinician", "director", "researcher"])
def test_who_may_not_decide_gets_no_decision_card(sign_in, three, persona):
    # The applicant, direction before the endorsements, a member of another team.
    response = sign_in(persona).get(three[0].get_absolute_url())
    html = response.content.decode()
    assert response.status_code in (200, 404)
    assert 'id="decision"' not in html and "detail-layout--decide" not in html


@pytest.mark.parametrize("action", ["approve", "reject", "request-changes"])
def test_no_decision_is_made_by_a_get(sign_in, three, action):
    position = three[0]
    response = sign_in("teamlead").get(reverse(f"people:hostposition-{action}", args=[position.pk]))
    assert response.status_code == 405
    assert reloaded(position).status == PositionStatus.SUBMITTED and not decided_by(position)


@pytest.mark.parametrize("action", ["reject", "request-changes"])
def test_rejecting_or_sending_back_without_a_comment_says_so_and_keeps_the_request(sign_in, english, three, action):
    position = three[0]
    response = sign_in("teamlead").post(reverse(f"people:hostposition-{action}", args=[position.pk]), {"comment": " "})
    assert response.status_code == 400
    assert 'class="field field--error"' in response.content.decode()
    assert reloaded(position).status == PositionStatus.SUBMITTED


# The waiting count in the navigation ------------------------------------------------------


def nav_counts(html: str) -> list[str]:
    return re.findall(r'<span class="nav-count">(\d+\+?)<', html)


def test_the_navigation_counts_what_awaits_the_person_on_every_page(sign_in, three, seconded):
    client = sign_in("teamlead")
    for url in ("/", reverse("people:person-list"), reverse("projects:project-list"), LIST):
        assert nav_counts(client.get(url).content.decode()) == ["3", "1"], url


@pytest.mark.parametrize("persona", ["clinician", "researcher", "transfer", "partner"])
def test_nobody_else_sees_a_count(sign_in, three, persona):
    assert nav_counts(sign_in(persona).get("/").content.decode()) == []


def test_the_count_costs_no_query_while_under_a_minute_old(sign_in, three):
    client = sign_in("teamlead")  # signing in counts it
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("people:person-list"))
    assert not [q for q in queries.captured_queries if "people_position" in q["sql"]]


def test_the_count_follows_other_approvers_within_a_minute(sign_in, personas, three):
    client = sign_in("teamlead")
    assert nav_counts(client.get("/people/").content.decode()) == ["3"]
    approve(three[0], personas["teamlead"])  # elsewhere: another device, the API
    assert nav_counts(client.get("/people/").content.decode()) == ["3"]
    with time_machine.travel(timezone.now() + timedelta(seconds=queue.COUNT_SECONDS + 1)):
        assert nav_counts(client.get("/people/").content.decode()) == ["2"]


def test_the_count_follows_the_persons_own_decision_at_once(sign_in, three):
    client = sign_in("teamlead")
    client.post(reverse("people:hostposition-approve", args=[three[0].pk]))
    assert nav_counts(client.get("/people/").content.decode()) == ["2"]


def test_the_count_is_capped(sign_in, three, monkeypatch):
    monkeypatch.setattr(queue, "COUNT_LIMIT", 2)
    client = sign_in("teamlead")
    assert nav_counts(client.get("/people/").content.decode()) == ["2+"]


# Next waiting request -----------------------------------------------------------------------


def test_a_decision_goes_on_to_the_oldest_request_still_waiting(sign_in, english, three):
    client = sign_in("teamlead")
    response = client.post(reverse("people:hostposition-approve", args=[three[0].pk]), {"comment": "Welcome"})
    assert response["Location"] == three[1].get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    # Says what was done, with a link back, and how many are left.
    assert "Your approval is recorded" in page
    assert f'href="{three[0].get_absolute_url()}"' in page
    assert "2 requests still await you" in page


def test_after_the_last_host_request_the_queue_moves_on_to_secondments(sign_in, three, seconded):
    client = sign_in("teamlead")
    for position in three[1:]:
        Position.objects.filter(pk=position.pk).update(status=PositionStatus.WITHDRAWN, awaits_direction=False)
    response = client.post(reverse("people:hostposition-approve", args=[three[0].pk]))
    assert response["Location"] == seconded.get_absolute_url()


def test_after_the_last_request_the_approver_lands_on_the_empty_awaiting_list(sign_in, english, three):
    client = sign_in("teamlead")
    for position in three:
        response = client.post(reverse("people:hostposition-approve", args=[position.pk]))
    assert response["Location"] == f"{LIST}?view=awaiting"
    page = client.get(response["Location"]).content.decode()
    assert "Nothing else awaits your decision." in page
    assert "Nothing awaits your decision" in page
    assert all(decided_by(p) == {"teamlead"} for p in three)


def test_next_waiting_request_skips_the_one_put_aside(sign_in, three):
    client = sign_in("teamlead")
    assert client.get(NEXT)["Location"] == three[0].get_absolute_url()
    assert client.get(NEXT, {"skip": three[0].pk})["Location"] == three[1].get_absolute_url()
    assert client.get(NEXT, {"skip": "not-a-number"})["Location"] == three[0].get_absolute_url()
    assert not any(decided_by(p) for p in three)


def test_next_waiting_request_never_leads_to_what_the_person_cannot_see(sign_in, three):
    # teamlead2 leads another team: nothing awaits them.
    assert sign_in("teamlead2").get(NEXT)["Location"] == f"{LIST}?view=awaiting"


def test_next_waiting_request_costs_the_same_for_any_length(sign_in, personas, django_assert_max_num_queries):
    client = sign_in("teamlead")
    counts = []
    for size in (1, 10):
        for n in range(size):
            submit(host(personas["clinician"], "CARDIOSIM", share=10, start=timezone.localdate() + timedelta(400 * n)))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(NEXT).status_code == 302
        counts.append(len(queries))
    assert counts[0] == counts[1]


# Bulk approval ------------------------------------------------------------------------------


def test_three_requests_are_approved_at_once_each_as_its_own_decision(sign_in, english, three):
    client = sign_in("teamlead")
    response = client.post(BULK, {"positions": [p.pk for p in three], "comment": "All welcome"})
    assert response["Location"] == f"{LIST}?view=awaiting"
    for position in three:
        decision = Decision.objects.get(position=position)
        assert (decision.decided_by.username, decision.comment, decision.step) == ("teamlead", "All welcome", "team")
    page = client.get(response["Location"]).content.decode()
    assert "3 of 3 requests approved." in page
    assert page.count('class="bulk-results__approved"') == 3


def test_a_bulk_approval_reports_each_request_that_failed_and_approves_the_rest(sign_in, english, personas, three):
    approve(three[1], personas["teamlead"])  # already decided: a conflict for that one alone
    hidden = submit(host(personas["clinician"], "NEUROLEARN", share=10, topic="Not CARDIOSIM"))
    client = sign_in("teamlead")
    response = client.post(BULK, {"positions": [three[0].pk, three[1].pk, hidden.pk, 999_999]})
    page = client.get(response["Location"]).content.decode()
    assert "1 of 4 requests approved." in page
    assert page.count('class="bulk-results__approved"') == 1
    assert page.count('class="bulk-results__conflict"') == 1
    # What the person cannot see reads exactly like what does not exist.
    missing = re.findall(r'<li class="bulk-results__missing">(.*?)</li>', page)
    assert [m.replace(str(hidden.pk), "N").replace("999999", "N") for m in missing] == [
        "#N: Not found among the requests you can see."
    ] * 2
    assert decided_by(hidden) == set() and decided_by(three[0]) == {"teamlead"}


def test_a_bulk_approval_refuses_who_may_not_decide_each_request(sign_in, english, three):
    client = sign_in("clinician")  # the applicant of the first
    response = client.post(BULK, {"positions": [three[0].pk]})
    page = client.get(response["Location"]).content.decode()
    assert "0 of 1 request approved." in page
    assert 'class="bulk-results__refused"' in page
    assert not decided_by(three[0])


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"comment": "x"}, "Tick the requests to approve."),
        ({"positions": ["1", "x"]}, "Choose requests from the list."),
        ({"positions": [str(n) for n in range(1, 30)]}, "Approve at most 25 requests at once."),
    ],
)
def test_a_bad_bulk_approval_is_a_clear_400_that_decides_nothing(sign_in, english, three, data, error):
    response = sign_in("teamlead").post(BULK, data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not any(decided_by(p) for p in three)


def test_the_awaiting_list_offers_boxes_to_tick_and_no_other_tab_does(sign_in, three):
    client = sign_in("teamlead")
    awaiting = client.get(LIST, {"view": "awaiting"}).content.decode()
    assert awaiting.count('form="bulk-approve"') == 3 and 'id="bulk-approve"' in awaiting
    assert 'id="bulk-approve"' not in client.get(LIST, {"view": "all"}).content.decode()


# The dashboard's entries -----------------------------------------------------------------


def test_dashboard_entries_for_the_same_person_and_team_read_apart(sign_in, personas):
    first = submit(host(personas["clinician"], "CARDIOSIM", share=10, topic="One"))
    later = timezone.localdate() + timedelta(days=500)
    second = submit(host(personas["clinician"], "CARDIOSIM", share=30, start=later, topic="Two"))
    html = sign_in("teamlead").get("/").content.decode()
    card = html[html.index('id="awaiting-me"') :]
    card = card[: card.index("</section>")]
    for position in (first, second):
        assert f"{position.time_share} %" in card
        assert position.start_date.strftime("%d/%m/%Y") in card or position.start_date.strftime("%m/%d/%Y") in card
