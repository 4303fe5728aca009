"""Reads of training: each cadre's year against the county's policy (``check_training_year``), Qinghai's
split by organiser level (``check_training_split``), the cadres short of the minimum and those posted
without pre-service training.

Readings (stated on the pages too):
- A training counts in the year it starts in.
- No seed document pro-rates the training minimum for part-year service (QH-TRAIN: 驻村期间每年; SC-TRAIN:
  每人每年; JN-TRAIN: 每年; ZMD-TRAIN: 每年至少一次), so the full minimum applies to every cadre posted in the
  county during the year, however short the posting.
- "Posted" for the pre-service list is a current membership (on ``today``) in one of the county's teams.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from teams import rules
from teams.county_policy import county_policy
from teams.models import Cadre, Membership, Region
from teams.rules.facts import TRAINING_LEVELS

from .models import TrainingKind, TrainingLevel, TrainingRecord

SPLIT_PROVISION = "QH10-TRAIN-SPLIT"
# The only seed provision naming pre-service training as a requirement (Qinghai's).
PRE_SERVICE_PROVISION = "QH-TRAIN"
LEVEL_LABELS = dict(TrainingLevel.choices)


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def policy_day(year: int, today: datetime.date) -> datetime.date:
    """The policy judged for ``year``: the one in force at the year's end, or today within the year."""
    return min(year_bounds(year)[1], today) if year <= today.year else year_bounds(year)[0]


def _facts(record: TrainingRecord) -> rules.TrainingFacts:
    return rules.TrainingFacts(
        days=record.days, level=record.event.level, concentrated=record.event.concentrated
    )


def qualifies(policy: rules.Policy, record: TrainingRecord) -> bool:
    """Whether the record counts toward the policy's minimum: Zhumadian a course at or above the
    provision's level of at least its days; Jinan concentrated training; otherwise every training."""
    zmd = policy.in_force("ZMD-TRAIN")
    if zmd is not None:
        lowest = TRAINING_LEVELS.index(zmd.values["min_level"])
        return TRAINING_LEVELS.index(record.event.level) <= lowest and record.days >= zmd.values["min_days"]
    jn = policy.in_force("JN-TRAIN")
    if jn is not None and jn.values.get("concentrated_only"):
        return record.event.concentrated
    return True


def training_provision(policy: rules.Policy) -> rules.Provision | None:
    for pid in ("ZMD-TRAIN", "JN-TRAIN", "QH-TRAIN", "SC-TRAIN"):
        p = policy.in_force(pid)
        if p is not None:
            return p
    return None


def minimum_text(policy: rules.Policy) -> str:
    p = training_provision(policy)
    if p is None:
        return "本县政策未规定培训天数"
    return f"{p.wording}（{p.id}）"


@dataclass
class CadreYear:
    cadre: Cadre
    year: int
    records: list[TrainingRecord] = field(default_factory=list)
    qualifying: list[TrainingRecord] = field(default_factory=list)
    findings: list[rules.Finding] = field(default_factory=list)
    has_pre_service: bool = False

    @property
    def days(self) -> Decimal:
        return sum((r.days for r in self.records), Decimal(0))

    @property
    def concentrated_days(self) -> Decimal:
        return sum((r.days for r in self.records if r.event.concentrated), Decimal(0))

    @property
    def qualifying_days(self) -> Decimal:
        return sum((r.days for r in self.qualifying), Decimal(0))

    @property
    def short(self) -> bool:
        return bool(self.findings)


def records_in_year(cadre_ids: Iterable[int], year: int) -> dict[int, list[TrainingRecord]]:
    start, end = year_bounds(year)
    found: dict[int, list[TrainingRecord]] = defaultdict(list)
    rows = (
        TrainingRecord.objects.filter(
            cadre_id__in=list(cadre_ids), event__start__gte=start, event__start__lte=end
        )
        .select_related("event")
        .order_by("event__start", "pk")
    )
    for record in rows:
        found[record.cadre_id].append(record)
    return found


def training_days(cadre_ids: Iterable[int], year: int) -> dict[int, Decimal]:
    """Each cadre's training days in ``year`` (events starting that year); absent cadres have none."""
    start, end = year_bounds(year)
    totals: dict[int, Decimal] = defaultdict(Decimal)
    rows = TrainingRecord.objects.filter(
        cadre_id__in=list(cadre_ids), event__start__gte=start, event__start__lte=end
    ).values_list("cadre_id", "days")
    for cadre_id, days in rows:
        totals[cadre_id] += days
    return dict(totals)


def pre_service_cadres(cadre_ids: Iterable[int]) -> set[int]:
    """Cadres with any pre-service (任前培训) record, of any year."""
    return set(
        TrainingRecord.objects.filter(cadre_id__in=list(cadre_ids), event__kind=TrainingKind.PRE_SERVICE)
        .values_list("cadre_id", flat=True)
        .distinct()
    )


def judge(
    policy: rules.Policy,
    cadre: Cadre,
    year: int,
    records: Sequence[TrainingRecord],
    *,
    known: dict[tuple[rules.TrainingFacts, ...], list[rules.Finding]] | None = None,
) -> CadreYear:
    """``known``: findings already judged under ``policy`` by the same trainings (a county's cadres share
    a few distinct years, most none at all: judged once each)."""
    row = CadreYear(cadre=cadre, year=year, records=list(records))
    row.qualifying = [r for r in records if qualifies(policy, r)]
    facts = tuple(_facts(r) for r in records)
    if known is None:
        row.findings = policy.check_training_year(trainings=list(facts))
    else:
        if facts not in known:
            known[facts] = policy.check_training_year(trainings=list(facts))
        row.findings = list(known[facts])
    return row


def posted_in_year(county: Region, year: int) -> QuerySet[Membership]:
    start, end = year_bounds(year)
    return Membership.objects.filter(team__village__township__parent=county, start__lte=end).filter(
        Q(end__isnull=True) | Q(end__gte=start)
    )


def county_year(
    county: Region, year: int, *, today: datetime.date, cadres: QuerySet[Cadre] | None = None
) -> list[CadreYear]:
    """Every cadre posted in ``county`` during ``year`` (within ``cadres``, the user's scope) judged."""
    policy = county_policy(county, policy_day(year, today))
    people = Cadre.objects.filter(pk__in=posted_in_year(county, year).values("cadre_id"))
    if cadres is not None:
        people = people.filter(pk__in=cadres.values("pk"))
    people = people.order_by("name", "pk")
    ids = [c.pk for c in people]
    records = records_in_year(ids, year)
    pre = pre_service_cadres(ids)
    rows = []
    known: dict[tuple[rules.TrainingFacts, ...], list[rules.Finding]] = {}
    for cadre in people:
        row = judge(policy, cadre, year, records.get(cadre.pk, []), known=known)
        row.has_pre_service = cadre.pk in pre
        rows.append(row)
    return rows


def short_in_county(
    county: Region, year: int, *, today: datetime.date, cadres: QuerySet[Cadre]
) -> dict[int, list[rules.Finding]]:
    """The ``short`` rows of ``county_year`` as cadre id → findings, judged the same way but without
    building a row per cadre (two queries; each distinct year of trainings judged once): a count for
    the home page's work list that the status page's ``short=1`` lists one by one."""
    policy = county_policy(county, policy_day(year, today))
    posted = cadres.filter(pk__in=posted_in_year(county, year).values("cadre_id")).values_list(
        "pk", flat=True
    )
    start, end = year_bounds(year)
    trained: dict[int, list[rules.TrainingFacts]] = defaultdict(list)
    for cadre_id, days, level, concentrated in (
        TrainingRecord.objects.filter(cadre_id__in=posted, event__start__gte=start, event__start__lte=end)
        .order_by("event__start", "pk")
        .values_list("cadre_id", "days", "event__level", "event__concentrated")
    ):
        trained[cadre_id].append(rules.TrainingFacts(days=days, level=level, concentrated=concentrated))
    known: dict[tuple[rules.TrainingFacts, ...], list[rules.Finding]] = {}
    short = {}
    for pk in posted:
        facts = tuple(trained.get(pk, ()))
        if facts not in known:
            known[facts] = policy.check_training_year(trainings=list(facts))
        if known[facts]:
            short[pk] = known[facts]
    return short


def cadre_year(cadre: Cadre, year: int, *, today: datetime.date) -> CadreYear:
    """One cadre's year under the policy of the county managing them."""
    policy = county_policy(cadre.county, policy_day(year, today))
    row = judge(policy, cadre, year, records_in_year([cadre.pk], year).get(cadre.pk, []))
    row.has_pre_service = cadre.pk in pre_service_cadres([cadre.pk])
    return row


def without_pre_service(county: Region, *, today: datetime.date, cadres: QuerySet[Cadre]) -> list[Cadre]:
    """Cadres posted now (a current membership in one of the county's teams) with no pre-service record."""
    current = Membership.objects.filter(team__village__township__parent=county).active_on(today)
    people = cadres.filter(pk__in=current.values("cadre_id")).exclude(
        training_records__event__kind=TrainingKind.PRE_SERVICE
    )
    return list(Cadre.objects.filter(pk__in=people.values("pk")).order_by("name", "pk"))


@dataclass(frozen=True)
class SplitLine:
    level: str
    label: str
    percent: int
    required: int
    trained: int

    @property
    def met(self) -> bool:
        return self.trained >= self.required


@dataclass(frozen=True)
class Split:
    provision: rules.Provision
    cadres: int
    trained_total: int
    lines: tuple[SplitLine, ...]
    findings: tuple[rules.Finding, ...]


def county_split(county: Region, year: int, *, today: datetime.date) -> Split | None:
    """QH10-TRAIN-SPLIT for the county's cadres posted in the year: how many were trained by each
    level, the required counts (percent of all, rounded up) and full coverage; None outside Qinghai."""
    policy = county_policy(county, policy_day(year, today))
    provision = policy.in_force(SPLIT_PROVISION)
    if provision is None:
        return None
    start, end = year_bounds(year)
    ids = set(posted_in_year(county, year).values_list("cadre_id", flat=True))
    rows = TrainingRecord.objects.filter(
        cadre_id__in=ids, event__start__gte=start, event__start__lte=end
    ).values_list("cadre_id", "event__level")
    by_level: dict[str, set[int]] = defaultdict(set)
    trained: set[int] = set()
    for cadre_id, level in rows:
        by_level[level].add(cadre_id)
        trained.add(cadre_id)
    counts = {level: len(people) for level, people in by_level.items()}
    lines = tuple(
        SplitLine(
            level=level,
            label=LEVEL_LABELS[level],
            percent=percent,
            required=math.ceil(len(ids) * percent / 100),
            trained=counts.get(level, 0),
        )
        for level, percent in provision.values["shares_percent"].items()
    )
    findings = policy.check_training_split(
        cadres=len(ids), trained_by_level=counts, trained_total=len(trained)
    )
    return Split(
        provision=provision,
        cadres=len(ids),
        trained_total=len(trained),
        lines=lines,
        findings=tuple(findings),
    )
