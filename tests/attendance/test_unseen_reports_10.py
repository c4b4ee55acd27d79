# ruff: noqa: F811 (the fixtures imported from the webhooks' conftest)
"""A tenth hunt for reports nobody here has seen: Zoom's live webhooks delivered in any order
(a leave before its own join, a person's phone and laptop at once, a rejoin on the same
device, a leave under a new display name or without the address, replays), driven through the
services and through the signed endpoint. Every name, address and number is invented.

The expected minutes are computed here on whole minutes, never with the engine's helpers: the
union of a person's own connections clipped to the session."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from echohub.attendance import services
from echohub.attendance.models import Attendance, AttendanceRow, RowStatus
from tests.attendance_webhooks.conftest import (  # noqa: F401 (fixtures)
    _fresh_replay_memory,
    people,
    recorded,
    zoom_session,
    zoom_webhook,
)

pytestmark = pytest.mark.django_db

START = datetime(2026, 1, 8, 17, 30, tzinfo=UTC)  # the fixture's session: 90 minutes
LENGTH = 90
JOINED = json.loads(recorded("zoom_participant_joined.json"))
LEFT = json.loads(recorded("zoom_participant_left.json"))
WHO = {
    # How each person shows: (display name, e-mail, registrant id).
    "hope": ("Hope Mercer", "hope.mercer@clinic.test", ""),
    "okafor": ("Dr. R. Okafor", "", "reg-okafor-1"),
}


class Rollback(Exception):
    pass


def zoom_event(
    kind: str,
    person: str,
    device: int,
    minute: int,
    *,
    renamed: bool = False,
    bare: bool = False,
    keyed_by: str = "participant_uuid",
    stamp: str = "Z",
) -> dict[str, Any]:
    """One Zoom delivery: ``person``'s ``device`` joins or leaves ``minute`` minutes after the
    session's start. ``renamed``: shown as the device; ``bare``: without e-mail or registrant
    (a leave event may carry less); ``keyed_by``: the field naming the connection."""
    body = json.loads(json.dumps(JOINED if kind == "joined" else LEFT))
    name, email, registrant = WHO[person]
    moment = START + timedelta(minutes=minute)
    said = (
        moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        if stamp == "Z"
        else moment.astimezone(datetime.now().astimezone().tzinfo).isoformat()
        if stamp == "local"
        else moment.isoformat()
    )
    participant = body["payload"]["object"]["participant"]
    participant.update(
        user_name=f"iPhone {device}" if renamed else name,
        email="" if bare else email,
        registrant_id="" if bare else registrant,
        participant_uuid="",
        user_id="",
        id="",
    )
    participant[keyed_by] = f"{person}-device-{device}"
    participant["join_time" if kind == "joined" else "leave_time"] = said
    return body


def truth(segments: dict[str, list[tuple[int, int]]]) -> dict[str, int]:
    """Whole minutes per person: their connections' union within 0..LENGTH."""
    out = {}
    for person, spans in segments.items():
        covered: set[int] = set()
        for join, leave in spans:
            covered.update(range(max(join, 0), min(leave, LENGTH)))
        out[person] = len(covered)
    return out


def draw(
    rnd: random.Random, *, rejoins: bool = True
) -> tuple[list[dict[str, Any]], dict[str, list[tuple[int, int]]]]:
    """Each person: one to three devices, each one to three stays (rejoins), some before or
    after the session; the events shuffled, some repeated."""
    events: list[dict[str, Any]] = []
    segments: dict[str, list[tuple[int, int]]] = {}
    keyed_by = rnd.choice(["participant_uuid", "user_id", "id"])
    for person in WHO:
        for device in range(rnd.randint(1, 3)):
            moment = rnd.randint(-20, 60)
            for _ in range(rnd.randint(1, 3 if rejoins else 1)):
                join = moment
                leave = join + rnd.randint(1, 70)
                segments.setdefault(person, []).append((join, leave))
                options = dict(keyed_by=keyed_by, stamp=rnd.choice(["Z", "offset", "local"]))
                events.append(
                    zoom_event(
                        "joined", person, device, join, renamed=rnd.random() < 0.2, **options
                    )
                )
                events.append(
                    zoom_event(
                        "left",
                        person,
                        device,
                        leave,
                        renamed=rnd.random() < 0.2,
                        bare=rnd.random() < 0.3,
                        **options,
                    )
                )
                moment = leave + rnd.randint(0, 15)
    rnd.shuffle(events)
    for _ in range(rnd.randint(0, 3)):
        events.insert(rnd.randrange(len(events) + 1), rnd.choice(events))
    return events, segments


def state() -> tuple[list[Any], list[Any]]:
    return (
        list(
            AttendanceRow.objects.order_by("pk").values_list(
                "join_at", "leave_at", "user_id", "status"
            )
        ),
        list(Attendance.objects.order_by("pk").values_list("user_id", "minutes")),
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**32 - 1))
def test_zoom_webhooks_in_any_order_credit_each_persons_union(
    zoom_session, people, seed: int
) -> None:
    """Whatever order the joins and leaves arrive in, once all have arrived each person has
    the union of their own connections, no row waits for a join or a leave, and delivering
    every event again changes nothing."""
    rnd = random.Random(seed)
    events, segments = draw(rnd)
    wanted = truth(segments)
    try:
        with transaction.atomic():
            for body in events:
                services.record_zoom_event(event=body)
            for person, minutes in wanted.items():
                found = Attendance.objects.filter(user=people[person]).first()
                got = found.minutes if found else 0
                assert got == minutes, (person, got, minutes, segments)
            assert not AttendanceRow.objects.filter(leave_at__isnull=True).exists()
            assert not AttendanceRow.objects.filter(join_at__isnull=True).exists()
            before = state()
            for body in rnd.sample(events, len(events)):
                services.record_zoom_event(event=body)
            assert state() == before
            raise Rollback
    except Rollback:
        pass


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**32 - 1), cut=st.floats(0, 1))
def test_zoom_webhooks_still_missing_never_credit_more(
    zoom_session, people, seed: int, cut: float
) -> None:
    """Some deliveries lost (Zoom retries for a while, then gives up): nobody is credited more
    than their own union, and every leave that found no join waits in the coordinator's
    review with a reason, never dropped. One stay per device: a device's lost leave and lost
    rejoin together would read as one stay across the gap, which no order of the rest can tell."""
    rnd = random.Random(seed)
    events, segments = draw(rnd, rejoins=False)
    kept = [body for body in events if rnd.random() > cut / 2]
    wanted = truth(segments)
    try:
        with transaction.atomic():
            for body in kept:
                services.record_zoom_event(event=body)
            for person, minutes in wanted.items():
                found = Attendance.objects.filter(user=people[person]).first()
                assert (found.minutes if found else 0) <= minutes, (person, segments)
            for row in AttendanceRow.objects.filter(join_at__isnull=True):
                assert row.status == RowStatus.REVIEW and "before its join" in row.reason
            raise Rollback
    except Rollback:
        pass


# --- Zoom's CSV report through the import page, in English and in French ---------------------

ENGLISH = {
    "name": "Name (Original Name)",
    "email": "User Email",
    "join": "Join Time",
    "leave": "Leave Time",
    "duration": "Duration (Minutes)",
    "guest": "Guest",
    "waiting": "In Waiting Room",
}
FRENCH = {
    "name": "Nom (nom d'origine)",
    "email": "E-mail de l'utilisateur",
    "join": "Heure d'arrivée",
    "leave": "Heure de départ",
    "duration": "Durée (minutes)",
    "guest": "Invité",
    "waiting": "Dans la salle d'attente",
}
CLOCKS = [
    ("%m/%d/%Y %I:%M:%S %p", "month"),  # Zoom's US export
    ("%m/%d/%Y %H:%M", "month"),
    ("%Y-%m-%d %H:%M:%S", "auto"),
    ("%d/%m/%Y %H:%M:%S", "day"),  # a French account's
    ("%d/%m/%Y %H:%M", "day"),
]
SHOWN = {
    # The ways each person shows in a report: (name, e-mail); all are theirs.
    "hope": [
        ("Hope Mercer", "hope.mercer@clinic.test"),
        ('"Mercer, Hope"', "hope.mercer@clinic.test"),
        ('"Hope ""HM"" Mercer"', "HOPE.MERCER@CLINIC.TEST"),
    ],
    "okafor": [("Dr. R. Okafor", "rokafor@north.test"), ("iPad", "rokafor@north.test")],
}
STRANGERS = [("+1 416 555 0100", ""), ("Guest 7", ""), ("Clinic North Boardroom", "")]


def csv_report(rnd: random.Random) -> tuple[bytes, str, dict[str, list[tuple[int, int]]], int]:
    """A report of the fixture's session (12:30 to 14:00 in Toronto): (bytes, date order to
    choose, each person's spans in minutes from the start, rows written)."""
    words = rnd.choice([ENGLISH, FRENCH])
    columns = ["name", "email", "join", "leave", "duration", "guest"]
    if rnd.random() < 0.4:
        columns.append("waiting")
    rnd.shuffle(columns)
    sep = rnd.choice([",", ";", "\t"])
    clock, order = rnd.choice(CLOCKS)
    local = START.astimezone(ZoneInfo("America/Toronto"))
    yes, no = ("Oui", "Non") if words is FRENCH else ("Yes", "No")
    lines = [sep.join(words[c] for c in columns)]
    spans: dict[str, list[tuple[int, int]]] = {}
    written = 0

    def line(name: str, email: str, join: int, leave: int, guest: bool, waiting: bool) -> str:
        at = {
            "name": name if sep == "," else name.replace('"', "").replace(",", ""),
            "email": email,
            "join": (local + timedelta(minutes=join)).strftime(clock),
            "leave": (local + timedelta(minutes=leave)).strftime(clock),
            "duration": str(leave - join),
            "guest": yes if guest else no,
            "waiting": yes if waiting else no,
        }
        return sep.join(at[c] for c in columns)

    for person, shows in SHOWN.items():
        for name, email in rnd.sample(shows, rnd.randint(1, len(shows))):
            for _ in range(rnd.randint(1, 2)):
                join = rnd.randint(-25, 80)
                leave = join + rnd.randint(1, 80)
                waiting = "waiting" in columns and rnd.random() < 0.15
                lines.append(line(name, email, join, leave, False, waiting))
                written += 1
                if not waiting:
                    spans.setdefault(person, []).append((join, leave))
    for name, email in rnd.sample(STRANGERS, rnd.randint(0, 3)):
        join = rnd.randint(-10, 60)
        lines.append(line(name, email, join, join + rnd.randint(1, 60), True, False))
        written += 1
    body = lines[:1] + rnd.sample(lines[1:], len(lines) - 1)
    text = "\r\n".join(body) + "\r\n"
    encoding = rnd.choice(["utf-8", "utf-8-sig", "utf-16"])
    return text.encode(encoding), order, spans, written


def upload(client: Any, session: Any, data: bytes, order: str, language: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/p/{session.program.slug}/attendance/sessions/{session.pk}/import/",
        {
            "file": SimpleUploadedFile("participants.csv", data, content_type="text/csv"),
            "time_zone": "America/Toronto",
            "date_order": order,
        },
        HTTP_ACCEPT_LANGUAGE=language,
        follow=True,
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**32 - 1), language=st.sampled_from(["en", "fr-CA,fr;q=0.9"]))
def test_generated_csv_uploads_never_credit_more_and_import_once(
    zoom_session, people, seed: int, language: str
) -> None:
    """A coordinator uploads a generated report (English or French headers, any column order,
    comma, semicolon or tab, a BOM or UTF-16, 12- or 24-hour clocks, day- or month-first
    dates, names with commas and quotes, guests, phone lines, waiting-room rows): the page
    answers in the reader's language, never a server error; nobody gets more than their own
    union; no row is lost (each stored, matched to its own person or waiting in the queue);
    uploading it again changes nothing."""
    from django.test import Client

    rnd = random.Random(seed)
    data, order, spans, written = csv_report(rnd)
    wanted = truth(spans)
    client = Client()
    client.force_login(people["coordinator"])
    try:
        with transaction.atomic():
            response = upload(client, zoom_session, data, order, language)
            assert response.status_code == 200, response.content.decode()[:2000]
            page = response.content.decode()
            assert (
                ("Importé" in page or "importé" in page)
                if language != "en"
                else ("Imported" in page)
            ), page[:3000]
            assert (
                AttendanceRow.objects.count() == written - 0
                or AttendanceRow.objects.count() <= written
            )
            for row in AttendanceRow.objects.all():
                if row.status == RowStatus.MATCHED:
                    assert row.user is not None
                    mine = [
                        k
                        for k, shows in SHOWN.items()
                        if row.email.lower() in {e.lower() for _n, e in shows}
                    ]
                    assert mine and people[mine[0]] == row.user, (row.name, row.email, row.user)
            for person, minutes in wanted.items():
                found = Attendance.objects.filter(user=people[person]).first()
                assert (found.minutes if found else 0) <= minutes, (person, spans)
            before = state()
            again = upload(client, zoom_session, data, order, language)
            assert again.status_code == 200
            said = again.content.decode()
            assert "déjà importées" in said if language != "en" else "already imported" in said, (
                said[:3000]
            )
            assert state() == before
            raise Rollback
    except Rollback:
        pass
