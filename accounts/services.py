"""Writes on logins: the county organisation department's account pages and a user's own password.

Each service is keyword-only, checks with a Chinese message first (``accounts.errors``) and runs in one
transaction; a refused write writes nothing. Every change is a plain ``save()`` of one ``User`` — never a
queryset ``update()`` or ``bulk_create()`` — so the audit trail (django-auditlog on ``User``) sees each.

One-time passwords: a created or reset login gets a random password that the county reads once and hands
over; the login must choose its own at the first sign-in (``User.must_change_password``, enforced by
``accounts.middleware``). Nobody ever types a password for someone else, and a login is never deleted
(deactivated instead), so its history stays attached to it.
"""

from __future__ import annotations

import datetime
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from teams.choices import RegionLevel
from teams.errors import ServiceError
from teams.models import Cadre, DispatchingUnit, Membership, Region

from . import errors
from .hashers import OneTimePasswordHasher
from .models import Office, User
from .password_validation import COMPLEXITY_MIN_KINDS, character_kinds
from .selectors import (
    MANAGED_OFFICES,
    assignable_cadres,
    assignable_units,
    manageable_users,
    managed_county,
    serving_cadres_without_login,
)

NAME_MAX_LENGTH = 150  # AbstractUser's first_name / last_name / username

# Generated usernames: the county's six-digit division code and a sequence, "411721-0001". A county can
# hand them out in the order of its sheet, they say nothing about the person, and they never collide
# across counties.
_GENERATED_USERNAME = "{code}-{n:04d}"

# One-time passwords: no 0/O, 1/l/I, so they can be read out over the phone.
ONE_TIME_PASSWORD_LENGTH = 12
_ALPHABET = "abcdefghijkmnpqrstuvwxyz" + "ABCDEFGHJKLMNPQRSTUVWXYZ" + "23456789"


@dataclass(frozen=True)
class IssuedPassword:
    """A login and the one-time password it was just given: shown once, never stored in clear."""

    user: User
    password: str
    posting: Membership | None = None  # bulk cadre logins: where the cadre serves, for the sheet


def one_time_password() -> str:
    while True:
        candidate = "".join(secrets.choice(_ALPHABET) for _ in range(ONE_TIME_PASSWORD_LENGTH))
        if character_kinds(candidate) >= COMPLEXITY_MIN_KINDS:
            return candidate


def _require_manager(actor: User) -> Region:
    county = managed_county(actor)
    if county is None:
        raise ServiceError(errors.NOT_ACCOUNT_MANAGER, errors.NOT_ACCOUNT_MANAGER_MSG)
    return county


def _require_manageable(actor: User, user: User) -> None:
    if not manageable_users(actor).filter(pk=user.pk).exists():
        raise ServiceError(errors.USER_NOT_MANAGED, errors.USER_NOT_MANAGED_MSG)


@contextmanager
def _atomic() -> Iterator[None]:
    """One transaction; a unique index lost to a concurrent write is the service's message, not a 500."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        raise ServiceError(errors.ACCOUNTS_CONCURRENT, errors.ACCOUNTS_CONCURRENT_MSG) from exc


def _give_one_time_password(user: User) -> str:
    """Set a fresh one-time password on ``user`` (saved by the caller, then ``_record``)."""
    password = one_time_password()
    user.password = make_password(password, hasher=OneTimePasswordHasher())
    user.must_change_password = True
    return password


def _record(user: User, password: str) -> None:
    """The password history takes one-time passwords too, so nobody keeps the one the county has seen."""
    password_validation.password_changed(password, user)


def _check_names(person_name: str, office_description: str) -> tuple[str, str]:
    person_name, office_description = person_name.strip(), office_description.strip()
    for value, what, field in (
        (person_name, "姓名", "person_name"),
        (office_description, "单位与职务", "office_description"),
    ):
        if len(value) > NAME_MAX_LENGTH:
            raise ServiceError(
                errors.FIELD_TOO_LONG, errors.FIELD_TOO_LONG_MSG.format(what=what, n=NAME_MAX_LENGTH), field
            )
    return person_name, office_description


def _clean_username(username: str) -> str:
    username = User.normalize_username(username.strip())
    if len(username) > NAME_MAX_LENGTH:
        raise ServiceError(errors.USERNAME_INVALID, errors.USERNAME_INVALID_MSG, "username")
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError as exc:
        raise ServiceError(errors.USERNAME_INVALID, errors.USERNAME_INVALID_MSG, "username") from exc
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError(
            errors.USERNAME_TAKEN, errors.USERNAME_TAKEN_MSG.format(username=username), "username"
        )
    return username


def generated_usernames(county: Region, count: int) -> list[str]:
    """The next ``count`` free usernames of the county's sequence."""
    pattern = re.compile(rf"^{re.escape(county.code)}-(\d+)$")
    taken = set(
        User.objects.filter(username__startswith=f"{county.code}-").values_list("username", flat=True)
    )
    numbers = [int(m.group(1)) for name in taken if (m := pattern.match(name))]
    n = max(numbers, default=0)
    names: list[str] = []
    while len(names) < count:
        n += 1
        name = _GENERATED_USERNAME.format(code=county.code, n=n)
        if name not in taken:
            names.append(name)
    return names


def _jurisdiction(
    county: Region,
    *,
    office: str,
    region: Region | None,
    dispatching_unit: DispatchingUnit | None,
    cadre: Cadre | None,
) -> dict[str, object]:
    """The one jurisdiction field the office takes, checked against the county; the others empty."""
    if office not in MANAGED_OFFICES:
        raise ServiceError(errors.OFFICE_NOT_MANAGED, errors.OFFICE_NOT_MANAGED_MSG, "office")
    empty: dict[str, object] = {"region": None, "dispatching_unit": None, "cadre": None}
    if office in (Office.TOWNSHIP_COMMITTEE, Office.COUNTY_RURAL_BUREAU):
        if region is None:
            raise ServiceError(
                errors.JURISDICTION_REQUIRED,
                errors.JURISDICTION_REQUIRED_MSG.format(what="管辖区域"),
                "region",
            )
        if not region.path.startswith(county.path):
            raise ServiceError(errors.OUTSIDE_COUNTY, errors.OUTSIDE_COUNTY_MSG.format(what="区域"), "region")
        if office == Office.COUNTY_RURAL_BUREAU and region.pk != county.pk:
            raise ServiceError(errors.BUREAU_REGION, errors.BUREAU_REGION_MSG, "region")
        if office == Office.TOWNSHIP_COMMITTEE and not (
            region.level == RegionLevel.TOWNSHIP and region.parent_id == county.pk
        ):
            raise ServiceError(errors.TOWNSHIP_REGION, errors.TOWNSHIP_REGION_MSG, "region")
        return empty | {"region": region}
    if office == Office.DISPATCHING_UNIT:
        if dispatching_unit is None:
            raise ServiceError(
                errors.JURISDICTION_REQUIRED,
                errors.JURISDICTION_REQUIRED_MSG.format(what="派出单位"),
                "dispatching_unit",
            )
        if not assignable_units(county).filter(pk=dispatching_unit.pk).exists():
            raise ServiceError(
                errors.OUTSIDE_COUNTY, errors.OUTSIDE_COUNTY_MSG.format(what="派出单位"), "dispatching_unit"
            )
        return empty | {"dispatching_unit": dispatching_unit}
    if cadre is None:
        raise ServiceError(
            errors.JURISDICTION_REQUIRED, errors.JURISDICTION_REQUIRED_MSG.format(what="驻村干部"), "cadre"
        )
    if not assignable_cadres(county).filter(pk=cadre.pk).exists():
        raise ServiceError(errors.OUTSIDE_COUNTY, errors.OUTSIDE_COUNTY_MSG.format(what="驻村干部"), "cadre")
    existing = User.objects.filter(cadre=cadre).first()
    if existing is not None:
        raise ServiceError(
            errors.CADRE_HAS_LOGIN,
            errors.CADRE_HAS_LOGIN_MSG.format(cadre=cadre.name, username=existing.username),
            "cadre",
        )
    return empty | {"cadre": cadre}


# --- the county's account pages -------------------------------------------------------------------


def user_create(
    *,
    actor: User,
    office: str,
    username: str = "",
    region: Region | None = None,
    dispatching_unit: DispatchingUnit | None = None,
    cadre: Cadre | None = None,
    person_name: str = "",
    office_description: str = "",
) -> IssuedPassword:
    """A new login of the actor's county with a one-time password. A blank username takes the next of
    the county's sequence (``generated_usernames``)."""
    county = _require_manager(actor)
    jurisdiction = _jurisdiction(
        county, office=office, region=region, dispatching_unit=dispatching_unit, cadre=cadre
    )
    person_name, office_description = _check_names(person_name, office_description)
    with _atomic():
        name = _clean_username(username) if username.strip() else generated_usernames(county, 1)[0]
        user = User(
            username=name,
            office=office,
            first_name=office_description,
            last_name=person_name,
            **jurisdiction,
        )
        password = _give_one_time_password(user)
        user.save()
        _record(user, password)
    return IssuedPassword(user=user, password=password)


def user_update(*, actor: User, user: User, person_name: str, office_description: str) -> User:
    """The names people read; the office and jurisdiction stay (another one is another login)."""
    _require_manager(actor)
    _require_manageable(actor, user)
    person_name, office_description = _check_names(person_name, office_description)
    with _atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.last_name, user.first_name = person_name, office_description
        user.save(update_fields=["last_name", "first_name"])
    return user


def user_deactivate(*, actor: User, user: User) -> User:
    """The login can no longer sign in, and its open sessions end (Django refuses inactive users on
    every request). Never deleted: its records and history stay attached."""
    _require_manager(actor)
    _require_manageable(actor, user)
    with _atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            raise ServiceError(errors.ALREADY_INACTIVE, errors.ALREADY_INACTIVE_MSG)
        user.is_active = False
        user.save(update_fields=["is_active"])
    return user


def user_reactivate(*, actor: User, user: User) -> User:
    _require_manager(actor)
    _require_manageable(actor, user)
    with _atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active:
            raise ServiceError(errors.ALREADY_ACTIVE, errors.ALREADY_ACTIVE_MSG)
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


def user_password_reset(*, actor: User, user: User) -> IssuedPassword:
    """A new one-time password: the old password stops working and the login's sessions end (their
    session hash no longer matches)."""
    _require_manager(actor)
    _require_manageable(actor, user)
    with _atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            raise ServiceError(errors.INACTIVE_NO_RESET, errors.INACTIVE_NO_RESET_MSG)
        password = _give_one_time_password(user)
        user.save(update_fields=["password", "must_change_password"])
        _record(user, password)
    return IssuedPassword(user=user, password=password)


def cadre_logins_bulk_create(*, actor: User, today: datetime.date) -> list[IssuedPassword]:
    """A login for every cadre of the county serving today who has none, each with a one-time password
    and the next username of the county's sequence; all or nothing. A second run creates none for those
    who have one now. The logins carry no description: people read "姓名（驻村干部）", which stays true
    when the cadre moves to another village."""
    county = _require_manager(actor)
    with _atomic():
        postings: list[Membership] = []
        seen: set[int] = set()
        for posting in serving_cadres_without_login(county, today=today):
            if posting.cadre_id not in seen:
                seen.add(posting.cadre_id)
                postings.append(posting)
        if not postings:
            raise ServiceError(errors.NO_CADRES_WITHOUT_LOGIN, errors.NO_CADRES_WITHOUT_LOGIN_MSG)
        issued: list[IssuedPassword] = []
        for posting, name in zip(postings, generated_usernames(county, len(postings)), strict=True):
            user = User(username=name, office=Office.CADRE, cadre=posting.cadre)
            password = _give_one_time_password(user)
            user.save()
            _record(user, password)
            issued.append(IssuedPassword(user=user, password=password, posting=posting))
    return issued


# --- a user's own password ------------------------------------------------------------------------


def user_password_change(*, user: User, password: str) -> User:
    """The user chooses their own password (checked against every rule of ``AUTH_PASSWORD_VALIDATORS``);
    a one-time password's obligation to change ends here. The history is recorded by the validators'
    ``password_changed`` hook on save."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ServiceError(errors.PASSWORD_REFUSED, "；".join(exc.messages), "new_password1") from exc
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
    return user
