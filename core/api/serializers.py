"""Serializers every app's API shares."""

from typing import Any

from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class NamedUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class OptionalURLField(serializers.URLField):
    """A URL a record may lack (a model's ``URLField(blank=True)``): shown as
    null when it is empty, so that every string shown is a URL, as the schema
    says (``format: uri``, nullable)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_null=True, **kwargs)

    def to_representation(self, value: Any) -> str | None:  # type: ignore[override]  # null for no URL
        return value or None


class OptionalBooleanFilter(serializers.BooleanField):
    """A yes-or-no filter of a list's query that may be left out (None: no
    filter). Given, it is true or false: an empty value is a 400, as the schema
    (a boolean) says, not the absent filter DRF would read."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, allow_null=True, default=None, **kwargs)

    def get_value(self, dictionary: Any) -> Any:
        return dictionary.get(self.field_name)

    def to_internal_value(self, data: Any) -> bool:
        if data in self.TRUE_VALUES:
            return True
        if data in self.FALSE_VALUES:
            return False
        self.fail("invalid", input=data)
