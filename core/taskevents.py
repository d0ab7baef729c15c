"""Celery signals connected in every process (``CoreConfig.ready``): the
request id carried into tasks, one log line per task, and the cluster-wide
task counters of ``/metrics``.

- ``before_task_publish``: the request id and user id of the current context
  (``core.logging``) ride in the message's headers (``labsite_request_id``,
  ``labsite_user_id``).
- ``task_prerun``: the worker puts them back in context, so that every line the
  task logs carries them; a task with none (published by beat) takes its own
  id as request id, and passes it on to the tasks it publishes.
- ``task_postrun``: one ``labsite.task`` line: ``task``, ``task_id``,
  ``state`` (``SUCCESS``, ``FAILURE``, ``RETRY``...) and ``duration_ms``.
- ``task_success``, ``task_failure``, ``task_retry``: the worker adds one to
  ``labsite:tasks:<success|failure|retry>[<task name>]`` in Redis (``core.broker``).
"""

import contextlib
import logging
import time
from contextvars import Token
from typing import Any

import redis
from celery import Task
from celery.signals import before_task_publish, task_failure, task_postrun, task_prerun, task_retry, task_success

from core import broker
from core.logging import request_id_var, user_id_var

logger = logging.getLogger("labsite.taskevents")
task_logger = logging.getLogger("labsite.task")

REQUEST_ID_HEADER = "labsite_request_id"
USER_ID_HEADER = "labsite_user_id"

# Task id → (start, tokens to put the context back as it was).
_running: dict[str, tuple[float, Token[str | None], Token[int | None]]] = {}


@before_task_publish.connect(dispatch_uid="core.taskevents.add_context_headers")
def add_context_headers(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    if headers is None:
        return
    request_id = request_id_var.get()
    if request_id is not None:
        headers.setdefault(REQUEST_ID_HEADER, request_id)
    user_id = user_id_var.get()
    if user_id is not None:
        headers.setdefault(USER_ID_HEADER, user_id)


@task_prerun.connect(dispatch_uid="core.taskevents.enter_task")
def enter_task(task_id: str, task: Task, **kwargs: Any) -> None:
    # Run eagerly, a task has no headers and keeps the context it was called in.
    request_id = task.request.get(REQUEST_ID_HEADER) or request_id_var.get() or task_id
    user_id = task.request.get(USER_ID_HEADER)
    if user_id is None:
        user_id = user_id_var.get()
    _running[task_id] = (time.perf_counter(), request_id_var.set(str(request_id)), user_id_var.set(user_id))


@task_postrun.connect(dispatch_uid="core.taskevents.leave_task")
def leave_task(task_id: str, task: Task, state: str | None = None, **kwargs: Any) -> None:
    entry = _running.pop(task_id, None)
    if entry is None:
        return
    started, request_token, user_token = entry
    try:
        task_logger.info(
            "%s %s",
            task.name,
            state,
            extra={
                "task": task.name,
                "task_id": task_id,
                "state": state,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
    finally:
        # A pool that ran prerun and postrun in different contexts leaves nothing to reset.
        with contextlib.suppress(ValueError):
            user_id_var.reset(user_token)
        with contextlib.suppress(ValueError):
            request_id_var.reset(request_token)


def _count(state: str, sender: Any) -> None:
    name = getattr(sender, "name", None)
    if not name:
        return
    if getattr(getattr(sender, "request", None), "is_eager", False):
        # Run in the calling process (make run without Redis, .apply()): no
        # worker ran it, and the request must not wait on Redis for a figure.
        return
    try:
        broker.client().hincrby(broker.TASK_KEYS[state], name, 1)
    except redis.RedisError as error:
        logger.warning("Could not count a %s of %s: %s", state, name, error)


@task_success.connect(dispatch_uid="core.taskevents.count_success")
def count_success(sender: Any = None, **kwargs: Any) -> None:
    _count("success", sender)


@task_failure.connect(dispatch_uid="core.taskevents.count_failure")
def count_failure(sender: Any = None, **kwargs: Any) -> None:
    _count("failure", sender)


@task_retry.connect(dispatch_uid="core.taskevents.count_retry")
def count_retry(sender: Any = None, **kwargs: Any) -> None:
    _count("retry", sender)
