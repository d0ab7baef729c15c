"""The audit actions of transfer records (innovations, agreements, partners):
what their services write, and how their histories name them."""

from django.db import models
from django.utils.translation import gettext_lazy


class TransferAction(models.TextChoices):
    CREATED = "created", gettext_lazy("recorded it")
    UPDATED = "updated", gettext_lazy("changed it")
    STAGE_CHANGED = "stage_changed", gettext_lazy("moved it to another stage")
    REOPENED = "reopened", gettext_lazy("reopened it (moved it back)")
    AGREEMENT_ADDED = "agreement_added", gettext_lazy("added an agreement")
    DEPLOYMENT_ADDED = "deployment_added", gettext_lazy("added a deployment")
    DEPLOYMENT_UPDATED = "deployment_updated", gettext_lazy("changed a deployment")
