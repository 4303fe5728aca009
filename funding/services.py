"""Writes of the work funds: allocations (county), expenditures (township or the team's cadre) and their
approval (county). Every expenditure takes the WorkFund row lock first, so two expenditures entered at
once are served one after the other and the second sees the first: the balance (allocated − approved −
pending) never goes below zero. Refusals raise ``FundingError``; nothing is half-written."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Office, User
from attendance.leave.services import ATTACHMENT_MAX_MB, validate_attachment
from core import params
from teams.errors import ServiceError
from teams.models import Membership, Team

from . import errors, selectors
from .errors import FundingError
from .models import (
    Expenditure,
    ExpenditureCategory,
    ExpenditureStatus,
    FundAllocation,
    FundSource,
    WorkFund,
)

# An input sanity bound, not a policy value: no single allocation or expenditure of a village work team
# reaches a million yuan (the floors are 10,000 to 20,000 a year; work_funds_min is bounded the same).
AMOUNT_MAX = Decimal(1_000_000)
CENT = Decimal("0.01")
PAYEE_MAX_LENGTH = 100
DOCUMENT_MAX_LENGTH = 100
# The receipt's size limit is the leave attachment's (one checker for every upload of the kind).
RECEIPT_MAX_MB = ATTACHMENT_MAX_MB
DECISIONS = {"approve": ExpenditureStatus.APPROVED, "return": ExpenditureStatus.RETURNED}


def parse_amount(raw: object, *, field: str = "amount") -> Decimal:
    """A positive amount in yuan with at most two decimals, at most AMOUNT_MAX; NaN, infinities,
    negative numbers, zero and text are refused with a Chinese message."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise FundingError(errors.BAD_AMOUNT, errors.AMOUNT_MISSING_MSG, field)
    if isinstance(raw, bool):
        raise FundingError(errors.BAD_AMOUNT, errors.AMOUNT_NOT_NUMBER_MSG.format(value=raw), field)
    text = str(raw).strip()
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        raise FundingError(
            errors.BAD_AMOUNT, errors.AMOUNT_NOT_NUMBER_MSG.format(value=text[:20]), field
        ) from None
    if not value.is_finite():
        raise FundingError(errors.BAD_AMOUNT, errors.AMOUNT_NOT_NUMBER_MSG.format(value=text[:20]), field)
    if value <= 0:
        raise FundingError(errors.BAD_AMOUNT, errors.AMOUNT_NOT_POSITIVE_MSG, field)
    if value > AMOUNT_MAX:
        raise FundingError(errors.BAD_AMOUNT, errors.AMOUNT_TOO_LARGE_MSG.format(high=AMOUNT_MAX), field)
    if value != value.quantize(CENT):
        raise FundingError(errors.BAD_AMOUNT, errors.AMOUNT_PLACES_MSG, field)
    return value.quantize(CENT)


def _check_year(year: int, today: datetime.date) -> None:
    if not isinstance(year, int) or not params.MIN_YEAR <= year <= today.year + 1:
        raise FundingError(
            errors.BAD_YEAR, errors.BAD_YEAR_MSG.format(low=params.MIN_YEAR, high=today.year + 1), "year"
        )


def _check_day(
    day: datetime.date | None, year: int, today: datetime.date, *, what: str, field: str
) -> datetime.date:
    if day is None:
        raise FundingError(errors.BAD_DATE, errors.DATE_MISSING_MSG, field)
    if day.year != year:
        raise FundingError(
            errors.BAD_DATE, errors.DATE_OUTSIDE_YEAR_MSG.format(day=day, year=year, what=what), field
        )
    if day > today:
        raise FundingError(errors.BAD_DATE, errors.DATE_IN_FUTURE_MSG.format(day=day, what=what), field)
    return day


def _in_county(user: User, team: Team) -> bool:
    county_id = team.village.township.parent_id
    return user.is_superuser or (
        user.office == Office.COUNTY_ORG_DEPT and user.region_id is not None and user.region_id == county_id
    )


# --- allocations ------------------------------------------------------------------------------------


def allocation_add(
    *,
    user: User,
    team: Team,
    year: int,
    amount: object,
    source: str,
    allocated_on: datetime.date | None,
    document_number: str = "",
    today: datetime.date | None = None,
) -> FundAllocation:
    """The county organisation department records money allocated to a team's funds for ``year``
    (the team's WorkFund is created with its first allocation)."""
    today = today or timezone.localdate()
    if not _in_county(user, team):
        raise FundingError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_ALLOCATE_MSG)
    _check_year(year, today)
    value = parse_amount(amount)
    if source not in FundSource.values:
        raise FundingError(errors.BAD_SOURCE, errors.BAD_SOURCE_MSG, "source")
    day = _check_day(allocated_on, year, today, what="拨付", field="allocated_on")
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if team.term_start > end or (team.term_end is not None and team.term_end < start):
        raise FundingError(errors.TEAM_NOT_IN_YEAR, errors.TEAM_NOT_IN_YEAR_MSG.format(team=team, year=year))
    number = params.clean_text(
        document_number, label="文号", limit=DOCUMENT_MAX_LENGTH, field="document_number"
    )
    with transaction.atomic():
        fund, _ = WorkFund.objects.get_or_create(team=team, year=year)
        return FundAllocation.objects.create(
            fund=fund,
            amount=value,
            source=source,
            allocated_on=day,
            document_number=number,
            entered_by=user,
        )


# --- expenditures -----------------------------------------------------------------------------------


def may_enter(user: User, fund: WorkFund, today: datetime.date) -> bool:
    """The township committee of the team's township, or a cadre of the team (posted in the fund's year)."""
    if user.is_superuser:
        return True
    team = fund.team
    if user.office == Office.TOWNSHIP_COMMITTEE:
        return user.region_id is not None and user.region_id == team.village.township_id
    if user.office == Office.CADRE and user.cadre_id:
        return (
            Membership.objects.filter(
                team=team, cadre_id=user.cadre_id, start__lte=datetime.date(fund.year, 12, 31)
            )
            .filter(Q(end__isnull=True) | Q(end__gte=datetime.date(fund.year, 1, 1)))
            .exists()
        )
    return False


def _check_receipt(receipt: UploadedFile) -> None:
    # The leave attachment's checker (name, magic bytes, size): one checker for every upload of the kind.
    try:
        validate_attachment(receipt)
    except ServiceError as exc:
        raise FundingError(errors.BAD_RECEIPT, exc.message.replace("附件", "票据"), "receipt") from None


def expenditure_create(
    *,
    user: User,
    fund: WorkFund,
    spent_on: datetime.date | None,
    amount: object,
    category: str,
    payee: str,
    description: str = "",
    receipt: UploadedFile | None = None,
    today: datetime.date | None = None,
) -> Expenditure:
    today = today or timezone.localdate()
    if not may_enter(user, fund, today):
        raise FundingError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_ENTER_MSG)
    value = parse_amount(amount)
    day = _check_day(spent_on, fund.year, today, what="支出", field="spent_on")
    if category not in ExpenditureCategory.values:
        raise FundingError(errors.BAD_CATEGORY, errors.BAD_CATEGORY_MSG, "category")
    payee_text = params.clean_text(payee, label="收款方", limit=PAYEE_MAX_LENGTH, field="payee")
    if not payee_text:
        raise FundingError(errors.PAYEE_MISSING, errors.PAYEE_MISSING_MSG, "payee")
    text = params.clean_text(description, label="用途说明", field="description")
    if receipt is not None:
        _check_receipt(receipt)
    with transaction.atomic():
        # The row lock serialises every expenditure of this fund: the balance read below is final.
        locked = WorkFund.objects.select_for_update().get(pk=fund.pk)
        balance = selectors.fund_totals(locked).balance
        if value > balance:
            raise FundingError(
                errors.OVER_BALANCE, errors.OVER_BALANCE_MSG.format(amount=value, balance=balance), "amount"
            )
        expenditure = Expenditure(
            fund=locked,
            spent_on=day,
            amount=value,
            category=category,
            payee=payee_text,
            description=text,
            entered_by=user,
        )
        if receipt is not None:
            expenditure.receipt = receipt
        expenditure.save()
        return expenditure


def expenditure_decide(
    *,
    user: User,
    expenditure: Expenditure | int,
    decision: str,
    comment: str = "",
    now: datetime.datetime | None = None,
) -> Expenditure:
    """Approve or return a pending expenditure (the county organisation department). A second decision
    (a double click, two clerks) is refused: the row lock makes the second see the first."""
    pk = expenditure.pk if isinstance(expenditure, Expenditure) else expenditure
    if decision not in DECISIONS:
        raise FundingError(errors.BAD_DECISION, errors.BAD_DECISION_MSG, "decision")
    text = params.clean_text(comment, label="审批意见", field="comment")
    if decision == "return" and not text:
        raise FundingError(errors.BAD_DECISION, errors.RETURN_NEEDS_COMMENT_MSG, "comment")
    with transaction.atomic():
        locked = (
            Expenditure.objects.select_for_update(of=("self",))
            .select_related("fund__team__village__township")
            .get(pk=pk)
        )
        if not _in_county(user, locked.fund.team):
            raise FundingError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_DECIDE_MSG)
        if not locked.is_pending:
            raise FundingError(
                errors.ALREADY_DECIDED, errors.ALREADY_DECIDED_MSG.format(status=locked.get_status_display())
            )
        locked.status = DECISIONS[decision]
        locked.decided_by = user
        locked.decided_at = now or timezone.now()
        locked.comment = text
        locked.save(update_fields=["status", "decided_by", "decided_at", "comment"])
        return locked
