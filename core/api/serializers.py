"""Serializers every app's API shares, and the bases every serializer of
labsite derives from: ``Serializer`` and ``ModelSerializer`` put what a body or
a query string gives under ``core.text``'s input policy."""

from collections.abc import Mapping
from typing import Any

from rest_framework import serializers
from rest_framework.fields import empty

from core.text import text_refusal

# A CharField that takes several lines (DRF's browsable API draws it as a textarea):
# tabs and line breaks are kept there, refused in any other text.
MULTILINE = {"base_template": "textarea.html"}


def text_kind(field: serializers.Field) -> dict[str, bool]:
    """What a field takes: several lines, or a password; a list's, its items'."""
    field = getattr(field, "child", None) or getattr(field, "child_relation", None) or field
    style = getattr(field, "style", {})
    return {
        "multiline": style.get("base_template") == MULTILINE["base_template"],
        "password": style.get("input_type") == "password",
    }


class CleanTextMixin:
    """Every writable field's raw input under the input policy, before any
    field reads it: a refused one is a 400 naming the field, and never reaches
    a query (a username looked up with a NUL in it was a server error)."""

    def to_internal_value(self: Any, data: Any) -> Any:
        if isinstance(data, Mapping):
            errors = {}
            for field in self._writable_fields:
                value = field.get_value(data)
                if value is not empty and (error := text_refusal(value, **text_kind(field))) is not None:
                    errors[field.field_name] = error.messages
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)  # type: ignore[misc]


class Serializer(CleanTextMixin, serializers.Serializer):
    pass


class ModelSerializer(CleanTextMixin, serializers.ModelSerializer):
    pass


class ErrorSerializer(Serializer):
    detail = serializers.CharField()


class NamedUnitSerializer(Serializer):
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
