"""Serializers every app's API shares."""

from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class NamedUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
