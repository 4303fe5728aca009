"""Small builders for the assessment tests: the demo world holds no round; a test opens its own."""

from __future__ import annotations

from accounts.models import User
from assessment import services
from assessment.models import AssessmentEntry, AssessmentRound
from teams.choices import Role
from tests.clock import TODAY

YEAR = TODAY.year
# The county office of each demo county, and its policy.
COUNTY_OF = {"zhumadian": "county", "jinan": "county2", "qinghai": "county_qh", "sichuan": "county_sc"}


def user(username: str) -> User:
    return User.objects.get(username=username)


def open_round(county_login: str, year: int = YEAR) -> AssessmentRound:
    return services.round_open(user=user(county_login), year=year, today=TODAY)


def entries(round_: AssessmentRound, role: str = Role.MEMBER) -> list[AssessmentEntry]:
    return list(round_.entries.filter(role=role).select_related("cadre").order_by("pk"))


def entry_in_township(round_: AssessmentRound, township: str, role: str = Role.MEMBER) -> AssessmentEntry:
    found = round_.entries.filter(township__name=township, role=role).order_by("pk").first()
    assert found is not None, f"no {role} in {township}"
    return found


def keep_members(round_: AssessmentRound, count: int) -> list[AssessmentEntry]:
    """Leave exactly ``count`` team members in the round (first secretaries stay): the cap's base."""
    members = entries(round_)
    assert len(members) >= count, f"the round has only {len(members)} members"
    AssessmentEntry.objects.filter(pk__in=[e.pk for e in members[count:]]).delete()
    return members[:count]
