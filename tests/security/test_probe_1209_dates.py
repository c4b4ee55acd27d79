"""Probe: a date at the edge of what Python holds (9999-12-31, 0001-01-01) in a filter or a
form was a 500 (the day after it, or its time in UTC, overflows). Now a message in the form."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from echohub.accounts.models import User
from echohub.evaluation.forms import SurveyForm
from tests.browser import site_map

pytestmark = pytest.mark.django_db

EDGES = ["9999-12-31", "0001-01-01"]


@pytest.fixture(autouse=True)
def _plain_sign_in(settings: Any) -> None:
    settings.TWO_FACTOR_ENFORCED = False


def _client(role: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(email=site_map.ROLES[role]))
    return client


def test_edge_dates_in_filters_and_forms() -> None:
    demo = site_map.build()
    slug = demo.slug
    coordinator = _client("coordinator")
    admin = _client("program_admin")
    form = SurveyForm(instance=demo.survey, program=demo.survey.program)
    survey = {k: v for k, v in form.initial.items() if k in form.fields and v is not None}
    for day in EDGES:
        for page in ("cases", "reach", "sessions"):
            for field in ("date_from", "date_to"):
                response = coordinator.get(f"/p/{slug}/insights/{page}/?{field}={day}")
                assert response.status_code < 500, (page, field, day, response.status_code)
        response = coordinator.get(f"/p/{slug}/insights/report.pdf?date_to={day}")
        assert response.status_code < 500, ("report", day, response.status_code)
        response = admin.get(
            f"/p/{slug}/research/export/?study={demo.study.pk}&datasets=attendance"
            f"&format=csv&date_to={day}"
        )
        assert response.status_code < 500, ("research", day, response.status_code)
        response = coordinator.get(f"/api/v1/programs/{slug}/insights/reach?date_to={day}")
        assert response.status_code in (400, 422), ("api", day, response.status_code)
        assert "1900" in response.json()["message"] + str(response.json().get("errors"))
        response = coordinator.post(
            f"/p/{slug}/surveys/{demo.survey.pk}/edit/", {**survey, "closes_at": f"{day}T23:59"}
        )
        assert response.status_code < 500, ("survey", day, response.status_code)
        assert "1900" in response.content.decode()
    response = coordinator.get(f"/p/{slug}/insights/reach/?date_to=9999-12-31")
    assert "1900" in response.content.decode()
