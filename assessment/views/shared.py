"""What the assessment pages share: the county a page is about, dates read from a form, how a role and a
route read."""

from __future__ import annotations

import datetime
from typing import Any

from accounts.models import Office
from accounts.typing import AuthedHttpRequest
from assessment.errors import AssessmentError
from core import params
from teams import rules
from teams.county_policy import counties_for_user

ROLE_NAMES = {"first_secretary": "第一书记", "member": "队员"}


def _route_text(route: Any) -> str:
    decider = rules.OFFICE_NAMES.get(route.decider, route.decider)
    if route.proposer:
        return f"{rules.OFFICE_NAMES.get(route.proposer, route.proposer)}提出考核意见，{decider}确定等次"
    if route.decider == Office.DISPATCHING_UNIT:
        return "派出单位对本单位选派的驻村干部进行考核，确定等次"
    return f"{decider}确定等次，不设提出意见环节"


def _county_of(request: AuthedHttpRequest) -> Any:
    counties = counties_for_user(request.user).order_by("code")
    wanted = params.parse_filter_id(request.GET.get("county"))
    if wanted is not None:
        found = counties.filter(pk=wanted).first()
        if found is not None:
            return found
    return counties.first()


def _date(raw: str, label: str) -> datetime.date | None:
    raw = raw.strip()[:20]
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise AssessmentError("assessment_bad_date", f"{label}应为有效日期（年-月-日）") from None
