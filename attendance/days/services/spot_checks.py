"""Spot checks (查岗) and absence explanations (情况说明): a check found the cadre absent without excuse
marks the day absent and, where ZMD-ABSENT is in force, opens an explanation that the cadre writes, the
dispatching unit's head signs and the township or county sends on; a daily reminder before the
collection is due."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Office, User
from core.params import clean_text
from teams import rules
from teams.county_policy import county_policy
from teams.errors import ServiceError
from teams.models import Cadre, Membership
from teams.rules import defaults as rule_defaults
from teams.rules.attendance import unexcused_absence

from ...models import (
    AbsenceExplanation,
    AttendanceDay,
    AttendanceSource,
    AttendanceStatus,
    ExplanationState,
    SpotCheck,
)
from ..errors import (
    BAD_CHOICE,
    BAD_CHOICE_MSG,
    BAD_EXPLANATION_STEP,
    BAD_EXPLANATION_STEP_MSG,
    NO_SIGNER,
    NO_SIGNER_MSG,
    NO_TEXT,
    NO_TEXT_MSG,
    NOT_ALLOWED,
    NOT_ALLOWED_MSG,
    NOT_SERVING,
    NOT_SERVING_MSG,
    SPOT_CHECK_FUTURE,
    SPOT_CHECK_FUTURE_MSG,
    SPOT_CHECK_OFF_DUTY,
    SPOT_CHECK_OFF_DUTY_MSG,
)
from ..months import month_bounds
from ..selectors import certified_months
from ..summary import summaries_refresh

COUNTY_OFFICES = (Office.COUNTY_ORG_DEPT, Office.COUNTY_RURAL_BUREAU)


def collection_month(
    *, found_on: datetime.date, policy: rules.Policy | None
) -> tuple[int, int, datetime.date]:
    """ZMD-ABSENT: the month whose collection (due on the summary day) takes an absence found on
    ``found_on``; an absence found after the summary day goes into the next month's."""
    provision = policy.in_force("ZMD-ABSENT") if policy is not None else None
    day = provision.values["summary_day"] if provision is not None else None
    year, month = found_on.year, found_on.month
    if day is None:
        # No city collection under this policy: the explanation is due at the month's end.
        return year, month, month_bounds(year, month)[1]
    if found_on.day > day:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return year, month, datetime.date(year, month, day)


def spot_check_record(
    *,
    actor: User,
    cadre: Cadre,
    at: datetime.datetime,
    method: str,
    result: str,
    note: str = "",
    now: datetime.datetime | None = None,
) -> SpotCheck:
    """查岗 by the township or county offices; an unexcused absence marks the day absent (unless the
    month is certified) and, where ZMD-ABSENT is in force, opens an explanation. A check is recorded
    after it happened, never ahead
    (``now``), and only on a day the cadre served in a team of the actor's jurisdiction: a day outside
    every term of the cadre and a day in another jurisdiction's team are told apart."""
    if actor.office not in (Office.TOWNSHIP_COMMITTEE, *COUNTY_OFFICES) and not actor.is_superuser:
        raise ServiceError(NOT_ALLOWED, NOT_ALLOWED_MSG)
    if method not in SpotCheck.Method.values:
        raise ServiceError(BAD_CHOICE, BAD_CHOICE_MSG.format(value=method), "method")
    if result not in SpotCheck.Result.values:
        raise ServiceError(BAD_CHOICE, BAD_CHOICE_MSG.format(value=result), "result")
    note = clean_text(note, label="查岗情况", field="note")
    now = now or timezone.now()
    if at > now:
        shown = f"{timezone.localtime(at):%Y-%m-%d %H:%M}", f"{timezone.localtime(now):%Y-%m-%d %H:%M}"
        raise ServiceError(SPOT_CHECK_FUTURE, SPOT_CHECK_FUTURE_MSG.format(at=shown[0], now=shown[1]), "at")
    day = timezone.localtime(at).date()
    membership = (
        Membership.objects.for_user(actor)
        .filter(cadre=cadre)
        .active_on(day)
        .select_related("team__village__township__parent")
        .first()
    )
    if membership is None:
        if not Membership.objects.filter(cadre=cadre).active_on(day).exists():
            raise ServiceError(
                SPOT_CHECK_OFF_DUTY, SPOT_CHECK_OFF_DUTY_MSG.format(cadre=cadre.name, day=day), "at"
            )
        raise ServiceError(NOT_SERVING, NOT_SERVING_MSG.format(cadre=cadre.name, day=day), "cadre")
    township = membership.team.village.township
    county = township.parent
    assert county is not None
    with transaction.atomic():
        check = SpotCheck.objects.create(
            cadre=cadre,
            team=membership.team,
            county=county,
            township=township,
            dispatching_unit_id=membership.dispatching_unit_id,
            at=at,
            method=method,
            result=result,
            note=note,
            checked_by=actor,
        )
        if result == SpotCheck.Result.UNEXCUSED:
            try:
                policy = county_policy(county, day)
            except LookupError:
                policy = None
            # The explanation workflow is Zhumadian's (seed 004 第十八条, ZMD-ABSENT): elsewhere the
            # absence is recorded (this check and the absent day) and feeds the policy's own consequence,
            # read back by selectors.unexcused_absences (e.g. QH10-ABSENT). Issue 10, correction 6.
            if policy is not None and unexcused_absence(policy).needs_explanation:
                year, month, due = collection_month(found_on=day, policy=policy)
                AbsenceExplanation.objects.create(
                    spot_check=check,
                    cadre=cadre,
                    county=county,
                    township=township,
                    dispatching_unit_id=membership.dispatching_unit_id,
                    collection_year=year,
                    collection_month=month,
                    due=due,
                )
            if not certified_months([township.pk], [(day.year, day.month)]):
                row = AttendanceDay.objects.select_for_update().filter(cadre=cadre, date=day).first()
                if row is None:
                    AttendanceDay.objects.create(
                        cadre=cadre,
                        date=day,
                        status=AttendanceStatus.ABSENT,
                        team=membership.team,
                        county=county,
                        township=township,
                        source=AttendanceSource.GRID,
                    )
                elif row.status != AttendanceStatus.ABSENT:
                    row.status, row.night_in_village, row.source = (
                        AttendanceStatus.ABSENT,
                        False,
                        AttendanceSource.GRID,
                    )
                    row.save(update_fields=["status", "night_in_village", "source"])
                summaries_refresh(cadre_ids=[cadre.pk], year=day.year, month=day.month)
    return check


def _locked_explanation(explanation: AbsenceExplanation) -> AbsenceExplanation:
    return AbsenceExplanation.objects.select_for_update().get(pk=explanation.pk)


def _step_error(expl: AbsenceExplanation, step: str) -> ServiceError:
    return ServiceError(
        BAD_EXPLANATION_STEP, BAD_EXPLANATION_STEP_MSG.format(state=expl.get_state_display(), step=step)
    )


def explanation_write(*, actor: User, explanation: AbsenceExplanation, text: str) -> AbsenceExplanation:
    """The cadre writes the explanation (and may rewrite it until the unit head has signed)."""
    if actor.office != Office.CADRE or actor.cadre_id != explanation.cadre_id:
        raise ServiceError(NOT_ALLOWED, NOT_ALLOWED_MSG)
    text = clean_text(text, label="情况说明", field="text")
    if not text:
        raise ServiceError(NO_TEXT, NO_TEXT_MSG, "text")
    with transaction.atomic():
        expl = _locked_explanation(explanation)
        if expl.state not in (ExplanationState.PENDING, ExplanationState.WRITTEN):
            raise _step_error(expl, "修改说明")
        expl.text, expl.written_at, expl.state = text, timezone.now(), ExplanationState.WRITTEN
        expl.save(update_fields=["text", "written_at", "state"])
    return expl


def explanation_sign(*, actor: User, explanation: AbsenceExplanation, signer_name: str) -> AbsenceExplanation:
    """The dispatching unit records its head's signature."""
    if (
        actor.office != Office.DISPATCHING_UNIT
        or actor.dispatching_unit_id != explanation.dispatching_unit_id
    ):
        raise ServiceError(NOT_ALLOWED, NOT_ALLOWED_MSG)
    signer_name = clean_text(signer_name, label="签字负责人", limit=32, field="signer_name")
    if not signer_name:
        raise ServiceError(NO_SIGNER, NO_SIGNER_MSG, "signer_name")
    with transaction.atomic():
        expl = _locked_explanation(explanation)
        if expl.state != ExplanationState.WRITTEN:
            raise _step_error(expl, "签字")
        expl.signer_name, expl.signed_by, expl.signed_at = signer_name[:32], actor, timezone.now()
        expl.state = ExplanationState.SIGNED
        expl.save(update_fields=["signer_name", "signed_by", "signed_at", "state"])
    return expl


def explanation_send(*, actor: User, explanation: AbsenceExplanation) -> AbsenceExplanation:
    """The signed explanation is sent to (received by) the county offices."""
    if actor.office not in (Office.TOWNSHIP_COMMITTEE, *COUNTY_OFFICES) and not actor.is_superuser:
        raise ServiceError(NOT_ALLOWED, NOT_ALLOWED_MSG)
    with transaction.atomic():
        expl = _locked_explanation(explanation)
        if expl.state != ExplanationState.SIGNED:
            raise _step_error(expl, "报送")
        expl.sent_by, expl.sent_at, expl.state = actor, timezone.now(), ExplanationState.SENT
        expl.save(update_fields=["sent_by", "sent_at", "state"])
    return expl


def explanations_remind(*, today: datetime.date | None = None) -> int:
    """ZMD-ABSENT reminder (beat, daily): every explanation of a collection due within
    ``EXPLANATION_REMINDER_LEAD_DAYS`` (teams.rules.defaults) and not yet sent is reminded once a day;
    returns how many."""
    today = today or timezone.localdate()
    open_ = (
        AbsenceExplanation.objects.filter(
            due__gte=today,
            due__lte=today + datetime.timedelta(days=rule_defaults.EXPLANATION_REMINDER_LEAD_DAYS),
        )
        .exclude(state=ExplanationState.SENT)
        .exclude(reminded_on=today)
        .select_related("cadre", "county")
    )
    count = 0
    for expl in open_:
        recipients = list(
            User.objects.filter(
                Q(cadre_id=expl.cadre_id)
                | Q(dispatching_unit_id=expl.dispatching_unit_id, office=Office.DISPATCHING_UNIT)
                | Q(region_id=expl.county_id, office=Office.COUNTY_RURAL_BUREAU),
                is_active=True,
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if recipients:
            send_mail(
                subject=f"驻村通：{expl.cadre.name}的不在岗情况说明须于{expl.due:%Y-%m-%d}前报送",
                message=(
                    f"{expl.cadre.name}的不在岗情况说明当前状态：{expl.get_state_display()}。"
                    f"按ZMD-ABSENT，县乡村振兴局应于每月{expl.due.day}日前汇总报市。"
                ),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=recipients,
            )
        count += 1
    AbsenceExplanation.objects.filter(pk__in=[e.pk for e in open_]).update(reminded_on=today)
    return count
