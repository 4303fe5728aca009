"""The one rule for resident ID numbers (公民身份号码): who reads them in full, and the mask everyone
else reads. Every page, export and API that shows an ID number asks ``id_number_for``; every search
that could match on ID digits asks ``id_search_number``.

Who reads an ID number in full:
- the county organisation department (县委组织部), which registers cadres and keeps the roster, and a
  superuser;
- a cadre, their own number.
Everyone else (县乡村振兴局, 乡镇党委, 派出单位, 市委组织部 / 市乡村振兴局, a cadre looking at anyone
else) reads ``410000********1234``: the region code of registration and the last four characters,
enough to tell two people of one name apart, not enough to be used as the number.

Search: a user who may not read full numbers never matches on ID digits (otherwise the masked
digits come back one prefix at a time); a user who may, matches only on a whole valid number, never
on a prefix (a prefix search enumerates the people born on a day in a place).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accounts.models import Office

from . import idcard

if TYPE_CHECKING:
    from .models import Cadre

# Offices that read every ID number of their jurisdiction in full.
FULL_ID_OFFICES = frozenset({Office.COUNTY_ORG_DEPT})


class _System:
    """The reader of a file no user asked for: the Django admin's export (superusers and staff, who
    see full numbers in the admin anyway) and management commands run on the server."""

    is_authenticated = True
    is_superuser = True
    office = ""
    cadre_id = None


SYSTEM: Any = _System()

_SHOWN_HEAD, _SHOWN_TAIL = 6, 4


def mask(number: str) -> str:
    """``410000********1234``: the registration region and the last four characters."""
    if len(number) <= _SHOWN_HEAD + _SHOWN_TAIL:
        return "*" * len(number)
    hidden = len(number) - _SHOWN_HEAD - _SHOWN_TAIL
    return f"{number[:_SHOWN_HEAD]}{'*' * hidden}{number[-_SHOWN_TAIL:]}"


def sees_full_ids(user: Any) -> bool:
    """Whether ``user`` reads every ID number they can reach in full (not only their own)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.office in FULL_ID_OFFICES)


def _own_number(user: Any) -> str | None:
    if user is None or not getattr(user, "cadre_id", None):
        return None
    return str(user.cadre.id_number)  # the cadre is cached on the user after the first read


def id_number_for(user: Any, cadre_or_number: Cadre | str) -> str:
    """The ID number as ``user`` may read it: in full or masked (see the module's rule)."""
    number = cadre_or_number if isinstance(cadre_or_number, str) else cadre_or_number.id_number
    if sees_full_ids(user) or (number and number == _own_number(user)):
        return number
    return mask(number)


def id_search_number(user: Any, q: str) -> str | None:
    """The ID number a search text names, when ``user`` may find a cadre by it: a whole valid number
    (normalised: full-width digits, a lowercase x) for an office that reads full numbers; else None."""
    if not sees_full_ids(user):
        return None
    try:
        return idcard.parse(q).number
    except idcard.InvalidIdNumber:
        return None
