"""Fixes from the ninth hunt of unseen reports. Every name, address and number is invented.

1. A BigBlueButton dashboard whose columns name their zone ("Join (UTC)") or whose cells
   carry it ("2026-01-08T17:30:00Z") was read in that zone, rightly, but the import still said
   "times read in America/Toronto ... remove this import and import the file again choosing
   that zone": a coordinator following it would import correct times in a wrong zone.
2. Zoom's report API giving a time with no UTC instant ("9999-12-31T23:00:00-05:00") raised
   OverflowError while the rows were checked against the session: an error page, not a
   refusal in words (the webhook path already refused it).
3. A "Show unique users" export imported beside the same meeting's report with times: its
   total (90) for someone whose rows began 30 minutes before the session replaced the 60
   minutes the rows placed inside it. A total now counts less the minutes the person's own
   timed rows place outside the session.
4. Jitsi (and Zoom) leave events name the join they end. One arriving before its own join
   event closed another open connection of the same person (a second tab) at its time: Hope's
   tab open from 21 to 41 minutes was stretched to 120, 68 minutes credited for 41.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from echohub.attendance.errors import AttendanceError
from echohub.attendance.reconcile import (
    Segment,
    Session,
    reconcile,
    reconcile_report,
    sure_minutes,
    total_within,
)
from echohub.attendance.zoom_api import parse_zoom_api_participants

from .conftest import HEADER
from .test_attfix_1221b import entry, minutes, nothing_stored, same_day  # noqa: F401 (a fixture)
from .test_unseen_reports_3 import SESSION
from .test_unseen_reports_8 import PEOPLE

DASHBOARD = (
    "Name,Moderator,Activity Score,Talk Time,Webcam Time,Messages,Reactions,Poll Votes,"
    "Raise Hands,{join},{left},Duration"
)


def dashboard_row(name: str, join: str, left: str, duration: str) -> str:
    cells = [name, "No", "1,5", "00:01:10", "-", "2", "0", "1", "0", join, left, duration]
    return ",".join(f'"{cell}"' for cell in cells)


def zone_warnings(data: str, session: Session = SESSION) -> list[str]:
    result = reconcile_report(data, PEOPLE, session)
    return [w for w in result.warnings if "computer that downloaded" in w]


# --- 1. the dashboard's zone warning ---------------------------------------------------------


@pytest.mark.parametrize(
    ("join", "left", "times"),
    [
        # 17:30 UTC is 12:30 in Toronto: the session's start.
        ("Join (UTC)", "Left (UTC)", ("1/8/2026, 5:30:00 PM", "1/8/2026, 6:30:00 PM")),
        ("Join (GMT-5)", "Left (GMT-5)", ("1/8/2026, 12:30:00 PM", "1/8/2026, 1:30:00 PM")),
        ("Join", "Left", ("2026-01-08T17:30:00Z", "2026-01-08T18:30:00Z")),
        ("Join", "Left", ("2026-01-08T12:30:00-05:00", "2026-01-08T13:30:00-05:00")),
    ],
)
def test_a_dashboard_whose_times_name_their_zone_is_not_told_to_choose_another(
    join: str, left: str, times: tuple[str, str]
) -> None:
    data = "\r\n".join(
        [
            DASHBOARD.format(join=join, left=left),
            dashboard_row("Ana Lima", *times, "01:00:00"),
        ]
    )
    result = reconcile_report(data, PEOPLE, SESSION)
    assert {pid: p.minutes for pid, p in result.people.items()} == {"U1": 60}
    assert zone_warnings(data) == []


def test_a_dashboard_whose_times_name_no_zone_still_says_which_it_was_read_in() -> None:
    data = "\r\n".join(
        [
            DASHBOARD.format(join="Join", left="Left"),
            dashboard_row("Ana Lima", "1/8/2026, 12:30:00 PM", "1/8/2026, 1:30:00 PM", "01:00:00"),
        ]
    )
    said = zone_warnings(data)
    assert len(said) == 1 and "times read in America/Toronto" in said[0]
    utc = Session(SESSION.start, SESSION.end, "UTC", SESSION.meeting_id)
    later = data.replace("12:30:00 PM", "5:30:00 PM").replace("1:30:00 PM", "6:30:00 PM")
    assert "times read in UTC" in zone_warnings(later, utc)[0]


# --- 2. Zoom's API: a time without a UTC instant ---------------------------------------------

OUT_OF_RANGE = [
    ("9999-12-31T23:00:00-05:00", "9999-12-31T23:30:00-05:00"),
    ("0001-01-01T00:10:00+05:00", "0001-01-01T00:40:00+05:00"),
    ("2026-01-08T17:30:00Z", "9999-12-31T23:30:00-05:00"),
]


@pytest.mark.parametrize(("join", "leave"), OUT_OF_RANGE)
def test_an_api_time_without_a_utc_instant_is_refused_in_words(join: str, leave: str) -> None:
    page = {"participants": [entry("Ana Lima", "ana.lima@example.org", join, leave)]}
    with pytest.raises(AttendanceError) as caught:
        reconcile(parse_zoom_api_participants([page]), PEOPLE, SESSION)
    assert caught.value.code == "bad_time" and caught.value.row == 1
    assert "out of range" in str(caught.value)


@pytest.mark.django_db
@pytest.mark.parametrize(("join", "leave"), OUT_OF_RANGE[:2])
def test_fetching_a_report_with_such_a_time_stores_nothing(
    same_day: dict[str, Any],  # noqa: F811 (the fixture imported above)
    monkeypatch: Any,
    join: str,
    leave: str,
) -> None:
    from echohub.attendance import zoom_fetch

    page = {
        "participants": [
            entry(
                "Binh Nguyen",
                "binh.nguyen@example.org",
                "2026-01-08T17:30:00Z",
                "2026-01-08T18:30:00Z",
            ),
            entry("Ana Lima", "ana.lima@example.org", join, leave),
        ]
    }
    monkeypatch.setattr(zoom_fetch, "fetch_participant_pages", lambda meeting: [page])
    program, afternoon = same_day["program"], same_day["afternoon"]
    response = same_day["client"].post(
        f"/p/{program.slug}/attendance/sessions/{afternoon.pk}/fetch-zoom/", follow=True
    )
    assert response.status_code == 200
    assert "out of range" in response.content.decode()
    assert nothing_stored()


# --- 3. a total without times beside the same person's timed rows ----------------------------

A, B = "ana.lima@example.org", "binh.nguyen@example.org"
UNIQUE = "Name (Original Name),User Email,Total Duration (Minutes),Guest"
# The afternoon session runs 12:30 to 14:00 in Toronto. Ana was in from 12:00 (half an hour
# before it), Binh from 12:30; their totals in the unique-users export of the same meeting.
SEGMENTS = (
    f"{HEADER}\r\nAna Lima,{A},01/08/2026 12:00 PM,01/08/2026 01:30 PM,90,No\r\n"
    f"Binh Nguyen,{B},01/08/2026 12:30 PM,01/08/2026 01:30 PM,60,No\r\n"
).encode()
TOTALS = f"{UNIQUE}\r\nAna Lima,{A},90,No\r\nBinh Nguyen,{B},60,No\r\n".encode()


@pytest.mark.django_db
@pytest.mark.parametrize("first", ["segments", "totals"])
def test_a_total_never_credits_what_the_same_persons_rows_place_outside(
    same_day: dict[str, Any],  # noqa: F811 (the fixture imported above)
    first: str,
) -> None:
    from echohub.attendance import services

    session, actor = same_day["afternoon"], same_day["client"].user
    files = [SEGMENTS, TOTALS] if first == "segments" else [TOTALS, SEGMENTS]
    for number, data in enumerate(files):
        services.import_zoom_report(
            actor=actor, session=session, data=data, filename=f"{number}.csv"
        )
    assert minutes(session) == {A: 60, B: 60}


@pytest.mark.django_db
def test_time_the_rows_miss_still_counts_as_the_total_says(
    same_day: dict[str, Any],  # noqa: F811 (the fixture imported above)
) -> None:
    from echohub.attendance import services

    session, actor = same_day["afternoon"], same_day["client"].user
    # Binh's total says 75 where his one row says 60: a rejoin the timed report missed.
    more = f"{UNIQUE}\r\nBinh Nguyen,{B},75,No\r\n".encode()
    for number, data in enumerate([SEGMENTS, more]):
        services.import_zoom_report(
            actor=actor, session=session, data=data, filename=f"{number}.csv"
        )
    assert minutes(session)[B] == 75


START = datetime(2026, 1, 8, 17, 30, tzinfo=UTC)
END = START + timedelta(minutes=90)
spans = st.lists(
    st.tuples(st.integers(-3600, 3 * 3600), st.integers(0, 3 * 3600)), min_size=1, max_size=6
)


@given(spans, st.booleans())
def test_the_same_meetings_total_adds_nothing_to_its_rows(
    pairs: list[tuple[int, int]], summed: bool
) -> None:
    """A total that is the person's own time online (the unique-users export of the report
    the rows come from: Zoom adds up the rows, two devices at once included; or each minute
    once) never credits more than the rows' union within the session, computed here on whole
    seconds."""
    segments = [
        Segment(START + timedelta(seconds=a), START + timedelta(seconds=a + length))
        for a, length in pairs
    ]
    everywhere: set[int] = set()
    inside: set[int] = set()
    for a, length in pairs:
        everywhere.update(range(a, a + length))
        inside.update(range(max(a, 0), min(a + length, 90 * 60)))
    # Zoom floors its totals.
    total = (sum(length for _a, length in pairs) if summed else len(everywhere)) // 60
    credited = max(
        sure_minutes(segments, (), START, END), total_within(total, segments, START, END)
    )
    assert credited == len(inside) // 60
    assert total_within(total, [], START, END) == total  # no rows: the total as it stands


# --- 4. a leave event arriving before its join ----------------------------------------------

ROOM = "echochronicpain0123456789abcdef"
AT = datetime(2026, 1, 8, 17, 30, tzinfo=UTC)  # the session: 90 minutes from here


@pytest.fixture
def jitsi(program: Any, make_member: Any) -> dict[str, Any]:
    from tests.factories import SessionFactory

    session = SessionFactory(
        program=program,
        starts_at=AT,
        ends_at=AT + timedelta(minutes=90),
        video_provider="jitsi",
        video_room=ROOM,
    )
    people = [
        make_member(program, first_name="Hope", last_name="Mercer", email="hope@example.org"),
        make_member(program, first_name="Rafael", last_name="Okafor", email="rafael@example.org"),
    ]
    return {"session": session, "people": people}


def occupant_event(user: Any, tab: str, joined: int, left: int | None = None) -> dict[str, Any]:
    """Prosody's event_sync body: minutes from the session's start, as Unix seconds."""
    occupant: dict[str, Any] = {
        "occupant_jid": f"{ROOM}@conference.meet.example.org/{tab}",
        "name": user.get_full_name(),
        "email": "",
        "id": str(user.pk),
        "joined_at": int((AT + timedelta(minutes=joined)).timestamp()),
    }
    if left is not None:
        occupant["left_at"] = int((AT + timedelta(minutes=left)).timestamp())
    kind = "muc-occupant-joined" if left is None else "muc-occupant-left"
    return {"event_name": kind, "room_name": ROOM, "occupant": occupant}


def jitsi_minutes(session: Any) -> dict[int, int]:
    from echohub.attendance.models import Attendance

    return dict(Attendance.objects.filter(session=session).values_list("user_id", "minutes"))


@pytest.mark.django_db
def test_a_leave_before_its_join_never_closes_another_tab(jitsi: dict[str, Any]) -> None:
    from echohub.attendance.services import record_jitsi_event

    hope = jitsi["people"][0]
    for event in [
        occupant_event(hope, "tab1", 21),
        occupant_event(hope, "tab0", 68, 120),  # delivered before its own join
        occupant_event(hope, "tab0", 68),
        occupant_event(hope, "tab1", 21, 41),
    ]:
        record_jitsi_event(event=event)
    assert jitsi_minutes(jitsi["session"]) == {hope.pk: 20 + 22}


@pytest.mark.django_db
def test_generated_event_orders_credit_each_persons_own_union(jitsi: dict[str, Any]) -> None:
    """One to three tabs each, events shuffled or in order, some delivered twice (a retry):
    minutes are the union of each person's tabs within the session, computed here."""
    from echohub.attendance.models import Attendance, AttendanceRow, ImportBatch
    from echohub.attendance.services import record_jitsi_event

    for seed in range(12):
        AttendanceRow.objects.all().delete()
        Attendance.objects.all().delete()
        ImportBatch.objects.all().delete()
        rnd = random.Random(seed)
        events: list[dict[str, Any]] = []
        truth: dict[int, set[int]] = {}
        for user in jitsi["people"]:
            for tab in range(rnd.randint(1, 3)):
                joined = rnd.randint(-15, 85)
                left = joined + rnd.randint(1, 90)
                events += [
                    occupant_event(user, f"tab{tab}", joined),
                    occupant_event(user, f"tab{tab}", joined, left),
                ]
                truth.setdefault(user.pk, set()).update(range(max(joined, 0), min(left, 90)))
        if seed % 2:
            rnd.shuffle(events)
        events += [event for event in events if rnd.random() < 0.3]
        for event in events:
            record_jitsi_event(event=event)
        assert jitsi_minutes(jitsi["session"]) == {pk: len(m) for pk, m in truth.items()}, seed
