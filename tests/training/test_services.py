"""Writes of training: events (levels, half days, spans, who enters) and records (another county's
cadre refused as not found, duplicates, days)."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404

from teams.models import Cadre, Region
from tests.training.helpers import YEAR, attend, cadre_of, event, posted_cadre, user
from training import errors, services
from training.errors import TrainingError
from training.models import TrainingEvent, TrainingLevel, TrainingRecord

pytestmark = pytest.mark.django_db


def _refused(code: str, call, *args, **kwargs) -> TrainingError:  # type: ignore[no-untyped-def]
    with pytest.raises(TrainingError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code
    return caught.value


@pytest.mark.parametrize(
    ("level", "region"),
    [
        (TrainingLevel.PROVINCE, "河南省"),
        (TrainingLevel.CITY, "驻马店市"),
        (TrainingLevel.COUNTY, "西平县"),
        (TrainingLevel.CENTRAL, "西平县"),
    ],
)
def test_county_names_the_organiser_level(level: str, region: str) -> None:
    assert event(level=level).region.name == region


def test_township_level_event_names_a_township_of_the_county() -> None:
    township = Region.objects.get(name="五沟营镇")
    assert event(level=TrainingLevel.TOWNSHIP, township=township).region == township
    other = Region.objects.filter(parent__name="平阴县", level="township").first()
    _refused(errors.BAD_TOWNSHIP, event, level=TrainingLevel.TOWNSHIP, township=other)
    _refused(errors.BAD_TOWNSHIP, event, level=TrainingLevel.TOWNSHIP)


def test_township_committee_enters_its_own_township_events_only() -> None:
    made = event("township", level=TrainingLevel.TOWNSHIP)
    assert made.region == user("township").region
    _refused(errors.BAD_LEVEL, event, "township", level=TrainingLevel.COUNTY)


@pytest.mark.parametrize("login", ["city", "unit", "cadre", "bureau"])
def test_other_offices_enter_no_events(login: str) -> None:
    _refused(errors.NOT_ALLOWED, event, login)


@pytest.mark.parametrize("days", ["0.5", "2.5", "3"])
def test_whole_and_half_days(days: str) -> None:
    assert str(event(days=days).days.normalize()) == days


@pytest.mark.parametrize("days", ["0", "-1", "2.3", "abc", "NaN", "Infinity", "1e9"])
def test_bad_days_are_refused(days: str) -> None:
    _refused(
        errors.BAD_DAYS,
        services.event_create,
        user=user("county"),
        level=TrainingLevel.COUNTY,
        title="班",
        start=datetime.date(YEAR, 5, 1),
        end=datetime.date(YEAR, 5, 9),
        days=days,
    )


def test_days_beyond_the_dates_are_refused() -> None:
    found = _refused(
        errors.BAD_DAYS,
        services.event_create,
        user=user("county"),
        level=TrainingLevel.COUNTY,
        title="班",
        start=datetime.date(YEAR, 5, 1),
        end=datetime.date(YEAR, 5, 3),
        days="3.5",
    )
    assert "3.5" in found.message and "3天" in found.message


def test_end_before_start_is_refused() -> None:
    _refused(
        errors.BAD_DATES,
        services.event_create,
        user=user("county"),
        level=TrainingLevel.COUNTY,
        title="班",
        start=datetime.date(YEAR, 5, 3),
        end=datetime.date(YEAR, 5, 1),
        days="1",
    )


def test_event_of_another_county_is_not_found_for_update() -> None:
    made = event("county")
    with pytest.raises(Http404):
        services.event_update(
            user=user("county2"),
            event=made,
            level="county",
            title="x",
            start=made.start,
            end=made.end,
            days="1",
        )


def test_shrinking_an_event_below_a_records_days_is_refused() -> None:
    made = event(days="3")
    attend(made, cadre_of())
    _refused(
        errors.EVENT_HAS_LONGER_RECORDS,
        services.event_update,
        user=user("county"),
        event=made,
        level="county",
        title=made.title,
        start=made.start,
        end=made.end,
        days="2",
    )
    made.refresh_from_db()
    assert made.days == 3


def test_record_defaults_to_the_events_days() -> None:
    record = attend(event(days="2.5"), cadre_of())
    assert str(record.days) == "2.5"
    assert record.source == "manual"


def test_record_for_a_cadre_of_another_county_is_refused_as_not_found() -> None:
    made = event()
    stranger = cadre_of("乐都区")
    found = _refused(errors.CADRE_NOT_FOUND, attend, made, stranger)
    assert found.message == errors.CADRE_NOT_FOUND_MSG
    missing = _refused(errors.CADRE_NOT_FOUND, attend, made, Cadre(pk=10**9))
    assert missing.message == found.message
    assert not TrainingRecord.objects.filter(event=made).exists()


def test_township_adds_only_cadres_posted_in_it() -> None:
    made = event("township", level=TrainingLevel.TOWNSHIP)
    posted = posted_cadre("李楼村")  # 五沟营镇, the township login's
    assert attend(made, posted, "township").cadre == posted
    _refused(errors.CADRE_NOT_FOUND, attend, made, cadre_of(), "township")


def test_duplicate_record_is_refused() -> None:
    made, cadre = event(), cadre_of()
    attend(made, cadre)
    found = _refused(errors.DUPLICATE, attend, made, cadre)
    assert cadre.name in found.message
    assert TrainingRecord.objects.filter(event=made, cadre=cadre).count() == 1


@pytest.mark.parametrize("days", ["3.5", "0", "1.2"])
def test_record_days_beyond_the_event_or_not_half_days_are_refused(days: str) -> None:
    _refused(errors.BAD_DAYS, attend, event(days="3"), cadre_of(), days=days)


def test_record_of_an_event_of_another_county_is_not_found() -> None:
    made = event("county2")
    with pytest.raises(Http404):
        attend(made, cadre_of(), "county")


def test_remove_record() -> None:
    record = attend(event(), cadre_of())
    with pytest.raises(Http404):
        services.record_remove(user=user("county2"), record=record)
    services.record_remove(user=user("county"), record=record)
    assert not TrainingRecord.objects.filter(pk=record.pk).exists()


def test_provincial_event_is_shared_in_the_province_only() -> None:
    made = event(level=TrainingLevel.PROVINCE)
    assert TrainingEvent.objects.for_user(user("township")).filter(pk=made.pk).exists()
    assert not TrainingEvent.objects.for_user(user("county2")).filter(pk=made.pk).exists()


def test_records_with_the_events_days_follow_a_longer_event() -> None:
    made = event(days="2")
    default, own = attend(made, cadre_of()), attend(made, cadre_of(), days="1.5")
    services.event_update(
        user=user("county"),
        event=made,
        level="county",
        title=made.title,
        start=made.start,
        end=made.start + datetime.timedelta(days=2),
        days="3",
    )
    default.refresh_from_db()
    own.refresh_from_db()
    assert (str(default.days), str(own.days)) == ("3.0", "1.5")


def test_removing_a_record_is_in_the_audit_trail() -> None:
    from auditlog.models import LogEntry

    from audit.models import AuditEntry

    record = attend(event(), cadre_of())
    pk = record.pk
    services.record_remove(user=user("county"), record=record)
    entry = AuditEntry.objects.filter(
        content_type__model="trainingrecord", object_pk=str(pk), action=LogEntry.Action.DELETE
    ).first()
    assert entry is not None
    assert entry.county is not None and entry.county.name == "西平县"
