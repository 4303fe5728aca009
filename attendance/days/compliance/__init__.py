"""Compliance (在岗达标): days in the village against the county's policy, per cadre, team, township and
county, monthly and yearly. ``judge`` decides (``month_verdict`` is the one place a month is judged);
``live`` counts a scope of memberships, ``province`` reads the cadre × month summary at scale and
``team_year`` judges QH-YEAR per team. The county page and its export are in ``days.views.compliance``.
"""

from .judge import (
    IN_PROGRESS,
    NOT_STARTED,
    RESULT_FAILING,
    RESULT_NONE,
    RESULT_OK,
    RESULT_REFERENCE,
    UNREACHABLE_MSG,
    Group,
    Judge,
    MonthVerdict,
    Row,
    groups,
    month_verdict,
    progress_label,
)
from .live import WeekContext, add_weeks, county_month, county_year, month_compliance, year_compliance
from .province import month_from_summary, province_month, year_from_summary
from .team_year import TeamYearRow, team_year_compliance

__all__ = [
    "IN_PROGRESS",
    "NOT_STARTED",
    "RESULT_FAILING",
    "RESULT_NONE",
    "RESULT_OK",
    "RESULT_REFERENCE",
    "UNREACHABLE_MSG",
    "Group",
    "Judge",
    "MonthVerdict",
    "Row",
    "TeamYearRow",
    "WeekContext",
    "add_weeks",
    "county_month",
    "county_year",
    "groups",
    "month_compliance",
    "month_from_summary",
    "month_verdict",
    "progress_label",
    "province_month",
    "team_year_compliance",
    "year_compliance",
    "year_from_summary",
]
