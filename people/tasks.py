"""Celery tasks of people/: they call services."""

from celery import shared_task
from django.utils import timezone

from people.services import delegations_grants_sync


@shared_task(name="labsite.sync_delegation_grants", ignore_result=True)
def sync_delegation_grants() -> int:
    """Just after midnight: delegations starting today give their grants, those
    that ended yesterday take them back."""
    return delegations_grants_sync(today=timezone.localdate())
