"""Errors services raise, which every interface answers the same way:
``django.core.exceptions.ValidationError`` → 400, ``PermissionDenied`` → 403,
``Conflict`` → 409."""


class Conflict(Exception):
    """The action does not apply to the object's current state (or someone was
    faster): HTTP 409."""
