"""Attendance-day pages and API: what each office sees, and 404 outside the jurisdiction everywhere."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from attendance.models import AbsenceExplanation, AttendanceDay, CheckIn
from teams.models import Cadre, Membership, Region, Team
from tests.clock import TODAY

pytestmark = pytest.mark.django_db


def xiping_cadre() -> Cadre:
    membership = Membership.objects.active_on(TODAY).filter(team__village__township__name="五沟营镇").first()
    assert membership is not None
    return membership.cadre


@pytest.mark.parametrize(
    "name",
    [
        "grid_form",
        "compliance_list",
        "spot_check_list",
        "explanation_list",
        "calendar_form",
        "checkin_list",
    ],
)
def test_pages_render(as_user, name: str) -> None:
    user = "township" if name in ("grid_form", "checkin_list") else "county"
    response = as_user(user).get(reverse(f"attendance:{name}"))
    assert response.status_code == 200


def test_checkin_page_for_cadre(as_user) -> None:
    assert as_user("cadre").get(reverse("attendance:checkin_form")).status_code == 200
    assert as_user("county").get(reverse("attendance:checkin_form")).status_code == 404


def test_grid_saves_codes_and_fill(as_user) -> None:
    cadre = xiping_cadre()
    township = Region.objects.get(name="五沟营镇")
    client = as_user("township")
    AttendanceDay.objects.filter(cadre=cadre, date=datetime.date(2026, 11, 23)).delete()
    response = client.post(
        reverse("attendance:grid_form"),
        {"month": "2026-11", "township": township.pk, f"c_{cadre.pk}_23": "g"},
    )
    assert response.status_code == 302
    assert AttendanceDay.objects.get(cadre=cadre, date=datetime.date(2026, 11, 23)).status == "business"
    client.post(
        reverse("attendance:grid_form"),
        {
            "month": "2026-11",
            "township": township.pk,
            "action": "fill",
            "fill_code": "Z",
            "fill_from": 1,
            "fill_to": 30,
        },
    )
    assert (
        AttendanceDay.objects.get(cadre=cadre, date=datetime.date(2026, 11, 23)).status == "business"
    )  # kept
    page = client.get(reverse("attendance:grid_form") + f"?month=2026-11&township={township.pk}")
    assert f'name="c_{cadre.pk}_23" value="G"' in page.content.decode()


def test_compliance_xlsx_is_formula_safe(as_user) -> None:
    Cadre.objects.filter(pk=xiping_cadre().pk).update(name="=HYPERLINK(1)")
    response = as_user("county").get(reverse("attendance:compliance_list") + "?month=2026-10&format=xlsx")
    assert response.status_code == 200
    import io
    import zipfile

    sheet = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml").decode()
    assert "'=HYPERLINK(1)" in sheet or "&apos;=HYPERLINK" in sheet


def test_outside_jurisdiction_is_404(as_user) -> None:
    xiping_team = Team.objects.filter(village__township__name="五沟营镇").first()
    assert xiping_team is not None
    xiping_township = Region.objects.get(name="五沟营镇")
    xiping_county = Region.objects.get(name="西平县")
    expl = AbsenceExplanation.objects.filter(county=xiping_county).first()
    checkin = CheckIn.objects.filter(county=xiping_county).first()
    assert expl is not None and checkin is not None
    county2 = as_user("county2")
    township2 = as_user("township2")
    assert county2.get(reverse("attendance:explanation_detail", args=[expl.pk])).status_code == 404
    assert (
        county2.post(reverse("attendance:explanation_detail", args=[expl.pk]), {"step": "send"}).status_code
        == 404
    )
    assert (
        township2.post(reverse("attendance:checkin_review", args=[checkin.pk]), {"accept": "1"}).status_code
        == 404
    )
    assert township2.get(reverse("attendance:grid_form") + f"?team={xiping_team.pk}").status_code == 404
    assert (
        township2.get(reverse("attendance:grid_form") + f"?township={xiping_township.pk}").status_code == 404
    )
    assert (
        township2.post(
            reverse("attendance:certification_form"), {"township": xiping_township.pk, "month": "2026-10"}
        ).status_code
        == 404
    )
    assert (
        county2.get(reverse("attendance:compliance_list") + f"?county={xiping_county.pk}").status_code == 404
    )
    assert county2.get(reverse("attendance:calendar_form") + f"?county={xiping_county.pk}").status_code == 404
    assert (
        township2.post(
            reverse("attendance:spot_check_list"),
            {"cadre": xiping_cadre().pk, "method": "phone", "result": "present"},
        ).status_code
        == 404
    )
    # Lists show nothing of the other county.
    page = county2.get(reverse("attendance:explanation_list")).content.decode()
    assert expl.cadre.name not in page
    assert county2.get(reverse("attendance:checkin_list") + "?all=1").content.decode().count("过远") <= 1
    # The unit sees only explanations of its own cadres.
    other_unit = AbsenceExplanation.objects.exclude(dispatching_unit__name="西平县教育局").first()
    if other_unit is not None:
        assert (
            as_user("unit").get(reverse("attendance:explanation_detail", args=[other_unit.pk])).status_code
            == 404
        )


def test_api_checkin_and_month(as_user) -> None:
    client = as_user("cadre")
    response = client.post(
        "/api/v1/checkins/",
        {"latitude": "91", "longitude": "114", "accuracy": 10},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["detail"]
    response = client.post("/api/v1/checkins/", {"latitude": "x"}, content_type="application/json")
    assert response.status_code == 400
    response = client.post(
        "/api/v1/checkins/",
        {"latitude": "30.1", "longitude": "114.0", "accuracy": 10},
        content_type="application/json",
    )
    assert (
        response.status_code == 201 and response.json()["far"] is True and response.json()["counted"] is False
    )
    assert (
        as_user("county")
        .post(
            "/api/v1/checkins/",
            {"latitude": "30.1", "longitude": "114.0", "accuracy": 10},
            content_type="application/json",
        )
        .status_code
        == 403
    )
    mine = client.get("/api/v1/attendance/?month=2026-10").json()
    assert mine["month"] == "2026-10" and len(mine["days"]) > 0
    cadre = xiping_cadre()
    assert as_user("county").get(f"/api/v1/attendance/?cadre={cadre.pk}&month=2026-10").status_code == 200
    assert as_user("county2").get(f"/api/v1/attendance/?cadre={cadre.pk}&month=2026-10").status_code == 404
    # A cadre reads their own month (200) and no one else's, not even a colleague's in the township (404).
    own = Cadre.objects.get(user__username="cadre")
    colleague = (
        Membership.objects.active_on(TODAY)
        .filter(team__village__township__name="五沟营镇")
        .exclude(cadre=own)
    )
    other = colleague.order_by("cadre_id").first()
    assert other is not None
    assert client.get(f"/api/v1/attendance/?cadre={own.pk}&month=2026-10").status_code == 200
    assert client.get(f"/api/v1/attendance/?cadre={other.cadre_id}&month=2026-10").status_code == 404
    assert as_user("county").get("/api/v1/attendance/?cadre=abc&month=2026-10").status_code == 400
    assert as_user("county").get(f"/api/v1/attendance/?cadre={cadre.pk}&month=2026-13").status_code == 400
    body = as_user("county2").get(f"/api/v1/attendance/?cadre={cadre.pk}&month=2026-10").json()
    assert body["detail"] == "未找到，或不在您的管辖范围内"


def _position_of_the_demo_cadres_village() -> dict[str, str]:
    cadre = Cadre.objects.get(user__username="cadre")
    village = Membership.objects.filter(cadre=cadre).active_on(TODAY).get().team.village
    return {"latitude": str(village.latitude), "longitude": str(village.longitude), "accuracy": "15"}


def test_a_double_tap_on_the_checkin_page_stores_one_and_says_so(as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user("cadre")
    before = CheckIn.objects.filter(cadre__user__username="cadre").count()
    position = _position_of_the_demo_cadres_village()

    client.post(reverse("attendance:checkin_form"), position)
    page = client.post(reverse("attendance:checkin_form"), position, follow=True).content.decode()

    assert CheckIn.objects.filter(cadre__user__username="cadre").count() == before + 1
    assert "已打卡，本次未重复记录" in page


def test_the_api_answers_a_repeated_checkin_with_the_first(as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user("cadre")
    position = _position_of_the_demo_cadres_village()

    first = client.post("/api/v1/checkins/", position, content_type="application/json")
    again = client.post("/api/v1/checkins/", position, content_type="application/json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert "本次未重复记录" in again.json()["message"]
