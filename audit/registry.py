"""What is audited: every record of the domain a user creates, changes or deletes, and how each finds
its county. Registered with django-auditlog when the app is ready (``AuditConfig.ready``).

Left out on purpose: the cadre × month summary (derived from attendance days, rewritten on every write)
and in-app notifications (messages about leave whose own events are audited). Writes that bypass model
signals (bulk writes) record their own entries: the attendance grid per cell (``record_rows``), the roster
import per batch (the ImportBatch's change to 已导入 carries the counts; ImportRecord lists each row).
The annual assessment's entries and filings are written in bulk when a round opens and closes: the
round's own entries (新增 on opening, its status, closer and time on closing) stand for them; every later
change of an entry (proposal, grade, scores) and a unit's receipt of its filing is its own entry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from auditlog.registry import auditlog
from django.db import models

from .recording import _one, region_county_id, user_county_id

# Shown instead of a password hash: the entry says the password changed, and nothing derived from it.
HIDDEN = "（已隐藏）"


def hide(value: str) -> str:
    return HIDDEN


_TIMESTAMPS = ["created_at", "updated_at"]


def _village_county(village: Any) -> int | None:
    return region_county_id(village.township_id)


def _team_county(team: Any) -> int | None:
    from teams.models import Village

    return _one(Village.objects.filter(pk=team.village_id).values_list("township__parent_id", flat=True))


def _membership_county(membership: Any) -> int | None:
    from teams.models import Team

    return _one(
        Team.objects.filter(pk=membership.team_id).values_list("village__township__parent_id", flat=True)
    )


def _region_county(region: Any) -> int | None:
    from teams.choices import RegionLevel

    if region.level == RegionLevel.COUNTY:
        return int(region.pk)
    if region.level == RegionLevel.TOWNSHIP and region.parent_id:
        return int(region.parent_id)
    return None


def _unit_county(unit: Any) -> int | None:
    return region_county_id(unit.region_id)


def _through(relation: str, path: str) -> Callable[[Any], int | None]:
    """The county read from the row the foreign key ``relation`` points at, along ``path``. The model
    comes from the relation itself, so the audit learns of apps above it without importing them; and
    the row pointed at is read, not the audited row, which a delete has already removed."""

    def county(row: Any) -> int | None:
        target = type(row)._meta.get_field(relation).related_model
        assert target is not None and not isinstance(target, str)
        pk = getattr(row, f"{relation}_id")
        return _one(target._default_manager.filter(pk=pk).values_list(path, flat=True))

    return county


_request_county = _through("request", "county_id")


def _township_county(row: Any) -> int | None:
    return region_county_id(row.township_id)


def _substitute_county(row: Any) -> int | None:
    if row.region_id:
        return region_county_id(row.region_id)
    from teams.models import DispatchingUnit

    return region_county_id(
        DispatchingUnit.objects.filter(pk=row.dispatching_unit_id).values_list("region_id", flat=True).first()
    )


_round_county = _through("round", "county_id")


def _term_review_county(review: Any) -> int | None:
    from teams.models import Membership

    return _one(
        Membership.objects.filter(pk=review.membership_id).values_list(
            "team__village__township__parent_id", flat=True
        )
    )


def _target_county(target: Any) -> int | None:
    from teams.models import Team

    return _one(Team.objects.filter(pk=target.team_id).values_list("village__township__parent_id", flat=True))


# A WorkFund's county is its team's; an allocation's or expenditure's, its fund's.
_work_fund_county = _through("team", "village__township__parent_id")
_fund_county = _through("fund", "team__village__township__parent_id")


def _training_event_county(event: Any) -> int | None:
    """An event of a county or township: that county; a provincial or city one: the entering office's."""
    return region_county_id(event.region_id) or user_county_id(event.created_by)


def _training_county(row: Any) -> int | None:
    """A training record's county: its cadre's."""
    from teams.models import Cadre

    return _one(Cadre.objects.filter(pk=row.cadre_id).values_list("county_id", flat=True))


def _training_import_county(row: Any) -> int | None:
    events = type(row)._meta.get_field("event").related_model
    assert events is not None and not isinstance(events, str)
    event = events._default_manager.filter(pk=row.event_id).select_related("created_by").first()
    return _training_event_county(event) if event is not None else None


def _village_row_county(row: Any) -> int | None:
    """A worklog row placed by its village (Household, VillageHouseholds, LinkLeader)."""
    from teams.models import Village

    return _one(Village.objects.filter(pk=row.village_id).values_list("township__parent_id", flat=True))


def _meeting_county(meeting: Any) -> int | None:
    return region_county_id(meeting.region_id)


def _care_case_county(case: Any) -> int | None:
    from teams.models import Cadre

    return _one(Cadre.objects.filter(pk=case.cadre_id).values_list("county_id", flat=True))


def _batch_author(batch: Any) -> Any:
    return batch.created_by if batch.created_by_id else None


def _batch_counts(batch: Any) -> dict[str, Any]:
    """An import writes its rows in bulk (no per-row entries; ImportRecord lists them): its entries carry
    the batch's counts."""
    return {
        "counts": {
            "total_rows": batch.total_rows,
            "created_count": batch.created_count,
            "updated_count": batch.updated_count,
            "unchanged_count": batch.unchanged_count,
            "invalid_count": batch.invalid_count,
        }
    }


def _models() -> dict[str, tuple[dict[str, Any], Callable[[Any], int | None] | None]]:
    """model label → (auditlog registration options, county resolver; None: the row's county_id)."""
    stamps = {"exclude_fields": _TIMESTAMPS}
    return {
        "teams.Region": ({"exclude_fields": [*_TIMESTAMPS, "path"]}, _region_county),
        "teams.Village": (stamps, _village_county),
        "teams.DispatchingUnit": (stamps, _unit_county),
        "teams.Cadre": (stamps, None),
        "teams.Team": (stamps, _team_county),
        "teams.Membership": (stamps, _membership_county),
        "teams.PolicyOverride": ({}, None),
        "teams.MembershipChange": ({}, _membership_county),  # its team_id, as a membership's
        "teams.AidPairing": ({}, None),
        # The file and the check report are kept on the batch itself; progress ticks are not changes.
        "teams.ImportBatch": ({"exclude_fields": ["content", "report", "aliases", "progress"]}, None),
        "attendance.LeaveRequest": ({"exclude_fields": ["updated_at", "start_slot", "end_slot"]}, None),
        "attendance.LeaveDecision": ({}, _request_county),
        "attendance.LeaveEvent": ({}, _request_county),
        "attendance.SubstituteApprover": ({}, _substitute_county),
        "attendance.AttendanceDay": ({"exclude_fields": ["pk"]}, None),
        "attendance.CheckIn": ({}, None),
        "attendance.MonthCertification": ({}, _township_county),
        "attendance.AttendanceChange": ({}, _township_county),
        "attendance.WorkCalendarDay": ({}, None),
        "attendance.SpotCheck": ({}, None),
        "attendance.AbsenceExplanation": ({}, None),
        "assessment.AssessmentRound": ({}, None),
        "assessment.AssessmentEntry": ({}, _round_county),
        "assessment.ResultFiling": ({}, _round_county),
        "assessment.Recall": (stamps, None),
        "assessment.TermReview": (stamps, _term_review_county),
        "assessment.TeamTarget": (stamps, _target_county),
        "assessment.TeamReport": ({"exclude_fields": ["created_at"]}, _target_county),  # its team's county
        "funding.WorkFund": ({"exclude_fields": ["created_at"]}, _work_fund_county),
        "funding.FundAllocation": ({"exclude_fields": ["entered_at"]}, _fund_county),
        "funding.Expenditure": ({"exclude_fields": ["entered_at"]}, _fund_county),
        "funding.AllowancePayment": ({"exclude_fields": ["entered_at"]}, None),
        "funding.CadreInsurance": ({"exclude_fields": ["entered_at"]}, None),
        "funding.HealthCheck": ({"exclude_fields": ["entered_at"]}, None),
        "training.TrainingEvent": ({"exclude_fields": ["created_at"]}, _training_event_county),
        "training.TrainingRecord": ({"exclude_fields": ["created_at"]}, _training_county),
        # The file and the check report are kept on the import itself.
        "training.TrainingImport": ({"exclude_fields": ["content", "report"]}, _training_import_county),
        "worklog.Household": ({}, _village_row_county),
        "worklog.VillageHouseholds": ({"exclude_fields": ["updated_at"]}, _village_row_county),
        "worklog.LogEntry": ({"exclude_fields": ["created_at"]}, _membership_county),  # its team_id
        "worklog.Meeting": ({"exclude_fields": ["created_at"]}, _meeting_county),
        "worklog.LinkLeader": ({}, _village_row_county),
        "worklog.SupportVisit": ({"exclude_fields": ["created_at"]}, _membership_county),  # its team_id
        "worklog.CareCase": ({}, _care_case_county),
        "accounts.User": (
            {
                "exclude_fields": ["last_login"],
                "mask_fields": ["password"],
                "mask_callable": "audit.registry.hide",
            },
            user_county_id,
        ),
    }


COUNTY_OF: dict[type[models.Model], Callable[[Any], int | None]] = {}
ACTOR_OF: dict[type[models.Model], Callable[[Any], Any]] = {}
EXTRA_OF: dict[type[models.Model], Callable[[Any], dict[str, Any]]] = {}


def register_all() -> None:
    from django.apps import apps

    from teams.models import ImportBatch

    for label, (options, resolve) in _models().items():
        model = apps.get_model(label)
        # auditlog walks _meta.get_fields(), which includes the reverse sides of relations: a new user's
        # entry would list "api_tokens → accounts.ApiToken.None". Only the row's own fields are changes.
        reverse = [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]
        options = {**options, "exclude_fields": [*options.get("exclude_fields", []), *reverse]}
        auditlog.register(model, **options)
        if resolve is not None:
            COUNTY_OF[model] = resolve
    ACTOR_OF[ImportBatch] = _batch_author
    EXTRA_OF[ImportBatch] = _batch_counts


def audited_models() -> list[type[models.Model]]:
    from django.apps import apps

    return [apps.get_model(label) for label in _models()]
