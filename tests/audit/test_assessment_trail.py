"""The annual assessment in the trail: a grade decided, a score entered, a round closed, a recall."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import User
from assessment import services
from assessment.models import AssessmentEntry, AssessmentRound, Grade, Recall
from audit.models import AuditEntry
from tests.assessment.helpers import open_round, user
from tests.clock import TODAY

pytestmark = pytest.mark.django_db


def entries_for(model: Any, pk: Any) -> Any:
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_pk=str(pk))


def _updates(entry: AssessmentEntry) -> Any:
    return entries_for(AssessmentEntry, entry.pk).filter(action=AuditEntry.Action.UPDATE)


def test_a_grade_decided_on_the_page_leaves_who_office_county_and_before_after(as_user: Any) -> None:
    round_ = open_round("county2")
    entry = round_.entries.order_by("pk").first()
    assert entry is not None
    response = as_user("county2").post(
        reverse("assessment:entry_decide", args=[entry.pk]), {"grade": Grade.COMPETENT}
    )
    assert response.status_code == 302
    [logged] = _updates(entry)
    county = User.objects.get(username="county2")
    assert (logged.actor_id, logged.actor_name, logged.office) == (
        county.pk,
        county.display_name,
        county.office,
    )
    assert logged.county_id == round_.county_id
    assert logged.changes["grade"] == ["", Grade.COMPETENT]


def test_a_grade_changed_through_the_service_records_the_old_and_new_grade() -> None:
    round_ = open_round("county2")
    entry = round_.entries.order_by("pk").first()
    assert entry is not None
    services.entry_decide(user=user("county2"), entry=entry, grade=Grade.COMPETENT)
    services.entry_decide(user=user("county2"), entry=entry, grade=Grade.BASICALLY_COMPETENT)
    latest = _updates(entry).order_by("-pk").first()
    assert latest is not None
    assert latest.changes["grade"] == [Grade.COMPETENT, Grade.BASICALLY_COMPETENT]


def test_scores_entered_by_the_county_are_recorded(as_user: Any) -> None:
    round_ = open_round("county2")
    entry = round_.entries.order_by("pk").first()
    assert entry is not None
    as_user("county2").post(
        reverse("assessment:entry_score", args=[entry.pk]), {"village_score": "88", "cadre_review_score": ""}
    )
    [logged] = _updates(entry)
    assert logged.changes["village_score"] == ["None", "88.00"]


def test_closing_a_round_is_recorded_with_the_closer(as_user: Any) -> None:
    round_ = open_round("county2")
    client = as_user("county2")
    for entry in round_.entries.all():
        client.post(reverse("assessment:entry_decide", args=[entry.pk]), {"grade": Grade.COMPETENT})
    client.post(reverse("assessment:round_close", args=[round_.pk]))
    [logged] = entries_for(AssessmentRound, round_.pk).filter(action=AuditEntry.Action.UPDATE)
    county = User.objects.get(username="county2")
    assert logged.actor_id == county.pk and logged.county_id == round_.county_id
    assert logged.changes["status"] == ["open", "closed"]


def test_a_recall_is_recorded_in_its_county() -> None:
    round_ = open_round("county_qh")
    entry = round_.entries.order_by("pk").first()
    assert entry is not None
    recall = services.recall_record(
        user=user("county_qh"),
        cadre=entry.cadre,
        recalled_on=TODAY,
        reasons="履行职责不力",
        head_interviewed_on=TODAY,
    )
    [logged] = entries_for(Recall, recall.pk).filter(action=AuditEntry.Action.CREATE)
    assert logged.county_id == round_.county_id


def test_the_county_reads_a_decided_grade_on_its_audit_page(as_user: Any) -> None:
    round_ = open_round("county2")
    entry = round_.entries.order_by("pk").first()
    assert entry is not None
    services.entry_decide(user=user("county2"), entry=entry, grade=Grade.COMPETENT)
    page = as_user("county2").get(reverse("audit:entry_list")).content.decode()
    assert "年度考核登记" in page and "确定等次" in page and "称职" in page
