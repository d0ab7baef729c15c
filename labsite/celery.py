"""The Celery app: `celery -A labsite worker` and `celery -A labsite beat`.

Configuration lives in Django settings under the ``CELERY_`` namespace; tasks are
found in each app's ``tasks.py``. Every worker writes its heartbeat to Redis
(``core.liveness.WorkerHeartbeat``), read by ``/readyz``. With ``LOG_FORMAT=json``
Celery leaves logging to Django's ``LOGGING``, so that workers and beat write
the same JSON lines as the web.
"""

import os
from typing import Any

from celery import Celery
from celery.signals import setup_logging

from core.liveness import WorkerHeartbeat
from labsite.settings import env

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labsite.settings.local")

app = Celery("labsite")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.steps["consumer"].add(WorkerHeartbeat)

if env.choice("LOG_FORMAT", "text", ["text", "json"]) == "json":

    @setup_logging.connect(weak=False)
    def keep_django_logging(**kwargs: Any) -> None:
        """Connected, this receiver stops Celery from configuring logging itself."""
