"""The admin reads in Chinese: Django's catalogue lacks a few admin strings and django-axes has none, so
the project's own catalogue (locale/) and the axes app config fill them in."""

from __future__ import annotations

import gettext
import html
import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
# Latin words that may stay: product names a Chinese admin page spells this way.
ALLOWED = {"Django", "LDAP", "Control", "Command", "Mac"}


def _visible_english(page: str) -> set[str]:
    text = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    attributes = re.findall(r'(?:title|aria-label|placeholder)="([^"]*)"', text)
    text = html.unescape(" ".join([re.sub(r"<[^>]+>", " ", text), *attributes]))
    return set(re.findall(r"[A-Za-z]{3,}", text)) - ALLOWED


@pytest.mark.parametrize("url", ["/admin/", "/admin/accounts/user/add/", "/admin/axes/accessattempt/"])
def test_admin_pages_have_no_english_labels(as_user, url: str) -> None:  # type: ignore[no-untyped-def]
    response = as_user("admin").get(url)
    assert response.status_code == 200
    body = response.content.decode()
    for english in ("Axes", "Access attempts", "Access logs", "Access failures", "Model name", "After you"):
        assert english not in body
    assert _visible_english(body) == set()


def test_the_login_protection_app_has_a_chinese_name(as_user) -> None:  # type: ignore[no-untyped-def]
    body = as_user("admin").get("/admin/").content.decode()
    assert "登录保护" in body and "登录尝试" in body and "登录日志" in body


def test_the_user_form_says_what_the_name_fields_hold(as_user) -> None:  # type: ignore[no-untyped-def]
    from accounts.models import User

    pk = User.objects.get(username="township").pk
    body = as_user("admin").get(f"/admin/accounts/user/{pk}/change/").content.decode()
    assert "单位与职务" in body and "姓名" in body


def test_the_compiled_catalogue_matches_its_source() -> None:
    """The .mo is committed so a fresh machine needs no gettext; it must say what the .po says."""
    source = (LOCALE / "django.po").read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', source, flags=re.M)
    with (LOCALE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    assert pairs and all(catalogue.gettext(msgid) == msgstr for msgid, msgstr in pairs)
