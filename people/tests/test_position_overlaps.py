"""What the approver of a host position or secondment sees of its applicant's
other time shares (people.selectors.position_overlaps): the requests the 100 %
rule counts (approved or pending, overlapping in time) that the reader sees,
and the peak total over those and this one. Nothing tells of a request the
reader does not see: it is neither listed nor counted.

clinician (Cardiologie, headed by depthead) asks to join CARDIOSIM (led by
teamlead) and NEUROLEARN (led by teamlead2); researcher (CARDIOSIM) is seconded
to Neuroradiologie (depthead2) and to Cardiologie (depthead).
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from people.models import Position, PositionStatus, Team, User
from people.selectors import position_overlaps
from people.tests.positions import approve, host, reject, secondment, submit, today


def in_days(n: int) -> date:
    return today() + timedelta(days=n)


@pytest.fixture
def english(personas):
    User.objects.filter(username__in=personas).update(language="en")
    for user in personas.values():
        user.language = "en"


@pytest.fixture
def cardiosim(personas: dict[str, User]) -> Position:
    """The request being decided: 30 % from day 30 to day 230."""
    return submit(host(personas["clinician"], "CARDIOSIM", share=30, start=in_days(30), days=200))


@pytest.fixture
def neurolearn(personas: dict[str, User], cardiosim: Position) -> Position:
    """Another of clinician's requests, 40 % from day 100: teamlead does not see it."""
    return submit(host(personas["clinician"], "NEUROLEARN", share=40, start=in_days(100), days=200))


def ids(overlaps) -> list[int]:
    return [position.pk for position in overlaps.positions]


# The selector -----------------------------------------------------------------------------------


def test_direction_sees_every_overlapping_request_and_the_whole_total(personas, cardiosim, neurolearn):
    overlaps = position_overlaps(user=personas["director"], position=cardiosim)
    assert (ids(overlaps), overlaps.total, overlaps.complete) == ([neurolearn.pk], 70, True)


def test_the_applicant_sees_their_own(personas, cardiosim, neurolearn):
    overlaps = position_overlaps(user=personas["clinician"], position=cardiosim)
    assert (ids(overlaps), overlaps.total, overlaps.complete) == ([neurolearn.pk], 70, True)


def test_the_approver_sees_the_overlapping_request_they_can_see(personas, cardiosim, neurolearn):
    # depthead heads clinician's department: both requests are hers to endorse.
    overlaps = position_overlaps(user=personas["depthead"], position=cardiosim)
    assert (ids(overlaps), overlaps.total, overlaps.complete) == ([neurolearn.pk], 70, False)


def test_a_team_leader_neither_sees_nor_counts_a_request_to_another_team(personas, cardiosim, neurolearn):
    overlaps = position_overlaps(user=personas["teamlead"], position=cardiosim)
    assert (ids(overlaps), overlaps.total, overlaps.complete) == ([], 30, False)


def test_a_department_head_neither_sees_nor_counts_a_secondment_elsewhere(personas):
    researcher = personas["researcher"]
    here = submit(secondment(researcher, "Neuroradiologie", share=20, start=in_days(30), days=100))
    elsewhere = submit(secondment(researcher, "Cardiologie", share=50, start=in_days(60), days=100))
    hidden = position_overlaps(user=personas["depthead2"], position=here)
    assert (ids(hidden), hidden.total) == ([], 20)
    # The home team's leader endorses both.
    seen = position_overlaps(user=personas["teamlead"], position=here)
    assert (ids(seen), seen.total) == ([elsewhere.pk], 70)


def test_only_approved_or_pending_requests_overlapping_in_time_count(personas, cardiosim):
    clinician = personas["clinician"]
    host(clinician, "NEUROLEARN", share=10, start=in_days(40), days=10)  # a draft
    reject(submit(host(clinician, "NEUROLEARN", share=10, start=in_days(40), days=10)), personas["teamlead2"])
    submit(host(clinician, "NEUROLEARN", share=10, start=in_days(231), days=10))  # the day after
    last_day = submit(host(clinician, "NEUROLEARN", share=10, start=in_days(230), days=10))
    approved = approve(
        submit(host(clinician, "NEUROLEARN", share=20, start=in_days(10), days=30)),
        personas["teamlead2"],
        personas["depthead"],
        personas["director"],
    )
    assert approved.status == PositionStatus.APPROVED
    overlaps = position_overlaps(user=personas["director"], position=cardiosim)
    assert ids(overlaps) == [approved.pk, last_day.pk]
    # Day 30 to 40: 30 + 20; day 230: 30 + 10. The busiest day is the total.
    assert overlaps.total == 50


def test_the_total_is_the_busiest_day_not_the_sum(personas, cardiosim):
    clinician = personas["clinician"]
    submit(host(clinician, "NEUROLEARN", share=40, start=in_days(30), days=10))
    submit(host(clinician, "NEUROLEARN", share=40, start=in_days(100), days=10))
    assert position_overlaps(user=personas["director"], position=cardiosim).total == 70


@pytest.mark.parametrize("count", [1, 10])
def test_the_overlaps_cost_the_same_whatever_their_number(personas, django_assert_num_queries, count):
    clinician = personas["clinician"]
    for n in range(count):
        submit(host(clinician, "NEUROLEARN", share=10, start=in_days(30 + n), days=100))
    draft = host(clinician, "CARDIOSIM", share=10, start=in_days(30), days=100)
    depthead = User.objects.get(username="depthead")
    # 1. the reader's groups (do they see everything?), read once per user object;
    # 2. the requests they see (their grants and their own, a subquery) that
    #    overlap, with their team and department.
    with django_assert_num_queries(2):
        overlaps = position_overlaps(user=depthead, position=draft)
    assert (len(ids(overlaps)), overlaps.total) == (count, 10 + 10 * count)
    with django_assert_num_queries(1):
        position_overlaps(user=depthead, position=draft)


# The page ---------------------------------------------------------------------------------------


def page(sign_in, username: str, position: Position) -> str:
    response = sign_in(username).get(position.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_approver_reads_the_overlapping_request_on_the_page(sign_in, english, cardiosim, neurolearn):
    html = page(sign_in, "depthead", cardiosim)
    assert f'href="{neurolearn.get_absolute_url()}"' in html
    assert "Total time share over the period: 70 %" in html
    assert "Counting the requests you can see." in html


def test_a_team_leader_reads_nothing_of_a_request_they_do_not_see(sign_in, english, cardiosim, neurolearn):
    html = page(sign_in, "teamlead", cardiosim)
    assert neurolearn.get_absolute_url() not in html
    assert f"#{neurolearn.pk}" not in html
    assert "Total time share over the period: 30 %" in html
    assert "Counting the requests you can see." in html


@pytest.mark.parametrize("username", ["director", "ops", "clinician"])
def test_who_sees_them_all_reads_the_whole_total_without_a_caveat(sign_in, english, cardiosim, neurolearn, username):
    html = page(sign_in, username, cardiosim)
    assert f'href="{neurolearn.get_absolute_url()}"' in html
    assert "Total time share over the period: 70 %" in html
    assert "Counting the requests you can see." not in html


def test_a_full_total_is_highlighted(sign_in, english, personas, cardiosim):
    submit(host(personas["clinician"], "NEUROLEARN", share=70, start=in_days(30), days=10))
    html = page(sign_in, "director", cardiosim)
    assert '<p class="callout callout--warning">' in html
    assert "Total time share over the period: 100 %" in html


# The API ----------------------------------------------------------------------------------------


def api(sign_in, username: str, position: Position) -> dict:
    response = sign_in(username).get(reverse("api:hostposition-detail", args=[position.pk]))
    assert response.status_code == 200
    return response.json()


def test_the_api_lists_the_overlapping_requests_the_caller_sees(sign_in, cardiosim, neurolearn):
    data = api(sign_in, "depthead", cardiosim)
    assert data["overlapping"] == [
        {
            "id": neurolearn.pk,
            "kind": "host",
            "status": "submitted",
            "time_share": 40,
            "start_date": neurolearn.start_date.isoformat(),
            "end_date": neurolearn.end_date.isoformat(),
        }
    ]
    assert data["time_share_total"] == 70


def test_the_api_tells_a_team_leader_nothing_of_a_request_they_do_not_see(sign_in, cardiosim, neurolearn):
    data = api(sign_in, "teamlead", cardiosim)
    assert (data["overlapping"], data["time_share_total"]) == ([], 30)


def test_the_api_gives_direction_the_whole_total(sign_in, cardiosim, neurolearn):
    data = api(sign_in, "director", cardiosim)
    assert ([row["id"] for row in data["overlapping"]], data["time_share_total"]) == ([neurolearn.pk], 70)


def moved(personas: dict[str, User]) -> tuple[Position, Position]:
    """researcher, seconded from CARDIOSIM, moves to NEUROLEARN and is seconded
    again: each secondment keeps the home team it was asked from."""
    researcher = personas["researcher"]
    before = submit(secondment(researcher, "Neuroradiologie", share=30, start=in_days(30), days=100))
    researcher.team = Team.objects.get(acronym="NEUROLEARN")
    researcher.save(update_fields=["team"])
    after = submit(secondment(researcher, "Neuroradiologie", share=40, start=in_days(60), days=100))
    assert (before.team.acronym, after.team.acronym) == ("CARDIOSIM", "NEUROLEARN")
    return before, after


def test_a_team_leader_neither_sees_nor_counts_a_secondment_from_another_team(personas):
    before, after = moved(personas)
    hidden = position_overlaps(user=personas["teamlead2"], position=after)
    assert (ids(hidden), hidden.total, hidden.complete) == ([], 40, False)
    # The host department's head endorses both.
    seen = position_overlaps(user=personas["depthead2"], position=after)
    assert (ids(seen), seen.total) == ([before.pk], 70)


def test_the_secondment_api_tells_a_team_leader_nothing_of_a_secondment_they_do_not_see(personas, sign_in):
    before, after = moved(personas)
    url = reverse("api:secondment-detail", args=[after.pk])
    hidden = sign_in("teamlead2").get(url).json()
    assert (hidden["overlapping"], hidden["time_share_total"]) == ([], 40)
    seen = sign_in("depthead2").get(url).json()
    assert ([row["id"] for row in seen["overlapping"]], seen["time_share_total"]) == ([before.pk], 70)
    page = sign_in("teamlead2").get(after.get_absolute_url()).content.decode()
    assert before.get_absolute_url() not in page
