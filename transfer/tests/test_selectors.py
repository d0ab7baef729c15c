"""Who sees which transfer record (SPEC §3), decided once in transfer.selectors;
filters, full-text search and the key figures over what the viewer sees."""

from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from people.models import Company, Hospital, User
from projects import services as project_services
from projects.models import Membership, Project
from transfer import selectors, services
from transfer.models import Agreement, Deployment, Innovation
from transfer.tests.scenario import EVERYTHING, SEES, SEES_AGREEMENT, SEES_PARTNER, Scenario
from transfer.tests.worlds import PERSONAS, TODAY, build, fresh, world


def seers(queryset_of, obj: object) -> set[str]:
    return {username for username in PERSONAS if queryset_of(fresh(username)).filter(pk=obj.pk).exists()}


def titles(user: User, **kwargs) -> set[str]:
    return set(selectors.innovation_list(user=user, **kwargs).values_list("title", flat=True))


def innovation(by: User, title: str, **fields) -> Innovation:
    return services.innovation_create(by=by, title=title, **fields)


# Visibility -------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(SEES))
def test_each_innovation_is_seen_by_exactly_whom_spec_says(scenario: Scenario, key):
    target = scenario.innovations[key]
    assert seers(lambda user: selectors.innovation_list(user=user), target) == SEES[key]
    assert seers(lambda user: selectors.innovation_detail_queryset(user=user), target) == SEES[key]


@pytest.mark.parametrize("key", sorted(SEES_AGREEMENT))
def test_each_agreement_is_seen_by_whoever_sees_its_innovation(scenario: Scenario, key):
    target = scenario.agreements[key]
    assert seers(lambda user: selectors.agreement_list(user=user), target) == SEES_AGREEMENT[key]


@pytest.mark.parametrize("key", sorted(SEES_PARTNER))
def test_each_partner_company_is_seen_by_whoever_sees_one_of_its_agreements(scenario: Scenario, key):
    target = scenario.companies[key]
    assert seers(lambda user: selectors.partner_list(user=user), target) == SEES_PARTNER[key]


def test_a_deployment_is_seen_by_whoever_sees_its_innovation(scenario: Scenario):
    assert seers(lambda user: selectors.deployment_list(user=user), scenario.deployment) == SEES["secret"]


def test_a_partner_sees_its_own_companys_agreements_not_its_competitors(scenario: Scenario):
    competing = services.agreement_create(
        by=scenario.users["transfer"],
        kind="licence",
        partner=scenario.companies["other"],
        innovation=scenario.innovations["public"],
        signed_on=TODAY,
        reference="AGR-COMPETITOR",
    )
    assert seers(lambda user: selectors.agreement_list(user=user), competing) == SEES["public"] - {"partner"}
    partner = fresh("partner")
    assert set(selectors.agreement_list(user=partner).values_list("reference", flat=True)) == {"AGR-PUBLIC"}
    assert set(selectors.partner_list(user=partner).values_list("name", flat=True)) == {partner.company.name}
    # What a staff member sees of the same company counts every agreement they see.
    [other] = selectors.partner_list(user=fresh("teamlead"), q="other")
    assert other.agreement_count == 1


def test_a_partner_sees_its_own_company_even_without_an_agreement(personas):
    partner = personas["partner"]
    assert list(selectors.partner_list(user=partner)) == [partner.company]
    assert list(selectors.agreement_list(user=partner)) == []


def test_a_partner_sees_an_innovation_through_an_agreement_not_through_its_project(scenario: Scenario):
    """``partner`` is a member of OPEN; an innovation of OPEN without an
    agreement with its company stays out of its sight."""
    officer = scenario.users["transfer"]
    unsigned = innovation(officer, "Unsigned", project=scenario.projects["open"], confidential=False)
    assert seers(lambda user: selectors.innovation_list(user=user), unsigned) == SEES["public"] - {"partner"}
    services.agreement_create(
        by=officer,
        kind="nda",
        partner=scenario.companies["partner"],
        innovation=unsigned,
        signed_on=TODAY,
        reference="AGR-NOW-SIGNED",
    )
    assert "Unsigned" in titles(fresh("partner"))


def test_a_lead_sees_a_confidential_innovation_a_plain_member_does_not(scenario: Scenario):
    secret = scenario.innovations["secret"]
    assert "researcher" in seers(lambda user: selectors.innovation_list(user=user), secret)
    assert "clinician" not in seers(lambda user: selectors.innovation_list(user=user), secret)
    project_services.member_set_role(
        project=scenario.projects["secret"],
        by=scenario.users["researcher"],
        user=scenario.users["clinician"],
        role="lead",
    )
    assert "Innovation secret" in titles(fresh("clinician"))


def test_membership_and_confidentiality_changes_are_effective_at_once(scenario: Scenario):
    officer, public = scenario.users["transfer"], scenario.innovations["public"]
    project_services.member_remove(
        project=scenario.projects["open"], by=scenario.users["teamlead"], user=scenario.users["clinician2"]
    )
    assert "Innovation public" not in titles(fresh("clinician2"))
    services.innovation_update(innovation=public, by=officer, confidential=True)
    assert seers(lambda user: selectors.innovation_list(user=user), public) == {*EVERYTHING, "teamlead"}
    services.innovation_update(innovation=public, by=officer, project=None, confidential=False)
    assert seers(lambda user: selectors.innovation_list(user=user), public) == {*EVERYTHING, "partner"}


@pytest.mark.parametrize("username", PERSONAS)
def test_a_deactivated_account_sees_nothing(scenario: Scenario, username):
    user = fresh(username)
    user.is_active = False
    user.save(update_fields=["is_active"])
    user = fresh(username)
    assert not selectors.innovation_list(user=user).exists()
    assert not selectors.agreement_list(user=user).exists()
    assert not selectors.deployment_list(user=user).exists()
    assert not selectors.partner_list(user=user).exists()
    assert selectors.key_figures(user=user, today=TODAY).total == 0


def test_project_innovations_are_those_of_the_project_the_user_sees(scenario: Scenario):
    open_project = scenario.projects["open"]
    assert [i.title for i in selectors.project_innovations(user=fresh("teamlead"), project=open_project)] == [
        "Innovation hidden",
        "Innovation public",
    ]
    assert [i.title for i in selectors.project_innovations(user=fresh("clinician2"), project=open_project)] == [
        "Innovation public"
    ]
    assert list(selectors.project_innovations(user=fresh("clinician"), project=scenario.projects["secret"])) == []


# Filters --------------------------------------------------------------------------


def test_innovation_filters(scenario: Scenario):
    officer = scenario.users["transfer"]
    services.innovation_update(
        innovation=scenario.innovations["secret"], by=officer, kind="patent", route="startup", readiness_level=7
    )
    services.innovation_move(innovation=scenario.innovations["orphan"], by=officer, to="evaluating")
    ops = fresh("ops")
    everything = {f"Innovation {key}" for key in SEES}
    assert titles(ops, filters={"stage": "evaluating"}) == {"Innovation orphan"}
    assert titles(ops, filters={"kind": "patent"}) == {"Innovation secret"}
    assert titles(ops, filters={"route": "licence"}) == everything - {"Innovation secret"}
    assert titles(ops, filters={"readiness_level": 7}) == {"Innovation secret"}
    assert titles(ops, filters={"project": scenario.projects["open"]}) == {"Innovation public", "Innovation hidden"}
    assert titles(ops, filters={"confidential": True}) == {"Innovation hidden", "Innovation secret"}
    assert titles(ops, filters={"confidential": False}) == {"Innovation public", "Innovation orphan"}
    assert titles(ops, filters={"confidential": ""}) == everything
    assert titles(ops, filters={"partner": scenario.companies["other"]}) == {"Innovation secret", "Innovation orphan"}
    assert titles(ops, filters={"stage": "", "kind": None}) == everything
    # Filters narrow what the user sees, never widen it.
    assert titles(fresh("teamlead"), filters={"partner": scenario.companies["other"]}) == set()
    assert titles(fresh("clinician2"), filters={"confidential": True}) == set()


def test_agreement_filters_and_expiry(scenario: Scenario):
    today = timezone.localdate()
    ops = fresh("ops")

    def references(**filters) -> set[str]:
        return set(selectors.agreement_list(user=ops, filters=filters).values_list("reference", flat=True))

    assert references(kind="nda") == {"AGR-PUBLIC", "AGR-HIDDEN"}
    assert references(partner=scenario.companies["other"]) == {"AGR-SECRET", "AGR-ORPHAN"}
    assert references(innovation=scenario.innovations["secret"]) == {"AGR-SECRET"}
    assert references(expires_before=today + timedelta(days=90)) == {"AGR-PUBLIC"}
    assert references(expires_after=today + timedelta(days=90)) == {"AGR-HIDDEN", "AGR-SECRET", "AGR-ORPHAN"}
    expiring = selectors.agreements_expiring(user=ops, today=today)
    assert [a.reference for a in expiring] == ["AGR-PUBLIC"]
    assert list(selectors.agreements_expiring(user=ops, today=today, within_days=29)) == []
    assert list(selectors.agreements_expiring(user=ops, today=today + timedelta(days=31))) == []
    assert [a.reference for a in selectors.agreements_expiring(user=fresh("clinician2"), today=today)] == ["AGR-PUBLIC"]
    assert list(selectors.agreements_expiring(user=fresh("researcher"), today=today)) == []


def test_partner_search_by_name(scenario: Scenario):
    ops = fresh("ops")
    assert [c.name for c in selectors.partner_list(user=ops, q="medical")] == ["Other Medical"]
    assert list(selectors.partner_list(user=fresh("clinician2"), q="medical")) == []


# Full-text search -------------------------------------------------------------------


@pytest.fixture
def searchable(scenario: Scenario) -> Scenario:
    officer = scenario.users["transfer"]
    open_project = scenario.projects["open"]
    innovation(
        officer,
        "Détection des arythmies cardiaques",
        description="Logiciel d'analyse des électrocardiogrammes ambulatoires, en cours de déploiement.",
        project=open_project,
        confidential=False,
    )
    innovation(
        officer,
        "Sepsis early-warning score",
        description="Warns intensivists hours before septic shock.",
        project=open_project,
        confidential=False,
    )
    innovation(
        officer,
        "Jumeau numérique du cœur",
        description="Prédiction de la décompensation cardiaque.",
        project=open_project,
    )
    return scenario


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("arythmies", {"Détection des arythmies cardiaques"}),
        ("arythmie", {"Détection des arythmies cardiaques"}),  # French stemming
        ("électrocardiogramme", {"Détection des arythmies cardiaques"}),  # in the description
        ("cardiaque", {"Détection des arythmies cardiaques", "Jumeau numérique du cœur"}),
        ("prédictions", {"Jumeau numérique du cœur"}),
        ("décompensée", {"Jumeau numérique du cœur"}),  # French stemming only: "décompensation"
        ("déployé", {"Détection des arythmies cardiaques"}),  # French stemming only: "déploiement"
        ("warning", {"Sepsis early-warning score"}),
        ("warned", {"Sepsis early-warning score"}),  # English stemming only: "warns", "warning"
        ("scores", {"Sepsis early-warning score"}),
        ("SEPSIS", {"Sepsis early-warning score"}),
        ("septic shock", {"Sepsis early-warning score"}),
        ("sepsis cardiaque", set()),  # every word must match
        ("innovation", {f"Innovation {key}" for key in SEES}),
        ("nothing-like-it", set()),
    ],
)
def test_search_stems_french_and_english(searchable: Scenario, q, expected):
    assert titles(fresh("ops"), q=q) == expected


def test_search_never_finds_what_one_cannot_see(searchable: Scenario):
    assert titles(fresh("teamlead"), q="cardiaque") == {
        "Détection des arythmies cardiaques",
        "Jumeau numérique du cœur",
    }
    assert titles(fresh("clinician2"), q="cardiaque") == {"Détection des arythmies cardiaques"}
    assert titles(fresh("clinician2"), q="innovation") == {"Innovation public"}
    assert titles(fresh("partner"), q="innovation") == {"Innovation public"}
    assert titles(fresh("partner"), q="cardiaque") == set()


def test_search_combines_with_filters_without_duplicates(searchable: Scenario):
    rows = list(selectors.innovation_list(user=fresh("ops"), q="cardiaque", filters={"confidential": True}))
    assert [row.title for row in rows] == ["Jumeau numérique du cœur"]
    rows = list(selectors.innovation_list(user=fresh("teamlead"), q="innovation public"))
    assert [row.title for row in rows] == ["Innovation public"]


# Key figures ------------------------------------------------------------------------


def test_key_figures_count_only_what_the_viewer_sees(scenario: Scenario):
    officer = scenario.users["transfer"]
    for key, stage in (("public", "transferred"), ("secret", "transferred"), ("hidden", "abandoned")):
        services.innovation_move(
            innovation=scenario.innovations[key], by=officer, to=stage, reason="Because.", today=date(2029, 5, 1)
        )
    director = selectors.key_figures(user=fresh("director"), today=timezone.localdate())
    assert director.total == 4
    assert dict((stage, n) for stage, _label, n in director.by_stage) == {
        "identified": 1,
        "evaluating": 0,
        "protecting": 0,
        "transferring": 0,
        "transferred": 2,
        "abandoned": 1,
    }
    assert [(year, route, n) for year, route, _label, n in director.transfers] == [(2029, "licence", 2)]
    assert director.transfer_years == [2029]
    assert [a.reference for a in director.expiring] == ["AGR-PUBLIC"]
    assert director.deployments == [(scenario.deployment.hospital.short_name, scenario.deployment.hospital.name, 1, 1)]
    teamlead = selectors.key_figures(user=fresh("teamlead"), today=timezone.localdate())
    assert teamlead.total == 2
    assert dict((stage, n) for stage, _label, n in teamlead.by_stage if n) == {"transferred": 1, "abandoned": 1}
    assert [(year, route, n) for year, route, _label, n in teamlead.transfers] == [(2029, "licence", 1)]
    assert teamlead.deployments == []
    researcher = selectors.key_figures(user=fresh("researcher"), today=timezone.localdate())
    assert (researcher.total, researcher.expiring) == (1, [])
    assert [(total, live) for _short, _name, total, live in researcher.deployments] == [(1, 1)]


def many_innovations(personas: dict[str, User], size: int) -> None:
    """``size`` innovations over two projects, with agreements and deployments."""
    project = Project.objects.create(acronym="BULK", title="Bulk")
    Membership.objects.create(project=project, user=personas["teamlead"], role=Membership.Role.LEAD)
    company = Company.objects.create(name="Bulk Company")
    hospital = Hospital.objects.order_by("pk").first()
    stages = ["identified", "evaluating", "protecting", "transferring", "transferred", "abandoned"]
    innovations = Innovation.objects.bulk_create(
        Innovation(
            title=f"Bulk {n}",
            project=project if n % 2 else None,
            confidential=n % 3 == 0,
            stage=stages[n % len(stages)],
            route=["licence", "startup", "hospital"][n % 3],
            transferred_on=date(2026 + n % 4, 1, 1) if stages[n % len(stages)] == "transferred" else None,
        )
        for n in range(size)
    )
    Agreement.objects.bulk_create(
        Agreement(
            kind="nda",
            partner=company,
            innovation=item,
            signed_on=TODAY,
            expires_on=TODAY + timedelta(days=n % 120 + 1),
            reference=f"B{n}",
        )
        for n, item in enumerate(innovations)
    )
    Deployment.objects.bulk_create(
        Deployment(innovation=item, hospital=hospital, system_name=f"S{n}", status="live")
        for n, item in enumerate(innovations)
    )


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize(("username", "queries"), [("director", 5), ("transfer", 5), ("teamlead", 5)])
def test_key_figures_cost_a_constant_number_of_queries(personas, django_assert_num_queries, size, username, queries):
    many_innovations(personas, size)
    user = fresh(username)
    # The user's groups, then: stages, transfers per year and route, the expiring
    # agreements (with partner and innovation), deployments per hospital.
    with django_assert_num_queries(queries):
        figures = selectors.key_figures(user=user, today=TODAY)
    assert figures.total == (size if username != "teamlead" else size // 2)
    assert len(figures.expiring) == sum(1 for n in range(size) if (username != "teamlead" or n % 2) and n % 120 < 90)


@pytest.mark.parametrize("username", ["director", "teamlead", "clinician2", "partner"])
def test_lists_cost_a_constant_number_of_queries(personas, username):
    def cost(size: int) -> list[int]:
        with transaction.atomic():
            many_innovations(personas, size)
            user = fresh(username)
            counts = []
            for read in (selectors.innovation_list, selectors.agreement_list, selectors.deployment_list):
                with CaptureQueriesContext(connection) as context:
                    rows = list(read(user=user))
                    for row in rows:
                        str(row)  # what a list page shows of each row
                counts.append(len(context))
            transaction.set_rollback(True)
        return counts

    assert cost(5) == cost(50)


# The rule holds whatever the data: a property test -----------------------------------


@hypothesis_settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=world)
def test_the_lists_follow_spec_rules_whatever_the_data(cast, data):
    with transaction.atomic():
        lab, innovations, agreements, companies = build(cast, data)
        for username, user in lab.users.items():
            seen = set(selectors.innovation_list(user=user).values_list("pk", flat=True))
            expected = {item.pk for n, item in enumerate(innovations) if lab.sees_innovation(username, n)}
            assert seen == expected, (username, data)
            seen = set(selectors.agreement_list(user=user).values_list("pk", flat=True))
            expected = {item.pk for n, item in enumerate(agreements) if lab.sees_agreement(username, n)}
            assert seen == expected, (username, data, "agreements")
            seen = set(
                selectors.partner_list(user=user).filter(pk__in=[c.pk for c in companies]).values_list("pk", flat=True)
            )
            expected = {item.pk for n, item in enumerate(companies) if lab.sees_company(username, n)}
            assert seen == expected, (username, data, "partners")
        transaction.set_rollback(True)


def test_a_history_names_only_what_its_reader_sees(scenario):
    """One selector for the pages and the API: a project or person the reader
    does not see is left out, and a change made only of such values too."""
    from transfer.selectors import innovation_history

    users = scenario.users
    orphan = scenario.innovations["orphan"]
    services.innovation_update(
        innovation=orphan, by=users["transfer"], project=scenario.projects["secret"], confidential=False
    )
    services.innovation_update(innovation=orphan, by=users["transfer"], owners=[users["researcher"], users["partner"]])

    def project_changes(user):
        return [
            e.changes["project"] for e in innovation_history(user=user, innovation=orphan) if "project" in e.changes
        ]

    assert project_changes(users["director"])[-1] == [None, "SECRET"]
    assert project_changes(users["researcher"])[-1] == [None, "SECRET"]  # leads SECRET
    # Not in the confidential project: every project change is left out.
    assert project_changes(users["transfer"]) == []
    owners = [
        e.changes["owners"]
        for e in innovation_history(user=users["researcher"], innovation=orphan)
        if "owners" in e.changes
    ]
    # The partner, whom the researcher does not see, is left out, not marked.
    assert owners == [[[], ["researcher"]]] or owners == [[None, ["researcher"]]], owners
