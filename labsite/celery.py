"""The Celery app: `celery -A labsite worker` and `celery -A labsite beat`.

Configuration lives in Django settings under the ``CELERY_`` namespace; tasks are
found in each app's ``tasks.py``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labsite.settings.local")

app = Celery("labsite")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
