"""The runs of the reminder and digest jobs, and the chunks of recipients they
are split into.

A run is unique per job and period: starting the job again for the same day
(or week) finds the run already there and adds nothing. Each chunk is a list of
user ids one worker composes in one transaction, holding the chunk's row lock;
it is done, or it is not (a worker killed half-way leaves it pending, and the
sweeper hands it out again). The emails themselves go through the outbox, whose
unique keys make a second composition of the same email impossible anyway.

And each person's calendar feed (``CalendarFeed``): the hash of the token its
address carries, and whether it is revoked.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Job(models.TextChoices):
    REMINDERS = "reminders", _("reminders")
    DAILY_DIGEST = "daily", _("daily digest")
    WEEKLY_DIGEST = "weekly", _("weekly digest")


class Run(models.Model):
    job = models.CharField(_("job"), max_length=10, choices=Job.choices)
    period = models.CharField(_("period"), max_length=20, help_text=_("The day, or ISO week, the run covers."))
    today = models.DateField(_("run for"))
    since = models.DateTimeField(_("changes since"))
    until = models.DateTimeField(_("changes until"))
    # How much changed in the period, read once for every recipient:
    # {"since": iso, "until": iso, "counts": {"<model label>": objects changed}}
    # (runs started before kept {"<model label>": {"<id>": {"new": bool, "actors": [ids]}}}).
    changes = models.JSONField(_("changes in the period"), default=dict, blank=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    chunk_count = models.PositiveIntegerField(_("chunks"), default=0)
    user_count = models.PositiveIntegerField(_("recipients considered"), default=0)

    class Meta:
        verbose_name = _("notification run")
        verbose_name_plural = _("notification runs")
        ordering = ["-started_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["job", "period"], name="run_unique_per_job_and_period")]

    def __str__(self) -> str:
        return f"{self.get_job_display()} {self.period}"


class Chunk(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DONE = "done", _("done")

    run = models.ForeignKey(Run, verbose_name=_("run"), on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField(_("number"))
    user_ids = models.JSONField(_("user ids"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    published_at = models.DateTimeField(_("handed to a worker"), default=timezone.now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    emails = models.PositiveIntegerField(_("emails queued"), default=0)

    class Meta:
        verbose_name = _("chunk of recipients")
        verbose_name_plural = _("chunks of recipients")
        ordering = ["run", "index"]
        constraints = [models.UniqueConstraint(fields=["run", "index"], name="chunk_unique_per_run")]
        indexes = [
            models.Index(fields=["published_at"], condition=models.Q(status="pending"), name="chunk_pending_since")
        ]

    def __str__(self) -> str:
        return f"{self.run} #{self.index}"


class CalendarFeed(models.Model):
    """A person's calendar feed: its address carries a random token, of which
    only the SHA-256 is kept (``token_hash``). Renewing revokes the feed and
    creates another; a person has at most one that is not revoked."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last read"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # What the feed held when last read (a hash of its events), and since when:
    # the feed's Last-Modified, and the DTSTAMP of its events.
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    content_changed_at = models.DateTimeField(_("content changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(revoked_at__isnull=True), name="calendar_feed_one_active_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"
