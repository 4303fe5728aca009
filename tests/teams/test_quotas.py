"""Sichuan's dispatch quotas and coverage: a provincial unit with 100 staff must send 4 (SC-QUOTA: 3 is a
finding, 4 none); a registered poor village without a current team is SC-COVER's finding; an aiding
county's people against the aided county's poor villages (SC-AID, soft)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from teams import quotas
from teams.county_policy import county_policy
from teams.models import AidPairing, DispatchingUnit, Membership, Region, Team, Village
from tests.builders import make_cadre
from tests.clock import TODAY

pytestmark = pytest.mark.django_db
SICHUAN_COUNTY = "510824"  # 苍溪县


def _provincial_unit(staff: int) -> DispatchingUnit:
    return DispatchingUnit.objects.create(
        name="四川省测试厅",
        level="province",
        kind="organ",
        staff_total=staff,
        region=Region.objects.get(code="510000"),
    )


def _send(unit: DispatchingUnit, people: int) -> None:
    team = Team.objects.active_on(TODAY).get(village__name="红旗村")
    for _ in range(people):
        Membership.objects.create(
            team=team,
            cadre=make_cadre("苍溪县"),
            role="member",
            dispatching_unit=unit,
            start=team.term_start,
            end=team.term_end,
        )


def _row(user: Any, unit: DispatchingUnit) -> quotas.UnitRow:
    county = Region.objects.get(code=SICHUAN_COUNTY)
    view = quotas.county_quotas(user, county, TODAY)
    return next(r for r in view.units if r.unit == unit)


@pytest.mark.parametrize(("sent", "short"), [(3, True), (4, False)])
def test_the_quota_boundary(user: Any, sent: int, short: bool) -> None:
    unit = _provincial_unit(100)
    _send(unit, sent)
    row = _row(user("county_sc"), unit)
    assert (row.staff, row.required, row.dispatched) == (100, 4, sent)
    assert [f.provision for f in row.findings] == (["SC-QUOTA"] if short else [])


def test_a_county_unit_is_not_bound_by_the_quota(user: Any) -> None:
    county = Region.objects.get(code=SICHUAN_COUNTY)
    view = quotas.county_quotas(user("county_sc"), county, TODAY)
    assert view.units and {r.unit.level for r in view.units} <= {"central", "province"}


def test_a_poor_village_without_a_team_is_a_coverage_finding(user: Any) -> None:
    county = Region.objects.get(code=SICHUAN_COUNTY)
    view = quotas.county_quotas(user("county_sc"), county, TODAY)
    [(village, findings)] = view.uncovered
    assert village.name == "五一村"
    assert [f.provision for f in findings] == ["SC-COVER"]


def test_a_poor_village_with_a_team_is_covered(user: Any) -> None:
    county = Region.objects.get(code=SICHUAN_COUNTY)
    village = Village.objects.get(name="五一村")
    Team.objects.create(village=village, term_start=TODAY, term_end=None)
    assert quotas.county_quotas(user("county_sc"), county, TODAY).uncovered == []


def test_an_aiding_county_short_of_its_share(user: Any) -> None:
    aided = Region.objects.get(code=SICHUAN_COUNTY)
    aiding = Region.objects.create(
        code="510821", name="旺苍县", level="county", parent=aided.parent, policy_code="sichuan"
    )
    AidPairing.objects.create(aiding_county=aiding, aided_county=aided)
    [row] = quotas.county_quotas(user("county_sc"), aided, TODAY).aid
    poor = Village.objects.filter(township__parent=aided, is_registered_poor=True).count()
    assert (row.poor_villages, row.dispatched) == (poor, 0)
    assert [(f.provision, f.severity) for f in row.findings] == [("SC-AID", "warning")]
    assert county_policy(aided, TODAY).in_force("SC-AID") is not None


class TestPages:
    def test_the_county_reads_its_page(self, as_user: Any) -> None:
        county = Region.objects.get(code=SICHUAN_COUNTY)
        response = as_user("county_sc").get(reverse("teams:quota_detail", args=[county.pk]))
        assert response.status_code == 200
        assert "五一村" in response.content.decode()

    def test_the_county_index_goes_to_its_own_page(self, as_user: Any) -> None:
        county = Region.objects.get(code=SICHUAN_COUNTY)
        response = as_user("county_sc").get(reverse("teams:quota_list"))
        assert response.status_code == 302
        assert response["Location"] == reverse("teams:quota_detail", args=[county.pk])

    def test_a_zhumadian_county_has_no_quota(self, as_user: Any) -> None:
        county = Region.objects.get(code="411721")
        response = as_user("county").get(reverse("teams:quota_detail", args=[county.pk]))
        assert response.status_code == 200
        assert response.context["view"].applies is False

    def test_another_county_gets_404(self, as_user: Any) -> None:
        county = Region.objects.get(code=SICHUAN_COUNTY)
        assert as_user("county").get(reverse("teams:quota_detail", args=[county.pk])).status_code == 404
