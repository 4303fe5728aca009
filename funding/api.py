"""JSON API of the work funds' expenditures (DRF), with the leave API's scoping and error rules: another
county's expenditure or fund is a 404; a refusal because of who asks is a 403; bad input a 400 with a
Chinese ``detail`` and its ``code``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from core import params
from core.api import ERROR_SCHEMA, error_handler

from . import errors, services
from .models import Expenditure, ExpenditureCategory, ExpenditureStatus, WorkFund


class ExpenditureSerializer(serializers.ModelSerializer[Expenditure]):
    team = serializers.CharField(source="fund.team.__str__", read_only=True)
    year = serializers.IntegerField(source="fund.year", read_only=True)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=True)
    receipt = serializers.SerializerMethodField()

    class Meta:
        model = Expenditure
        fields = [
            "id",
            "fund",
            "team",
            "year",
            "spent_on",
            "amount",
            "category",
            "payee",
            "description",
            "status",
            "receipt",
            "entered_at",
            "decided_at",
            "comment",
        ]

    def get_receipt(self, expenditure: Expenditure) -> str | None:
        return f"/funding/expenditures/{expenditure.pk}/receipt/" if expenditure.receipt else None


class ExpenditureCreateSerializer(serializers.Serializer[Any]):
    fund = serializers.IntegerField(help_text="工作经费编号（WorkFund）")
    spent_on = serializers.DateField()
    # Text, parsed by the service: NaN, 1e309 and "-5" are refused with a Chinese message, not a 500.
    amount = serializers.CharField(max_length=40, help_text="金额（元），大于0，最多两位小数")
    category = serializers.ChoiceField(choices=ExpenditureCategory.choices)
    payee = serializers.CharField(max_length=services.PAYEE_MAX_LENGTH)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=params.TEXT_MAX_LENGTH
    )
    receipt = serializers.FileField(required=False, allow_null=True)


LABELS = {
    "fund": "工作经费",
    "spent_on": "支出日期",
    "amount": "金额",
    "category": "支出类别",
    "payee": "收款方",
    "description": "用途说明",
    "receipt": "票据",
}


funding_exception_handler = error_handler(labels=LABELS, forbidden=errors.FORBIDDEN_CODES)


@extend_schema(tags=["工作经费"])
class ExpenditureViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Expenditure]
):
    """The work-fund expenditures in the user's scope; township committees and the team's cadres enter
    new ones (pending the county organisation department's approval)."""

    serializer_class = ExpenditureSerializer
    queryset = Expenditure.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_exception_handler(self) -> Any:
        return funding_exception_handler

    def get_queryset(self) -> Any:
        rows = Expenditure.objects.for_user(self.request.user).select_related("fund__team__village")
        year = params.parse_year(self.request.query_params.get("year"))
        if year is not None:
            rows = rows.filter(fund__year=year)
        wanted = self.request.query_params.get("status")
        if wanted in ExpenditureStatus.values:
            rows = rows.filter(status=wanted)
        fund = params.parse_filter_id(self.request.query_params.get("fund"))
        if fund is not None:
            rows = rows.filter(fund_id=fund)
        return rows.order_by("-spent_on", "-pk")

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="年度"),
            OpenApiParameter("status", str, enum=ExpenditureStatus.values, description="状态"),
            OpenApiParameter("fund", int, description="工作经费编号"),
        ],
        responses={200: ExpenditureSerializer(many=True), 400: ERROR_SCHEMA},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request={
            "application/json": ExpenditureCreateSerializer,
            "multipart/form-data": ExpenditureCreateSerializer,
        },
        responses={201: ExpenditureSerializer, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA},
        description="登记一笔工作经费支出（乡镇党委或本队驻村干部），待县委组织部审批",
    )
    def create(self, request: Request) -> Response:
        given = ExpenditureCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        fund = WorkFund.objects.for_user(request.user).filter(pk=data["fund"]).first()
        if fund is None:
            from django.http import Http404

            raise Http404
        expenditure = services.expenditure_create(
            user=request.user,
            fund=fund,
            spent_on=data["spent_on"],
            amount=data["amount"],
            category=data["category"],
            payee=data["payee"],
            description=data["description"],
            receipt=data.get("receipt"),
            today=timezone.localdate(),
        )
        return Response(ExpenditureSerializer(expenditure).data, status=status.HTTP_201_CREATED)
