import datetime

import pytest

from teams import idcard

VALID = "11010519491231002X"


def test_it_accepts_a_valid_number() -> None:
    facts = idcard.parse(VALID)
    assert (facts.birth_date, facts.sex, facts.region_code) == (datetime.date(1949, 12, 31), "F", "110105")


def test_it_uppercases_a_lowercase_check_x() -> None:
    assert idcard.parse(VALID.lower()).number == VALID


def test_it_normalises_full_width_digits_and_spaces() -> None:
    assert idcard.parse(" １１０１０５ １９４９１２３１００２Ｘ ").number == VALID


@pytest.mark.parametrize(
    ("raw", "message_start"),
    [
        ("110105194912310021", "身份证号校验位错误"),
        ("11010519491231002", "身份证号应为18位"),
        ("110105491231002", "这是15位旧身份证号"),
        ("11010519491331002X", "身份证号中的出生日期"),
        ("11010519491231A02X", "身份证号前17位应为数字"),
        ("", "请填写身份证号"),
        (1.10105194912310e17, "身份证号被Excel存成了数字"),
        ("1.10105194912310E+17", "身份证号被Excel存成了数字"),
    ],
)
def test_it_refuses_a_bad_number_in_chinese(raw: object, message_start: str) -> None:
    with pytest.raises(idcard.InvalidIdNumber) as exc:
        idcard.parse(raw)
    assert str(exc.value).startswith(message_start)


def test_check_digit_message_names_the_expected_digit() -> None:
    with pytest.raises(idcard.InvalidIdNumber, match="应为X，实为1"):
        idcard.parse("110105194912310021")


@pytest.mark.parametrize("sex", ["M", "F"])
def test_make_builds_valid_numbers_of_the_given_sex(sex: str) -> None:
    number = idcard.make("411721", datetime.date(1990, 2, 28), 42, sex)
    assert idcard.parse(number).sex == sex
