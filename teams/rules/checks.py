"""The checks: methods of `Policy` that judge plain values and return findings.

Every check only speaks for provisions of its policy in force on the policy's date; a provision the
policy does not have yields nothing. `registry.CHECKS` names the check that decides each provision.
"""

from __future__ import annotations

import calendar
import datetime
import math
from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal

from .facts import (
    CARE_NAMES,
    EXCELLENT,
    FIRST_SECRETARY,
    GRADE_NAMES,
    GRADES,
    INCOMPETENT,
    MEMBER,
    REVIEW_METHOD_NAMES,
    ROLES,
    TRAINING_LEVELS,
    MemberFacts,
    MemberYearFacts,
    TeamFacts,
    TrainingFacts,
    UnitYearFacts,
)
from .model import (
    ERROR,
    OFFICE_NAMES,
    WARNING,
    Finding,
    Provision,
    Route,
    Strength,
)

ROLE_NAMES = {FIRST_SECRETARY: "第一书记", MEMBER: "队员"}
LEVEL_NAMES = {"central": "中央", "province": "省级", "city": "市级", "county": "县级", "township": "乡镇级"}
KIND_NAMES = {"organ": "机关", "enterprise": "企业", "institution": "事业单位"}
RANK_NAMES = {
    "department": "厅级",
    "division": "处级",
    "section": "科级",
    "below_section": "科级以下",
    "enterprise_manager": "企事业单位中层",
    "other": "其他职级",
}
PARTY_NAMES = {
    "member": "中共党员",
    "probationary": "中共预备党员",
    "league": "共青团员",
    "democratic": "民主党派",
    "none": "群众",
}
EXPERTISE_NAMES = {
    "party_mass": "党群工作",
    "economic": "经济工作",
    "business": "经营管理",
    "mediation": "化解矛盾",
    "social": "社会工作",
}
NEED_NAMES = {
    "is_weak_party_org": "基层组织软弱涣散村",
    "has_no_industry": "产业基础薄弱村",
    "has_untapped_resources": "特色资源挖掘利用不够的村",
    "is_stability_focus": "矛盾纠纷突出（维稳重点）村",
}
QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def age_on(birth: datetime.date, day: datetime.date) -> int:
    """Age in full years (周岁) on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _who(member: MemberFacts) -> str:
    return f"{ROLE_NAMES[member.role]}{member.name}"


def _offices(codes: Collection[str]) -> str:
    return "、".join(OFFICE_NAMES.get(c, c) for c in sorted(codes))


def _num(value: Decimal | int) -> str:
    """Decimal without trailing zeros: 3.5, 4, 20000."""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


class PolicyChecks:
    """Mixin of `Policy`: the checks. `Policy` supplies the attributes declared here."""

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

    # --- team composition ----------------------------------------------------------------------------

    def check_team(self, team: TeamFacts, *, today: datetime.date) -> list[Finding]:
        """Size, leader, term, composition, age, party status, rank, origin, expertise, withdrawal.

        Members are counted on `today`, held within the team's term (before the term: its first day).
        """
        day = max(today, team.term_start)
        if team.term_end is not None:
            day = min(day, team.term_end)
        active = [m for m in team.members if m.active_on(day)]
        found: list[Finding] = []
        found += self._check_size(team, active)
        found += self._check_leader(active)
        found += self._check_term(team)
        found += self._check_people(team, active, today)
        found += self._check_match(team, active)
        found += self._check_withdrawal(team)
        return found

    def _check_size(self, team: TeamFacts, active: list[MemberFacts]) -> list[Finding]:
        found = []
        count = len(active)
        first_secretaries = [m for m in active if m.role == FIRST_SECRETARY]
        for provision_id in ("JN-TEAM-SIZE", "ZMD-TEAM"):
            p = self.in_force(provision_id)
            if p is not None and count < p.values["min_members"]:
                found.append(
                    self._finding(p, f"工作队仅{count}人，少于{p.values['min_members']}人", "min_members")
                )
        p = self.in_force("QH-TEAM")
        if p is not None:
            size = p.values["team_size"]
            if count != size:
                found.append(self._finding(p, f"工作队现有{count}人，应由{size}人组成"))
            if len(first_secretaries) != p.values["first_secretaries"]:
                found.append(
                    self._finding(p, f"工作队应有1名第一书记兼任队长，现有{len(first_secretaries)}名第一书记")
                )
            elif not first_secretaries[0].is_leader or any(
                m.is_leader for m in active if m.role != FIRST_SECRETARY
            ):
                found.append(self._finding(p, "队长应由第一书记兼任"))
            pairing = [m for m in active if m.role == MEMBER and not m.from_township]
            township = [m for m in active if m.role == MEMBER and m.from_township]
            if len(pairing) != p.values["pairing_unit_members"]:
                found.append(self._finding(p, f"应有1名结对帮扶单位选派的队员，现有{len(pairing)}名"))
            if len(township) != p.values["township_members"]:
                found.append(self._finding(p, f"应有1名乡镇选派的队员，现有{len(township)}名"))
        p = self.in_force("SC-TEAM")
        liangshan = self.in_force("SC-LIANGSHAN") if team.in_liangshan else None
        # SC-LIANGSHAN 可增配到每村４至７人 permits more people; it sets no new floor: a Liangshan team
        # keeps SC-TEAM's 3 (含第一书记) and only more than 7 is a finding (NOTES.md, seed vs digest 4).
        if liangshan is not None and count > liangshan.values["max_members"]:
            high = liangshan.values["max_members"]
            found.append(
                self._finding(liangshan, f"凉山州工作队现有{count}人，最多可增配到{high}人（含第一书记）")
            )
        if p is not None and count < p.values["min_members"]:
            found.append(
                self._finding(
                    p, f"工作队仅{count}人，少于{p.values['min_members']}人（含第一书记）", "min_members"
                )
            )
        if p is not None and not first_secretaries:
            found.append(self._finding(p, "工作队应含第一书记", "includes_first_secretary"))
        return found

    def _check_leader(self, active: list[MemberFacts]) -> list[Finding]:
        found = []
        leaders = [m for m in active if m.is_leader]
        fs_leads = any(m.role == FIRST_SECRETARY for m in leaders)
        p = self.in_force("JN-LEADER")
        if p is not None and not fs_leads:
            found.append(
                self._finding(p, "队长原则上由驻村第一书记兼任" + ("" if leaders else "，工作队尚未明确队长"))
            )
        p = self.in_force("SC-TEAM")
        if p is not None and not fs_leads:
            ranks = p.values["fallback_leader_ranks"]
            if not leaders:
                found.append(self._finding(p, "工作队尚未明确队长", "leader_role"))
            elif not any(m.rank in ranks or m.is_reserve for m in leaders):
                found.append(
                    self._finding(
                        p,
                        f"队长{leaders[0].name}不是第一书记，也不是处科级干部或处科级后备干部",
                        "fallback_leader_ranks",
                    )
                )
        p = self.in_force("ZMD-TEAM")
        if p is not None and not fs_leads:
            allowed = p.values["leader_ranks"]
            if not leaders:
                found.append(self._finding(p, "工作队尚未明确队长"))
            elif not any(m.rank in allowed.get(m.unit_level, ()) for m in leaders):
                found.append(
                    self._finding(p, f"队长{leaders[0].name}既不是第一书记，也不是市派处级干部或县派科级干部")
                )
        return found

    def _check_term(self, team: TeamFacts) -> list[Finding]:
        found = []
        start, end = team.term_start, team.term_end
        span = f"驻村期限{start.isoformat()}至{end.isoformat() if end else '未定'}"
        for provision_id in ("JN-TERM", "ZMD-TERM"):
            p = self.in_force(provision_id)
            if p is None or end is None:
                continue
            years = p.values["min_term_years"]
            if end >= add_years(start, years) - datetime.timedelta(days=1):
                continue
            if p.values.get("or_first_secretary_term") and any(
                m.role == FIRST_SECRETARY and m.start == start and m.end == end for m in team.members
            ):
                continue
            found.append(self._finding(p, f"{span}，不足{years}年", "min_term_years"))
        p = self.in_force("JN-TERM")
        if p is not None:
            for m in team.members:
                if m.end is not None and (end is None or m.end < end):
                    found.append(
                        self._finding(
                            p,
                            f"{_who(m)}于{m.end.isoformat()}离队，驻村工作期间干部一般不轮换",
                            "no_rotation",
                        )
                    )
        p = self.in_force("SC-TERM")
        if p is not None and end is not None:
            full = add_years(start, p.values["term_years"])
            if end not in (full, full - datetime.timedelta(days=1)):
                found.append(self._finding(p, f"{span}，每期驻村时间应为{p.values['term_years']}年"))
        p = self.in_force("QH10-TERM")
        if p is not None:
            term_end = p.values["first_secretary_term_end"]
            for m in team.members:
                if (
                    m.role == FIRST_SECRETARY
                    and m.start >= p.in_force_from
                    and m.end is not None
                    and m.end < term_end
                ):
                    found.append(
                        self._finding(
                            p, f"{_who(m)}于{m.end.isoformat()}离任，第一书记任期应到{term_end.year}年12月底"
                        )
                    )
        return found

    def _check_people(
        self, team: TeamFacts, active: list[MemberFacts], today: datetime.date
    ) -> list[Finding]:
        found = []
        p = self.in_force("JN-TEAM-ORIGIN")
        # Only teams in the key villages (000 （一）: 重点派驻全省扶贫工作重点村…及脱贫难度较大的村); for
        # other poor villages the seed asks for 镇（街道）…年轻干部 to join the first secretary.
        if p is not None and team.is_key_village:
            for m in active:
                if m.unit_level not in p.values["unit_levels"]:
                    found.append(
                        self._finding(
                            p,
                            f"{_who(m)}由{LEVEL_NAMES[m.unit_level]}单位选派；派驻省扶贫工作重点村的工作队，"
                            "队员均应为县级以上机关、企事业单位选派的干部",
                        )
                    )
        p = self.in_force("QH-AGE")
        if p is not None:
            # 选派…一般不超过45周岁的优秀干部 is a condition of selection: the age in full years (周岁) on
            # the day the cadre was posted (the membership's start); 45 passes, turning 46 later does not
            # count against the selection (NOTES.md, readings).
            for m in active:
                if m.birth_date is None:
                    continue
                age = age_on(m.birth_date, m.start)
                if age > p.values["max_age"]:
                    found.append(
                        self._finding(
                            p,
                            f"{_who(m)}于{m.start.isoformat()}选派时{age}周岁，"
                            f"选派时一般不超过{p.values['max_age']}周岁",
                        )
                    )
        first_secretaries = [m for m in active if m.role == FIRST_SECRETARY]
        p = self.in_force("QH-FS-PARTY")
        if p is not None:
            for m in first_secretaries:
                if m.party_status != p.values["party_status"]:
                    found.append(
                        self._finding(
                            p, f"{_who(m)}为{PARTY_NAMES[m.party_status]}，第一书记必须是中共正式党员"
                        )
                    )
        p = self.in_force("QH-FS-RANK")
        if p is not None:
            for m in first_secretaries:
                if not _qinghai_rank_ok(m, p):
                    found.append(
                        self._finding(
                            p,
                            f"{_who(m)}为{LEVEL_NAMES[m.unit_level]}{KIND_NAMES[m.unit_kind]}{RANK_NAMES[m.rank]}"
                            f"{'后备' if m.is_reserve else ''}干部，第一书记应为省(州)直机关处级(后备)干部、"
                            "县直机关科级(后备)干部或企事业单位优秀中层干部",
                        )
                    )
        p = self.in_force("QH-BILINGUAL")
        # Only when every member's 双语 is recorded as no: an unrecorded member may be the one (NOTES.md).
        if p is not None and team.is_ethnic_area and active and all(m.is_bilingual is False for m in active):
            found.append(self._finding(p, "到民族地区工作的工作队没有懂“双语”的干部，应优先选派"))
        p = self.in_force("SC-STAFF")
        if p is not None:
            for m in active:
                if m.is_on_staff is False:  # None: not recorded, nothing to say
                    found.append(self._finding(p, f"{_who(m)}不是在编在岗干部职工"))
        return found

    def _check_match(self, team: TeamFacts, active: list[MemberFacts]) -> list[Finding]:
        found = []
        for provision_id in ("JN-MATCH", "QH-MATCH"):
            p = self.in_force(provision_id)
            if p is None:
                continue
            for flag, expertise in p.values["village_needs"].items():
                if getattr(team, flag) and not any(m.expertise in expertise for m in active):
                    wanted = "或".join(EXPERTISE_NAMES[e] for e in expertise)
                    found.append(
                        self._finding(p, f"派驻村为{NEED_NAMES[flag]}，工作队没有熟悉{wanted}的干部")
                    )
        return found

    def _check_withdrawal(self, team: TeamFacts) -> list[Finding]:
        p = self.in_force("ALL-NO-WITHDRAW")
        if p is None or team.exited_on is None or team.withdrawn_on is None:
            return []
        if team.exited_on <= team.withdrawn_on <= p.values["campaign_end"]:
            return [
                self._finding(
                    p,
                    f"贫困村于{team.exited_on.isoformat()}退出，工作队于{team.withdrawn_on.isoformat()}撤离；"
                    "脱贫攻坚期内贫困村退出的，驻村工作队不得撤离",
                )
            ]
        return []

    def check_coverage(self, team_counts: Mapping[str, int]) -> list[Finding]:
        """SC-COVER: registered poor village name → number of teams in it now."""
        p = self.in_force("SC-COVER")
        if p is None:
            return []
        return [
            self._finding(p, f"建档立卡贫困村{name}没有驻村工作队，应一村一队")
            for name, count in team_counts.items()
            if count < p.values["teams_per_village"]
        ]

    def check_dispatch_quota(self, staff: int, dispatched: int) -> list[Finding]:
        """SC-QUOTA: a provincial unit of `staff` people has `dispatched` people in teams."""
        p = self.in_force("SC-QUOTA")
        required = self.required_dispatch(staff)
        if p is None or required is None or dispatched >= required:
            return []
        return [self._finding(p, f"单位干部职工{staff}人，应选派不少于{required}人，现选派{dispatched}人")]

    def check_aid_share(self, poor_villages: int, dispatched: int) -> list[Finding]:
        """SC-AID: people an aiding county sends against the aided county's poor villages."""
        p = self.in_force("SC-AID")
        if p is None:
            return []
        required = math.ceil(poor_villages * p.values["min_share_percent"] / 100)
        if dispatched >= required:
            return []
        return [
            self._finding(
                p,
                f"受扶县有贫困村{poor_villages}个，应选派不少于{required}人（{p.values['min_share_percent']}%），现选派{dispatched}人",
            )
        ]

    def check_membership_change(
        self,
        changed_on: datetime.date,
        filed_on: datetime.date | None,
        today: datetime.date,
        *,
        filed_with: Collection[str] | None = None,
    ) -> list[Finding]:
        """ZMD-CHANGE: a change of members is filed within 3 days with the county org dept and bureau."""
        p = self.in_force("ZMD-CHANGE")
        if p is None:
            return []
        days = p.values["filing_days"]
        due = changed_on + datetime.timedelta(days=days)
        found = []
        if filed_on is None and today > due:
            found.append(self._finding(p, f"队员于{changed_on.isoformat()}调整，已超过{days}天未备案"))
        elif filed_on is not None and filed_on > due:
            found.append(
                self._finding(
                    p, f"队员于{changed_on.isoformat()}调整，{filed_on.isoformat()}才备案，超过{days}天"
                )
            )
        if filed_on is not None and filed_with is not None:
            missing = set(p.values["filed_with"]) - set(filed_with)
            if missing:
                found.append(self._finding(p, f"人员调整未向{_offices(missing)}备案"))
        return found

    # --- presence and leave --------------------------------------------------------------------------

    def check_presence_month(
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
                _presence_message(
                    f"{year}年{month}月", days_in_village, minimum, assigned_days, p.values["min_days"], unit
                ),
            )
        ]

    def check_presence_year(
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
                _presence_message(f"{year}年", days_in_village, minimum, assigned_days, p.values["min_days"]),
            )
        ]

    def check_team_presence_year(
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
        next_year, next_month = _next_month(year, month)
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

    def check_leave_approval(
        self, days: Decimal | int | str, approved_by: Collection[str], filed_with: Collection[str] = ()
    ) -> list[Finding]:
        """JN-LEAVE / ZMD-LEAVE (and a county's QH/SC-LEAVE): the approvals a leave carries."""
        p = self.leave_provision
        if p is None:
            return []
        route = self.leave_route(days)
        found = []
        missing = route.approvers - set(approved_by)
        if missing:
            found.append(
                self._finding(
                    p, f"请假{_num(Decimal(days))}天应{route.description}，缺少{_offices(missing)}的批准"
                )
            )
        not_filed = route.filed_with - set(filed_with)
        if not_filed:
            found.append(self._finding(p, f"请假{_num(Decimal(days))}天应报{_offices(not_filed)}备案"))
        return found

    def check_leave_return(
        self, leave_end: datetime.date, returned_on: datetime.date | None, today: datetime.date
    ) -> list[Finding]:
        """ALL-RETURN: a leave ends with a return report (销假)."""
        p = self.in_force("ALL-RETURN")
        if p is None or returned_on is not None or today <= leave_end:
            return []
        return [self._finding(p, f"请假已于{leave_end.isoformat()}结束，尚未销假")]

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
            year, month = _next_month(year, month)
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

    # --- assessment ----------------------------------------------------------------------------------

    def check_grades(self, grades: Sequence[tuple[str, str]]) -> list[Finding]:
        """SC-GRADES and SC-QUOTA-EXC over a county's grades for a year: (role, grade) pairs."""
        for role, grade in grades:
            if role not in ROLES or grade not in GRADES:
                raise ValueError(f"无效的职务或等次：{role!r}, {grade!r}")
        found = []
        p = self.in_force("SC-GRADES")
        if p is not None:
            bad = [g for _, g in grades if g not in p.values["grades"]]
            if bad:
                names = "、".join(GRADE_NAMES[g] for g in p.values["grades"])
                found.append(
                    self._finding(p, f"有{len(bad)}人评为“{GRADE_NAMES[bad[0]]}”，考核等次只有{names}")
                )
        p = self.in_force("SC-QUOTA-EXC")
        if p is not None:
            members = sum(1 for role, _ in grades if role == MEMBER)
            excellent = sum(1 for role, g in grades if role == MEMBER and g == EXCELLENT)
            cap = self.max_excellent(members)
            if cap is not None and excellent > cap:
                found.append(
                    self._finding(
                        p,
                        f"“优秀”{excellent}人，超过队员总数{members}人的{p.values['max_percent']}%（最多{cap}人，不含第一书记）",
                    )
                )
        return found

    def check_annual_assessment(
        self,
        year: int,
        today: datetime.date,
        *,
        assessed_on: datetime.date | None = None,
        proposed_by: str | None = None,
        decided_by: str | None = None,
        reported_to: Collection[str] = (),
    ) -> list[Finding]:
        """JN-ANNUAL, QH-ANNUAL, ZMD-ANNUAL: a yearly assessment by the right office, result sent on."""
        found = []
        for provision_id in ("JN-ANNUAL", "QH-ANNUAL", "ZMD-ANNUAL"):
            p = self.in_force(provision_id)
            if p is None:
                continue
            if assessed_on is None:
                if today > datetime.date(year, 12, 31):
                    found.append(self._finding(p, f"{year}年度未进行年度考核"))
                continue
            wanted_proposer = p.values.get("proposed_by")
            if wanted_proposer and proposed_by != wanted_proposer:
                found.append(self._finding(p, f"年度考核意见应由{OFFICE_NAMES[wanted_proposer]}提出"))
            wanted_decider = p.values.get("decided_by")
            if wanted_decider and decided_by != wanted_decider:
                found.append(self._finding(p, f"年度考核等次应由{OFFICE_NAMES[wanted_decider]}确定"))
            wanted_receiver = p.values.get("result_to")
            if wanted_receiver and wanted_receiver not in reported_to:
                found.append(self._finding(p, f"年度考核结果未送{OFFICE_NAMES[wanted_receiver]}"))
        return found

    def check_term_review(
        self,
        term_end: datetime.date,
        today: datetime.date,
        *,
        reviewed_on: datetime.date | None = None,
        in_personal_file: bool = False,
        methods: Collection[str] = (),
        published: bool = False,
    ) -> list[Finding]:
        """JN-ENDTERM, QH-ENDTERM: the end-of-term review, its methods, file and publication."""
        found = []
        for provision_id in ("JN-ENDTERM", "QH-ENDTERM"):
            p = self.in_force(provision_id)
            if p is None:
                continue
            if reviewed_on is None:
                if today > term_end:
                    found.append(self._finding(p, f"任期已于{term_end.isoformat()}期满，尚未进行期满考核"))
                continue
            if p.values.get("into_personal_file") and not in_personal_file:
                found.append(self._finding(p, "期满考察结果未存入个人档案"))
            missing = [m for m in p.values.get("methods", ()) if m not in methods]
            if missing:
                found.append(
                    self._finding(p, "期满考核缺少" + "、".join(REVIEW_METHOD_NAMES[m] for m in missing))
                )
            if p.values.get("published") and not published:
                found.append(self._finding(p, "期满考核结果未向本村群众公示"))
        return found

    def check_member_year(self, facts: MemberYearFacts) -> list[Finding]:
        """QH10-ABSENT, QH-RECALL, QH10-BAN: what absence, recall and a 不称职 recall bar for a cadre."""
        found = []
        excellent = facts.grade == EXCELLENT
        p = self.in_force("QH10-ABSENT")
        if p is not None and excellent and (facts.unexcused_absence or facts.called_back_by_unit):
            found.append(
                self._finding(p, f"{facts.year}年有无故脱岗或被原单位抽调情形，取消当年评先评优资格")
            )
        p = self.in_force("QH-RECALL")
        if p is not None and facts.recalled_on is not None and facts.recalled_on.year == facts.year:
            if excellent:
                found.append(self._finding(p, f"{facts.year}年被召回，取消当年评先评优资格"))
            if facts.is_reserve:
                found.append(self._finding(p, "被召回的后备干部应取消后备干部资格"))
        p = self.in_force("QH10-BAN")
        if p is not None and facts.incompetent_recall_on is not None:
            start = facts.incompetent_recall_on
            end = add_years(start, p.values["ban_years"])
            if (
                excellent
                and datetime.date(facts.year, 1, 1) < end
                and datetime.date(facts.year, 12, 31) >= start
            ):
                found.append(self._finding(p, f"{start.isoformat()}因不称职被召回，两年内不得评先评优"))
            for when, what in (
                (facts.promoted_on, "提拔使用、晋升职级"),
                (facts.important_post_on, "平级转任重要岗位"),
            ):
                if when is not None and start <= when < end:
                    found.append(self._finding(p, f"{start.isoformat()}因不称职被召回，两年内不得{what}"))
        return found

    def check_unit_year(self, facts: UnitYearFacts) -> list[Finding]:
        """QH10-ABSENT (unit side) and SC-INCOMPETENT: a dispatching unit's own grade."""
        found = []
        p = self.in_force("QH10-ABSENT")
        if p is not None and facts.member_absent_or_called_back and facts.leadership_grade == EXCELLENT:
            found.append(self._finding(p, "派出单位有驻村干部无故脱岗或被抽调，领导班子年度考核不得评为优秀"))
        p = self.in_force("SC-INCOMPETENT")
        if p is not None and INCOMPETENT in facts.member_grades:
            if EXCELLENT in (facts.leadership_grade, facts.head_grade):
                found.append(
                    self._finding(p, "派出单位有驻村工作队员年度考核不称职，派出单位及主要负责人不得评先评优")
                )
        return found

    # --- training ------------------------------------------------------------------------------------

    def check_training_year(
        self, days: Decimal | None = None, trainings: Sequence[TrainingFacts] = ()
    ) -> list[Finding]:
        """JN-TRAIN, QH-TRAIN, SC-TRAIN, ZMD-TRAIN: a cadre's training in one year.

        `days` is the year's total; when None it is summed from `trainings`. Jinan counts concentrated
        training only; Zhumadian needs one training organised at county level or above of ≥ 3 days.
        """
        total = Decimal(days) if days is not None else sum((t.days for t in trainings), Decimal(0))
        found = []
        p = self.in_force("JN-TRAIN")
        if p is not None:
            concentrated = (
                sum((t.days for t in trainings if t.concentrated), Decimal(0)) if trainings else total
            )
            if concentrated < p.values["min_days"]:
                found.append(
                    self._finding(
                        p, f"全年集中培训{_num(concentrated)}天，一般不少于{_num(p.values['min_days'])}天"
                    )
                )
        for provision_id in ("QH-TRAIN", "SC-TRAIN"):
            p = self.in_force(provision_id)
            if p is not None and total < p.values["min_days"]:
                found.append(self._finding(p, f"全年培训{_num(total)}天，少于{_num(p.values['min_days'])}天"))
        p = self.in_force("ZMD-TRAIN")
        if p is not None:
            lowest = TRAINING_LEVELS.index(p.values["min_level"])
            qualifying = [
                t
                for t in trainings
                if TRAINING_LEVELS.index(t.level) <= lowest and t.days >= p.values["min_days"]
            ]
            if len(qualifying) < p.values["min_trainings"]:
                found.append(
                    self._finding(p, f"全年未参加县级以上组织的不少于{_num(p.values['min_days'])}天的培训")
                )
        return found

    def check_training_split(
        self, cadres: int, trained_by_level: Mapping[str, int], trained_total: int
    ) -> list[Finding]:
        """QH10-TRAIN-SPLIT: province/prefecture/county each train their share of all cadres; all trained."""
        p = self.in_force("QH10-TRAIN-SPLIT")
        if p is None:
            return []
        found = []
        for level, percent in p.values["shares_percent"].items():
            required = math.ceil(cadres * percent / 100)
            got = trained_by_level.get(level, 0)
            if got < required:
                found.append(
                    self._finding(
                        p,
                        f"{LEVEL_NAMES[level]}培训{got}人，少于驻村干部{cadres}人的{percent}%（{required}人）",
                    )
                )
        if trained_total < cadres:
            found.append(self._finding(p, f"培训未全覆盖：驻村干部{cadres}人，参训{trained_total}人"))
        return found

    # --- money ---------------------------------------------------------------------------------------

    def check_funds(self, year_amount: int | Decimal) -> list[Finding]:
        """QH-FUNDS / QH10-FUNDS / SC-FUNDS (or a county's JN-FUNDS): a team's work funds for a year."""
        p = self.funds_provision
        minimum = self.min_work_funds
        if p is None or minimum is None or year_amount >= minimum:
            return []
        return [self._finding(p, f"工作经费{_num(year_amount)}元，低于每队每年{minimum}元", "work_funds_min")]

    def check_living_allowance(self, days: int, paid: Decimal | int) -> list[Finding]:
        """QH10-ALLOWANCE (or a county's standard): the allowance paid for `days` attendance days."""
        p = self.allowance_provision
        expected = self.living_allowance(days)
        if p is None or expected is None or paid >= expected:
            return []
        per_day = _num(p.values["living_allowance_per_day"])
        return [
            self._finding(
                p,
                f"生活补助发放{_num(paid)}元，低于{days}天×{per_day}元＝{_num(expected)}元",
                "living_allowance_per_day",
            )
        ]

    # --- meetings, reports, visits -------------------------------------------------------------------

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
                if _month_end(year, last) < today and not _any_between(reports, year, first, last):
                    found.append(self._finding(p, f"{year}年{'上' if half == 1 else '下'}半年未向县区报告"))
        for provision_id in ("SC-REPORT", "QH-COMMIT"):
            p = self.in_force(provision_id)
            if p is None:
                continue
            for quarter in range(1, 5):
                first, last = quarter * 3 - 2, quarter * 3
                if _month_end(year, last) < today and not _any_between(reports, year, first, last):
                    found.append(
                        self._finding(p, f"{year}年{QUARTER_NAMES[quarter]}未报告", "reports_per_quarter")
                    )
        p = self.in_force("QH-COMMIT")
        if p is not None:
            due = _month_end(year, p.values["due_month"])
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
        due = _month_end(year, p.values["due_month"])
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


def _qinghai_rank_ok(member: MemberFacts, provision: Provision) -> bool:
    if member.unit_kind != "organ":
        return member.rank in provision.values["enterprise_ranks"]
    ranks = provision.values["organ_ranks"].get(member.unit_level)
    if ranks is None:
        return False
    reserve_rank = provision.values["reserve_ranks"][member.unit_level]
    return member.rank in ranks or (member.is_reserve and member.rank == reserve_rank)


def _presence_message(
    period: str, days: int, minimum: int, assigned: int | None, full: int, unit: str = "天"
) -> str:
    """`unit` is 天, or 个工作日 where only official working days count (convention 3)."""
    if minimum == full:
        return f"{period}在村{days}{unit}，少于{minimum}{unit}"
    return f"{period}在村{days}{unit}，少于按任职{assigned}{unit}折算的{minimum}{unit}（全期{full}{unit}）"


def _any_between(days: Sequence[datetime.date], year: int, first_month: int, last_month: int) -> bool:
    start, end = datetime.date(year, first_month, 1), _month_end(year, last_month)
    return any(start <= d <= end for d in days)
