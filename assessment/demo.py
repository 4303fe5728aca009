"""The demo opens no assessment round: each county office opens its own by hand. What the demo adds is a
login for every office the county's policy gives a part in the round (``assessment_route``), so that
every round can be run to its end: under Qinghai a township committee for each township with cadres
(QH-ANNUAL: 乡镇党委提出意见), under Zhumadian each dispatching unit serving in the county (ZMD-ANNUAL: 由派驻
单位…进行). Existing logins are kept; the ones added here are named by the region code or the unit id.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q

from accounts.models import Office, User
from teams.county_policy import county_policy
from teams.demo import DEMO_PASSWORD
from teams.models import DispatchingUnit, Membership, Region
from teams.rules.assessment import assessment_route


def _serving(county: Region, year: int) -> Q:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return Q(team__village__township__parent=county, start__lte=end) & (
        Q(end__isnull=True) | Q(end__gte=start)
    )


@transaction.atomic
def build_assessment_demo(today: datetime.date) -> dict[str, int]:
    password = make_password(DEMO_PASSWORD)
    added: list[User] = []
    for county in Region.objects.filter(level="county").order_by("code"):
        route = assessment_route(county_policy(county, datetime.date(today.year, 12, 31)))
        postings = Membership.objects.filter(_serving(county, today.year))
        if route.proposer == Office.TOWNSHIP_COMMITTEE:
            townships = Region.objects.filter(pk__in=postings.values("team__village__township"))
            covered = set(
                User.objects.filter(office=Office.TOWNSHIP_COMMITTEE).values_list("region_id", flat=True)
            )
            added += [
                User(
                    username=f"township_{t.code}",
                    office=Office.TOWNSHIP_COMMITTEE,
                    first_name=f"{county.name}{t.name}党委",
                    region=t,
                    password=password,
                )
                for t in townships.order_by("code")
                if t.pk not in covered
            ]
        if route.decider == Office.DISPATCHING_UNIT:
            units = DispatchingUnit.objects.filter(pk__in=postings.values("dispatching_unit"))
            covered = set(
                User.objects.filter(office=Office.DISPATCHING_UNIT).values_list(
                    "dispatching_unit_id", flat=True
                )
            )
            added += [
                User(
                    username=f"unit_{u.pk}",
                    office=Office.DISPATCHING_UNIT,
                    first_name=u.name,
                    dispatching_unit=u,
                    password=password,
                )
                for u in units.order_by("name")
                if u.pk not in covered
            ]
    User.objects.bulk_create(added)
    return {"assessment_logins": len(added)}


def assessment_logins() -> list[User]:
    """The logins added by ``build_assessment_demo``, for the demo's list of logins."""
    return list(
        User.objects.filter(Q(username__startswith="township_") | Q(username__startswith="unit_"))
        .exclude(username__in=["township_qh", "township_sc"])
        .order_by("username")
    )
