"""Who sees whom in the directory (SPEC §3), decided once in people.selectors."""

from people.demo import PERSONAS
from people.models import Institution, Team, User
from people.selectors import department_list, person_list, team_list
from people.tests.factories import CompanyFactory, TeamFactory, UserFactory, project_with

STAFF_PERSONAS = {p.username for p in PERSONAS if p.institution != Institution.PARTNER}


def usernames(user: User, q: str = "") -> set[str]:
    return set(person_list(user=user, q=q).values_list("username", flat=True))


def test_staff_see_all_staff_and_no_partner(personas):
    for username in STAFF_PERSONAS - {"director", "ops"}:
        assert usernames(personas[username]) == STAFF_PERSONAS, username


def test_direction_and_operations_see_everyone(personas):
    assert usernames(personas["director"]) == STAFF_PERSONAS | {"partner"}
    assert usernames(personas["ops"]) == STAFF_PERSONAS | {"partner"}


def test_partner_without_a_project_sees_only_themselves(personas):
    assert usernames(personas["partner"]) == {"partner"}


def test_partner_sees_only_people_sharing_a_project(personas, shared_project):
    assert usernames(personas["partner"]) == {"partner", "researcher"}


def test_staff_member_sharing_a_project_sees_the_partner(personas, shared_project):
    assert "partner" in usernames(personas["researcher"])


def test_staff_member_sharing_no_project_does_not_see_the_partner(personas, shared_project):
    assert "partner" not in usernames(personas["clinician2"])


def test_a_confidential_shared_project_counts_too(personas, shared_project):
    type(shared_project).objects.filter(pk=shared_project.pk).update(confidential=True)
    assert usernames(personas["partner"]) == {"partner", "researcher"}


def test_leaving_the_project_ends_the_visibility(personas, shared_project):
    personas["researcher"].project_memberships.all().delete()
    assert usernames(personas["partner"]) == {"partner"}
    assert "partner" not in usernames(personas["researcher"])


def test_two_partners_in_a_project_see_each_other_but_not_other_partners(personas, shared_project):
    colleague = UserFactory(username="colleague", institution=Institution.PARTNER, company=CompanyFactory())
    stranger = UserFactory(username="stranger", institution=Institution.PARTNER, company=colleague.company)
    shared_project.memberships.create(user=colleague)
    assert usernames(personas["partner"]) == {"partner", "researcher", "colleague"}
    assert "stranger" not in usernames(personas["partner"])
    assert usernames(stranger) == {"stranger"}


def test_academic_staff_see_all_staff(personas):
    academic = UserFactory(institution=Institution.ACADEMIC)
    assert usernames(academic) == STAFF_PERSONAS | {academic.username}
    assert academic.username in usernames(personas["clinician"])


def test_deactivated_people_leave_the_directory(personas):
    User.objects.filter(username="clinician2").update(is_active=False)
    assert "clinician2" not in usernames(personas["clinician"])
    assert "clinician2" not in usernames(personas["ops"])


def test_a_deactivated_director_sees_nothing_special(personas):
    director = personas["director"]
    director.is_active = False
    assert "partner" not in usernames(director)


def test_search_matches_every_word(personas):
    assert usernames(personas["clinician"], q="Clinicien") == {"clinician", "clinician2"}
    # Every word in one place or another: no one of the PSL is in Cardiologie.
    assert usernames(personas["clinician"], q="clinicien psl cardiologie") == set()
    # The hospital's short name is the department's too.
    assert usernames(personas["clinician"], q="clinicien hegp cardiologie") == {"clinician"}
    assert usernames(personas["clinician"], q="camille cardiologie") == {"clinician"}


def test_search_by_username_email_and_unit(personas):
    user = personas["clinician"]
    assert usernames(user, q="teamlead2") == {"teamlead2"}
    assert usernames(user, q="depthead@labsite") == {"depthead"}
    assert usernames(user, q="NEUROLEARN") == {"teamlead2"}
    assert usernames(user, q="Neuroradiologie") == {"depthead2", "clinician2"}


def test_search_never_reaches_beyond_what_one_sees(personas, shared_project):
    assert usernames(personas["partner"], q="labsite") == {"partner", "researcher"}
    assert usernames(personas["clinician"], q="MedTech") == set()
    assert usernames(personas["ops"], q="MedTech") == {"partner"}


def test_each_person_appears_once_however_many_projects_are_shared(personas, shared_project):
    project_with("SECOND", "Second", personas["researcher"], personas["partner"])
    people = list(person_list(user=personas["partner"]).values_list("username", flat=True))
    assert sorted(people) == ["partner", "researcher"]


def test_staff_see_every_team_and_department(personas):
    assert team_list(user=personas["clinician"]).count() == 3
    assert department_list(user=personas["researcher"]).count() == 3


def test_partner_sees_no_team_or_department_even_sharing_a_project(personas, shared_project):
    assert not team_list(user=personas["partner"]).exists()
    assert not department_list(user=personas["partner"]).exists()


def test_a_filter_s_team_choices_are_read_once_with_only_their_labels(db, django_assert_num_queries):
    from django import forms

    from core.widgets import OnePassSelect
    from people.selectors import team_choices

    TeamFactory.create_batch(3)
    director = UserFactory()
    field = forms.ModelChoiceField(queryset=team_choices(user=director), widget=OnePassSelect)
    with django_assert_num_queries(1):
        html = field.widget.render("team", None)
    assert html.count("<option") == Team.objects.count() + 1  # and the empty choice
