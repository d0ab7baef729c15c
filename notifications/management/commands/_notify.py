"""What ``send_reminders`` and ``send_digests`` share."""

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from notifications import jobs


class NotificationCommand(BaseCommand):
    job_label = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="Run as on this day (YYYY-MM-DD); default: today.")
        parser.add_argument("--dry-run", action="store_true", help="Show who would receive what; send nothing.")
        parser.add_argument(
            "--workers",
            action="store_true",
            help="Hand the chunks to the Celery workers (as the scheduled task does) instead of composing here.",
        )

    def jobs_for(self, today: date) -> list[str]:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        except ValueError:
            raise CommandError("--today takes a date as YYYY-MM-DD.") from None
        # The jobs look a week back and a year ahead: a day at the calendar's ends overflows.
        if not date.min + timedelta(days=31) <= today <= date.max - timedelta(days=366):
            raise CommandError("--today is out of range.")
        for job in self.jobs_for(today):
            if options["dry_run"]:
                self._preview(job, today)
            elif options["workers"]:
                run = jobs.start_jobs(jobs=[job], today=today)[0]
                self.stdout.write(
                    f"{run}: {run.user_count} recipients in {run.chunk_count} chunks handed to the workers."
                )
            else:
                for run, queued in jobs.run_inline(jobs=[job], today=today):
                    self.stdout.write(f"{run}: {queued} emails queued ({run.user_count} recipients considered).")

    def _preview(self, job: str, today: date) -> None:
        count = 0
        from notifications.models import Job

        for composed in jobs.preview(job=job, today=today):
            count += 1
            self.stdout.write(
                f"{composed.user.username} <{composed.outgoing.to}>: {composed.outgoing.rendered.subject}"
            )
            for title in composed.titles:
                self.stdout.write(f"    - {title}")
        label = Job(job).label
        self.stdout.write(f"{label} {jobs.period_of(job, today)}: {count} emails would be queued (dry run).")
