"""Shapes shared by every app's JSON API: the error body and a finding with its provision."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

# Every 400/403/404 of the API: a Chinese message and a stable code.
ERROR_SCHEMA = inline_serializer(
    "Error", {"detail": serializers.CharField(), "code": serializers.CharField()}
)


class FindingSerializer(serializers.Serializer[Any]):
    """A finding of ``teams.rules``: the provision id, its strength and the message."""

    provision = serializers.CharField()
    severity = serializers.CharField()
    message = serializers.CharField()
