"""Writes of attendance days (考勤), by sub-domain: the month grid and its certification (``grid``), the
county's work calendar (``calendar``), the cadre's check-in (``checkin``), spot checks and absence
explanations (``spot_checks``) and approved leave as days (``leave_days``). Keyword-only, one
transaction each, a Chinese ServiceError on refusal (codes in ``days.errors``); every write to
AttendanceDay refreshes the cadre × month summary (``days.summary``) in the same transaction.
"""

from .calendar import calendar_day_set, working_days
from .checkin import (
    CHECKIN_RADIUS_M,
    NIGHT_FROM_HOUR,
    REPEAT_CHECKIN_SECONDS,
    checkin_record,
    checkin_review,
    haversine_m,
)
from .grid import (
    CODES,
    Cell,
    GridResult,
    attendance_fill,
    attendance_grid_save,
    code_of,
    grid_cells_save,
    grid_fill,
    month_certify,
)
from .leave_days import leave_days_sync
from .spot_checks import (
    COUNTY_OFFICES,
    collection_month,
    explanation_send,
    explanation_sign,
    explanation_write,
    explanations_remind,
    spot_check_record,
)

__all__ = [
    "CHECKIN_RADIUS_M",
    "CODES",
    "COUNTY_OFFICES",
    "NIGHT_FROM_HOUR",
    "REPEAT_CHECKIN_SECONDS",
    "Cell",
    "GridResult",
    "attendance_fill",
    "attendance_grid_save",
    "calendar_day_set",
    "checkin_record",
    "checkin_review",
    "code_of",
    "collection_month",
    "explanation_send",
    "explanation_sign",
    "explanation_write",
    "explanations_remind",
    "grid_cells_save",
    "grid_fill",
    "haversine_m",
    "leave_days_sync",
    "month_certify",
    "spot_check_record",
    "working_days",
]
