"""Who sees which project (SPEC §3), search, and what follows the project."""

from datetime import date, timedelta

import pytest
from django.db.models import F

from people.models import User
from people.tests.factories import UserFactory
from projects import selectors, services
from projects.models import DataAccessRequest, Membership, Project

TODAY = date(2030, 3, 10)
SEE_EVERYTHING = {"director", "ops"}
PERSONAS = [
    "director",
    "ops",
    "teamlead",
    "teamlead2",
    "researcher",
    "depthead",
    "depthead2",
    "clinician",
    "clinician2",
    "transfer",
    "partner",
]


@pytest.fixture
def owner(db) -> User:
    """A lead who is none of the personas."""
    return UserFactory(username="owner")


def make(owner: User, acronym: str, *, confidential: bool = False, **fields) -> Project:
    return services.project_create(
        by=owner, acronym=acronym, title=fields.pop("title", acronym), confidential=confidential, **fields
    )


def visible(user: User, **kwargs) -> set[str]:
    return set(selectors.project_list(user=user, **kwargs).values_list("acronym", flat=True))


@pytest.mark.parametrize("member", [False, True], ids=["not-member", "member"])
@pytest.mark.parametrize("confidential", [False, True], ids=["open", "confidential"])
@pytest.mark.parametrize("username", PERSONAS)
def test_visibility_matrix(personas, owner, username, confidential, member):
    project = make(owner, "P", confidential=confidential)
    user = personas[username]
    if member:
        services.member_add(project=project, by=owner, user=user)
    expected = member or username in SEE_EVERYTHING or (not confidential and username != "partner")
    assert visible(user) == ({"P"} if expected else set())
    # The detail queryset, the permission and the data requests say the same.
    assert selectors.project_detail_queryset(user=user).filter(pk=project.pk).exists() == expected
    assert user.has_perm("projects.view_project", project) == expected
    request = services.data_request_create(
        project=project, by=owner, route="committee", perimeter="All.", categories=["imaging"]
    )
    assert selectors.data_request_list(user=user).filter(pk=request.pk).exists() == expected
    milestone = services.milestone_create(project=project, by=owner, title="M", due_date=TODAY)
    assert selectors.milestone_list(user=user).filter(pk=milestone.pk).exists() == expected


def test_partners_see_only_their_projects(personas, owner):
    make(owner, "OPEN")
    make(owner, "SECRET", confidential=True)
    theirs = make(owner, "THEIRS")
    secret_theirs = make(owner, "SECRET-THEIRS", confidential=True)
    for project in (theirs, secret_theirs):
        services.member_add(project=project, by=owner, user=personas["partner"])
    assert visible(personas["partner"]) == {"THEIRS", "SECRET-THEIRS"}
    assert visible(personas["clinician"]) == {"OPEN", "THEIRS"}
    assert visible(personas["ops"]) == {"OPEN", "SECRET", "THEIRS", "SECRET-THEIRS"}


def test_membership_change_is_effective_at_once(personas, owner):
    project = make(owner, "SECRET", confidential=True)
    clinician = personas["clinician"]
    assert visible(clinician) == set()
    services.member_add(project=project, by=owner, user=clinician)
    assert visible(clinician) == {"SECRET"}
    services.member_remove(project=project, by=owner, user=clinician)
    assert visible(clinician) == set()
    services.member_add(project=project, by=owner, user=personas["partner"])
    assert visible(personas["partner"]) == {"SECRET"}
    services.member_remove(project=project, by=owner, user=personas["partner"])
    assert visible(personas["partner"]) == set()


def test_confidentiality_change_is_effective_at_once(personas, owner):
    project = make(owner, "P")
    request = services.data_request_create(
        project=project, by=owner, route="committee", perimeter="All.", categories=["imaging"]
    )
    outsider = personas["clinician2"]

    def requests_seen() -> bool:
        return selectors.data_request_list(user=outsider).filter(pk=request.pk).exists()

    assert visible(outsider) == {"P"} and requests_seen()
    services.project_update(project=project, by=owner, confidential=True)
    assert visible(outsider) == set() and not requests_seen()
    services.project_update(project=project, by=owner, confidential=False)
    assert visible(outsider) == {"P"} and requests_seen()


@pytest.mark.parametrize("confidential", [False, True], ids=["open", "confidential"])
def test_a_data_request_carries_its_project_s_confidentiality(owner, confidential):
    project = make(owner, "P", confidential=confidential)
    request = services.data_request_create(
        project=project, by=owner, route="committee", perimeter="All.", categories=["imaging"]
    )
    assert DataAccessRequest.objects.get(pk=request.pk).project_confidential is confidential
    services.project_update(project=project, by=owner, confidential=not confidential)
    assert DataAccessRequest.objects.get(pk=request.pk).project_confidential is not confidential
    # Every request of the table agrees with its project, whatever was done to it.
    assert not DataAccessRequest.objects.exclude(project_confidential=F("project__confidential")).exists()


def test_a_deactivated_direction_account_no_longer_sees_everything(personas, owner):
    make(owner, "SECRET", confidential=True)
    director = personas["director"]
    director.is_active = False
    director.save()
    assert visible(User.objects.get(pk=director.pk)) == set()


def test_list_annotates_membership_and_lead(personas, owner):
    project = make(owner, "P")
    services.member_add(project=project, by=owner, user=personas["clinician"])
    [row] = selectors.project_list(user=personas["clinician"])
    assert (row.is_member, row.is_lead) == (True, False)
    [row] = selectors.project_list(user=owner)
    assert (row.is_member, row.is_lead) == (True, True)
    [row] = selectors.project_list(user=personas["ops"])
    assert (row.is_member, row.is_lead) == (False, False)
    assert selectors.can_manage(personas["ops"], row)
    assert not selectors.can_manage(personas["clinician"], row)


def test_can_manage_ignores_another_users_annotation(personas, owner):
    make(owner, "P")
    [as_owner] = selectors.project_list(user=owner)
    assert as_owner.is_lead
    assert not selectors.can_manage(personas["clinician"], as_owner)


def test_filters(personas, owner):
    from people.models import Department, Team

    cardiosim = Team.objects.get(acronym="CARDIOSIM")
    neuro = Department.objects.get(name="Neuroradiologie")
    make(owner, "A", clinical_domain="cardiology", status="active", teams=[cardiosim])
    make(owner, "B", clinical_domain="neurology", departments=[neuro], confidential=True)
    services.member_add(project=Project.objects.get(acronym="B"), by=owner, user=personas["researcher"])
    researcher = personas["researcher"]
    assert visible(researcher, filters={"clinical_domain": "cardiology"}) == {"A"}
    assert visible(researcher, filters={"status": "active"}) == {"A"}
    assert visible(researcher, filters={"team": cardiosim}) == {"A"}
    assert visible(researcher, filters={"department": neuro}) == {"B"}
    assert visible(researcher, filters={"mine": True}) == {"B"}
    assert visible(researcher, filters={"confidential": True}) == {"B"}
    assert visible(researcher, filters={"confidential": False}) == {"A"}
    assert visible(researcher, filters={"confidential": ""}) == {"A", "B"}


# Full-text search ---------------------------------------------------------------


@pytest.fixture
def searchable(personas, owner) -> None:
    make(
        owner,
        "HEARTWATCH",
        title="Surveillance de l'insuffisance cardiaque",
        summary="Modèles numériques des patients.",
        methods=["Biophysical modelling"],
    )
    make(owner, "CARDIO-ML", title="Cardiac arrhythmia detection from wearables", methods=["Deep learning"])
    make(
        owner, "NEUROFED", title="Federated learning on brain images", confidential=True, methods=["Federated learning"]
    )
    make(owner, "LUNG", title="Lung fibrosis quantification", summary="Scanner thoracique.")


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("heartwatch", {"HEARTWATCH"}),
        ("HEARTWATCH", {"HEARTWATCH"}),
        ("cardio-ml", {"CARDIO-ML"}),
        ("cardiaque", {"HEARTWATCH"}),  # French title word
        ("cardiaques", {"HEARTWATCH"}),  # French stemming
        ("insuffisances", {"HEARTWATCH"}),
        ("cardiac", {"CARDIO-ML"}),  # English title word
        ("arrhythmias", {"CARDIO-ML"}),  # English stemming
        ("wearable", {"CARDIO-ML"}),
        ("detecting", {"CARDIO-ML"}),
        ("biophysical", {"HEARTWATCH"}),  # method tag
        ("deep learning", {"CARDIO-ML"}),
        ("learning", {"CARDIO-ML", "NEUROFED"}),  # method and title; NEUROFED only for those who see it
        ("thoracique", {"LUNG"}),  # summary
        ("nothing-like-it", set()),
    ],
)
def test_search(personas, searchable, q, expected):
    assert visible(personas["ops"], q=q) == expected
    assert visible(personas["clinician"], q=q) == expected - {"NEUROFED"}
    assert visible(personas["partner"], q=q) == set()


def test_search_never_returns_a_project_one_cannot_see(personas, searchable, owner):
    assert visible(personas["clinician2"], q="federated") == set()
    services.member_add(project=Project.objects.get(acronym="NEUROFED"), by=owner, user=personas["clinician2"])
    assert visible(personas["clinician2"], q="federated") == {"NEUROFED"}
    assert visible(personas["partner"], q="cardiac") == set()


def test_search_combines_with_filters_without_duplicates(personas, owner):
    make(
        owner,
        "TAGS",
        title="Machine learning",
        methods=["Machine learning", "Deep learning"],
        clinical_domain="oncology",
    )
    rows = list(selectors.project_list(user=personas["ops"], q="learning", filters={"clinical_domain": "oncology"}))
    assert [row.acronym for row in rows] == ["TAGS"]


# Milestones due -----------------------------------------------------------------


def test_milestones_due_are_those_of_my_projects_not_done_within_the_window(personas, owner):
    mine = make(owner, "MINE", confidential=True)
    other = make(owner, "OTHER")
    clinician = personas["clinician"]
    services.member_add(project=mine, by=owner, user=clinician)

    def milestone(project: Project, title: str, days: int):
        return services.milestone_create(project=project, by=owner, title=title, due_date=TODAY + timedelta(days=days))

    milestone(mine, "late", -3)
    milestone(mine, "soon", 2)
    milestone(mine, "edge", 14)
    milestone(mine, "later", 15)
    done = milestone(mine, "done", 1)
    services.milestone_set_done(milestone=done, by=owner, done=True, today=TODAY)
    milestone(other, "not mine", 1)
    due = selectors.milestones_due(user=clinician, today=TODAY)
    assert [m.title for m in due] == ["late", "soon", "edge"]
    assert [m.title for m in selectors.milestones_due(user=clinician, today=TODAY, within_days=2)] == ["late", "soon"]
    assert list(selectors.milestones_due(user=personas["ops"], today=TODAY)) == []
    services.member_remove(project=mine, by=owner, user=clinician)
    assert list(selectors.milestones_due(user=clinician, today=TODAY)) == []


# Data-access requests follow the project ------------------------------------------


def test_data_request_list_follows_the_project(personas, owner):
    secret = make(owner, "SECRET", confidential=True)
    open_ = make(owner, "OPEN")
    for project in (secret, open_):
        services.data_request_create(
            project=project, by=owner, route="committee", perimeter="All.", categories=["notes"]
        )
    submitted = services.data_request_submit(request=DataAccessRequest.objects.get(project=open_), by=owner)

    def projects(user: User, status: str = "") -> set[str]:
        rows = selectors.data_request_list(user=user, status=status)
        return {r.project.acronym for r in rows}

    assert projects(personas["ops"]) == {"SECRET", "OPEN"}
    assert projects(personas["clinician"]) == {"OPEN"}
    assert projects(personas["partner"]) == set()
    assert projects(personas["ops"], "submitted") == {"OPEN"}
    assert projects(personas["ops"], "draft") == {"SECRET"}
    services.member_add(project=secret, by=owner, user=personas["partner"])
    assert projects(personas["partner"]) == {"SECRET"}
    assert personas["partner"].has_perm("projects.view_dataaccessrequest", submitted) is False
    assert personas["clinician"].has_perm("projects.view_dataaccessrequest", submitted) is True


def test_member_list(personas, owner):
    project = make(owner, "P")
    services.member_add(project=project, by=owner, user=personas["clinician"])
    assert [(m.user.username, m.role) for m in selectors.member_list(project=project)] == [
        ("owner", Membership.Role.LEAD),
        ("clinician", Membership.Role.MEMBER),
    ]


@pytest.mark.parametrize("username", PERSONAS)
def test_data_request_count_is_the_number_of_rows_listed(personas, owner, django_assert_num_queries, username):
    """Staff's count is the sum of its two halves (core.querysets.CountedByParts):
    it must be the number of rows the list shows, for every persona and filter."""
    user = personas[username]
    projects = [
        make(owner, "OPEN"),
        make(owner, "SECRET", confidential=True),
        make(owner, "SECRET-MINE", confidential=True),
        make(owner, "OPEN-MINE"),
    ]
    for project in projects[2:]:
        services.member_add(project=project, by=owner, user=user)
    for project in projects:
        for _ in range(2):
            services.data_request_create(
                project=project, by=owner, route="committee", perimeter="All.", categories=["notes"]
            )
    services.data_request_submit(request=DataAccessRequest.objects.filter(project=projects[2]).first(), by=owner)
    for status in ("", "draft", "submitted"):
        rows = selectors.data_request_list(user=user, status=status)
        listed = len(list(rows.all()))
        with django_assert_num_queries(1):
            assert rows.count() == listed
        for project in projects:
            assert rows.filter(project=project).count() == len(list(rows.filter(project=project).all()))
        assert rows.none().count() == 0
    expected = 8 if username in SEE_EVERYTHING else 4 if username == "partner" else 6
    assert selectors.data_request_list(user=user).count() == expected


def test_staff_count_their_data_requests_by_halves(personas, owner, django_assert_num_queries):
    rows = selectors.data_request_list(user=personas["clinician"])
    with django_assert_num_queries(1) as captured:
        rows.count()
    assert captured.captured_queries[0]["sql"].count(") part)") == 2  # two parts counted
    everything = selectors.data_request_list(user=personas["director"])
    with django_assert_num_queries(1) as captured:
        everything.count()
    assert ") part)" not in captured.captured_queries[0]["sql"]
