"""What every group of checks shares: the `Policy` members the checks read, the finding they make, and
the small date and text helpers of their messages."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Collection
from decimal import Decimal

from ..facts import MemberFacts
from ..model import ERROR, OFFICE_NAMES, WARNING, Finding, Provision, Route, Strength
from ..wording import ROLE_NAMES


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def age_on(birth: datetime.date, day: datetime.date) -> int:
    """Age in full years (周岁) on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def who(member: MemberFacts) -> str:
    return f"{ROLE_NAMES[member.role]}{member.name}"


def offices(codes: Collection[str]) -> str:
    return "、".join(OFFICE_NAMES.get(c, c) for c in sorted(codes))


def num(value: Decimal | int) -> str:
    """Decimal without trailing zeros: 3.5, 4, 20000."""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def month_after(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


class ChecksBase:
    """Base of the groups of checks, mixins of `Policy`, which supplies the members declared here."""

    code: str
    on: datetime.date

    def in_force(self, provision_id: str) -> Provision | None:  # pragma: no cover - Policy overrides
        raise NotImplementedError

    def min_days_in_month(
        self, year: int, month: int, assigned_days: int | None = None, *, period_days: int | None = None
    ) -> int | None:
        raise NotImplementedError  # pragma: no cover

    @property
    def month_counts_working_days(self) -> bool:
        raise NotImplementedError  # pragma: no cover

    def min_days_in_year(self, year: int, assigned_days: int | None = None) -> int | None:
        raise NotImplementedError  # pragma: no cover

    def max_excellent(self, members: int) -> int | None:
        raise NotImplementedError  # pragma: no cover

    def required_dispatch(self, staff: int) -> int | None:
        raise NotImplementedError  # pragma: no cover

    def leave_route(self, days: Decimal | int | str) -> Route:
        raise NotImplementedError  # pragma: no cover

    @property
    def min_work_funds(self) -> int | None:
        raise NotImplementedError  # pragma: no cover

    @property
    def funds_provision(self) -> Provision | None:
        raise NotImplementedError  # pragma: no cover

    @property
    def allowance_provision(self) -> Provision | None:
        raise NotImplementedError  # pragma: no cover

    @property
    def leave_provision(self) -> Provision | None:
        raise NotImplementedError  # pragma: no cover

    def living_allowance(self, days: int) -> Decimal | None:
        raise NotImplementedError  # pragma: no cover

    # --- helpers -------------------------------------------------------------------------------------

    @staticmethod
    def _finding(provision: Provision, message: str, key: str | None = None) -> Finding:
        strength = provision.strength if key is None else provision.strength_of(key)
        severity = WARNING if strength is Strength.SOFT else ERROR
        return Finding(provision.id, severity, f"{message}（{provision.id}）")
