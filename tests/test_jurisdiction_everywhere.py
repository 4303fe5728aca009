"""One guarantee across the whole app: every URL that names an object answers 404 to a user of another
county, exactly like an object that does not exist — and a new such URL cannot be added without a row here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Office, User
from attendance.models import AbsenceExplanation, CheckIn, LeaveRequest, Notification, SubstituteApprover
from teams.models import Cadre, DispatchingUnit, ImportBatch, Membership, Region, Team, Village
from tests.clock import NOW
from tests.conftest import login

pytestmark = pytest.mark.django_db
XIPING = "411721"


def _xiping(model: Any, path: str) -> Callable[[], Any]:
    return lambda: model.objects.filter(**{f"{path}__code": XIPING}).order_by("pk").first()


def _import_batch() -> ImportBatch:
    county = User.objects.get(username="county")
    return ImportBatch.objects.create(
        county=Region.objects.get(code=XIPING), created_by=county, file_name="花名册.xlsx", content=b""
    )


def _substitution() -> SubstituteApprover:
    return SubstituteApprover.objects.create(
        office=Office.COUNTY_ORG_DEPT,
        region=Region.objects.get(code=XIPING),
        principal=User.objects.get(username="county"),
        substitute=User.objects.get(username="bureau"),
        start="2026-12-01",
        end="2026-12-31",
    )


def _xiping_round() -> Any:
    """西平县's assessment round (the demo opens none: the county office opens it here)."""
    from assessment import services
    from assessment.models import AssessmentRound

    found = AssessmentRound.objects.filter(county__code=XIPING).first()
    return found or services.round_open(user=User.objects.get(username="county"), year=2026)


def _xiping_entry() -> Any:
    return _xiping_round().entries.order_by("pk").first()


def _xiping_filing() -> Any:
    """The results of 西平县's round sent to one of its units (written directly: closing needs every grade)."""
    from assessment.models import ResultFiling

    entry = _xiping_entry()
    found, _ = ResultFiling.objects.get_or_create(
        round=entry.round, dispatching_unit=entry.dispatching_unit, defaults={"filed_at": NOW}
    )
    return found


def _xiping_fund() -> Any:
    from tests.funding.helpers import xiping_fund

    return xiping_fund()


def _xiping_expenditure() -> Any:
    from tests.funding.helpers import xiping_expenditure

    return xiping_expenditure()


def _notification() -> Notification:
    found = Notification.objects.filter(recipient__username="county").first()
    assert found is not None, "the demo gives the county office notifications"
    return found


def _xiping_training_event() -> Any:
    """A 西平县 county-level training event (the session world holds no training)."""
    import datetime

    from training.models import TrainingEvent

    found = TrainingEvent.objects.filter(region__code=XIPING, title="西平县驻村干部轮训班").first()
    return found or TrainingEvent.objects.create(
        region=Region.objects.get(code=XIPING),
        level="county",
        title="西平县驻村干部轮训班",
        start=datetime.date(2026, 5, 10),
        end=datetime.date(2026, 5, 12),
        days=3,
        created_by=User.objects.get(username="county"),
        created_at=NOW,
    )


def _xiping_training_import() -> Any:
    """An attendance sheet 西平县's county office uploaded for that event."""
    from training.models import TrainingImport

    return TrainingImport.objects.create(
        event=_xiping_training_event(),
        created_by=User.objects.get(username="county"),
        created_at=NOW,
        file_name="签到表.xlsx",
        content=b"",
    )


def _xiping_training_record() -> Any:
    """A 西平县 cadre's record of that event."""
    from training.models import TrainingRecord

    event = _xiping_training_event()
    cadre = Cadre.objects.filter(county__code=XIPING).order_by("pk").first()
    found, _ = TrainingRecord.objects.get_or_create(
        event=event, cadre=cadre, defaults={"days": 3, "created_by": event.created_by, "created_at": NOW}
    )
    return found


def _township_login() -> User:
    return User.objects.get(username="township")


def _county_api_token() -> Any:
    from accounts.tokens import api_token_create

    return api_token_create(user=User.objects.get(username="county"), device="县委组织部的手机")[0]


def _xiping_change() -> Any:
    """A member change filed in 西平县 (the session world has none: its postings are written directly)."""
    from teams import changes

    posting = _xiping(Membership, "team__village__township__parent")()
    return changes.membership_change_record(
        actor=None, membership=posting, kind="join", changed_on=posting.start, today=posting.start
    )


def _xiping_report() -> Any:
    """A 重大问题报告 of 西平县's demo cadre's team (Zhumadian sets no periodic report; incidents any time)."""
    from assessment import reports
    from assessment.models import TeamReport

    found = TeamReport.objects.filter(team__village__township__parent__code=XIPING).first()
    if found is not None:
        return found
    cadre = User.objects.get(username="cadre")
    team = Membership.objects.filter(cadre=cadre.cadre).order_by("-start").first().team  # type: ignore[union-attr]
    return reports.report_create(
        user=cadre, team=team, kind="incident", year=NOW.year, period=None, today=NOW.date(), body="测试"
    )


def _xiping_log_entry() -> Any:
    """A 驻村日志 entry of 西平县's demo cadre (the session world has none: written here)."""
    from worklog import services

    return services.log_entry_create(
        actor=User.objects.get(username="cadre"),
        kind="visit",
        date=NOW.date(),
        summary="入户走访",
        today=NOW.date(),
    )


def _xiping_meeting() -> Any:
    from worklog import services

    return services.meeting_create(
        actor=User.objects.get(username="county"), date=NOW.date(), title="县级例会", today=NOW.date()
    )


def _xiping_care_case() -> Any:
    from worklog import services

    return services.care_case_open(
        actor=User.objects.get(username="county"),
        cadre=User.objects.get(username="cadre").cadre_id or 0,
        situation="troubled",
        opened_on=NOW.date(),
        today=NOW.date(),
    )


# url name → (HTTP method, a 西平县 object (or kwargs) the other county must not reach)
OBJECT_URLS: dict[str, tuple[str, Callable[[], Any]]] = {
    "teams:village_detail": ("get", _xiping(Village, "township__parent")),
    "teams:village_edit": ("get", _xiping(Village, "township__parent")),
    "teams:team_detail": ("get", _xiping(Team, "village__township__parent")),
    "teams:team_edit": ("get", _xiping(Team, "village__township__parent")),
    "teams:membership_create": ("get", _xiping(Team, "village__township__parent")),
    "teams:membership_edit": ("get", _xiping(Membership, "team__village__township__parent")),
    "teams:membership_end": ("get", _xiping(Membership, "team__village__township__parent")),
    "teams:cadre_detail": ("get", _xiping(Cadre, "county")),
    "teams:cadre_edit": ("get", _xiping(Cadre, "county")),
    "teams:unit_detail": ("get", _xiping(DispatchingUnit, "region")),
    "teams:unit_edit": ("get", _xiping(DispatchingUnit, "region")),
    "teams:import_detail": ("get", _import_batch),
    "teams:import_progress": ("get", _import_batch),
    "teams:import_commit": ("post", _import_batch),
    "teams:import_invalid_rows": ("get", _import_batch),
    "teams:policy_detail": ("get", lambda: {"county_pk": Region.objects.get(code=XIPING).pk}),
    "teams:policy_override": (
        "get",
        lambda: {"county_pk": Region.objects.get(code=XIPING).pk, "key": "leave_threshold_days"},
    ),
    "teams:change_detail": ("get", _xiping_change),
    "teams:quota_detail": ("get", lambda: {"county_pk": Region.objects.get(code=XIPING).pk}),
    "attendance:leave_detail": ("get", _xiping(LeaveRequest, "county")),
    "attendance:leave_decide": ("post", _xiping(LeaveRequest, "county")),
    "attendance:leave_cancel": ("post", _xiping(LeaveRequest, "county")),
    "attendance:leave_return": ("post", _xiping(LeaveRequest, "county")),
    "attendance:leave_attachment": ("get", _xiping(LeaveRequest, "county")),
    "attendance:substitute_revoke": ("post", _substitution),
    "attendance:notification_open": ("post", _notification),
    "attendance:leave_read": ("post", _xiping(LeaveRequest, "county")),
    "attendance:checkin_review": ("post", _xiping(CheckIn, "township__parent")),
    "attendance:explanation_detail": ("get", _xiping(AbsenceExplanation, "county")),
    "assessment:round_detail": ("get", _xiping_round),
    "assessment:round_export": ("get", _xiping_round),
    "assessment:round_close": ("post", _xiping_round),
    "assessment:entry_detail": ("get", _xiping_entry),
    "assessment:entry_export": ("get", _xiping_entry),
    "assessment:entry_propose": ("post", _xiping_entry),
    "assessment:entry_decide": ("post", _xiping_entry),
    "assessment:entry_score": ("post", _xiping_entry),
    "assessment:entry_recall": ("post", _xiping_entry),
    "assessment:filing_receive": ("post", _xiping_filing),
    "assessment:term_review_create": ("get", _xiping(Membership, "team__village__township__parent")),
    # A 西平县 cadre's allowance payment, insurance and health check (funding, issue 13).
    "funding:allowance_pay": ("post", _xiping(Cadre, "county")),
    "funding:insurance_enter": ("post", _xiping(Cadre, "county")),
    "funding:health_check_enter": ("post", _xiping(Cadre, "county")),
    "funding:fund_detail": ("get", _xiping_fund),
    "funding:expenditure_create": ("get", _xiping_fund),
    "funding:expenditure_decide": ("post", _xiping_expenditure),
    "funding:expenditure_receipt": ("get", _xiping_expenditure),
    # The attendance-sheet import of a training event (training.import_views, issue 13).
    "training:import_upload": ("get", _xiping_training_event),
    "training:import_detail": ("get", _xiping_training_import),
    "training:import_commit": ("post", _xiping_training_import),
    # Training events and their attendees (training.views, issue 13).
    "training:event_detail": ("get", _xiping_training_event),
    "training:event_edit": ("get", _xiping_training_event),
    "training:record_add": ("post", _xiping_training_event),
    "training:record_remove": ("post", _xiping_training_record),
    # The county's account pages: 西平县's township login (accounts.selectors.manageable_users).
    "accounts:user_detail": ("get", _township_login),
    "accounts:user_edit": ("get", _township_login),
    "accounts:user_deactivate": ("post", _township_login),
    "accounts:user_reactivate": ("post", _township_login),
    "accounts:user_password_reset": ("get", _township_login),
    # Team reports and a team's duties calendar (assessment.reports_views, issue 14).
    "assessment:report_detail": ("get", _xiping_report),
    "assessment:report_print": ("get", _xiping_report),
    "assessment:report_export": ("get", _xiping_report),
    "assessment:team_duties": ("get", _xiping(Team, "village__township__parent")),
    # The work log, meetings and five must-visit cases (worklog, issue 14).
    "worklog:entry_detail": ("get", _xiping_log_entry),
    "worklog:entry_attachment": ("get", _xiping_log_entry),
    "worklog:meeting_detail": ("get", _xiping_meeting),
    "worklog:care_visit": ("post", _xiping_care_case),
    # A user's own API tokens (/accounts/tokens/): nobody else revokes them.
    "token_revoke": ("post", _county_api_token),
    # The county's charts and its village plot (oversight, issue 15).
    "oversight:county": ("get", lambda: Region.objects.get(code=XIPING)),
    "oversight:villages": ("get", lambda: Region.objects.get(code=XIPING)),
}

API_OBJECT_URLS = {
    "leave-request-detail": ("get", "/api/v1/leave-requests/{pk}/"),
    "leave-request-decide": ("post", "/api/v1/leave-requests/{pk}/decide/"),
    "leave-request-cancel": ("post", "/api/v1/leave-requests/{pk}/cancel/"),
    "leave-request-return": ("post", "/api/v1/leave-requests/{pk}/return/"),
    "assessment-round-detail": ("get", "/api/v1/assessment-rounds/{pk}/"),
    "assessment-round-entries": ("get", "/api/v1/assessment-rounds/{pk}/entries/"),
    "assessment-round-close": ("post", "/api/v1/assessment-rounds/{pk}/close/"),
    "assessment-entry-propose": ("post", "/api/v1/assessment-entries/{pk}/propose/"),
    "assessment-entry-decide": ("post", "/api/v1/assessment-entries/{pk}/decide/"),
    "expenditure-detail": ("get", "/api/v1/expenditures/{pk}/"),
    "training-record-detail": ("get", "/api/v1/training-records/{pk}/"),
    "team-report-detail": ("get", "/api/v1/team-reports/{pk}/"),
    "team-report-change-status": ("post", "/api/v1/team-reports/{pk}/status/"),
    "team-duties": ("get", "/api/v1/teams/{pk}/duties/"),
}
# The 西平县 object each API URL names (a leave request unless listed).
API_OBJECTS: dict[str, Callable[[], Any]] = {
    "assessment-round-": _xiping_round,
    "assessment-entry-": _xiping_entry,
    "expenditure-": _xiping_expenditure,
    "training-record-": _xiping_training_record,
    "team-report-": _xiping_report,
    "team-duties": _xiping(Team, "village__township__parent"),
}


def _object_url_names() -> set[str]:
    """Every named URL of ours whose pattern takes a path argument (other than a format suffix)."""
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                walk(p.url_patterns, f"{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name:
                args = set(p.pattern.regex.groupindex) - {"format"}
                if args:
                    names.add(namespace + p.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_object_url_is_listed_here() -> None:
    assert _object_url_names() == set(OBJECT_URLS) | set(API_OBJECT_URLS)


def _resolve(name: str) -> tuple[str, str]:
    method, getter = OBJECT_URLS[name]
    target = getter()
    assert target is not None, f"no 西平县 object for {name}"
    kwargs = target if isinstance(target, dict) else None
    return method, reverse(name, kwargs=kwargs) if kwargs else reverse(name, args=[target.pk])


# The county offices of the other three demo counties, one under each other policy.
OTHER_COUNTIES = ["county2", "county_qh", "county_sc"]


@pytest.mark.parametrize("other", OTHER_COUNTIES)
@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_the_other_county_gets_404(as_user, name: str, other: str) -> None:  # type: ignore[no-untyped-def]
    method, url = _resolve(name)
    assert getattr(as_user(other), method)(url).status_code == 404


# Pages the county office opens itself (actions are POST-only; a leave may have no attachment).
OWNER_PAGES = sorted(
    n
    for n, (method, _) in OBJECT_URLS.items()
    if method == "get"
    and n not in {"attendance:leave_attachment", "funding:expenditure_receipt", "worklog:entry_attachment"}
)


@pytest.mark.parametrize("name", OWNER_PAGES)
def test_the_owner_opens_it(as_user, name: str) -> None:  # type: ignore[no-untyped-def]
    _, url = _resolve(name)
    assert as_user("county").get(url).status_code == 200


def test_the_owner_is_led_to_what_a_notification_is_about(as_user) -> None:  # type: ignore[no-untyped-def]
    notification = _notification()
    response = as_user("county").post(reverse("attendance:notification_open", args=[notification.pk]))
    assert response.status_code == 302
    assert as_user("county").get(response["Location"]).status_code == 200


@pytest.mark.parametrize("other", OTHER_COUNTIES)
@pytest.mark.parametrize("name", sorted(API_OBJECT_URLS))
def test_the_api_answers_404_to_the_other_county(as_user, name: str, other: str) -> None:  # type: ignore[no-untyped-def]
    method, template = API_OBJECT_URLS[name]
    getter = next((g for prefix, g in API_OBJECTS.items() if name.startswith(prefix)), None)
    target = getter() if getter else LeaveRequest.objects.filter(county__code=XIPING).first()
    assert target is not None
    response = getattr(as_user(other), method)(template.format(pk=target.pk), content_type="application/json")
    assert response.status_code == 404


# --- ids carried in query strings and form bodies ---------------------------------------------------
#
# A page that takes a foreign id in ``?township=``, ``?team=``, ``?cadre=`` … or in a POST body either
# answers 404 or ignores the id — and in both cases shows nothing of the foreign record: its name never
# appears on the page, and a write naming it writes nothing.


def _unique_name(model: Any, path: str) -> Callable[[], Any]:
    """A 西平县 object whose name no object of another county shares, so its name on a page can only
    mean it leaked."""

    def find() -> Any:
        for found in model.objects.filter(**{f"{path}__code": XIPING}).order_by("pk"):
            if not model.objects.filter(name=found.name).exclude(**{f"{path}__code": XIPING}).exists():
                return found
        raise AssertionError(f"no 西平县 {model.__name__} with a name of its own")

    return find


_TOWNSHIP = _unique_name(Region, "parent")
_VILLAGE = _unique_name(Village, "township__parent")
_CADRE = _unique_name(Cadre, "county")


def _xiping_county() -> Region:
    return Region.objects.get(code=XIPING)


def _unit() -> DispatchingUnit:
    return DispatchingUnit.objects.get(name="西平县教育局")


def _team() -> Team:
    team = Team.objects.filter(village=_VILLAGE()).order_by("-term_start").first()
    assert team is not None
    return team


# (url name, query parameter, the 西平县 object it names, what the other county gets). 404: refused, the
# same as an id that does not exist; 200: the id is ignored or filters to nothing.
QUERY_IDS: list[tuple[str, str, Callable[[], Any], int]] = [
    ("teams:village_list", "township", _TOWNSHIP, 200),
    ("teams:team_list", "township", _TOWNSHIP, 200),
    ("teams:cadre_list", "unit", _unit, 200),
    ("teams:team_create", "village", _VILLAGE, 200),
    ("teams:change_list", "county", _xiping_county, 404),
    ("attendance:grid_form", "township", _TOWNSHIP, 404),
    ("attendance:grid_form", "team", _team, 404),
    ("attendance:certification_form", "township", _TOWNSHIP, 404),
    ("attendance:compliance_list", "county", _xiping_county, 404),
    ("attendance:compliance_list", "township", _TOWNSHIP, 200),
    ("attendance:compliance_list", "team", _team, 200),
    ("attendance:calendar_form", "county", _xiping_county, 404),
    ("funding:fund_list", "township", _TOWNSHIP, 200),
    ("funding:allowance", "unit", _unit, 404),
    ("funding:insurance", "county", _xiping_county, 404),
    ("training:event_list", "county", _xiping_county, 200),
    ("training:status_list", "county", _xiping_county, 200),
    ("assessment:round_list", "county", _xiping_county, 200),
    ("assessment:duty_overdue_list", "township", _TOWNSHIP, 200),
    ("worklog:household_list", "village", _VILLAGE, 200),
]


def _shown_name(target: Any) -> str:
    return target.village.name if isinstance(target, Team) else target.name


@pytest.mark.parametrize("other", OTHER_COUNTIES)
@pytest.mark.parametrize(
    ("name", "param", "getter", "status"), QUERY_IDS, ids=[f"{n}?{p}" for n, p, _, _ in QUERY_IDS]
)
def test_a_foreign_id_in_the_query_shows_nothing_of_it(  # type: ignore[no-untyped-def]
    as_user, name: str, param: str, getter: Callable[[], Any], status: int, other: str
) -> None:
    target = getter()
    response = as_user(other).get(reverse(name), {param: target.pk})
    assert response.status_code == status
    assert _shown_name(target) not in response.content.decode()


def test_the_filters_show_the_owner_their_own() -> None:
    """The same names do appear to 西平县 itself, so the check above is not vacuous."""
    client = login("county")
    assert (
        _TOWNSHIP().name
        in client.get(reverse("teams:village_list"), {"township": _TOWNSHIP().pk}).content.decode()
    )
    assert (
        _VILLAGE().name
        in client.get(reverse("teams:team_list"), {"township": _VILLAGE().township_id}).content.decode()
    )
    grid = client.get(reverse("attendance:grid_form"), {"team": _team().pk})
    assert grid.status_code == 200 and _VILLAGE().name in grid.content.decode()


def test_the_attendance_api_refuses_a_foreign_cadre(as_user) -> None:  # type: ignore[no-untyped-def]
    cadre = _CADRE()
    for other in OTHER_COUNTIES:
        response = as_user(other).get("/api/v1/attendance/", {"cadre": cadre.pk, "month": "2026-11"})
        assert response.status_code == 404
        assert cadre.name not in response.content.decode()


# The township offices of the other counties: the ones who certify months, record spot checks and ask
# leave on a cadre's behalf.
OTHER_TOWNSHIPS = ["township2", "township_qh", "township_sc"]


@pytest.mark.parametrize("other", OTHER_TOWNSHIPS)
def test_certifying_a_foreign_township_is_404(as_user, other: str) -> None:  # type: ignore[no-untyped-def]
    from attendance.models import MonthCertification

    township = _TOWNSHIP()
    before = MonthCertification.objects.filter(township=township).count()
    response = as_user(other).post(
        reverse("attendance:certification_form"),
        {"township": township.pk, "month": "2026-11", "confirm": "1"},
    )
    assert response.status_code == 404
    assert MonthCertification.objects.filter(township=township).count() == before


@pytest.mark.parametrize("other", OTHER_TOWNSHIPS)
def test_saving_a_foreign_grid_is_404(as_user, other: str) -> None:  # type: ignore[no-untyped-def]
    from attendance.models import AttendanceDay

    township = _TOWNSHIP()
    before = AttendanceDay.objects.filter(township=township).count()
    response = as_user(other).post(
        reverse("attendance:grid_form"), {"township": township.pk, "month": "2026-11"}
    )
    assert response.status_code == 404
    assert AttendanceDay.objects.filter(township=township).count() == before


@pytest.mark.parametrize("other", OTHER_TOWNSHIPS)
def test_a_spot_check_of_a_foreign_cadre_is_404(as_user, other: str) -> None:  # type: ignore[no-untyped-def]
    from attendance.models import SpotCheck

    cadre = _CADRE()
    before = SpotCheck.objects.filter(cadre=cadre).count()
    response = as_user(other).post(
        reverse("attendance:spot_check_list"), {"cadre": cadre.pk, "method": "phone", "result": "present"}
    )
    assert response.status_code == 404
    assert SpotCheck.objects.filter(cadre=cadre).count() == before


@pytest.mark.parametrize("other", OTHER_TOWNSHIPS)
def test_leave_for_a_foreign_cadre_is_refused(as_user, other: str) -> None:  # type: ignore[no-untyped-def]
    """The form offers only the township's own cadres: a foreign id is an invalid choice, nothing is
    filed, and the page names no foreign cadre."""
    cadre = _CADRE()
    before = LeaveRequest.objects.filter(cadre=cadre).count()
    response = as_user(other).post(
        reverse("attendance:leave_form"),
        {"cadre": cadre.pk, "start": "2026-12-20", "end": "2026-12-21", "kind": "personal", "reason": "事假"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors.get("cadre")
    assert cadre.name not in response.content.decode()
    assert LeaveRequest.objects.filter(cadre=cadre).count() == before


def _xiping_names(model: Any) -> set[str]:
    """Names of the 西平县 cadres with a row of ``model`` that no cadre elsewhere shares."""
    names = set(model.objects.filter(county__code=XIPING).values_list("cadre__name", flat=True))
    elsewhere = set(Cadre.objects.exclude(county__code=XIPING).values_list("name", flat=True))
    return names - elsewhere


@pytest.mark.parametrize("other", [*OTHER_COUNTIES, *OTHER_TOWNSHIPS])
@pytest.mark.parametrize("name", ["attendance:spot_check_list", "attendance:explanation_list"])
def test_the_check_and_explanation_lists_show_nothing_foreign(as_user, name: str, other: str) -> None:  # type: ignore[no-untyped-def]
    from attendance.models import SpotCheck

    model = SpotCheck if name == "attendance:spot_check_list" else AbsenceExplanation
    foreign = _xiping_names(model)
    assert foreign, f"the demo gives 西平县 rows of {model.__name__}"
    page = as_user(other).get(reverse(name)).content.decode()
    assert [n for n in foreign if n in page] == []
    assert any(n in login("county").get(reverse(name)).content.decode() for n in foreign)
