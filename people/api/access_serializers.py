"""Why one sees a request or a person, and who does (``people.access``), as the
API says it: ``…/{id}/access/me/`` and ``…/{id}/access/`` (``core.api.access``)."""

from typing import Any

from core.api.access import ViewerSerializer, my_access_serializer, reason_serializer, viewer_of
from core.explain import Viewer
from people.access import PERSON_CLAUSES, POSITION_CLAUSES, person_viewer, position_viewer

PositionReasonSerializer = reason_serializer("PositionReasonSerializer", POSITION_CLAUSES)
PersonReasonSerializer = reason_serializer("PersonReasonSerializer", PERSON_CLAUSES)
MyPositionAccessSerializer = my_access_serializer("MyPositionAccessSerializer", PositionReasonSerializer, "request")
MyPersonAccessSerializer = my_access_serializer("MyPersonAccessSerializer", PersonReasonSerializer, "person")


class PositionViewerSerializer(ViewerSerializer):
    """A person of "who can see this request": built from ``people.access.who_sees_position``'s
    rows, with the request and who decides it now in the context (``position``, ``deciders``)."""

    reasons = PositionReasonSerializer(many=True, read_only=True)

    def as_viewer(self, person: Any) -> Viewer:
        return position_viewer(person, self.context["position"], self.context["deciders"])


class PersonViewerSerializer(ViewerSerializer):
    """A person of "who can see this person": built from ``people.access.who_sees_person``'s rows."""

    reasons = PersonReasonSerializer(many=True, read_only=True)
    as_viewer = viewer_of(person_viewer)
