"""Writes of the teams domain. Each service is keyword-only, checks its invariants with a Chinese
message first, and runs in one transaction; the database constraints stay as the last guard."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, Final

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User

from . import changes, errors, idcard
from .choices import RegionLevel
from .models import Cadre, DispatchingUnit, ImportBatch, Membership, Region, Team, Village
from .scoping import ScopedQuerySet, scope_for
from .signals import MembershipSpan, membership_changed

_OPEN_END = datetime.date.max


def _require_editor(actor: User) -> None:
    if not actor.can_edit_roster:
        raise errors.ServiceError(errors.NOT_ALLOWED, errors.NOT_ALLOWED_MSG)


def _require_in_scope(actor: User, queryset: ScopedQuerySet[Any], obj: Any, what: str, field: str) -> None:
    if obj is not None and not queryset.for_user(actor).filter(pk=obj.pk).exists():
        raise errors.ServiceError(
            errors.OUTSIDE_JURISDICTION, errors.OUTSIDE_JURISDICTION_MSG.format(what=what), field
        )


@contextmanager
def _guarded(messages: dict[str, tuple[str, str, str | None]]) -> Iterator[None]:
    """Translate a database guard's IntegrityError into the service's message (a race lost)."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        text = str(exc)
        for marker, (code, message, field) in messages.items():
            if marker in text:
                raise errors.ServiceError(code, message, field) from exc
        raise errors.ServiceError(errors.CONCURRENT_CHANGE, errors.CONCURRENT_CHANGE_MSG) from exc


class Keep(enum.Enum):
    """A field a save leaves as it stands: an update names only the fields it changes."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP


def _apply(instance: Any, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if value is not KEEP:
            setattr(instance, name, value)


def _overlaps(start: datetime.date, end: datetime.date | None, start_field: str, end_field: str) -> Q:
    return Q(**{f"{start_field}__lte": end or _OPEN_END}) & (
        Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": start})
    )


# --- villages -------------------------------------------------------------------------------


def village_save(
    *,
    actor: User,
    village: Village | None = None,
    township: Region | Keep = KEEP,
    name: str | Keep = KEEP,
    code: str | Keep = KEEP,
    is_registered_poor: bool | Keep = KEEP,
    is_weak_party_org: bool | Keep = KEEP,
    is_stability_focus: bool | Keep = KEEP,
    is_deep_poverty: bool | Keep = KEEP,
    is_ethnic_area: bool | Keep = KEEP,
    has_no_industry: bool | Keep = KEEP,
    has_untapped_resources: bool | Keep = KEEP,
    is_key_village: bool | Keep = KEEP,
    latitude: Decimal | None | Keep = KEEP,
    longitude: Decimal | None | Keep = KEEP,
    poverty_exit_date: datetime.date | None | Keep = KEEP,
) -> Village:
    """Create (``village=None``) or update a village in one of the actor's townships."""
    _require_editor(actor)
    village = village or Village()
    _apply(
        village,
        {
            "township": township,
            "name": name,
            "code": code,
            "is_registered_poor": is_registered_poor,
            "is_weak_party_org": is_weak_party_org,
            "is_stability_focus": is_stability_focus,
            "is_deep_poverty": is_deep_poverty,
            "is_ethnic_area": is_ethnic_area,
            "has_no_industry": has_no_industry,
            "has_untapped_resources": has_untapped_resources,
            "is_key_village": is_key_village,
            "latitude": latitude,
            "longitude": longitude,
            "poverty_exit_date": poverty_exit_date,
        },
    )
    _require_in_scope(
        actor, Region.objects.filter(level=RegionLevel.TOWNSHIP), village.township, "乡镇", "township"
    )
    duplicate = Village.objects.filter(township=village.township, name=village.name).exclude(pk=village.pk)
    message = errors.VILLAGE_DUPLICATE_MSG.format(township=village.township, name=village.name)
    if duplicate.exists():
        raise errors.ServiceError(errors.VILLAGE_DUPLICATE, message, "name")
    with _guarded({"village_unique_name_in_township": (errors.VILLAGE_DUPLICATE, message, "name")}):
        village.save()
    return village


# --- dispatching units ----------------------------------------------------------------------


def _own_region(actor: User, region_id: int | None) -> bool:
    """Whether a region is the actor's own (its county and townships, or any region for a superuser)."""
    if scope_for(actor).everything:
        return True
    return region_id is not None and Region.objects.for_user(actor).filter(pk=region_id).exists()


def unit_editable_by(actor: User, unit: DispatchingUnit) -> bool:
    """A roster editor changes only units placed in its own jurisdiction (its county and townships, as
    stored, not as a form has just set them). A unit above it — its city's, its province's, a central
    one (no region) — is shared by every county below and read-only to each of them."""
    if not actor.can_edit_roster:
        return False
    stored = DispatchingUnit.objects.filter(pk=unit.pk).values_list("region", flat=True).first()
    return _own_region(actor, stored)


def unit_save(
    *,
    actor: User,
    unit: DispatchingUnit | None = None,
    name: str | Keep = KEEP,
    level: str | Keep = KEEP,
    kind: str | Keep = KEEP,
    staff_total: int | None | Keep = KEEP,
    headcount: int | None | Keep = KEEP,
    region: Region | None | Keep = KEEP,
) -> DispatchingUnit:
    """Create or update a dispatching unit. An update needs a unit of the actor's own region and keeps
    it there; a new unit may also be one of the actor's city or province or a central one (the county
    registers the unit that sends it cadres), which is then read-only to it like any shared unit."""
    _require_editor(actor)
    if unit is not None and unit.pk is not None and not unit_editable_by(actor, unit):
        raise errors.ServiceError(errors.UNIT_READ_ONLY, errors.UNIT_READ_ONLY_MSG)
    unit = unit or DispatchingUnit()
    _apply(
        unit,
        {
            "name": name,
            "level": level,
            "kind": kind,
            "staff_total": staff_total,
            "headcount": headcount,
            "region": region,
        },
    )
    if not _own_region(actor, unit.region_id):
        if unit.pk is not None:
            raise errors.ServiceError(errors.UNIT_REGION_OUTSIDE, errors.UNIT_REGION_OUTSIDE_MSG, "region")
        above = unit.region is None or unit.region.path in scope_for(actor).ancestor_paths
        if not above:
            raise errors.ServiceError(
                errors.OUTSIDE_JURISDICTION, errors.OUTSIDE_JURISDICTION_MSG.format(what="区划"), "region"
            )
    existing = DispatchingUnit.objects.filter(name=unit.name).exclude(pk=unit.pk).first()
    if existing is not None:
        raise _unit_duplicate(actor, existing)
    with _guarded({"name": (errors.UNIT_DUPLICATE, errors.UNIT_NAME_TAKEN_MSG, "name")}):
        unit.save()
    return unit


def _unit_duplicate(actor: User, existing: DispatchingUnit) -> errors.ServiceError:
    """Name (and link) the unit in the way only to a user who may see it; to anyone else, only that the
    name is taken — never whose it is, where or at what level."""
    if DispatchingUnit.objects.for_user(actor).filter(pk=existing.pk).exists():
        message = errors.UNIT_DUPLICATE_MSG.format(name=existing.name)
        return errors.ServiceError(errors.UNIT_DUPLICATE, message, "name", conflict=existing)
    return errors.ServiceError(errors.UNIT_DUPLICATE, errors.UNIT_NAME_TAKEN_MSG, "name")


# --- cadres ---------------------------------------------------------------------------------


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
    _require_editor(actor)
    cadre = cadre or Cadre()
    _apply(
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
    _require_in_scope(
        actor, Region.objects.filter(level=RegionLevel.COUNTY), cadre.county, "县（市、区）", "county"
    )
    existing = (
        Cadre.objects.filter(id_number=cadre.id_number).exclude(pk=cadre.pk).select_related("county").first()
    )
    if existing is not None:
        raise _cadre_duplicate(actor, existing)
    message = errors.CADRE_DUPLICATE_CONCURRENT_MSG
    with _guarded({"id_number": (errors.CADRE_DUPLICATE, message, "id_number")}):
        cadre.save()
    return cadre


def _cadre_duplicate(actor: User, existing: Cadre) -> errors.ServiceError:
    """Name the cadre who has the ID only to a user who may see them: to anyone else, which county
    registered a person (and so where they serve) is not to be learnt by typing their ID number."""
    if Cadre.objects.for_user(actor).filter(pk=existing.pk).exists():
        message = errors.CADRE_DUPLICATE_MSG.format(county=existing.county.name, name=existing.name)
        return errors.ServiceError(errors.CADRE_DUPLICATE, message, "id_number", conflict=existing)
    return errors.ServiceError(errors.CADRE_DUPLICATE, errors.CADRE_DUPLICATE_ELSEWHERE_MSG, "id_number")


# --- teams ----------------------------------------------------------------------------------


def team_save(
    *,
    actor: User,
    team: Team | None = None,
    village: Village | Keep = KEEP,
    term_start: datetime.date | Keep = KEEP,
    term_end: datetime.date | None | Keep = KEEP,
    withdrawn_on: datetime.date | None | Keep = KEEP,
    note: str | Keep = KEEP,
) -> Team:
    """Create or update a team; a village never has two teams with overlapping terms."""
    _require_editor(actor)
    team = team or Team()
    _apply(
        team,
        {
            "village": village,
            "term_start": term_start,
            "term_end": term_end,
            "withdrawn_on": withdrawn_on,
            "note": note,
        },
    )
    _require_in_scope(actor, Village.objects.all(), team.village, "村", "village")
    if team.term_end is not None and team.term_end < team.term_start:
        raise errors.ServiceError(errors.TEAM_END_BEFORE_START, errors.TEAM_END_BEFORE_START_MSG, "term_end")
    overlap_msg = errors.TEAM_OVERLAP_MSG
    clash = (
        Team.objects.filter(village=team.village)
        .filter(_overlaps(team.term_start, team.term_end, "term_start", "term_end"))
        .exclude(pk=team.pk)
        .first()
    )
    if clash is not None:
        raise errors.ServiceError(
            errors.TEAM_OVERLAP,
            overlap_msg.format(village=team.village, start=f"{clash.term_start:%Y-%m-%d}"),
            "term_start",
        )
    generic = overlap_msg.format(village=team.village, start=f"{team.term_start:%Y-%m-%d}")
    with _guarded(
        {
            "team_no_overlap_in_village": (errors.TEAM_OVERLAP, generic, "term_start"),
            "team_term_end_after_start": (
                errors.TEAM_END_BEFORE_START,
                errors.TEAM_END_BEFORE_START_MSG,
                "term_end",
            ),
        }
    ):
        team.save()
    return team


# --- memberships ----------------------------------------------------------------------------


def memberships_changed(spans: Sequence[MembershipSpan]) -> None:
    """Every writer of memberships (this module, the roster import) calls this after writing: derived
    data (attendance's month summaries) follows through ``teams.signals.membership_changed``, in the
    writer's transaction."""
    if spans:
        membership_changed.send(sender=Membership, spans=spans)


def membership_save(
    *,
    actor: User,
    membership: Membership | None = None,
    today: datetime.date | None = None,
    team: Team | Keep = KEEP,
    cadre: Cadre | Keep = KEEP,
    role: str | Keep = KEEP,
    is_leader: bool | Keep = KEEP,
    dispatching_unit: DispatchingUnit | None | Keep = KEEP,
    start: datetime.date | Keep = KEEP,
    end: datetime.date | None | Keep = KEEP,
    end_reason: str | Keep = KEEP,
) -> Membership:
    """Put a cadre in a team (or change that). One cadre is never in two memberships at once. Each
    change of the team's members is filed (teams.changes, ZMD-CHANGE) on ``today``."""
    _require_editor(actor)
    today = today or timezone.localdate()
    membership = membership or Membership()
    previous = changes.before_of(membership)
    before: list[MembershipSpan] = (
        list(Membership.objects.filter(pk=membership.pk).values_list("cadre_id", "start", "end"))
        if membership.pk
        else []
    )
    _apply(
        membership,
        {
            "team": team,
            "cadre": cadre,
            "role": role,
            "is_leader": is_leader,
            "dispatching_unit": dispatching_unit,
            "start": start,
            "end": end,
            "end_reason": end_reason,
        },
    )
    if before and membership.cadre_id != before[0][0]:
        raise errors.ServiceError(errors.MEMBERSHIP_CADRE_CHANGE, errors.MEMBERSHIP_CADRE_CHANGE_MSG, "cadre")
    posted_team, posted_cadre = membership.team, membership.cadre
    _require_in_scope(actor, Team.objects.all(), posted_team, "工作队", "team")
    _require_in_scope(actor, Cadre.objects.all(), posted_cadre, "干部", "cadre")
    if membership.end is None and posted_team.term_end is not None:
        membership.end = posted_team.term_end  # an open-ended appointment ends with the team's term
    if membership.end is not None and membership.end < membership.start:
        raise errors.ServiceError(
            errors.MEMBERSHIP_END_BEFORE_START, errors.MEMBERSHIP_END_BEFORE_START_MSG, "end"
        )
    term_end = posted_team.term_end or _OPEN_END
    if membership.start < posted_team.term_start or (membership.end or _OPEN_END) > term_end:
        raise errors.ServiceError(
            errors.MEMBERSHIP_OUTSIDE_TERM,
            errors.MEMBERSHIP_OUTSIDE_TERM_MSG.format(
                start=f"{posted_team.term_start:%Y-%m-%d}",
                end=f"{posted_team.term_end:%Y-%m-%d}" if posted_team.term_end else "今",
            ),
            "start",
        )
    clash = (
        Membership.objects.filter(cadre=posted_cadre)
        .filter(_overlaps(membership.start, membership.end, "start", "end"))
        .exclude(pk=membership.pk)
        .select_related("team__village")
        .first()
    )
    if clash is not None:
        raise errors.ServiceError(errors.MEMBERSHIP_OVERLAP, _overlap_message(actor, clash), "start")
    changes.check_membership_form(membership=membership, before=previous, today=today)
    generic = errors.MEMBERSHIP_OVERLAP_MSG.format(
        cadre=posted_cadre, team="其他工作队", start=f"{membership.start:%Y-%m-%d}", end="今"
    )
    with _guarded(
        {
            "membership_no_overlap": (errors.MEMBERSHIP_OVERLAP, generic, "start"),
            "membership_end_after_start": (
                errors.MEMBERSHIP_END_BEFORE_START,
                errors.MEMBERSHIP_END_BEFORE_START_MSG,
                "end",
            ),
        }
    ):
        membership.save()
        memberships_changed([*before, (posted_cadre.pk, membership.start, membership.end)])
        changes.membership_saved(actor=actor, membership=membership, before=previous, today=today)
    return membership


def membership_end(
    *,
    actor: User,
    membership: Membership,
    end: datetime.date,
    reason: str,
    today: datetime.date | None = None,
) -> Membership:
    """End a posting early, with the reason on record (a cadre is replaced by ending their posting and
    adding the successor's, never by swapping the cadre of a posting)."""
    _require_editor(actor)
    reason = reason.strip()
    if not reason:
        raise errors.ServiceError(
            errors.MEMBERSHIP_END_REASON_REQUIRED, errors.MEMBERSHIP_END_REASON_REQUIRED_MSG, "reason"
        )
    if membership.end is not None and end > membership.end:
        raise errors.ServiceError(
            errors.MEMBERSHIP_END_AFTER_PLANNED,
            errors.MEMBERSHIP_END_AFTER_PLANNED_MSG.format(end=f"{membership.end:%Y-%m-%d}"),
            "end",
        )
    return membership_save(actor=actor, membership=membership, today=today, end=end, end_reason=reason)


def _overlap_message(actor: User, clash: Membership) -> str:
    visible = Membership.objects.for_user(actor).filter(pk=clash.pk).exists()
    return errors.MEMBERSHIP_OVERLAP_MSG.format(
        cadre=clash.cadre,
        team=clash.team if visible else errors.MEMBERSHIP_OVERLAP_ELSEWHERE,
        start=f"{clash.start:%Y-%m-%d}",
        end=f"{clash.end:%Y-%m-%d}" if clash.end else "今",
    )


# --- roster import batches ------------------------------------------------------------------


def roster_batch_create(
    *, actor: User, county: Region, file_name: str, content: bytes, now: datetime.datetime | None = None
) -> ImportBatch:
    """Keep an uploaded roster for the import job to check (a dry run, queued by the caller)."""
    _require_editor(actor)
    _require_in_scope(
        actor, Region.objects.filter(level=RegionLevel.COUNTY), county, "县（市、区）", "county"
    )
    return ImportBatch.objects.create(
        county=county,
        created_by=actor,
        file_name=file_name[:255],
        content=content,
        source=ImportBatch.Source.WEB,
        started_at=now or timezone.now(),
    )


# A batch the import job may be asked to commit: checked, refused (invalid rows to skip) or failed.
COMMITTABLE = (ImportBatch.Status.CHECKED, ImportBatch.Status.REFUSED, ImportBatch.Status.FAILED)


def roster_batch_commit(
    *,
    actor: User,
    batch: ImportBatch,
    aliases: dict[str, Any],
    skip_invalid: bool,
    now: datetime.datetime | None = None,
) -> ImportBatch:
    """Mark a checked batch to be committed (queued by the caller) with the user's choices: which
    existing township, village or unit a new name in the file stands for, and whether to skip invalid
    rows. A batch already imported or being processed is refused."""
    _require_editor(actor)
    _require_in_scope(actor, ImportBatch.objects.all(), batch, "导入批次", "batch")
    if batch.status not in COMMITTABLE:
        raise errors.ServiceError(errors.IMPORT_NOT_COMMITTABLE, errors.IMPORT_NOT_COMMITTABLE_MSG)
    batch.aliases = aliases
    batch.skip_invalid = skip_invalid
    batch.status, batch.progress, batch.started_at = ImportBatch.Status.PENDING, 0, now or timezone.now()
    batch.save(update_fields=["aliases", "skip_invalid", "status", "progress", "started_at"])
    return batch
