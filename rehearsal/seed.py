"""What the rehearsal's database is seeded with, beyond the demo, and for which days."""

from datetime import date, timedelta

from rehearsal.config import SEEDED_DOMAIN


def digest_day_for_c(today: date) -> date:
    """The day check (c) runs the digests for: before today (whose digests are
    (d)'s), and not a Monday (which would add the weekly digests)."""
    day = today - timedelta(days=2)
    return day - timedelta(days=1) if day.weekday() == 0 else day


def seeded(users: int) -> set[str]:
    """The addresses of the ``users`` daily subscribers ``seed_code`` creates."""
    return {f"rehearse{n:05d}@{SEEDED_DOMAIN}" for n in range(users)}


def seed_code(users: int, days: list[date]) -> str:
    """Run by ``manage.py shell``: ``users`` daily subscribers (Inria staff, half
    in English), and a change to a non-confidential project, made by the director
    at noon the day before each of ``days``, so that each of them has a digest."""
    noons = ", ".join(f"date.fromisoformat({(day - timedelta(days=1)).isoformat()!r})" for day in days)
    return f"""
from datetime import date, datetime, time
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from core.models import AuditEvent
from people.models import User
from projects.models import Project

unusable = make_password(None)
User.objects.bulk_create(
    [
        User(
            username=f"rehearse{{n:05d}}", email=f"rehearse{{n:05d}}@{SEEDED_DOMAIN}", first_name="Rehearsal",
            last_name=f"{{n:05d}}", institution="inria", digest="daily", language="en" if n % 2 else "fr",
            password=unusable,
        )
        for n in range({users})
    ],
    batch_size=1000,
)
project = Project.objects.filter(confidential=False).order_by("pk").first()
director = User.objects.get(username="director")
for day in [{noons}]:
    AuditEvent.objects.create(
        at=timezone.make_aware(datetime.combine(day, time(12))), actor=director,
        content_type=ContentType.objects.get_for_model(Project), object_id=str(project.pk),
        action="updated", changes={{"title": ["rehearsal", project.title]}},
    )
"""
