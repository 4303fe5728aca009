"""Money (经费): a team's work funds and a cadre's living allowance."""

from __future__ import annotations

from decimal import Decimal

from ..model import Finding
from .base import ChecksBase, num


class MoneyChecks(ChecksBase):
    """Work funds and the living allowance."""

    def check_funds(self, year_amount: int | Decimal) -> list[Finding]:
        """QH-FUNDS / QH10-FUNDS / SC-FUNDS (or a county's JN-FUNDS): a team's work funds for a year."""
        p = self.funds_provision
        minimum = self.min_work_funds
        if p is None or minimum is None or year_amount >= minimum:
            return []
        return [self._finding(p, f"工作经费{num(year_amount)}元，低于每队每年{minimum}元", "work_funds_min")]

    def check_living_allowance(self, days: int, paid: Decimal | int) -> list[Finding]:
        """QH10-ALLOWANCE (or a county's standard): the allowance paid for `days` attendance days."""
        p = self.allowance_provision
        expected = self.living_allowance(days)
        if p is None or expected is None or paid >= expected:
            return []
        per_day = num(p.values["living_allowance_per_day"])
        return [
            self._finding(
                p,
                f"生活补助发放{num(paid)}元，低于{days}天×{per_day}元＝{num(expected)}元",
                "living_allowance_per_day",
            )
        ]
