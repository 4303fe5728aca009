"""The county office's forms: valid input is saved; bad input or a double post is explained, never written."""

import datetime

import pytest
from django.urls import reverse

from teams import errors, idcard
from teams.models import Cadre, Membership, Team, Village

pytestmark = pytest.mark.django_db


def _cadre_post(number: str, **extra: str) -> dict[str, str]:
    return {
        "id_number": number,
        "name": "新干部",
        "party_status": "member",
        "rank": "section",
        "expertise": "economic",
        **extra,
    }


def test_the_county_registers_a_cadre(as_user) -> None:  # type: ignore[no-untyped-def]
    number = idcard.make("411721", datetime.date(1991, 5, 6), 77, "F")
    response = as_user("county").post(reverse("teams:cadre_create"), _cadre_post(number))
    cadre = Cadre.objects.get(id_number=number)
    assert response.status_code == 302 and response["Location"] == cadre.get_absolute_url()
    assert (cadre.sex, cadre.county.code) == ("F", "411721")


def test_full_width_digits_and_a_lowercase_x_are_normalised(as_user) -> None:  # type: ignore[no-untyped-def]
    number = "11010519491231002X"
    typed = number[:17].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "x"
    as_user("county").post(reverse("teams:cadre_create"), _cadre_post(typed))
    assert Cadre.objects.filter(id_number=number).exists()


def test_a_double_post_saves_once_and_explains_the_second(as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user("county")
    number = idcard.make("411721", datetime.date(1992, 7, 8), 78, "M")
    client.post(reverse("teams:cadre_create"), _cadre_post(number))
    second = client.post(reverse("teams:cadre_create"), _cadre_post(number))
    assert Cadre.objects.filter(id_number=number).count() == 1
    assert second.status_code == 200 and "已" in second.context["form"].errors["id_number"][0]


def test_a_sex_disagreeing_with_the_id_is_explained(as_user) -> None:  # type: ignore[no-untyped-def]
    number = idcard.make("411721", datetime.date(1993, 1, 2), 79, "M")
    response = as_user("county").post(reverse("teams:cadre_create"), _cadre_post(number, sex="F"))
    assert errors.CADRE_SEX_MISMATCH_MSG.format(expected="男") in response.context["form"].errors["sex"]
    assert not Cadre.objects.filter(id_number=number).exists()


def test_a_second_active_team_in_a_village_is_explained(as_user) -> None:  # type: ignore[no-untyped-def]
    village = Village.objects.get(name="李楼村")
    before = Team.objects.count()
    response = as_user("county").post(
        reverse("teams:team_create"),
        {"village": village.pk, "term_start": "2026-01-01", "term_end": "2027-12-31"},
    )
    assert "同一村不能同时有两支在驻工作队" in response.content.decode()
    assert Team.objects.count() == before


def test_a_membership_ending_before_it_starts_is_explained(as_user) -> None:  # type: ignore[no-untyped-def]
    team = Team.objects.get(village__name="张庄村", term_start=datetime.date(2025, 3, 1))
    cadre = team.memberships.first().cadre  # type: ignore[union-attr]
    before = Membership.objects.count()
    response = as_user("county").post(
        reverse("teams:membership_create", args=[team.pk]),
        {
            "cadre": cadre.pk,
            "role": "member",
            "dispatching_unit": team.memberships.first().dispatching_unit_id,  # type: ignore[union-attr]
            "start": "2026-06-01",
            "end": "2026-05-01",
        },
    )
    assert "派驻结束日期不能早于开始日期" in response.content.decode()
    assert Membership.objects.count() == before


@pytest.mark.parametrize("username", ["bureau", "township", "unit", "city", "cadre"])
def test_only_the_county_office_opens_the_forms(as_user, username: str) -> None:  # type: ignore[no-untyped-def]
    assert as_user(username).get(reverse("teams:cadre_create")).status_code == 403


def test_the_search_answers_htmx_with_the_table_only(as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user("county").get(reverse("teams:village_list"), {"q": "李楼"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "李楼村" in body and "<html" not in body


@pytest.mark.parametrize("params", [{"township": "abc"}, {"unit": "1;DROP"}, {"page": "x"}, {"flag": "nope"}])
def test_garbage_filters_are_ignored_not_an_error(as_user, params: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    for name in ("teams:village_list", "teams:team_list", "teams:cadre_list", "teams:unit_list"):
        assert as_user("county").get(reverse(name), params).status_code == 200


class TestADuplicateIdNumber:
    """Who already has the ID is said only to a user who may see that cadre; to anyone else, not even
    which county (that would tell where a person works from their ID number)."""

    def test_a_cadre_of_the_county_is_named_with_a_link(self, as_user) -> None:  # type: ignore[no-untyped-def]
        existing = Cadre.objects.filter(county__code="411721").first()
        assert existing is not None
        response = as_user("county").post(reverse("teams:cadre_create"), _cadre_post(existing.id_number))
        [message] = response.context["form"].errors["id_number"]
        assert message.startswith(errors.CADRE_DUPLICATE_MSG.format(county="西平县", name=existing.name))
        assert f'href="{existing.get_absolute_url()}"' in message
        body = response.content.decode()
        assert f'<a href="{existing.get_absolute_url()}">查看{existing.name}的记录</a>' in body
        assert "已存在" not in body

    def test_a_cadre_of_another_county_is_not_named(self, as_user) -> None:  # type: ignore[no-untyped-def]
        other = Cadre.objects.filter(county__code="370124").first()
        assert other is not None
        before = Cadre.objects.count()
        response = as_user("county").post(reverse("teams:cadre_create"), _cadre_post(other.id_number))
        assert response.context["form"].errors["id_number"] == [errors.CADRE_DUPLICATE_ELSEWHERE_MSG]
        body = response.content.decode()
        village = other.memberships.select_related("team__village").first().team.village.name  # type: ignore[union-attr]
        for secret in (other.name, "平阴县", village, other.get_absolute_url()):
            assert secret not in body
        assert Cadre.objects.count() == before

    def test_editing_a_cadre_to_anothers_id_is_explained_the_same_way(self, as_user) -> None:  # type: ignore[no-untyped-def]
        mine, other = Cadre.objects.filter(county__code="411721").order_by("pk")[:2]
        response = as_user("county").post(
            reverse("teams:cadre_edit", args=[mine.pk]),
            _cadre_post(other.id_number, name=mine.name),
        )
        [message] = response.context["form"].errors["id_number"]
        assert message.startswith(errors.CADRE_DUPLICATE_MSG.format(county="西平县", name=other.name))
        mine.refresh_from_db()
        assert mine.id_number != other.id_number

    def test_a_duplicate_unit_name_gets_the_services_message(self, as_user) -> None:  # type: ignore[no-untyped-def]
        response = as_user("county").post(
            reverse("teams:unit_create"), {"name": "西平县教育局", "level": "county", "kind": "organ"}
        )
        [message] = response.context["form"].errors["name"]
        assert message.startswith(errors.UNIT_DUPLICATE_MSG.format(name="西平县教育局"))


def test_the_forms_carry_the_policy_facts(as_user) -> None:  # type: ignore[no-untyped-def]
    """Issue 10: JN-TEAM-ORIGIN's key village, JN-MATCH's untapped resources, SC-QUOTA's 干部职工人数,
    QH-BILINGUAL / SC-STAFF (empty = not recorded) and ALL-NO-WITHDRAW's 撤离日期 are on the forms."""
    from teams.forms import CadreForm, TeamForm, UnitForm, VillageForm

    assert {"is_key_village", "has_untapped_resources"} <= set(VillageForm.base_fields)
    assert {"staff_total", "headcount"} <= set(UnitForm.base_fields)
    assert {"is_bilingual", "is_on_staff"} <= set(CadreForm.base_fields)
    assert "withdrawn_on" in TeamForm.base_fields
    number = idcard.make("411721", datetime.date(1990, 3, 4), 81, "M")
    as_user("county").post(reverse("teams:cadre_create"), _cadre_post(number, is_on_staff="true"))
    cadre = Cadre.objects.get(id_number=number)
    assert (cadre.is_bilingual, cadre.is_on_staff) == (None, True)


def test_a_withdrawal_before_the_term_is_explained(as_user) -> None:  # type: ignore[no-untyped-def]
    from teams.forms import TEAM_WITHDRAWN_BEFORE_START_MSG

    team = Team.objects.filter(village__name="李楼村").order_by("-term_start").first()
    assert team is not None
    response = as_user("county").post(
        reverse("teams:team_edit", args=[team.pk]),
        {
            "village": team.village_id,
            "term_start": f"{team.term_start:%Y-%m-%d}",
            "term_end": f"{team.term_end:%Y-%m-%d}" if team.term_end else "",
            "withdrawn_on": f"{team.term_start - datetime.timedelta(days=1):%Y-%m-%d}",
        },
    )
    assert response.context["form"].errors["withdrawn_on"] == [TEAM_WITHDRAWN_BEFORE_START_MSG]
    team.refresh_from_db()
    assert team.withdrawn_on is None
