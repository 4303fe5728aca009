"""/api/v1/allowances/?year=&month=: the living allowance of a month for the cadres in the user's scope (a
dispatching unit: its own cadres). Bad input is a 400 with a Chinese ``detail``; an uncertified month has
``certified: false`` and null days and amounts (待确认)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ERROR_SCHEMA, FindingSerializer, error_handler
from core.params import parse_int, parse_year
from teams.errors import ServiceError
from teams.models import Membership

from . import allowance_errors as errors
from . import allowance_selectors as selectors


class AllowanceSerializer(serializers.Serializer[Any]):
    cadre = serializers.IntegerField()
    name = serializers.CharField()
    dispatching_unit = serializers.CharField()
    township = serializers.CharField()
    certified = serializers.BooleanField()
    days = serializers.IntegerField(allow_null=True, help_text="在村天数；考勤未确认时为 null（待确认）")
    per_day = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    due = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    paid = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    paid_on = serializers.DateField(allow_null=True)
    difference = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    provision = serializers.CharField()
    findings = FindingSerializer(many=True)


def _json(row: selectors.AllowanceRow) -> dict[str, Any]:
    def money(value: Any) -> str | None:
        return None if value is None else f"{value:.2f}"

    return {
        "cadre": row.cadre_id,
        "name": row.name,
        "dispatching_unit": row.unit,
        "township": row.township,
        "certified": row.certified,
        "days": row.days,
        "per_day": money(row.per_day),
        "due": money(row.amount),
        "paid": money(row.paid),
        "paid_on": row.paid_on.isoformat() if row.paid_on else None,
        "difference": money(row.difference),
        "provision": row.provision,
        "findings": [
            {"provision": f.provision, "severity": f.severity, "message": f.message} for f in row.findings
        ],
    }


allowance_exception_handler = error_handler(
    labels={"year": "年度", "month": "月份"}, forbidden=errors.FORBIDDEN_CODES
)


class AllowanceView(APIView):
    def get_exception_handler(self) -> Any:
        return allowance_exception_handler

    @extend_schema(
        tags=["生活补助"],
        summary="某月的驻村生活补助（应发、已发、差额）",
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, required=True, description="年份"),
            OpenApiParameter("month", OpenApiTypes.INT, required=True, description="月份（1–12）"),
        ],
        responses={200: AllowanceSerializer(many=True), 400: ERROR_SCHEMA},
    )
    def get(self, request: Request) -> Response:
        year = parse_year(request.query_params.get("year"))
        month = parse_int(request.query_params.get("month"), label="月份", low=1, high=12, field="month")
        if year is None or month is None:
            raise ServiceError(errors.BAD_PARAM, errors.YEAR_MONTH_MISSING_MSG)
        rows = selectors.allowance(Membership.objects.for_user(request.user), year, month)
        return Response([_json(r) for r in rows])
