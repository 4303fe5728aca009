"""Member changes filed (ZMD-CHANGE): every change of a team's members — by the forms, the roster import
or a recall — is one record; a Zhumadian swap filed on day 3 is on time, on day 4 late, and the ledger
(台账) and its xlsx list it. A leave or swap without a reason is refused in Zhumadian only; a change dated
before the team's term is refused everywhere."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from teams import changes, errors, services
from teams.models import Membership, MembershipChange, Region, Team
from tests.builders import make_cadre
from tests.clock import TODAY

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
LEFT_ON = TODAY - 10 * DAY  # the member's last day
SWAP_DAY = LEFT_ON + DAY  # the successor's first day: the swap's date


def _member(village: str) -> Membership:
    team = Team.objects.active_on(TODAY).get(village__name=village)
    found = team.memberships.active_on(TODAY).filter(role="member", is_leader=False).order_by("pk").first()
    assert found is not None
    return found


def _swap(actor: User, leaving: Membership, *, filed: datetime.date, reason: str = "工作调整") -> Membership:
    services.membership_end(actor=actor, membership=leaving, end=LEFT_ON, reason=reason, today=filed)
    county = leaving.team.village.township.parent
    assert county is not None
    return services.membership_save(
        actor=actor,
        today=filed,
        team=leaving.team,
        cadre=make_cadre(county.name, name="接替队员"),
        role="member",
        is_leader=False,
        dispatching_unit=leaving.dispatching_unit,
        start=SWAP_DAY,
        end=leaving.team.term_end,
    )


@pytest.fixture
def county(user: Any) -> User:
    return user("county")


@pytest.fixture
def xiping() -> Region:
    return Region.objects.get(code="411721")


class TestFilingDeadline:
    @pytest.mark.parametrize(("days_after", "late"), [(3, False), (4, True)])
    def test_a_zhumadian_swap_filed_on_day_3_is_on_time_and_on_day_4_late(
        self, county: User, xiping: Region, days_after: int, late: bool
    ) -> None:
        leaving = _member("张庄村")
        successor = _swap(county, leaving, filed=SWAP_DAY + days_after * DAY)
        change = MembershipChange.objects.get(membership=leaving)
        assert (change.kind, change.successor, change.changed_on) == ("swap", successor, SWAP_DAY)
        row = next(r for r in changes.ledger(county, xiping, start=LEFT_ON, end=TODAY, today=TODAY).rows)
        assert [f.provision for f in row.findings] == (["ZMD-CHANGE"] if late else [])

    def test_one_record_per_swap(self, county: User) -> None:
        leaving = _member("张庄村")
        successor = _swap(county, leaving, filed=SWAP_DAY)
        assert MembershipChange.objects.filter(team=leaving.team).count() == 1
        assert not MembershipChange.objects.filter(membership=successor).exists()

    def test_the_filing_offices_of_the_policy_are_recorded(self, county: User) -> None:
        leaving = _member("张庄村")
        _swap(county, leaving, filed=SWAP_DAY)
        change = MembershipChange.objects.get(membership=leaving)
        assert change.filed_with == ["county_org_dept", "county_rural_bureau"]
        assert (change.source, change.created_by, change.reason) == ("form", county, "工作调整")

    def test_a_jinan_change_is_recorded_but_not_judged(self, user: Any) -> None:
        leaving = _member("刁山坡村")
        _swap(user("county2"), leaving, filed=SWAP_DAY + 30 * DAY)
        ledger = changes.ledger(
            user("county2"), Region.objects.get(code="370124"), start=LEFT_ON, end=TODAY, today=TODAY
        )
        assert not ledger.judged
        assert [(r.change.kind, r.findings) for r in ledger.rows] == [("swap", [])]


class TestReasons:
    def test_ending_without_a_reason_is_refused_in_zhumadian(self, county: User) -> None:
        leaving = _member("张庄村")
        planned = leaving.end
        with pytest.raises(errors.ServiceError) as caught:
            services.membership_save(actor=county, membership=leaving, end=LEFT_ON, today=TODAY)
        assert caught.value.code == errors.CHANGE_REASON_REQUIRED
        assert "ZMD-CHANGE" in caught.value.message
        leaving.refresh_from_db()
        assert leaving.end == planned
        assert not MembershipChange.objects.filter(membership=leaving).exists()

    def test_a_swap_without_a_reason_is_allowed_elsewhere(self, user: Any) -> None:
        leaving = _member("刁山坡村")
        actor = user("county2")
        services.membership_save(actor=actor, membership=leaving, end=LEFT_ON, today=TODAY)
        county = leaving.team.village.township.parent
        assert county is not None
        services.membership_save(
            actor=actor,
            team=leaving.team,
            cadre=make_cadre(county.name),
            role="member",
            is_leader=False,
            dispatching_unit=leaving.dispatching_unit,
            start=SWAP_DAY,
            end=leaving.team.term_end,
            today=TODAY,
        )
        change = MembershipChange.objects.get(membership=leaving)
        assert (change.kind, change.reason, change.filed_with) == ("swap", "", [])

    def test_a_swap_record_without_a_reason_is_refused_in_zhumadian(self, county: User) -> None:
        leaving = _member("张庄村")
        with pytest.raises(errors.ServiceError) as caught:
            changes.membership_change_record(
                actor=county, membership=leaving, kind="leave", changed_on=LEFT_ON, reason=" ", today=TODAY
            )
        assert caught.value.code == errors.CHANGE_REASON_REQUIRED


class TestBeforeTheTerm:
    def test_a_change_dated_before_the_term_is_refused(self, county: User) -> None:
        member = _member("张庄村")
        before = member.team.term_start - DAY
        with pytest.raises(errors.ServiceError) as caught:
            changes.membership_change_record(
                actor=county, membership=member, kind="role", changed_on=before, today=TODAY
            )
        assert caught.value.code == errors.CHANGE_BEFORE_TERM
        assert caught.value.message == errors.CHANGE_BEFORE_TERM_MSG.format(
            day=before.isoformat(), start=member.team.term_start.isoformat()
        )
        assert not MembershipChange.objects.filter(membership=member).exists()


class TestOtherWriters:
    def test_a_new_member_is_a_join(self, county: User) -> None:
        team = _member("张庄村").team
        posting = services.membership_save(
            actor=county,
            team=team,
            cadre=make_cadre(),
            role="member",
            is_leader=False,
            dispatching_unit=team.memberships.first().dispatching_unit,  # type: ignore[union-attr]
            start=TODAY,
            today=TODAY,
        )
        change = MembershipChange.objects.get(membership=posting)
        assert (change.kind, change.changed_on, change.filed_on) == ("join", TODAY, TODAY)

    def test_a_role_change_is_filed(self, county: User) -> None:
        member = _member("张庄村")
        services.membership_save(actor=county, membership=member, is_leader=True, today=TODAY)
        assert MembershipChange.objects.get(membership=member).kind == "role"

    def test_a_recall_files_a_leave(self, county: User) -> None:
        from assessment import services as assessment

        member = _member("张庄村")
        assessment.recall_record(
            user=county, cadre=member.cadre, recalled_on=TODAY, reasons="不能履职", today=TODAY
        )
        change = MembershipChange.objects.get(membership=member)
        assert (change.kind, change.source, change.reason, change.changed_on) == (
            "leave",
            "recall",
            "不能履职",
            TODAY,
        )


class TestLedgerPages:
    def _url(self, name: str, county: Region) -> str:
        return f"{reverse(name)}?county={county.pk}&start={LEFT_ON}&end={TODAY}"

    def test_the_ledger_xlsx_lists_the_late_swap(self, as_user: Any, county: User, xiping: Region) -> None:
        leaving = _member("张庄村")
        _swap(county, leaving, filed=SWAP_DAY + 4 * DAY)
        response = as_user("bureau").get(self._url("teams:change_export", xiping))
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        rows = list(book["调整备案"].iter_rows(values_only=True))
        assert rows[0][2] == "调整类型"
        [line] = rows[1:]
        assert (line[2], line[3], line[4], line[9]) == (
            "队员调换",
            leaving.cadre.name,
            "接替队员",
            "逾期备案",
        )
        assert "ZMD-CHANGE" in line[10]
        members = [r[2] for r in book["在驻队员"].iter_rows(min_row=2, values_only=True)]
        assert "接替队员" in members and leaving.cadre.name not in members

    def test_the_city_reads_the_ledger(self, as_user: Any, county: User, xiping: Region) -> None:
        _swap(county, _member("张庄村"), filed=SWAP_DAY)
        response = as_user("city").get(self._url("teams:change_list", xiping))
        assert response.status_code == 200
        assert "队员调换" in response.content.decode()

    @pytest.mark.parametrize("name", ["teams:change_list", "teams:change_export"])
    def test_another_county_gets_404(self, as_user: Any, xiping: Region, name: str) -> None:
        assert as_user("county2").get(self._url(name, xiping)).status_code == 404

    def test_a_bad_date_is_a_message_not_a_500(self, as_user: Any, xiping: Region) -> None:
        response = as_user("county").get(
            f"{reverse('teams:change_list')}?county={xiping.pk}&start=2026-13-01"
        )
        assert response.status_code == 200
        assert response.context["start"] == TODAY.replace(month=1, day=1)


def test_ending_a_recalled_posting_files_no_second_leave(county: User) -> None:
    from assessment import services as assessment

    member = _member("张庄村")
    assessment.recall_record(
        user=county, cadre=member.cadre, recalled_on=TODAY, reasons="不能履职", today=TODAY
    )
    services.membership_end(actor=county, membership=member, end=TODAY, reason="召回", today=TODAY)
    assert list(MembershipChange.objects.filter(membership=member).values_list("kind", "source")) == [
        ("leave", "recall")
    ]


def test_the_edit_form_shows_the_zhumadian_refusal(as_user: Any) -> None:
    member = _member("张庄村")
    planned = member.end
    response = as_user("county").post(
        reverse("teams:membership_edit", args=[member.pk]),
        {
            "cadre": member.cadre_id,
            "role": member.role,
            "dispatching_unit": member.dispatching_unit_id,
            "start": f"{member.start:%Y-%m-%d}",
            "end": f"{LEFT_ON:%Y-%m-%d}",
        },
    )
    assert response.status_code == 200
    assert errors.CHANGE_REASON_REQUIRED_MSG in response.content.decode()
    member.refresh_from_db()
    assert member.end == planned
