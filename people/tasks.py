"""Celery tasks of people/: they call services."""

import logging

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from people.services import delegations_grants_sync
from people.workflow import positions_misrouted, positions_reroute

logger = logging.getLogger(__name__)


@shared_task(name="labsite.sync_delegation_grants", ignore_result=True)
def sync_delegation_grants() -> int:
    """Just after midnight: delegations starting today give their grants, those
    that ended yesterday take them back."""
    synced = delegations_grants_sync(today=timezone.localdate())
    # And the routing kept on the requests, should a head have changed where no
    # signal tells (a bulk update, a restore, a database fix): none, normally.
    rerouted = positions_reroute(Q(pk__in=positions_misrouted().values("pk")))
    if rerouted:
        logger.warning("%d submitted requests were misrouted and are routed again", rerouted)
    return synced
