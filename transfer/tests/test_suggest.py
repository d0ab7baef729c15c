"""Search-as-you-type choices (core/suggest.py) on the transfer scenario: the
suggestions of a project, person or partner field hold only what the viewer
sees, ranked and bounded, in the same number of queries whatever the data; a
field sent with an id the viewer cannot see is a form error like an id that
does not exist, never a 500 nor a hint."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.models import Company
from projects import services as project_services
from projects.models import Project
from transfer.models import Innovation

PROJECTS = reverse("projects:project-suggest")
PEOPLE = reverse("people:person-suggest")
PARTNERS = reverse("transfer:partner-suggest")


def labels(client, url: str, **query: str) -> list[str]:
    response = client.get(url, query)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return [result["label"] for result in response.json()["results"]]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("researcher", ["SECRET — Secret oncology"]),
        ("director", ["SECRET — Secret oncology"]),
        ("clinician2", []),
        ("partner", []),
    ],
)
def test_a_confidential_project_is_suggested_to_who_sees_it_only(sign_in, scenario, persona, expected):
    assert labels(sign_in(persona), PROJECTS, q="secr") == expected


def test_a_partner_is_suggested_the_projects_they_are_in(sign_in, scenario):
    client = sign_in("partner")
    assert labels(client, PROJECTS, q="op") == ["OPEN — Open cardiology"]
    assert labels(client, PROJECTS, q="cardio") == ["OPEN — Open cardiology"]


def queries_of(client, url: str, query: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"q": query}).status_code == 200
    return len(queries)


def test_one_letter_suggests_nothing_and_asks_nothing_more(sign_in, scenario):
    client = sign_in("director")
    assert labels(client, PROJECTS, q="o") == []
    # The session, the user and their groups, the session's expiry: what any page asks.
    assert queries_of(client, PROJECTS, "o") == queries_of(client, PROJECTS, "")


def test_suggestions_start_with_the_prefixes_then_what_contains_it_at_most_twenty(sign_in, scenario):
    lead = scenario.users["teamlead"]
    for n in range(12):
        project_services.project_create(by=lead, acronym=f"ZQ{n:02}", title=f"Study {n}")
        project_services.project_create(by=lead, acronym=f"AZQ{n:02}", title=f"Trial {n}")
    client = sign_in("director")
    found = labels(client, PROJECTS, q="zq")
    assert found == [f"ZQ{n:02} — Study {n}" for n in range(12)]  # two letters: what starts with them
    found = labels(client, PROJECTS, q="zq0")
    assert found == [f"ZQ{n:02} — Study {n}" for n in range(10)] + [f"AZQ{n:02} — Trial {n}" for n in range(10)]


def test_the_suggestions_cost_the_same_for_5_or_50_matches(sign_in, scenario):
    lead = scenario.users["teamlead"]
    client = sign_in("clinician2")
    counts = []
    for total in (5, 50):
        for n in range(Project.objects.filter(acronym__startswith="CNT").count(), total):
            project_services.project_create(by=lead, acronym=f"CNT{n:02}", title=f"Counted {n}")
        for url, query in ((PROJECTS, "cnt"), (PROJECTS, "ounted"), (PEOPLE, "cl"), (PARTNERS, "me")):
            counts.append((url, query, queries_of(client, url, query) - queries_of(client, url, "")))
    # Beyond what any page asks: the rows that start with the text, and (fewer
    # than twenty of them) the rows that contain it; with twenty that start
    # with it, the second is not asked.
    assert all(count <= 2 for _url, _query, count in counts), counts
    assert all(more[2] <= fewer[2] for fewer, more in zip(counts[:4], counts[4:], strict=True)), counts


def test_a_partner_is_suggested_only_the_people_they_share_a_project_with(sign_in, scenario):
    client = sign_in("partner")
    team_lead = scenario.users["teamlead"]
    assert team_lead.full_name.split()[0] in " ".join(labels(client, PEOPLE, q=team_lead.last_name[:3]))
    researcher = scenario.users["researcher"]
    assert labels(client, PEOPLE, q=researcher.username) == []


def test_staff_only_leaves_the_partners_out(sign_in, scenario):
    partner = scenario.users["partner"]
    client = sign_in("teamlead")  # shares a project with them
    assert labels(client, PEOPLE, q=partner.username)
    assert labels(client, PEOPLE, q=partner.username, staff="1") == []


def test_partner_companies_are_suggested_to_who_sees_them(sign_in, scenario):
    assert labels(sign_in("researcher"), PARTNERS, q="other") == ["Other Medical"]
    assert labels(sign_in("teamlead"), PARTNERS, q="other") == []
    assert labels(sign_in("transfer"), PARTNERS, q="medical") == ["Other Medical"]


def test_a_null_character_is_refused(sign_in, scenario):
    assert sign_in("director").get(PROJECTS, {"q": "se\x00"}).status_code == 400


# The fields ----------------------------------------------------------------------


def test_the_board_filters_by_a_project_the_user_sees(sign_in, scenario):
    open_project = scenario.projects["open"]
    response = sign_in("teamlead").get(reverse("transfer:board"), {"project": open_project.pk})
    assert response.status_code == 200
    assert response.context["total"] == 2  # public and hidden
    assert 'value="OPEN — Open cardiology"' in response.text
    assert 'role="combobox"' in response.text


def test_an_unseen_project_filters_like_one_that_does_not_exist(sign_in, scenario):
    client = sign_in("clinician2")
    secret = scenario.projects["secret"]
    unseen = client.get(reverse("transfer:innovation-list"), {"project": secret.pk})
    missing = client.get(reverse("transfer:innovation-list"), {"project": 999_999})
    assert unseen.status_code == missing.status_code == 200
    assert "SECRET" not in unseen.text
    assert unseen.context["form"].errors == missing.context["form"].errors
    assert unseen.context["page"].paginator.count == missing.context["page"].paginator.count


def test_without_script_an_acronym_typed_in_full_is_looked_up(sign_in, scenario):
    response = sign_in("teamlead").get(reverse("transfer:innovation-list"), {"project_q": "open"})
    assert response.status_code == 200
    assert response.context["form"].cleaned_data["project"] == scenario.projects["open"]
    nothing = sign_in("clinician2").get(reverse("transfer:innovation-list"), {"project_q": "SECRET"})
    assert "project" in nothing.context["form"].errors


def test_an_innovation_is_recorded_with_a_typed_project_and_picked_owners(sign_in, scenario):
    owners = [scenario.users["teamlead"], scenario.users["researcher"]]
    response = sign_in("transfer").post(
        reverse("transfer:innovation-create"),
        {
            "title": "Typed project",
            "kind": "software",
            "readiness_level": "3",
            "stage": "identified",
            "route": "hospital",
            "project": "",
            "project_q": "OPEN",
            "owners": [owner.pk for owner in owners],
            "owners_q": "",
        },
    )
    assert response.status_code == 302
    innovation = Innovation.objects.get(title="Typed project")
    assert innovation.project == scenario.projects["open"]
    assert set(innovation.owners.all()) == set(owners)


def test_an_owner_who_is_a_partner_is_a_form_error(sign_in, scenario):
    data = {"title": "Bad owner", "kind": "software", "readiness_level": "3", "stage": "identified"}
    data |= {"route": "hospital", "owners": [scenario.users["partner"].pk, "nonsense"]}
    response = sign_in("transfer").post(reverse("transfer:innovation-create"), data)
    assert response.status_code == 400
    assert "owners" in response.context["form"].errors


def test_the_edit_form_keeps_a_project_the_officer_does_not_see_without_naming_it(sign_in, scenario):
    innovation = scenario.innovations["secret"]
    response = sign_in("transfer").get(reverse("transfer:innovation-update", args=[innovation.pk]))
    assert response.status_code == 200
    assert "SECRET" not in response.text
    assert f'name="project" value="{innovation.project_id}"' in response.text


def test_an_agreement_partner_typed_in_full_is_looked_up(sign_in, scenario):
    innovation = scenario.innovations["orphan"]
    data = {"kind": "nda", "partner_q": "other medical", "reference": "AGR-TYPED", "signed_on": "2026-01-05"}
    response = sign_in("transfer").post(reverse("transfer:agreement-create", args=[innovation.pk]), data)
    assert response.status_code == 302
    assert innovation.agreements.get(reference="AGR-TYPED").partner == Company.objects.get(name="Other Medical")
