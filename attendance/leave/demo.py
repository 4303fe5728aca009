"""Demo leave: requests in every state in both counties, made through the services (so the audit trail
and notifications are real), dated around today so that pending ones can still be decided.

西平县 (Zhumadian): the demo cadre's 7.5-day leave waits for ``county``, ``bureau`` and ``unit``;
``township`` has short leaves to decide. 平阴县 (Jinan): a 3.5-day leave waits for ``county2``, a
2-day one for the township login ``township2`` (孔村镇) added here. 乐都区 (Qinghai) and 苍溪县
(Sichuan): ``township_qh`` and ``township_sc`` ask leave in every state, decided by whichever offices
the county's route names (``county_qh`` / ``county_sc`` or the township itself).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import Office, User
from attendance.days.demo import build_days_counties, build_days_demo
from attendance.models import LeaveDecision, LeaveEvent, LeaveRequest, Notification
from teams.demo import DEMO_PASSWORD, DemoLogin, demo_term
from teams.models import Cadre, Membership, Region

from . import services

LEAVE_LOGINS = [DemoLogin("township2", Office.TOWNSHIP_COMMITTEE, "平阴县孔村镇党委", "陈刚")]
# 乐都区 and 苍溪县: the township login asks leave for its township's cadres (reasons by state below).
COUNTY_LEAVE = [
    (
        "碾伯镇",
        "township_qh",
        (
            "回家处理承包地流转手续",
            "到西宁做白内障手术",
            "外出探亲",
            "参加区里组织的业务培训",
            "重感冒输液治疗",
            "回老家为父亲办理丧事",
            "上午到区医院复查",
        ),
    ),
    (
        "陵江镇",
        "township_sc",
        (
            "回家收割猕猴桃",
            "到成都做膝关节手术",
            "外出旅游",
            "参加县里组织的业务培训",
            "急性肠胃炎住院",
            "照料生病住院的母亲",
            "下午到县医院体检",
        ),
    ),
]
# The login that decides for each office in a step "route" of a township login's leave.
ROUTE_LOGINS: dict[str, dict[str, str]] = {
    "township_qh": {Office.COUNTY_ORG_DEPT: "county_qh", Office.TOWNSHIP_COMMITTEE: "township_qh"},
    "township_sc": {Office.COUNTY_ORG_DEPT: "county_sc", Office.TOWNSHIP_COMMITTEE: "township_sc"},
}
# Keep the demo dates inside the demo teams' term whatever the machine's date.
MARGIN = datetime.timedelta(days=60)


@dataclass(frozen=True)
class Step:
    day: int  # relative to the anchor day
    user: str
    action: str  # decide / cancel / return / route (each awaited office of the county decides)
    value: str = ""
    comment: str = ""


def _anchor(today: datetime.date) -> datetime.date:
    term = demo_term(today)
    return min(max(today, term.start + MARGIN), term.end - MARGIN)


@contextmanager
def _dated(day: datetime.date) -> Iterator[None]:
    """Rows written inside carry ``day`` (at 09:00) as their time, so the demo trail reads naturally."""
    marks = {
        m: m.objects.aggregate(top=Max("pk"))["top"] or 0
        for m in (LeaveRequest, LeaveDecision, LeaveEvent, Notification)
    }
    yield
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
    LeaveRequest.objects.filter(pk__gt=marks[LeaveRequest]).update(created_at=at)
    LeaveDecision.objects.filter(pk__gt=marks[LeaveDecision]).update(decided_at=at)
    LeaveEvent.objects.filter(pk__gt=marks[LeaveEvent]).update(at=at)
    Notification.objects.filter(pk__gt=marks[Notification]).update(created_at=at)


def _logins() -> dict[str, User]:
    township2 = User.objects.filter(username="township2").first()
    if township2 is None:
        township2 = User(
            username="township2",
            office=Office.TOWNSHIP_COMMITTEE,
            first_name=LEAVE_LOGINS[0].description,
            last_name=LEAVE_LOGINS[0].person,
            region=Region.objects.get(name="孔村镇", level="township"),
        )
        township2.set_password(DEMO_PASSWORD)
        township2.save()
    names = ["county", "bureau", "township", "unit", "cadre", "county2", "township2"]
    names += sorted({n for logins in ROUTE_LOGINS.values() for n in logins.values()})
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _cadres(township: str, day: datetime.date, *, unit: str | None = None, exclude: set[int]) -> list[Cadre]:
    memberships = Membership.objects.active_on(day).filter(team__village__township__name=township)
    if unit is not None:
        memberships = memberships.filter(dispatching_unit__name=unit)
    ids = memberships.exclude(cadre__in=exclude).order_by("cadre_id").values_list("cadre_id", flat=True)
    return list(Cadre.objects.filter(pk__in=list(ids)).order_by("pk"))


@transaction.atomic
def build_leave_demo(today: datetime.date) -> dict[str, int]:
    """Add the demo leave, as it stands on ``today``, to a database holding the teams demo built for
    the same day; returns counts."""
    anchor = _anchor(today)
    users = _logins()
    demo_cadre = users["cadre"].cadre
    assert demo_cadre is not None
    unit_cadres = _cadres("五沟营镇", anchor, unit="西平县教育局", exclude={demo_cadre.pk})
    other_cadres = _cadres("五沟营镇", anchor, exclude={demo_cadre.pk, *(c.pk for c in unit_cadres)})
    pingyin = _cadres("孔村镇", anchor, exclude=set())

    def day(offset: int) -> datetime.date:
        return anchor + datetime.timedelta(days=offset)

    def leave(
        cadre: Cadre,
        by: str,
        start: int,
        end: int,
        kind: str,
        reason: str,
        *steps: Step,
        half_start: bool = False,
        half_end: bool = False,
        asked: int | None = None,
    ) -> LeaveRequest:
        asked_on = day(min(asked if asked is not None else start - 3, 0))
        with _dated(asked_on):
            made = services.leave_request_submit(
                actor=users[by],
                cadre=cadre,
                start=day(start),
                end=day(end),
                kind=kind,
                reason=reason,
                half_day_start=half_start,
                half_day_end=half_end,
                today=asked_on,
            )
        for step in steps:
            on = day(step.day)
            with _dated(on):
                if step.action == "decide":
                    services.leave_request_decide(
                        actor=users[step.user],
                        leave=made,
                        decision=step.value,
                        comment=step.comment,
                        today=on,
                    )
                elif step.action == "cancel":
                    services.leave_request_cancel(
                        actor=users[step.user], leave=made, comment=step.comment, today=on
                    )
                elif step.action == "route":
                    # Whatever route the county's policy gives: each awaited office with a demo login
                    # of this county decides (a rejection ends the request).
                    for office in LeaveRequest.objects.get(pk=made.pk).awaiting:
                        approver = ROUTE_LOGINS[step.user].get(office)
                        if approver is None:
                            continue
                        services.leave_request_decide(
                            actor=users[approver],
                            leave=made,
                            decision=step.value,
                            comment=step.comment or "同意",
                            today=on,
                        )
                        if step.value == "reject":
                            break
                elif step.action == "return":
                    services.leave_request_return(
                        actor=users[step.user],
                        leave=made,
                        returned_on=day(int(step.value)),
                        comment=step.comment,
                        today=on,
                    )
        return made

    def ok(at: int, who: str, comment: str = "同意") -> Step:
        return Step(at, who, "decide", "approve", comment)

    def no(at: int, who: str, comment: str) -> Step:
        return Step(at, who, "decide", "reject", comment)

    # --- 西平县 (Zhumadian: ≤ 7 days township + filing; > 7 days county, bureau and unit jointly) ---
    leave(
        demo_cadre,
        "cadre",
        -40,
        -39,
        "personal",
        "回原单位办理职称评审材料",
        ok(-42, "township"),
        Step(-38, "cadre", "return", "-38"),
        asked=-43,
    )
    leave(demo_cadre, "cadre", 10, 17, "personal", "陪同父亲到郑州做手术并照料", half_end=True, asked=-1)
    leave(demo_cadre, "cadre", 30, 31, "personal", "参加子女学校家长会", ok(-1, "township"), asked=-2)
    leave(
        unit_cadres[0],
        "township",
        20,
        28,
        "sick",
        "腰椎间盘突出住院治疗",
        ok(-1, "county", "同意，注意休养"),
        asked=-2,
    )
    leave(
        unit_cadres[1],
        "township",
        -30,
        -22,
        "sick",
        "急性阑尾炎手术及术后恢复",
        ok(-32, "county"),
        ok(-32, "bureau"),
        ok(-31, "unit", "同意，单位安排人员慰问"),
        Step(-18, "township", "return", "-19", "术后复查推迟两天返岗"),
        asked=-33,
    )
    leave(
        unit_cadres[2],
        "township",
        5,
        14,
        "personal",
        "赴外地处理家中房屋事宜",
        ok(-2, "county"),
        no(-1, "unit", "正值村集体经济项目验收，请调整时间"),
        asked=-3,
    )
    leave(other_cadres[0], "township", 5, 7, "personal", "回家处理孩子入学手续", asked=0)
    leave(other_cadres[1], "township", -10, -6, "sick", "感冒发烧就医", ok(-11, "township"), asked=-12)
    leave(
        other_cadres[2],
        "township",
        12,
        13,
        "other",
        "参加县里组织的业务考试",
        ok(-3, "township"),
        Step(-1, "township", "cancel", comment="考试延期"),
        asked=-4,
    )
    leave(other_cadres[3], "township", 3, 3, "personal", "下午到县医院体检", half_start=True, asked=0)
    leave(
        other_cadres[4],
        "township",
        2,
        4,
        "personal",
        "参加亲属婚礼",
        no(-1, "township", "本周有重点工作督查"),
        asked=-2,
    )

    # --- 平阴县 (Jinan: ≤ 3 days the township, more the county org dept) ---
    leave(pingyin[0], "township2", 7, 10, "personal", "回老家处理宅基地确权事宜", half_end=True, asked=0)
    leave(pingyin[1], "township2", 4, 5, "sick", "牙科治疗", asked=0)
    leave(pingyin[2], "township2", 20, 24, "personal", "陪护住院的母亲", ok(-1, "county2"), asked=-2)
    leave(
        pingyin[3],
        "township2",
        15,
        19,
        "personal",
        "外出旅游",
        no(-1, "county2", "理由不充分，不予批准"),
        asked=-2,
    )
    leave(
        pingyin[4],
        "township2",
        30,
        31,
        "other",
        "参加培训",
        Step(-1, "township2", "cancel", comment="培训取消"),
        asked=-2,
    )
    leave(
        pingyin[5],
        "township2",
        -20,
        -18,
        "sick",
        "肠胃炎输液",
        ok(-21, "township2"),
        Step(-17, "township2", "return", "-17"),
        asked=-22,
    )
    leave(pingyin[6], "township2", -8, -6, "personal", "家中老人病重", ok(-9, "township2"), asked=-10)

    with _dated(anchor):
        services.leave_flag_overdue(today=anchor)
    days = build_days_demo(today)  # attendance days, spot checks (the leave above is already in place)

    # --- 乐都区 (Qinghai) and 苍溪县 (Sichuan): the seeds set no thresholds, the county's route decides;
    # after the first two counties' attendance, so their rows are exactly as before ---
    for township, login, reasons in COUNTY_LEAVE:
        c = _cadres(township, anchor, exclude=set())
        leave(c[0], login, 6, 12, "personal", reasons[0], asked=0)
        leave(c[1], login, 15, 19, "sick", reasons[1], Step(-1, login, "route", "approve"), asked=-2)
        leave(
            c[2],
            login,
            9,
            11,
            "personal",
            reasons[2],
            Step(-1, login, "route", "reject", "村里正在开展重点工作督查，请调整时间"),
            asked=-2,
        )
        leave(
            c[3],
            login,
            20,
            21,
            "other",
            reasons[3],
            Step(-3, login, "route", "approve"),
            Step(-1, login, "cancel", comment="培训改期"),
            asked=-4,
        )
        leave(
            c[4],
            login,
            -25,
            -21,
            "sick",
            reasons[4],
            Step(-27, login, "route", "approve"),
            Step(-20, login, "return", "-20"),
            asked=-28,
        )
        leave(c[5], login, -9, -6, "personal", reasons[5], Step(-10, login, "route", "approve"), asked=-11)
        leave(c[6], login, 3, 3, "personal", reasons[6], half_start=True, asked=0)
    with _dated(anchor):
        services.leave_flag_overdue(today=anchor)
    days |= build_days_counties(today)
    counts = {"leave_requests": LeaveRequest.objects.count(), "leave_events": LeaveEvent.objects.count()}
    return counts | days
