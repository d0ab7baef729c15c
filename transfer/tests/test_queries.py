"""The transfer pages and files cost the same number of SQL queries whatever
their length (SPEC §7): 5 innovations or 50, each with a project, owners, an
agreement with its own partner company and a deployment."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from people.models import Company, Department, Hospital, User
from transfer.models import Agreement, Deployment, Innovation, Kind, Route, Stage
from transfer.tests.scenario import Scenario

STAGES = list(Stage)
KINDS = list(Kind)
ROUTES = list(Route)

PAGES = [
    reverse("transfer:board"),
    reverse("transfer:board") + "?q=counted&kind=software",
    reverse("transfer:innovation-list"),
    reverse("transfer:innovation-list") + "?q=counted&confidential=yes",
    reverse("transfer:innovation-export") + "?format=csv",
    reverse("transfer:innovation-export") + "?format=xlsx",
    reverse("transfer:agreement-list"),
    reverse("transfer:agreement-list") + "?expiring=on",
    reverse("transfer:agreement-list") + "?q=counted&kind=nda",
    reverse("transfer:partner-list"),
]
FIGURES = [
    reverse("transfer:figures"),
    *(
        reverse("transfer:figures-export") + f"?figure={name}"
        for name in ("stages", "transfers", "expiring", "deployments")
    ),
]


def add_innovations(scenario: Scenario, count: int) -> None:
    """``count`` more innovations, every one different where a missing
    ``select_related`` or ``prefetch_related`` would show."""
    today = timezone.localdate()
    hospitals = list(Hospital.objects.all())
    departments = list(Department.objects.select_related("hospital"))
    staff = [scenario.users[name] for name in ("teamlead", "researcher", "clinician2")]
    start = Innovation.objects.count()
    for n in range(start, start + count):
        stage = STAGES[n % len(STAGES)]
        innovation = Innovation.objects.create(
            title=f"Counted innovation {n}",
            description="Counted for the query tests.",
            kind=KINDS[n % len(KINDS)],
            route=ROUTES[n % len(ROUTES)],
            readiness_level=n % 9 + 1,
            stage=stage,
            transferred_on=today - timedelta(days=400 * (n % 3)) if stage == Stage.TRANSFERRED else None,
            confidential=n % 2 == 0,
            project=scenario.projects["open" if n % 3 else "secret"],
        )
        innovation.owners.set(staff[: n % 3 + 1])
        partner = scenario.companies["partner"] if n % 4 == 0 else Company.objects.create(name=f"Counted company {n}")
        Agreement.objects.create(
            kind=Agreement.Kind.NDA,
            partner=partner,
            innovation=innovation,
            signed_on=today - timedelta(days=30),
            expires_on=today + timedelta(days=n % 120 + 1),
            reference=f"CNT-{n}",
        )
        department = departments[n % len(departments)]
        Deployment.objects.create(
            innovation=innovation,
            hospital=hospitals[n % len(hospitals)] if n % 2 else department.hospital,
            department=None if n % 2 else department,
            system_name=f"System {n}",
            status=Deployment.Status.LIVE if n % 2 else Deployment.Status.PILOT,
        )


def counts_for(client: Client, scenario: Scenario, url: str) -> list[int]:
    counts = []
    for total in (5, 50):
        add_innovations(scenario, total - Innovation.objects.count())
        cache.clear()  # the key figures are counted again, not read from the cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    return counts


@pytest.mark.parametrize("persona", ["transfer", "teamlead", "partner"])
@pytest.mark.parametrize("url", PAGES)
def test_the_lists_cost_the_same_for_5_or_50_innovations(sign_in, scenario, persona, url):
    # Per page: the session and the user, their groups; the paginator's count
    # (or the board's count per stage); one page of rows with their project,
    # partner and innovation joined; the filters' choices; the navigation's
    # permissions. None of them grows with the rows.
    counts = counts_for(sign_in(persona), scenario, url)
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("persona", ["transfer", "director"])
@pytest.mark.parametrize("url", FIGURES)
def test_the_key_figures_cost_the_same_for_5_or_50_innovations(sign_in, scenario, persona, url):
    counts = counts_for(sign_in(persona), scenario, url)
    assert counts[0] == counts[1], counts


def test_the_key_figures_page_reads_its_counts_once_per_period(sign_in, scenario, django_assert_max_num_queries):
    add_innovations(scenario, 50)
    client = sign_in("director")
    assert client.get(reverse("transfer:figures")).status_code == 200
    # Session, user; the figures from the cache (a query of its own with the database cache
    # of production); the session saved again.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("transfer:figures"))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures.expiring_count > len(figures.expiring) == 20  # the first listed, the export has them all
    assert sum(figures.expiring_windows) == figures.expiring_count
    assert figures.expiring_more == figures.expiring_count - 20
    assert f"{figures.expiring_more} " in response.content.decode().split('id="expiring"', 1)[1]


def test_the_board_answers_in_a_few_queries(sign_in, scenario, django_assert_max_num_queries):
    add_innovations(scenario, 50)
    client = sign_in("transfer")
    with django_assert_max_num_queries(12):
        # Session, user, groups; the count per stage; the cards (ranked per
        # stage, with their project and whether the viewer sees it); the
        # project filter's choices; model permissions for the navigation;
        # the session saved again.
        assert client.get(reverse("transfer:board")).status_code == 200


def test_an_innovation_page_costs_the_same_whatever_it_holds(sign_in, scenario):
    innovation = scenario.innovations["secret"]
    url = innovation.get_absolute_url()
    client = sign_in("transfer")
    counts = []
    for more in (0, 10):
        for n in range(more):
            Agreement.objects.create(
                kind=Agreement.Kind.LICENCE,
                partner=Company.objects.create(name=f"Licensee {n}"),
                innovation=innovation,
                signed_on=timezone.localdate(),
                reference=f"LIC-{n}",
            )
            Deployment.objects.create(innovation=innovation, hospital=Hospital.objects.first(), system_name=f"S{n}")
        innovation.owners.add(*User.objects.filter(institution="inria")[: more + 1])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
