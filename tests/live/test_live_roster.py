"""The live roster pushed by the video platforms' webhooks: a signed Zoom, Jitsi or
BigBlueButton delivery appends a "roster" event (numbers only) to the session's live event log,
which every open console's stream carries; the console's roster part shows who is here per
site, late arrivals and people expected but absent. A failure in live never fails the webhook."""

from __future__ import annotations

import datetime as dt
import json
import time

import jwt
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from echohub.attendance.models import AttendanceRow
from echohub.attendance.webhooks import zoom_signature
from echohub.live import queries, services
from echohub.live.models import LiveEvent
from echohub.programs.models import Role
from tests.factories import MembershipFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db

ZOOM_SECRET = "whsec-live-test-0123"  # test values
JITSI_SECRET = "jitsi-live-test-secret"
BBB_SECRET = "bbb-live-test-secret-0123456789abcdef" * 2
MEETING = "81234567890"


def url(name, session, **kw):
    return reverse(f"live:{name}", kwargs={"slug": session.program.slug, "pk": session.pk, **kw})


def iso(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.ZOOM_WEBHOOK_SECRET = ZOOM_SECRET
    settings.JITSI_EVENTS_SECRET = JITSI_SECRET
    settings.BBB_SECRET = BBB_SECRET
    settings.BBB_URL = "https://bbb.example.org/bigbluebutton"
    cache.clear()  # webhook replay memory
    yield
    cache.clear()


@pytest.fixture
def sites(program):
    return {
        "north": SiteFactory(program=program, name="Northern FHT"),
        "lake": SiteFactory(program=program, name="Lakeshore CHC"),
    }


@pytest.fixture
def people(program, sites):
    def member(first, last, email, site):
        user = UserFactory(first_name=first, last_name=last, email=email)
        MembershipFactory(program=program, user=user, role=Role.PARTICIPANT, site=site)
        return user

    return {
        "hope": member("Hope", "Mercer", "hope.mercer@clinic.test", sites["north"]),
        "omar": member("Omar", "Haddad", "ohaddad@north.test", sites["north"]),
        "lena": member("Lena", "Fournier", "lfournier@lake.test", sites["lake"]),
    }


@pytest.fixture
def zoom_live(session):
    session.video_provider, session.video_room = "zoom", "812 3456 7890"
    session.save(update_fields=["video_provider", "video_room"])
    return session


def zoom_event(kind, user, *, join_at, leave_at=None, name=None, uuid="p-1"):
    participant = {
        "user_id": "1",
        "user_name": name if name is not None else user.get_full_name(),
        "participant_uuid": uuid,
        "email": user.email if user else "",
        "join_time": iso(join_at),
        "registrant_id": "",
    }
    if leave_at is not None:
        participant["leave_time"] = iso(leave_at)
    return {
        "event": f"meeting.participant_{kind}",
        "payload": {"object": {"uuid": "inst-1", "id": MEETING, "participant": participant}},
    }


def post_zoom(client, body):
    raw = json.dumps(body).encode()
    stamp = str(int(time.time()))
    return client.post(
        "/webhooks/zoom/",
        data=raw,
        content_type="application/json",
        headers={
            "x-zm-request-timestamp": stamp,
            "x-zm-signature": zoom_signature(ZOOM_SECRET, stamp, raw),
        },
    )


def roster_events(session):
    return list(LiveEvent.objects.filter(session=session, kind="roster").order_by("id"))


def test_zoom_join_reaches_the_event_stream_and_the_console(
    client, django_capture_on_commit_callbacks, zoom_live, people, coordinator
):
    start = zoom_live.starts_at
    with django_capture_on_commit_callbacks(execute=True):
        r = post_zoom(client, zoom_event("joined", people["hope"], join_at=start))
    assert r.status_code == 200 and r.json()["status"] == "opened"
    (event,) = roster_events(zoom_live)
    # The group only: every viewer of the session gets the event, so no counts (review 4).
    assert event.payload == {"group": "roster"}
    assert queries.roster(zoom_live).counts() == {
        "here": 1,
        "joined": 1,
        "link_only": 0,
        "guests": 0,
        "late": 0,
        "absent": 2,
        "sites_here": 1,
        "sites": 2,
    }
    client.force_login(coordinator)
    # The poll fallback and the server-sent events stream both carry it.
    polled = client.get(url("events_json", zoom_live), {"after": 0}).json()
    assert polled["events"] == [{"id": event.pk, "kind": "roster", "group": "roster"}]
    part = client.get(url("console", zoom_live), {"part": "roster"})
    html = part.content.decode()
    assert part.status_code == 200 and "Hope Mercer" in html and "Northern FHT" in html
    assert "Lena Fournier" in html  # expected, not here yet (in the absent list)
    streamed = client.get(url("events", zoom_live), {"after": 0})
    for chunk in streamed.streaming_content:
        text = chunk.decode() if isinstance(chunk, bytes) else chunk
        if text.startswith("id: "):
            frame = json.loads(text.split("data: ", 1)[1])
            break
    streamed.close()  # last: closing a stream ends the request (its connection)
    assert frame == {"id": event.pk, "kind": "roster", "group": "roster"}


def test_late_join_then_leave_updates_counts_and_names_nobody(
    client, django_capture_on_commit_callbacks, zoom_live, people, coordinator
):
    live = services.start_session(actor=coordinator, session=zoom_live)
    late = live.started_at + queries.LATE_AFTER + dt.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        post_zoom(client, zoom_event("joined", people["lena"], join_at=late))
    counts = queries.roster(zoom_live).counts()
    assert (counts["here"], counts["late"]) == (1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        r = post_zoom(
            client,
            zoom_event(
                "left", people["lena"], join_at=late, leave_at=late + dt.timedelta(minutes=10)
            ),
        )
    assert r.json()["status"] == "closed"
    joined, left = roster_events(zoom_live)
    counts = queries.roster(zoom_live).counts()
    assert (counts["here"], counts["joined"], counts["late"]) == (0, 1, 1)
    for event in (joined, left):
        text = json.dumps(event.payload)
        assert "Lena" not in text and "Fournier" not in text and "lake" not in text.lower()
    client.force_login(coordinator)
    html = client.get(url("console", zoom_live), {"part": "roster"}).content.decode()
    assert "has left" in html and "late" in html


def test_unmatched_video_participant_is_a_guest_counted_once_per_name(
    client, django_capture_on_commit_callbacks, zoom_live, people
):
    start = zoom_live.starts_at
    with django_capture_on_commit_callbacks(execute=True):
        post_zoom(client, zoom_event("joined", None, join_at=start, name="Board room", uuid="g"))
    (_event,) = roster_events(zoom_live)
    assert AttendanceRow.objects.get().user_id is None
    counts = queries.roster(zoom_live).counts()
    assert (counts["here"], counts["guests"], counts["joined"]) == (1, 1, 1)


def test_duplicate_and_ignored_deliveries_append_no_roster_event(
    client, django_capture_on_commit_callbacks, zoom_live, people
):
    start = zoom_live.starts_at
    body = zoom_event("joined", people["hope"], join_at=start)
    with django_capture_on_commit_callbacks(execute=True):
        post_zoom(client, body)
    body["payload"]["object"]["participant"]["user_name"] += " "  # a new signature, same join
    with django_capture_on_commit_callbacks(execute=True):
        again = post_zoom(client, body)
        other = post_zoom(
            client, zoom_event("joined", people["omar"], join_at=start + dt.timedelta(days=3))
        )
    assert again.json()["status"] == "duplicate" and other.json()["status"] == "ignored"
    assert len(roster_events(zoom_live)) == 1


def test_a_failure_in_live_never_fails_the_webhook(
    client, django_capture_on_commit_callbacks, zoom_live, people, monkeypatch
):
    def broken(session_id):
        raise RuntimeError("live is down")

    monkeypatch.setattr(services, "roster_changed", broken)
    with django_capture_on_commit_callbacks(execute=True):
        r = post_zoom(client, zoom_event("joined", people["hope"], join_at=zoom_live.starts_at))
    assert r.status_code == 200 and r.json()["status"] == "opened"
    assert AttendanceRow.objects.filter(session=zoom_live, user=people["hope"]).exists()
    assert not roster_events(zoom_live)


def test_jitsi_occupant_join_pushes_the_roster(
    client, django_capture_on_commit_callbacks, session, people
):
    session.video_provider, session.video_room = "jitsi", "EchoLiveRoom0123"
    session.save(update_fields=["video_provider", "video_room"])
    body = {
        "event_name": "muc-occupant-joined",
        "room_name": "echoliveroom0123@conference.meet.example.org",
        "occupant": {
            "occupant_jid": "echoliveroom0123@conference.meet.example.org/ab12",
            "name": people["omar"].get_full_name(),
            "email": "",
            "id": str(people["omar"].pk),
            "joined_at": int(session.starts_at.timestamp()),
        },
    }
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            "/webhooks/jitsi/events/occupant",
            data=body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {JITSI_SECRET}"},
        )
    assert r.json()["status"] == "opened"
    (event,) = roster_events(session)
    counts = queries.roster(session).counts()
    assert event.payload == {"group": "roster"} and (counts["here"], counts["absent"]) == (1, 2)


def test_bbb_analytics_push_the_roster(client, django_capture_on_commit_callbacks, session, people):
    session.video_provider, session.video_room = "bbb", "echo-live-room"
    session.save(update_fields=["video_provider", "video_room"])
    start = session.starts_at
    body = {
        "meeting_id": "echo-live-room",
        "data": {
            "attendees": [
                {
                    "ext_user_id": str(people["hope"].pk),
                    "name": "Hope Mercer",
                    "joins": [iso(start)],
                    "leaves": [iso(start + dt.timedelta(minutes=30))],
                }
            ]
        },
    }
    token = jwt.encode({"exp": int(time.time() + 60)}, BBB_SECRET, algorithm="HS512")
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            f"/webhooks/bbb/{session.pk}/",
            data=body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
    assert r.status_code == 200 and r.json()["status"] == "stored"
    (event,) = roster_events(session)
    counts = queries.roster(session).counts()
    assert event.payload == {"group": "roster"} and (counts["here"], counts["joined"]) == (0, 1)


def test_roster_event_carries_no_counts_to_participants_or_evaluators(
    client, django_capture_on_commit_callbacks, zoom_live, people, coordinator
):
    """Review 4: a participant's or an evaluator's poll gets {"group": "roster"} and nothing
    about how many are here, late or absent; the console re-reads its own part."""
    with django_capture_on_commit_callbacks(execute=True):
        post_zoom(client, zoom_event("joined", people["hope"], join_at=zoom_live.starts_at))
    evaluator = UserFactory()
    MembershipFactory(user=evaluator, program=zoom_live.program, role=Role.EVALUATOR)
    for viewer in (people["omar"], evaluator):
        client.force_login(viewer)
        got = client.get(url("events_json", zoom_live), {"after": 0})
        assert got.status_code == 200
        (event,) = got.json()["events"]
        assert set(event) == {"id", "kind", "group"}, event


def test_cancelled_session_gets_no_roster_event(session):
    session.status = "cancelled"
    session.save(update_fields=["status"])
    assert services.roster_changed(session.pk) is None
    assert services.roster_changed(999_999) is None
    assert not LiveEvent.objects.exists()


def test_roster_counts_per_site_late_and_absent(session, people, coordinator, sites):
    """The roster read directly: per site here/expected, late after LATE_AFTER, absent."""
    from echohub.attendance.models import ImportBatch

    live = services.start_session(actor=coordinator, session=session)
    batch = ImportBatch.objects.create(session=session, source="zoom_api", filename="x")
    on_time = live.started_at
    late = live.started_at + queries.LATE_AFTER + dt.timedelta(seconds=30)
    for n, (user, at, gone) in enumerate(
        [(people["hope"], on_time, False), (people["lena"], late, False), (None, on_time, True)]
    ):
        AttendanceRow.objects.create(
            session=session,
            batch=batch,
            row_number=n + 1,
            fingerprint=f"f{n}",
            source="zoom_api",
            name="Phone line" if user is None else user.get_full_name(),
            join_at=at,
            leave_at=at + dt.timedelta(minutes=1) if gone else None,
            user=user,
        )
    roster = queries.roster(session, now=timezone.now())
    by_site = {s.name: (s.here, s.expected) for s in roster.sites}
    assert by_site == {"Lakeshore CHC": (1, 1), "Northern FHT": (1, 2)}
    assert [p.name for p in roster.late] == ["Lena Fournier"]
    assert [p.name for p in roster.absent] == ["Omar Haddad"]
    assert roster.head_count == 2 and roster.guests == 0  # the guest has left
    assert roster.counts()["joined"] == 3  # two people and one row still to match
