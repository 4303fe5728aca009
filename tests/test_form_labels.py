"""Every form's labels end the Chinese way, "姓名：" — ours, attendance's and Django's own — from one place
(config.forms.FormRenderer); a checkbox's label, which follows the box, takes no colon."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _labels(body: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", text).strip() for text in re.findall(r"<label[^>]*>(.*?)</label>", body, re.S)
    ]


def test_the_cadre_form_says_name_with_a_full_width_colon(as_user) -> None:  # type: ignore[no-untyped-def]
    body = as_user("county").get(reverse("teams:cadre_create")).content.decode()
    labels = _labels(body)
    assert "姓名：" in labels and "公民身份号码：" in labels
    assert "后备干部" in labels  # a checkbox
    assert not [label for label in labels if label.endswith(":")]


@pytest.mark.parametrize(
    ("username", "url", "label"),
    [
        ("county", "/imports/", "花名册文件："),  # a plain Form of ours
        ("cadre", "/accounts/password/", "旧密码："),  # Django's PasswordChangeForm
    ],
)
def test_other_forms_too(as_user, username: str, url: str, label: str) -> None:  # type: ignore[no-untyped-def]
    labels = _labels(as_user(username).get(url).content.decode())
    assert label in labels
    assert not [text for text in labels if text.endswith(":")]


def test_a_label_ending_in_punctuation_gets_no_second_mark() -> None:
    class Form(forms.Form):
        question = forms.CharField(label="是否在岗？")
        plain = forms.CharField(label="说明")

    form = Form()
    assert ">是否在岗？</label>" in str(form["question"].label_tag())
    assert ">说明：</label>" in str(form["plain"].label_tag())
    assert ">说明</label>" in str(form["plain"].label_tag(label_suffix=""))  # an explicit suffix wins


def test_labels_written_by_hand_in_templates_end_with_a_full_width_colon() -> None:
    from django.conf import settings

    written = re.compile(r'<label for="[^"]+">([^<]+)</label>')
    bare = [
        f"{path.relative_to(settings.BASE_DIR)}: {text}"
        for path in sorted((settings.BASE_DIR / "templates").rglob("*.html"))
        for text in written.findall(path.read_text(encoding="utf-8"))
        if not text.endswith(("：", "？"))
    ]
    assert bare == []
