"""JSON API of training (DRF), with the leave API's scoping and error rules: another county's record is
a 404; a refusal because of who asks is a 403; bad input a 400 with a Chinese ``detail`` and ``code``."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core import params
from core.api import ERROR_SCHEMA, FindingSerializer, error_handler
from teams.county_policy import counties_for_user
from teams.models import Cadre

from . import errors, selectors, services
from .errors import TrainingError
from .models import TrainingRecord

ASCII_ID = re.compile(r"[0-9]{1,10}", re.ASCII)
LABELS = {
    "event": "培训班次",
    "cadre": "驻村干部",
    "days": "参训天数",
    "year": "年度",
    "county": "县（市、区）",
}


training_exception_handler = error_handler(labels=LABELS, forbidden=errors.FORBIDDEN_CODES)


class RecordSerializer(serializers.ModelSerializer[TrainingRecord]):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    event_title = serializers.CharField(source="event.title", read_only=True)
    level = serializers.CharField(source="event.level", read_only=True)
    start = serializers.DateField(source="event.start", read_only=True)

    class Meta:
        model = TrainingRecord
        fields = ["id", "event", "event_title", "level", "start", "cadre", "cadre_name", "days", "source"]
        read_only_fields = ["id", "source"]


class IdField(serializers.IntegerField):
    """A record id: a JSON number or a string of ASCII digits (``١`` is a digit to ``int`` but no id)."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, str) and not ASCII_ID.fullmatch(data):
            self.fail("invalid")
        return int(super().to_internal_value(data))


class RecordCreateSerializer(serializers.Serializer[Any]):
    event = IdField(min_value=1, max_value=2**31 - 1)
    cadre = IdField(min_value=1, max_value=2**31 - 1)
    days = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.5"),
        required=False,
        allow_null=True,
        default=None,
    )


class _Base:
    def get_exception_handler(self) -> Any:
        return training_exception_handler


@extend_schema(tags=["培训"])
class TrainingRecordViewSet(
    _Base, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[TrainingRecord]
):
    """Training records in the user's scope; ``?year=`` narrows to events starting that year."""

    serializer_class = RecordSerializer
    queryset = TrainingRecord.objects.none()

    def get_queryset(self) -> Any:
        rows = TrainingRecord.objects.for_user(self.request.user).select_related("cadre", "event")
        year = params.parse_year(self.request.query_params.get("year", ""))
        if year is not None:
            start, end = selectors.year_bounds(year)
            rows = rows.filter(event__start__gte=start, event__start__lte=end)
        return rows.order_by("-event__start", "cadre__name", "pk")

    @extend_schema(
        parameters=[OpenApiParameter("year", OpenApiTypes.INT, description="培训开始年度")],
        responses={200: RecordSerializer(many=True), 400: ERROR_SCHEMA},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=RecordCreateSerializer,
        responses={201: RecordSerializer, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA},
        description="登记一名本县干部参加某次培训（参训天数默认为本次培训天数）",
    )
    def create(self, request: Request) -> Response:
        given = RecordCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        record = services.record_add(user=request.user, **given.validated_data)
        return Response(RecordSerializer(record).data, status=status.HTTP_201_CREATED)


class TrainingStatusSerializer(serializers.Serializer[Any]):
    cadre = serializers.IntegerField()
    name = serializers.CharField()
    year = serializers.IntegerField()
    days = serializers.DecimalField(max_digits=6, decimal_places=1)
    concentrated_days = serializers.DecimalField(max_digits=6, decimal_places=1)
    qualifying = serializers.ListField(child=serializers.IntegerField(), help_text="符合要求的培训记录id")
    has_pre_service = serializers.BooleanField()
    short = serializers.BooleanField()
    findings = FindingSerializer(many=True)


def _status_json(row: selectors.CadreYear) -> dict[str, Any]:
    return {
        "cadre": row.cadre.pk,
        "name": row.cadre.name,
        "year": row.year,
        "days": str(row.days),
        "concentrated_days": str(row.concentrated_days),
        "qualifying": [r.pk for r in row.qualifying],
        "has_pre_service": row.has_pre_service,
        "short": row.short,
        "findings": [
            {"provision": f.provision, "severity": f.severity, "message": f.message} for f in row.findings
        ],
    }


@extend_schema(tags=["培训"])
class TrainingStatusView(_Base, APIView):
    """Each cadre's training in a year against the county's policy (check_training_year)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, required=True, description="年度"),
            OpenApiParameter("county", OpenApiTypes.INT, description="县（市、区）id，默认为本人所在县"),
        ],
        responses={200: TrainingStatusSerializer(many=True), 400: ERROR_SCHEMA},
    )
    def get(self, request: Request) -> Response:
        year = params.parse_year(request.query_params.get("year", ""))
        if year is None:
            raise TrainingError("training_bad_year", "请指定年度（year=YYYY）", "year")
        counties = counties_for_user(request.user).order_by("code")
        wanted = params.parse_filter_id(request.query_params.get("county"))
        county = counties.filter(pk=wanted).first() if wanted is not None else counties.first()
        if county is None:
            return Response([])
        rows = selectors.county_year(
            county, year, today=timezone.localdate(), cadres=Cadre.objects.for_user(request.user)
        )
        return Response([_status_json(r) for r in rows])
