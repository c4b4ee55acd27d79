"""A session time with an offset past ±15:59 (Python reads it; PostgreSQL refuses it) or past
the last date a database holds once in UTC: the API keeps times as UTC and answers 422 for
the second, never a 500 (schemathesis found `?to=4703-10-20T02:02:56-16:05` a 500 on
PostgreSQL)."""

from __future__ import annotations

import pytest

from echohub.programs.models import Role
from echohub.scheduling.models import Session

pytestmark = pytest.mark.django_db


def test_a_filter_with_a_far_offset_is_read_in_utc(member_api, program):  # type: ignore[no-untyped-def]
    api = member_api(program, Role.COORDINATOR)
    response = api.get(f"/programs/{program.slug}/sessions", to="4703-10-20T02:02:56-16:05")
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("when", ["9999-12-31T23:59:59-16:05", "9999-12-31T23:00:00-05:00"])
def test_a_filter_past_the_last_date_is_refused(member_api, program, when):  # type: ignore[no-untyped-def]
    api = member_api(program, Role.COORDINATOR)
    response = api.get(f"/programs/{program.slug}/sessions", **{"from": when})
    assert response.status_code == 422, response.content


def test_a_session_added_with_a_far_offset_is_kept_in_utc(member_api, program):  # type: ignore[no-untyped-def]
    api = member_api(program, Role.COORDINATOR)
    response = api.post(
        f"/programs/{program.slug}/sessions",
        {
            "title": "Tapering",
            "starts_at": "2027-03-02T12:00:00-16:05",
            "ends_at": "2027-03-02T13:30:00-16:05",
        },
    )
    assert response.status_code == 201, response.content
    session = Session.objects.get(pk=response.json()["id"])
    assert session.starts_at.isoformat() == "2027-03-03T04:05:00+00:00"
    too_late = api.post(
        f"/programs/{program.slug}/sessions",
        {
            "title": "Never",
            "starts_at": "9999-12-31T23:00:00-05:00",
            "ends_at": "9999-12-31T23:30:00-05:00",
        },
    )
    assert too_late.status_code == 422, too_late.content
