"""Services refuse bad writes with a Chinese message and write nothing; the database guards hold too."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from teams import errors, idcard, services
from teams.choices import Role
from teams.models import Cadre, DispatchingUnit, Membership, Region, Team, Village

D = datetime.date


@pytest.fixture
def county(user):  # type: ignore[no-untyped-def]
    return user("county")


@pytest.fixture
def village() -> Village:
    return Village.objects.get(name="李楼村")


@pytest.fixture
def free_village() -> Village:
    """A 西平县 village with no team in 2030."""
    return Village.objects.get(name="张庄村")


def _new_id(seq: int, sex: str = "M") -> str:
    return idcard.make("411721", D(1990, 1, 1), seq, sex)


def _cadre(actor, seq: int = 901) -> Cadre:  # type: ignore[no-untyped-def]
    return services.cadre_save(actor=actor, id_number=_new_id(seq), name="测试干部", party_status="member")


@pytest.mark.django_db
class TestCadre:
    def test_it_derives_sex_and_birth_date_from_the_id(self, county) -> None:  # type: ignore[no-untyped-def]
        cadre = _cadre(county)
        assert (cadre.sex, cadre.birth_date, cadre.county.code) == ("M", D(1990, 1, 1), "411721")

    def test_it_refuses_a_sex_that_disagrees_with_the_id(self, county) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(errors.ServiceError) as exc:
            services.cadre_save(
                actor=county, id_number=_new_id(902), name="甲", sex="F", party_status="member"
            )
        assert exc.value.code == errors.CADRE_SEX_MISMATCH
        assert not Cadre.objects.filter(id_number=_new_id(902)).exists()

    def test_it_refuses_a_birth_date_that_disagrees_with_the_id(self, county) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(errors.ServiceError) as exc:
            services.cadre_save(
                actor=county,
                id_number=_new_id(903),
                name="乙",
                birth_date=D(1990, 1, 2),
                party_status="member",
            )
        assert exc.value.code == errors.CADRE_BIRTH_MISMATCH

    def test_it_refuses_a_duplicate_id(self, county) -> None:  # type: ignore[no-untyped-def]
        _cadre(county, 904)
        with pytest.raises(errors.ServiceError) as exc:
            _cadre(county, 904)
        assert exc.value.code == errors.CADRE_DUPLICATE
        assert Cadre.objects.filter(id_number=_new_id(904)).count() == 1

    def test_it_refuses_a_bad_check_digit(self, county) -> None:  # type: ignore[no-untyped-def]
        bad = _new_id(905)[:17] + ("0" if _new_id(905)[17] != "0" else "1")
        with pytest.raises(errors.ServiceError) as exc:
            services.cadre_save(actor=county, id_number=bad, name="丙", party_status="member")
        assert exc.value.code == errors.CADRE_BAD_ID

    def test_only_the_county_office_writes(self, user) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(errors.ServiceError) as exc:
            _cadre(user("bureau"), 906)
        assert exc.value.code == errors.NOT_ALLOWED


@pytest.mark.django_db
class TestTeam:
    def test_it_refuses_an_end_before_the_start(self, county, free_village) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(errors.ServiceError) as exc:
            services.team_save(
                actor=county, village=free_village, term_start=D(2030, 3, 1), term_end=D(2030, 2, 1)
            )
        assert exc.value.code == errors.TEAM_END_BEFORE_START

    def test_it_refuses_a_second_active_team_in_a_village(self, county, village) -> None:  # type: ignore[no-untyped-def]
        before = Team.objects.filter(village=village).count()
        with pytest.raises(errors.ServiceError) as exc:
            services.team_save(
                actor=county, village=village, term_start=D(2026, 1, 1), term_end=D(2027, 12, 31)
            )
        assert exc.value.code == errors.TEAM_OVERLAP
        assert Team.objects.filter(village=village).count() == before

    def test_it_accepts_a_team_after_the_current_term(self, county, village) -> None:  # type: ignore[no-untyped-def]
        team = services.team_save(
            actor=county, village=village, term_start=D(2027, 3, 1), term_end=D(2029, 2, 28)
        )
        assert team.pk is not None

    def test_it_refuses_a_village_of_another_county(self, county) -> None:  # type: ignore[no-untyped-def]
        other = Village.objects.get(name="孔村")
        with pytest.raises(errors.ServiceError) as exc:
            services.team_save(actor=county, village=other, term_start=D(2030, 1, 1), term_end=None)
        assert exc.value.code == errors.OUTSIDE_JURISDICTION


@pytest.mark.django_db
class TestMembership:
    @pytest.fixture
    def team(self, county, free_village) -> Team:  # type: ignore[no-untyped-def]
        return services.team_save(
            actor=county, village=free_village, term_start=D(2030, 1, 1), term_end=D(2031, 12, 31)
        )

    @pytest.fixture
    def unit(self) -> DispatchingUnit:
        return DispatchingUnit.objects.get(name="西平县教育局")

    def test_it_refuses_an_end_before_the_start(self, county, team, unit) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(errors.ServiceError) as exc:
            services.membership_save(
                actor=county,
                team=team,
                cadre=_cadre(county),
                role=Role.MEMBER,
                dispatching_unit=unit,
                start=D(2030, 5, 1),
                end=D(2030, 4, 30),
            )
        assert exc.value.code == errors.MEMBERSHIP_END_BEFORE_START

    def test_it_refuses_overlapping_memberships_of_one_cadre(self, county, team, unit) -> None:  # type: ignore[no-untyped-def]
        cadre = _cadre(county)
        services.membership_save(
            actor=county,
            team=team,
            cadre=cadre,
            role=Role.MEMBER,
            dispatching_unit=unit,
            start=D(2030, 1, 1),
            end=None,
        )
        other = services.team_save(
            actor=county,
            village=Village.objects.get(name="杨庄村", township__code="411721001"),
            term_start=D(2030, 1, 1),
            term_end=D(2031, 12, 31),
        )
        with pytest.raises(errors.ServiceError) as exc:
            services.membership_save(
                actor=county,
                team=other,
                cadre=cadre,
                role=Role.MEMBER,
                dispatching_unit=unit,
                start=D(2030, 6, 1),
                end=None,
            )
        assert exc.value.code == errors.MEMBERSHIP_OVERLAP
        assert "张庄村驻村工作队" in exc.value.message
        assert cadre.memberships.count() == 1

    def test_it_refuses_dates_outside_the_team_term(self, county, team, unit) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(errors.ServiceError) as exc:
            services.membership_save(
                actor=county,
                team=team,
                cadre=_cadre(county),
                role=Role.MEMBER,
                dispatching_unit=unit,
                start=D(2029, 12, 31),
                end=None,
            )
        assert exc.value.code == errors.MEMBERSHIP_OUTSIDE_TERM

    def test_it_accepts_a_valid_membership(self, county, team, unit) -> None:  # type: ignore[no-untyped-def]
        m = services.membership_save(
            actor=county,
            team=team,
            cadre=_cadre(county),
            role=Role.FIRST_SECRETARY,
            is_leader=True,
            dispatching_unit=unit,
            start=D(2030, 1, 1),
            end=None,
        )
        assert m.pk is not None


@pytest.mark.django_db
class TestDatabaseGuards:
    """What the services check is also refused by the database itself."""

    def test_overlapping_memberships_are_refused(self) -> None:
        m = Membership.objects.filter(end__isnull=False).first()
        assert m is not None
        with pytest.raises(IntegrityError, match="membership_no_overlap"), transaction.atomic():
            Membership.objects.create(
                cadre=m.cadre,
                team=m.team,
                role=Role.MEMBER,
                dispatching_unit=m.dispatching_unit,
                start=m.start,
                end=m.end,
            )

    def test_overlapping_teams_in_a_village_are_refused(self, village) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(IntegrityError, match="team_no_overlap_in_village"), transaction.atomic():
            Team.objects.create(village=village, term_start=D(2026, 6, 1), term_end=None)

    def test_a_membership_ending_before_it_starts_is_refused(self) -> None:
        m = Membership.objects.first()
        assert m is not None
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.filter(pk=m.pk).update(end=m.start - datetime.timedelta(days=1))

    def test_a_malformed_id_number_is_refused(self) -> None:
        c = Cadre.objects.first()
        assert c is not None
        with pytest.raises(IntegrityError), transaction.atomic():
            Cadre.objects.filter(pk=c.pk).update(id_number="12345")

    def test_a_county_without_policy_is_refused(self) -> None:
        with pytest.raises(IntegrityError), transaction.atomic():
            Region.objects.create(
                code="411722",
                name="上蔡县",
                level="county",
                parent=Region.objects.get(code="411700"),
                policy_code="",
            )


@pytest.mark.django_db
class TestCadreDuplicateMessage:
    def test_it_names_a_cadre_the_actor_may_see(self, county) -> None:  # type: ignore[no-untyped-def]
        existing = Cadre.objects.filter(county__code="411721").select_related("county").first()
        assert existing is not None
        with pytest.raises(errors.ServiceError) as exc:
            services.cadre_save(
                actor=county, id_number=existing.id_number, name="重名", party_status="member"
            )
        assert exc.value.code == errors.CADRE_DUPLICATE
        assert exc.value.message == errors.CADRE_DUPLICATE_MSG.format(county="西平县", name=existing.name)
        assert exc.value.conflict == existing

    def test_it_names_nobody_for_a_cadre_of_another_county(self, county) -> None:  # type: ignore[no-untyped-def]
        other = Cadre.objects.filter(county__code="370124").first()
        assert other is not None
        with pytest.raises(errors.ServiceError) as exc:
            services.cadre_save(actor=county, id_number=other.id_number, name="重名", party_status="member")
        assert (exc.value.code, exc.value.message, exc.value.conflict) == (
            errors.CADRE_DUPLICATE,
            errors.CADRE_DUPLICATE_ELSEWHERE_MSG,
            None,
        )


@pytest.mark.django_db
class TestUpdatesNameOnlyWhatChanges:
    def test_an_update_keeps_the_fields_it_does_not_name(self, county, village) -> None:  # type: ignore[no-untyped-def]
        before = Village.objects.get(pk=village.pk)
        saved = services.village_save(actor=county, village=village, is_key_village=not before.is_key_village)
        saved.refresh_from_db()
        assert saved.is_key_village is not before.is_key_village
        assert (saved.name, saved.township_id, saved.code) == (before.name, before.township_id, before.code)

    def test_none_is_a_value_not_keep(self, county) -> None:  # type: ignore[no-untyped-def]
        unit = DispatchingUnit.objects.get(name="西平县教育局")
        services.unit_save(actor=county, unit=unit, headcount=None)
        unit.refresh_from_db()
        assert unit.headcount is None and unit.name == "西平县教育局"


@pytest.mark.django_db
class TestMembershipSignal:
    def test_a_saved_posting_is_announced_with_its_span(self, county) -> None:  # type: ignore[no-untyped-def]
        from teams.signals import membership_changed

        heard: list[object] = []

        def receiver(sender: object, *, spans: object, **kwargs: object) -> None:
            heard.append((sender, spans))

        membership_changed.connect(receiver)
        try:
            posting = Membership.objects.filter(team__village__name="李楼村").order_by("pk").first()
            assert posting is not None
            services.membership_save(actor=county, membership=posting, is_leader=posting.is_leader)
        finally:
            membership_changed.disconnect(receiver)
        span = (posting.cadre_id, posting.start, posting.end)
        assert heard == [(Membership, [span, span])]


@pytest.mark.django_db
class TestRosterBatch:
    def _batch(self, county):  # type: ignore[no-untyped-def]
        return services.roster_batch_create(
            actor=county, county=county.region, file_name="花名册.xlsx", content=b"x"
        )

    def test_the_county_office_uploads_into_its_county(self, county) -> None:  # type: ignore[no-untyped-def]
        from teams.models import ImportBatch

        batch = self._batch(county)
        assert (batch.county, batch.created_by, batch.source) == (
            county.region,
            county,
            ImportBatch.Source.WEB,
        )

    def test_another_county_is_outside(self, county) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(errors.ServiceError) as exc:
            services.roster_batch_create(
                actor=county, county=Region.objects.get(code="370124"), file_name="a.xlsx", content=b""
            )
        assert exc.value.code == errors.OUTSIDE_JURISDICTION

    def test_only_a_roster_editor_uploads(self, user, county) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(errors.ServiceError) as exc:
            services.roster_batch_create(
                actor=user("township"), county=county.region, file_name="a.xlsx", content=b""
            )
        assert exc.value.code == errors.NOT_ALLOWED

    def test_a_batch_is_committed_once(self, county) -> None:  # type: ignore[no-untyped-def]
        from teams.models import ImportBatch

        batch = self._batch(county)
        batch.status = ImportBatch.Status.CHECKED
        batch.save(update_fields=["status"])
        services.roster_batch_commit(actor=county, batch=batch, aliases={}, skip_invalid=True)
        batch.refresh_from_db()
        assert (batch.status, batch.skip_invalid, batch.aliases) == (ImportBatch.Status.PENDING, True, {})
        with pytest.raises(errors.ServiceError) as exc:
            services.roster_batch_commit(actor=county, batch=batch, aliases={}, skip_invalid=False)
        assert (exc.value.code, exc.value.message) == (
            errors.IMPORT_NOT_COMMITTABLE,
            errors.IMPORT_NOT_COMMITTABLE_MSG,
        )

    def test_another_countys_batch_is_outside(self, user, county) -> None:  # type: ignore[no-untyped-def]
        batch = self._batch(county)
        with pytest.raises(errors.ServiceError) as exc:
            services.roster_batch_commit(actor=user("county2"), batch=batch, aliases={}, skip_invalid=False)
        assert exc.value.code == errors.OUTSIDE_JURISDICTION
