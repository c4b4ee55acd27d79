"""Sessions: list, detail with agenda, add, reschedule, cancel, agenda items."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from echohub.core.models import AuditEntry
from echohub.programs.models import Program, Role
from echohub.scheduling.models import AgendaItem, Resource, Session
from echohub.scheduling.services import agenda_item_version
from tests.factories import (
    AgendaItemFactory,
    MembershipFactory,
    ProgramFactory,
    SeriesFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2030, 3, 4, 15, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _clock() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def pain() -> Program:
    return ProgramFactory(slug="pain")


def at(days: float, hours: float = 0) -> dt.datetime:
    return NOW + dt.timedelta(days=days, hours=hours)


def make_session(program: Program, days: float, **fields: Any) -> Session:
    return SessionFactory(program=program, starts_at=at(days), ends_at=at(days, 1.5), **fields)


def test_list_sessions_in_start_order_with_utc_times(pain: Program, member_api: Any) -> None:
    later = make_session(pain, 14, title="Later")
    sooner = make_session(pain, 7, title="Sooner")
    make_session(ProgramFactory(), 1, title="Not ours")
    body = member_api(pain, Role.PARTICIPANT).get("/programs/pain/sessions").json()
    assert [s["id"] for s in body["items"]] == [sooner.pk, later.pk]
    first = body["items"][0]
    assert first["starts_at"] == "2030-03-11T15:00:00+00:00"
    assert first["ends_at"] == "2030-03-11T16:30:00+00:00"
    assert first["status"] == "scheduled" and first["phase"] == "scheduled"


def test_session_filters(pain: Program, member_api: Any) -> None:
    series = SeriesFactory(program=pain)
    past = make_session(pain, -7, title="Past")
    live = make_session(pain, 0, title="Live now")  # started at NOW, still running
    make_session(pain, 7, title="Next", series=series)
    make_session(pain, 14, title="Cancelled", status="cancelled")
    api = member_api(pain, Role.EXPERT)

    def titles(**query: Any) -> list[str]:
        response = api.get("/programs/pain/sessions", **query)
        assert response.status_code == 200, response.content
        return [s["title"] for s in response.json()["items"]]

    assert titles(upcoming="true") == ["Live now", "Next", "Cancelled"]
    assert titles(past="true") == ["Past"]
    assert titles(status="cancelled") == ["Cancelled"]
    assert titles(status="scheduled", upcoming="true") == ["Live now", "Next"]
    assert titles(**{"from": at(1).isoformat(), "to": at(10).isoformat()}) == ["Next"]
    assert titles(series=series.pk) == ["Next"]
    assert titles(q="live") == ["Live now"]
    assert api.get("/programs/pain/sessions", **{"from": "2030-03-01T00:00"}).status_code == 422
    assert api.get("/programs/pain/sessions", status="live").status_code == 422
    phases = {s["title"]: s["phase"] for s in api.get("/programs/pain/sessions").json()["items"]}
    assert phases == {
        "Past": "ended",
        "Live now": "live",
        "Next": "scheduled",
        "Cancelled": "cancelled",
    }
    assert past.pk and live.pk


def test_past_sessions_come_newest_first(pain: Program, member_api: Any) -> None:
    make_session(pain, -14, title="Older")
    make_session(pain, -7, title="Newer")
    body = member_api(pain, Role.PARTICIPANT).get("/programs/pain/sessions", past="true").json()
    assert [s["title"] for s in body["items"]] == ["Newer", "Older"]


def test_session_list_query_count_is_constant(
    pain: Program, member_api: Any, count_queries: Any
) -> None:
    api = member_api(pain, Role.PARTICIPANT)
    make_session(pain, 1)
    api.get("/programs/pain/sessions")
    one = count_queries(lambda: api.get("/programs/pain/sessions"))
    series = SeriesFactory(program=pain)
    for i in range(2, 30):
        session = make_session(pain, i, series=series if i % 2 else None)
        AgendaItemFactory(session=session)
    assert count_queries(lambda: api.get("/programs/pain/sessions")) == one


def test_session_detail_has_the_agenda_with_presenters_and_resources(
    pain: Program, member_api: Any, count_queries: Any
) -> None:
    session = make_session(pain, 7)
    presenter = UserFactory(first_name="Priya", last_name="Raman", email="priya@example.test")
    MembershipFactory(program=pain, user=presenter, role=Role.EXPERT)
    didactic = AgendaItemFactory(session=session, presenter=presenter, position=1)
    Resource.objects.create(agenda_item=didactic, title="Slides", url="https://example.test/s.pdf")
    AgendaItemFactory(session=session, kind="case", title="Case: knee pain", position=2)
    api = member_api(pain, Role.PARTICIPANT)
    api.get(f"/programs/pain/sessions/{session.pk}")
    one = count_queries(lambda: api.get(f"/programs/pain/sessions/{session.pk}"))
    body = api.get(f"/programs/pain/sessions/{session.pk}").json()
    assert [a["title"] for a in body["agenda"]] == [didactic.title, "Case: knee pain"]
    first = body["agenda"][0]
    assert first["presenter"]["full_name"] == "Priya Raman"
    assert "email" not in first["presenter"]  # participants see names, not addresses
    assert first["resources"] == [
        {
            "id": first["resources"][0]["id"],
            "title": "Slides",
            "title_fr": "",
            "url": "https://example.test/s.pdf",
        }
    ]
    for i in range(8):
        item = AgendaItemFactory(session=session, presenter=UserFactory(), position=3 + i)
        Resource.objects.create(agenda_item=item, title="More", url="https://example.test/m")
    assert count_queries(lambda: api.get(f"/programs/pain/sessions/{session.pk}")) == one
    assert (
        api.get(f"/programs/pain/sessions/{make_session(ProgramFactory(), 3).pk}").status_code
        == 404
    )


def test_add_session_stores_utc_and_audits(pain: Program, member_api: Any) -> None:
    api = member_api(pain, Role.COORDINATOR)
    response = api.post(
        "/programs/pain/sessions",
        {
            "title": " Special: naloxone ",
            "starts_at": "2030-04-02T12:00:00-04:00",
            "ends_at": "2030-04-02T13:30:00-04:00",
            "video_url": "https://meet.example.test/x",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["starts_at"] == "2030-04-02T16:00:00+00:00" and body["agenda"] == []
    session = Session.objects.get(pk=body["id"])
    assert session.title == "Special: naloxone" and session.time_zone == "America/Toronto"
    assert session.starts_at == dt.datetime(2030, 4, 2, 16, tzinfo=dt.UTC)
    assert AuditEntry.objects.filter(
        action="session.added", actor=api.user, object_id=str(session.pk)
    ).exists()


def test_add_session_to_a_series_numbers_it_last(pain: Program, member_api: Any) -> None:
    series = SeriesFactory(program=pain)
    make_session(pain, 1, series=series, number=1)
    api = member_api(pain, Role.COORDINATOR)
    body = api.post(
        "/programs/pain/sessions",
        {
            "title": "Bonus",
            "starts_at": at(30).isoformat(),
            "ends_at": at(30, 1).isoformat(),
            "series_id": series.pk,
        },
    ).json()
    assert body["series_id"] == series.pk and body["number"] == 2
    foreign = SeriesFactory()
    response = api.post(
        "/programs/pain/sessions",
        {
            "title": "Bonus",
            "starts_at": at(31).isoformat(),
            "ends_at": at(31, 1).isoformat(),
            "series_id": foreign.pk,
        },
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid_series"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"starts_at": "2030-04-02T12:00:00", "ends_at": "2030-04-02T13:00:00"}, 422, "invalid"),
        (
            {"starts_at": "2030-04-02T12:00Z", "ends_at": "2030-04-02T11:00Z"},
            400,
            "end_before_start",
        ),
        ({"starts_at": "2030-04-02T00:00Z", "ends_at": "2030-04-02T13:00Z"}, 400, "too_long"),
        (
            {
                "starts_at": "2030-04-02T12:00Z",
                "ends_at": "2030-04-02T13:00Z",
                "time_zone": "Nowhere/Special",
            },
            400,
            "invalid_time_zone",
        ),
        (
            {"starts_at": "2030-03-11T15:30Z", "ends_at": "2030-03-11T16:00Z"},
            409,
            "session_overlap",
        ),
        ({"starts_at": "tomorrow", "ends_at": "2030-04-02T13:00Z"}, 422, "invalid"),
    ],
)
def test_bad_session_input_is_refused(
    pain: Program, member_api: Any, body: dict[str, Any], status: int, code: str
) -> None:
    make_session(pain, 7)  # 2030-03-11 15:00–16:30 UTC
    response = member_api(pain, Role.COORDINATOR).post(
        "/programs/pain/sessions", {"title": "New", **body}
    )
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert Session.objects.count() == 1


def test_reschedule_moves_the_session_bumps_sequence_and_audits(
    pain: Program, member_api: Any
) -> None:
    session = make_session(pain, 7)
    api = member_api(pain, Role.COORDINATOR)
    response = api.post(
        f"/programs/pain/sessions/{session.pk}/reschedule",
        {"starts_at": "2030-03-12T14:00:00Z", "ends_at": "2030-03-12T15:30:00Z"},
    )
    assert response.status_code == 200, response.content
    session.refresh_from_db()
    assert session.starts_at == dt.datetime(2030, 3, 12, 14, tzinfo=dt.UTC)
    assert session.sequence == 1 and response.json()["sequence"] == 1
    entry = AuditEntry.objects.get(action="session.rescheduled")
    assert entry.actor == api.user and set(entry.changes) == {"starts_at", "ends_at"}


def test_reschedule_refusals(pain: Program, member_api: Any) -> None:
    session = make_session(pain, 7)
    other = make_session(pain, 8)
    api = member_api(pain, Role.COORDINATOR)
    clash = api.post(
        f"/programs/pain/sessions/{session.pk}/reschedule",
        {"starts_at": other.starts_at.isoformat(), "ends_at": other.ends_at.isoformat()},
    )
    assert clash.status_code == 409 and clash.json()["code"] == "session_overlap"
    backwards = api.post(
        f"/programs/pain/sessions/{session.pk}/reschedule",
        {"starts_at": at(9).isoformat(), "ends_at": at(8).isoformat()},
    )
    assert backwards.status_code == 400 and backwards.json()["code"] == "end_before_start"
    cancelled = make_session(pain, 20, status="cancelled")
    gone = api.post(
        f"/programs/pain/sessions/{cancelled.pk}/reschedule",
        {"starts_at": at(21).isoformat(), "ends_at": at(21, 1).isoformat()},
    )
    assert gone.status_code == 409 and gone.json()["code"] == "session_cancelled"
    session.refresh_from_db()
    assert session.starts_at == at(7) and session.sequence == 0


def test_cancel_needs_a_reason_and_happens_once(pain: Program, member_api: Any) -> None:
    session = make_session(pain, 7)
    api = member_api(pain, Role.PROGRAM_ADMIN)
    path = f"/programs/pain/sessions/{session.pk}/cancel"
    assert api.post(path, {}).status_code == 422
    blank = api.post(path, {"reason": "   "})
    assert blank.status_code == 400 and blank.json()["code"] == "reason_required"
    assert api.post(path, {"reason": "x" * 301}).status_code == 422
    response = api.post(path, {"reason": " Statutory holiday "})
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled" and response.json()["phase"] == "cancelled"
    session.refresh_from_db()
    assert (session.status, session.cancel_reason) == ("cancelled", "Statutory holiday")
    entry = AuditEntry.objects.get(action="session.cancelled")
    assert entry.actor == api.user and entry.changes["reason"] == "Statutory holiday"
    again = api.post(path, {"reason": "Again"})
    assert again.status_code == 409 and again.json()["code"] == "session_cancelled"


def test_add_agenda_items(pain: Program, member_api: Any) -> None:
    session = make_session(pain, 7)
    presenter = UserFactory(first_name="Sam")
    MembershipFactory(program=pain, user=presenter, role=Role.EXPERT)
    api = member_api(pain, Role.COORDINATOR)
    path = f"/programs/pain/sessions/{session.pk}/agenda"
    first = api.post(
        path,
        {
            "kind": "didactic",
            "title": "Tapering",
            "presenter_id": presenter.pk,
            "duration_minutes": 20,
        },
    )
    assert first.status_code == 201, first.content
    assert first.json()["position"] == 1 and first.json()["presenter"]["first_name"] == "Sam"
    second = api.post(path, {"kind": "case", "title": "Case: shoulder pain"})
    assert second.json()["position"] == 2 and second.json()["presenter"] is None
    items = list(AgendaItem.objects.filter(session=session).values_list("title", "presenter_id"))
    assert items == [("Tapering", presenter.pk), ("Case: shoulder pain", None)]
    assert AuditEntry.objects.filter(action="agenda.item_added").count() == 2
    detail = api.get(f"/programs/pain/sessions/{session.pk}").json()
    assert [a["kind"] for a in detail["agenda"]] == ["didactic", "case"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"kind": "case", "title": "X", "presenter_id": "stranger"}, 400, "invalid_presenter"),
        ({"kind": "case", "title": "X", "presenter_id": 999999}, 400, "invalid_presenter"),
        ({"kind": "lecture", "title": "X"}, 422, "invalid"),
        ({"kind": "case", "title": ""}, 400, "title_required"),
        ({"kind": "case", "title": " ", "title_fr": ""}, 400, "title_required"),
        ({"kind": "case", "title": "X", "duration_minutes": 0}, 422, "invalid"),
    ],
)
def test_bad_agenda_items_are_refused(
    pain: Program, member_api: Any, body: dict[str, Any], status: int, code: str
) -> None:
    session = make_session(pain, 7)
    if body.get("presenter_id") == "stranger":
        body = {**body, "presenter_id": UserFactory().pk}
    response = member_api(pain, Role.COORDINATOR).post(
        f"/programs/pain/sessions/{session.pk}/agenda", body
    )
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert not AgendaItem.objects.exists()


def test_write_endpoints_404_for_another_programs_session(pain: Program, member_api: Any) -> None:
    foreign = make_session(ProgramFactory(), 7)
    api = member_api(pain, Role.COORDINATOR)
    base = f"/programs/pain/sessions/{foreign.pk}"
    assert api.post(f"{base}/cancel", {"reason": "x"}).status_code == 404
    assert api.post(f"{base}/agenda", {"kind": "case", "title": "x"}).status_code == 404
    assert (
        api.post(
            f"{base}/reschedule", {"starts_at": at(9).isoformat(), "ends_at": at(9, 1).isoformat()}
        ).status_code
        == 404
    )
    foreign.refresh_from_db()
    assert foreign.status == "scheduled"


def test_patch_session_title_and_video_link(pain: Program, member_api: Any) -> None:
    session = make_session(pain, 7, title="Old", video_url="https://meet.example.test/old")
    api = member_api(pain, Role.COORDINATOR)
    path = f"/programs/pain/sessions/{session.pk}"
    response = api.patch(path, {"title": " New title "})
    assert response.status_code == 200, response.content
    session.refresh_from_db()
    assert (session.title, session.video_url) == ("New title", "https://meet.example.test/old")
    assert AuditEntry.objects.get(action="session.updated").changes == {
        "title": ["Old", "New title"]
    }
    api.patch(path, {"video_url": ""})
    session.refresh_from_db()
    assert session.video_url == ""
    assert api.patch(path, {"title": None}).status_code == 422
    assert api.patch(path, {"video_url": "ftp://x"}).status_code == 422


def test_patch_and_delete_agenda_items_and_add_resources(pain: Program, member_api: Any) -> None:
    session = make_session(pain, 7)
    presenter = UserFactory()
    MembershipFactory(program=pain, user=presenter, role=Role.EXPERT)
    item = AgendaItemFactory(session=session, presenter=presenter, title="Old")
    api = member_api(pain, Role.COORDINATOR)
    base = f"/programs/pain/sessions/{session.pk}/agenda/{item.pk}"

    def version() -> str:
        return agenda_item_version(AgendaItem.objects.get(pk=item.pk))

    response = api.patch(
        base,
        {"title": "Sleep", "presenter_id": None, "duration_minutes": 25, "version": version()},
    )
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert (item.title, item.presenter, item.duration_minutes) == ("Sleep", None, 25)
    changes = AuditEntry.objects.get(action="agenda.item_updated").changes
    assert changes["title"] == ["Old", "Sleep"] and changes["presenter"] == [presenter.pk, None]
    assert response.json()["version"] == version()
    outsider = api.patch(base, {"presenter_id": UserFactory().pk, "version": version()})
    assert outsider.status_code == 400 and outsider.json()["code"] == "invalid_presenter"
    assert api.patch(base, {"kind": None, "version": version()}).status_code == 422

    added = api.post(f"{base}/resources", {"title": "Slides", "url": "https://example.test/s.pdf"})
    assert added.status_code == 201, added.content
    assert Resource.objects.get(pk=added.json()["id"]).agenda_item == item
    assert AuditEntry.objects.filter(action="agenda.resource_added").exists()
    assert api.post(f"{base}/resources", {"title": "Bad", "url": ""}).status_code == 422
    assert (
        api.get(f"/programs/pain/sessions/{session.pk}").json()["agenda"][0]["resources"][0][
            "title"
        ]
        == "Slides"
    )

    other_session = make_session(pain, 8)
    wrong = f"/programs/pain/sessions/{other_session.pk}/agenda/{item.pk}"
    assert api.delete(wrong).status_code == 404
    gone = api.delete(base)
    assert gone.status_code == 204 and gone.content == b""
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert not Resource.objects.exists()
    assert AuditEntry.objects.get(action="agenda.item_removed").changes["title"] == "Sleep"
    assert api.delete(base).status_code == 404


def test_participants_get_a_personal_join_link_not_the_provider_url(
    pain: Program, member_api: Any
) -> None:
    session = make_session(pain, 2, video_url="https://zoom.example.test/j/1?pwd=SECRET")
    participant = member_api(pain, Role.PARTICIPANT)
    body = participant.get(f"/programs/{pain.slug}/sessions/{session.pk}").json()
    assert body["video_url"] == ""
    assert "/join/" in body["join_url"] and body["calendar_url"].endswith("/calendar.ics")
    listed = participant.get(f"/programs/{pain.slug}/sessions").json()["items"]
    assert all(item["video_url"] == "" for item in listed)
    coordinator = member_api(pain, Role.COORDINATOR)
    assert (
        coordinator.get(f"/programs/{pain.slug}/sessions/{session.pk}")
        .json()["video_url"]
        .endswith("pwd=SECRET")
    )
