"""Probe: a multiple choice of objects (tick boxes) posted with an id larger than a database
integer was a 500 on SQLite (OverflowError in the `id IN (...)` query). Now a form error."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from echohub.accounts.models import User
from echohub.mentoring.models import Mentor
from tests.browser import site_map

pytestmark = pytest.mark.django_db

HUGE = [str(10**20), str(-(10**20)), "²"]


@pytest.fixture(autouse=True)
def _plain_sign_in(settings: Any) -> None:
    settings.TWO_FACTOR_ENFORCED = False


def test_huge_ids_in_multiple_choices() -> None:
    demo = site_map.build()
    slug = demo.slug
    coordinator = Client(raise_request_exception=False)
    coordinator.force_login(User.objects.get(email=site_map.ROLES["coordinator"]))
    admin = Client(raise_request_exception=False)
    admin.force_login(User.objects.get(email=site_map.ROLES["program_admin"]))
    mentor = Mentor.objects.filter(program__slug=slug).order_by("pk").first()
    assert mentor is not None
    for bad in HUGE:
        response = coordinator.post(
            f"/p/{slug}/mentoring/manage/mentors/{mentor.pk}/",
            {"user": mentor.pk, "capacity": "3", "topics": [bad]},
        )
        assert response.status_code < 500, ("mentor topics", bad, response.status_code)
        response = admin.get(
            f"/p/{slug}/research/export/?study={demo.study.pk}&datasets=surveys"
            f"&format=csv&surveys={bad}"
        )
        assert response.status_code < 500, ("export surveys", bad, response.status_code)
