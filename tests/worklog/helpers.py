"""What the work log tests share: the demo cadre's team, a household of another village."""

from __future__ import annotations

from accounts.models import User
from teams.models import Membership, Team, Village
from tests.clock import TODAY
from worklog.models import Household


def cadre_user() -> User:
    return User.objects.get(username="cadre")


def cadre_team() -> Team:
    user = cadre_user()
    membership = (
        Membership.objects.filter(cadre_id=user.cadre_id or 0).active_on(TODAY).select_related("team").get()
    )
    return membership.team


def household(village: Village, head_name: str = "王建国", doorplate: str = "1组1号") -> Household:
    return Household.objects.get_or_create(village=village, head_name=head_name, doorplate=doorplate)[0]


def other_village(team: Team) -> Village:
    """A village of the same township as the team's (another team's), so the cadre could name it."""
    found = Village.objects.filter(township=team.village.township).exclude(pk=team.village_id).first()
    assert found is not None
    return found
