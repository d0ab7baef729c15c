"""A host position's or secondment's audit actions: what its services write, and
how its timeline names them."""

from django.db import models
from django.utils.translation import gettext_lazy


class PositionAction(models.TextChoices):
    CREATED = "created", gettext_lazy("created the request")
    UPDATED = "updated", gettext_lazy("changed the draft")
    SUBMITTED = "submitted", gettext_lazy("submitted the request")
    APPROVED = "approved", gettext_lazy("approved")
    REJECTED = "rejected", gettext_lazy("rejected")
    WITHDRAWN = "withdrawn", gettext_lazy("withdrew the request")
