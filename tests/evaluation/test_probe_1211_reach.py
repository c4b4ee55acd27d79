"""Probe 1211 (reach): the count of unique participants over two date ranges one session
apart gives back the people seen only at that session. For an evaluator, reach's dates count
by whole months (as survey answers and cases do), so the two ranges are the same month.

Invented program: ten family physicians attend the sessions of 8 and 15 January 2026; one
more (the eleventh) attends only on 22 January.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from echohub.accounts.models import ApiToken
from echohub.attendance.models import Attendance
from echohub.programs.models import Role
from tests.factories import (
    MembershipFactory,
    ProgramFactory,
    SeriesFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("America/Toronto")
HIDDEN = "<5"


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    p = ProgramFactory(slug="reachslice", time_zone="America/Toronto")
    cycle = SeriesFactory(program=p, first_date=dt.date(2026, 1, 8))
    sessions = [
        SessionFactory(program=p, series=cycle, starts_at=at(d), ends_at=at(d, 14))
        for d in (dt.date(2026, 1, 8), dt.date(2026, 1, 15), dt.date(2026, 1, 22))
    ]
    for i in range(11):
        user = UserFactory(profession="family_physician", email=f"r{i}.reach@example.test")
        MembershipFactory(program=p, user=user, role=Role.PARTICIPANT)
        for session in [sessions[2]] if i == 10 else sessions[:2]:
            Attendance.objects.create(session=session, user=user, computed_minutes=60, minutes=60)
    evaluator = UserFactory()
    MembershipFactory(program=p, user=evaluator, role=Role.EVALUATOR)
    _token, raw = ApiToken.issue(user=evaluator, name="probe")
    return {"program": p, "headers": {"HTTP_AUTHORIZATION": f"Bearer {raw}"}}


def reach(client: Any, world: dict[str, Any], filters: dict[str, str]) -> dict[str, Any]:
    response = client.get("/api/v1/programs/reachslice/insights/reach", filters, **world["headers"])
    assert response.status_code == 200
    figures: dict[str, Any] = response.json()["figures"]
    return figures


def test_unique_participants_over_ranges_one_session_apart_do_not_differ_by_one(client, world):
    before = reach(client, world, {"date_from": "2026-01-01", "date_to": "2026-01-15"})
    after = reach(client, world, {"date_from": "2026-01-01", "date_to": "2026-01-22"})
    for key in ("people", "person_sessions", "new"):
        a, b = before["totals"][key], after["totals"][key]
        assert not (a != HIDDEN and b != HIDDEN and 0 < abs(b - a) < 5), (key, a, b)


def test_the_reach_page_says_dates_count_by_whole_months(client, world):
    evaluator = UserFactory()
    MembershipFactory(program=world["program"], user=evaluator, role=Role.EVALUATOR)
    client.force_login(evaluator)
    html = client.get("/p/reachslice/insights/reach/", {"date_from": "2026-01-10"}).content
    assert b'id="reach-months"' in html
