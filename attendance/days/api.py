"""JSON API of attendance days for phones: check in, and read a cadre's month. The error shape of every
API (``core.api.error_handler``): Chinese ``detail``, 404 outside, 400 on bad input."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import error_handler
from core.params import parse_month
from teams.models import Cadre

from ..models import AttendanceDay, AttendanceStatus, CheckIn
from . import errors, selectors, services
from .months import month_bounds


class CheckInCreateSerializer(serializers.Serializer[Any]):
    latitude = serializers.DecimalField(max_digits=12, decimal_places=8, min_value=-90, max_value=90)
    longitude = serializers.DecimalField(max_digits=12, decimal_places=8, min_value=-180, max_value=180)
    accuracy = serializers.FloatField(min_value=0.1, max_value=1_000_000)


class CheckInSerializer(serializers.ModelSerializer[CheckIn]):
    class Meta:
        model = CheckIn
        fields = ["id", "at", "date", "latitude", "longitude", "accuracy", "distance_m", "far", "review"]


class AttendanceDaySerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    status = serializers.CharField()
    night_in_village = serializers.BooleanField()
    source = serializers.CharField()


class AttendanceMonthSerializer(serializers.Serializer[Any]):
    cadre = serializers.IntegerField()
    name = serializers.CharField()
    month = serializers.CharField()
    certified = serializers.BooleanField()
    counts = serializers.DictField(child=serializers.IntegerField())
    days = AttendanceDaySerializer(many=True)


# The fields a refusal may name, in Chinese (the check-in's own fields are said by their messages).
LABELS = {"cadre": "驻村干部"}
_handler = error_handler(labels=LABELS, forbidden=errors.FORBIDDEN_CODES)


@extend_schema(tags=["考勤"])
class CheckInViewSet(viewsets.GenericViewSet[CheckIn]):
    serializer_class = CheckInSerializer
    queryset = CheckIn.objects.none()

    def get_exception_handler(self) -> Any:
        return _handler

    def get_queryset(self) -> Any:
        return CheckIn.objects.for_user(self.request.user)

    def list(self, request: Request) -> Response:
        return Response(CheckInSerializer(self.get_queryset()[:50], many=True).data)

    @extend_schema(request=CheckInCreateSerializer, responses={201: CheckInSerializer})
    def create(self, request: Request) -> Response:
        given = CheckInCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        now = timezone.now()
        checkin = services.checkin_record(
            actor=request.user,
            latitude=data["latitude"],
            longitude=data["longitude"],
            accuracy=data["accuracy"],
            at=now,
        )
        repeat = checkin.at != now
        body = dict(CheckInSerializer(checkin).data)
        # How the day counts is read back, not assumed: a spot check or the township may have written
        # the day before this check-in (the check-in page reads the same selector).
        counted = selectors.counted_day(actor=request.user, day=checkin.date)
        body["counted"] = not checkin.far and counted.status == AttendanceStatus.IN_VILLAGE
        body["day"] = {"date": checkin.date.isoformat(), "status": counted.status, "text": counted.text}
        body["message"] = (
            "已打卡，距村过远，须经乡镇党委审核后才计入在村天数" if checkin.far else f"已打卡。{counted.text}"
        )
        if repeat:  # the same tap again (a double tap, a retry): the first check-in, nothing new
            body["message"] = errors.REPEAT_CHECKIN_MSG.format(at=timezone.localtime(checkin.at))
            return Response(body, status=status.HTTP_200_OK)
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(tags=["考勤"])
class AttendanceViewSet(viewsets.GenericViewSet[AttendanceDay]):
    queryset = AttendanceDay.objects.none()
    serializer_class = AttendanceMonthSerializer

    def get_exception_handler(self) -> Any:
        return _handler

    @extend_schema(
        parameters=[
            OpenApiParameter("cadre", int, required=False, description="干部编号；驻村干部本人可省略"),
            OpenApiParameter("month", str, required=True, description="YYYY-MM"),
        ],
        responses={200: AttendanceMonthSerializer},
    )
    def list(self, request: Request) -> Response:
        params = request.query_params
        raw_cadre, raw_month = params.get("cadre", ""), params.get("month", "")
        # A month that does not parse, or of a year not served, is a 400 naming it (BAD_PARAM).
        asked = parse_month(raw_month)
        if asked is None:
            raise ValidationError({"month": ["月份格式应为YYYY-MM"]})
        year, month = asked
        first, last = month_bounds(year, month)
        if raw_cadre:
            # ASCII digits only: "²" is a digit to str.isdigit but not to int().
            if not (raw_cadre.isascii() and raw_cadre.isdigit()):
                raise ValidationError({"cadre": ["干部编号应为整数"]})
            cadre_id = int(raw_cadre)
        elif request.user.cadre_id:
            cadre_id = request.user.cadre_id
        else:
            raise ValidationError({"cadre": ["请指定干部编号"]})
        cadre = Cadre.objects.for_user(request.user).filter(pk=cadre_id).first()
        if cadre is None:
            raise Http404
        days = AttendanceDay.objects.for_user(request.user).filter(cadre=cadre, date__range=(first, last))
        rows = list(
            days.order_by("date").values("date", "status", "night_in_village", "source", "township_id")
        )
        certified = {
            township
            for township, _, _ in selectors.certified_months(
                {r["township_id"] for r in rows}, [(year, month)]
            )
        }
        counts: dict[str, int] = {"in_village": 0, "leave": 0, "business": 0, "absent": 0}
        for r in rows:
            counts[r["status"]] += 1
        return Response(
            {
                "cadre": cadre.pk,
                "name": cadre.name,
                "month": f"{year}-{month:02d}",
                "certified": bool(rows) and all(r["township_id"] in certified for r in rows),
                "counts": counts,
                "days": [
                    {
                        "date": datetime.date.isoformat(r["date"]),
                        "status": r["status"],
                        "night_in_village": r["night_in_village"],
                        "source": r["source"],
                    }
                    for r in rows
                ],
            }
        )
