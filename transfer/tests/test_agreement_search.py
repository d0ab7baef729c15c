"""The agreement search: the document PostgreSQL stores (reference and the
innovation's title, the partner's name: transfer/migrations/0005), written as
an agreement is inserted and written again when its innovation or its partner
is renamed; accents ignored, the last word a prefix, the best first; never an
agreement the reader may not see (a confidential innovation's, another
company's for a partner account); the list's ``?q=`` and the API's; and the
fallback fields (SQLite) read through their relations."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import search as core_search
from people.models import Company, User
from transfer import services
from transfer.models import Agreement, Innovation
from transfer.selectors import agreement_list
from transfer.tests.scenario import SEES_AGREEMENT, Scenario

LIST = reverse("transfer:agreement-list")
API = reverse("api:agreement-list")


def found(user: User, q: str, **filters: object) -> list[str]:
    return [agreement.reference for agreement in agreement_list(user=user, q=q, filters=filters or None)]


def stored(agreement: Agreement) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(search_document::text, '') FROM transfer_agreement WHERE id = %s", [agreement.pk]
        )
        return cursor.fetchone()[0]


def agreement(scenario: Scenario, reference: str, innovation: str = "public", partner: str = "other") -> Agreement:
    return services.agreement_create(
        by=scenario.users["transfer"],
        kind="nda",
        partner=scenario.companies[partner],
        innovation=scenario.innovations[innovation],
        signed_on=timezone.localdate() - timedelta(days=10),
        reference=reference,
    )


def test_an_agreement_is_found_as_soon_as_written_by_reference_innovation_and_partner(scenario: Scenario):
    officer = scenario.users["transfer"]
    created = agreement(scenario, "NDA-0142")
    assert stored(created)
    for q in ("NDA-0142", "0142", "nda 0142", "innovation public", "PUBLIC", "other medical", "médical"):
        assert "NDA-0142" in found(officer, q), q


def test_an_innovation_s_title_ranks_before_a_partner_accents_ignored_the_last_word_a_prefix(scenario: Scenario):
    officer = scenario.users["transfer"]
    # The other company's agreements (secret, orphan) match by their partner's name.
    services.partner_update(partner=scenario.companies["other"], by=officer, name="Échographie Médicale SA")
    innovation = services.innovation_create(by=officer, title="Échographie 3D", confidential=False)
    by_title = services.agreement_create(
        by=officer,
        kind="nda",
        partner=scenario.companies["partner"],
        innovation=innovation,
        signed_on=timezone.localdate(),
        reference="COL-2",
    )
    for q in ("echographie", "ÉCHO"):
        ranked = found(officer, q)
        assert ranked[0] == by_title.reference, q
        assert sorted(ranked[1:]) == ["AGR-ORPHAN", "AGR-SECRET"], q


def test_the_document_follows_the_innovation_and_the_partner_renamed(scenario: Scenario):
    officer = scenario.users["transfer"]
    services.innovation_update(innovation=scenario.innovations["public"], by=officer, title="Stroke triage")
    assert found(officer, "stroke") == ["AGR-PUBLIC"]
    assert found(officer, "innovation public") == []
    services.partner_update(partner=scenario.companies["other"], by=officer, name="Okapi Devices")
    assert sorted(found(officer, "okapi")) == ["AGR-ORPHAN", "AGR-SECRET"]
    assert found(officer, "other medical") == []


def test_the_document_follows_the_agreement_edited(scenario: Scenario):
    officer = scenario.users["transfer"]
    services.agreement_update(agreement=scenario.agreements["orphan"], by=officer, reference="COL-2027-7")
    assert found(officer, "2027") == ["COL-2027-7"]
    Agreement.objects.filter(pk=scenario.agreements["orphan"].pk).update(partner=scenario.companies["partner"])
    assert found(officer, "COL-2027-7 medtech") == ["COL-2027-7"]


def version(agreement: Agreement) -> str:
    """The row's place (``ctid``): a new one whenever the row is written, in this transaction too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT ctid::text FROM transfer_agreement WHERE id = %s", [agreement.pk])
        return cursor.fetchone()[0]


def test_an_innovation_or_partner_change_that_renames_nothing_writes_no_agreement_again(scenario: Scenario):
    officer = scenario.users["transfer"]
    public = scenario.agreements["public"]
    before = version(public)
    services.innovation_update(innovation=scenario.innovations["public"], by=officer, description="New words.")
    Innovation.objects.filter(pk=scenario.innovations["public"].pk).update(readiness_level=7)
    Company.objects.filter(pk=scenario.companies["partner"].pk).update(name=scenario.companies["partner"].name)
    assert version(public) == before
    # A rename does.
    services.innovation_update(innovation=scenario.innovations["public"], by=officer, title="Renamed")
    assert version(public) != before


@pytest.mark.parametrize("username", ["director", "transfer", "teamlead", "researcher", "clinician2", "partner", "ops"])
def test_a_search_finds_only_the_agreements_one_sees(scenario: Scenario, username):
    user = scenario.users[username]
    # Every scenario agreement is an "AGR-…" and its innovation an "Innovation …".
    seen = {f"AGR-{key.upper()}" for key, readers in SEES_AGREEMENT.items() if username in readers}
    assert set(found(user, "innovation")) == seen
    assert set(found(user, "agr")) == seen


def test_a_confidential_project_s_agreement_is_never_found_by_who_may_not_see_it(sign_in, scenario: Scenario):
    client = sign_in("clinician2")  # a member of OPEN, not of SECRET
    assert found(scenario.users["clinician2"], "secret") == []
    assert list(client.get(LIST, {"q": "secret"}).context["page"]) == []
    assert client.get(API, {"q": "secret"}).json()["count"] == 0
    # Its partner company's name neither: the other company's agreements are the secret and orphan ones.
    assert client.get(API, {"q": "other medical"}).json()["count"] == 0
    assert found(scenario.users["researcher"], "secret") == ["AGR-SECRET"]


def test_the_list_and_the_api_search_with_their_filters(sign_in, scenario: Scenario):
    client = sign_in("transfer")
    page = client.get(LIST, {"q": "innovation", "kind": "nda"}).context["page"]
    assert sorted(row.reference for row in page) == ["AGR-HIDDEN", "AGR-PUBLIC"]
    response = client.get(LIST, {"q": "orphan"})
    assert [row.reference for row in response.context["page"]] == ["AGR-ORPHAN"]
    assert 'name="q"' in response.content.decode()
    body = client.get(API, {"q": "innovation", "partner": scenario.companies["other"].pk}).json()
    assert sorted(row["reference"] for row in body["results"]) == ["AGR-ORPHAN", "AGR-SECRET"]
    assert client.get(API, {"q": "x" * 201}).status_code == 400


def test_a_search_costs_no_more_queries_than_the_list(sign_in, scenario: Scenario):
    client = sign_in("transfer")

    def cost(query: dict[str, str]) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, query)
        assert response.status_code == 200
        assert len(response.context["page"]) > 0
        return len(queries)

    # The list first: once searched, its bare address would lead to the search remembered (core.filters).
    listed = cost({"kind": "nda"})
    assert cost({"kind": "nda", "q": "innovation"}) <= listed


def test_the_fallback_finds_an_agreement_by_reference_innovation_and_partner(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch
):
    """``core.search`` as it searches on SQLite: each word in one of the fields."""
    monkeypatch.setattr(core_search, "connection", SimpleNamespace(vendor="sqlite"))
    officer = scenario.users["transfer"]
    assert found(officer, "agr-public") == ["AGR-PUBLIC"]
    assert sorted(found(officer, "other medical")) == ["AGR-ORPHAN", "AGR-SECRET"]
    assert found(officer, "innovation secret") == ["AGR-SECRET"]
    assert found(scenario.users["clinician2"], "innovation secret") == []
