"""Attendance (考勤): days in the village per month, year and week, the township's monthly statistics,
and the explanation of an unexcused absence found by a spot check."""

from __future__ import annotations

import datetime

from ..model import Finding
from .base import ChecksBase, month_after


class AttendanceChecks(ChecksBase):
    """Days in the village and what follows an absence."""

    def check_attendance_month(
        self,
        year: int,
        month: int,
        days_in_village: int,
        assigned_days: int | None = None,
        *,
        period_days: int | None = None,
    ) -> list[Finding]:
        """JN-MONTH / ZMD-MONTH: days on duty in the village in the month (pro-rated, convention 4).

        Where the county counts official working days only (convention 3, `month_counts_working_days`)
        `days_in_village` are the working days in the village, `assigned_days` the assigned working
        days and `period_days` the month's working days; the message says 工作日.
        """
        minimum = self.min_days_in_month(year, month, assigned_days, period_days=period_days)
        p = self.in_force("JN-MONTH") or self.in_force("ZMD-MONTH")
        if p is None or minimum is None or days_in_village >= minimum:
            return []
        unit = "个工作日" if self.month_counts_working_days else "天"
        return [
            self._finding(
                p,
                _days_message(
                    f"{year}年{month}月", days_in_village, minimum, assigned_days, p.values["min_days"], unit
                ),
            )
        ]

    def check_attendance_year(
        self, year: int, days_in_village: int, assigned_days: int | None = None
    ) -> list[Finding]:
        """QH-YEAR: days in the village in the year (pro-rated, convention 4)."""
        minimum = self.min_days_in_year(year, assigned_days)
        p = self.in_force("QH-YEAR")
        if p is None or minimum is None or days_in_village >= minimum:
            return []
        return [
            self._finding(
                p,
                _days_message(f"{year}年", days_in_village, minimum, assigned_days, p.values["min_days"]),
            )
        ]

    def check_team_attendance_year(
        self, year: int, team_days_in_village: int, team_days: int | None = None
    ) -> list[Finding]:
        """QH-YEAR, the team's year: `team_days_in_village` are the days on which a majority of the
        members serving were in the village (`team_day_counts`); `team_days` the days of the year on
        which the team had members serving (the pro-rating base, convention 4)."""
        minimum = self.min_days_in_year(year, team_days)
        p = self.in_force("QH-YEAR")
        if p is None or minimum is None or team_days_in_village >= minimum:
            return []
        full = p.values["min_days"]
        said = f"工作队{year}年过半数队员在村{team_days_in_village}天，少于"
        if minimum == full:
            return [self._finding(p, f"{said}{minimum}天")]
        return [self._finding(p, f"{said}按有队员在任的{team_days}天折算的{minimum}天（全年{full}天）")]

    def check_week(self, days_in_village: int, nights_in_village: int) -> list[Finding]:
        """ZMD-WEEK: five days and four nights in the village each week."""
        p = self.in_force("ZMD-WEEK")
        if p is None:
            return []
        if days_in_village >= p.values["min_days"] and nights_in_village >= p.values["min_nights"]:
            return []
        return [
            self._finding(p, f"本周在村{days_in_village}天{nights_in_village}夜，应坚持“五天四夜”在村在岗")
        ]

    def check_attendance_statistics(
        self, year: int, month: int, compiled_on: datetime.date | None, today: datetime.date
    ) -> list[Finding]:
        """SC-ATT: the township compiles each month's on-duty statistics and keeps them on file."""
        p = self.in_force("SC-ATT")
        if p is None:
            return []
        next_year, next_month = month_after(year, month)
        due = datetime.date(next_year, next_month, p.values["grace_days"])
        if compiled_on is None and today > due:
            return [
                self._finding(p, f"{year}年{month}月的在岗情况尚未统计留档（应于{due.isoformat()}前完成）")
            ]
        if compiled_on is not None and compiled_on > due:
            return [
                self._finding(
                    p, f"{year}年{month}月的在岗情况于{compiled_on.isoformat()}才统计，晚于{due.isoformat()}"
                )
            ]
        return []

    def check_absence_explanation(
        self,
        found_on: datetime.date,
        today: datetime.date,
        *,
        explained_on: datetime.date | None = None,
        signed_by_unit_head: bool = False,
        forwarded_on: datetime.date | None = None,
    ) -> list[Finding]:
        """ZMD-ABSENT: an unexcused absence → signed explanation → county summary to the city by the 25th.

        An absence found after the 25th goes into the next month's summary.
        """
        p = self.in_force("ZMD-ABSENT")
        if p is None:
            return []
        day = p.values["summary_day"]
        year, month = (found_on.year, found_on.month)
        if found_on.day > day:
            year, month = month_after(year, month)
        due = datetime.date(year, month, day)
        found = []
        if explained_on is None:
            if today > due:
                found.append(self._finding(p, f"{found_on.isoformat()}查岗不在岗，本人未写出情况说明"))
        elif not signed_by_unit_head:
            found.append(self._finding(p, "不在岗情况说明未经派出单位一把手签字"))
        if (forwarded_on is None and today > due) or (forwarded_on is not None and forwarded_on > due):
            found.append(
                self._finding(
                    p, f"县（区）乡村振兴局应于{due.isoformat()}前将情况说明汇总报市委组织部、市乡村振兴局"
                )
            )
        return found


def _days_message(
    period: str, days: int, minimum: int, assigned: int | None, full: int, unit: str = "天"
) -> str:
    """`unit` is 天, or 个工作日 where only official working days count (convention 3)."""
    if minimum == full:
        return f"{period}在村{days}{unit}，少于{minimum}{unit}"
    return f"{period}在村{days}{unit}，少于按任职{assigned}{unit}折算的{minimum}{unit}（全期{full}{unit}）"
