from datetime import date

from notifications import jobs
from notifications.management.commands._notify import NotificationCommand


class Command(NotificationCommand):
    help = "Queue the daily digests, and on Mondays the weekly ones; a second run for the same period sends nothing."

    def jobs_for(self, today: date) -> list[str]:
        return jobs.digest_jobs(today)
