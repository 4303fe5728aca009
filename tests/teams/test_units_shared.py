"""Issue 16 item 5: units above a county (its city's, its province's, central ones) are shared by every
county below and read-only to each; a county edits only units of its own county and townships, and a
save never wipes a unit's region."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from teams import errors, services
from teams.models import DispatchingUnit, Region

pytestmark = pytest.mark.django_db


def _post(unit: DispatchingUnit, **changes: Any) -> dict[str, Any]:
    fields = {
        "name": unit.name,
        "level": unit.level,
        "kind": unit.kind,
        "staff_total": unit.staff_total or "",
        "headcount": unit.headcount or "",
        "region": unit.region_id or "",
    }
    return fields | changes


@pytest.fixture
def central() -> DispatchingUnit:
    return DispatchingUnit.objects.create(name="中国农业发展银行", level="central", kind="enterprise")


SHARED = {
    "city": lambda: DispatchingUnit.objects.get(name="驻马店市财政局"),
    "province": lambda: DispatchingUnit.objects.get(name="河南省农业农村厅"),
}


@pytest.fixture(params=["city", "province", "central"])
def shared(request: pytest.FixtureRequest) -> DispatchingUnit:
    if request.param == "central":
        return request.getfixturevalue("central")
    return SHARED[request.param]()


class TestAUnitAboveTheCounty:
    def test_its_page_opens_without_an_edit_link(self, as_user, shared) -> None:  # type: ignore[no-untyped-def]
        response = as_user("county").get(shared.get_absolute_url())
        assert response.status_code == 200
        body = response.content.decode()
        assert reverse("teams:unit_edit", args=[shared.pk]) not in body
        assert errors.UNIT_READ_ONLY_MSG in body

    def test_its_edit_page_is_forbidden(self, as_user, shared) -> None:  # type: ignore[no-untyped-def]
        assert as_user("county").get(reverse("teams:unit_edit", args=[shared.pk])).status_code == 403

    def test_a_post_to_it_changes_nothing(self, as_user, shared) -> None:  # type: ignore[no-untyped-def]
        before = DispatchingUnit.objects.values().get(pk=shared.pk)
        region = Region.objects.get(code="411721")
        url = reverse("teams:unit_edit", args=[shared.pk])
        response = as_user("county").post(url, _post(shared, name="改名", region=region.pk))
        assert response.status_code == 403
        after = DispatchingUnit.objects.values().get(pk=shared.pk)
        assert {k: v for k, v in after.items() if k != "updated_at"} == {
            k: v for k, v in before.items() if k != "updated_at"
        }

    def test_the_service_refuses_it_even_with_the_region_already_wiped(self, user, shared) -> None:  # type: ignore[no-untyped-def]
        """The form sets the instance's fields before the service runs: the check reads what is stored."""
        stored = (shared.name, shared.region_id)
        shared.name, shared.region = "改名", None
        with pytest.raises(errors.ServiceError) as refused:
            services.unit_save(actor=user("county"), unit=shared, name="改名", region=None)
        assert refused.value.code == errors.UNIT_READ_ONLY
        assert DispatchingUnit.objects.values_list("name", "region").get(pk=shared.pk) == stored

    def test_a_superuser_may_edit_it(self, as_user, shared) -> None:  # type: ignore[no-untyped-def]
        assert as_user("admin").get(reverse("teams:unit_edit", args=[shared.pk])).status_code == 200


def test_another_countys_city_unit_is_not_found(as_user) -> None:  # type: ignore[no-untyped-def]
    unit = SHARED["city"]()
    assert as_user("county2").get(unit.get_absolute_url()).status_code == 404
    assert as_user("county2").get(reverse("teams:unit_edit", args=[unit.pk])).status_code == 404


class TestAUnitOfTheCounty:
    def test_its_edit_link_is_shown(self, as_user) -> None:  # type: ignore[no-untyped-def]
        unit = DispatchingUnit.objects.get(name="西平县教育局")
        body = as_user("county").get(unit.get_absolute_url()).content.decode()
        assert reverse("teams:unit_edit", args=[unit.pk]) in body

    def test_saving_it_unchanged_keeps_its_region(self, as_user) -> None:  # type: ignore[no-untyped-def]
        unit = DispatchingUnit.objects.get(name="西平县教育局")
        response = as_user("county").post(reverse("teams:unit_edit", args=[unit.pk]), _post(unit))
        assert response.status_code == 302
        assert DispatchingUnit.objects.get(pk=unit.pk).region_id == unit.region_id

    def test_a_township_unit_keeps_its_township(self, as_user) -> None:  # type: ignore[no-untyped-def]
        """The form once offered counties only: saving a township's unit emptied its region."""
        unit = DispatchingUnit.objects.get(name="平阴县榆山街道办事处")
        url = reverse("teams:unit_edit", args=[unit.pk])
        response = as_user("county2").post(url, _post(unit, headcount=41))
        assert response.status_code == 302
        saved = DispatchingUnit.objects.get(pk=unit.pk)
        assert (saved.headcount, saved.region.name) == (41, "榆山街道")  # type: ignore[union-attr]

    def test_its_region_cannot_be_emptied(self, as_user) -> None:  # type: ignore[no-untyped-def]
        unit = DispatchingUnit.objects.get(name="西平县教育局")
        response = as_user("county").post(reverse("teams:unit_edit", args=[unit.pk]), _post(unit, region=""))
        assert response.status_code == 200 and response.context["form"].errors["region"]
        assert DispatchingUnit.objects.get(pk=unit.pk).region_id == unit.region_id

    def test_the_edit_form_offers_only_the_countys_own_regions(self, as_user) -> None:  # type: ignore[no-untyped-def]
        unit = DispatchingUnit.objects.get(name="西平县教育局")
        form = as_user("county").get(reverse("teams:unit_edit", args=[unit.pk])).context["form"]
        offered = {r.name for r in form.fields["region"].queryset}
        assert offered == {"西平县", "柏城街道", "五沟营镇", "权寨镇", "师灵镇"}

    def test_the_service_does_not_move_it_above_the_county(self, user) -> None:  # type: ignore[no-untyped-def]
        unit = DispatchingUnit.objects.get(name="西平县教育局")
        city = Region.objects.get(code="411700")
        with pytest.raises(errors.ServiceError) as refused:
            services.unit_save(actor=user("county"), unit=unit, region=city)
        assert refused.value.code == errors.UNIT_REGION_OUTSIDE
        assert DispatchingUnit.objects.get(pk=unit.pk).region_id == Region.objects.get(code="411721").pk


class TestANewUnit:
    def test_the_form_offers_the_county_its_townships_city_and_province(self, as_user) -> None:  # type: ignore[no-untyped-def]
        form = as_user("county").get(reverse("teams:unit_create")).context["form"]
        offered = {r.name for r in form.fields["region"].queryset}
        assert offered == {"河南省", "驻马店市", "西平县", "柏城街道", "五沟营镇", "权寨镇", "师灵镇"}

    def test_a_county_registers_a_central_unit_which_is_then_read_only_to_it(self, as_user) -> None:  # type: ignore[no-untyped-def]
        client = as_user("county")
        response = client.post(
            reverse("teams:unit_create"),
            {"name": "中国邮政储蓄银行", "level": "central", "kind": "enterprise"},
        )
        unit = DispatchingUnit.objects.get(name="中国邮政储蓄银行")
        assert response.status_code == 302 and unit.region is None
        assert client.get(reverse("teams:unit_edit", args=[unit.pk])).status_code == 403

    def test_it_cannot_be_placed_in_another_province(self, user) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(errors.ServiceError) as refused:
            services.unit_save(
                actor=user("county"),
                name="济南市测试局",
                level="city",
                kind="organ",
                region=Region.objects.get(code="370100"),
            )
        assert refused.value.code == errors.OUTSIDE_JURISDICTION
        assert not DispatchingUnit.objects.filter(name="济南市测试局").exists()
