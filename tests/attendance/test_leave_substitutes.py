"""Substitute approvers (代理审批人): a stand-in lies inside the jurisdiction of the office it stands in
for, for a bounded period; the form offers no one else; a row that breaks the rules grants nothing.

The only stand-ins with something to add are users of the same office posted below the principal's
region: ``county_wgy`` is a 西平县委组织部 user posted to 五沟营镇, ``bureau_wgy`` likewise for the bureau.
Everyone else of the same office and jurisdiction decides already, and everyone outside it must not.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import Office, User
from attendance.leave import errors, selectors, services
from attendance.leave.errors import ServiceError
from attendance.leave.forms import SubstituteForm
from attendance.models import SUBSTITUTE_MAX_DAYS, LeaveRequest, LeaveStatus, SubstituteApprover
from teams.models import DispatchingUnit, Region
from tests.clock import TODAY

from .helpers import day, decide, free_cadre, submit, user

pytestmark = pytest.mark.django_db

WUGOUYING = "411721101"  # 西平县五沟营镇
QUANZHAI = "411721102"  # 西平县权寨镇
KONGCUN = "370124103"  # 平阴县孔村镇


def regional(username: str, office: str, code: str) -> User:
    return User.objects.create(username=username, office=office, region=Region.objects.get(code=code))


def unit_user(username: str, unit: str) -> User:
    return User.objects.create(
        username=username,
        office=Office.DISPATCHING_UNIT,
        dispatching_unit=DispatchingUnit.objects.get(name=unit),
    )


@pytest.fixture
def county_wgy() -> User:
    return regional("county_wgy", Office.COUNTY_ORG_DEPT, WUGOUYING)


def quanzhai_joint() -> LeaveRequest:
    """9 days in 权寨镇: county, bureau and unit decide; ``county_wgy`` (五沟营镇) does not reach it."""
    User.objects.get_or_create(
        username="township_qz",
        defaults={"office": Office.TOWNSHIP_COMMITTEE, "region": Region.objects.get(code=QUANZHAI)},
    )
    leave = submit(by="township_qz", cadre=free_cadre("权寨镇"), start=20, end=28)
    assert "county_org_dept" in leave.awaiting
    return leave


def pingyin_short() -> LeaveRequest:
    """2 days in 孔村镇: 平阴县's township committee (``township2``) decides alone."""
    leave = submit(by="township2", cadre=free_cadre("孔村镇"), start=20, end=21)
    assert leave.awaiting == ["township_committee"]
    return leave


# --- naming: the service ----------------------------------------------------------------------


def test_a_county_office_names_its_user_posted_to_a_township(county_wgy: User) -> None:
    leave = quanzhai_joint()
    assert selectors.decision_capacity(county_wgy, leave, TODAY) is None
    assert leave not in selectors.inbox(county_wgy)
    services.substitute_name(
        actor=user("county"), substitute=county_wgy, start=day(0), end=day(30), reason="部长外出学习"
    )
    assert leave in selectors.inbox(county_wgy)
    assert county_wgy in selectors.office_users("county_org_dept", leave, TODAY)
    decided = services.leave_request_decide(actor=county_wgy, leave=leave, decision="approve", comment="同意")
    decision = decided.decisions.get(office="county_org_dept")
    assert decision.user == county_wgy and decision.on_behalf_of == user("county")


def test_a_substitution_ends_with_its_period_or_when_revoked(county_wgy: User) -> None:
    leave = quanzhai_joint()
    naming = services.substitute_name(actor=user("county"), substitute=county_wgy, start=day(0), end=day(3))
    assert selectors.decision_capacity(county_wgy, leave, day(3)) is not None
    assert selectors.decision_capacity(county_wgy, leave, day(4)) is None
    services.substitute_revoke(actor=user("county"), substitution=naming)
    with pytest.raises(ServiceError) as refused:
        decide(leave, "county_wgy")
    assert refused.value.code == errors.NOT_AWAITED


# Stand-ins created by ``others`` for the cases below (office, jurisdiction).
OTHERS: dict[str, tuple[str, str]] = {
    "county_wgy": (Office.COUNTY_ORG_DEPT, WUGOUYING),
    "bureau_wgy": (Office.COUNTY_RURAL_BUREAU, WUGOUYING),
    "county_kc": (Office.COUNTY_ORG_DEPT, KONGCUN),  # 平阴县孔村镇, another province
    "township_qz": (Office.TOWNSHIP_COMMITTEE, QUANZHAI),  # another township of 西平县
    "township_wgy": (Office.TOWNSHIP_COMMITTEE, WUGOUYING),  # a colleague of ``township``
    "county_xp": (Office.COUNTY_ORG_DEPT, "411721"),  # a colleague of ``county``
}
UNITS = {"unit_edu": "西平县教育局", "unit_hospital": "西平县人民医院"}


@pytest.fixture
def others() -> None:
    for username, (office, code) in OTHERS.items():
        regional(username, office, code)
    for username, unit in UNITS.items():
        unit_user(username, unit)


@pytest.mark.parametrize(
    ("principal", "substitute", "code"),
    [
        # The reported bug: 西平县's and 平阴县's offices named each other.
        ("township2", "township", errors.SUBSTITUTE_JURISDICTION),
        ("township", "township2", errors.SUBSTITUTE_JURISDICTION),
        ("county", "county2", errors.SUBSTITUTE_JURISDICTION),
        ("county2", "county", errors.SUBSTITUTE_JURISDICTION),
        ("county", "county_kc", errors.SUBSTITUTE_JURISDICTION),
        ("township", "township_qz", errors.SUBSTITUTE_JURISDICTION),
        ("unit", "unit_hospital", errors.SUBSTITUTE_JURISDICTION),
        # Inside the jurisdiction but deciding already.
        ("township", "township_wgy", errors.SUBSTITUTE_REDUNDANT),
        ("unit", "unit_edu", errors.SUBSTITUTE_REDUNDANT),
        ("county", "county_xp", errors.SUBSTITUTE_REDUNDANT),
        # Inside and adding something.
        ("county", "county_wgy", None),
        ("bureau", "bureau_wgy", None),
        # Who may name at all, and whom.
        ("county", "bureau_wgy", errors.SUBSTITUTE_OFFICE),
        ("township2", "county2", errors.SUBSTITUTE_OFFICE),
        ("township2", "township2", errors.SUBSTITUTE_SELF),
        ("city", "county", errors.NOT_ALLOWED),
        ("cadre", "township", errors.NOT_ALLOWED),
    ],
)
def test_substitute_rules(others: None, principal: str, substitute: str, code: str | None) -> None:
    def name() -> SubstituteApprover:
        return services.substitute_name(
            actor=user(principal), substitute=user(substitute), start=day(0), end=day(1)
        )

    if code is None:
        assert name().substitute == user(substitute)
        return
    with pytest.raises(ServiceError) as refused:
        name()
    assert refused.value.code == code
    assert not SubstituteApprover.objects.filter(principal=user(principal)).exists()


def test_the_refusal_names_the_jurisdiction() -> None:
    with pytest.raises(ServiceError) as refused:
        services.substitute_name(
            actor=user("township2"), substitute=user("township"), start=day(0), end=day(1)
        )
    assert refused.value.message == errors.SUBSTITUTE_JURISDICTION_MSG.format(jurisdiction="孔村镇")
    assert refused.value.field == "substitute"


LONGEST = SUBSTITUTE_MAX_DAYS - 1  # end - start of the longest period


@pytest.mark.parametrize(
    ("start", "end", "code", "field"),
    [
        (TODAY, TODAY, None, None),  # one day
        (TODAY, TODAY + datetime.timedelta(days=LONGEST), None, None),
        (TODAY + datetime.timedelta(days=30), TODAY + datetime.timedelta(days=30 + LONGEST), None, None),
        (TODAY, TODAY + datetime.timedelta(days=LONGEST + 1), errors.SUBSTITUTE_TOO_LONG, "end"),
        (TODAY, datetime.date(9999, 12, 31), errors.SUBSTITUTE_TOO_LONG, "end"),
        (datetime.date(1, 1, 1), datetime.date(9999, 12, 31), errors.SUBSTITUTE_STARTS_IN_PAST, "start"),
        (
            TODAY - datetime.timedelta(days=1),
            TODAY + datetime.timedelta(days=5),
            errors.SUBSTITUTE_STARTS_IN_PAST,
            "start",
        ),
        (
            TODAY + datetime.timedelta(days=5),
            TODAY + datetime.timedelta(days=4),
            errors.SUBSTITUTE_DATES,
            "end",
        ),
    ],
)
def test_the_period_starts_today_or_later_and_lasts_at_most_a_year(
    county_wgy: User, start: datetime.date, end: datetime.date, code: str | None, field: str | None
) -> None:
    def name() -> SubstituteApprover:
        return services.substitute_name(
            actor=user("county"), substitute=county_wgy, start=start, end=end, today=TODAY
        )

    if code is None:
        row = name()
        assert (row.start, row.end) == (start, end)
        return
    with pytest.raises(ServiceError) as refused:
        name()
    assert (refused.value.code, refused.value.field) == (code, field)
    assert not SubstituteApprover.objects.filter(substitute=county_wgy).exists()


def test_a_year_is_366_days() -> None:
    assert SUBSTITUTE_MAX_DAYS == 366
    assert (
        errors.SUBSTITUTE_TOO_LONG_MSG.format(days=SUBSTITUTE_MAX_DAYS)
        == "代理期间不能超过366个自然日（含首尾两日）"
    )


# --- naming: the form offers only eligible users --------------------------------------------


def offered(username: str) -> list[str]:
    form = SubstituteForm(user=user(username))
    queryset = form.fields["substitute"].queryset  # type: ignore[attr-defined]
    return [u.username for u in queryset]


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("county", ["county_wgy"]),
        ("bureau", ["bureau_wgy"]),
        ("county2", ["county_kc"]),  # 平阴县's own user posted to 孔村镇
        ("township", []),
        ("township2", []),
        ("unit", []),
    ],
)
def test_the_form_offers_only_eligible_users(others: None, username: str, expected: list[str]) -> None:
    assert offered(username) == expected


def test_the_form_refuses_a_user_of_another_county(county_wgy: User) -> None:
    data = {"substitute": user("county2").pk, "start": day(0).isoformat(), "end": day(3).isoformat()}
    form = SubstituteForm(data, user=user("county"))
    assert not form.is_valid()
    assert list(form.errors) == ["substitute"]
    form = SubstituteForm({**data, "substitute": county_wgy.pk}, user=user("county"))
    assert form.is_valid(), form.errors


# --- rows that break the rules grant nothing --------------------------------------------------


def _row(office: str, principal: str, substitute: str, **kwargs: Any) -> SubstituteApprover:
    fields: dict[str, Any] = {"start": TODAY, "end": TODAY + datetime.timedelta(days=3), **kwargs}
    return SubstituteApprover.objects.create(
        office=office, principal=user(principal), substitute=user(substitute), **fields
    )


def _another_county() -> tuple[SubstituteApprover, LeaveRequest]:
    # The reported row: 平阴县孔村镇's committee named 西平县五沟营镇's committee.
    leave = pingyin_short()
    row = _row(Office.TOWNSHIP_COMMITTEE, "township2", "township", region=Region.objects.get(code=KONGCUN))
    return row, leave


def _another_province_county_office() -> tuple[SubstituteApprover, LeaveRequest]:
    regional("county_kc", Office.COUNTY_ORG_DEPT, KONGCUN)
    leave = quanzhai_joint()
    return _row(
        Office.COUNTY_ORG_DEPT, "county", "county_kc", region=Region.objects.get(code="411721")
    ), leave


def _forever() -> tuple[SubstituteApprover, LeaveRequest]:
    regional("county_wgy", Office.COUNTY_ORG_DEPT, WUGOUYING)
    leave = quanzhai_joint()
    row = _row(
        Office.COUNTY_ORG_DEPT,
        "county",
        "county_wgy",
        region=Region.objects.get(code="411721"),
        start=datetime.date(1, 1, 1),
        end=datetime.date(9999, 12, 31),
    )
    return row, leave


def _principal_of_another_county() -> tuple[SubstituteApprover, LeaveRequest]:
    # 平阴县's org dept "delegating" 西平县: it never held that jurisdiction.
    regional("county_wgy", Office.COUNTY_ORG_DEPT, WUGOUYING)
    leave = quanzhai_joint()
    return _row(
        Office.COUNTY_ORG_DEPT, "county2", "county_wgy", region=Region.objects.get(code="411721")
    ), leave


def _another_unit() -> tuple[SubstituteApprover, LeaveRequest]:
    unit_user("unit_hospital", "西平县人民医院")
    leave = submit(cadre=free_cadre(unit="西平县教育局"), start=20, end=28)
    assert "dispatching_unit" in leave.awaiting
    row = _row(
        Office.DISPATCHING_UNIT,
        "unit",
        "unit_hospital",
        dispatching_unit=DispatchingUnit.objects.get(name="西平县教育局"),
    )
    return row, leave


BAD_ROWS: dict[str, Callable[[], tuple[SubstituteApprover, LeaveRequest]]] = {
    "another_county": _another_county,
    "another_province_county_office": _another_province_county_office,
    "forever": _forever,
    "principal_of_another_county": _principal_of_another_county,
    "another_unit": _another_unit,
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_a_row_that_breaks_the_rules_grants_nothing(as_user: Callable[[str], Any], case: str) -> None:
    row, leave = BAD_ROWS[case]()
    stand_in = row.substitute
    assert not SubstituteApprover.objects.active_on(TODAY).filter(pk=row.pk).exists()
    assert not LeaveRequest.objects.for_user(stand_in).filter(pk=leave.pk).exists()
    assert leave not in selectors.inbox(stand_in)
    assert selectors.decision_capacity(stand_in, leave, TODAY) is None
    assert stand_in not in selectors.office_users(row.office, leave, TODAY)
    client = as_user(stand_in.username)
    assert client.get(leave.get_absolute_url()).status_code == 404
    inbox_page = client.get(reverse("attendance:leave_list"), {"view": "inbox"})
    assert inbox_page.status_code == 200 and leave.get_absolute_url() not in inbox_page.content.decode()
    decide_url = reverse("attendance:leave_decide", args=[leave.pk])
    assert client.post(decide_url, {"decision": "approve", "comment": "同意"}).status_code == 404
    with pytest.raises(ServiceError) as refused:
        services.leave_request_decide(actor=stand_in, leave=leave, decision="approve", comment="同意")
    assert refused.value.code == errors.NOT_AWAITED
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.PENDING and not leave.decisions.exists()


# --- the page --------------------------------------------------------------------------------


def test_the_page_names_a_stand_in(as_user: Callable[[str], Any], county_wgy: User) -> None:
    response = as_user("county").post(
        reverse("attendance:substitute_list"),
        {
            "substitute": county_wgy.pk,
            "start": day(0).isoformat(),
            "end": day(5).isoformat(),
            "reason": "外出学习",
        },
    )
    assert response.status_code == 302
    assert SubstituteApprover.objects.filter(principal=user("county"), substitute=county_wgy).count() == 1
    assert "外出学习" in as_user("county_wgy").get(reverse("attendance:substitute_list")).content.decode()
    assert "外出学习" not in as_user("county2").get(reverse("attendance:substitute_list")).content.decode()


def test_the_page_refuses_a_period_longer_than_a_year(
    as_user: Callable[[str], Any], county_wgy: User
) -> None:
    response = as_user("county").post(
        reverse("attendance:substitute_list"),
        {
            "substitute": county_wgy.pk,
            "start": day(0).isoformat(),
            "end": day(SUBSTITUTE_MAX_DAYS).isoformat(),
        },
    )
    assert response.status_code == 200
    assert errors.SUBSTITUTE_TOO_LONG_MSG.format(days=SUBSTITUTE_MAX_DAYS) in response.content.decode()
    assert not SubstituteApprover.objects.filter(substitute=county_wgy).exists()


def test_a_township_has_no_one_to_name(as_user: Callable[[str], Any]) -> None:
    client = as_user("township2")
    page = client.get(reverse("attendance:substitute_list")).content.decode()
    assert "没有可指定的代理审批人" in page and 'name="substitute"' not in page
    response = client.post(
        reverse("attendance:substitute_list"),
        {"substitute": user("township").pk, "start": day(0).isoformat(), "end": day(5).isoformat()},
    )
    assert response.status_code == 200
    assert not SubstituteApprover.objects.filter(principal=user("township2")).exists()


def test_a_bad_row_is_listed_as_void_and_is_404_to_the_other_county(as_user: Callable[[str], Any]) -> None:
    row, _ = _another_county()
    assert (
        "不符合规定，不生效"
        in as_user("township2").get(reverse("attendance:substitute_list")).content.decode()
    )
    page = as_user("township").get(reverse("attendance:substitute_list")).content.decode()
    assert "孔村镇" not in page
    revoke = reverse("attendance:substitute_revoke", args=[row.pk])
    assert as_user("township").post(revoke).status_code == 404
    assert as_user("county").post(revoke).status_code == 404
    row.refresh_from_db()
    assert row.revoked_at is None
    # Its own office can still revoke it.
    assert as_user("township2").post(revoke).status_code == 302
    row.refresh_from_db()
    assert row.revoked_at is not None


def test_a_substitution_is_404_to_another_county(as_user: Callable[[str], Any], county_wgy: User) -> None:
    row = services.substitute_name(actor=user("county"), substitute=county_wgy, start=day(0), end=day(2))
    revoke = reverse("attendance:substitute_revoke", args=[row.pk])
    for username in ("county2", "township2"):
        assert as_user(username).post(revoke).status_code == 404
    # The bureau sees its county's substitutions, and the stand-in its own, but neither may revoke.
    for username in ("bureau", "county_wgy"):
        assert as_user(username).post(revoke).status_code == 302
    row.refresh_from_db()
    assert row.revoked_at is None
    assert as_user("county").post(revoke).status_code == 302
    row.refresh_from_db()
    assert row.revoked_at is not None
