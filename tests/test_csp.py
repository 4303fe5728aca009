"""Content-Security-Policy: every response forbids inline scripts and styles, plug-ins, framing and
foreign form targets; no template needs an inline script, style or event handler to work."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

TEMPLATES = Path(settings.BASE_DIR) / "templates"
REQUIRED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
PAGES = [
    ("county", "/"),
    ("county", "/teams/"),
    ("county", "/cadres/"),
    ("county", "/villages/"),
    ("county", "/units/"),
    ("county", "/imports/"),
    ("county", "/policy/"),
    ("county", "/leave/"),
    ("county", "/attendance/compliance/"),
    ("county", "/attendance/spot-checks/"),
    ("county", "/attendance/grid/"),
    ("township", "/attendance/grid/"),
    ("township", "/leave/"),
    ("unit", "/"),
    ("cadre", "/"),
    ("cadre", "/attendance/checkin/"),
    ("cadre", "/leave/new/"),
    ("cadre", "/accounts/tokens/"),
    ("cadre", "/api/v1/leave-requests/"),
    ("admin", "/admin/"),
    ("county", "/no-such-page/"),
]


def _policy(header: str) -> dict[str, list[str]]:
    directives = (part.strip().split() for part in header.split(";") if part.strip())
    return {d[0]: d[1:] for d in directives}


def _assert_strict(header: str) -> None:
    policy = _policy(header)
    for directive, source in REQUIRED.items():
        assert policy.get(directive) == [source], (directive, header)
    assert "unsafe-inline" not in header and "unsafe-eval" not in header


@pytest.mark.django_db
@pytest.mark.parametrize(("username", "path"), PAGES)
def test_every_page_sends_a_strict_policy(as_user, username: str, path: str) -> None:  # type: ignore[no-untyped-def]
    response = as_user(username).get(path)
    assert response.status_code in {200, 302, 404}, path
    _assert_strict(response["Content-Security-Policy"])


@pytest.mark.django_db
def test_the_login_page_sends_a_strict_policy() -> None:
    _assert_strict(Client().get("/accounts/login/")["Content-Security-Policy"])


# An inline <script> (one without src), a <style> element, a style="" attribute, an on…="" handler, a
# javascript: URL: each needs 'unsafe-inline' (or a hash) and would stop working under the policy.
FORBIDDEN = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def _template_files() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


def test_the_scan_finds_inline_code() -> None:
    sample = (
        '<p style="x"><script>alert(1)</script><a onclick="f()" href="javascript:f()"></a><style>p{}</style>'
    )
    assert all(pattern.search(sample) for pattern in FORBIDDEN.values())
    assert not any(p.search('<script src="/static/js/forms.js" defer></script>') for p in FORBIDDEN.values())


def test_no_template_has_inline_scripts_styles_or_handlers() -> None:
    found = [
        f"{path.relative_to(TEMPLATES)}: {what}"
        for path in _template_files()
        for what, pattern in FORBIDDEN.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_htmx_does_not_inject_its_indicator_style() -> None:
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    assert '<meta name="htmx-config"' in base and '"includeIndicatorStyles": false' in base
