"""The reminder and digest jobs: start a run, split it into chunks of user ids,
compose each chunk in one transaction, send after commit.

Never doubled: a run is unique per job and period, a chunk is composed once
(under its row lock, then marked done in the same transaction), and every email
has a unique outbox key (rule, object, recipient, period) checked in that
transaction. Never missed: a chunk or an email that a dead worker or a lost
Redis message left behind is handed out again by ``resume_chunks`` and the
outbox sweeper. The same functions run from the Celery tasks and from the
management commands.
"""

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from core.outbox import Outgoing, email_keys_taken, email_queue_many, email_render, secret_placeholder
from notifications.content.context import RunContext, period_changes, prepare_users
from notifications.content.digests import Digest, digest_for
from notifications.content.reminders import reminders_for
from notifications.content.sections import REMINDER_SECTIONS, prefetch_sections
from notifications.models import Chunk, Job, Run
from people.models import DigestFrequency, User

logger = logging.getLogger("labsite.notifications")

UNSUBSCRIBE_SALT = "labsite.notifications.unsubscribe"
UNSUBSCRIBE_MAX_AGE = timedelta(days=60)
# The kind of secret a digest's unsubscribe link holds, made when it is sent (core.outbox).
UNSUBSCRIBE = "unsubscribe"


def chunk_size() -> int:
    return max(int(getattr(settings, "NOTIFICATIONS_CHUNK_SIZE", 100)), 1)


def chunk_grace() -> timedelta:
    """A chunk handed to a worker this long ago and still pending is handed out again."""
    return timedelta(seconds=max(int(getattr(settings, "NOTIFICATIONS_CHUNK_GRACE_SECONDS", 120)), 1))


def digest_jobs(today: date) -> list[str]:
    """Daily digests every day; weekly ones on WEEKLY_DIGEST_WEEKDAY (Mondays)."""
    jobs: list[str] = [Job.DAILY_DIGEST]
    if today.weekday() == settings.WEEKLY_DIGEST_WEEKDAY:
        jobs.append(Job.WEEKLY_DIGEST)
    return jobs


def period_of(job: str, today: date) -> str:
    if job == Job.WEEKLY_DIGEST:
        year, week, _day = today.isocalendar()
        return f"{year}-W{week:02d}"
    return today.isoformat()


def window_of(job: str, today: date) -> tuple[datetime, datetime]:
    """The changes a digest reports: the day before, or the seven days before (local midnights)."""
    until = timezone.make_aware(datetime.combine(today, time.min))
    days = 7 if job == Job.WEEKLY_DIGEST else 1
    return until - timedelta(days=days), until


def recipient_ids(job: str) -> list[int]:
    people = User.objects.filter(is_active=True).exclude(email="")
    if job == Job.DAILY_DIGEST:
        people = people.filter(digest=DigestFrequency.DAILY)
    elif job == Job.WEEKLY_DIGEST:
        people = people.filter(digest=DigestFrequency.WEEKLY)
    return list(people.order_by("pk").values_list("pk", flat=True))


def run_start(*, job: str, today: date) -> tuple[Run, bool]:
    """The run of ``job`` for ``today``'s period, and whether this call created
    it. Creating it reads the period's changes once and writes the chunks; a
    second call (a re-run, a second beat) finds it and creates nothing."""
    period = period_of(job, today)
    existing = Run.objects.filter(job=job, period=period).first()
    if existing is not None:
        return existing, False
    since, until = window_of(job, today)
    try:
        with transaction.atomic():
            run = Run.objects.create(
                job=job,
                period=period,
                today=today,
                since=since,
                until=until,
                changes=period_changes(since=since, until=until) if job != Job.REMINDERS else {},
            )
            ids = recipient_ids(job)
            size = chunk_size()
            chunks = [
                Chunk(run=run, index=n, user_ids=ids[start : start + size])
                for n, start in enumerate(range(0, len(ids), size))
            ]
            Chunk.objects.bulk_create(chunks)
            run.chunk_count, run.user_count = len(chunks), len(ids)
            if not chunks:
                run.finished_at = timezone.now()
            run.save(update_fields=["chunk_count", "user_count", "finished_at"])
    except IntegrityError:  # another process started the same run at the same moment
        return Run.objects.get(job=job, period=period), False
    return run, True


def start_jobs(*, jobs: list[str], today: date) -> list[Run]:
    """Start each job's run and hand its chunks to the workers."""
    from core.publish import publish
    from notifications.tasks import run_chunk

    runs = []
    for job in jobs:
        run, created = run_start(job=job, today=today)
        if created:
            for chunk_id in run.chunks.values_list("pk", flat=True):
                publish(run_chunk, chunk_id)
            logger.info("Started %s: %s recipients in %s chunks.", run, run.user_count, run.chunk_count)
        else:
            logger.info("%s had already started: nothing new.", run)
        runs.append(run)
    return runs


# Composing ----------------------------------------------------------------------------


def unsubscribe_token(user: User) -> str:
    return unsubscribe_token_for(user.pk)


def unsubscribe_token_for(user_id: int) -> str:
    return signing.dumps({"u": user_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_user(token: str) -> User | None:
    """The person a token names, if it is genuine and younger than 60 days."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return User.objects.filter(pk=data["u"], is_active=True).first()


def digest_key(run: Run, user: User) -> str:
    return f"digest:{run.job}:{run.period}:{user.pk}"


def _digest_context(run: Run, user: User, digest: Digest, token: str) -> dict[str, Any]:
    return {
        "recipient": user,
        "digest": digest,
        "weekly": run.job == Job.WEEKLY_DIGEST,
        "today": run.today,
        "since": timezone.localdate(run.since),
        "unsubscribe_url": settings.SITE_URL + reverse("notifications:unsubscribe", args=[token]),
        "preferences_url": settings.SITE_URL + reverse("people:me"),
    }


@dataclass(frozen=True)
class Composed:
    user: User
    outgoing: Outgoing
    titles: list[str]


def compose(run: Run, users: list[User], ctx: RunContext) -> Iterator[Composed]:
    """The emails of ``users`` for ``run`` whose keys are not taken yet."""
    ctx.meet(users)
    if run.job == Job.REMINDERS:
        yield from _compose_reminders(run, users, ctx)
        return
    taken = email_keys_taken([digest_key(run, user) for user in users])
    users = [user for user in users if digest_key(run, user) not in taken]
    prefetch_sections(users, ctx)
    for user in users:
        key = digest_key(run, user)
        with translation.override(user.language):
            digest = digest_for(user, ctx)
            if not digest:
                continue  # nothing to say: no email
            # The unsubscribe link works without signing in: its token is made when the email is sent.
            token = secret_placeholder()
            rendered = email_render(
                template="digest",
                context=_digest_context(run, user, digest, token),
                language=user.language,
                secrets={token: UNSUBSCRIBE},
            )
        yield Composed(user, Outgoing(key, user.email, user.language, rendered, user), digest.titles())


def _compose_reminders(run: Run, users: list[User], ctx: RunContext) -> Iterator[Composed]:
    prefetch_sections(users, ctx, REMINDER_SECTIONS)
    found = []
    for user in users:
        with translation.override(user.language):
            found += [(user, reminder) for reminder in reminders_for(user, ctx)]
    taken = email_keys_taken([reminder.key for _user, reminder in found])
    for user, reminder in found:
        if reminder.key in taken:
            continue
        context = {
            "recipient": user,
            "reminder": reminder,
            "preferences_url": settings.SITE_URL + reverse("people:me"),
        }
        rendered = email_render(template="reminder", context=context, language=user.language)
        yield Composed(user, Outgoing(reminder.key, user.email, user.language, rendered, user), [reminder.item.title])


def run_chunk(chunk_id: int) -> int:
    """Compose one chunk's emails, write them and mark the chunk done, in one
    transaction under the chunk's row lock; send them once that commits. Returns
    how many emails were queued (0 if the chunk was done or being composed)."""
    from core.publish import publish_on_commit
    from core.tasks import send_emails

    with transaction.atomic():
        chunk = (
            Chunk.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("run")
            .filter(pk=chunk_id, status=Chunk.Status.PENDING)
            .first()
        )
        if chunk is None:
            return 0
        run = chunk.run
        ctx = RunContext.build(today=run.today, changes=run.changes, since=run.since, until=run.until)
        outgoing = [composed.outgoing for composed in compose(run, prepare_users(chunk.user_ids), ctx)]
        ids = email_queue_many(outgoing)
        chunk.status = Chunk.Status.DONE
        chunk.done_at = timezone.now()
        chunk.emails = len(ids)
        chunk.attempts += 1
        chunk.save(update_fields=["status", "done_at", "emails", "attempts"])
        if not run.chunks.filter(status=Chunk.Status.PENDING).exclude(pk=chunk.pk).exists():
            Run.objects.filter(pk=run.pk, finished_at__isnull=True).update(finished_at=timezone.now())
        if ids:
            publish_on_commit(send_emails, ids)
    return len(ids)


def resume_chunks(*, now: datetime | None = None) -> int:
    """Hand out again the chunks handed out more than ``chunk_grace()`` ago and
    still pending (their worker died, or Redis lost the message)."""
    from core.publish import publish
    from notifications.tasks import run_chunk as run_chunk_task

    now = now or timezone.now()
    stale = list(
        Chunk.objects.filter(status=Chunk.Status.PENDING, published_at__lte=now - chunk_grace())
        .order_by("published_at", "pk")
        .values_list("pk", flat=True)[:500]
    )
    if stale:
        Chunk.objects.filter(pk__in=stale).update(published_at=now)
        for chunk_id in stale:
            publish(run_chunk_task, chunk_id)
    return len(stale)


def run_inline(*, jobs: list[str], today: date) -> list[tuple[Run, int]]:
    """Start the runs and compose every pending chunk here, in this process (the
    management commands); the emails then go out through the outbox."""
    results = []
    for job in jobs:
        run, _created = run_start(job=job, today=today)
        queued = sum(
            run_chunk(chunk_id)
            for chunk_id in run.chunks.filter(status=Chunk.Status.PENDING).values_list("pk", flat=True)
        )
        results.append((run, queued))
    return results


def preview(*, job: str, today: date) -> Iterator[Composed]:
    """What a run would send now, written nowhere (``--dry-run``)."""
    since, until = window_of(job, today)
    changes = period_changes(since=since, until=until) if job != Job.REMINDERS else {}
    ctx = RunContext.build(today=today, changes=changes, since=since, until=until)
    run = Run(job=job, period=period_of(job, today), today=today, since=since, until=until, changes=changes)
    ids = recipient_ids(job)
    size = chunk_size()
    for start in range(0, len(ids), size):
        yield from compose(run, prepare_users(ids[start : start + size]), ctx)
