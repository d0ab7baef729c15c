"""The search of people, host positions and secondments, calls and chairs: the
documents PostgreSQL stores (people/migrations/0013 to 0016), written as a row
is inserted and written again on each rename they read; accents ignored, the
last word a prefix, the best first (``core.search``); never a record the
reader may not see; each list's ``?q=`` and the API's; and, where the
documents are not (SQLite), the fallback fields read through their relations."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import search as core_search
from people import services
from people.models import Call, Chair, Company, Department, Hospital, Institution, Position, User
from people.selectors import call_list, chair_list, person_list, position_list
from people.tests.factories import CompanyFactory, DepartmentFactory, HospitalFactory, TeamFactory, UserFactory
from people.tests.positions import department, host, secondment, submit, team, today


def people_found(user: User, q: str) -> list[str]:
    return [person.username for person in person_list(user=user, q=q)]


def positions_found(user: User, q: str, **kwargs: object) -> list[int]:
    return [position.pk for position in position_list(user=user, q=q, **kwargs)]


def stored(obj: Model) -> str:
    """The row's search document as PostgreSQL stores it (``''`` for none)."""
    table = obj._meta.db_table
    with connection.cursor() as cursor:
        sql = f"SELECT coalesce(search_document::text, '') FROM {table} WHERE id = %s"  # nosec B608  # a model's table
        cursor.execute(sql, [obj.pk])
        return cursor.fetchone()[0]


def row_versions(model: type[Model], ids: list[int]) -> dict[int, str]:
    """Each row's place (``ctid``): a new one whenever the row is written, in this transaction too."""
    with connection.cursor() as cursor:
        sql = f"SELECT id, ctid::text FROM {model._meta.db_table} WHERE id = ANY(%s)"  # nosec B608  # a model's table
        cursor.execute(sql, [ids])
        return dict(cursor.fetchall())


@pytest.fixture
def helene(personas: dict[str, User]) -> User:
    """An AP-HP professional of Cardiologie (HEGP), with an accented name."""
    return UserFactory(
        username="h.dupont",
        first_name="Hélène",
        last_name="Dupont-Moreau",
        email="helene.dupont@aphp.example",
        institution=Institution.APHP,
        department=department("Cardiologie"),
    )


# People -----------------------------------------------------------------------------


def test_a_person_is_found_as_soon_as_written_by_names_username_email_and_unit(personas, helene):
    assert stored(helene)
    ops = personas["ops"]
    for q in (
        "helene",
        "HÉLÈNE dupont",
        "moreau",
        "h.dupont",
        "helene.dupont@aphp.example",
        "aphp",
        "cardi",
        "hegp cardiologie",
    ):
        assert "h.dupont" in people_found(ops, q), q


def test_a_name_ranks_before_a_unit(personas):
    unit = TeamFactory(acronym="PASTEUR", name="Imagerie du vivant")
    UserFactory(username="by_unit", first_name="Anne", last_name="Martin", team=unit)
    UserFactory(username="by_name", first_name="Louis", last_name="Pasteur")
    assert people_found(personas["ops"], "pasteur") == ["by_name", "by_unit"]


def test_the_document_follows_each_rename_of_the_units(personas, helene):
    ops = personas["ops"]
    cardiologie = department("Cardiologie")
    cardiologie.name = "Cardiologie interventionnelle"
    cardiologie.save()
    assert "h.dupont" in people_found(ops, "interventionnelle")
    Hospital.objects.filter(pk=cardiologie.hospital_id).update(short_name="HGP")
    assert "h.dupont" in people_found(ops, "hgp")
    assert people_found(ops, "hegp") == []
    # A change of hospital is a change of the department's hospital name.
    other = HospitalFactory(short_name="BICHAT")
    Department.objects.filter(pk=cardiologie.pk).update(hospital=other)
    assert "h.dupont" in people_found(ops, "bichat")

    cardiosim = team("CARDIOSIM")
    services.team_save(team=cardiosim, by=ops, acronym="HEARTSIM", name="Heart simulation")
    assert set(people_found(ops, "heartsim")) == {"teamlead", "researcher"}
    assert set(people_found(ops, "heart simulation")) == {"teamlead", "researcher"}
    assert people_found(ops, "cardiosim") == []

    company = Company.objects.get(name="MedTech Analytics SAS")
    company.name = "Santé Numérique SA"
    company.save()
    assert people_found(ops, "sante numerique") == ["partner"]
    assert people_found(ops, "medtech") == []


def test_the_document_follows_the_person(personas, helene):
    helene.last_name = "Lefèvre"
    helene.team, helene.department = team("NEUROLEARN"), None
    helene.institution = Institution.INRIA
    helene.save()
    ops = personas["ops"]
    assert people_found(ops, "lefevre neurolearn") == ["h.dupont"]
    assert people_found(ops, "moreau") == []


def test_a_unit_change_that_renames_nothing_writes_no_one_again(personas, helene):
    """Only a name the documents read asks them again: a new head or leader rewrites no person and no request."""
    request = host(helene, "NEUROLEARN")
    people = list(User.objects.values_list("pk", flat=True))
    before = row_versions(User, people), row_versions(Position, [request.pk])
    cardiologie = department("Cardiologie")
    cardiologie.head = personas["clinician"]
    cardiologie.save()
    neurolearn = team("NEUROLEARN")
    neurolearn.leader = personas["researcher"]
    neurolearn.save()
    Hospital.objects.filter(pk=cardiologie.hospital_id).update(name="Hôpital Georges-Pompidou")
    assert (row_versions(User, people), row_versions(Position, [request.pk])) == before
    # A rename does: the team's people and requests.
    services.team_save(team=neurolearn, by=personas["ops"], name="Neuroimaging")
    after = row_versions(User, people), row_versions(Position, [request.pk])
    assert after[0][personas["teamlead2"].pk] != before[0][personas["teamlead2"].pk]
    assert after[0][personas["clinician"].pk] == before[0][personas["clinician"].pk]
    assert after[1] != before[1]


def test_the_search_finds_no_one_beyond_what_the_reader_sees(personas, shared_project):
    # The partner sees the people they share a project with, and no one else, however searched.
    assert people_found(personas["partner"], "clinicienne") == []
    assert people_found(personas["partner"], "chercheur") == ["researcher"]
    # Staff do not see a partner they share no project with.
    assert people_found(personas["clinician2"], "partenaire") == []
    assert people_found(personas["researcher"], "partenaire") == ["partner"]


def test_an_inactive_person_is_never_found(personas, helene):
    User.objects.filter(pk=helene.pk).update(is_active=False)
    assert people_found(personas["ops"], "helene") == []


def test_the_directory_page_and_the_api_list_the_matches_best_first(sign_in, personas):
    UserFactory(username="by_unit", first_name="Anne", last_name="Martin", team=TeamFactory(acronym="PASTEUR"))
    UserFactory(username="by_name", first_name="Louis", last_name="Pasteur")
    client = sign_in("ops")
    page = client.get(reverse("people:person-list"), {"q": "pasteur"}).context["page"]
    assert [person.username for person in page] == ["by_name", "by_unit"]
    results = client.get(reverse("api:person-list"), {"q": "pasteur"}).json()["results"]
    assert [person["username"] for person in results] == ["by_name", "by_unit"]


def test_a_page_past_a_search_s_last_answers_its_last_page(sign_in):
    response = sign_in("ops").get(reverse("people:person-list"), {"q": "labsite", "page": "9" * 30})
    assert response.status_code == 200
    assert response.context["page"].number == 1


# Host positions and secondments ---------------------------------------------------------


def test_a_request_is_found_by_applicant_topic_and_units_never_by_its_justification(personas):
    request = host(
        personas["clinician"],
        "NEUROLEARN",
        topic="Échographie cardiaque augmentée",
        justification="Motif personnel: congé parental",
    )
    assert stored(request)
    ops = personas["ops"]
    for q in ("camille", "clinicienne", "clinician", "echographie", "ECHOGRAPHIE augm", "neurolearn", "cardiologie"):
        assert positions_found(ops, q) == [request.pk], q
    for q in ("parental", "motif personnel", "conge"):
        assert positions_found(ops, q) == [], q
    assert "parental" not in stored(request)


def test_a_topic_ranks_before_a_unit(personas):
    by_unit = secondment(personas["researcher"], "Neuroradiologie", topic="Cortex imaging")
    by_topic = host(personas["clinician"], "CARDIOSIM", topic="Neuroradiologie interventionnelle")
    assert positions_found(personas["ops"], "neuroradiologie") == [by_topic.pk, by_unit.pk]


def test_the_document_follows_the_applicant_and_the_units_renamed(personas):
    request = host(personas["clinician"], "NEUROLEARN")
    ops = personas["ops"]
    services.user_update_profile(user=personas["clinician"], by=personas["clinician"], last_name="Praticienne")
    assert positions_found(ops, "praticienne") == [request.pk]
    assert positions_found(ops, "clinicienne") == []
    User.objects.filter(pk=personas["clinician"].pk).update(username="camille.p")
    assert positions_found(ops, "camille.p") == [request.pk]

    services.team_save(team=team("NEUROLEARN"), by=ops, acronym="BRAINLEARN")
    assert positions_found(ops, "brainlearn") == [request.pk]
    assert positions_found(ops, "neurolearn") == []
    cardiologie = department("Cardiologie")
    cardiologie.name = "Cardiologie pédiatrique"
    cardiologie.save()
    assert positions_found(ops, "pediatrique") == [request.pk]


def test_the_document_follows_the_request_edited(personas):
    request = submit(host(personas["clinician"], "NEUROLEARN", topic="Deep learning"))
    assert positions_found(personas["ops"], "deep") == [request.pk]
    Position.objects.filter(pk=request.pk).update(topic="Federated statistics")
    assert positions_found(personas["ops"], "deep") == []
    assert positions_found(personas["ops"], "federated") == [request.pk]


def test_a_request_is_never_found_by_who_may_not_see_it(sign_in, personas):
    draft = host(personas["clinician"], "NEUROLEARN", topic="Sepsis prediction")
    # A draft: its applicant, direction and operations alone.
    assert positions_found(personas["clinician"], "sepsis") == [draft.pk]
    assert positions_found(personas["teamlead2"], "sepsis") == []
    assert positions_found(personas["clinician2"], "sepsis") == []
    client = sign_in("clinician2")
    page = client.get(reverse("people:hostposition-list"), {"q": "sepsis", "view": "all"}).context["page"]
    assert list(page) == []
    assert client.get(reverse("api:hostposition-list"), {"q": "sepsis"}).json()["count"] == 0


def test_the_lists_filters_and_tabs_apply_with_the_search(sign_in, personas):
    submitted = submit(host(personas["clinician"], "NEUROLEARN", topic="Sepsis prediction"))
    draft = host(personas["clinician2"], "NEUROLEARN", topic="Sepsis phenotypes")
    client = sign_in("teamlead2")
    url = reverse("people:hostposition-list")
    # Without a tab, a search looks in every request the reader sees (the header's search leads here).
    response = client.get(url, {"q": "sepsis"})
    assert response.context["view"] == "all"
    assert [row.position.pk for row in response.context["rows"]] == [submitted.pk]
    # The awaiting tab, searched.
    response = client.get(url, {"q": "sepsis", "view": "awaiting"})
    assert [row.position.pk for row in response.context["rows"]] == [submitted.pk]
    assert client.get(url, {"q": "phenotypes", "view": "awaiting"}).context["page"].paginator.count == 0
    # Filters and a search together.
    ops = sign_in("ops")
    found = ops.get(url, {"q": "sepsis", "view": "all", "status": "draft"}).context["rows"]
    assert [row.position.pk for row in found] == [draft.pk]
    found = ops.get(url, {"q": "sepsis", "view": "all", "department": department("Cardiologie").pk}).context["rows"]
    assert [row.position.pk for row in found] == [submitted.pk]
    assert ops.get(url, {"q": "sepsis", "view": "mine"}).context["page"].paginator.count == 0
    body = ops.get(reverse("api:hostposition-list"), {"q": "sepsis", "status": "submitted"}).json()
    assert [row["id"] for row in body["results"]] == [submitted.pk]


def test_the_secondments_list_searches_its_own_kind(sign_in, personas):
    seconded = secondment(personas["researcher"], "Neuroradiologie", topic="Stroke imaging")
    host(personas["clinician"], "NEUROLEARN", topic="Stroke triage")
    rows = sign_in("ops").get(reverse("people:secondment-list"), {"q": "stroke"}).context["rows"]
    assert [row.position.pk for row in rows] == [seconded.pk]


# Calls and chairs -------------------------------------------------------------------------


def call(title: str, description: str = "") -> Call:
    return Call.objects.create(title=title, description=description, opens_on=today(), closes_on=today())


def chair(title: str, description: str = "", *holders: User) -> Chair:
    created = Chair.objects.create(
        title=title, description=description, start_date=today(), end_date=today().replace(year=today().year + 3)
    )
    created.holders.set(holders)
    return created


def test_a_call_s_title_ranks_before_its_description_accents_ignored_the_last_word_a_prefix(personas):
    in_description = call("Appel 2027", "Ouvert aux équipes de cardiologie.")
    in_title = call("Appel Cardiologie Hélène Dupont")
    assert stored(in_title)
    assert [found.pk for found in call_list(user=personas["clinician"], q="cardi")] == [in_title.pk, in_description.pk]
    assert [found.pk for found in call_list(user=personas["clinician"], q="helene")] == [in_title.pk]
    Call.objects.filter(pk=in_title.pk).update(title="Appel neurologie")
    assert [found.pk for found in call_list(user=personas["clinician"], q="cardiologie")] == [in_description.pk]


def test_a_partner_finds_no_call(personas):
    call("Appel Cardiologie")
    assert list(call_list(user=personas["partner"], q="cardiologie")) == []


def test_a_chair_s_title_ranks_before_its_description_and_a_partner_finds_only_their_own(personas):
    in_description = chair("Chaire IA et santé", "Imagerie cardiaque et échographie.", personas["researcher"])
    in_title = chair("Chaire Échographie", "", personas["partner"])
    assert [found.pk for found in chair_list(user=personas["researcher"], q="echographie")] == [
        in_title.pk,
        in_description.pk,
    ]
    assert [found.pk for found in chair_list(user=personas["partner"], q="echographie")] == [in_title.pk]
    Chair.objects.filter(pk=in_description.pk).update(description="Sepsis.")
    assert [found.pk for found in chair_list(user=personas["researcher"], q="echo")] == [in_title.pk]


def test_the_call_and_chair_pages_list_the_matches(sign_in, personas):
    call("Appel Cardiologie")
    call("Appel Neurologie")
    chair("Chaire Échographie", "", personas["researcher"])
    client = sign_in("clinician")
    response = client.get(reverse("people:call-list"), {"q": "cardio"})
    assert [found.title for found in response.context["page"]] == ["Appel Cardiologie"]
    assert 'name="q"' in response.content.decode()
    response = client.get(reverse("people:call-list"), {"q": "pneumologie"})
    assert response.context["filtered"]
    assert list(response.context["page"]) == []
    response = client.get(reverse("people:chair-list"), {"q": "échographie"})
    assert [found.title for found in response.context["page"]] == ["Chaire Échographie"]
    assert len(client.get(reverse("people:chair-list")).context["page"]) >= 1


# What a search costs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "url", "q"),
    [
        ("ops", "people:person-list", "labsite"),
        ("ops", "people:hostposition-list", "learning"),
        ("teamlead2", "people:hostposition-list", "learning"),
        ("ops", "people:secondment-list", "learning"),
        ("clinician", "people:call-list", "appel"),
        ("clinician", "people:chair-list", "chaire"),
    ],
)
def test_a_search_costs_no_more_queries_than_the_list(sign_in, personas, persona, url, q):
    """The count of a search is read with its page: one query less than a list, whatever it finds."""
    for n in range(3):
        submit(host(personas["clinician"], "NEUROLEARN", share=10, topic=f"Deep learning {n}"))
        submit(secondment(personas["researcher"], "Neuroradiologie", share=10, topic=f"Machine learning {n}"))
        call(f"Appel {n}")
        chair(f"Chaire {n}", "", personas["researcher"], personas["clinician"])
    client = sign_in(persona)

    def cost(query: dict[str, str]) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(url), query)
        assert response.status_code == 200
        assert len(response.context["page"]) > 0
        return len(queries)

    view = {"view": "all"} if url.endswith(("hostposition-list", "secondment-list")) else {}
    # The list first: once searched, its bare address would lead to the search remembered (core.filters).
    listed = cost(view)
    assert cost({**view, "q": q}) <= listed


# Without the stored documents (SQLite) ------------------------------------------------------


@pytest.fixture
def without_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """``core.search`` as it searches on SQLite: each word in one of the fields."""
    monkeypatch.setattr(core_search, "connection", SimpleNamespace(vendor="sqlite"))


def test_the_fallback_finds_a_person_by_name_username_email_and_unit(personas, helene, without_documents):
    ops = personas["ops"]
    inria = UserFactory(username="inria.person", team=TeamFactory(acronym="ZEBRA"))
    partner = UserFactory(institution=Institution.PARTNER, company=CompanyFactory(name="Okapi Devices"))
    aphp = UserFactory(institution=Institution.APHP, department=DepartmentFactory(name="Pneumologie"))
    assert people_found(ops, "Hélène") == ["h.dupont"]
    assert people_found(ops, "h.dupont") == ["h.dupont"]
    assert people_found(ops, "dupont@aphp") == ["h.dupont"]
    assert people_found(ops, "zebra") == [inria.username]
    assert people_found(ops, "pneumo") == [aphp.username]
    assert people_found(ops, "okapi") == [partner.username]
    assert people_found(ops, "hélène cardiologie") == ["h.dupont"]
    assert people_found(personas["clinician"], "okapi") == []


def test_the_fallback_finds_requests_calls_and_chairs(personas, without_documents):
    request = host(personas["clinician"], "NEUROLEARN", topic="Sepsis prediction", justification="Secret reason")
    ops = personas["ops"]
    assert positions_found(ops, "clinicienne sepsis") == [request.pk]
    assert positions_found(ops, "neurolearn") == [request.pk]
    assert positions_found(ops, "secret") == []
    assert positions_found(personas["clinician2"], "sepsis") == []
    found_call = call("Appel Cardiologie")
    assert list(call_list(user=ops, q="cardio")) == [found_call]
    found_chair = chair("Chaire", "Échographie", personas["researcher"])
    assert list(chair_list(user=ops, q="échographie")) == [found_chair]
