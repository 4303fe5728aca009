"""/api/v1/log-entries/: a phone (token auth, accounts.tokens) or a page lists and posts work log
entries. Scoped like the pages; bad input is a 400 with a Chinese ``detail`` and its ``code``; a refusal
because of who asks is a 403."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import ERROR_SCHEMA, error_handler
from core.params import validate_served_date

from . import errors, services
from .models import SUMMARY_MAX_CHARS, TEXT_MAX_CHARS, EntryKind, LogEntry

MAX_ID = 2**63 - 1
LABELS = {
    "team": "工作队",
    "cadre": "驻村干部",
    "kind": "类别",
    "date": "日期",
    "place": "地点",
    "summary": "工作内容",
    "people": "涉及人员",
    "households": "走访农户",
    "new_households": "新登记农户",
    "attachment": "附件",
}


class HouseholdOutSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    head_name = serializers.CharField()
    doorplate = serializers.CharField()


class LogEntrySerializer(serializers.ModelSerializer[LogEntry]):
    village = serializers.CharField(source="team.village.name")
    cadre_name = serializers.SerializerMethodField()
    households = HouseholdOutSerializer(many=True)
    has_attachment = serializers.SerializerMethodField()

    class Meta:
        model = LogEntry
        fields = [
            "id",
            "team",
            "village",
            "cadre",
            "cadre_name",
            "kind",
            "date",
            "place",
            "summary",
            "people",
            "households",
            "has_attachment",
            "created_at",
        ]

    def get_cadre_name(self, entry: LogEntry) -> str:
        return entry.cadre.name if entry.cadre else ""

    def get_has_attachment(self, entry: LogEntry) -> bool:
        return bool(entry.attachment)


class NewHouseholdSerializer(serializers.Serializer[Any]):
    head_name = serializers.CharField(max_length=32)
    doorplate = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class LogEntryCreateSerializer(serializers.Serializer[Any]):
    team = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text="乡镇党委填写时必填；驻村干部本人可省略",
    )
    cadre = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_ID, help_text="乡镇党委代干部填写时选填"
    )
    kind = serializers.ChoiceField(choices=EntryKind.choices)
    date = serializers.DateField(validators=[validate_served_date])
    place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    summary = serializers.CharField(max_length=SUMMARY_MAX_CHARS)
    people = serializers.CharField(max_length=TEXT_MAX_CHARS, required=False, allow_blank=True, default="")
    households = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        default=list,
        max_length=500,
    )
    new_households = NewHouseholdSerializer(many=True, required=False, default=list)
    attachment = serializers.FileField(required=False, allow_null=True)


worklog_exception_handler = error_handler(labels=LABELS, forbidden=errors.FORBIDDEN_CODES)


@extend_schema(tags=["驻村日志"])
class LogEntryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[LogEntry]):
    """Work log entries in the user's scope, newest first; a cadre or township committee posts one."""

    serializer_class = LogEntrySerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    queryset = LogEntry.objects.none()

    def get_exception_handler(self) -> Any:
        return worklog_exception_handler

    def get_queryset(self) -> Any:
        qs = LogEntry.objects.for_user(self.request.user)
        if getattr(self, "action", None) == "list":
            kind = self.request.query_params.get("kind")
            if kind in EntryKind.values:
                qs = qs.filter(kind=kind)
        return (
            qs.select_related("team__village", "cadre")
            .prefetch_related("households")
            .order_by("-date", "-pk")
        )

    @extend_schema(parameters=[OpenApiParameter("kind", str, enum=EntryKind.values, required=False)])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=LogEntryCreateSerializer,
        responses={201: LogEntrySerializer, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA},
    )
    def create(self, request: Request) -> Response:
        given = LogEntryCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        entry = services.log_entry_create(
            actor=request.user,
            team=data.get("team"),
            cadre=data.get("cadre"),
            kind=data["kind"],
            date=data["date"],
            place=data["place"],
            summary=data["summary"],
            people=data["people"],
            households=data["households"],
            new_households=[(h["head_name"], h["doorplate"]) for h in data["new_households"]],
            attachment=data.get("attachment"),
            today=timezone.localdate(),
        )
        out = self.get_queryset().get(pk=entry.pk)
        return Response(LogEntrySerializer(out).data, status=status.HTTP_201_CREATED)
