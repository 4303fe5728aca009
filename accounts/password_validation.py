"""Password rules of 等保 2.0 beyond Django's own (length 10, not common, not all digits, not like the
user's name), listed in ``AUTH_PASSWORD_VALIDATORS``:

- complexity: at least three of four kinds of character — lowercase letters, uppercase letters, digits,
  other characters (punctuation, spaces, Chinese characters…);
- no reuse: a new password may not be any of the user's last five (the current one included).

Django calls ``validate`` wherever a person chooses a password (the password change page, the admin) and
``password_changed`` after every save of a new password, whoever set it (``set_password`` + ``save``): so the
history also holds one-time passwords and the demo's passwords, and nothing can skip recording it.
Passwords set with ``set_password`` directly (the demo world, one-time passwords) are not validated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from accounts.models import User

COMPLEXITY_MIN_KINDS = 3
HISTORY_COUNT = 5

PASSWORD_TOO_SIMPLE = "password_too_simple"
PASSWORD_TOO_SIMPLE_MSG = "密码须至少包含小写字母、大写字母、数字、其他符号中的{kinds}种"
PASSWORD_REUSED = "password_reused"
PASSWORD_REUSED_MSG = "新密码不能与最近{count}次使用过的密码相同"

_ASCII_DIGITS = frozenset("0123456789")


def character_kinds(password: str) -> int:
    """How many of the four kinds the password uses. A character that is neither a cased letter nor an
    ASCII digit (a symbol, a space, a Chinese character, a superscript digit) counts as "other"."""
    lower = upper = digit = other = False
    for ch in password:
        if ch in _ASCII_DIGITS:
            digit = True
        elif ch.islower():
            lower = True
        elif ch.isupper():
            upper = True
        else:
            other = True
    return lower + upper + digit + other


class ComplexityValidator:
    def __init__(self, min_kinds: int = COMPLEXITY_MIN_KINDS) -> None:
        self.min_kinds = min_kinds

    def validate(self, password: str, user: Any = None) -> None:
        if character_kinds(password) < self.min_kinds:
            raise ValidationError(
                PASSWORD_TOO_SIMPLE_MSG.format(kinds=self.min_kinds),
                code=PASSWORD_TOO_SIMPLE,
            )

    def get_help_text(self) -> str:
        return PASSWORD_TOO_SIMPLE_MSG.format(kinds=self.min_kinds) + "。"


class PasswordHistoryValidator:
    """Refuses the last ``count`` passwords and keeps exactly that many hashes per user."""

    def __init__(self, count: int = HISTORY_COUNT) -> None:
        self.count = count

    def _recent_hashes(self, user: User) -> list[str]:
        from accounts.models import PasswordHistory

        hashes = list(
            PasswordHistory.objects.filter(user=user)
            .order_by("-id")
            .values_list("password", flat=True)[: self.count]
        )
        # A login whose password was set before the history existed: its current password still counts.
        if not hashes and user.password:
            hashes.append(user.password)
        return hashes

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or getattr(user, "pk", None) is None:
            return
        if any(check_password(password, encoded) for encoded in self._recent_hashes(user)):
            raise ValidationError(PASSWORD_REUSED_MSG.format(count=self.count), code=PASSWORD_REUSED)

    def password_changed(self, password: str, user: Any = None) -> None:
        from accounts.models import PasswordHistory

        if user is None or getattr(user, "pk", None) is None or not user.password:
            return
        PasswordHistory.objects.create(user=user, password=user.password)
        stale = PasswordHistory.objects.filter(user=user).order_by("-id")[self.count :]
        PasswordHistory.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()

    def get_help_text(self) -> str:
        return PASSWORD_REUSED_MSG.format(count=self.count) + "。"
