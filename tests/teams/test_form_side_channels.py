"""Issue 16 item 3 (forms): the cadre and unit forms of 平阴县 (county2) learn nothing of 西平县's records
but what the user may know — that an ID number is registered in another county, that a unit name is
taken — never whose, where, in which village or since when."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from teams import errors, idcard
from teams.models import Cadre, DispatchingUnit, Membership

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


def _unit_post(name: str, **extra: str) -> dict[str, str]:
    return {"name": name, "level": "county", "kind": "organ", **extra}


def _xiping_cadre() -> Cadre:
    """A 西平县 cadre with a posting, so there is a village and dates that must not show."""
    membership = Membership.objects.filter(team__village__township__parent__code="411721").first()
    assert membership is not None
    return membership.cadre


def _secrets_of(cadre: Cadre) -> list[str]:
    """What county2 must not read about a 西平县 cadre."""
    found = [cadre.name, "西平县", "驻马店市", cadre.get_absolute_url()]
    for m in Membership.objects.filter(cadre=cadre).select_related("team__village__township"):
        found += [m.team.village.name, m.team.village.township.name, m.dispatching_unit.name]
        found += [f"{m.start:%Y-%m-%d}", f"{m.start:%Y年%-m月}"]
    return found


class TestAnIdNumberOfAnotherCounty:
    def test_registering_it_says_only_that_it_is_registered_elsewhere(self, as_user) -> None:  # type: ignore[no-untyped-def]
        cadre = _xiping_cadre()
        response = as_user("county2").post(reverse("teams:cadre_create"), _cadre_post(cadre.id_number))
        assert response.context["form"].errors["id_number"] == [errors.CADRE_DUPLICATE_ELSEWHERE_MSG]
        body = response.content.decode()
        for secret in _secrets_of(cadre):
            assert secret not in body

    def test_registering_it_writes_nothing(self, as_user) -> None:  # type: ignore[no-untyped-def]
        cadre = _xiping_cadre()
        before = Cadre.objects.count()
        as_user("county2").post(reverse("teams:cadre_create"), _cadre_post(cadre.id_number))
        assert Cadre.objects.count() == before
        assert Cadre.objects.get(id_number=cadre.id_number).county.code == "411721"

    def test_editing_a_cadre_to_it_says_the_same(self, as_user) -> None:  # type: ignore[no-untyped-def]
        cadre = _xiping_cadre()
        mine = Cadre.objects.filter(county__code="370124").order_by("pk").first()
        assert mine is not None
        response = as_user("county2").post(
            reverse("teams:cadre_edit", args=[mine.pk]), _cadre_post(cadre.id_number, name=mine.name)
        )
        assert response.context["form"].errors["id_number"] == [errors.CADRE_DUPLICATE_ELSEWHERE_MSG]
        body = response.content.decode()
        for secret in _secrets_of(cadre):
            assert secret not in body
        assert Cadre.objects.get(pk=mine.pk).id_number == mine.id_number

    def test_an_unused_number_is_registered(self, as_user) -> None:  # type: ignore[no-untyped-def]
        number = idcard.make("370124", datetime.date(1990, 3, 4), 55, "M")
        response = as_user("county2").post(reverse("teams:cadre_create"), _cadre_post(number))
        assert response.status_code == 302
        assert Cadre.objects.get(id_number=number).county.code == "370124"


class TestAUnitNameOfAnotherCounty:
    def test_registering_it_says_only_that_the_name_is_taken(self, as_user) -> None:  # type: ignore[no-untyped-def]
        unit = DispatchingUnit.objects.get(name="西平县教育局")
        response = as_user("county2").post(reverse("teams:unit_create"), _unit_post(unit.name))
        assert response.context["form"].errors["name"] == [errors.UNIT_NAME_TAKEN_MSG]
        body = response.content.decode()
        for secret in (unit.get_absolute_url(), "驻马店市", "查看"):
            assert secret not in body
        assert DispatchingUnit.objects.filter(name=unit.name).count() == 1

    def test_renaming_a_unit_to_it_says_the_same(self, as_user) -> None:  # type: ignore[no-untyped-def]
        mine = DispatchingUnit.objects.get(name="平阴县财政局")
        url = reverse("teams:unit_edit", args=[mine.pk])
        response = as_user("county2").post(url, _unit_post("西平县教育局", region=str(mine.region_id)))
        assert response.context["form"].errors["name"] == [errors.UNIT_NAME_TAKEN_MSG]
        assert DispatchingUnit.objects.get(pk=mine.pk).name == "平阴县财政局"

    def test_a_unit_the_county_sees_is_named_with_a_link(self, as_user) -> None:  # type: ignore[no-untyped-def]
        unit = DispatchingUnit.objects.get(name="济南市农业农村局")  # 平阴县's city: shared, visible
        response = as_user("county2").post(reverse("teams:unit_create"), _unit_post(unit.name))
        [message] = response.context["form"].errors["name"]
        assert message.startswith(errors.UNIT_DUPLICATE_MSG.format(name=unit.name))
        assert f'href="{unit.get_absolute_url()}"' in message
