"""Judging attendance days against the county's policy: the rows a page shows (``Row`` per cadre,
``Group`` per team, township or county), and ``month_verdict``, the one place that decides whether a
cadre's month met its minimum — the cadre × month summary stores its answer, the pages judge with it.

Counting (convention 3): a day counts when its status is ``in_village``. Leave and official business are
shown beside it and do not count toward the month or year minimum. Where a county counts official working
days only for JN-MONTH / ZMD-MONTH (20个工作日, ``month_count_working_days``), only in-village working days
count and the month's minimum is pro-rated by assigned working days (``Judge.count_workdays``). QH-YEAR
names the team (驻村工作队每年驻村工作时间不少于200天): ``team_year_compliance`` judges each team, a cadre's own
year is shown beside it for information (``Row.reference``). Thresholds come only from ``teams.rules``; a
finding is produced only by the policy's checks (``check_attendance_month``, ``check_attendance_year``,
``check_week``).
"""

from __future__ import annotations

import contextlib
import datetime
import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from teams import rules
from teams.county_policy import Policies
from teams.models import Region

from ..months import WorkdayFigures, month_days_by_cadre, posts_for, workday_figures, working_days

# What a row's result reads (pages, exports, the command); tests import these.
RESULT_OK = "达标"
RESULT_FAILING = "未达标"
RESULT_NONE = "无此要求"
# A cadre's own year where QH-YEAR judges the team (驻村工作队每年驻村工作时间不少于200天): shown, not judged.
RESULT_REFERENCE = "仅供参考"
IN_PROGRESS = {"month": "本月进行中", "year": "本年进行中"}
NOT_STARTED = {"month": "本月尚未开始", "year": "本年尚未开始"}
# Before a finding of a period in progress whose minimum is already out of reach.
UNREACHABLE_MSG = "尚未结束但已无法达标（尚可计入{possible}天）："


def progress_label(period: str, start: datetime.date, end: datetime.date, today: datetime.date) -> str:
    """``本月进行中`` and the like for a period that has not ended on ``today``; "" for one that has."""
    if end < today:
        return ""
    return (NOT_STARTED if today < start else IN_PROGRESS)[period]


@dataclass(slots=True)
class Row:
    """One cadre in one period (a month or a year).

    A period that has not ended on the day it is judged is *in progress*: the days so far are shown
    with ``still_possible`` (the assigned days with nothing entered yet, past or future), and the row is
    never compliant before the end. It fails early only when the minimum is out of reach even if every
    one of those days were spent in the village (or a week of ZMD-WEEK is over and failed)."""

    cadre_id: int
    id_number: str
    name: str
    county_id: int
    county: str
    township: str = ""
    team: str = ""
    unit: str = ""
    township_id: int = 0
    team_id: int = 0
    in_village: int = 0
    leave: int = 0
    business: int = 0
    absent: int = 0
    nights: int = 0
    entered: int = 0
    assigned_days: int = 0
    period_days: int = 0
    required: int | None = None
    findings: list[rules.Finding] = field(default_factory=list)
    week_findings: list[rules.Finding] = field(default_factory=list)
    period: str = "month"
    in_progress: bool = False
    not_started: bool = False
    still_possible: int = 0
    # Convention 3, where the county counts official working days only for JN-MONTH / ZMD-MONTH
    # (20个工作日, ``month_count_working_days``): the month is judged and pro-rated on these figures.
    workdays_only: bool = False
    workdays_in_village: int = 0
    assigned_workdays: int = 0
    period_workdays: int = 0
    # QH-YEAR names the team: a cadre's year is information beside the team's (``team_year_compliance``);
    # ``required`` is then the cadre's own pro-rated share, never a finding.
    reference: bool = False

    @property
    def prorated(self) -> bool:
        if self.workdays_only:
            return self.assigned_workdays != self.period_workdays
        return self.assigned_days != self.period_days

    @property
    def counted(self) -> int:
        """The days that count toward the month's minimum under the county's reading."""
        return self.workdays_in_village if self.workdays_only else self.in_village

    @property
    def compliant(self) -> bool | None:
        """True: met the minimum in a period that is over; False: failed (in progress: can no longer
        meet it, or failed a week); None: no requirement, or in progress and still open (``pending``),
        or a figure shown for information only (``reference``)."""
        if self.reference:
            return None
        if self.required is None and not self.week_findings:
            return None
        if self.findings or self.week_findings:
            return False
        return None if self.in_progress else True

    @property
    def pending(self) -> bool:
        """In progress, with a minimum that may still be met."""
        return (
            self.in_progress and self.required is not None and self.compliant is None and not self.reference
        )

    @property
    def result(self) -> str:
        if self.reference:
            return RESULT_REFERENCE
        if self.pending:
            return (NOT_STARTED if self.not_started else IN_PROGRESS)[self.period]
        return {True: RESULT_OK, False: RESULT_FAILING, None: RESULT_NONE}[self.compliant]

    @property
    def provisions(self) -> list[str]:
        return sorted({f.provision for f in (*self.findings, *self.week_findings)})

    def as_json(self) -> dict[str, Any]:
        return {
            "cadre_id": self.cadre_id,
            "id_number": self.id_number,
            "name": self.name,
            "county": self.county,
            "township": self.township,
            "team": self.team,
            "days_in_village": self.in_village,
            "leave": self.leave,
            "business": self.business,
            "absent": self.absent,
            "nights": self.nights,
            "assigned_days": self.assigned_days,
            "prorated": self.prorated,
            "required": self.required,
            "working_days_only": self.workdays_only,
            "working_days_in_village": self.workdays_in_village if self.workdays_only else None,
            "compliant": self.compliant,
            "in_progress": self.in_progress,
            "still_possible": self.still_possible if self.in_progress else None,
            "result": self.result,
            "provisions": self.provisions,
            "findings": [f.message for f in (*self.findings, *self.week_findings)],
        }


@dataclass
class Group:
    """A team, township or county: how many of its cadres met the minimum."""

    key: Any
    name: str
    cadres: int = 0
    compliant: int = 0
    failing: int = 0
    in_village: int = 0
    # Cadres of a period in progress who may still meet the minimum (``Row.pending``).
    in_progress: int = 0

    @property
    def rate(self) -> str:
        """No rate while anyone's period is still open: "100%" of the few already judged would mislead."""
        judged = self.compliant + self.failing
        return f"{self.compliant * 100 / judged:.1f}%" if judged and not self.in_progress else "—"


@dataclass(frozen=True)
class MonthVerdict:
    """A month judged as over: the (pro-rated) minimum, None where the policy sets none, and the
    policy's findings when the days that count fall short of it."""

    required: int | None
    findings: list[rules.Finding]

    @property
    def compliant(self) -> bool | None:
        return None if self.required is None else not self.findings


def month_verdict(
    policy: rules.Policy,
    *,
    year: int,
    month: int,
    in_village: int,
    assigned_days: int,
    workdays: WorkdayFigures | None = None,
) -> MonthVerdict:
    """JN-MONTH / ZMD-MONTH for one cadre's month: ``in_village`` days out of ``assigned_days``, or,
    where the county counts official working days only (convention 3, ``workdays`` given), the
    in-village working days against the minimum pro-rated by the assigned working days."""
    if workdays is not None:
        counted, assigned, period = workdays.in_village, workdays.assigned, workdays.period
    else:
        counted, assigned, period = in_village, assigned_days, None
    required = policy.min_days_in_month(year, month, assigned, period_days=period)
    if required is None or counted >= required:
        return MonthVerdict(required, [])
    return MonthVerdict(
        required, policy.check_attendance_month(year, month, counted, assigned, period_days=period)
    )


@contextlib.contextmanager
def bulk() -> Iterator[None]:
    """Tens of thousands of small objects at once. The cyclic garbage collector would traverse them
    again and again while they are built (all of them stay alive), so it is paused; afterwards the new
    objects join the oldest generation (``freeze``/``unfreeze`` move them without a traversal) instead
    of being traversed once more by the first young collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


class Judge:
    """The county's rules applied to many rows: one policy per county, each distinct month judged once
    (``month_verdict``), the year's minimum once per (county, assigned days), and the policy's check
    called for each row below its minimum (the checks find nothing at or above the minimum, nor where
    the policy sets none)."""

    def __init__(self, counties: dict[int, Region], on: datetime.date) -> None:
        self.policies = Policies()
        if len(counties) > 1:
            self.policies.prime(counties)
        self.counties = counties
        self.on = on
        self._policy: dict[int, rules.Policy | None] = {}
        self._required: dict[tuple[int, int], int | None] = {}
        self._findings: dict[tuple[int, int, int], list[rules.Finding]] = {}
        self._months: dict[tuple[int, int, int, WorkdayFigures | None], MonthVerdict] = {}

    def count_workdays(
        self, rows: Iterable[Row], posts: dict[int, list[Any]], start: datetime.date, end: datetime.date
    ) -> None:
        """Convention 3: for the rows of counties that count official working days only (JN-MONTH /
        ZMD-MONTH 20个工作日, the county's ``month_count_working_days``), their in-village working days,
        assigned working days and the month's working days (the county's calendar with 调休); the
        days still possible of a month in progress become the assigned working days not entered yet."""
        wanted = [
            r for r in rows if (p := self.policy(r.county_id)) is not None and p.month_counts_working_days
        ]
        if not wanted:
            return
        missing = [r.cadre_id for r in wanted if r.cadre_id not in posts]
        if missing:
            posts = {**posts, **posts_for(missing, start, end)}
        days = month_days_by_cadre([r.cadre_id for r in wanted], start, end)
        workdays: dict[int, set[datetime.date]] = {}
        for row in wanted:
            if row.county_id not in workdays:
                workdays[row.county_id] = working_days(self.counties[row.county_id], start, end)
            figures = workday_figures(
                workdays[row.county_id], posts.get(row.cadre_id, []), days[row.cadre_id]
            )
            row.workdays_only = True
            row.workdays_in_village = figures.in_village
            row.assigned_workdays = figures.assigned
            row.period_workdays = figures.period
            row.still_possible = figures.possible

    def policy(self, county_id: int) -> rules.Policy | None:
        try:
            return self._policy[county_id]
        except KeyError:
            found = self._policy[county_id] = self.policies.get(self.counties[county_id], self.on)
            return found

    def _progress(
        self, row: Row, start: datetime.date, today: datetime.date | None, possible: int | None
    ) -> None:
        """Marks a row whose period (``start``..``self.on``) has not ended on ``today``. The days still
        possible are the assigned days with nothing entered yet, unless the caller knows better."""
        if today is None or self.on < today:
            return
        row.in_progress = True
        row.not_started = today < start
        if row.workdays_only and row.period == "month":
            return  # ``count_workdays`` set the working days still possible
        row.still_possible = max(0, row.assigned_days - row.entered) if possible is None else possible

    def month(
        self,
        row: Row,
        year: int,
        month: int,
        today: datetime.date | None = None,
        *,
        possible: int | None = None,
    ) -> None:
        """JN-MONTH / ZMD-MONTH. With ``today`` no later than the month's end the month is in progress
        (``Row``): only a minimum that can no longer be reached is a finding. Without ``today`` the month
        is judged as over."""
        row.period = "month"
        self._progress(row, datetime.date(year, month, 1), today, possible)
        policy = self.policy(row.county_id)
        if policy is None:
            return
        figures = None
        if row.workdays_only:
            figures = WorkdayFigures(row.workdays_in_village, row.assigned_workdays, row.period_workdays, 0)
        key = (row.county_id, row.in_village, row.assigned_days, figures)
        if key not in self._months:
            self._months[key] = month_verdict(
                policy,
                year=year,
                month=month,
                in_village=row.in_village,
                assigned_days=row.assigned_days,
                workdays=figures,
            )
        verdict = self._months[key]
        row.required = verdict.required
        if not verdict.findings:
            return
        assert verdict.required is not None
        if row.in_progress and row.counted + row.still_possible >= verdict.required:
            return
        row.findings = self._early(row, verdict.findings)

    def year(
        self, row: Row, year: int, today: datetime.date | None = None, *, possible: int | None = None
    ) -> None:
        """QH-YEAR where the policy sets a yearly minimum; a year in progress as a month (``month``)."""
        row.period = "year"
        self._progress(row, datetime.date(year, 1, 1), today, possible)
        policy = self.policy(row.county_id)
        if policy is None:
            return
        key = (row.county_id, row.assigned_days)
        if key not in self._required:
            self._required[key] = policy.min_days_in_year(year, row.assigned_days)
        row.required = required = self._required[key]
        if required is not None and policy.in_force("QH-YEAR") is not None:
            # QH-YEAR 驻村工作队每年驻村工作时间不少于200天 judges the team (``team_year_compliance``);
            # the cadre's own days and pro-rated share are shown beside it as information.
            row.reference = True
            return
        if required is None or row.in_village >= required:
            return
        if row.in_progress and row.in_village + row.still_possible >= required:
            return
        found = (row.county_id, row.in_village, row.assigned_days)
        if found not in self._findings:
            self._findings[found] = policy.check_attendance_year(year, row.in_village, row.assigned_days)
        row.findings = self._early(row, self._findings[found])

    @staticmethod
    def _early(row: Row, findings: list[rules.Finding]) -> list[rules.Finding]:
        """The policy's findings, said to come before the period's end when it is in progress."""
        if not row.in_progress:
            return list(findings)
        label = UNREACHABLE_MSG.format(possible=row.still_possible)
        return [rules.Finding(f.provision, f.severity, label + f.message) for f in findings]


def groups(rows: Iterable[Row], by: str) -> list[Group]:
    """Aggregate rows by ``team``, ``township`` or ``county``."""
    found: dict[str, Group] = {}
    for row in rows:
        name = getattr(row, by)
        g = found.setdefault(name, Group(name, name))
        g.cadres += 1
        g.in_village += row.in_village
        if row.compliant is True:
            g.compliant += 1
        elif row.compliant is False:
            g.failing += 1
        elif row.pending:
            g.in_progress += 1
    return sorted(found.values(), key=lambda g: g.name)
