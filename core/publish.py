"""Enqueueing Celery tasks from a request without ever failing it.

Tasks are published after the surrounding transaction commits, with a bounded
wait and no retry. If Redis is unreachable, the publish is given up and logged:
the work is recorded in the database (the outbox), and the periodic sweeper
picks it up once Redis is back.
"""

import logging
from typing import Any

from celery import Task
from django.db import transaction

logger = logging.getLogger("labsite.publish")


def publish(task: Task, *args: Any) -> bool:
    try:
        task.apply_async(args=args, retry=False)
    except Exception as error:  # noqa: BLE001 - any broker failure must not reach the user
        logger.warning("Could not publish %s%r: %s; the sweeper will catch up.", task.name, args, error)
        return False
    return True


def publish_on_commit(task: Task, *args: Any) -> None:
    transaction.on_commit(lambda: publish(task, *args), robust=True)
