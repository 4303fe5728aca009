"""The month summaries follow a membership change, so province figures never use stale assigned days."""

import datetime

import pytest

from attendance.models import CadreMonthSummary
from teams import services
from teams.choices import Role
from teams.models import Membership

pytestmark = pytest.mark.django_db
OCTOBER = (2026, 10)  # the last finished month on tests.clock.TODAY: summarised, not yet certified


def _summarised_member() -> Membership:
    summary = (
        CadreMonthSummary.objects.filter(
            year=OCTOBER[0], month=OCTOBER[1], county__code="411721", assigned_days=31
        )
        .order_by("cadre_id")
        .first()
    )
    assert summary is not None, "the demo has a year of attendance"
    return Membership.objects.get(
        cadre_id=summary.cadre_id, role=Role.MEMBER, end__gte=datetime.date(2026, 10, 31)
    )


def test_shortening_a_membership_recomputes_the_months_assigned_days(user) -> None:  # type: ignore[no-untyped-def]
    membership = _summarised_member()
    services.membership_end(
        actor=user("county"), membership=membership, end=datetime.date(2026, 10, 15), reason="调回原单位"
    )
    summary = CadreMonthSummary.objects.get(cadre_id=membership.cadre_id, year=OCTOBER[0], month=OCTOBER[1])
    assert summary.assigned_days == 15


def test_the_pro_rated_minimum_follows_too(user) -> None:  # type: ignore[no-untyped-def]
    membership = _summarised_member()
    services.membership_end(
        actor=user("county"), membership=membership, end=datetime.date(2026, 10, 15), reason="调回原单位"
    )
    summary = CadreMonthSummary.objects.get(cadre_id=membership.cadre_id, year=OCTOBER[0], month=OCTOBER[1])
    assert summary.required == 10  # ZMD-MONTH 20 days × 15/31, rounded up (convention 4)
