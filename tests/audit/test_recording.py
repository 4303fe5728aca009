"""What the trail records: who, as which office, for which county, from where, before → after."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from attendance.models import AttendanceDay
from audit import display
from audit.models import AuditEntry
from audit.registry import HIDDEN
from teams.models import Cadre, ImportBatch, Membership, PolicyOverride, Region
from tests.clock import TODAY
from tests.teams import roster_files

pytestmark = pytest.mark.django_db


def entries_for(model: Any, pk: Any) -> Any:
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_pk=str(pk))


def xiping() -> Region:
    return Region.objects.get(code="411721")


def _cadre_post(cadre: Cadre, **changes: str) -> dict[str, str]:
    return {
        "id_number": cadre.id_number,
        "name": cadre.name,
        "sex": cadre.sex,
        "birth_date": cadre.birth_date.isoformat(),
        "party_status": cadre.party_status,
        "rank": cadre.rank,
        "expertise": cadre.expertise,
        "phone": cadre.phone,
        **({"is_reserve": "on"} if cadre.is_reserve else {}),
        "is_bilingual": _tri(cadre.is_bilingual),
        "is_on_staff": _tri(cadre.is_on_staff),
        **changes,
    }


def _tri(value: bool | None) -> str:
    return {True: "true", False: "false", None: "unknown"}[value]


def test_a_cadre_edited_on_the_county_form_leaves_who_office_where_and_before_after(as_user: Any) -> None:
    cadre = Cadre.objects.filter(county__code="411721").order_by("pk").first()
    assert cadre is not None
    response = as_user("county").post(
        reverse("teams:cadre_edit", args=[cadre.pk]), _cadre_post(cadre, phone="13800001111")
    )
    assert response.status_code == 302
    [entry] = entries_for(Cadre, cadre.pk).filter(action=AuditEntry.Action.UPDATE)
    county = User.objects.get(username="county")
    assert (entry.actor_id, entry.actor_name, entry.office) == (
        county.pk,
        county.display_name,
        "county_org_dept",
    )
    assert entry.county_id == xiping().pk
    assert entry.remote_addr == "127.0.0.1"
    assert entry.changes == {"phone": [cadre.phone, "13800001111"]}


def test_a_forged_forwarded_for_is_not_the_address_without_trusted_proxies(as_user: Any) -> None:
    cadre = Cadre.objects.filter(county__code="411721").order_by("pk").first()
    assert cadre is not None
    as_user("county").post(
        reverse("teams:cadre_edit", args=[cadre.pk]),
        _cadre_post(cadre, phone="13800002222"),
        HTTP_X_FORWARDED_FOR="6.6.6.6",
    )
    assert entries_for(Cadre, cadre.pk).get(action=AuditEntry.Action.UPDATE).remote_addr == "127.0.0.1"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_trusted_proxy_the_address_is_the_one_it_forwarded(as_user: Any) -> None:
    cadre = Cadre.objects.filter(county__code="411721").order_by("pk").first()
    assert cadre is not None
    as_user("county").post(
        reverse("teams:cadre_edit", args=[cadre.pk]),
        _cadre_post(cadre, phone="13800003333"),
        HTTP_X_FORWARDED_FOR="6.6.6.6, 10.1.2.3",
    )
    assert entries_for(Cadre, cadre.pk).get(action=AuditEntry.Action.UPDATE).remote_addr == "10.1.2.3"


def test_a_grid_entry_change_is_recorded_per_cell(as_user: Any) -> None:
    membership = Membership.objects.active_on(TODAY).filter(team__village__township__name="五沟营镇").first()
    assert membership is not None
    cadre, day = membership.cadre, datetime.date(2026, 11, 23)
    AttendanceDay.objects.filter(cadre=cadre, date=day).delete()
    AttendanceDay.objects.create(
        cadre=cadre,
        date=day,
        status="absent",
        team=membership.team,
        county=xiping(),
        township=Region.objects.get(name="五沟营镇"),
        source="grid",
    )
    response = as_user("township").post(
        reverse("attendance:grid_form"),
        {"month": "2026-11", "township": Region.objects.get(name="五沟营镇").pk, f"c_{cadre.pk}_23": "g"},
    )
    assert response.status_code == 302
    [entry] = entries_for(AttendanceDay, f"{cadre.pk}/2026-11-23").filter(action=AuditEntry.Action.UPDATE)
    assert entry.changes == {"status": ["absent", "business"]}
    assert (entry.actor.username, entry.office, entry.county_id) == (
        "township",
        "township_committee",
        xiping().pk,
    )
    assert entry.remote_addr == "127.0.0.1" and entry.object_repr == f"{cadre.name} 2026-11-23"


def test_a_county_setting_change_is_recorded(as_user: Any) -> None:
    response = as_user("county").post(
        reverse("teams:policy_override", args=[xiping().pk, "leave_threshold_days"]),
        {"value": "5", "reason": "县委常委会决定"},
    )
    assert response.status_code == 302
    row = PolicyOverride.objects.get(county=xiping(), key="leave_threshold_days")
    [entry] = entries_for(PolicyOverride, row.pk)
    assert entry.action == AuditEntry.Action.CREATE and entry.actor.username == "county"
    assert entry.county_id == xiping().pk
    [shown] = display.rows([entry])
    assert display.Change("取值", display.EMPTY, "5") in shown.changes
    assert display.Change("理由", display.EMPTY, "县委常委会决定") in shown.changes


def test_an_import_commit_leaves_one_entry_with_its_counts() -> None:
    from teams.roster.importer import roster_check, roster_commit

    county = User.objects.get(username="county")
    batch = ImportBatch.objects.create(
        county=xiping(),
        created_by=county,
        file_name="花名册.csv",
        content=roster_files.csv([roster_files.row()]),
    )
    roster_check(batch=batch)
    roster_commit(batch=batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    [entry] = entries_for(ImportBatch, batch.pk).filter(changes__status__1="committed")
    assert entry.actor_id == county.pk  # the batch's author, though no request is running
    assert entry.county_id == xiping().pk
    assert entry.additional_data["counts"]["created_count"] == batch.created_count == 1
    [shown] = display.rows([entry])
    assert shown.note.startswith("导入结果：数据行数1，新增1，")
    assert display.Change("状态", "导入中", "已导入") in shown.changes


def test_a_password_change_is_recorded_without_the_hash(db: Any) -> None:
    user = User.objects.get(username="county")
    user.set_password("another-Passw0rd!")
    user.save()
    [entry] = entries_for(User, user.pk).filter(action=AuditEntry.Action.UPDATE)
    assert entry.changes == {"password": [HIDDEN, HIDDEN]}


def test_a_record_whose_name_fails_is_still_written_and_named_by_its_key(db: Any) -> None:
    from accounts.models import Office
    from attendance.models import SubstituteApprover

    row = SubstituteApprover.objects.create(
        office=Office.COUNTY_ORG_DEPT,
        region=xiping(),
        principal=User.objects.get(username="county"),
        substitute=User.objects.get(username="bureau"),
        start="2026-12-01",  # text, as a caller may pass it: __str__ formats it as a date and fails
        end="2026-12-31",
    )
    [entry] = entries_for(SubstituteApprover, row.pk)
    assert entry.object_repr == f"代理审批人（编号{row.pk}）" and entry.county_id == xiping().pk


def test_an_api_write_with_a_token_is_attributed_to_the_tokens_user(db: Any) -> None:
    from rest_framework.test import APIClient

    from attendance.models import CheckIn
    from teams.demo import DEMO_PASSWORD

    issued = APIClient().post(
        "/api/v1/token/", {"username": "cadre", "password": DEMO_PASSWORD, "device": "手机"}, format="json"
    )
    assert issued.status_code == 200, issued.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issued.json()['token']}")
    response = client.post(
        "/api/v1/checkins/", {"latitude": "30.1", "longitude": "114.0", "accuracy": 10}, format="json"
    )
    assert response.status_code == 201, response.content
    checkin = CheckIn.objects.latest("pk")
    [entry] = entries_for(CheckIn, checkin.pk)
    assert entry.actor.username == "cadre" and entry.office == "cadre" and entry.remote_addr == "127.0.0.1"


def test_a_new_record_lists_only_its_own_fields_not_the_reverse_sides_of_relations() -> None:
    county = xiping()
    user = User.objects.create_user(username="audit-reverse", office="township_committee", region=county)
    changes = entries_for(User, user.pk).get().changes_dict
    assert "username" in changes
    assert not {"api_tokens", "password_history", "leave_notifications"} & set(changes)


def test_a_users_name_fields_read_as_what_they_hold() -> None:
    user = User.objects.create_user(
        username="audit-names", office="township_committee", region=xiping(), last_name="王五"
    )
    entry = entries_for(User, user.pk).get()
    labels = {change.field for change in display.rows([entry])[0].changes}
    assert {"姓名", "单位与职务"} <= labels and not {"名字", "姓氏"} & labels
