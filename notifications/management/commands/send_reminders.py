from datetime import date

from notifications.management.commands._notify import NotificationCommand
from notifications.models import Job


class Command(NotificationCommand):
    help = "Queue the reminders due today (SPEC §5); a second run the same day sends nothing."

    def jobs_for(self, today: date) -> list[str]:
        return [Job.REMINDERS]
