"""Role rules of notifications/ (core.rules)."""

from typing import Any

from django.db.models import Model

from core.rules import register
from people.roles import is_operations


def _reviews_access(user: Any, obj: Model | None = None) -> bool:
    """The access review (notifications.review) is operations' (SPEC §2)."""
    return is_operations(user)


register("notifications.view_access_review", _reviews_access)
