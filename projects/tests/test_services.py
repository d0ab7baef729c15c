"""Every change to a project: permitted to its leads, direction and operations,
validated, and audited on the project (SPEC §3, §4)."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.audit import audit_history
from core.errors import Conflict
from core.testing import race
from people.models import Department, Team, User
from people.tests.factories import UserFactory
from projects import services
from projects.models import DataAccessRequest, Membership, Method, Milestone, Project

TODAY = date(2030, 3, 10)
LEAD, MEMBER = Membership.Role.LEAD, Membership.Role.MEMBER


@pytest.fixture
def project(personas: dict[str, User]) -> Project:
    """CARDIO, led by ``teamlead``, with ``researcher`` as a plain member."""
    project = services.project_create(
        by=personas["teamlead"],
        acronym="CARDIO",
        title="Cardiac digital twins",
        clinical_domain="cardiology",
        methods=["Simulation"],
    )
    services.member_add(project=project, by=personas["teamlead"], user=personas["researcher"])
    return project


def last_event(project: Project) -> Any:
    return audit_history(project).order_by("-at", "-pk").first()


def actions(project: Project) -> list[str]:
    return list(audit_history(project).order_by("at", "pk").values_list("action", flat=True))


def role_of(project: Project, user: User) -> str | None:
    return Membership.objects.filter(project=project, user=user).values_list("role", flat=True).first()


# Projects -----------------------------------------------------------------------


def test_create_makes_the_creator_its_first_lead_and_is_audited(personas):
    cardiosim = Team.objects.get(acronym="CARDIOSIM")
    cardiologie = Department.objects.get(name="Cardiologie")
    project = services.project_create(
        by=personas["clinician"],
        acronym="  HEART ",
        title="Heart failure",
        confidential=True,
        start_date=date(2030, 1, 1),
        end_date=date(2032, 1, 1),
        methods=["Machine learning", " Simulation ", ""],
        teams=[cardiosim],
        departments=[cardiologie],
    )
    assert project.acronym == "HEART"
    assert list(project.memberships.values_list("user__username", "role")) == [("clinician", LEAD)]
    assert sorted(project.methods.values_list("name", flat=True)) == ["Machine learning", "Simulation"]
    assert list(project.teams.all()) == [cardiosim]
    assert list(project.departments.all()) == [cardiologie]
    created, added = audit_history(project).order_by("pk")
    assert (created.action, created.actor) == ("created", personas["clinician"])
    assert created.changes["acronym"] == [None, "HEART"]
    assert created.changes["confidential"] == [None, True]
    assert created.changes["start_date"] == [None, "2030-01-01"]
    assert created.changes["methods"] == [[], ["Machine learning", "Simulation"]]
    assert (added.action, added.changes) == ("member_added", {"user": "clinician", "role": "lead"})


def test_partners_do_not_create_projects(personas):
    with pytest.raises(PermissionDenied):
        services.project_create(by=personas["partner"], acronym="NOPE", title="No")
    assert not Project.objects.exists()


def test_create_validates_before_writing(personas, project):
    with pytest.raises(ValidationError) as error:
        services.project_create(by=personas["clinician"], acronym="CARDIO", title="Again")
    assert "acronym" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.project_create(
            by=personas["clinician"], acronym="BACKWARDS", title="t", start_date=TODAY, end_date=TODAY
        )
    assert list(Project.objects.values_list("acronym", flat=True)) == ["CARDIO"]


@pytest.mark.parametrize("username", ["teamlead", "director", "ops"])
def test_leads_direction_and_operations_update_a_project(personas, project, username):
    services.project_update(
        project=project, by=personas[username], title="New title", confidential=True, methods=["Statistics"]
    )
    project.refresh_from_db()
    assert (project.title, project.confidential) == ("New title", True)
    assert list(project.methods.values_list("name", flat=True)) == ["Statistics"]
    event = last_event(project)
    assert (event.action, event.actor) == ("updated", personas[username])
    assert event.changes == {
        "title": ["Cardiac digital twins", "New title"],
        "confidential": [False, True],
        "methods": [["Simulation"], ["Statistics"]],
    }


@pytest.mark.parametrize("username", ["researcher", "clinician", "teamlead2", "transfer", "partner"])
def test_plain_members_and_others_do_not_update_a_project(personas, project, username):
    if username == "partner":
        services.member_add(project=project, by=personas["teamlead"], user=personas["partner"])
    before = len(actions(project))
    with pytest.raises(PermissionDenied):
        services.project_update(project=project, by=personas[username], title="Mine now")
    project.refresh_from_db()
    assert project.title == "Cardiac digital twins"
    assert len(actions(project)) == before


def test_update_without_change_writes_no_event(personas, project):
    before = len(actions(project))
    services.project_update(project=project, by=personas["teamlead"], title=project.title, methods=["Simulation"])
    assert len(actions(project)) == before


def test_update_refuses_unknown_fields(personas, project):
    with pytest.raises(ValueError, match="pk"):
        services.project_update(project=project, by=personas["teamlead"], pk=99)


def test_update_validates(personas, project):
    with pytest.raises(ValidationError):
        services.project_update(project=project, by=personas["teamlead"], status="nonsense")
    project.refresh_from_db()
    assert project.status == "proposed"


def test_update_of_teams_and_departments_is_audited(personas, project):
    pulsar = Team.objects.get(acronym="PULSAR")
    services.project_update(project=project, by=personas["ops"], teams=[pulsar], departments=[])
    assert last_event(project).changes == {"teams": [[], ["PULSAR"]]}
    assert list(project.teams.all()) == [pulsar]


# Members ------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["teamlead", "director", "ops"])
def test_managers_add_members(personas, project, username):
    membership = services.member_add(project=project, by=personas[username], user=personas["clinician"], role=LEAD)
    assert (membership.user, membership.role) == (personas["clinician"], LEAD)
    event = last_event(project)
    assert (event.action, event.actor, event.changes) == (
        "member_added",
        personas[username],
        {"user": "clinician", "role": "lead"},
    )


def test_a_plain_member_does_not_add_members(personas, project):
    with pytest.raises(PermissionDenied):
        services.member_add(project=project, by=personas["researcher"], user=personas["clinician"])
    assert role_of(project, personas["clinician"]) is None


def test_adding_a_member_twice_is_refused(personas, project):
    before = len(actions(project))
    with pytest.raises(ValidationError) as error:
        services.member_add(project=project, by=personas["teamlead"], user=personas["researcher"], role=LEAD)
    assert "user" in error.value.message_dict
    assert role_of(project, personas["researcher"]) == MEMBER
    assert len(actions(project)) == before


def test_add_refuses_an_unknown_role_and_a_deactivated_account(personas, project):
    with pytest.raises(ValidationError):
        services.member_add(project=project, by=personas["teamlead"], user=personas["clinician"], role="owner")
    gone = UserFactory(is_active=False)
    with pytest.raises(ValidationError):
        services.member_add(project=project, by=personas["teamlead"], user=gone)
    assert project.memberships.count() == 2


@pytest.mark.parametrize("username", ["teamlead", "director", "ops"])
def test_managers_remove_members(personas, project, username):
    services.member_remove(project=project, by=personas[username], user=personas["researcher"])
    assert role_of(project, personas["researcher"]) is None
    event = last_event(project)
    assert (event.action, event.actor, event.changes) == (
        "member_removed",
        personas[username],
        {"user": "researcher", "role": "member"},
    )


def test_a_plain_member_removes_nobody(personas, project):
    with pytest.raises(PermissionDenied):
        services.member_remove(project=project, by=personas["researcher"], user=personas["teamlead"])
    with pytest.raises(PermissionDenied):
        services.member_remove(project=project, by=personas["researcher"], user=personas["researcher"])
    assert project.memberships.count() == 2


def test_removing_a_non_member_is_a_conflict(personas, project):
    with pytest.raises(Conflict):
        services.member_remove(project=project, by=personas["teamlead"], user=personas["clinician"])


@pytest.mark.parametrize("username", ["teamlead", "ops"])
def test_the_last_lead_is_neither_removed_nor_demoted(personas, project, username):
    before = len(actions(project))
    with pytest.raises(ValidationError):
        services.member_remove(project=project, by=personas[username], user=personas["teamlead"])
    with pytest.raises(ValidationError):
        services.member_set_role(project=project, by=personas[username], user=personas["teamlead"], role=MEMBER)
    assert role_of(project, personas["teamlead"]) == LEAD
    assert len(actions(project)) == before


def test_a_lead_leaves_once_another_lead_is_named(personas, project):
    services.member_set_role(project=project, by=personas["teamlead"], user=personas["researcher"], role=LEAD)
    event = last_event(project)
    assert (event.action, event.changes) == ("member_role_changed", {"user": "researcher", "role": ["member", "lead"]})
    services.member_remove(project=project, by=personas["teamlead"], user=personas["teamlead"])
    assert list(project.memberships.values_list("user__username", "role")) == [("researcher", LEAD)]


def test_set_role_by_a_plain_member_is_refused(personas, project):
    with pytest.raises(PermissionDenied):
        services.member_set_role(project=project, by=personas["researcher"], user=personas["researcher"], role=LEAD)
    assert role_of(project, personas["researcher"]) == MEMBER


def test_set_role_checks_membership_and_role(personas, project):
    with pytest.raises(Conflict):
        services.member_set_role(project=project, by=personas["teamlead"], user=personas["clinician"], role=LEAD)
    with pytest.raises(ValidationError):
        services.member_set_role(project=project, by=personas["teamlead"], user=personas["researcher"], role="boss")


def test_set_role_to_the_same_role_writes_no_event(personas, project):
    before = len(actions(project))
    services.member_set_role(project=project, by=personas["director"], user=personas["researcher"], role=MEMBER)
    assert len(actions(project)) == before


def test_a_removed_lead_no_longer_manages(personas, project):
    services.member_add(project=project, by=personas["teamlead"], user=personas["clinician"], role=LEAD)
    services.member_remove(project=project, by=personas["clinician"], user=personas["teamlead"])
    with pytest.raises(PermissionDenied):
        services.project_update(project=project, by=personas["teamlead"], title="Back")


# Milestones ---------------------------------------------------------------------


@pytest.mark.parametrize("username", ["teamlead", "director", "ops"])
def test_managers_add_milestones(personas, project, username):
    milestone = services.milestone_create(project=project, by=personas[username], title=" Prototype ", due_date=TODAY)
    assert (milestone.title, milestone.due_date, milestone.done_on) == ("Prototype", TODAY, None)
    event = last_event(project)
    assert (event.action, event.actor, event.changes) == (
        "milestone_added",
        personas[username],
        {"title": "Prototype", "due": "2030-03-10"},
    )


def test_a_plain_member_adds_no_milestone(personas, project):
    with pytest.raises(PermissionDenied):
        services.milestone_create(project=project, by=personas["researcher"], title="Mine", due_date=TODAY)
    assert not Milestone.objects.exists()


def test_milestone_validation(personas, project):
    with pytest.raises(ValidationError):
        services.milestone_create(
            project=project, by=personas["teamlead"], title="x", due_date=TODAY, evidence_url="not a url"
        )
    with pytest.raises(ValidationError):
        services.milestone_create(project=project, by=personas["teamlead"], title="  ", due_date=TODAY)
    assert not Milestone.objects.exists()


def test_milestone_done_and_undone(personas, project):
    milestone = services.milestone_create(project=project, by=personas["teamlead"], title="Dataset", due_date=TODAY)
    url = "https://example.org/report.pdf"
    services.milestone_set_done(milestone=milestone, by=personas["ops"], done=True, evidence_url=url, today=TODAY)
    milestone.refresh_from_db()
    assert (milestone.done_on, milestone.evidence_url) == (TODAY, url)
    event = last_event(project)
    assert (event.action, event.actor, event.changes) == (
        "milestone_done",
        personas["ops"],
        {"title": "Dataset", "done_on": [None, "2030-03-10"]},
    )
    services.milestone_set_done(milestone=milestone, by=personas["teamlead"], done=False)
    milestone.refresh_from_db()
    assert (milestone.done_on, milestone.evidence_url) == (None, url)
    event = last_event(project)
    assert (event.action, event.actor, event.changes) == (
        "milestone_undone",
        personas["teamlead"],
        {"title": "Dataset", "done_on": ["2030-03-10", None]},
    )


def test_a_plain_member_does_not_tick_milestones(personas, project):
    milestone = services.milestone_create(project=project, by=personas["teamlead"], title="Dataset", due_date=TODAY)
    with pytest.raises(PermissionDenied):
        services.milestone_set_done(milestone=milestone, by=personas["researcher"], done=True)
    milestone.refresh_from_db()
    assert milestone.done_on is None


# Data-access requests -----------------------------------------------------------


def draft(project: Project, by: User, **overrides: Any) -> DataAccessRequest:
    fields = {"route": "committee", "perimeter": "Adults, 2020-2024.", "categories": ["imaging", "biology"]}
    return services.data_request_create(project=project, by=by, **(fields | overrides))


def submitted(project: Project, by: User) -> DataAccessRequest:
    return services.data_request_submit(request=draft(project, by), by=by)


@pytest.mark.parametrize("username", ["teamlead", "director", "ops"])
def test_managers_draft_data_requests(personas, project, username):
    cardiologie = Department.objects.get(name="Cardiologie")
    request = draft(
        project, personas[username], route="internal", department=cardiologie, categories=["notes", "imaging", "notes"]
    )
    assert (request.status, request.requested_by, request.department) == ("draft", personas[username], cardiologie)
    assert request.categories == ["imaging", "notes"]
    event = last_event(project)
    assert (event.action, event.actor, event.changes) == (
        "data_request_created",
        personas[username],
        {"request": request.pk, "route": "internal"},
    )


def test_a_plain_member_drafts_no_data_request(personas, project):
    with pytest.raises(PermissionDenied):
        draft(project, personas["researcher"])
    assert not DataAccessRequest.objects.exists()


def test_a_committee_request_names_no_department(personas, project):
    request = draft(project, personas["teamlead"], department=Department.objects.get(name="Cardiologie"))
    assert request.department is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"route": "internal"}, "department"),
        ({"categories": ["imaging", "genome"]}, "categories"),
        ({"categories": []}, "categories"),
        ({"perimeter": "   "}, "perimeter"),
        ({"route": "smuggled"}, "route"),
    ],
)
def test_data_request_validation(personas, project, overrides, field):
    with pytest.raises(ValidationError) as error:
        draft(project, personas["teamlead"], **overrides)
    assert field in error.value.message_dict
    assert not DataAccessRequest.objects.exists()


def test_submit_only_a_draft(personas, project):
    request = draft(project, personas["teamlead"])
    with pytest.raises(PermissionDenied):
        services.data_request_submit(request=request, by=personas["researcher"])
    request = services.data_request_submit(request=request, by=personas["teamlead"])
    assert request.status == "submitted"
    event = last_event(project)
    assert (event.action, event.actor, event.changes) == (
        "data_request_submitted",
        personas["teamlead"],
        {"request": request.pk, "status": ["draft", "submitted"]},
    )
    with pytest.raises(Conflict):
        services.data_request_submit(request=request, by=personas["teamlead"])


@pytest.mark.parametrize("username", ["director", "ops"])
def test_direction_and_operations_approve(personas, project, username):
    request = submitted(project, personas["teamlead"])
    services.data_request_decide(
        request=request,
        by=personas[username],
        approve=True,
        committee_reference=" CSE-2030-01 ",
        expires_on=TODAY + timedelta(days=1),
        today=TODAY,
    )
    request.refresh_from_db()
    assert (request.status, request.committee_reference, request.expires_on) == (
        "approved",
        "CSE-2030-01",
        TODAY + timedelta(days=1),
    )
    assert (request.decided_by, request.decided_at is not None) == (personas[username], True)
    event = last_event(project)
    assert (event.action, event.actor, event.changes) == (
        "data_request_approved",
        personas[username],
        {"request": request.pk, "status": ["submitted", "approved"]},
    )


@pytest.mark.parametrize("username", ["teamlead", "researcher", "teamlead2", "transfer", "depthead", "partner"])
def test_only_direction_and_operations_decide(personas, project, username):
    request = submitted(project, personas["teamlead"])
    with pytest.raises(PermissionDenied):
        services.data_request_decide(
            request=request,
            by=personas[username],
            approve=True,
            committee_reference="CSE",
            expires_on=TODAY + timedelta(days=30),
            today=TODAY,
        )
    request.refresh_from_db()
    assert request.status == "submitted"


@pytest.mark.parametrize(
    ("reference", "expires_on", "fields"),
    [
        ("", TODAY + timedelta(days=30), {"committee_reference"}),
        ("CSE-1", None, {"expires_on"}),
        ("CSE-1", TODAY, {"expires_on"}),
        ("  ", TODAY - timedelta(days=1), {"committee_reference", "expires_on"}),
    ],
)
def test_approval_needs_a_reference_and_a_future_expiry(personas, project, reference, expires_on, fields):
    request = submitted(project, personas["teamlead"])
    with pytest.raises(ValidationError) as error:
        services.data_request_decide(
            request=request,
            by=personas["ops"],
            approve=True,
            committee_reference=reference,
            expires_on=expires_on,
            today=TODAY,
        )
    assert set(error.value.message_dict) == fields
    request.refresh_from_db()
    assert request.status == "submitted"


def test_rejection_needs_a_reason(personas, project):
    request = submitted(project, personas["teamlead"])
    with pytest.raises(ValidationError) as error:
        services.data_request_decide(request=request, by=personas["director"], approve=False, reason=" ")
    assert set(error.value.message_dict) == {"reason"}
    services.data_request_decide(request=request, by=personas["director"], approve=False, reason="Too broad.")
    request.refresh_from_db()
    assert (request.status, request.reason, request.expires_on) == ("rejected", "Too broad.", None)
    event = last_event(project)
    assert (event.action, event.actor, event.comment) == ("data_request_rejected", personas["director"], "Too broad.")
    assert event.changes == {"request": request.pk, "status": ["submitted", "rejected"]}


def test_deciding_twice_or_a_draft_is_a_conflict(personas, project):
    with pytest.raises(Conflict):
        services.data_request_decide(
            request=draft(project, personas["teamlead"]), by=personas["ops"], approve=False, reason="No."
        )
    request = submitted(project, personas["teamlead"])
    services.data_request_decide(request=request, by=personas["ops"], approve=False, reason="No.")
    with pytest.raises(Conflict):
        services.data_request_decide(
            request=request,
            by=personas["director"],
            approve=True,
            committee_reference="CSE",
            expires_on=TODAY + timedelta(days=30),
            today=TODAY,
        )
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("rejected", personas["ops"])


def test_the_history_tells_the_whole_story(personas, project):
    milestone = services.milestone_create(project=project, by=personas["teamlead"], title="M", due_date=TODAY)
    services.milestone_set_done(milestone=milestone, by=personas["teamlead"], done=True)
    request = submitted(project, personas["teamlead"])
    services.data_request_decide(request=request, by=personas["ops"], approve=False, reason="No.")
    assert actions(project) == [
        "created",
        "member_added",
        "member_added",
        "milestone_added",
        "milestone_done",
        "data_request_created",
        "data_request_submitted",
        "data_request_rejected",
    ]
    assert all(event.actor is not None for event in audit_history(project))
    assert Method.objects.filter(name="Simulation").exists()


# Races: real threads on their own PostgreSQL connections --------------------------


def remover(project_id: int, by: str, whom: str) -> Callable[[], None]:
    def call() -> str:
        # Everything read in the thread, on the thread's own connection.
        services.member_remove(
            project=Project.objects.get(pk=project_id),
            by=User.objects.get(username=by),
            user=User.objects.get(username=whom),
        )
        return "removed"

    return call


@pytest.fixture
def two_leads(personas: dict[str, User]) -> Project:
    project = services.project_create(by=personas["teamlead"], acronym="DUO", title="Two leads")
    services.member_add(project=project, by=personas["teamlead"], user=personas["clinician"], role=LEAD)
    return project


def leads(project: Project) -> list[str]:
    return list(project.memberships.filter(role=LEAD).values_list("user__username", flat=True))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_leads_removing_each_other_at_once_leave_one_lead(two_leads, attempt):
    """The project row is locked: the second removal sees the first. Its author,
    no longer a lead, may no longer remove anyone (and removing the remaining
    lead would leave none): refused either way."""
    results = race([remover(two_leads.pk, "teamlead", "clinician"), remover(two_leads.pk, "clinician", "teamlead")])
    assert results.count("removed") == 1, results
    [refusal] = [r for r in results if r != "removed"]
    assert isinstance(refusal, PermissionDenied | ValidationError), refusal
    assert len(leads(two_leads)) == 1
    assert [e.action for e in audit_history(two_leads).filter(action="member_removed")] == ["member_removed"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_leads_leaving_at_once_leave_one_lead(two_leads, attempt):
    results = race([remover(two_leads.pk, "teamlead", "teamlead"), remover(two_leads.pk, "clinician", "clinician")])
    assert results.count("removed") == 1, results
    [refusal] = [r for r in results if r != "removed"]
    assert isinstance(refusal, ValidationError), refusal
    assert len(leads(two_leads)) == 1


@pytest.mark.django_db(transaction=True)
def test_two_leads_demoting_each_other_at_once_leave_one_lead(two_leads):
    def demote(by: str, whom: str) -> Callable[[], str]:
        def call() -> str:
            services.member_set_role(
                project=Project.objects.get(pk=two_leads.pk),
                by=User.objects.get(username=by),
                user=User.objects.get(username=whom),
                role=MEMBER,
            )
            return "demoted"

        return call

    results = race([demote("teamlead", "clinician"), demote("clinician", "teamlead")])
    assert results.count("demoted") == 1, results
    [refusal] = [r for r in results if r != "demoted"]
    assert isinstance(refusal, PermissionDenied | ValidationError), refusal
    assert len(leads(two_leads)) == 1


def test_a_partner_account_cannot_be_made_a_project_lead(personas):
    project = services.project_create(by=personas["teamlead"], acronym="PLEAD", title="Partner lead check")
    with pytest.raises(ValidationError):
        services.member_add(project=project, by=personas["teamlead"], user=personas["partner"], role="lead")
    services.member_add(project=project, by=personas["teamlead"], user=personas["partner"], role="member")
    with pytest.raises(ValidationError):
        services.member_set_role(project=project, by=personas["teamlead"], user=personas["partner"], role="lead")
    assert Membership.objects.get(project=project, user=personas["partner"]).role == "member"
