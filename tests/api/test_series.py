"""Series: list, get, create from a recurrence."""

from __future__ import annotations

from typing import Any

import pytest

from echohub.core.models import AuditEntry
from echohub.programs.models import Program, Role
from echohub.scheduling.models import AgendaItem, Series, Session
from tests.factories import ProgramFactory, SeriesFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pain() -> Program:
    return ProgramFactory(slug="pain", time_zone="America/Toronto")


def series_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Cycle 2030",
        "weekday": 3,  # Thursday
        "first_date": "2030-10-24",
        "count": 3,
        "start_time": "12:00",
        "duration_minutes": 120,
        "video_url": "https://meet.example.test/pain",
        "topics": ["Opioid tapering", "Sleep and pain"],
    }
    body.update(overrides)
    return body


def test_create_series_makes_its_sessions_in_wall_clock_time(
    pain: Program, member_api: Any
) -> None:
    api = member_api(pain, Role.COORDINATOR)
    response = api.post("/programs/pain/series", series_body())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["session_count"] == 3 and body["time_zone"] == "America/Toronto"
    series = Series.objects.get(pk=body["id"])
    starts = [
        s.isoformat()
        for s in Session.objects.filter(series=series)
        .order_by("number")
        .values_list("starts_at", flat=True)
    ]
    # 12:00 in Toronto: EDT (UTC-4) in October, EST (UTC-5) after 3 November 2030.
    assert starts == [
        "2030-10-24T16:00:00+00:00",
        "2030-10-31T16:00:00+00:00",
        "2030-11-07T17:00:00+00:00",
    ]
    assert list(
        AgendaItem.objects.filter(session__series=series)
        .values_list("title", flat=True)
        .order_by("session__number")
    ) == ["Opioid tapering", "Sleep and pain"]
    entry = AuditEntry.objects.get(action="series.created")
    assert entry.actor == api.user and entry.program == pain and entry.changes == {"sessions": 3}


def test_series_time_zone_may_differ_from_the_programs(pain: Program, member_api: Any) -> None:
    api = member_api(pain, Role.COORDINATOR)
    response = api.post("/programs/pain/series", series_body(time_zone="America/Winnipeg", count=1))
    assert response.status_code == 201
    assert Session.objects.get().starts_at.isoformat() == "2030-10-24T17:00:00+00:00"


@pytest.mark.parametrize(
    ("overrides", "status", "code", "field"),
    [
        ({"time_zone": "Mars/Olympus"}, 400, "invalid_time_zone", "time_zone"),
        ({"count": None, "last_date": "2030-10-01"}, 400, "end_before_start", "last_date"),
        ({"count": None, "last_date": "2030-10-25", "weekday": 0}, 400, "empty_recurrence", None),
        ({"count": None}, 400, "unbounded", "count"),
        ({"frequency": "monthly_weekday"}, 400, "invalid_week_of_month", "week_of_month"),
        ({"weekday": 7}, 422, "invalid", "weekday"),
        ({"count": 0}, 422, "invalid", "count"),
        ({"start_time": "12:00:00+02:00"}, 422, "invalid", "start_time"),
        ({"frequency": "daily"}, 422, "invalid", "frequency"),
        ({"video_url": "javascript:alert(1)"}, 422, "invalid", "video_url"),
        ({"title": ""}, 400, "title_required", "title"),
        ({"title": "", "title_fr": " "}, 400, "title_required", "title"),
        ({"holiday_region": "CA-XX"}, 400, "invalid_holiday_region", "holiday_region"),
        ({"holiday_region": "CA-ONT"}, 422, "invalid", "holiday_region"),
    ],
)
def test_bad_series_input_is_refused_with_a_code(
    pain: Program,
    member_api: Any,
    overrides: dict[str, Any],
    status: int,
    code: str,
    field: str | None,
) -> None:
    response = member_api(pain, Role.COORDINATOR).post(
        "/programs/pain/series", series_body(**overrides)
    )
    assert response.status_code == status, response.content
    body = response.json()
    assert (body["code"], body["field"]) == (code, field)
    assert not Series.objects.exists() and not Session.objects.exists()


def test_a_series_overlapping_a_session_is_refused_whole(pain: Program, member_api: Any) -> None:
    import datetime as dt

    SessionFactory(
        program=pain,
        title="Special",
        starts_at=dt.datetime(2030, 10, 31, 16, 30, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 10, 31, 17, 30, tzinfo=dt.UTC),
    )
    response = member_api(pain, Role.COORDINATOR).post("/programs/pain/series", series_body())
    assert response.status_code == 409 and response.json()["code"] == "session_overlap"
    assert "Special" in response.json()["message"]
    assert Session.objects.count() == 1 and not Series.objects.exists()


def test_list_and_get_series(pain: Program, member_api: Any, count_queries: Any) -> None:
    api = member_api(pain, Role.PARTICIPANT)
    series = SeriesFactory(program=pain, title="Autumn cycle")
    SessionFactory.create_batch(2, program=pain, series=series)
    SeriesFactory(title="Not ours")
    api.get("/programs/pain/series")
    one = count_queries(lambda: api.get("/programs/pain/series"))
    body = api.get("/programs/pain/series").json()
    assert [(s["title"], s["session_count"]) for s in body["items"]] == [("Autumn cycle", 2)]
    for i in range(10):
        SessionFactory(program=pain, series=SeriesFactory(program=pain, title=f"Cycle {i + 2}"))
    assert count_queries(lambda: api.get("/programs/pain/series")) == one
    assert api.get("/programs/pain/series", q="autumn").json()["count"] == 1
    detail = api.get(f"/programs/pain/series/{series.pk}").json()
    assert detail["title"] == "Autumn cycle" and detail["start_time"] == "12:30:00"
    foreign = SeriesFactory()
    assert api.get(f"/programs/pain/series/{foreign.pk}").status_code == 404


def _dates(series_id: int) -> list[str]:
    return [
        str(d.date())
        for d in Session.objects.filter(series_id=series_id)
        .order_by("number")
        .values_list("starts_at", flat=True)
    ]


def test_a_series_skips_the_holidays_of_the_region_it_names(pain: Program, member_api: Any) -> None:
    """24 June (Fête nationale) is a statutory holiday in Quebec, not in Ontario; the default
    skips nothing (as before the field existed)."""
    api = member_api(pain, Role.COORDINATOR)
    week = {"first_date": "2032-06-17", "count": None, "last_date": "2032-07-01"}
    quebec = api.post("/programs/pain/series", series_body(holiday_region="CA-QC", **week))
    assert quebec.status_code == 201, quebec.content
    # 1 July (Canada Day) is skipped by both provinces.
    assert _dates(quebec.json()["id"]) == ["2032-06-17"]
    Session.objects.all().delete()
    ontario = api.post("/programs/pain/series", series_body(holiday_region="CA-ON", **week))
    assert ontario.status_code == 201, ontario.content
    assert _dates(ontario.json()["id"]) == ["2032-06-17", "2032-06-24"]
    Session.objects.all().delete()
    plain = api.post("/programs/pain/series", series_body(**week))
    assert plain.status_code == 201
    assert _dates(plain.json()["id"]) == ["2032-06-17", "2032-06-24", "2032-07-01"]
