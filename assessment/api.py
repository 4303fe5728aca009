"""JSON API of the annual assessment (DRF), with the leave API's scoping and error rules: another
county's round or entry is a 404; a refusal because of who asks is a 403; bad input a 400 with a Chinese
``detail``, its ``code`` and, where a provision decides, its ``provision``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import error_handler

from . import errors, selectors, services
from .models import AssessmentEntry, AssessmentRound, Grade


class RoundSerializer(serializers.ModelSerializer[AssessmentRound]):
    county = serializers.CharField(source="county.name")
    excellent_cap = serializers.SerializerMethodField()
    excellent_used = serializers.SerializerMethodField()

    class Meta:
        model = AssessmentRound
        fields = [
            "id",
            "year",
            "county",
            "status",
            "excellent_cap",
            "excellent_used",
            "opened_at",
            "closed_at",
        ]

    def get_excellent_cap(self, round_: AssessmentRound) -> int | None:
        cap = selectors.cap_for(round_)
        return cap.cap if cap is not None else None

    def get_excellent_used(self, round_: AssessmentRound) -> int:
        return selectors.excellent_used(round_)


class ReasonSerializer(serializers.Serializer[Any]):
    provision = serializers.CharField()
    message = serializers.CharField()


class EntryOutSerializer(serializers.Serializer[Any]):
    """What an entry reads as (for the schema; ``_entry_json`` writes it)."""

    id = serializers.IntegerField()
    cadre = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=["first_secretary", "member"])
    team = serializers.CharField()
    dispatching_unit = serializers.CharField()
    service_days = serializers.IntegerField()
    period_days = serializers.IntegerField()
    proposed_grade = serializers.CharField(allow_blank=True)
    grade = serializers.CharField(allow_blank=True)
    may_be_excellent = serializers.BooleanField()
    reasons = ReasonSerializer(many=True)


def _entry_json(row: selectors.EntryRow) -> dict[str, Any]:
    entry = row.entry
    return {
        "id": entry.pk,
        "cadre": entry.cadre_id,
        "name": entry.cadre.name,
        "role": entry.role,
        "team": str(entry.team),
        "dispatching_unit": entry.dispatching_unit.name,
        "service_days": entry.service_days,
        "period_days": entry.period_days,
        "proposed_grade": entry.proposed_grade,
        "grade": entry.grade,
        "may_be_excellent": row.may_be_excellent,
        "reasons": [r.as_json() for r in row.reasons],
    }


class RoundCreateSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()


class GradeSerializer(serializers.Serializer[Any]):
    grade = serializers.CharField(help_text="、".join(f"{v}（{label}）" for v, label in Grade.choices))
    comment = serializers.CharField(required=False, allow_blank=True, default="")


ERROR_SCHEMA = inline_serializer(
    "AssessmentError",
    {
        "detail": serializers.CharField(),
        "code": serializers.CharField(),
        "provision": serializers.CharField(),
    },
)

LABELS = {"year": "考核年度", "grade": "考核等次", "comment": "意见"}


assessment_exception_handler = error_handler(labels=LABELS, forbidden=errors.FORBIDDEN_CODES)


class _Base:
    def get_exception_handler(self) -> Any:
        return assessment_exception_handler


@extend_schema(tags=["年度考核"])
class AssessmentRoundViewSet(_Base, mixins.RetrieveModelMixin, viewsets.GenericViewSet[AssessmentRound]):
    """The annual assessment rounds in the user's scope."""

    serializer_class = RoundSerializer
    queryset = AssessmentRound.objects.none()

    def get_queryset(self) -> Any:
        return AssessmentRound.objects.for_user(self.request.user).select_related("county")

    @extend_schema(
        request=RoundCreateSerializer,
        responses={201: RoundSerializer, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA},
        description="县委组织部发起本县该年度的年度考核",
    )
    def create(self, request: Request) -> Response:
        given = RoundCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        round_ = services.round_open(user=request.user, year=given.validated_data["year"])
        return Response(RoundSerializer(round_).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: EntryOutSerializer(many=True), 404: ERROR_SCHEMA})
    @action(detail=True, methods=["get"])
    def entries(self, request: Request, pk: str) -> Response:
        round_ = self.get_object()
        view = selectors.round_view(
            round_,
            AssessmentEntry.objects.for_user(request.user).filter(round=round_),
            today=timezone.localdate(),
        )
        return Response([_entry_json(row) for row in view.rows])

    @extend_schema(
        request=None,
        responses={200: RoundSerializer, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA},
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        round_ = self.get_object()
        closed = services.round_close(user=request.user, round_=round_)
        return Response(RoundSerializer(closed).data)


@extend_schema(tags=["年度考核"])
class AssessmentEntryViewSet(_Base, viewsets.GenericViewSet[AssessmentEntry]):
    """Propose and decide one cadre's grade."""

    queryset = AssessmentEntry.objects.none()
    serializer_class = GradeSerializer

    def get_queryset(self) -> Any:
        return AssessmentEntry.objects.for_user(self.request.user)

    def _answer(self, entry: AssessmentEntry) -> Response:
        view = selectors.round_view(
            entry.round, AssessmentEntry.objects.filter(pk=entry.pk), today=timezone.localdate()
        )
        return Response(_entry_json(view.rows[0]))

    @extend_schema(
        request=GradeSerializer,
        responses={200: EntryOutSerializer, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA},
        description="提出考核意见（青海：乡镇党委）",
    )
    @action(detail=True, methods=["post"])
    def propose(self, request: Request, pk: str) -> Response:
        entry = self.get_object()
        given = GradeSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        done = services.entry_propose(user=request.user, entry=entry, **given.validated_data)
        return self._answer(done)

    @extend_schema(
        request=GradeSerializer,
        responses={200: EntryOutSerializer, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA},
        description="确定考核等次（按本县政策由县委组织部或派出单位确定）",
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        entry = self.get_object()
        given = GradeSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        done = services.entry_decide(user=request.user, entry=entry, **given.validated_data)
        return self._answer(done)
