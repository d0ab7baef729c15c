"""Why one sees a record, and who does (``core.explain``), as the API says it:
``…/{id}/access/me/`` and ``…/{id}/access/``. Each app names its own reason
and viewer serializers (its reasons' codes differ), built here alike."""

from collections.abc import Callable, Sequence
from typing import Any

from rest_framework import serializers

from core.api.serializers import Serializer
from core.explain import Clause, Viewer

MAY = ["view", "edit", "decide"]


def reason_serializer(name: str, clauses: Sequence[Clause[Any]]) -> type[Serializer]:
    """A reason: the code of one of ``clauses`` (a rule of SPEC §3) and its sentence."""
    fields = {
        "code": serializers.ChoiceField(
            choices=[clause.code for clause in clauses], read_only=True, help_text="Which rule of SPEC §3 it is."
        ),
        "text": serializers.CharField(read_only=True, help_text="The reason, in the reader's language."),
        "__module__": __name__,
    }
    return type(name, (Serializer,), fields)


def my_access_serializer(name: str, reasons: type[Serializer], what: str) -> type[Serializer]:
    """``…/access/me/``: each reason the reader sees ``what``."""
    fields = {
        "reasons": reasons(many=True, read_only=True, help_text=f"Each reason you see the {what}."),
        "__module__": __name__,
    }
    return type(name, (Serializer,), fields)


class ViewerSerializer(Serializer):
    """A person of "who can see this" (``core.explain.Viewer``); a subclass names
    its ``reasons`` and says how a listed person becomes a viewer (``as_viewer``)."""

    user = serializers.CharField(source="person.username", read_only=True, help_text="Their username.")
    full_name = serializers.CharField(source="person.full_name", read_only=True)
    active = serializers.BooleanField(source="person.is_active", read_only=True, help_text="Whether they may sign in.")
    may = serializers.ListField(
        child=serializers.ChoiceField(choices=MAY),
        read_only=True,
        help_text="`view`; `edit` the record; `decide` (a data-access request, or a step of a request awaiting them).",
    )

    def as_viewer(self, person: Any) -> Viewer:
        raise NotImplementedError

    def to_representation(self, instance: Any) -> Any:
        return super().to_representation(self.as_viewer(instance))


def viewer_of(function: Callable[[Any], Viewer]) -> Callable[[Any, Any], Viewer]:
    """``as_viewer`` from a function of the person alone."""

    def as_viewer(self: Any, person: Any) -> Viewer:
        return function(person)

    return as_viewer
