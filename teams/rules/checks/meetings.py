"""Meetings, reports and visits (会议报告走访): meetings held, the team's reports and targets, household,
linked-leader and care visits, and a dispatching unit's support."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from ..model import Finding
from ..wording import CARE_NAMES, QUARTER_NAMES
from .base import ChecksBase, month_end


class MeetingChecks(ChecksBase):
    """Meetings, reports, targets and visits."""

    def check_meetings(
        self, *, county_in_quarter: int | None = None, township_in_month: int | None = None
    ) -> list[Finding]:
        """JN-MEET, QH-MEET, SC-MEET: meetings held in a quarter (county) or a month (township)."""
        found = []
        for provision_id in ("JN-MEET", "QH-MEET", "SC-MEET"):
            p = self.in_force(provision_id)
            if p is None:
                continue
            need = p.values["county_meetings_per_quarter"]
            if county_in_quarter is not None and county_in_quarter < need:
                found.append(
                    self._finding(
                        p, f"本季度县级召开工作队队长（第一书记）会议{county_in_quarter}次，应至少{need}次"
                    )
                )
            need = p.values.get("township_meetings_per_month")
            if need is not None and township_in_month is not None and township_in_month < need:
                found.append(
                    self._finding(p, f"本月乡镇（街道）召开驻村干部会议{township_in_month}次，应至少{need}次")
                )
        return found

    def check_team_reports(
        self,
        year: int,
        today: datetime.date,
        reports: Sequence[datetime.date],
        *,
        commitment_on: datetime.date | None = None,
    ) -> list[Finding]:
        """JN-REPORT (half-yearly), SC-REPORT and QH-COMMIT (quarterly, plus QH's yearly commitment).

        `reports` are the dates of the team's reports; a period is judged once it has ended before today.
        """
        found = []
        p = self.in_force("JN-REPORT")
        if p is not None:
            for half, (first, last) in enumerate(((1, 6), (7, 12)), start=1):
                if month_end(year, last) < today and not _any_between(reports, year, first, last):
                    found.append(self._finding(p, f"{year}年{'上' if half == 1 else '下'}半年未向县区报告"))
        for provision_id in ("SC-REPORT", "QH-COMMIT"):
            p = self.in_force(provision_id)
            if p is None:
                continue
            for quarter in range(1, 5):
                first, last = quarter * 3 - 2, quarter * 3
                if month_end(year, last) < today and not _any_between(reports, year, first, last):
                    found.append(
                        self._finding(p, f"{year}年{QUARTER_NAMES[quarter]}未报告", "reports_per_quarter")
                    )
        p = self.in_force("QH-COMMIT")
        if p is not None:
            due = month_end(year, p.values["due_month"])
            if (commitment_on is None and today > due) or (commitment_on is not None and commitment_on > due):
                found.append(
                    self._finding(p, f"{year}年初未向乡镇党委作出帮扶工作承诺（应于{due.isoformat()}前）")
                )
        return found

    def check_targets(
        self, year: int, signed_on: datetime.date | None, today: datetime.date
    ) -> list[Finding]:
        """SC-TARGET: the county sets the team's targets (目标责任书) at the start of each year."""
        p = self.in_force("SC-TARGET")
        if p is None:
            return []
        due = month_end(year, p.values["due_month"])
        if (signed_on is None and today > due) or (signed_on is not None and signed_on > due):
            return [self._finding(p, f"{year}年初未签订目标责任书（应于{due.isoformat()}前）")]
        return []

    def check_household_visits(self, households: int, visited: int) -> list[Finding]:
        """SC-HOUSEHOLDS: households visited in the quarter against the village's households."""
        p = self.in_force("SC-HOUSEHOLDS")
        if p is None or visited >= households:
            return []
        return [self._finding(p, f"本季度走访{visited}户，未走遍派驻村全部{households}户")]

    def check_link_visits(self, visits_in_quarter: int) -> list[Finding]:
        """QH10-LINK: a linked leader's visits to the village in the quarter."""
        p = self.in_force("QH10-LINK")
        if p is None or visits_in_quarter >= p.values["visits_per_quarter"]:
            return []
        return [
            self._finding(
                p, f"联点领导本季度深入联点村{visits_in_quarter}次，应至少{p.values['visits_per_quarter']}次"
            )
        ]

    def check_care_visits(self, cases: Sequence[tuple[str, bool]]) -> list[Finding]:
        """QH10-CARE: (situation, visited) for each must-visit situation of a cadre."""
        p = self.in_force("QH10-CARE")
        if p is None:
            return []
        found = []
        for situation, visited in cases:
            if situation not in p.values["situations"]:
                raise ValueError(f"无效的情形：{situation!r}")
            if not visited:
                found.append(self._finding(p, f"驻村干部有{CARE_NAMES[situation]}情形，未按“五必访”走访"))
        return found

    def check_unit_support(
        self, *, hearings: int, head_visits: int, other_leader_visits: int, half_years: int = 2
    ) -> list[Finding]:
        """ZMD-UNIT: a dispatching unit's year (or `half_years` of it): hearings and village visits."""
        p = self.in_force("ZMD-UNIT")
        if p is None:
            return []
        found = []
        need = p.values["hearings_per_half_year"] * half_years
        if hearings < need:
            found.append(self._finding(p, f"派出单位党委（党组）听取工作队汇报{hearings}次，应每半年至少1次"))
        if half_years >= 2:
            if head_visits < p.values["head_visits_per_year"]:
                found.append(self._finding(p, f"派出单位主要负责同志到村调研{head_visits}次，每年应至少1次"))
            need = p.values["other_leader_visits_per_year"]
            if other_leader_visits < need:
                found.append(
                    self._finding(
                        p, f"分管领导和其他班子成员到村调研累计{other_leader_visits}次，每年应不少于{need}次"
                    )
                )
        return found


def _any_between(days: Sequence[datetime.date], year: int, first_month: int, last_month: int) -> bool:
    start, end = datetime.date(year, first_month, 1), month_end(year, last_month)
    return any(start <= d <= end for d in days)
