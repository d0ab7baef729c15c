"""Jobs of the shell: the figures the dashboard and the key-figures page share,
counted ahead of their readers."""

from celery import shared_task
from django.utils import timezone

from labsite.templatetags.labsite_dashboard import count_lab_figures
from labsite.views import count_key_figures
from people.models import User
from people.roles import GROUPS, Role


@shared_task(name="labsite.count_figures", ignore_result=True)
def count_figures() -> bool:
    """Count the lab-wide figures of the dashboard and today's key figures (a
    few seconds at a million projects), every ``FIGURES_EVERY_SECONDS``, so
    that their ten-minute cache entries are always there when someone reads
    them. Counted as one of the people who read them (an active member of
    direction or operations, who see everything); with nobody to read them,
    nothing is counted. Answers whether they were."""
    reader = (
        User.objects.filter(is_active=True, groups__name__in=[GROUPS[Role.DIRECTION], GROUPS[Role.OPERATIONS]])
        .order_by("pk")
        .first()
    )
    if reader is None:
        return False
    count_lab_figures(reader)
    count_key_figures(reader, timezone.localdate())
    return True
