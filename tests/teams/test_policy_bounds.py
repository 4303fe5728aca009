"""County settings have a type and a range declared in ``teams.rules`` (issue 16, item 4).

The form and ``policy_override_set`` refuse a value outside the range (NaN, infinity, 1e309 included)
with a Chinese message naming it; a value stored before the range existed is ignored when read (the
previous setting, or the document's value, stays in force) and the settings page marks it, never a 500.

西平县 (county) follows Zhumadian: its leave threshold (ZMD-LEAVE, 7 days) and living allowance
(ZMD-ALLOWANCE) are the county's to set. 平阴县 (county2) follows Jinan: its work funds floor (JN-FUNDS).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from attendance.models import LeaveRequest
from teams import errors
from teams.county_policy import county_policy
from teams.models import PolicyOverride, Region
from teams.overrides import policy_override_set
from teams.rules.config import (
    CONFIG_BY_KEY,
    CONFIG_KEYS,
    NOT_HALF_DAY_MSG,
    NOT_INTEGER_MSG,
    NOT_NUMBER_MSG,
    OUT_OF_RANGE_MSG,
    TOO_MANY_PLACES_MSG,
)
from tests.builders import make_posting
from tests.clock import TODAY

from ..attendance.helpers import submit

pytestmark = pytest.mark.django_db

HOSTILE = ["NaN", "nan", "inf", "-Infinity", "1e309", "sNaN", "9" * 40]


def county(key: str) -> Region:
    return Region.objects.get(name="平阴县" if key == "work_funds_min" else "西平县")


def actor(user: Any, key: str) -> Any:
    return user("county2" if key == "work_funds_min" else "county")


def set_value(user: Any, key: str, value: Any) -> PolicyOverride:
    row, _ = policy_override_set(
        actor=actor(user, key), county=county(key), key=key, value=value, reason="县委决定"
    )
    return row


def refusal(user: Any, key: str, value: Any) -> str:
    before = PolicyOverride.objects.count()
    with pytest.raises(errors.ServiceError) as caught:
        set_value(user, key, value)
    assert caught.value.code == errors.POLICY_BAD_VALUE
    assert PolicyOverride.objects.count() == before, "a refused value writes nothing"
    return caught.value.message


def names(key: str) -> dict[str, str]:
    config = CONFIG_BY_KEY[key]
    low, high = config.range_text().split("至")
    return {"label": config.label, "low": low, "high": high}


def test_every_number_key_declares_its_range() -> None:
    for config in CONFIG_KEYS:
        assert (config.bounds is None) == (config.type == "bool"), config.key


@pytest.mark.parametrize(
    ("key", "value", "stored"),
    [
        ("leave_threshold_days", "0.5", "0.5"),
        ("leave_threshold_days", "30", "30"),
        ("living_allowance_per_day", "0", "0"),
        ("living_allowance_per_day", "1000", "1000"),
        ("living_allowance_per_day", "99.99", "99.99"),
        ("work_funds_min", "1000000", 1000000),
    ],
)
def test_a_value_on_the_boundary_is_accepted(user: Any, key: str, value: str, stored: Any) -> None:
    assert set_value(user, key, value).value == stored


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("leave_threshold_days", "0", NOT_HALF_DAY_MSG),
        ("leave_threshold_days", "30.5", NOT_HALF_DAY_MSG),
        ("leave_threshold_days", "10000", NOT_HALF_DAY_MSG),
        ("living_allowance_per_day", "-0.01", OUT_OF_RANGE_MSG),
        ("living_allowance_per_day", "1000.01", OUT_OF_RANGE_MSG),
        ("living_allowance_per_day", "50.005", TOO_MANY_PLACES_MSG),
        ("work_funds_min", "1000001", NOT_INTEGER_MSG),
        ("work_funds_min", "19999", None),  # JN-FUNDS has no floor: accepted (control)
    ],
)
def test_a_value_just_outside_the_range_is_refused_naming_it(
    user: Any, key: str, value: str, message: str | None
) -> None:
    if message is None:
        assert set_value(user, key, value).value == int(value)
        return
    assert refusal(user, key, value) == message.format(places=CONFIG_BY_KEY[key].places, **names(key))


@pytest.mark.parametrize("key", ["leave_threshold_days", "living_allowance_per_day", "work_funds_min"])
@pytest.mark.parametrize("value", [*HOSTILE, float("nan"), float("inf"), 1e308 * 10])
def test_nan_infinity_and_huge_numbers_are_refused(user: Any, key: str, value: Any) -> None:
    message = refusal(user, key, value)
    assert names(key)["low"] in message and names(key)["high"] in message


def test_the_form_refuses_1e309_with_the_range_and_writes_nothing(as_user: Any) -> None:
    url = reverse(
        "teams:policy_override", args=[county("living_allowance_per_day").pk, "living_allowance_per_day"]
    )
    before = PolicyOverride.objects.count()

    response = as_user("county").post(url, {"value": "1e309", "reason": "县委决定"})

    assert response.status_code == 200
    assert OUT_OF_RANGE_MSG.format(**names("living_allowance_per_day")) in response.content.decode()
    assert PolicyOverride.objects.count() == before


def test_the_form_states_the_range(as_user: Any) -> None:
    url = reverse("teams:policy_override", args=[county("leave_threshold_days").pk, "leave_threshold_days"])
    assert "范围：0.5至30" in as_user("county").get(url).content.decode()


def stored_bad(user: Any, key: str, value: Any) -> PolicyOverride:
    """A row written before the range existed (or by hand), bypassing the service."""
    config = CONFIG_BY_KEY[key]
    provision = next(iter(config.provisions["zhumadian" if key != "work_funds_min" else "jinan"]))
    return PolicyOverride.objects.create(
        county=county(key),
        key=key,
        provision=provision,
        value=value,
        reason="旧数据",
        created_by=actor(user, key),
    )


@pytest.mark.parametrize("value", ["10000", "1E+309", "Infinity", "NaN"])
def test_a_stored_bad_threshold_is_ignored_and_the_previous_one_stays(user: Any, value: str) -> None:
    set_value(user, "leave_threshold_days", "5")
    stored_bad(user, "leave_threshold_days", value)

    policy = county_policy(county("leave_threshold_days"), TODAY)

    assert policy.provision("ZMD-LEAVE").values["threshold_days"] == Decimal(5)


def test_a_stored_bad_allowance_falls_back_to_the_document(user: Any) -> None:
    stored_bad(user, "living_allowance_per_day", "1E+309")
    policy = county_policy(county("living_allowance_per_day"), TODAY)
    assert policy.provision("ZMD-ALLOWANCE").values["living_allowance_per_day"] is None


def test_pages_still_answer_with_a_stored_bad_value_and_the_page_marks_it(user: Any, as_user: Any) -> None:
    stored_bad(user, "leave_threshold_days", "1E+309")

    assert as_user("township").get(reverse("attendance:leave_list")).status_code == 200
    page = as_user("county").get(reverse("teams:policy_detail", args=[county("leave_threshold_days").pk]))

    assert page.status_code == 200
    assert "未生效：" + NOT_HALF_DAY_MSG.format(**names("leave_threshold_days")) in page.content.decode()


def test_a_leave_is_routed_by_the_document_when_the_stored_threshold_is_bad(user: Any) -> None:
    stored_bad(user, "leave_threshold_days", "10000")
    leave = submit(cadre=make_posting("李楼村").cadre, start=20, end=25)  # 6 days: under ZMD's 7
    assert leave.route_threshold == Decimal(7) and leave.approvers == ["township_committee"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_no_numeric_overflow_on_postgres_from_a_stored_10000(postgres: None, user: Any) -> None:
    """NUMERIC(5, 1) holds no 10000: the service refuses it, and one stored earlier is not applied."""
    assert refusal(user, "leave_threshold_days", "10000") == NOT_HALF_DAY_MSG.format(
        **names("leave_threshold_days")
    )
    stored_bad(user, "leave_threshold_days", "10000")

    leave = submit(cadre=make_posting("李楼村").cadre, start=20, end=25)

    assert LeaveRequest.objects.get(pk=leave.pk).route_threshold == Decimal(7)


def test_not_a_number_names_the_range(user: Any) -> None:
    assert refusal(user, "leave_threshold_days", "abc") == NOT_NUMBER_MSG.format(
        **names("leave_threshold_days")
    )
