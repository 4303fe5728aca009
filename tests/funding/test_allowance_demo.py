"""The demo's payments, insurance and health checks (built here, not in the session world)."""

from __future__ import annotations

import pytest

from funding import allowance_selectors, insurance_selectors
from funding.allowance_demo import build_allowance_demo
from funding.models import AllowancePayment
from teams.models import Membership, Region
from tests.clock import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def counts() -> dict[str, int]:
    return build_allowance_demo(TODAY)


def test_the_demo_pays_past_certified_months_some_short(counts: dict[str, int]) -> None:
    assert (
        counts["allowance_payments"] > 0 and 0 < counts["allowance_underpaid"] < counts["allowance_payments"]
    )
    payment = AllowancePayment.objects.order_by("year", "month").first()
    assert payment is not None
    rows = allowance_selectors.allowance(
        Membership.objects.filter(team__village__township__parent=payment.county), payment.year, payment.month
    )
    findings = [f.provision for r in rows for f in r.findings]
    assert set(findings) <= {"QH10-ALLOWANCE", "ZMD-ALLOWANCE"} and findings


def test_the_demo_insures_most_cadres_and_leaves_some_lacking(counts: dict[str, int]) -> None:
    county = Region.objects.get(name="乐都区")
    scope = Membership.objects.all()
    lacking = insurance_selectors.lacking(scope, county, TODAY.year, TODAY)
    serving = Membership.objects.active_on(TODAY).filter(team__village__township__parent=county)
    assert 0 < len(lacking) < serving.values("cadre").distinct().count()
    assert counts["insurances"] > 0 and counts["health_checks"] > 0
