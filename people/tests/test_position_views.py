"""The pages of host positions and secondments, delegations, calls and chairs:
what each persona sees and may do, forms that keep what was typed, exports
equal to the list, and lists that cost the same whatever their length."""

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.testing import Check, check_case, matrix, world_fixture
from core.tests.attachments import PDF_BYTES, upload
from people import services
from people.demo import PERSONAS as DEMO_PERSONAS
from people.demo import seed
from people.models import Call, Chair, Delegation, Institution, Position, PositionStatus, User
from people.tests.factories import DepartmentFactory, UserFactory
from people.tests.matrix import POSITION_PAGES
from people.tests.positions import approve, department, host, reject, reloaded, secondment, submit, team, today

PERSONAS = [persona.username for persona in DEMO_PERSONAS]


def listed(response) -> list[int]:
    return [row.position.pk for row in response.context["rows"]]


def hp_url(name: str, position: Position | None = None, **query: str) -> str:
    url = reverse(f"people:hostposition-{name}", args=[position.pk] if position else [])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def requests_(personas: dict[str, User]) -> dict[str, Position]:
    """A few requests in different states:
    - ``submitted``: clinician → CARDIOSIM, awaiting teamlead and depthead;
    - ``endorsed``: clinician2 → CARDIOSIM, endorsed by teamlead and depthead2, awaiting direction;
    - ``draft``: clinician → NEUROLEARN, a draft;
    - ``secondment``: researcher → Neuroradiologie, submitted."""
    p = personas
    later = today() + timedelta(days=400)
    submitted = submit(host(p["clinician"], "CARDIOSIM", share=30, topic="Digital twins of the heart"))
    endorsed = approve(
        submit(host(p["clinician2"], "CARDIOSIM", share=20, topic="Stroke imaging")), p["teamlead"], p["depthead2"]
    )
    draft = host(p["clinician"], "NEUROLEARN", share=10, start=later, topic="A draft on EEG")
    second = submit(secondment(p["researcher"], "Neuroradiologie", share=20, topic="Brain MRI segmentation"))
    return {"submitted": submitted, "endorsed": endorsed, "draft": draft, "secondment": second}


# Lists ------------------------------------------------------------------------------


def test_a_non_approver_lands_on_their_own_requests(sign_in, requests_):
    response = sign_in("clinician").get(hp_url("list"))
    assert response.status_code == 200
    assert response.context["view"] == "mine"
    assert set(listed(response)) == {requests_["submitted"].pk, requests_["draft"].pk}


def test_a_team_leader_lands_on_what_awaits_their_decision(sign_in, requests_):
    response = sign_in("teamlead").get(hp_url("list"))
    assert response.context["view"] == "awaiting"
    assert listed(response) == [requests_["submitted"].pk]
    assert "Camille Clinicienne" in response.content.decode()


def test_awaiting_is_oldest_first_with_its_age(sign_in, personas, requests_):
    newer = submit(host(personas["depthead"], "CARDIOSIM", share=10, topic="Newer"))
    Position.objects.filter(pk=requests_["submitted"].pk).update(waiting_since=timezone.now() - timedelta(days=5))
    response = sign_in("teamlead").get(hp_url("list", view="awaiting"))
    assert listed(response) == [requests_["submitted"].pk, newer.pk]
    first = response.context["rows"][0]
    assert first.age.days == 5
    assert "5 days" in response.content.decode() or "5 jours" in response.content.decode()


def test_awaiting_names_both_endorsers(sign_in, requests_):
    response = sign_in("ops").get(hp_url("list", view="all"))
    row = next(r for r in response.context["rows"] if r.position.pk == requests_["submitted"].pk)
    assert {u.username for u in row.awaiting} == {"teamlead", "depthead"}
    endorsed = next(r for r in response.context["rows"] if r.position.pk == requests_["endorsed"].pk)
    assert {u.username for u in endorsed.awaiting} == {"director", "ops"}


def test_all_i_can_see_keeps_what_i_endorsed_and_leaves_out_the_rest(sign_in, requests_):
    response = sign_in("teamlead").get(hp_url("list", view="all"))
    assert set(listed(response)) == {requests_["submitted"].pk, requests_["endorsed"].pk}
    response = sign_in("teamlead2").get(hp_url("list", view="all"))
    assert listed(response) == []


def test_direction_sees_every_request_and_decides_the_endorsed_ones(sign_in, requests_):
    # The list's first opening (nothing remembered yet): the awaiting tab.
    response = sign_in("director").get(hp_url("list"))
    assert response.context["view"] == "awaiting"
    assert listed(response) == [requests_["endorsed"].pk]
    response = sign_in("director").get(hp_url("list", view="all"))
    assert set(listed(response)) == {requests_[name].pk for name in ("submitted", "endorsed", "draft")}


def test_secondments_are_listed_apart(sign_in, requests_):
    response = sign_in("ops").get(reverse("people:secondment-list"), {"view": "all"})
    assert listed(response) == [requests_["secondment"].pk]
    assert "Secondments" in response.content.decode() or "Mises à disposition" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "endorsed"}, {"endorsed"}),
        ({"status": "submitted"}, {"submitted"}),
        ({"q": "twins"}, {"submitted"}),
        ({"q": "Cyril"}, {"endorsed"}),
        ({"q": "cyril stroke"}, {"endorsed"}),
        ({"q": "nobody-matches"}, set()),
    ],
)
def test_filters_narrow_the_list(sign_in, requests_, query, expected):
    response = sign_in("ops").get(hp_url("list"), {"view": "all", **query})
    assert set(listed(response)) == {requests_[name].pk for name in expected}


def test_filters_by_team_department_and_year(sign_in, personas, requests_):
    client = sign_in("clinician")
    neurolearn = team("NEUROLEARN").pk
    assert listed(client.get(hp_url("list"), {"team": neurolearn})) == [requests_["draft"].pk]
    response = client.get(hp_url("list"), {"department": department("Neuroradiologie").pk, "view": "all"})
    assert listed(response) == []
    year = requests_["draft"].end_date.year + 1
    assert listed(client.get(hp_url("list"), {"year": year})) == []
    assert requests_["draft"].pk in listed(client.get(hp_url("list"), {"year": requests_["draft"].end_date.year}))


def test_an_invalid_filter_is_shown_and_ignored(sign_in, requests_):
    response = sign_in("clinician").get(hp_url("list"), {"year": "soon", "view": "sideways"})
    assert response.status_code == 200
    assert response.context["form"].errors["year"]
    assert response.context["view"] == "mine"
    assert len(listed(response)) == 2


def test_a_partner_sees_no_request_and_cannot_start_one(sign_in, requests_):
    response = sign_in("partner").get(hp_url("list", view="all"))
    assert listed(response) == []
    assert not response.context["may_request"]
    assert reverse("people:hostposition-create") not in response.content.decode()


def test_the_list_is_paginated(sign_in, personas):
    for n in range(27):
        submit(host(personas["clinician"], "CARDIOSIM", share=10, start=today() + timedelta(days=40 * n), days=30))
    client = sign_in("teamlead")
    assert len(listed(client.get(hp_url("list")))) == 25
    assert len(listed(client.get(hp_url("list"), {"page": 2}))) == 2


# Detail ------------------------------------------------------------------------------


def buttons(response) -> set[str]:
    html = response.content.decode()
    return {label for label in ("Approve", "Reject", "Withdraw", "Submit", "Edit") if f">{label}<" in html}


@pytest.fixture
def english(personas):
    User.objects.filter(username__in=PERSONAS).update(language="en")
    for user in personas.values():
        user.language = "en"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("teamlead", {"Approve", "Reject"}),
        ("depthead", {"Approve", "Reject"}),
        ("clinician", {"Withdraw"}),
        ("director", set()),
        ("ops", set()),
    ],
)
def test_buttons_of_a_submitted_request_follow_who_may_act(sign_in, english, requests_, persona, expected):
    response = sign_in(persona).get(hp_url("detail", requests_["submitted"]))
    assert response.status_code == 200
    assert buttons(response) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("director", {"Approve", "Reject"}),
        ("ops", {"Approve", "Reject"}),
        ("teamlead", set()),
        ("clinician2", {"Withdraw"}),
    ],
)
def test_buttons_of_an_endorsed_request(sign_in, english, requests_, persona, expected):
    assert buttons(sign_in(persona).get(hp_url("detail", requests_["endorsed"]))) == expected


def test_the_applicant_of_a_draft_may_submit_edit_or_withdraw_it(sign_in, english, requests_):
    assert buttons(sign_in("clinician").get(hp_url("detail", requests_["draft"]))) == {"Submit", "Edit", "Withdraw"}


def test_a_closed_request_has_no_button(sign_in, english, personas, requests_):
    approve(requests_["endorsed"], personas["director"])
    for persona in ("clinician2", "director", "teamlead"):
        assert buttons(sign_in(persona).get(hp_url("detail", requests_["endorsed"]))) == set(), persona


def test_buttons_read_in_french(sign_in, requests_):
    html = sign_in("teamlead").get(hp_url("detail", requests_["submitted"])).content.decode()
    assert ">Approuver<" in html
    assert ">Refuser<" in html
    html = sign_in("clinician").get(hp_url("detail", requests_["submitted"])).content.decode()
    assert ">Retirer<" in html


def test_withdraw_asks_for_confirmation_without_inline_script(sign_in, requests_):
    html = sign_in("clinician").get(hp_url("detail", requests_["submitted"])).content.decode()
    withdraw = html[html.index(hp_url("withdraw", requests_["submitted"])) - 200 :]
    assert "data-confirm=" in withdraw[:600]
    assert "onclick" not in html
    assert "onsubmit" not in html


def test_detail_shows_the_decisions_and_the_timeline(sign_in, english, requests_):
    response = sign_in("clinician2").get(hp_url("detail", requests_["endorsed"]))
    html = response.content.decode()
    steps = {row.step: row for row in response.context["steps"]}
    assert steps["team"].decision.decided_by.username == "teamlead"
    assert steps["department"].decision.decided_by.username == "depthead2"
    assert steps["final"].pending
    assert [e.event.action for e in response.context["history"]] == ["created", "submitted", "approved", "approved"]
    assert "Submitted → Endorsed" in html.replace(
        '<span aria-hidden="true">→</span><span class="visually-hidden">to</span>', "→"
    )
    assert {u.username for u in response.context["awaiting"]} == {"director", "ops"}


def test_timeline_says_who_acted_on_behalf_of_whom(sign_in, english, personas, requests_):
    services.delegation_create(
        delegator=personas["teamlead"],
        delegate=personas["researcher"],
        starts_on=today(),
        ends_on=today(),
        by=personas["teamlead"],
    )
    client = sign_in("researcher")
    detail = hp_url("detail", requests_["submitted"])
    assert buttons(client.get(detail)) == {"Approve", "Reject"}
    assert client.post(hp_url("approve", requests_["submitted"]), {"comment": "Fine by me"}).status_code == 302
    response = client.get(detail)
    html = response.content.decode()
    assert "Rémi Chercheur on behalf of Théo Chef-Équipe" in html
    assert "Fine by me" in html
    team_step = next(row for row in response.context["steps"] if row.step == "team")
    assert team_step.decision.on_behalf_of == personas["teamlead"]


def test_an_invisible_request_answers_404_like_a_missing_one(sign_in, requests_):
    client = sign_in("clinician2")
    assert client.get(hp_url("detail", requests_["submitted"])).status_code == 404
    assert client.get(reverse("people:hostposition-detail", args=[999_999])).status_code == 404


def test_a_host_position_is_not_reachable_under_secondments(sign_in, requests_):
    response = sign_in("ops").get(reverse("people:secondment-detail", args=[requests_["submitted"].pk]))
    assert response.status_code == 404


# Actions ------------------------------------------------------------------------------


def test_approving_records_the_comment_and_goes_on_to_the_next_waiting_request(sign_in, requests_):
    position = requests_["submitted"]
    response = sign_in("teamlead").post(hp_url("approve", position), {"comment": "Welcome"})
    assert response.status_code == 302
    # No other host position awaits the team leader: the secondment they endorse does.
    assert response["Location"] == requests_["secondment"].get_absolute_url()
    decision = reloaded(position).decisions.get()
    assert (decision.decided_by.username, decision.comment, decision.outcome) == ("teamlead", "Welcome", "approved")


def test_rejecting_without_a_reason_keeps_the_request_and_says_why(sign_in, english, requests_):
    position = requests_["submitted"]
    response = sign_in("depthead").post(hp_url("reject", position), {"comment": "  "})
    assert response.status_code == 400
    assert "Say why the request is rejected." in response.content.decode()
    assert reloaded(position).status == PositionStatus.SUBMITTED


def test_rejecting_with_a_reason_closes_the_request(sign_in, requests_):
    position = requests_["submitted"]
    assert sign_in("depthead").post(hp_url("reject", position), {"comment": "No clinical time"}).status_code == 302
    assert reloaded(position).status == PositionStatus.REJECTED


def test_the_applicant_may_not_decide_on_their_own_request(sign_in, requests_):
    position = requests_["submitted"]
    assert sign_in("clinician").post(hp_url("approve", position)).status_code == 403
    assert sign_in("clinician").post(hp_url("reject", position), {"comment": "x"}).status_code == 403
    assert reloaded(position).status == PositionStatus.SUBMITTED


@pytest.mark.parametrize("persona", ["director", "ops"])
def test_direction_deciding_before_the_endorsements_gets_409(sign_in, requests_, persona):
    position = requests_["submitted"]
    assert sign_in(persona).post(hp_url("approve", position)).status_code == 409
    assert reloaded(position).status == PositionStatus.SUBMITTED


def test_someone_who_does_not_see_the_request_gets_404_to_every_action(sign_in, requests_):
    client = sign_in("teamlead2")
    for action in ("approve", "reject", "withdraw", "submit"):
        assert client.post(hp_url(action, requests_["submitted"]), {"comment": "x"}).status_code == 404, action


def test_actions_take_post_only(sign_in, requests_):
    client = sign_in("teamlead")
    for action in ("approve", "reject", "withdraw", "submit"):
        assert client.get(hp_url(action, requests_["submitted"])).status_code == 405, action


def test_deciding_twice_answers_409_with_a_message(sign_in, english, requests_):
    client = sign_in("teamlead")
    position = requests_["submitted"]
    client.post(hp_url("approve", position))
    response = client.post(hp_url("approve", position))
    assert response.status_code == 409
    assert "This could not be done." in response.content.decode()
    assert response.context["conflict"]


def test_the_applicant_withdraws_and_an_approver_may_not(sign_in, requests_):
    position = requests_["submitted"]
    assert sign_in("teamlead").post(hp_url("withdraw", position)).status_code == 403
    assert sign_in("clinician").post(hp_url("withdraw", position)).status_code == 302
    assert reloaded(position).status == PositionStatus.WITHDRAWN
    assert sign_in("clinician").post(hp_url("withdraw", position)).status_code == 409


def test_submitting_a_draft_sends_it_to_its_approvers(sign_in, requests_):
    draft = requests_["draft"]
    response = sign_in("clinician").post(hp_url("submit", draft))
    assert response.status_code == 302
    assert reloaded(draft).status == PositionStatus.SUBMITTED
    assert sign_in("clinician").post(hp_url("submit", draft)).status_code == 409


def test_submitting_beyond_100_percent_says_which_requests_overlap(sign_in, english, personas, requests_):
    too_much = host(personas["clinician"], "CARDIOSIM", share=80, topic="Too much")
    response = sign_in("clinician").post(hp_url("submit", too_much))
    assert response.status_code == 400
    assert f"#{requests_['submitted'].pk}" in response.content.decode()
    assert reloaded(too_much).status == PositionStatus.DRAFT


# Forms ------------------------------------------------------------------------------


def form_data(**overrides: Any) -> dict[str, Any]:
    start = today() + timedelta(days=60)
    data = {
        "team": team("CARDIOSIM").pk,
        "time_share": "20",
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=180)).isoformat(),
        "topic": "Aortic flow with 4D MRI",
        "justification": "Two days a week in the team.",
        "call": "",
    }
    return data | overrides


def test_creating_a_request_saves_a_draft_of_the_applicant(sign_in, personas):
    response = sign_in("clinician").post(hp_url("create"), form_data())
    position = Position.objects.get(topic="Aortic flow with 4D MRI")
    assert response.status_code == 302
    assert response["Location"] == position.get_absolute_url()
    assert (position.applicant, position.status, position.time_share) == (personas["clinician"], "draft", 20)
    assert position.department.name == "Cardiologie"


def test_a_form_with_errors_keeps_what_was_typed(sign_in, english, personas):
    start = today() + timedelta(days=60)
    data = form_data(end_date=(start - timedelta(days=1)).isoformat(), justification="Keep me, please")
    response = sign_in("clinician").post(hp_url("create"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "The end date must come after the start date." in html
    assert 'value="Aortic flow with 4D MRI"' in html
    assert "Keep me, please" in html
    assert f'value="{start.isoformat()}"' in html
    assert '<option value="20" selected>' in html
    assert not Position.objects.filter(topic="Aortic flow with 4D MRI").exists()


def test_the_service_s_refusal_shows_next_to_its_field(sign_in, english, personas):
    start = today() + timedelta(days=60)
    data = form_data(end_date=(start + timedelta(days=4 * 365)).isoformat())
    response = sign_in("clinician").post(hp_url("create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["end_date"] == ["A position lasts at most 3 years."]


def test_a_missing_field_is_shown_and_the_rest_kept(sign_in, english, personas):
    response = sign_in("clinician").post(hp_url("create"), form_data(topic="", time_share=""))
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"topic", "time_share"}
    assert "Two days a week in the team." in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "name"),
    [
        ("partner", "hostposition"),
        ("researcher", "hostposition"),
        ("clinician", "secondment"),
        ("partner", "secondment"),
    ],
)
def test_someone_who_cannot_request_that_kind_is_told_why(sign_in, english, persona, name):
    client = sign_in(persona)
    response = client.get(reverse(f"people:{name}-create"))
    assert response.status_code == 200
    assert response.context["refusal"]
    assert "You cannot make this request." in response.content.decode()
    response = client.post(reverse(f"people:{name}-create"), form_data(department=department("Neuroradiologie").pk))
    assert response.status_code == 400
    assert not Position.objects.exists()


def test_a_secondment_is_asked_for_a_host_department(sign_in, personas):
    client = sign_in("researcher")
    form = client.get(reverse("people:secondment-create")).context["form"]
    assert "department" in form.fields and "team" not in form.fields
    data = form_data(department=department("Neuroradiologie").pk)
    assert client.post(reverse("people:secondment-create"), data).status_code == 302
    position = Position.objects.get()
    assert (position.kind, position.team.acronym, position.department.name) == (
        "secondment",
        "CARDIOSIM",
        "Neuroradiologie",
    )


def test_only_open_calls_are_offered(sign_in, personas):
    open_call = Call.objects.create(
        title="Open", opens_on=today() - timedelta(days=1), closes_on=today() + timedelta(days=9)
    )
    Call.objects.create(title="Closed", opens_on=today() - timedelta(days=30), closes_on=today() - timedelta(days=1))
    form = sign_in("clinician").get(hp_url("create")).context["form"]
    assert list(form.fields["call"].queryset) == [open_call]


def test_the_applicant_edits_their_draft(sign_in, requests_):
    draft = requests_["draft"]
    client = sign_in("clinician")
    response = client.get(hp_url("update", draft))
    assert response.status_code == 200
    assert 'value="A draft on EEG"' in response.content.decode()
    data = form_data(
        team=team("NEUROLEARN").pk,
        topic="EEG, revised",
        start_date=draft.start_date.isoformat(),
        end_date=draft.end_date.isoformat(),
    )
    assert client.post(hp_url("update", draft), data).status_code == 302
    assert reloaded(draft).topic == "EEG, revised"


def test_a_submitted_request_cannot_be_edited(sign_in, requests_):
    response = sign_in("clinician").get(hp_url("update", requests_["submitted"]))
    assert response.status_code == 409
    assert sign_in("teamlead").get(hp_url("update", requests_["submitted"])).status_code == 403
    assert sign_in("teamlead").get(hp_url("update", requests_["draft"])).status_code == 404


# Exports ------------------------------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


@pytest.mark.parametrize("query", [{"view": "all"}, {"view": "awaiting"}, {"view": "all", "status": "endorsed"}, {}])
@pytest.mark.parametrize("persona", ["teamlead", "depthead2", "ops", "clinician"])
def test_the_csv_export_holds_exactly_the_list(sign_in, requests_, persona, query):
    client = sign_in(persona)
    shown = listed(client.get(hp_url("list"), query))
    response = client.get(hp_url("export"), {**query, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="hostposition-')
    header, *rows = csv_rows(response)
    assert len(header) == 12
    assert [int(row[0]) for row in rows] == shown


def test_the_csv_export_has_the_columns_of_the_spec(sign_in, english, requests_):
    response = sign_in("ops").get(hp_url("export"), {"view": "all", "format": "csv", "status": "endorsed"})
    header, row = csv_rows(response)
    assert header == [
        "ID",
        "Kind",
        "Applicant",
        "Applicant's unit",
        "Host unit",
        "Time share (%)",
        "Start",
        "End",
        "Status",
        "Awaiting",
        "Submitted at",
        "Call",
    ]
    position = requests_["endorsed"]
    assert row[:10] == [
        str(position.pk),
        "host position",
        "Cyril Clinicien",
        "Neuroradiologie (PSL)",
        "CARDIOSIM",
        "20",
        position.start_date.isoformat(),
        position.end_date.isoformat(),
        "endorsed",
        "Claire Directrice, Olivier Opérations",
    ]
    assert row[10].startswith(today().isoformat()[:4])


def test_the_xlsx_export_holds_the_same_rows_with_typed_cells(sign_in, requests_):
    client = sign_in("ops")
    shown = listed(client.get(hp_url("list"), {"view": "all"}))
    response = client.get(hp_url("export"), {"view": "all", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.values)
    assert len(header) == 12
    assert [row[0] for row in rows] == shown
    first = Position.objects.get(pk=rows[0][0])
    assert rows[0][5] == first.time_share
    assert rows[0][6].date() == first.start_date


def test_an_export_never_runs_a_name_as_a_formula(sign_in, personas, requests_):
    User.objects.filter(username="clinician").update(first_name="=HYPERLINK(1)")
    client = sign_in("ops")
    _header, *rows = csv_rows(client.get(hp_url("export"), {"view": "all", "format": "csv"}))
    assert "'=HYPERLINK(1) Clinicienne" in [row[2] for row in rows]
    sheet = load_workbook(io.BytesIO(client.get(hp_url("export"), {"view": "all", "format": "xlsx"}).content)).active
    assert "'=HYPERLINK(1) Clinicienne" in [row[2] for row in sheet.values]


def test_an_unknown_export_format_answers_400(sign_in, requests_):
    assert sign_in("ops").get(hp_url("export"), {"format": "pdf"}).status_code == 400


def test_a_partner_s_export_is_empty(sign_in, requests_):
    _header, *rows = csv_rows(sign_in("partner").get(hp_url("export"), {"view": "all", "format": "csv"}))
    assert rows == []


# Dashboard ------------------------------------------------------------------------------


def test_dashboard_shows_what_awaits_me_oldest_first(sign_in, personas, requests_):
    Position.objects.filter(pk=requests_["secondment"].pk).update(waiting_since=timezone.now() - timedelta(days=9))
    response = sign_in("teamlead").get(reverse("home"))
    assert (response.context["awaiting_count"].count, response.context["awaiting_count"].capped) == (2, False)
    assert [p.pk for p, _age in response.context["awaiting"]] == [requests_["secondment"].pk, requests_["submitted"].pk]
    assert response.context["awaiting"][0][1].days == 9


def test_dashboard_shows_my_latest_requests(sign_in, requests_):
    response = sign_in("clinician").get(reverse("home"))
    assert [p.pk for p in response.context["my_requests"]] == [requests_["draft"].pk, requests_["submitted"].pk]
    assert response.context["awaiting_count"].count == 0
    html = response.content.decode()
    assert requests_["draft"].get_absolute_url() in html


def test_dashboard_has_no_request_card_for_a_partner(sign_in, requests_):
    response = sign_in("partner").get(reverse("home"))
    assert "awaiting_count" not in response.context
    assert reverse("people:hostposition-list") not in response.content.decode()


# Delegations ------------------------------------------------------------------------------


def test_an_approver_delegates_from_the_page(sign_in, personas):
    client = sign_in("depthead")
    data = {"delegate": personas["clinician"].pk, "starts_on": today().isoformat(), "ends_on": today().isoformat()}
    response = client.post(reverse("people:delegation-list"), data)
    assert response.status_code == 302
    delegation = Delegation.objects.get()
    assert (delegation.delegator, delegation.delegate) == (personas["depthead"], personas["clinician"])
    page = client.get(reverse("people:delegation-list"))
    assert page.context["given"] == [delegation]


def test_a_delegation_in_the_past_is_refused_next_to_its_field(sign_in, english, personas):
    yesterday = (today() - timedelta(days=1)).isoformat()
    data = {"delegate": personas["clinician"].pk, "starts_on": yesterday, "ends_on": yesterday}
    response = sign_in("depthead").post(reverse("people:delegation-list"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["ends_on"] == ["This delegation would already be over."]


def test_a_partner_is_not_offered_as_a_delegate(sign_in, personas):
    form = sign_in("depthead").get(reverse("people:delegation-list")).context["form"]
    offered = set(form.fields["delegate"].queryset.values_list("username", flat=True))
    assert "partner" not in offered and "depthead" not in offered and "clinician" in offered


def test_someone_who_approves_nothing_cannot_delegate(sign_in, english, personas):
    client = sign_in("clinician")
    response = client.get(reverse("people:delegation-list"))
    assert not response.context["may_delegate"]
    data = {"delegate": personas["clinician2"].pk, "starts_on": today().isoformat(), "ends_on": today().isoformat()}
    response = client.post(reverse("people:delegation-list"), data)
    assert response.status_code == 400
    assert "Only someone who approves requests can delegate." in response.content.decode()
    assert not Delegation.objects.exists()


def test_operations_delegate_for_an_absent_head_of_department(sign_in, personas):
    client = sign_in("ops")
    data = {
        "delegator": personas["depthead"].pk,
        "delegate": personas["clinician"].pk,
        "starts_on": today().isoformat(),
        "ends_on": today().isoformat(),
    }
    assert client.post(reverse("people:delegation-list"), data).status_code == 302
    delegation = Delegation.objects.get()
    assert (delegation.delegator, delegation.delegate) == (personas["depthead"], personas["clinician"])
    assert client.get(reverse("people:delegation-list")).context["others"].object_list[0] == delegation


def test_only_operations_are_offered_someone_to_delegate_for_and_only_approvers(sign_in, personas):
    assert "delegator" not in sign_in("depthead").get(reverse("people:delegation-list")).context["form"].fields
    field = sign_in("ops").get(reverse("people:delegation-list")).context["form"].fields["delegator"]
    offered = set(field.queryset.values_list("username", flat=True))
    assert {"depthead", "teamlead", "director"} <= offered
    assert "clinician" not in offered and "partner" not in offered


def test_the_lab_s_other_delegations_come_a_page_at_a_time(sign_in, personas, monkeypatch):
    from people.views import delegations

    monkeypatch.setattr(delegations, "OTHERS_PAGE_SIZE", 2)
    for delegate in ("clinician", "clinician2", "researcher"):
        services.delegation_create(
            delegator=personas["depthead"],
            delegate=personas[delegate],
            starts_on=today(),
            ends_on=today(),
            by=personas["depthead"],
        )
    others = sign_in("director").get(reverse("people:delegation-list")).context["others"]
    assert (others.paginator.count, len(others.object_list), others.has_next()) == (3, 2, True)
    assert len(sign_in("director").get(reverse("people:delegation-list"), {"page": 2}).context["others"]) == 1


def test_the_delegate_sees_it_received_and_may_not_end_it(sign_in, personas):
    delegation = services.delegation_create(
        delegator=personas["teamlead"],
        delegate=personas["researcher"],
        starts_on=today(),
        ends_on=today() + timedelta(days=3),
        by=personas["teamlead"],
    )
    client = sign_in("researcher")
    assert client.get(reverse("people:delegation-list")).context["received"] == [delegation]
    assert client.post(reverse("people:delegation-end", args=[delegation.pk])).status_code == 403
    assert sign_in("teamlead2").post(reverse("people:delegation-end", args=[delegation.pk])).status_code == 404
    assert sign_in("teamlead").post(reverse("people:delegation-end", args=[delegation.pk])).status_code == 302
    assert not Delegation.objects.filter(pk=delegation.pk, ends_on__gte=today()).exists()


# Calls and chairs ------------------------------------------------------------------------------


def test_a_call_lists_only_the_requests_one_sees(sign_in, personas):
    call = Call.objects.create(
        title="2027", opens_on=today() - timedelta(days=1), closes_on=today() + timedelta(days=30)
    )
    mine = submit(host(personas["clinician"], "CARDIOSIM", share=10, call=call))
    other = submit(host(personas["clinician2"], "NEUROLEARN", share=10, call=call))
    url = reverse("people:call-detail", args=[call.pk])
    assert listed(sign_in("clinician").get(url)) == [mine.pk]
    assert set(listed(sign_in("ops").get(url))) == {mine.pk, other.pk}
    assert listed(sign_in("teamlead2").get(url)) == [other.pk]
    assert sign_in("partner").get(url).status_code == 404
    assert call.title in sign_in("clinician").get(reverse("people:call-list")).content.decode()


def test_chairs_are_shown_to_staff_and_to_a_partner_only_their_own(sign_in, personas):
    chair = Chair.objects.create(
        title="AI and cardiac imaging",
        start_date=today(),
        end_date=today() + timedelta(days=900),
        co_funders=["Inria", "AP-HP"],
    )
    chair.holders.set([personas["teamlead"]])
    client = sign_in("clinician")
    assert chair.title in client.get(reverse("people:chair-list")).content.decode()
    response = client.get(reverse("people:chair-detail", args=[chair.pk]))
    assert "Théo Chef-Équipe" in response.content.decode()
    assert "Inria, AP-HP" in response.content.decode()
    assert sign_in("partner").get(reverse("people:chair-detail", args=[chair.pk])).status_code == 404


# Query counts ------------------------------------------------------------------------------

SIZES = [5, 50]


def add_everything(count: int, personas: dict[str, User]) -> Call:
    """``count`` requests of both kinds in every state, each applicant, unit and
    head its own (so that a missing ``select_related`` shows as one query per
    row), all seen by teamlead (CARDIOSIM) and answering one call; and
    ``count`` calls, chairs and delegations of teamlead."""
    call = Call.objects.create(
        title="Campaign", opens_on=today() - timedelta(days=1), closes_on=today() + timedelta(days=60)
    )
    cardiosim = team("CARDIOSIM")
    for n in range(count):
        head = UserFactory(institution=Institution.APHP)
        unit = DepartmentFactory(head=head)
        if n % 2:
            position = host(
                UserFactory(institution=Institution.APHP, department=unit), "CARDIOSIM", share=10, call=call
            )
        else:
            position = services.position_create(
                kind="secondment",
                applicant=UserFactory(team=cardiosim),
                department=unit,
                time_share=10,
                start_date=today() + timedelta(days=10),
                end_date=today() + timedelta(days=100),
                topic=f"Topic {n}",
                call=call,
            )
        # Endorsed, submitted or draft by pairs, so that even 5 hold both kinds endorsed;
        # some submitted ones rejected.
        state = (n // 2) % 3
        if state < 2:
            position = submit(position)
        if state == 0:
            position = approve(position, head, personas["teamlead"])
        if n % 10 == 9 and position.status == PositionStatus.SUBMITTED:
            reject(position, personas["teamlead"])
        Call.objects.create(title=f"Call {n}", opens_on=today(), closes_on=today() + timedelta(days=n))
        chair = Chair.objects.create(title=f"Chair {n}", start_date=today(), end_date=today() + timedelta(days=900))
        chair.holders.set([head, UserFactory()])
        # Straight to the table: the page only reads them.
        Delegation.objects.create(
            delegator=personas["teamlead"],
            delegate=UserFactory(),
            starts_on=today(),
            ends_on=today() + timedelta(days=n),
        )
    return call


# The queries every signed-in page makes: the session (1), the signed-in user with
# their roles and model permissions (2) and, at the end, the session saved again
# with its idle expiry renewed (3, one UPDATE); the base template's admin link reads
# the model permissions read with the user (0).
SESSION = 1 + 1 + 1
ADMIN_LINK = 0
# Approvers(today): direction and operations members and today's delegates, in one UNION.
APPROVERS = 1
# The list's remembered filters (core.filters): read (no filters given) or saved (one statement).
REMEMBERED = 1

PAGES: list[tuple[str, str, dict[str, str], int]] = [
    # + the default tab: is teamlead an approver (leads a team), read with the user
    # + the count and the page of requests, their decisions
    # + the filter form's project-teams and departments
    ("teamlead", "people:hostposition-list", {}, SESSION + ADMIN_LINK + REMEMBERED + APPROVERS + 3 + 2),
    # the tab is given: the same
    ("teamlead", "people:hostposition-list", {"view": "all"}, SESSION + ADMIN_LINK + REMEMBERED + APPROVERS + 3 + 2),
    # a search: its count is read with its page, by a window over its capped matches (core.pagination)
    (
        "teamlead",
        "people:secondment-list",
        {"view": "all", "q": "topic", "status": "submitted"},
        SESSION + ADMIN_LINK + REMEMBERED + APPROVERS + 2 + 2,
    ),
    ("director", "people:hostposition-list", {"q": "cardio"}, SESSION + ADMIN_LINK + REMEMBERED + APPROVERS + 2 + 2),
    ("director", "people:hostposition-list", {"view": "all"}, SESSION + ADMIN_LINK + REMEMBERED + APPROVERS + 3 + 2),
    ("director", "people:secondment-list", {"view": "awaiting"}, SESSION + ADMIN_LINK + REMEMBERED + APPROVERS + 3 + 2),
    # + every request of the tab and their decisions: no count, no form choices;
    # + the read log's row of the export
    ("teamlead", "people:hostposition-export", {"view": "all", "format": "csv"}, SESSION + APPROVERS + 2 + 1),
    ("teamlead", "people:secondment-export", {"view": "all", "format": "xlsx"}, SESSION + APPROVERS + 2 + 1),
    ("director", "people:hostposition-export", {"view": "awaiting", "format": "csv"}, SESSION + APPROVERS + 2 + 1),
    # + (the user's units and roles are read with them) awaiting: Approvers; the 5 oldest
    # awaiting with their count (capped) and my latest requests, in one query; the project
    # cards: my projects with their count (capped), my milestones due soon
    ("teamlead", "home", {}, SESSION + ADMIN_LINK + APPROVERS + 1 + 2),
    # + the count and the page of calls (the navigation's groups are read with the user)
    ("teamlead", "people:call-list", {}, SESSION + ADMIN_LINK + 2),
    # searched: the count read with the page
    ("teamlead", "people:call-list", {"q": "call"}, SESSION + ADMIN_LINK + 1),
    # + the count, the page of chairs and their holders
    ("teamlead", "people:chair-list", {}, SESSION + ADMIN_LINK + 3),
    ("teamlead", "people:chair-list", {"q": "chair"}, SESSION + ADMIN_LINK + 2),
    # + the delegations with both people (the delegate is a search-as-you-type field: no list of staff)
    ("teamlead", "people:delegation-list", {}, SESSION + ADMIN_LINK + 1),
    # + the call, Approvers, the count and the page of its requests, their decisions
    ("teamlead", "people:call-detail", {}, SESSION + ADMIN_LINK + 1 + APPROVERS + 3),
]


@pytest.mark.parametrize("size", SIZES)
def test_list_pages_cost_the_same_for_any_length(sign_in, personas, size):
    """One test per size for every page: writing the requests is the slow part."""
    call = add_everything(size, personas)
    for persona, name, query, expected in PAGES:
        client = sign_in(persona)
        url = reverse(name, args=[call.pk]) if name.endswith("-detail") else reverse(name)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, query)
        assert response.status_code == 200
        assert len(queries) == expected, (persona, name, query, [q["sql"][:120] for q in queries.captured_queries])


# Permission matrix ------------------------------------------------------------------------------
# Every page of this module, for every persona: ``POSITION_PAGES`` (people/tests/matrix.py).


def build_position_world() -> dict[str, int]:
    """The records ``POSITION_PAGES`` names, by their name there."""
    users = seed()
    tomorrow = today() + timedelta(days=1)
    records = {
        "hostposition:submitted": submit(host(users["clinician"], "CARDIOSIM", share=20)).pk,
        "hostposition:draft": host(users["clinician"], "NEUROLEARN", share=10, start=today() + timedelta(days=500)).pk,
        "secondment:submitted": submit(secondment(users["researcher"], "Neuroradiologie", share=20)).pk,
        "delegation": services.delegation_create(
            delegator=users["teamlead"],
            delegate=users["researcher"],
            starts_on=tomorrow,
            ends_on=tomorrow,
            by=users["teamlead"],
        ).pk,
        "call": Call.objects.create(title="Open", opens_on=today(), closes_on=tomorrow).pk,
    }
    chair = Chair.objects.create(title="Chair", start_date=today(), end_date=tomorrow)
    chair.holders.set([users["teamlead"]])
    records["chair"] = chair.pk
    host_request = Position.objects.get(pk=records["hostposition:submitted"])
    second = Position.objects.get(pk=records["secondment:submitted"])
    records["attachment:hostposition"] = services.position_attachment_add(
        position=host_request, by=users["clinician"], file=upload("cv.pdf", PDF_BYTES)
    ).pk
    records["attachment:secondment"] = services.position_attachment_add(
        position=second, by=users["researcher"], file=upload("cv.pdf", PDF_BYTES)
    ).pk
    return records


position_world = world_fixture(build_position_world)


@pytest.fixture
def users(position_world: dict[str, int], db: None) -> dict[str, User]:
    return {user.username: user for user in User.objects.filter(username__in=PERSONAS)}


@pytest.mark.parametrize("case", matrix(POSITION_PAGES))
def test_permission_matrix(client: Client, position_world: dict[str, int], users: dict[str, User], case: Check) -> None:
    def lookup(name: str) -> Any:
        kind, _sep, key = name.partition(":")
        if kind == "team":
            return team(key).pk
        if kind == "department":
            return department(key).pk
        if kind == "user":
            return users[key].pk
        return position_world[name]

    check_case(client, case, users.get(case.persona), lookup)


def test_delegate_of_an_applicant_heading_the_unit_does_not_see_their_request(client, personas):
    """teamlead leads CARDIOSIM and asks for a secondment: the team step goes
    to direction (nobody decides their own request). teamlead's delegate is no
    approver of it, so does not see it (404), in the list or by its URL."""
    services.delegation_create(
        delegator=personas["teamlead"],
        delegate=personas["researcher"],
        starts_on=today(),
        ends_on=today() + timedelta(days=10),
        by=personas["teamlead"],
    )
    position = submit(secondment(personas["teamlead"]))
    client.force_login(personas["researcher"])
    assert client.get(reverse("people:secondment-detail", args=[position.pk])).status_code == 404
    assert client.get(reverse("api:secondment-detail", args=[position.pk])).status_code == 404
    listed = client.get(reverse("api:secondment-list"))
    assert position.pk not in [row["id"] for row in listed.json()["results"]]
    # The host department's head still sees it, and direction by role.
    client.force_login(personas["depthead2"])
    assert client.get(reverse("people:secondment-detail", args=[position.pk])).status_code == 200


# Context for the approver ------------------------------------------------------------------


def test_the_page_says_why_direction_decides_a_unit_s_step(sign_in, english, personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    position.team.__class__.objects.filter(pk=position.team_id).update(leader=None)
    page = sign_in("director").get(reverse("people:hostposition-detail", args=[position.pk])).content.decode()
    assert "The project-team has no leader. The lab’s direction decides this step." in page
    # A step its unit's head decides says nothing more.
    assert "The department has no head." not in page


def test_the_page_says_when_the_applicant_heads_the_unit(sign_in, english, personas):
    position = submit(host(personas["depthead"], "NEUROLEARN"))
    assert position.department.head_id == personas["depthead"].pk
    page = sign_in("director").get(reverse("people:hostposition-detail", args=[position.pk])).content.decode()
    assert "The applicant heads this department. The lab’s direction decides this step." in page
