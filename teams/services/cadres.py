"""Cadres (驻村干部): the ID number decides sex and birth date; one person, one record."""

from __future__ import annotations

import datetime

from accounts.models import User
from teams import errors, idcard
from teams.choices import RegionLevel
from teams.models import Cadre, Region

from .base import KEEP, Keep, apply, guarded, require_editor, require_in_scope


def cadre_check_identity(
    *, id_number: object, sex: str | None, birth_date: datetime.date | None
) -> idcard.IdFacts:
    """Validate the ID number and that sex and birth date agree with it (raises ServiceError)."""
    try:
        facts = idcard.parse(id_number)
    except idcard.InvalidIdNumber as exc:
        raise errors.ServiceError(errors.CADRE_BAD_ID, str(exc), "id_number") from exc
    if sex and sex != facts.sex:
        expected = "男" if facts.sex == "M" else "女"
        raise errors.ServiceError(
            errors.CADRE_SEX_MISMATCH, errors.CADRE_SEX_MISMATCH_MSG.format(expected=expected), "sex"
        )
    if birth_date and birth_date != facts.birth_date:
        raise errors.ServiceError(
            errors.CADRE_BIRTH_MISMATCH,
            errors.CADRE_BIRTH_MISMATCH_MSG.format(expected=f"{facts.birth_date:%Y-%m-%d}"),
            "birth_date",
        )
    return facts


def cadre_save(
    *,
    actor: User,
    cadre: Cadre | None = None,
    id_number: str | Keep = KEEP,
    name: str | Keep = KEEP,
    sex: str | None | Keep = KEEP,
    birth_date: datetime.date | None | Keep = KEEP,
    party_status: str | Keep = KEEP,
    rank: str | Keep = KEEP,
    is_reserve: bool | Keep = KEEP,
    expertise: str | Keep = KEEP,
    is_bilingual: bool | Keep = KEEP,
    is_on_staff: bool | Keep = KEEP,
    phone: str | Keep = KEEP,
    county: Region | Keep = KEEP,
) -> Cadre:
    """Create or update a cadre. Sex and birth date default to what the ID number encodes; a new
    cadre's county defaults to the actor's."""
    require_editor(actor)
    cadre = cadre or Cadre()
    apply(
        cadre,
        {
            "id_number": id_number,
            "name": name,
            "sex": sex,
            "birth_date": birth_date,
            "party_status": party_status,
            "rank": rank,
            "is_reserve": is_reserve,
            "expertise": expertise,
            "is_bilingual": is_bilingual,
            "is_on_staff": is_on_staff,
            "phone": phone,
            "county": county,
        },
    )
    facts = cadre_check_identity(
        id_number=cadre.id_number, sex=cadre.sex or None, birth_date=cadre.birth_date
    )
    cadre.id_number, cadre.sex, cadre.birth_date = facts.number, facts.sex, facts.birth_date
    if cadre.county_id is None and actor.region is not None:
        cadre.county = actor.region.county
    require_in_scope(
        actor, Region.objects.filter(level=RegionLevel.COUNTY), cadre.county, "县（市、区）", "county"
    )
    existing = (
        Cadre.objects.filter(id_number=cadre.id_number).exclude(pk=cadre.pk).select_related("county").first()
    )
    if existing is not None:
        raise _cadre_duplicate(actor, existing)
    message = errors.CADRE_DUPLICATE_CONCURRENT_MSG
    with guarded({"id_number": (errors.CADRE_DUPLICATE, message, "id_number")}):
        cadre.save()
    return cadre


def _cadre_duplicate(actor: User, existing: Cadre) -> errors.ServiceError:
    """Name the cadre who has the ID only to a user who may see them: to anyone else, which county
    registered a person (and so where they serve) is not to be learnt by typing their ID number."""
    if Cadre.objects.for_user(actor).filter(pk=existing.pk).exists():
        message = errors.CADRE_DUPLICATE_MSG.format(county=existing.county.name, name=existing.name)
        return errors.ServiceError(errors.CADRE_DUPLICATE, message, "id_number", conflict=existing)
    return errors.ServiceError(errors.CADRE_DUPLICATE, errors.CADRE_DUPLICATE_ELSEWHERE_MSG, "id_number")
