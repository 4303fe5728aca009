"""End-of-term review (JN-ENDTERM, QH-ENDTERM): recorded by the county organisation department, the
methods QH-ENDTERM names, the result into the cadre's file, and under Qinghai the 公示 to the villagers."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from assessment import errors, selectors, services
from assessment.errors import AssessmentError
from assessment.models import Grade, ReviewMethod, TermReview
from teams.models import Membership
from tests.builders import make_posting
from tests.clock import TODAY

from .helpers import user

pytestmark = pytest.mark.django_db

ALL_METHODS = list(ReviewMethod.values)


def _ending(village: str) -> Membership:
    """A posting of the team serving ``village`` that ended a week ago."""
    return make_posting(
        village, start=TODAY - datetime.timedelta(days=200), end=TODAY - datetime.timedelta(days=7)
    )


def _qinghai_village() -> str:
    found = Membership.objects.active_on(TODAY).filter(team__village__township__name="碾伯镇").first()
    assert found is not None
    return found.team.village.name


def _row(membership: Membership) -> selectors.TermRow:
    return selectors.term_review_row(membership, today=TODAY)


def test_an_ended_term_without_a_review_is_a_finding() -> None:
    membership = _ending(_qinghai_village())
    assert [f.provision for f in _row(membership).findings] == ["QH-ENDTERM"]


def test_a_full_qinghai_review_with_its_publication_leaves_nothing_missing() -> None:
    membership = _ending(_qinghai_village())
    review = services.term_review_record(
        user=user("county_qh"),
        membership=membership,
        reviewed_on=TODAY - datetime.timedelta(days=3),
        result=Grade.COMPETENT,
        methods=ALL_METHODS,
        in_personal_file=True,
        published_from=TODAY - datetime.timedelta(days=2),
        published_to=TODAY + datetime.timedelta(days=5),
        today=TODAY,
    )
    assert review.method_codes == ALL_METHODS
    assert _row(membership).findings == []


def test_a_qinghai_review_missing_methods_and_publication_says_so() -> None:
    membership = _ending(_qinghai_village())
    services.term_review_record(
        user=user("county_qh"),
        membership=membership,
        reviewed_on=TODAY,
        result=Grade.COMPETENT,
        methods=["work_report"],
        today=TODAY,
    )
    messages = [f.message for f in _row(membership).findings]
    assert any("民主测评" in m for m in messages) and any("公示" in m for m in messages)


def test_jinan_wants_the_result_in_the_personal_file() -> None:
    village = Membership.objects.active_on(TODAY).filter(team__village__township__name="孔村镇").first()
    assert village is not None
    membership = _ending(village.team.village.name)
    services.term_review_record(
        user=user("county2"), membership=membership, reviewed_on=TODAY, result=Grade.EXCELLENT, today=TODAY
    )
    assert [f.message for f in _row(membership).findings] == ["期满考察结果未存入个人档案（JN-ENDTERM）"]


def test_a_publication_needs_both_dates_in_order() -> None:
    membership = _ending(_qinghai_village())
    with pytest.raises(AssessmentError) as caught:
        services.term_review_record(
            user=user("county_qh"),
            membership=membership,
            reviewed_on=TODAY,
            result=Grade.COMPETENT,
            published_from=TODAY,
            published_to=TODAY - datetime.timedelta(days=1),
            today=TODAY,
        )
    assert caught.value.code == errors.REVIEW_PUBLICATION
    assert not TermReview.objects.exists()


def test_a_township_may_not_record_a_review() -> None:
    membership = _ending(_qinghai_village())
    with pytest.raises(AssessmentError) as caught:
        services.term_review_record(
            user=user("township_qh"),
            membership=membership,
            reviewed_on=TODAY,
            result=Grade.COMPETENT,
            today=TODAY,
        )
    assert caught.value.code == errors.NOT_ALLOWED


def test_one_review_per_membership() -> None:
    membership = _ending(_qinghai_village())
    kwargs: dict[str, Any] = {
        "membership": membership,
        "reviewed_on": TODAY,
        "result": Grade.COMPETENT,
        "today": TODAY,
    }
    services.term_review_record(user=user("county_qh"), **kwargs)
    with pytest.raises(AssessmentError) as caught:
        services.term_review_record(user=user("county_qh"), **kwargs)
    assert caught.value.code == errors.REVIEW_DUPLICATE


def test_the_pages_list_and_record_a_review(as_user: Any) -> None:
    membership = _ending(_qinghai_village())
    client = as_user("county_qh")
    page = client.get(reverse("assessment:term_review_list")).content.decode()
    assert membership.cadre.name in page and "尚未进行期满考核" in page
    client.post(
        reverse("assessment:term_review_create", args=[membership.pk]),
        {
            "reviewed_on": TODAY.isoformat(),
            "result": "competent",
            "methods": ALL_METHODS,
            "in_personal_file": "on",
            "published_from": TODAY.isoformat(),
            "published_to": (TODAY + datetime.timedelta(days=7)).isoformat(),
        },
    )
    review = TermReview.objects.get(membership=membership)
    assert review.in_personal_file and review.published_to == TODAY + datetime.timedelta(days=7)


@pytest.mark.parametrize("other", ["county", "county2", "county_sc"])
def test_another_county_gets_404_on_the_review_page(as_user: Any, other: str) -> None:
    membership = _ending(_qinghai_village())
    url = reverse("assessment:term_review_create", args=[membership.pk])
    assert as_user(other).get(url).status_code == 404
    assert (
        as_user(other).post(url, {"reviewed_on": TODAY.isoformat(), "result": "competent"}).status_code == 404
    )
    assert not TermReview.objects.exists()
