"""Probe: an id posted in a form field that is not a number is a 404 (nothing of that id),
never a 500. `get_object_or_404(..., pk="abc")` raises ValueError, not Http404."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from echohub.accounts.models import User
from tests.browser import site_map

pytestmark = pytest.mark.django_db

BAD_IDS = ["abc", "1.5", "²", "-1", "9" * 30, " "]


@pytest.fixture(autouse=True)
def _plain_sign_in(settings: Any) -> None:
    settings.TWO_FACTOR_ENFORCED = False


def test_posted_ids_that_are_not_numbers() -> None:
    demo = site_map.build()
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(email=site_map.ROLES["coordinator"]))
    case = demo.cases[1]
    for bad in BAD_IDS:
        response = client.post(f"/p/{demo.slug}/sessions/breaks/", {"remove": bad})
        assert response.status_code == 404, ("break", bad, response.status_code)
        response = client.post(f"/p/{demo.slug}/cases/{case.pk}/schedule/", {"session": bad})
        assert response.status_code == 404, ("session", bad, response.status_code)
