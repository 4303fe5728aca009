"""The policy pages: every provision in force, the leave route, county settings, and who may see and set them.

"Alice owns it, Bob is in the other county": ``county`` (西平县, Zhumadian) and ``county2`` (平阴县, Jinan);
``bureau``, ``township``, ``unit`` and ``city`` see 西平县's page but cannot change it.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from core.params import BAD_DATE_MSG
from teams import errors, rules
from teams.county_policy import county_policy
from teams.models import PolicyOverride, Region, Team
from teams.policy_display import GROUP_OF, GROUPS, VALUE_LABELS
from tests.clock import TODAY

pytestmark = pytest.mark.django_db

PROVISIONS_MD = Path(rules.__file__).parent / "PROVISIONS.md"
ZMD_LOWER = "由乡镇（街道）党（工）委批准，并报县（区）委组织部、县（区）乡村振兴局备案"
ZMD_UPPER = "由县（区）委组织部、县（区）乡村振兴局、派出单位共同批准"


def xiping() -> Region:
    return Region.objects.get(name="西平县")


def pingyin() -> Region:
    return Region.objects.get(name="平阴县")


def page_url(county: Region, **query: str) -> str:
    url = reverse("teams:policy_detail", args=[county.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def form_url(county: Region, key: str = "leave_threshold_days") -> str:
    return reverse("teams:policy_override", args=[county.pk, key])


def html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def text(response: Any) -> str:
    """The page's visible text with tags removed and whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html(response)).split())


# --- what the page shows ----------------------------------------------------------------------------


def test_xiping_shows_zmd_leave_with_its_seven_day_route(as_user: Any) -> None:
    page = text(as_user("county").get(page_url(xiping())))

    assert "西平县 · 政策规定" in page and "适用驻马店市政策" in page
    assert "请假审批路线 ZMD-LEAVE" in page
    assert f"不超过7天 ：{ZMD_LOWER}" in page
    assert f"超过7天 ：{ZMD_UPPER}" in page
    for days, side, route in [
        ("3", "不超过7天", ZMD_LOWER),
        ("3.5", "不超过7天", ZMD_LOWER),
        ("7", "不超过7天", ZMD_LOWER),
        ("7.5", "超过7天", ZMD_UPPER),
        ("8", "超过7天", ZMD_UPPER),
    ]:
        assert f"{days}天 {side} {route}" in page
    assert "解读" in page and "≤N / >N" in page and "本县N=7" in page and "约定" not in page


def test_pingyin_shows_jn_leave_with_its_three_day_route(as_user: Any) -> None:
    page = text(as_user("county2").get(page_url(pingyin())))

    assert "请假审批路线 JN-LEAVE" in page
    assert "不超过3天 ：由乡镇（街道）党（工）委批准" in page
    assert "超过3天 ：由县（区）委组织部批准" in page
    assert "3天 不超过3天 由乡镇（街道）党（工）委批准" in page
    assert "3.5天 超过3天 由县（区）委组织部批准" in page
    assert "ZMD-LEAVE" not in page


@pytest.mark.parametrize("username, county", [("county", "西平县"), ("county2", "平阴县")])
def test_every_provision_in_force_is_on_the_page(as_user: Any, username: str, county: str) -> None:
    region = Region.objects.get(name=county)
    policy = county_policy(region, TODAY)
    page = html(as_user(username).get(page_url(region)))

    assert policy.provisions
    for provision in policy.provisions:
        block = page.split(f'id="p-{provision.id}"', 1)[1].split("</article>", 1)[0]
        assert provision.title in block
        assert provision.source.citation in block
        assert provision.wording in block
        assert provision.in_force_from.isoformat() in block
        assert f"strength-{provision.strength.value}" in block
    others = {p.id for p in rules.PROVISIONS} - {p.id for p in policy.provisions}
    assert not any(f'id="p-{pid}"' in page for pid in others)


def test_groups_follow_the_sections_of_provisions_md() -> None:
    sections = {
        "Team composition and selection": "team",
        "Presence, leave and spot checks": "attendance",  # PROVISIONS.md (shared) names the section so
        "Assessment, recall and consequences": "assessment",
        "Training": "training",
        "Money": "money",
        "Meetings, reports, visits": "meetings",
    }
    expected: dict[str, str] = {}
    group = None
    for line in PROVISIONS_MD.read_text().splitlines():
        if line.startswith("## "):
            group = sections.get(line[3:].strip())
        elif group and line.startswith("| ") and not line.startswith(("| id ", "|---")):
            for pid in line.split("|")[1].split(","):
                expected[pid.strip()] = group
    assert dict(GROUP_OF) == expected
    assert set(GROUP_OF) == set(rules.PROVISION_IDS)
    assert [g for g, _ in GROUPS] == list(sections.values())


def test_every_value_of_every_provision_has_a_chinese_label() -> None:
    keys = {key for provision in rules.PROVISIONS for key in provision.values}
    assert keys <= set(VALUE_LABELS)


def main_text(response: Any) -> str:
    """The visible text of the page's own content (``<main>``), without the nav and its links (年度考核)."""
    content = html(response).split("<main", 1)[1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", "<main" + content).split())


def test_groups_are_shown_in_order(as_user: Any) -> None:
    page = main_text(as_user("county2").get(page_url(pingyin())))
    positions = [page.index(f"{title} ") for _, title in GROUPS]
    assert positions == sorted(positions)


# --- the date selector --------------------------------------------------------------------------------


def qinghai_county() -> Region:
    return Region.objects.get(code="630202")  # the demo's 乐都区 (Qinghai), without overrides


def test_the_date_selector_shows_qinghai_funds_before_and_after_the_ten_measures(as_user: Any) -> None:
    ledu = qinghai_county()
    admin = as_user("admin")

    before = html(admin.get(page_url(ledu, on="2018-06-01")))
    after = html(admin.get(page_url(ledu, on="2019-01-01")))

    assert 'id="p-QH-FUNDS"' in before and 'id="p-QH10-FUNDS"' not in before
    assert "10000元/队/年" in before and "20000元/队/年" not in before
    assert 'id="p-QH10-FUNDS"' in after and 'id="p-QH-FUNDS"' not in after
    assert "20000元/队/年" in after
    # Qinghai names no route: the county's own rule, by default township up to 3 days (correction 5)
    assert "本县规定，不是文件条款" in before and "不超过3天" in before and "未设置天数界限" not in before


def test_a_date_before_the_document_shows_nothing_in_force(as_user: Any) -> None:
    page = text(as_user("county").get(page_url(xiping(), on="2021-12-31")))
    assert "2021-12-31驻马店市政策尚无生效的规定" in page
    assert "ZMD-LEAVE" not in page


def test_a_bad_date_falls_back_to_today_with_a_message(as_user: Any) -> None:
    page = text(as_user("county").get(page_url(xiping(), on="2024-13-40")))
    assert BAD_DATE_MSG.format(value="2024-13-40") + "；已显示今天的规定" in page and "ZMD-LEAVE" in page


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "²⁰²⁶-01-01"])
def test_a_date_outside_the_served_years_falls_back_to_today(as_user: Any, value: str) -> None:
    page = text(as_user("county").get(reverse("teams:policy_detail", args=[xiping().pk]), {"on": value}))
    assert BAD_DATE_MSG.format(value=value) in page and "ZMD-LEAVE" in page


# --- county settings ----------------------------------------------------------------------------------


def post_threshold(client: Any, county: Region, value: str = "5", reason: str = "县委常委会决定") -> Any:
    return client.post(form_url(county), {"value": value, "reason": reason})


def test_the_county_overrides_a_value_and_the_page_shows_who_when_why(as_user: Any) -> None:
    client = as_user("county")

    response = post_threshold(client, xiping())

    assert response.status_code == 302
    assert response["Location"] == page_url(xiping()) + "#setting-leave_threshold_days"
    page = text(client.get(page_url(xiping())))
    assert "不超过5天 ：" + ZMD_LOWER in page and "超过5天 ：" + ZMD_UPPER in page
    assert "6天 超过5天 " + ZMD_UPPER in page
    assert "本县设置 由王建国（西平县委组织部）于" in page and "理由：县委常委会决定" in page
    assert "文件默认：7天" in page
    row = PolicyOverride.objects.get(county=xiping())
    stamp = timezone.localtime(row.created_at).strftime("%Y-%m-%d %H:%M")
    assert f"{stamp} 请假审批天数界限（天） ZMD-LEAVE 7天" in page  # history: when, what, old
    assert "→ 5天" in page and "王建国（西平县委组织部） 县委常委会决定" in page


def test_a_double_post_records_one_change(as_user: Any) -> None:
    client = as_user("county")
    post_threshold(client, xiping())
    response = post_threshold(client, xiping(), reason="又点了一次")

    assert response.status_code == 302
    assert PolicyOverride.objects.filter(county=xiping()).count() == 1


def test_settings_shown_for_a_past_date_are_those_recorded_by_then(as_user: Any) -> None:
    client = as_user("county")
    post_threshold(client, xiping())
    yesterday = (TODAY - datetime.timedelta(days=1)).isoformat()

    page = text(client.get(page_url(xiping(), on=yesterday)))

    assert "不超过7天 ：" + ZMD_LOWER in page


def test_a_hard_provision_cannot_be_overridden_from_the_form(as_user: Any) -> None:
    client = as_user("county2")

    shown = text(client.get(form_url(pingyin())))
    response = post_threshold(client, pingyin())

    message = "“请假审批天数界限（天）”是JN-LEAVE的刚性规定，县级不能修改"
    assert message in shown and "保存" not in shown
    assert message in text(response)
    assert not PolicyOverride.objects.filter(county=pingyin()).exists()


def test_a_bad_value_and_a_missing_reason_are_shown_on_the_form(as_user: Any) -> None:
    client = as_user("county")

    bad = text(post_threshold(client, xiping(), value="2.3"))
    no_reason = text(post_threshold(client, xiping(), reason=""))

    assert "“请假审批天数界限（天）”应为大于0的整数或半天" in bad
    assert errors.POLICY_REASON_REQUIRED_MSG in no_reason
    assert not PolicyOverride.objects.exists()


def test_the_county_sees_edit_links_others_do_not(as_user: Any) -> None:
    assert form_url(xiping()) in html(as_user("county").get(page_url(xiping())))
    for username in ("bureau", "township", "unit", "city"):
        page = html(as_user(username).get(page_url(xiping())))
        assert "ZMD-LEAVE" in page and form_url(xiping()) not in page


@pytest.mark.parametrize("username", ["bureau", "township", "unit", "city"])
def test_other_offices_in_jurisdiction_read_the_page_but_get_403_on_the_form(
    as_user: Any, username: str
) -> None:
    client = as_user(username)

    assert client.get(page_url(xiping())).status_code == 200
    assert client.get(form_url(xiping())).status_code == 403
    assert post_threshold(client, xiping()).status_code == 403
    assert not PolicyOverride.objects.exists()


def test_the_other_county_gets_404_on_page_and_form(as_user: Any) -> None:
    client = as_user("county2")

    assert client.get(page_url(xiping())).status_code == 404
    assert client.get(form_url(xiping())).status_code == 404
    assert post_threshold(client, xiping()).status_code == 404
    assert as_user("county").get(page_url(pingyin())).status_code == 404
    assert not PolicyOverride.objects.exists()


def test_an_unknown_county_or_key_is_404(as_user: Any) -> None:
    client = as_user("county")
    township = Region.objects.get(name="五沟营镇")
    assert client.get(page_url(township)).status_code == 404
    assert client.get(form_url(xiping(), "nonsense")).status_code == 404


def test_the_login_is_required(client: Any) -> None:
    response = client.get(page_url(xiping()))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- /policy/ and the nav -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "username, county", [("county", "西平县"), ("county2", "平阴县"), ("township", "西平县")]
)
def test_policy_home_goes_to_the_users_county(as_user: Any, username: str, county: str) -> None:
    response = as_user(username).get(reverse("teams:policy_index"))
    assert response.status_code == 302
    assert response["Location"] == page_url(Region.objects.get(name=county))


def test_city_oversight_gets_the_list_of_its_counties(as_user: Any) -> None:
    page = text(as_user("city").get(reverse("teams:policy_index")))
    assert "西平县 驻马店市 驻马店市 ZMD-LEAVE 不超过7天" in page
    assert "平阴县" not in page


def test_the_superuser_lists_every_county(as_user: Any) -> None:
    page = text(as_user("admin").get(reverse("teams:policy_index")))
    assert "西平县" in page and "平阴县" in page and "JN-LEAVE" in page


@pytest.mark.parametrize("username", ["county", "county2", "bureau", "township", "unit", "city", "admin"])
def test_the_nav_links_the_policy_for_every_office_but_cadre(as_user: Any, username: str) -> None:
    assert ">政策规定</a>" in html(as_user(username).get(reverse("home")))


def test_the_cadre_has_no_policy_link(as_user: Any) -> None:
    assert ">政策规定</a>" not in html(as_user("cadre").get(reverse("home")))


# --- the rule-breaking demo teams ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "username, village, provision",
    [
        ("county", "赵楼村", "ZMD-TEAM"),
        ("county", "刘庄村", "ZMD-TEAM"),
        ("county2", "王楼村", "JN-TEAM-SIZE"),
        ("county2", "黄营村", "JN-TEAM-ORIGIN"),
        ("county2", "北岳村", "JN-LEADER"),
    ],
)
def test_rule_breaking_demo_teams_show_their_findings(
    as_user: Any, username: str, village: str, provision: str
) -> None:
    team = Team.objects.active_on(TODAY).get(village__name=village)

    page = html(as_user(username).get(team.get_absolute_url()))

    assert f"<code>{provision}</code>" in page
    # once per finding: the badge names the provision, the message no longer repeats it (issue 10, 11)
    assert f"（{provision}）" not in page


def test_a_team_that_keeps_the_rules_shows_no_finding(as_user: Any) -> None:
    team = Team.objects.active_on(TODAY).get(village__name="李楼村")
    assert "未发现不符合政策规定之处" in html(as_user("county").get(team.get_absolute_url()))
