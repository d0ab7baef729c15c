"""The access review (notifications.review): its counts are those of "who can
see this" (projects.access), read in a fixed number of queries; the unused
accounts and the delegations it names; the quarterly email, once a quarter."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import Email
from notifications import review
from people.models import Delegation, User
from people.tests.factories import UserFactory
from projects import services
from projects.access import viewer, who_sees
from projects.models import Membership, Project
from transfer import services as transfer_services
from transfer.access import who_sees as transfer_who_sees
from transfer.models import Innovation

REVIEW = reverse("notifications:access-review")


@pytest.fixture
def owner(db) -> User:
    return UserFactory(username="owner")


def secret(owner: User, acronym: str) -> Project:
    return services.project_create(by=owner, acronym=acronym, title=acronym, confidential=True)


def test_each_count_is_the_number_of_people_who_see_the_project_by_first_reason(personas, owner):
    today = timezone.localdate()
    project = secret(owner, "HEARTWATCH")
    services.member_add(project=project, by=owner, user=personas["clinician"])
    services.member_add(project=project, by=owner, user=personas["director"])  # counted under direction
    services.member_add(project=project, by=owner, user=personas["researcher"], role="lead")
    services.project_create(by=owner, acronym="OPEN", title="Open", confidential=False)
    everyone = review.see_all()
    rows = [review.project_row(p, everyone) for p in review.confidential_projects(today=today, everyone=everyone)]
    assert [row.obj.acronym for row in rows] == ["HEARTWATCH"]
    row = rows[0]
    listed = [viewer(person) for person in who_sees(project)]
    assert row.total == len(listed) == 5  # owner, researcher, clinician, director, ops (nobody twice)
    first = {}
    for seen in listed:
        code = seen.reasons[0].code
        code = seen.role if code == "member" else code  # who_sees says "member" for a lead too
        first[code] = first.get(code, 0) + 1
    assert {reason: n for reason, n in row.by_reason.items() if n} == first
    assert row.gained == 4  # every membership began today


def test_access_gained_long_ago_is_not_recent(personas, owner):
    today = timezone.localdate()
    project = secret(owner, "OLD")
    Membership.objects.filter(project=project).update(joined_at=timezone.now() - timedelta(days=200))
    everyone = review.see_all()
    row = review.project_row(review.confidential_projects(today=today, everyone=everyone).get(), everyone)
    assert row.gained == 0
    assert not review.confidential_projects(today=today, everyone=everyone, recent=True).exists()


def test_a_confidential_innovation_is_counted_with_its_projects_leads(personas, owner):
    today = timezone.localdate()
    project = services.project_create(by=owner, acronym="P", title="P", confidential=False)
    services.member_add(project=project, by=owner, user=personas["clinician"])  # a plain member: does not see it
    innovation = transfer_services.innovation_create(
        by=personas["transfer"], title="Hidden device", project=project, confidential=True
    )
    everyone = review.see_all()
    row = review.innovation_row(
        review.confidential_innovations(today=today, everyone=everyone).get(pk=innovation.pk), everyone
    )
    assert row.by_reason["lead"] == 1  # the owner
    assert row.by_reason["transfer_office"] == 1
    assert row.total == 4  # direction, operations, the transfer office and the lead
    assert row.total == len(list(transfer_who_sees(innovation)))
    former = UserFactory(username="former")
    services.member_add(project=project, by=owner, user=former, role="lead")
    User.objects.filter(pk=former.pk).update(is_active=False)  # a lead no longer: sees nothing
    row = review.innovation_row(
        review.confidential_innovations(today=today, everyone=everyone).get(pk=innovation.pk), everyone
    )
    assert row.total == 4 == len(list(transfer_who_sees(innovation)))
    assert Innovation.objects.filter(confidential=True).count() == 1


def test_unused_accounts_that_still_see_confidential_work(personas, owner):
    today = timezone.localdate()
    project = secret(owner, "S")
    idle = UserFactory(username="idle", last_login=timezone.now() - timedelta(days=200))
    busy = UserFactory(username="busy", last_login=timezone.now() - timedelta(days=3))
    gone = UserFactory(username="gone", last_login=timezone.now() - timedelta(days=400), is_active=False)
    for person in (idle, busy):
        services.member_add(project=project, by=owner, user=person)
    Membership.objects.create(project=project, user=gone)
    User.objects.filter(username="ops").update(last_login=timezone.now() - timedelta(days=300))
    listed = {person.username: person for person in review.unused_accounts(today=today)}
    assert set(listed) == {"idle"} and listed["idle"].confidential_projects == 1
    everyone = review.see_all()
    assert [p.username for p in review.unused_with_roles(today=today, everyone=everyone)] == ["ops"]
    assert review.summary(today=today, everyone=everyone).unused_accounts == 2  # idle, and ops through a role


def test_delegations_running_or_ended_lately(personas):
    today = timezone.localdate()
    head, delegate = personas["depthead"], personas["clinician"]
    running = Delegation.objects.create(
        delegator=head, delegate=delegate, starts_on=today - timedelta(days=5), ends_on=today + timedelta(days=5)
    )
    ended = Delegation.objects.create(
        delegator=head, delegate=delegate, starts_on=today - timedelta(days=40), ends_on=today - timedelta(days=30)
    )
    Delegation.objects.create(
        delegator=head, delegate=delegate, starts_on=today - timedelta(days=400), ends_on=today - timedelta(days=300)
    )
    assert list(review.delegations(today=today)) == [running, ended]
    figures = review.summary(today=today, everyone=review.see_all())
    assert (figures.delegations_running, figures.delegations_ended) == (1, 1)


@pytest.mark.parametrize("tab", ["projects", "innovations", "accounts", "delegations"])
def test_the_page_costs_the_same_whatever_the_number_of_rows(sign_in, personas, owner, tab):
    def cost(rows: int) -> int:
        for n in range(rows):
            project = secret(owner, f"{tab[:3].upper()}{rows}-{n}")
            person = UserFactory(last_login=timezone.now() - timedelta(days=200))
            services.member_add(project=project, by=owner, user=person)
            transfer_services.innovation_create(
                by=personas["transfer"], title=f"I{rows}-{n}", project=project, confidential=True
            )
        client = sign_in("ops")
        client.get(REVIEW, {"tab": tab})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(REVIEW, {"tab": tab}).status_code == 200
        return len(queries)

    assert cost(2) == cost(12)


def test_operations_export_the_review(sign_in, personas, owner):
    project = secret(owner, "HEARTWATCH")
    services.member_add(project=project, by=owner, user=personas["clinician"])
    response = sign_in("ops").get(REVIEW, {"format": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="access-review-projects-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][1] == "HEARTWATCH" and rows[1][2] == "4"  # owner, clinician, direction, ops
    assert "HEARTWATCH" in sign_in("ops").get(REVIEW).content.decode()


def test_the_quarterly_email_goes_to_operations_once_a_quarter(personas, owner):
    secret(owner, "S")
    day = timezone.localdate().replace(month=1, day=1)
    assert review.access_review_send(today=day) == 1
    email = Email.objects.get(key__startswith=f"access-review:{day.year}-Q1:")
    assert email.to == personas["ops"].email
    assert "/access-review/" in email.body_text
    assert review.access_review_send(today=day + timedelta(days=1)) == 0  # the same quarter
    assert review.access_review_send(today=day.replace(month=4)) == 1  # the next one
    assert review.quarter_of(day.replace(month=12)) == f"{day.year}-Q4"
