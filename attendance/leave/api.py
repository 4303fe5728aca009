"""JSON API of leave and return for phones (DRF). Same scoping as the pages: 404 outside.

Errors are JSON with a Chinese ``detail``; a refused write also carries its ``code`` and, for a field,
``errors``. Only who-may-act refusals are 403; bad input is 400, never 500.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from attendance.models import Decision, LeaveDecision, LeaveKind, LeaveRequest, LeaveStatus
from core.api import ERROR_SCHEMA, error_handler
from core.params import TEXT_MAX_LENGTH, validate_served_date

from . import errors, selectors, services


class RouteSerializer(serializers.Serializer[Any]):
    approvers = serializers.ListField(child=serializers.CharField())
    filed_with = serializers.ListField(child=serializers.CharField())
    provision = serializers.CharField()
    description = serializers.CharField()


class DecisionSerializer(serializers.ModelSerializer[LeaveDecision]):
    # ``user`` and ``on_behalf_of`` are logins, for programs; the ``*_name`` fields are what people read.
    user = serializers.CharField(source="user.username")
    user_name = serializers.CharField(source="user.display_name")
    on_behalf_of = serializers.CharField(source="on_behalf_of.username", allow_null=True, default=None)
    on_behalf_of_name = serializers.CharField(
        source="on_behalf_of.display_name", allow_null=True, default=None
    )
    time = serializers.DateTimeField(source="decided_at")

    class Meta:
        model = LeaveDecision
        fields = [
            "office",
            "user",
            "user_name",
            "on_behalf_of",
            "on_behalf_of_name",
            "decision",
            "comment",
            "time",
        ]


class LeaveRequestSerializer(serializers.ModelSerializer[LeaveRequest]):
    cadre_name = serializers.CharField(source="cadre.name")
    county = serializers.CharField(source="county.name")
    township = serializers.CharField(source="township.name")
    route = serializers.SerializerMethodField()
    decisions = DecisionSerializer(many=True)
    awaiting = serializers.ListField(child=serializers.CharField())
    overdue = serializers.SerializerMethodField()
    attachment = serializers.SerializerMethodField()

    class Meta:
        model = LeaveRequest
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "county",
            "township",
            "start",
            "end",
            "half_day_start",
            "half_day_end",
            "days",
            "kind",
            "reason",
            "status",
            "route",
            "decisions",
            "awaiting",
            "requested_on",
            "returned_on",
            "overdue",
            "attachment",
            "created_at",
        ]

    @extend_schema_field(RouteSerializer)
    def get_route(self, leave: LeaveRequest) -> dict[str, object]:
        return selectors.route_for_display(leave.route)

    def get_overdue(self, leave: LeaveRequest) -> bool:
        return leave.is_overdue(timezone.localdate())

    def get_attachment(self, leave: LeaveRequest) -> str | None:
        if not leave.attachment:
            return None
        request = self.context.get("request")
        path = f"/leave/{leave.pk}/attachment/"
        return request.build_absolute_uri(path) if request is not None else path


class LeaveRequestCreateSerializer(serializers.Serializer[Any]):
    cadre = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text="驻村干部本人提交时可省略",
    )
    start = serializers.DateField(validators=[validate_served_date])
    end = serializers.DateField(validators=[validate_served_date])
    kind = serializers.ChoiceField(choices=LeaveKind.choices)
    reason = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    half_day_start = serializers.BooleanField(required=False, default=False)
    half_day_end = serializers.BooleanField(required=False, default=False)
    attachment = serializers.FileField(required=False, allow_null=True)


class DecideSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=Decision.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=TEXT_MAX_LENGTH)


class CancelSerializer(serializers.Serializer[Any]):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=TEXT_MAX_LENGTH)


class ReturnSerializer(serializers.Serializer[Any]):
    returned_on = serializers.DateField(validators=[validate_served_date])
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=TEXT_MAX_LENGTH)


# The fields of the attendance APIs (leave, days) by their Chinese names, for 400 messages.
LEAVE_LABELS = {
    "start": "开始日期",
    "end": "结束日期",
    "kind": "请假类别",
    "reason": "请假事由",
    "cadre": "驻村干部",
    "decision": "审批意见",
    "returned_on": "返岗日期",
    "attachment": "附件",
}
# Every error as ``{"detail": <Chinese>, "code": ..., "errors": {...}}`` (core.api).
leave_exception_handler = error_handler(labels=LEAVE_LABELS, forbidden=errors.FORBIDDEN_CODES)


@extend_schema(tags=["请销假"])
class LeaveRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[LeaveRequest]
):
    """Leave requests in the user's scope."""

    serializer_class = LeaveRequestSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    queryset = LeaveRequest.objects.none()

    def get_exception_handler(self) -> Any:
        return leave_exception_handler

    def get_queryset(self) -> Any:
        user = self.request.user
        qs = LeaveRequest.objects.for_user(user)
        if getattr(self, "action", None) == "list":
            params = self.request.query_params
            if params.get("awaiting") == "me":
                qs = selectors.inbox(user)
            if params.get("status") in LeaveStatus.values:
                qs = qs.filter(status=params["status"])
        return (
            qs.select_related("cadre", "county", "township")
            .prefetch_related("decisions__user", "decisions__on_behalf_of")
            .order_by("-start", "-pk")
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=LeaveStatus.values, required=False),
            OpenApiParameter(
                "awaiting", str, enum=["me"], required=False, description="只列出等待本单位审批的申请"
            ),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=LeaveRequestCreateSerializer,
        responses={201: LeaveRequestSerializer, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA},
    )
    def create(self, request: Request) -> Response:
        given = LeaveRequestCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        leave = services.leave_request_submit(
            actor=request.user,
            cadre=data.get("cadre"),
            start=data["start"],
            end=data["end"],
            kind=data["kind"],
            reason=data["reason"],
            half_day_start=data["half_day_start"],
            half_day_end=data["half_day_end"],
            attachment=data.get("attachment"),
        )
        return Response(self._out(leave.pk), status=status.HTTP_201_CREATED)

    def _out(self, pk: int) -> Any:
        leave = self.get_queryset().get(pk=pk)
        return LeaveRequestSerializer(leave, context=self.get_serializer_context()).data

    @extend_schema(
        request=DecideSerializer,
        responses={200: LeaveRequestSerializer, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        leave = self.get_object()
        given = DecideSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.leave_request_decide(actor=request.user, leave=leave, **given.validated_data)
        return Response(self._out(leave.pk))

    @extend_schema(
        request=CancelSerializer,
        responses={200: LeaveRequestSerializer, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        leave = self.get_object()
        given = CancelSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.leave_request_cancel(actor=request.user, leave=leave, **given.validated_data)
        return Response(self._out(leave.pk))

    @extend_schema(
        request=ReturnSerializer,
        responses={200: LeaveRequestSerializer, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: str) -> Response:
        leave = self.get_object()
        given = ReturnSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.leave_request_return(actor=request.user, leave=leave, **given.validated_data)
        return Response(self._out(leave.pk))
