"""JSON API of the team reports and the duties calendar (DRF, the assessment API's scoping and error
rules): another county's report or team is a 404; a refusal because of who asks is a 403; bad input a
400 with a Chinese ``detail``."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response

from core import params
from teams.errors import ServiceError
from teams.models import Team

from . import duties, reports
from .api import ERROR_SCHEMA, assessment_exception_handler
from .errors import AssessmentError
from .models import TeamReport


class TeamReportSerializer(serializers.ModelSerializer[TeamReport]):
    team_name = serializers.CharField(source="team.__str__", read_only=True)
    receiving = serializers.CharField(source="receiving_office_name", read_only=True)

    class Meta:
        model = TeamReport
        fields = [
            "id",
            "team",
            "team_name",
            "kind",
            "year",
            "period",
            "provision",
            "title",
            "body",
            "status",
            "receiving_office",
            "receiving",
            "submitted_at",
            "decided_at",
            "comment",
        ]
        read_only_fields = fields


class ReportStatusSerializer(serializers.Serializer[Any]):
    action = serializers.ChoiceField(
        choices=[("submit", "提交"), ("acknowledge", "确认"), ("return", "退回")],
        error_messages={"invalid_choice": "操作应为 submit（提交）、acknowledge（确认）或 return（退回）"},
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


@extend_schema(tags=["工作队报告"])
class TeamReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[TeamReport]
):
    """The team reports in the user's scope, and their status (submit / acknowledge / return)."""

    serializer_class = TeamReportSerializer
    queryset = TeamReport.objects.none()

    def get_exception_handler(self) -> Any:
        return assessment_exception_handler

    def get_queryset(self) -> Any:
        return reports.reports_for(self.request.user)

    @extend_schema(
        request=ReportStatusSerializer,
        responses={200: TeamReportSerializer, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA},
        description="工作队提交报告；接收单位确认或退回（退回须填写意见）",
    )
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request: Request, pk: str) -> Response:
        report = self.get_object()
        given = ReportStatusSerializer(data=request.data)
        if not given.is_valid():
            raise AssessmentError(
                "report_bad_action", "操作应为 submit（提交）、acknowledge（确认）或 return（退回）", "action"
            )
        action, comment = given.validated_data["action"], given.validated_data["comment"]
        user = request.user
        if action == "submit":
            done = reports.report_submit(user=user, report=report, today=timezone.localdate())
        elif action == "acknowledge":
            done = reports.report_acknowledge(user=user, report=report, comment=comment)
        else:
            done = reports.report_return(user=user, report=report, comment=comment)
        return Response(TeamReportSerializer(done).data)


class DutySerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    name = serializers.CharField()
    provision = serializers.CharField()
    year = serializers.IntegerField()
    period = serializers.IntegerField(allow_null=True)
    period_label = serializers.CharField()
    start = serializers.DateField()
    due = serializers.DateField()
    state = serializers.ChoiceField(choices=["done", "not_due", "due_soon", "overdue"])
    state_name = serializers.CharField()
    detail = serializers.CharField()
    findings = serializers.ListField(child=serializers.DictField())


def _duty_json(row: duties.DutyRow) -> dict[str, Any]:
    d = row.duty
    return {
        "kind": d.kind,
        "name": d.name,
        "provision": d.provision,
        "year": d.year,
        "period": d.period,
        "period_label": d.period_label,
        "start": d.start.isoformat(),
        "due": d.due.isoformat(),
        "state": row.state,
        "state_name": row.state_name,
        "detail": row.detail,
        "findings": [{"provision": f.provision, "message": f.message} for f in row.findings],
    }


@extend_schema(
    tags=["工作队报告"],
    parameters=[OpenApiParameter("year", int, description="年度（默认本年）")],
    responses={200: DutySerializer(many=True), 400: ERROR_SCHEMA, 404: ERROR_SCHEMA},
    description="工作队本年度按本县政策的各项任务、截止日期和状态（已完成/未到期/即将到期/已逾期）",
)
@api_view(["GET"])
def team_duties(request: Request, pk: int) -> Response:
    team = get_object_or_404(Team.objects.for_user(request.user), pk=pk)
    today = timezone.localdate()
    try:
        year = params.parse_year(request.query_params.get("year")) or today.year
    except ServiceError as exc:
        return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_400_BAD_REQUEST)
    return Response([_duty_json(r) for r in duties.team_duties(team, year, today)])
