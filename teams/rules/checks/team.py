"""Team composition: size, leader, term, the people and their origin, matching the village, withdrawal,
coverage of the poor villages, dispatch quotas and membership changes (the 队伍组成 group of PROVISIONS.md)."""

from __future__ import annotations

import datetime
import math
from collections.abc import Collection, Mapping

from ..facts import FIRST_SECRETARY, MEMBER, MemberFacts, TeamFacts
from ..model import Finding, Provision
from ..wording import EXPERTISE_NAMES, KIND_NAMES, LEVEL_NAMES, NEED_NAMES, PARTY_NAMES, RANK_NAMES
from .base import ChecksBase, add_years, age_on, offices, who


class TeamChecks(ChecksBase):
    """Who is in the team, and whether the county and its units sent enough of them."""

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
                            f"{who(m)}于{m.end.isoformat()}离队，驻村工作期间干部一般不轮换",
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
                            p, f"{who(m)}于{m.end.isoformat()}离任，第一书记任期应到{term_end.year}年12月底"
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
                            f"{who(m)}由{LEVEL_NAMES[m.unit_level]}单位选派；派驻省扶贫工作重点村的工作队，"
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
                            f"{who(m)}于{m.start.isoformat()}选派时{age}周岁，"
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
                            p, f"{who(m)}为{PARTY_NAMES[m.party_status]}，第一书记必须是中共正式党员"
                        )
                    )
        p = self.in_force("QH-FS-RANK")
        if p is not None:
            for m in first_secretaries:
                if not _qinghai_rank_ok(m, p):
                    found.append(
                        self._finding(
                            p,
                            f"{who(m)}为{LEVEL_NAMES[m.unit_level]}{KIND_NAMES[m.unit_kind]}{RANK_NAMES[m.rank]}"
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
                    found.append(self._finding(p, f"{who(m)}不是在编在岗干部职工"))
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
                found.append(self._finding(p, f"人员调整未向{offices(missing)}备案"))
        return found


def _qinghai_rank_ok(member: MemberFacts, provision: Provision) -> bool:
    if member.unit_kind != "organ":
        return member.rank in provision.values["enterprise_ranks"]
    ranks = provision.values["organ_ranks"].get(member.unit_level)
    if ranks is None:
        return False
    reserve_rank = provision.values["reserve_ranks"][member.unit_level]
    return member.rank in ranks or (member.is_reserve and member.rank == reserve_rank)
