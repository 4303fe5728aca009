"""Password rules of 等保 2.0: length 10, three kinds of character of four, none of the last five."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import password_validation as rules
from accounts import services
from accounts.models import PasswordHistory, User
from teams.errors import ServiceError

pytestmark = pytest.mark.django_db


@pytest.fixture
def fast_hashers(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Many password changes in one test: a cheap hasher first (the rules do not depend on it)."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "accounts.hashers.OneTimePasswordHasher",
    ]
    yield


def _codes(password: str, user: User | None = None) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return {e.code for e in exc.error_list if e.code}
    return set()


@pytest.mark.parametrize(
    ("password", "kinds"),
    [
        ("abcdefghij", 1),
        ("abcdefgh12", 2),  # lowercase + digits
        ("ABCDEFGH12", 2),
        ("abcdefgh!?", 2),
        ("abcdefgh²³", 2),  # a superscript digit is "other", not a digit
        ("abcdefgH12", 3),
        ("abcdefgh1!", 3),
        ("Abcdefghi!", 3),
        ("驻村工作队abc12", 3),  # Chinese characters count as "other"
        ("Abcdefgh1!", 4),
    ],
)
def test_character_kinds(password: str, kinds: int) -> None:
    assert rules.character_kinds(password) == kinds


@pytest.mark.parametrize("password", ["abcdefgh12", "ABCDEFGH!!!!", "xyzxyzxyz!!!"])
def test_two_kinds_are_too_simple(password: str) -> None:
    assert rules.PASSWORD_TOO_SIMPLE in _codes(password)


@pytest.mark.parametrize("password", ["Zhucun2026x", "zhucun-2026", "ZHUCUN_2026", "Zhucun-work"])
def test_three_kinds_pass(password: str) -> None:
    assert _codes(password) == set()


def test_nine_characters_are_too_short() -> None:
    assert "password_too_short" in _codes("Zhu-cun26")


def test_ten_characters_are_enough() -> None:
    assert _codes("Zhu-cun202") == set()


def test_the_complexity_message_is_chinese() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_password("abcdefgh12")
    assert rules.PASSWORD_TOO_SIMPLE_MSG.format(kinds=3) in caught.value.messages


def test_the_change_page_states_the_rules(as_user) -> None:  # type: ignore[no-untyped-def]
    body = as_user("cadre").get(reverse("password_change")).content.decode()
    assert (
        rules.PASSWORD_TOO_SIMPLE_MSG.format(kinds=3) in body
        and rules.PASSWORD_REUSED_MSG.format(count=5) in body
    )


# --- no reuse of the last five ----------------------------------------------------------------------

PASSWORDS = [f"Zhucun-{n}-pass" for n in range(7)]


@pytest.fixture
def changed_five_times(fast_hashers) -> User:  # type: ignore[no-untyped-def]
    """A login created with PASSWORDS[0] that then chose PASSWORDS[1] … PASSWORDS[5]."""
    user = User.objects.create_user(username="history-test", password=PASSWORDS[0])
    for password in PASSWORDS[1:6]:
        services.user_password_change(user=user, password=password)
    return user


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_the_last_five_are_refused(changed_five_times: User, n: int) -> None:
    assert rules.PASSWORD_REUSED in _codes(PASSWORDS[n], changed_five_times)


def test_the_sixth_last_is_allowed_again(changed_five_times: User) -> None:
    assert _codes(PASSWORDS[0], changed_five_times) == set()


def test_the_history_keeps_five_hashes(changed_five_times: User) -> None:
    services.user_password_change(user=changed_five_times, password=PASSWORDS[6])
    assert PasswordHistory.objects.filter(user=changed_five_times).count() == 5


def test_the_history_holds_no_password_in_clear(changed_five_times: User) -> None:
    stored = PasswordHistory.objects.filter(user=changed_five_times).values_list("password", flat=True)
    assert not set(stored) & set(PASSWORDS)


def test_a_reused_password_is_refused_by_the_service_in_chinese(changed_five_times: User) -> None:
    with pytest.raises(ServiceError) as caught:
        services.user_password_change(user=changed_five_times, password=PASSWORDS[5])
    assert rules.PASSWORD_REUSED_MSG.format(count=5) in caught.value.message


def test_the_one_time_password_cannot_become_ones_own(fast_hashers, user) -> None:  # type: ignore[no-untyped-def]
    issued = services.user_password_reset(actor=user("county"), user=user("township"))
    assert rules.PASSWORD_REUSED in _codes(issued.password, user("township"))


def test_a_login_without_history_cannot_repeat_its_current_password(fast_hashers) -> None:  # type: ignore[no-untyped-def]
    user = User.objects.create_user(username="no-history", password=PASSWORDS[0])
    PasswordHistory.objects.filter(user=user).delete()
    assert rules.PASSWORD_REUSED in _codes(PASSWORDS[0], user)


def test_changing_via_the_page_refuses_a_recent_password(fast_hashers, client) -> None:  # type: ignore[no-untyped-def]
    user = User.objects.create_user(username="page-history", password=PASSWORDS[0])
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORDS[0], "new_password1": PASSWORDS[0], "new_password2": PASSWORDS[0]},
    )
    assert (
        response.status_code == 200 and rules.PASSWORD_REUSED_MSG.format(count=5) in response.content.decode()
    )
