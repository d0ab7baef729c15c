"""Operations see in the admin what the jobs did: runs, chunks, and the emails
(sent, when, to whom, what failed) in the outbox."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Email
from notifications import jobs
from notifications.models import Job, Run
from projects import services as project_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(personas, published) -> Run:
    project_services.project_create(by=personas["teamlead"], acronym="SEPSIS", title="Early warning of sepsis")
    today = timezone.localdate() + timedelta(days=1)
    Run.objects.all().delete()
    for user in personas.values():
        user.digest = "daily"
        user.save(update_fields=["digest"])
    ((run, queued),) = jobs.run_inline(jobs=[Job.DAILY_DIGEST], today=today)
    assert queued > 0
    Email.objects.filter(key__startswith="digest:").update(status=Email.Status.SENT, sent_at=timezone.now())
    first = Email.objects.filter(key__startswith="digest:").order_by("pk").first()
    Email.objects.filter(pk=first.pk).update(
        status=Email.Status.FAILED, last_error="SMTPDataError: (550, b'No such user')"
    )
    return run


def test_operations_see_each_run_with_its_chunks_and_find_its_emails(client, personas, run):
    client.force_login(personas["ops"])

    listing = client.get(reverse("admin:notifications_run_changelist"))
    assert listing.status_code == 200
    assert run.period in listing.content.decode()

    page = client.get(reverse("admin:notifications_run_change", args=[run.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "chunk" in html.lower() or "lot" in html.lower()

    emails = client.get(reverse("admin:core_email_changelist"), {"q": f"digest:{run.job}:{run.period}:"})
    assert emails.status_code == 200
    shown = list(emails.context["cl"].result_list)
    assert len(shown) == Email.objects.filter(key__startswith=f"digest:{run.job}:{run.period}:").count()
    assert "No such user" in emails.content.decode()


def test_runs_are_read_only_and_closed_to_everyone_but_operations(client, personas, run):
    client.force_login(personas["ops"])
    assert client.post(reverse("admin:notifications_run_delete", args=[run.pk]), {"post": "yes"}).status_code == 403
    assert Run.objects.filter(pk=run.pk).exists()

    client.force_login(personas["director"])
    response = client.get(reverse("admin:notifications_run_changelist"))
    assert response.status_code == 302
