"""The transfer demo (SPEC §6): every stage, route and agreement kind on show,
idempotent, and seen by each persona as SPEC §3 says."""

from collections.abc import Iterator
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from core.audit import audit_history
from core.models import AuditEvent
from people.demo import PERSONAS as DEMO_PERSONAS
from people.models import Company, User
from transfer import demo, selectors
from transfer.models import Agreement, Deployment, Innovation, Kind, Route, Stage

PERSONAS = [persona.username for persona in DEMO_PERSONAS]
EVERYTHING = {"director", "ops", "transfer"}


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker) -> Iterator[None]:
    """``seed_demo`` run once for the module, in a transaction rolled back at its
    end (each test runs in a savepoint inside it)."""
    with django_db_blocker.unblock(), transaction.atomic(), override_settings(DEBUG=True):
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def users(seeded: None, db: None) -> dict[str, User]:
    return {user.username: user for user in User.objects.filter(username__in=PERSONAS)}


def visible(user: User) -> set[str]:
    return set(selectors.innovation_list(user=user).values_list("title", flat=True))


def seers(innovation: Innovation) -> set[str]:
    return {
        username
        for username in PERSONAS
        if selectors.innovation_list(user=User.objects.get(username=username)).filter(pk=innovation.pk).exists()
    }


def snapshot() -> dict[str, object]:
    return {
        "innovations": sorted(
            Innovation.objects.values_list("title", "stage", "transferred_on", "confidential", "project__acronym")
        ),
        "owners": Innovation.owners.through.objects.count(),
        "agreements": sorted(Agreement.objects.values_list("reference", "signed_on", "expires_on", "partner__name")),
        "deployments": sorted(Deployment.objects.values_list("system_name", "status", "go_live_on")),
        "companies": sorted(Company.objects.values_list("name", flat=True)),
        "audit": AuditEvent.objects.count(),
    }


def test_seed_demo_picks_up_the_transfer_demo(users):
    assert Innovation.objects.filter(title__in=[spec.title for spec in demo.DEMO_INNOVATIONS]).count() == len(
        demo.DEMO_INNOVATIONS
    )
    assert 10 <= len(demo.DEMO_INNOVATIONS) <= 12


def test_seeding_twice_changes_nothing(users):
    before = snapshot()
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=StringIO())
    demo.seed()
    demo.seed_content()
    assert snapshot() == before


def test_every_stage_route_and_kind_is_on_show(users):
    assert set(Innovation.objects.values_list("stage", flat=True)) == set(Stage.values)
    assert set(Innovation.objects.values_list("route", flat=True)) == set(Route.values)
    assert set(Innovation.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert set(Agreement.objects.values_list("kind", flat=True)) == set(Agreement.Kind.values)
    confidential = Innovation.objects.filter(confidential=True).count()
    assert Innovation.objects.count() - confidential < confidential  # the default is the common case


def test_transfers_span_three_years_for_the_figures(users):
    figures = selectors.key_figures(user=users["director"], today=timezone.localdate())
    year = timezone.localdate().year
    assert figures.transfer_years == [year - 2, year - 1, year]
    assert all(on <= timezone.localdate() for on in Innovation.objects.values_list("transferred_on", flat=True) if on)
    assert figures.total == len(demo.DEMO_INNOVATIONS)


def test_each_stage_history_is_written_by_the_transfer_officer(users):
    for innovation in Innovation.objects.all():
        events = list(audit_history(innovation).order_by("pk"))
        assert events[0].action == "created"
        assert {event.actor for event in events} == {users["transfer"]}
        stages = [event.changes["stage"] for event in events if event.action in ("stage_changed", "reopened")]
        # Each move starts where the previous one ended, and the last ends where the card stands.
        path = ["identified", *(new for _old, new in stages)]
        assert [old for old, _new in stages] == path[:-1]
        assert path[-1] == innovation.stage
    reopened = AuditEvent.objects.filter(action="reopened")
    assert reopened.count() == 1
    assert reopened.get().comment


def test_the_partner_sees_exactly_the_cardio_ml_innovation_licensed_to_its_company(users):
    partner = users["partner"]
    [innovation] = selectors.innovation_list(user=partner)
    assert (innovation.project.acronym, innovation.confidential) == ("CARDIO-ML", False)
    assert {a.partner for a in selectors.agreement_list(user=partner)} == {partner.company}
    assert {a.innovation for a in selectors.agreement_list(user=partner)} == {innovation}
    assert list(selectors.partner_list(user=partner)) == [partner.company]
    # Its company also signed an NDA on a confidential innovation, which opens nothing.
    assert Agreement.objects.filter(partner=partner.company, innovation__confidential=True).exists()


def test_clinician2_sees_no_confidential_innovation_and_only_those_of_their_projects(users):
    clinician2 = users["clinician2"]
    seen = list(selectors.innovation_list(user=clinician2))
    assert len(seen) >= 2
    assert not any(innovation.confidential for innovation in seen)
    mine = set(clinician2.project_memberships.values_list("project_id", flat=True))
    assert all(innovation.project_id in mine for innovation in seen)
    # NEUROFED, a confidential project clinician2 is a plain member of, has a confidential innovation.
    assert Innovation.objects.filter(project__acronym="NEUROFED", confidential=True).exists()


def test_the_confidential_heartwatch_innovation_is_seen_by_its_leads_only(users):
    [innovation] = Innovation.objects.filter(project__acronym="HEARTWATCH")
    assert innovation.confidential
    assert seers(innovation) == {*EVERYTHING, "teamlead", "clinician"}


def test_everyone_sees_the_innovations_they_own(users):
    for innovation in Innovation.objects.prefetch_related("owners"):
        for owner in innovation.owners.all():
            assert innovation.pk in selectors.innovation_list(user=owner).values_list("pk", flat=True), (
                owner.username,
                innovation.title,
            )


def test_the_transfer_office_direction_and_operations_see_everything(users):
    for username in EVERYTHING:
        assert selectors.innovation_list(user=users[username]).count() == Innovation.objects.count()


def test_one_agreement_expires_within_90_days_others_later_or_already(users):
    today = timezone.localdate()
    [expiring] = selectors.agreements_expiring(user=users["transfer"], today=today)
    assert expiring.expires_on <= today + timedelta(days=90)
    assert Agreement.objects.filter(expires_on__lt=today).exists()
    assert Agreement.objects.filter(expires_on__gt=today + timedelta(days=90)).exists()
    # The lead of its project is reminded of it too.
    [lead] = expiring.innovation.project.memberships.filter(role="lead").values_list("user__username", flat=True)
    assert [a.pk for a in selectors.agreements_expiring(user=users[lead], today=today)] == [expiring.pk]


def test_deployments_in_the_hospitals_one_live(users):
    deployments = Deployment.objects.select_related("hospital", "department")
    assert deployments.count() >= 2
    assert deployments.filter(status=Deployment.Status.LIVE).exists()
    assert all(d.department is None or d.department.hospital_id == d.hospital_id for d in deployments)
    assert len({d.hospital_id for d in deployments}) == 2


def test_partner_companies_are_the_partners_and_three_others(users):
    names = set(Company.objects.values_list("name", flat=True))
    assert names == {users["partner"].company.name, *demo.COMPANIES}
    assert all(Agreement.objects.filter(partner__name=name).exists() for name in names)
