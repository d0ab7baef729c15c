"""The transfer pages: what each persona finds on the board, in the list, its
search and exports, on an innovation's page and in the key figures; moving
cards through the pipeline; forms that keep what was typed; input that answers
400 or a form error, never 500."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from people.models import Hospital, User
from transfer import services
from transfer.models import Innovation, Stage
from transfer.tests.scenario import SEES, Scenario

BOARD = reverse("transfer:board")
LIST = reverse("transfer:innovation-list")
EXPORT = reverse("transfer:innovation-export")
FIGURES = reverse("transfer:figures")
FIGURES_EXPORT = reverse("transfer:figures-export")
ALL = ["Innovation hidden", "Innovation orphan", "Innovation public", "Innovation secret"]


@pytest.fixture
def english(personas: dict[str, User]) -> None:
    User.objects.filter(pk__in=[user.pk for user in personas.values()]).update(language="en")


def on_board(response) -> list[str]:
    return sorted(card.innovation.title for column in response.context["columns"] for card in column.cards)


def listed(response) -> list[str]:
    return [innovation.title for innovation in response.context["page"]]


def exported(response) -> list[str]:
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return [row[1] for row in rows[1:]]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def detail(innovation: Innovation) -> str:
    return reverse("transfer:innovation-detail", args=[innovation.pk])


def move(innovation: Innovation) -> str:
    return reverse("transfer:innovation-move", args=[innovation.pk])


# Who sees what, on every page ----------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["director", "transfer", "teamlead", "researcher", "clinician2", "partner", "depthead"]
)
def test_the_board_the_list_and_the_export_hold_what_the_persona_sees(sign_in, scenario, persona):
    expected = sorted(f"Innovation {key}" for key in SEES if persona in SEES[key])
    client = sign_in(persona)
    assert on_board(client.get(BOARD)) == expected
    assert listed(client.get(LIST)) == expected
    assert exported(client.get(EXPORT, {"format": "csv"})) == expected


def test_clinician2_finds_no_trace_of_a_confidential_innovation(sign_in, scenario):
    client = sign_in("clinician2")
    hidden, secret = scenario.innovations["hidden"], scenario.innovations["secret"]
    for query in ({}, {"q": "hidden"}, {"q": "innovation"}, {"confidential": "yes"}, {"stage": "identified"}):
        for url in (BOARD, LIST):
            html = client.get(url, query).content.decode()
            assert "Innovation hidden" not in html and "Innovation secret" not in html, (url, query)
            assert detail(hidden) not in html and detail(secret) not in html, (url, query)
        assert exported(client.get(EXPORT, {"format": "csv", **query})) in ([], ["Innovation public"]), query
    assert client.get(detail(hidden)).status_code == 404
    assert client.get(detail(secret)).status_code == 404
    project_page = client.get(scenario.projects["open"].get_absolute_url()).content.decode()
    assert "Innovation public" in project_page
    assert "Innovation hidden" not in project_page
    agreements = client.get(reverse("transfer:agreement-list")).content.decode()
    assert "AGR-PUBLIC" in agreements and "AGR-HIDDEN" not in agreements and "AGR-SECRET" not in agreements
    assert client.get(FIGURES).status_code == 403


def test_a_partner_sees_only_the_innovation_it_is_party_to(sign_in, personas, scenario):
    # A competitor's agreement on the same innovation stays out of the partner's sight, history included.
    services.agreement_create(
        by=personas["transfer"],
        kind="nda",
        partner=scenario.companies["other"],
        innovation=scenario.innovations["public"],
        signed_on=timezone.localdate(),
        reference="AGR-COMPETITOR",
    )
    client = sign_in("partner")
    assert on_board(client.get(BOARD)) == ["Innovation public"]
    assert exported(client.get(EXPORT, {"format": "csv", "q": "innovation"})) == ["Innovation public"]
    page = client.get(detail(scenario.innovations["public"])).content.decode()
    assert "AGR-PUBLIC" in page
    assert "AGR-COMPETITOR" not in page and "Other Medical" not in page
    agreements = [a.reference for a in client.get(reverse("transfer:agreement-list")).context["page"]]
    assert agreements == ["AGR-PUBLIC"]
    partners = [p.name for p in client.get(reverse("transfer:partner-list")).context["page"]]
    assert partners == [personas["partner"].company.name]
    assert client.get(detail(scenario.innovations["hidden"])).status_code == 404
    assert client.get(reverse("transfer:partner-detail", args=[scenario.companies["other"].pk])).status_code == 404


def test_the_project_of_an_innovation_is_named_only_to_who_sees_it(sign_in, scenario):
    secret = scenario.innovations["secret"]
    project_url = scenario.projects["secret"].get_absolute_url()
    client = sign_in("transfer")  # sees every innovation, not the confidential project
    html = client.get(detail(secret)).content.decode()
    assert project_url not in html
    assert "Project:" not in html  # the history leaves it out too
    assert "SECRET" not in on_board_html(client)
    assert exported(client.get(EXPORT, {"format": "csv"})) == ALL
    rows = csv_rows(client.get(EXPORT, {"format": "csv", "q": "secret"}))
    assert rows[1][6] == ""
    assert project_url in sign_in("researcher").get(detail(secret)).content.decode()


@pytest.mark.parametrize(
    ("persona", "named", "unnamed"),
    [
        ("director", {"OPEN", "SECRET"}, set()),
        ("transfer", {"OPEN"}, {"SECRET"}),  # sees the innovation, not its confidential project
        ("researcher", {"SECRET"}, {"OPEN"}),  # a member of SECRET; sees only its innovation
    ],
)
def test_the_list_and_the_board_name_each_project_as_the_project_list_would(sign_in, scenario, persona, named, unnamed):
    """Direction's rule is empty (every project): read from the row, not a subquery."""
    client = sign_in(persona)
    listed = client.get(LIST).content.decode()
    for html in (listed, on_board_html(client)):
        assert all(acronym in html for acronym in named)
        assert not any(acronym in html for acronym in unnamed)
    assert (scenario.projects["secret"].get_absolute_url() in listed) is ("SECRET" in named)
    if persona != "researcher":  # the innovation without a project names none
        orphan = scenario.innovations["orphan"].get_absolute_url()
        row = listed[listed.index(orphan) :].split("</tr>", 1)[0]
        assert '<span class="muted">—</span>' in row


def on_board_html(client: Client) -> str:
    return client.get(BOARD).content.decode()


# Search, filters, pages and files ------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "secret"}, ["Innovation secret"]),
        ({"q": "innovations"}, ALL),  # English stemming
        ({"q": "nothing-matches"}, []),
        ({"confidential": "yes"}, ["Innovation hidden", "Innovation secret"]),
        ({"confidential": "no"}, ["Innovation orphan", "Innovation public"]),
        ({"stage": "identified"}, ALL),
        ({"stage": "transferred"}, []),
        ({"kind": "patent"}, []),
        ({"route": "licence"}, ALL),
    ],
)
def test_search_and_filters_narrow_the_list_and_the_export(sign_in, scenario, query, expected):
    client = sign_in("ops")
    # Which innovations; a search's order, best first, is test_search.py's.
    assert sorted(listed(client.get(LIST, query))) == expected
    assert sorted(exported(client.get(EXPORT, {"format": "csv", **query}))) == expected


def test_filters_by_partner_and_project(sign_in, scenario):
    client = sign_in("ops")
    partner = scenario.companies["partner"].pk
    assert listed(client.get(LIST, {"partner": partner})) == ["Innovation hidden", "Innovation public"]
    assert listed(client.get(LIST, {"project": scenario.projects["secret"].pk})) == ["Innovation secret"]
    assert on_board(client.get(BOARD, {"project": scenario.projects["open"].pk})) == [
        "Innovation hidden",
        "Innovation public",
    ]


def test_an_invalid_filter_is_shown_and_ignored(sign_in, scenario):
    response = sign_in("ops").get(LIST, {"stage": "sideways", "project": "abc", "partner": "-1", "q": "x" * 500})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"stage", "project", "partner", "q"}
    assert listed(response) == ALL


def test_a_filter_on_a_project_one_does_not_see_is_ignored(sign_in, scenario):
    response = sign_in("clinician2").get(LIST, {"project": scenario.projects["secret"].pk})
    assert response.context["form"].errors["project"]
    assert listed(response) == ["Innovation public"]


def test_the_list_is_paginated(sign_in, personas):
    for n in range(27):
        services.innovation_create(by=personas["transfer"], title=f"Bulk {n:02}")
    client = sign_in("transfer")
    assert len(listed(client.get(LIST))) == 25
    assert len(listed(client.get(LIST, {"page": 2}))) == 2
    assert len(exported(client.get(EXPORT, {"format": "csv"}))) == 27


def test_the_xlsx_export_holds_the_same_rows(sign_in, scenario):
    response = sign_in("researcher").get(EXPORT, {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Innovation secret"]


def test_an_export_runs_no_formula_and_survives_control_characters(sign_in, personas):
    services.innovation_create(by=personas["transfer"], title='=HYPERLINK("http://x")', description="bell\x07")
    services.innovation_create(by=personas["transfer"], title="Tab\x0bbed")
    client = sign_in("transfer")
    assert exported(client.get(EXPORT, {"format": "csv"}))[0] == '\'=HYPERLINK("http://x")'
    response = client.get(EXPORT, {"format": "xlsx"})
    assert response.status_code == 200
    titles = [
        row[1] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)
    ]
    assert "Tabbed" in titles


def test_an_unknown_export_format_answers_400(sign_in, scenario):
    assert sign_in("ops").get(EXPORT, {"format": "pdf"}).status_code == 400


@pytest.mark.parametrize("query", [{"q": "\x00"}, {"q": "a\x00b"}, {"q": "'; drop table"}, {"q": "!!! & |"}])
def test_a_strange_search_never_fails(sign_in, scenario, query):
    client = sign_in("ops")
    for url in (BOARD, LIST, EXPORT, reverse("transfer:partner-list")):
        assert client.get(url, query).status_code == 200, url


# An innovation's page ----------------------------------------------------------------------


def test_the_transfer_office_gets_every_action_on_an_innovation(sign_in, english, scenario):
    secret = scenario.innovations["secret"]
    html = sign_in("transfer").get(detail(secret)).content.decode()
    for url in (
        reverse("transfer:innovation-update", args=[secret.pk]),
        reverse("transfer:agreement-create", args=[secret.pk]),
        reverse("transfer:deployment-create", args=[secret.pk]),
        reverse("transfer:deployment-update", args=[scenario.deployment.pk]),
        move(secret),
    ):
        assert url in html
    assert "AGR-SECRET" in html and "ORBIS" in html
    assert "recorded it" in html and "added an agreement" in html and "added a deployment" in html


def test_who_only_sees_an_innovation_gets_no_action(sign_in, english, scenario):
    secret = scenario.innovations["secret"]
    html = sign_in("researcher").get(detail(secret)).content.decode()
    assert "AGR-SECRET" in html and "ORBIS" in html
    assert reverse("transfer:innovation-update", args=[secret.pk]) not in html
    assert move(secret) not in html
    assert 'name="to"' not in sign_in("researcher").get(BOARD).content.decode()


def test_owners_are_named_to_who_may_see_them(sign_in, personas, scenario):
    public = scenario.innovations["public"]
    services.innovation_update(innovation=public, by=personas["transfer"], owners=[personas["teamlead2"]])
    assert "Cheffe-Équipe" in sign_in("clinician2").get(detail(public)).content.decode()
    # A partner sees only the people they share a project with (the directory's rule).
    html = sign_in("partner").get(detail(public)).content.decode()
    assert "Cheffe-Équipe" not in html and "teamlead2" not in html


# Moving cards ----------------------------------------------------------------------------------


def test_a_card_moves_forward_from_the_board(sign_in, english, scenario):
    public = scenario.innovations["public"]
    client = sign_in("transfer")
    response = client.post(
        move(public), {"to": "evaluating", "expected": "identified", "next": BOARD + "?kind=software"}
    )
    assert response.status_code == 302
    assert response["Location"] == BOARD + "?kind=software"
    public.refresh_from_db()
    assert public.stage == Stage.EVALUATING
    board = client.get(BOARD)
    assert "Innovation public” is now evaluating" in board.content.decode()
    evaluating = next(column for column in board.context["columns"] if column.stage == "evaluating")
    assert evaluating.count == 1
    assert "moved it to another stage" in client.get(detail(public)).content.decode()


def test_going_back_without_a_reason_is_refused_and_moves_nothing(sign_in, english, personas, scenario):
    public = scenario.innovations["public"]
    services.innovation_move(innovation=public, by=personas["transfer"], to="protecting")
    response = sign_in("transfer").post(move(public), {"to": "identified", "expected": "protecting", "next": BOARD})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Going back in the pipeline is a reopening: give a reason." in html
    assert 'value="identified" selected' in html  # what was chosen is kept
    public.refresh_from_db()
    assert public.stage == Stage.PROTECTING


def test_going_back_with_a_reason_reopens_with_history(sign_in, english, personas, scenario):
    public = scenario.innovations["public"]
    services.innovation_move(innovation=public, by=personas["transfer"], to="transferred")
    client = sign_in("transfer")
    response = client.post(
        move(public), {"to": "evaluating", "expected": "transferred", "reason": "The licensee withdrew.", "next": BOARD}
    )
    assert response.status_code == 302
    public.refresh_from_db()
    assert (public.stage, public.transferred_on) == (Stage.EVALUATING, None)
    html = client.get(detail(public)).content.decode()
    assert "reopened it (moved it back)" in html
    assert "The licensee withdrew." in html
    assert "Stage: Transferred → Evaluating" in html


def test_abandoning_needs_a_reason(sign_in, english, scenario):
    orphan = scenario.innovations["orphan"]
    client = sign_in("transfer")
    response = client.post(move(orphan), {"to": "abandoned", "expected": "identified"})
    assert response.status_code == 400
    assert "Say why this innovation is abandoned." in response.content.decode()
    assert (
        client.post(move(orphan), {"to": "abandoned", "expected": "identified", "reason": "No market."}).status_code
        == 302
    )
    orphan.refresh_from_db()
    assert orphan.stage == Stage.ABANDONED


def test_a_card_someone_moved_meanwhile_answers_a_conflict(sign_in, english, personas, scenario):
    public = scenario.innovations["public"]
    services.innovation_move(innovation=public, by=personas["transfer"], to="evaluating")
    client = sign_in("transfer")
    response = client.post(move(public), {"to": "protecting", "expected": "identified", "next": BOARD}, follow=True)
    assert response.redirect_chain == [(BOARD, 302)]
    assert "has moved to “evaluating” meanwhile" in response.content.decode()
    public.refresh_from_db()
    assert public.stage == Stage.EVALUATING


def test_two_moves_to_the_same_stage_answer_a_conflict_not_a_form_error(sign_in, english, personas, scenario):
    public = scenario.innovations["public"]
    services.innovation_move(innovation=public, by=personas["transfer"], to="evaluating")
    response = sign_in("transfer").post(move(public), {"to": "evaluating", "expected": "identified"}, follow=True)
    assert response.status_code == 200
    assert "meanwhile" in response.content.decode()


@pytest.mark.parametrize(
    "body",
    [
        {"to": "sideways", "expected": "identified"},
        {"to": "evaluating", "expected": "nowhere"},
        {"to": "evaluating"},
        {"to": "", "expected": ""},
        {"to": "evaluating", "expected": "identified", "reason": "x" * 5000},
        {"to": "evaluating\x00", "expected": "identified"},
    ],
)
def test_a_malformed_move_answers_400_and_moves_nothing(sign_in, scenario, body):
    public = scenario.innovations["public"]
    assert sign_in("transfer").post(move(public), body).status_code == 400
    public.refresh_from_db()
    assert public.stage == Stage.IDENTIFIED


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/transfer/", "javascript:alert(1)"])
def test_a_move_never_sends_to_another_site(sign_in, scenario, target):
    response = sign_in("transfer").post(
        move(scenario.innovations["public"]), {"to": "evaluating", "expected": "identified", "next": target}
    )
    assert response["Location"] == BOARD


def test_the_move_page_works_without_the_board(sign_in, english, scenario):
    orphan = scenario.innovations["orphan"]
    client = sign_in("transfer")
    page = client.get(move(orphan)).content.decode()
    assert 'name="to"' in page and 'value="evaluating" selected' in page
    response = client.post(
        move(orphan), {"to": "evaluating", "expected": "identified", "next": orphan.get_absolute_url()}
    )
    assert response["Location"] == orphan.get_absolute_url()


# Forms ---------------------------------------------------------------------------------------


def test_a_new_innovation_is_confidential_by_default(sign_in, english, scenario):
    response = sign_in("transfer").get(reverse("transfer:innovation-create"))
    field = response.context["form"]["confidential"]
    assert field.value() is True
    assert re.search(r'<input type="checkbox" name="confidential"[^>]*checked', response.content.decode())


def test_the_innovation_form_offers_the_projects_the_officer_sees_and_active_staff(sign_in, personas, scenario):
    personas["researcher"].is_active = False
    personas["researcher"].save()
    form = sign_in("transfer").get(reverse("transfer:innovation-create")).context["form"]
    # SECRET is confidential and the transfer officer is not in it (SPEC §3).
    projects = set(form.fields["project"].queryset.values_list("acronym", flat=True))
    assert "OPEN" in projects and "SECRET" not in projects
    owners = set(form.fields["owners"].queryset.values_list("username", flat=True))
    assert "teamlead" in owners and "partner" not in owners and "researcher" not in owners


def test_editing_keeps_a_confidential_project_the_officer_does_not_see_without_naming_it(sign_in, english, scenario):
    secret = scenario.innovations["secret"]  # linked to SECRET, which the transfer officer is not in
    client = sign_in("transfer")
    page = client.get(reverse("transfer:innovation-update", args=[secret.pk]))
    html = page.content.decode()
    assert "A confidential project you are not in" in html
    assert "SECRET" not in html.replace("Innovation secret", "").replace("The secret innovation.", "")
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if name != "owners"}
    data |= {"project": secret.project_id, "confidential": "on"}
    assert client.post(reverse("transfer:innovation-update", args=[secret.pk]), data).status_code == 302
    secret.refresh_from_db()
    assert secret.project_id == scenario.projects["secret"].pk


def test_recording_an_innovation(sign_in, english, personas, scenario):
    client = sign_in("transfer")
    response = client.post(
        reverse("transfer:innovation-create"),
        {
            "title": "Ventilation weaning assistant",
            "kind": "device",
            "readiness_level": "6",
            "stage": "protecting",
            "route": "startup",
            "project": scenario.projects["open"].pk,
            "owners": [personas["teamlead"].pk, personas["clinician2"].pk],
        },
    )
    innovation = Innovation.objects.get(title="Ventilation weaning assistant")
    assert response["Location"] == innovation.get_absolute_url()
    assert innovation.confidential is False  # the box was left unticked
    assert (innovation.stage, innovation.readiness_level, innovation.project) == (
        "protecting",
        6,
        scenario.projects["open"],
    )
    assert set(innovation.owners.values_list("username", flat=True)) == {"teamlead", "clinician2"}
    html = client.get(innovation.get_absolute_url()).content.decode()
    assert "recorded it" in html


def test_the_project_page_link_presets_the_project(sign_in, scenario):
    project = scenario.projects["open"]
    url = reverse("transfer:innovation-create") + f"?project={project.pk}"
    form = sign_in("transfer").get(url).context["form"]
    assert str(form["project"].value()) == str(project.pk)
    assert sign_in("transfer").get(reverse("transfer:innovation-create") + "?project=abc").status_code == 200


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"readiness_level": "12"}, "readiness_level"),
        ({"readiness_level": "0"}, "readiness_level"),
        ({"readiness_level": "high"}, "readiness_level"),
        ({"kind": "spaceship"}, "kind"),
        ({"stage": "sideways"}, "stage"),
        ({"project": "abc"}, "project"),
        ({"project": "999999"}, "project"),
        ({"owners": ["abc"]}, "owners"),
        ({"title": ""}, "title"),
        ({"title": "Nul\x00byte"}, "title"),
        ({"title": "x" * 201}, "title"),
    ],
)
def test_a_bad_innovation_is_refused_and_what_was_typed_kept(sign_in, english, personas, change, field):
    body = {
        "title": "Typed title",
        "description": "Typed description",
        "kind": "software",
        "readiness_level": "3",
        "stage": "identified",
        "route": "licence",
        **change,
    }
    response = sign_in("transfer").post(reverse("transfer:innovation-create"), body)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert "Typed description" in html
    assert not Innovation.objects.exists()


def test_editing_writes_the_history(sign_in, english, scenario):
    orphan = scenario.innovations["orphan"]
    url = reverse("transfer:innovation-update", args=[orphan.pk])
    client = sign_in("transfer")
    form = client.get(url).context["form"]
    assert "stage" not in form.fields  # the stage moves on the board
    response = client.post(
        url, {"title": "Orphan, renamed", "kind": "patent", "readiness_level": "7", "route": "startup"}
    )
    assert response.status_code == 302
    orphan.refresh_from_db()
    assert (orphan.title, orphan.kind, orphan.readiness_level, orphan.confidential) == (
        "Orphan, renamed",
        "patent",
        7,
        False,
    )
    html = client.get(detail(orphan)).content.decode()
    assert "changed it" in html and "Software → Patent" in html


def test_an_agreement_expiring_before_it_is_signed_is_refused(sign_in, english, scenario):
    innovation = scenario.innovations["public"]
    today = timezone.localdate()
    response = sign_in("transfer").post(
        reverse("transfer:agreement-create", args=[innovation.pk]),
        {
            "kind": "licence",
            "partner": scenario.companies["other"].pk,
            "reference": "Typed-REF",
            "signed_on": today.isoformat(),
            "expires_on": (today - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "An agreement expires after it is signed." in html
    assert 'value="Typed-REF"' in html
    assert not innovation.agreements.filter(reference="Typed-REF").exists()


@pytest.mark.parametrize(
    "change",
    [{"partner": "abc"}, {"partner": ""}, {"signed_on": "yesterday"}, {"kind": "marriage"}, {"reference": "\x00"}],
)
def test_a_bad_agreement_answers_a_form_error(sign_in, scenario, change):
    body = {
        "kind": "nda",
        "partner": scenario.companies["other"].pk,
        "reference": "REF",
        "signed_on": "2025-01-01",
        **change,
    }
    url = reverse("transfer:agreement-create", args=[scenario.innovations["public"].pk])
    assert sign_in("transfer").post(url, body).status_code == 400


def test_editing_an_agreement(sign_in, english, scenario):
    agreement = scenario.agreements["orphan"]
    client = sign_in("transfer")
    response = client.post(
        reverse("transfer:agreement-update", args=[agreement.pk]),
        {
            "kind": "licence",
            "partner": agreement.partner_id,
            "reference": "AGR-ORPHAN-2",
            "signed_on": agreement.signed_on.isoformat(),
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.reference, agreement.kind, agreement.expires_on) == ("AGR-ORPHAN-2", "licence", None)
    html = client.get(agreement.get_absolute_url()).content.decode()
    assert "does not expire" in html and "changed it" in html


def test_a_deployment_names_its_hospital_or_a_department_of_it(sign_in, english, personas, scenario):
    secret = scenario.innovations["secret"]
    url = reverse("transfer:deployment-create", args=[secret.pk])
    client = sign_in("transfer")
    response = client.post(url, {"system_name": "Typed system", "status": "planned"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose a hospital or one of its departments." in html and 'value="Typed system"' in html
    department = personas["depthead"].department
    elsewhere = Hospital.objects.exclude(pk=department.hospital_id).first()
    response = client.post(
        url, {"system_name": "EPIC", "status": "planned", "hospital": elsewhere.pk, "department": department.pk}
    )
    assert response.status_code == 400
    assert "This department belongs to another hospital." in response.content.decode()
    response = client.post(url, {"system_name": "EPIC", "status": "pilot", "department": department.pk})
    assert response.status_code == 302
    assert secret.deployments.get(system_name="EPIC").hospital == department.hospital


def test_editing_a_deployment(sign_in, english, scenario):
    deployment = scenario.deployment
    client = sign_in("transfer")
    response = client.post(
        reverse("transfer:deployment-update", args=[deployment.pk]),
        {"system_name": "ORBIS", "status": "retired", "hospital": deployment.hospital_id, "go_live_on": "2024-05-01"},
    )
    assert response.status_code == 302
    deployment.refresh_from_db()
    assert deployment.status == "retired"
    assert "changed a deployment" in client.get(detail(scenario.innovations["secret"])).content.decode()


def test_a_partner_name_is_unique(sign_in, scenario):
    client = sign_in("transfer")
    response = client.post(reverse("transfer:partner-create"), {"name": "Other Medical"})
    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    response = client.post(reverse("transfer:partner-create"), {"name": "  Cardio Devices  "})
    assert response.status_code == 302


def test_a_partner_page_shows_the_accounts_the_directory_shows_the_viewer(sign_in, personas, scenario):
    """SPEC §3, directory: staff see a partner account only when they share a project with it."""
    url = reverse("transfer:partner-detail", args=[scenario.companies["partner"].pk])
    html = sign_in("teamlead").get(url).content.decode()  # leads OPEN, where partner is a member
    assert "partner@labsite.example" in html
    assert "AGR-PUBLIC" in html and "AGR-HIDDEN" in html
    assert "partner@labsite.example" not in sign_in("transfer").get(url).content.decode()
    assert "partner@labsite.example" in sign_in("ops").get(url).content.decode()


def test_the_agreements_expiring_soon(sign_in, scenario):
    client = sign_in("ops")
    everything = [a.reference for a in client.get(reverse("transfer:agreement-list")).context["page"]]
    assert sorted(everything) == ["AGR-HIDDEN", "AGR-ORPHAN", "AGR-PUBLIC", "AGR-SECRET"]
    soon = [a.reference for a in client.get(reverse("transfer:agreement-list"), {"expiring": "on"}).context["page"]]
    assert soon == ["AGR-PUBLIC"]
    kind = client.get(reverse("transfer:agreement-list"), {"kind": "licence"}).context["page"]
    assert [a.reference for a in kind] == ["AGR-SECRET"]


# Key figures -----------------------------------------------------------------------------------


def test_the_key_figures_count_and_draw_what_the_viewer_sees(sign_in, english, personas, scenario):
    services.innovation_move(innovation=scenario.innovations["orphan"], by=personas["transfer"], to="transferred")
    response = sign_in("ops").get(FIGURES)
    assert response.status_code == 200
    figures = response.context["figures"]
    counts = {stage: count for stage, _label, count in figures.by_stage}
    assert counts == {
        "identified": 3,
        "evaluating": 0,
        "protecting": 0,
        "transferring": 0,
        "transferred": 1,
        "abandoned": 0,
    }
    assert [a.reference for a in figures.expiring] == ["AGR-PUBLIC"]
    assert [(short, total, live) for short, _name, total, live in figures.deployments] == [
        (scenario.deployment.hospital.short_name, 1, 1)
    ]
    html = response.content.decode()
    main = html[html.index('<main id="main"') :]
    assert main.count("<svg") == 4  # the charts (the header's search button draws one more)
    assert 'role="img"' in html and '<title id="chart-stages-title">Innovations by stage</title>' in html
    assert "style=" not in html


def test_chart_geometry_is_written_as_svg_numbers_in_french_too(sign_in, scenario):
    """French writes 170,5 where SVG needs 170.5: the browser would draw nothing."""
    scenario.users["transfer"].language = "fr"
    scenario.users["transfer"].save(update_fields=["language"])
    services.deployment_create(
        by=scenario.users["transfer"],
        innovation=scenario.innovations["orphan"],
        hospital=scenario.deployment.hospital,
        system_name="PACS",
    )
    html = sign_in("transfer").get(FIGURES).content.decode()
    geometry = re.findall(r'\b(?:x|y|width|height|x1|x2|y1|y2)="([^"]*)"', html)
    assert geometry
    assert all(re.fullmatch(r"-?\d+(\.\d+)?%?", value) for value in geometry), sorted(set(geometry))[:10]


@pytest.mark.parametrize("persona", ["teamlead", "researcher", "clinician", "partner"])
def test_the_key_figures_are_for_direction_operations_and_the_transfer_office(sign_in, scenario, persona):
    client = sign_in(persona)
    assert client.get(FIGURES).status_code == 403
    assert client.get(FIGURES_EXPORT, {"figure": "stages"}).status_code == 403
    assert reverse("transfer:figures") not in client.get(reverse("home")).content.decode()


def test_the_key_figures_refusal_says_who_may_see_them(sign_in, english, scenario):
    """Not "your account can see this page": the page says who it is for."""
    for response in (sign_in("clinician").get(FIGURES), sign_in("clinician").get(FIGURES_EXPORT)):
        html = response.content.decode()
        assert response.status_code == 403
        assert "This page is not for your account" in html
        assert "for the lab’s direction, its operations team and its transfer officers" in html
        assert "can see this page" not in html


def test_each_figure_exports_its_data(sign_in, english, personas, scenario):
    services.innovation_move(innovation=scenario.innovations["orphan"], by=personas["transfer"], to="transferred")
    client = sign_in("transfer")
    stages = csv_rows(client.get(FIGURES_EXPORT, {"figure": "stages"}))
    assert stages[0] == ["Stage", "Innovations"]
    assert ["identified", "3"] in stages and ["transferred", "1"] in stages
    transfers = csv_rows(client.get(FIGURES_EXPORT, {"figure": "transfers"}))
    assert transfers[1] == [str(timezone.localdate().year), "Licence to a company", "1"]
    expiring = csv_rows(client.get(FIGURES_EXPORT, {"figure": "expiring"}))
    assert [row[0] for row in expiring[1:]] == ["AGR-PUBLIC"]
    deployments = csv_rows(client.get(FIGURES_EXPORT, {"figure": "deployments"}))
    assert deployments[1][2:] == ["1", "1"]
    assert client.get(FIGURES_EXPORT, {"figure": "stages", "format": "xlsx"}).status_code == 200
    assert client.get(FIGURES_EXPORT, {"figure": "everything"}).status_code == 400
    assert client.get(FIGURES_EXPORT).status_code == 400


def test_the_key_figures_show_empty_states(sign_in, english, personas):
    html = sign_in("director").get(FIGURES).content.decode()
    assert "No innovation transferred yet." in html
    assert "No agreement expires in the next 90 days." in html


# Navigation, the project page, the page's rules ------------------------------------------------------


@pytest.mark.parametrize("persona", ["partner", "clinician2", "transfer"])
def test_everyone_signed_in_finds_the_transfer_board(sign_in, english, persona):
    html = sign_in(persona).get(reverse("home")).content.decode()
    assert f'href="{BOARD}"' in html


def test_key_figures_are_in_the_navigation_of_who_may_read_them(sign_in, english):
    assert f'href="{FIGURES}"' in sign_in("director").get(reverse("home")).content.decode()
    assert f'href="{FIGURES}"' not in sign_in("clinician").get(reverse("home")).content.decode()


def test_a_project_page_lists_the_innovations_its_viewer_sees(sign_in, english, scenario):
    url = scenario.projects["open"].get_absolute_url()
    lead = sign_in("teamlead").get(url).content.decode()
    assert "Innovation public" in lead and "Innovation hidden" in lead
    partner = sign_in("partner").get(url).content.decode()
    assert "Innovation public" in partner and "Innovation hidden" not in partner
    officer = sign_in("transfer").get(url).content.decode()
    assert f"{reverse('transfer:innovation-create')}?project={scenario.projects['open'].pk}" in officer
    member = sign_in("clinician").get(scenario.projects["secret"].get_absolute_url()).content.decode()
    assert "Innovation secret" not in member  # confidential: the project's leads only


def test_the_pages_carry_no_inline_style_or_script(sign_in, english, scenario: Scenario):
    client = sign_in("transfer")
    innovation = scenario.innovations["secret"]
    for url in (
        BOARD,
        LIST,
        FIGURES,
        detail(innovation),
        move(innovation),
        reverse("transfer:innovation-create"),
        reverse("transfer:agreement-list"),
        reverse("transfer:partner-list"),
        scenario.agreements["secret"].get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        assert "style=" not in html, url
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert not re.search(r"<[^>]+\son[a-z]+=", html), url


def test_an_unknown_or_malformed_id_answers_404(sign_in, scenario):
    client = sign_in("transfer")
    for url in (
        "/transfer/innovations/abc/",
        "/transfer/innovations/99999999999999999999/",
        "/transfer/agreements/-1/",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("target", ["abc", "transfer:board", "people:home"])
def test_a_move_back_to_a_bare_word_goes_to_the_board_not_500(
    client: Client, sign_in, personas: dict[str, User], scenario: Scenario, target: str
) -> None:
    """``next`` that is not a path was handed to ``redirect``, which took it for a
    URL pattern's name: NoReverseMatch, a 500 (or a redirect the form never meant)."""
    innovation = scenario.innovations["public"]
    url = reverse("transfer:innovation-move", args=[innovation.pk])
    response = sign_in("transfer").post(
        url, {"to": "evaluating", "expected": "identified", "reason": "", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("transfer:board")
    # A conflict takes the same way back.
    response = client.post(url, {"to": "protecting", "expected": "identified", "reason": "", "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("transfer:board")


def test_an_agreements_history_names_no_innovation_the_viewer_does_not_see(
    client: Client, sign_in, personas: dict[str, User], scenario: Scenario
) -> None:
    """An agreement moved (through the API) from the confidential innovation
    ``hidden`` to ``public``: the partner now sees it, but its history must not
    name the innovation it was on."""
    officer = personas["transfer"]
    agreement = scenario.agreements["hidden"]
    services.agreement_update(agreement=agreement, by=officer, innovation=scenario.innovations["public"])
    url = reverse("transfer:agreement-detail", args=[agreement.pk])
    html = sign_in("partner").get(url).content.decode()
    assert "Innovation public" in html
    assert "Innovation hidden" not in html
    # The transfer office still reads the whole story.
    office = Client()
    office.force_login(officer)
    assert "Innovation hidden" in office.get(url).content.decode()


def test_an_agreements_history_names_no_company_the_viewer_does_not_see(
    client: Client, sign_in, personas: dict[str, User], scenario: Scenario
) -> None:
    """An agreement handed over from another company to the partner's: the
    partner does not learn the name of the company it was with."""
    officer = personas["transfer"]
    agreement = scenario.agreements["orphan"]  # the other company's, on a non-confidential innovation
    assert agreement.partner.name == "Other Medical"
    services.agreement_update(agreement=agreement, by=officer, partner=personas["partner"].company)
    url = reverse("transfer:agreement-detail", args=[agreement.pk])
    response = sign_in("partner").get(url)
    assert response.status_code == 200
    assert "Other Medical" not in response.content.decode()
    assert Innovation.objects.filter(pk=agreement.innovation_id, confidential=False).exists()
