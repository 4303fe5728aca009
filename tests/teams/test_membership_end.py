"""A posting belongs to one cadre. Replacing the cadre is ending the posting (a date and a reason, kept on
record) and adding the successor's posting; the edit form and the service both refuse a swap."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from teams import errors, idcard, services
from teams.choices import Role
from teams.demo import demo_term
from teams.models import Cadre, Membership, Team
from tests.clock import TODAY, day

pytestmark = pytest.mark.django_db
TERM = demo_term(TODAY)


@pytest.fixture
def county(user):  # type: ignore[no-untyped-def]
    return user("county")


@pytest.fixture
def membership() -> Membership:
    """A member of 张庄村's current team, serving today."""
    team = Team.objects.get(village__name="张庄村", term_start=TERM.start)
    found = team.memberships.active_on(TODAY).filter(role=Role.MEMBER).order_by("pk").first()
    assert found is not None
    return found


@pytest.fixture
def successor(county) -> Cadre:  # type: ignore[no-untyped-def]
    return services.cadre_save(
        actor=county,
        id_number=idcard.make("411721", datetime.date(1990, 3, 3), 61, "F"),
        name="接替者",
        party_status="member",
    )


def _edit_post(membership: Membership, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "cadre": membership.cadre_id,
        "role": membership.role,
        "dispatching_unit": membership.dispatching_unit_id,
        "start": f"{membership.start:%Y-%m-%d}",
        "end": f"{membership.end:%Y-%m-%d}" if membership.end else "",
    }
    return data | changes


class TestTheEditForm:
    def test_the_cadre_cannot_be_changed(self, as_user, membership: Membership) -> None:  # type: ignore[no-untyped-def]
        response = as_user("county").get(reverse("teams:membership_edit", args=[membership.pk]))
        field = response.context["form"].fields["cadre"]
        assert field.disabled
        body = response.content.decode()
        assert (
            '<select name="cadre"' in body
            and "disabled" in body.split('<select name="cadre"')[1].split(">")[0]
        )

    def test_a_posted_other_cadre_is_ignored(self, as_user, membership: Membership, successor: Cadre) -> None:  # type: ignore[no-untyped-def]
        cadre = membership.cadre_id
        as_user("county").post(
            reverse("teams:membership_edit", args=[membership.pk]),
            _edit_post(membership, cadre=successor.pk),
        )
        membership.refresh_from_db()
        assert membership.cadre_id == cadre
        assert not Membership.objects.filter(cadre=successor).exists()

    def test_it_offers_ending_the_posting_instead(self, as_user, membership: Membership) -> None:  # type: ignore[no-untyped-def]
        body = as_user("county").get(reverse("teams:membership_edit", args=[membership.pk])).content.decode()
        assert f'href="{reverse("teams:membership_end", args=[membership.pk])}"' in body
        assert "结束任职（更换干部）" in body


class TestTheServices:
    def test_membership_save_refuses_another_cadre(
        self, county, membership: Membership, successor: Cadre
    ) -> None:  # type: ignore[no-untyped-def]
        cadre = membership.cadre_id
        with pytest.raises(errors.ServiceError) as exc:
            services.membership_save(actor=county, membership=membership, cadre=successor)
        assert (exc.value.code, exc.value.message, exc.value.field) == (
            errors.MEMBERSHIP_CADRE_CHANGE,
            errors.MEMBERSHIP_CADRE_CHANGE_MSG,
            "cadre",
        )
        assert Membership.objects.get(pk=membership.pk).cadre_id == cadre

    def test_membership_save_still_edits_the_same_cadres_posting(
        self, county, membership: Membership
    ) -> None:  # type: ignore[no-untyped-def]
        services.membership_save(actor=county, membership=membership, cadre=membership.cadre, is_leader=False)
        assert Membership.objects.get(pk=membership.pk).is_leader is False

    def test_ending_records_the_date_and_the_reason(self, county, membership: Membership) -> None:  # type: ignore[no-untyped-def]
        services.membership_end(actor=county, membership=membership, end=TODAY, reason=" 工作调整 ")
        membership.refresh_from_db()
        assert (membership.end, membership.end_reason) == (TODAY, "工作调整")

    def test_ending_needs_a_reason(self, county, membership: Membership) -> None:  # type: ignore[no-untyped-def]
        planned = membership.end
        with pytest.raises(errors.ServiceError) as exc:
            services.membership_end(actor=county, membership=membership, end=TODAY, reason="  ")
        assert exc.value.code == errors.MEMBERSHIP_END_REASON_REQUIRED
        assert Membership.objects.get(pk=membership.pk).end == planned

    def test_ending_after_the_planned_end_is_refused(self, county, membership: Membership) -> None:  # type: ignore[no-untyped-def]
        assert membership.end is not None
        with pytest.raises(errors.ServiceError) as exc:
            services.membership_end(
                actor=county,
                membership=membership,
                end=membership.end + datetime.timedelta(days=1),
                reason="调整",
            )
        assert exc.value.code == errors.MEMBERSHIP_END_AFTER_PLANNED

    def test_ending_before_the_start_is_refused(self, county, membership: Membership) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(errors.ServiceError) as exc:
            services.membership_end(
                actor=county,
                membership=membership,
                end=membership.start - datetime.timedelta(days=1),
                reason="调整",
            )
        assert exc.value.code == errors.MEMBERSHIP_END_BEFORE_START

    def test_only_the_county_office_ends_a_posting(self, user, membership: Membership) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(errors.ServiceError) as exc:
            services.membership_end(actor=user("bureau"), membership=membership, end=TODAY, reason="调整")
        assert exc.value.code == errors.NOT_ALLOWED


class TestThePath:
    def test_end_then_add_the_successor(self, as_user, membership: Membership, successor: Cadre) -> None:  # type: ignore[no-untyped-def]
        client = as_user("county")
        team = membership.team
        response = client.post(
            reverse("teams:membership_end", args=[membership.pk]),
            {"end": f"{TODAY:%Y-%m-%d}", "reason": "工作调整，回原单位", "add_successor": "on"},
        )
        assert response.status_code == 302
        location = response["Location"]
        assert location.startswith(reverse("teams:membership_create", args=[team.pk]))
        membership.refresh_from_db()
        assert (membership.end, membership.end_reason) == (TODAY, "工作调整，回原单位")

        form = client.get(location).context["form"]
        assert (form.initial["role"], str(form.initial["dispatching_unit"]), form.initial["start"]) == (
            membership.role,
            str(membership.dispatching_unit_id),
            f"{day(1):%Y-%m-%d}",
        )
        created = client.post(
            location,
            {
                "cadre": successor.pk,
                "role": membership.role,
                "dispatching_unit": membership.dispatching_unit_id,
                "start": f"{day(1):%Y-%m-%d}",
                "end": "",
            },
        )
        assert created.status_code == 302
        new = Membership.objects.get(cadre=successor)
        assert (new.team_id, new.start, new.end) == (team.pk, day(1), team.term_end)
        page = client.get(team.get_absolute_url()).content.decode()
        assert "结束原因：工作调整，回原单位" in page

    def test_end_only_goes_back_to_the_team(self, as_user, membership: Membership) -> None:  # type: ignore[no-untyped-def]
        response = as_user("county").post(
            reverse("teams:membership_end", args=[membership.pk]),
            {"end": f"{TODAY:%Y-%m-%d}", "reason": "召回"},
        )
        assert response["Location"] == membership.team.get_absolute_url()

    def test_without_a_reason_nothing_is_written(self, as_user, membership: Membership) -> None:  # type: ignore[no-untyped-def]
        planned = membership.end
        response = as_user("county").post(
            reverse("teams:membership_end", args=[membership.pk]), {"end": f"{TODAY:%Y-%m-%d}", "reason": ""}
        )
        assert response.context["form"].errors["reason"] == [errors.MEMBERSHIP_END_REASON_REQUIRED_MSG]
        assert Membership.objects.get(pk=membership.pk).end == planned

    def test_the_team_page_links_to_ending_a_current_posting(self, as_user, membership: Membership) -> None:  # type: ignore[no-untyped-def]
        body = as_user("county").get(membership.team.get_absolute_url()).content.decode()
        assert reverse("teams:membership_end", args=[membership.pk]) in body

    @pytest.mark.parametrize(("username", "status"), [("bureau", 403), ("county2", 404)])
    def test_others_may_not_end_it(self, as_user, membership: Membership, username: str, status: int) -> None:  # type: ignore[no-untyped-def]
        planned = membership.end
        url = reverse("teams:membership_end", args=[membership.pk])
        client = as_user(username)
        assert client.get(url).status_code == status
        assert client.post(url, {"end": f"{TODAY:%Y-%m-%d}", "reason": "调整"}).status_code == status
        assert Membership.objects.get(pk=membership.pk).end == planned
