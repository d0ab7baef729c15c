"""Role rules as an authentication backend.

Each app registers, in its ``permissions.py``, a predicate per permission
(``"people.view_user"``). ``user.has_perm(perm, obj)`` then answers from that
predicate, so Django's admin, DRF's permission classes and templates all ask the
same question. A predicate about visibility asks the app's selector, so the
rule is written once.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model

Predicate = Callable[[Any, Model | None], bool]

_rules: dict[str, Predicate] = {}


def register(perm: str, predicate: Predicate) -> None:
    if perm in _rules:
        raise ValueError(f"A rule for {perm} is already registered.")
    _rules[perm] = predicate


def registered() -> dict[str, Predicate]:
    return dict(_rules)


class RuleBackend:
    """Answers ``has_perm`` from the registered rules; authenticates nobody."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user_obj: AbstractBaseUser | AnonymousUser, perm: str, obj: Model | None = None) -> bool:
        if not user_obj.is_active or user_obj.is_anonymous:
            return False
        predicate = _rules.get(perm)
        return bool(predicate and predicate(user_obj, obj))

    def has_module_perms(self, user_obj: AbstractBaseUser | AnonymousUser, app_label: str) -> bool:
        return False
