"""Why one sees a request or a person, and who does (``people.access``), as the
API says it: ``…/{id}/access/me/`` and ``…/{id}/access/``."""

from typing import Any

from rest_framework import serializers

from people.access import PERSON_CLAUSES, POSITION_CLAUSES, person_viewer, position_viewer

MAY_HELP = "`view`; `edit` it; `decide` a step of a request awaiting them (or someone they stand in for)."


class PositionReasonSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=[clause.code for clause in POSITION_CLAUSES], read_only=True, help_text="Which rule of SPEC §3 it is."
    )
    text = serializers.CharField(read_only=True, help_text="The reason, in the reader's language.")


class PersonReasonSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=[clause.code for clause in PERSON_CLAUSES], read_only=True, help_text="Which rule of SPEC §3 it is."
    )
    text = serializers.CharField(read_only=True, help_text="The reason, in the reader's language.")


class MyPositionAccessSerializer(serializers.Serializer):
    reasons = PositionReasonSerializer(many=True, read_only=True, help_text="Each reason you see the request.")


class MyPersonAccessSerializer(serializers.Serializer):
    reasons = PersonReasonSerializer(many=True, read_only=True, help_text="Each reason you see the person.")


class _ViewerSerializer(serializers.Serializer):
    user = serializers.CharField(source="person.username", read_only=True, help_text="Their username.")
    full_name = serializers.CharField(source="person.full_name", read_only=True)
    active = serializers.BooleanField(source="person.is_active", read_only=True, help_text="Whether they may sign in.")
    may = serializers.ListField(
        child=serializers.ChoiceField(choices=["view", "edit", "decide"]), read_only=True, help_text=MAY_HELP
    )


class PositionViewerSerializer(_ViewerSerializer):
    """A person of "who can see this request": built from ``people.access.who_sees_position``'s
    rows, with the request and who decides it now in the context (``position``, ``deciders``)."""

    reasons = PositionReasonSerializer(many=True, read_only=True)

    def to_representation(self, instance: Any) -> Any:
        viewer = position_viewer(instance, self.context["position"], self.context["deciders"])
        return super().to_representation(viewer)


class PersonViewerSerializer(_ViewerSerializer):
    """A person of "who can see this person": built from ``people.access.who_sees_person``'s rows."""

    reasons = PersonReasonSerializer(many=True, read_only=True)

    def to_representation(self, instance: Any) -> Any:
        return super().to_representation(person_viewer(instance))
