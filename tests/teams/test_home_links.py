"""The home pages lead to each user's daily work: the unit to its approvals, signatures and allowance,
the cadre to the check-in and the leave form."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_units_home_leads_to_its_approvals_signatures_and_allowance(as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user("unit")
    page = client.get("/").content.decode()
    links = [
        reverse("attendance:leave_list") + "?view=inbox",
        reverse("attendance:explanation_list") + "?state=written",
        reverse("funding:allowance"),
    ]
    for link in links:
        assert f'href="{link}"' in page
        assert client.get(link).status_code == 200


def test_the_cadres_home_leads_to_the_check_in_and_the_leave_form(as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user("cadre")
    page = client.get("/").content.decode()
    for name in ("attendance:checkin_form", "attendance:leave_form"):
        assert f'href="{reverse(name)}"' in page
        assert client.get(reverse(name)).status_code == 200
