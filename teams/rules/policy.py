"""`Policy`: the provisions of one jurisdiction in force on one date, with the county's overrides."""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

from .assessment import ROUTE_IDS, AbsenceCap
from .checks import PolicyChecks
from .config import CONFIG_BY_KEY, CONFIG_KEYS, coerce
from .facts import BASICALLY_COMPETENT, COMPETENT, INCOMPETENT
from .model import Override, Provision, Route, Strength, Value
from .provisions import BY_ID, PROVISIONS
from .sources import POLICY_CODES, POLICY_NAMES


class UnknownPolicy(LookupError):
    """The policy code is not one of POLICY_CODES."""


class UnknownProvision(KeyError):
    """The provision id is unknown or not in force for this policy on this date."""


# Where each accessor looks; the first provision in force wins.
LEAVE_IDS = ("JN-LEAVE", "ZMD-LEAVE", "QH-LEAVE", "SC-LEAVE")
MONTH_IDS = ("JN-MONTH", "ZMD-MONTH")
YEAR_IDS = ("QH-YEAR",)
FUNDS_IDS = ("QH10-FUNDS", "QH-FUNDS", "SC-FUNDS", "JN-FUNDS")
ALLOWANCE_IDS = ("QH10-ALLOWANCE", "JN-FUNDS", "ZMD-ALLOWANCE")
TRAINING_IDS = ("JN-TRAIN", "QH-TRAIN", "SC-TRAIN", "ZMD-TRAIN")
TEAM_SIZE_IDS = ("QH-TEAM", "JN-TEAM-SIZE", "SC-TEAM", "ZMD-TEAM")


@dataclass(frozen=True)
class Configurable:
    """One value a county may set under this policy, as the policy page shows it."""

    key: str
    provision: str
    label: str  # Chinese
    type: str
    value: Value
    default: Value  # the document's (shipped) value
    override: Override | None
    raise_only: bool  # a documented floor: may be raised, never lowered
    help: str


@dataclass(frozen=True)
class Policy(PolicyChecks):
    """The provisions of one policy in force on `on`, with any county overrides applied.

    Build it with `policy_for(code, on)`; derive a county's with `with_overrides(...)`.
    """

    code: str
    on: datetime.date
    provisions: tuple[Provision, ...]

    @property
    def name(self) -> str:
        return POLICY_NAMES[self.code]

    # --- provisions ----------------------------------------------------------------------------------

    def in_force(self, provision_id: str) -> Provision | None:
        """The effective provision, or None when this policy has no such provision in force."""
        return self._by_id.get(provision_id)

    def provision(self, provision_id: str) -> Provision:
        """The effective provision; UnknownProvision (a KeyError) when it is not in force."""
        found = self._by_id.get(provision_id)
        if found is None:
            raise UnknownProvision(provision_id)
        return found

    @functools.cached_property
    def _by_id(self) -> Mapping[str, Provision]:
        return MappingProxyType({p.id: p for p in self.provisions})

    def _first(self, ids: tuple[str, ...]) -> Provision | None:
        for provision_id in ids:
            found = self._by_id.get(provision_id)
            if found is not None:
                return found
        return None

    # --- leave ---------------------------------------------------------------------------------------

    @property
    def leave_provision(self) -> Provision | None:
        return self._first(LEAVE_IDS)

    @property
    def leave_counts_working_days(self) -> bool:
        """Reading convention 2: calendar days unless the county switched to working days."""
        provision = self.leave_provision
        return bool(provision and provision.values["count_working_days"])

    def leave_route(self, days: Decimal | int | str) -> Route:
        """Who approves a leave of `days` (halves allowed) and who gets it on file.

        Reading convention 1: a leave of at most the threshold takes the lower route, a longer one the
        upper route. Qinghai and Sichuan set no route: theirs is the county's own rule (`is_county_rule`),
        shipped with a product default (SILENT_LEAVE_THRESHOLD_DAYS). Without a threshold (a county that
        cleared it) every leave takes the upper route: the county org dept approves.
        """
        amount = leave_days(days)
        provision = self.leave_provision
        if provision is None:
            raise LookupError(f"{self.name}政策在{self.on.isoformat()}没有生效的请假规定")
        threshold: Decimal | None = provision.values["threshold_days"]
        upper = threshold is None or amount > threshold
        side = "upper" if upper else "lower"
        return Route(
            approvers=frozenset(provision.values[f"{side}_approvers"]),
            filed_with=frozenset(provision.values[f"{side}_filed_with"]),
            provision=provision.id,
            threshold_days=threshold,
            upper=upper,
            is_county_value=any(o.key == "leave_threshold_days" for o in provision.overrides),
            is_county_rule="threshold_days" in provision.county_rule,
        )

    # --- attendance -----------------------------------------------------------------------------------

    @property
    def month_provision(self) -> Provision | None:
        """JN-MONTH or ZMD-MONTH: the monthly minimum in force, None where the policy sets none."""
        return self._first(MONTH_IDS)

    @property
    def month_counts_working_days(self) -> bool:
        """Convention 3 for JN-MONTH / ZMD-MONTH (20个工作日): False (shipped) counts every day in the
        village; True, the county's choice, counts only official working days."""
        provision = self._first(MONTH_IDS)
        return bool(provision and provision.values.get("workdays_only"))

    def min_days_in_month(
        self, year: int, month: int, assigned_days: int | None = None, *, period_days: int | None = None
    ) -> int | None:
        """Minimum days in the village for the month, pro-rated by assigned days (convention 4).

        `period_days` is what the month has of the days that count: its calendar days by default; where
        the county counts working days only (`month_counts_working_days`) the caller passes the month's
        working days and the assigned working days, so pro-rating follows the same reading.
        """
        provision = self._first(MONTH_IDS)
        if provision is None:
            return None
        period = calendar.monthrange(year, month)[1] if period_days is None else period_days
        return prorate(provision.values["min_days"], assigned_days, period)

    def team_day_counts(self, in_village: int, serving: int) -> bool:
        """QH-YEAR 驻村工作队每年驻村工作时间不少于200天 names the team: a day counts for the team when
        more than half of the members serving that day were in the village (`team_day` = "majority")."""
        provision = self._first(YEAR_IDS)
        if provision is None or serving <= 0:
            return False
        if provision.values.get("team_day") != "majority":
            raise ValueError(f"未知的工作队在村日认定方式：{provision.values.get('team_day')!r}")
        return in_village * 2 > serving

    def min_days_in_year(self, year: int, assigned_days: int | None = None) -> int | None:
        """Minimum days in the village for the year, pro-rated by assigned days (convention 4)."""
        provision = self._first(YEAR_IDS)
        if provision is None:
            return None
        return prorate(provision.values["min_days"], assigned_days, 366 if calendar.isleap(year) else 365)

    # --- money, grades, training, size ---------------------------------------------------------------

    @property
    def funds_provision(self) -> Provision | None:
        return self._first(FUNDS_IDS)

    @property
    def min_work_funds(self) -> int | None:
        """Work funds floor in yuan per team per year; None where the policy sets none."""
        provision = self.funds_provision
        return None if provision is None else provision.values["work_funds_min"]

    @property
    def allowance_provision(self) -> Provision | None:
        return self._first(ALLOWANCE_IDS)

    def living_allowance(self, days: int) -> Decimal | None:
        """Living allowance for `days` attendance days; None where no standard is set."""
        if days < 0:
            raise ValueError("天数不能为负数")
        provision = self.allowance_provision
        if provision is None or provision.values["living_allowance_per_day"] is None:
            return None
        return Decimal(provision.values["living_allowance_per_day"]) * days

    def max_excellent(self, members: int) -> int | None:
        """Most 优秀 grades among `members` team members (first secretaries excluded), rounded down."""
        if members < 0:
            raise ValueError("人数不能为负数")
        provision = self.in_force("SC-QUOTA-EXC")
        if provision is None:
            return None
        return int(members * provision.values["max_percent"] // 100)

    def absence_grade_cap(self, absences: int) -> AbsenceCap | None:
        """The county's own ladder of unexcused absences (本县规定; no document sets one, every step is off
        until the county sets it): the best grade a cadre with ``absences`` unexcused absences in the year
        may get, the harshest step reached winning; None when no step is reached or none is set."""
        if absences < 0:
            raise ValueError("次数不能为负数")
        provision = self._first(ROUTE_IDS)
        if provision is None:
            return None
        steps = (
            ("absences_incompetent", INCOMPETENT),
            ("absences_at_most_basic", BASICALLY_COMPETENT),
            ("absences_no_excellent", COMPETENT),
        )
        for key, best in steps:
            threshold = provision.values.get(key)
            if threshold is not None and absences >= threshold:
                return AbsenceCap(best, absences, int(threshold), key, provision.id)
        return None

    def required_dispatch(self, staff: int) -> int | None:
        """SC-QUOTA: the least number of people a unit of `staff` must dispatch (convention 6)."""
        if staff < 0:
            raise ValueError("人数不能为负数")
        provision = self.in_force("SC-QUOTA")
        if provision is None:
            return None
        for floor, people in provision.values["brackets"]:
            if staff >= floor:
                return int(people)
        return None

    @property
    def min_training_days(self) -> Decimal | None:
        """Training days a cadre needs a year (Zhumadian: per training, at least one training)."""
        provision = self._first(TRAINING_IDS)
        return None if provision is None else Decimal(provision.values["min_days"])

    @property
    def team_size(self) -> tuple[int, int | None]:
        """(minimum, maximum or None) members of a team outside Liangshan."""
        return self.team_size_for()

    def team_size_for(self, *, in_liangshan: bool = False) -> tuple[int, int | None]:
        """(minimum, maximum or None) members. A Sichuan team in Liangshan keeps SC-TEAM's minimum and
        may be increased up to SC-LIANGSHAN's 7 (可增配到每村４至７人: a permission, not a new floor)."""
        liangshan = self.in_force("SC-LIANGSHAN") if in_liangshan else None
        provision = self._first(TEAM_SIZE_IDS)
        if liangshan is not None and provision is not None and provision.id == "SC-TEAM":
            return (provision.values["min_members"], liangshan.values["max_members"])
        if provision is None:
            raise LookupError(f"{self.name}政策在{self.on.isoformat()}没有生效的工作队人数规定")
        if provision.id == "QH-TEAM":
            size = provision.values["team_size"]
            return (size, size)
        return (provision.values["min_members"], None)

    # --- county overrides ----------------------------------------------------------------------------

    def configurable(self) -> list[Configurable]:
        """The values a county may set under this policy on this date, with their current values."""
        result = []
        for config in CONFIG_KEYS:
            for provision_id in config.provisions.get(self.code, ()):
                provision = self.in_force(provision_id)
                if provision is None:
                    continue
                override = next((o for o in reversed(provision.overrides) if o.key == config.key), None)
                result.append(
                    Configurable(
                        key=config.key,
                        provision=provision.id,
                        label=config.label,
                        type=config.type,
                        value=provision.values[config.value_key],
                        default=BY_ID[provision.id].values[config.value_key],
                        override=override,
                        raise_only=provision.id in config.raise_only,
                        help=config.help,
                    )
                )
        return result

    def with_overrides(
        self, overrides: Mapping[str, Override | Value] | None = None, /, **values: Value
    ) -> Policy:
        """A county's policy: these config keys set to the county's values.

        Each value is an `Override` (value with who, when, why) or a plain value. Values may come from
        JSON ("7.5", 7.5, null). Keys that the policy does not leave to the county, and values below a
        documented floor, raise ValueError with a Chinese message.
        """
        wanted: dict[str, Override | Value] = {**(overrides or {}), **values}
        provisions = {p.id: p for p in self.provisions}
        for key, given in wanted.items():
            config = CONFIG_BY_KEY.get(key)
            if config is None:
                raise ValueError(f"未知的配置项：{key}")
            override = given if isinstance(given, Override) else Override(value=given)
            value = coerce(config, override.value)
            targets = [provisions[i] for i in config.provisions.get(self.code, ()) if i in provisions]
            if not targets:
                raise ValueError(f"{self.name}政策不允许县级设置“{config.label}”")
            for provision in targets:
                default = BY_ID[provision.id].values[config.value_key]
                if provision.id in config.raise_only:
                    if value is None or value < default:
                        raise ValueError(f"“{config.label}”不得低于文件标准{default}（{provision.id}）")
                elif provision.strength_of(config.value_key) is not Strength.CONFIG:
                    raise ValueError(f"“{config.label}”是{provision.id}的刚性规定，县级不能修改")
                provisions[provision.id] = dataclasses.replace(
                    provision,
                    values=MappingProxyType({**provision.values, config.value_key: value}),
                    overrides=(
                        *provision.overrides,
                        dataclasses.replace(override, value=value, key=key, default=default),
                    ),
                )
        return dataclasses.replace(self, provisions=tuple(provisions[p.id] for p in self.provisions))


def policy_for(code: str, on: datetime.date) -> Policy:
    """The provisions of policy `code` in force on `on` (shipped values, no county overrides)."""
    if code not in POLICY_CODES:
        raise UnknownPolicy(f"未知的政策代码：{code!r}")
    if isinstance(on, datetime.datetime):
        on = on.date()
    return _build(code, on)


@functools.lru_cache(maxsize=1024)
def _build(code: str, on: datetime.date) -> Policy:
    effective = (p.for_policy(code) for p in PROVISIONS if code in p.policies)
    return Policy(code=code, on=on, provisions=tuple(p for p in effective if p.in_force_on(on)))


def leave_days(days: Decimal | int | str) -> Decimal:
    """A leave length as Decimal: positive whole or half days, else ValueError."""
    if isinstance(days, bool | float):
        raise ValueError("请假天数应为整数或半天的十进制数")
    try:
        amount = Decimal(days)
    except (InvalidOperation, TypeError):
        raise ValueError(f"请假天数无效：{days!r}") from None
    if not amount.is_finite() or amount <= 0:
        raise ValueError("请假天数应大于0")
    if (amount * 2) != (amount * 2).to_integral_value():
        raise ValueError("请假天数应以半天为单位")
    return amount


def prorate(minimum: int, assigned_days: int | None, period_days: int) -> int:
    """Convention 4: minimum × assigned / period, rounded up; the full minimum when not pro-rated."""
    if assigned_days is None or assigned_days == period_days:
        return int(minimum)
    if not 0 <= assigned_days <= period_days:
        raise ValueError(f"任职天数应在0到{period_days}之间")
    return -(-int(minimum) * assigned_days // period_days)
