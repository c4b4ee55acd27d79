"""POST /webhooks/bbb/<session>/: BigBlueButton analytics callback with an HS512 Bearer JWT."""

from __future__ import annotations

import datetime as dt
import json
import time

import jwt
import pytest

from echohub.attendance.models import Attendance, AttendanceRow, RowStatus
from echohub.core.models import AuditEntry
from tests.factories import SessionFactory

from .conftest import recorded

pytestmark = pytest.mark.django_db

SECRET = "639259d4-9dd8-4b25-bf01-95f9567eaf4b" * 2  # a test value


@pytest.fixture
def bbb_session(program, settings):
    settings.BBB_SECRET = SECRET
    settings.BBB_URL = "https://bbb.example.org/bigbluebutton"
    start = dt.datetime(2026, 1, 8, 17, 30, tzinfo=dt.UTC)
    return SessionFactory(
        program=program,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=90),
        video_provider="bbb",
        video_room="echo-opioid-0108",
    )


def body_for(people) -> bytes:
    text = recorded("bbb_analytics.json")
    text = text.replace('"HOPE"', f'"{people["hope"].pk}"')
    return text.replace('"OKAFOR"', f'"{people["okafor"].pk}"').encode()


def token(secret: str = SECRET, *, exp: float | None = None, algorithm: str = "HS512") -> str:
    return jwt.encode({"exp": int(exp or time.time() + 60)}, secret, algorithm=algorithm)


def post(client, session, body: bytes, auth: str | None):
    headers = {"Authorization": auth} if auth is not None else {}
    return client.post(
        f"/webhooks/bbb/{session.pk}/", data=body, content_type="application/json", headers=headers
    )


def test_analytics_become_segments_and_minutes(client, bbb_session, people):
    response = post(client, bbb_session, body_for(people), f"Bearer {token()}")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "stored"
    rows = AttendanceRow.objects.filter(session=bbb_session)
    assert rows.count() == 4  # Hope's second join lasts until the meeting's finish
    assert set(rows.values_list("source", flat=True)) == {"bbb"}
    assert rows.get(name="Visiting resident").status == RowStatus.UNMATCHED
    minutes = {a.user_id: a.minutes for a in Attendance.objects.filter(session=bbb_session)}
    # Hope: 17:30-18:10 and 18:20-19:00 (the finish, clipped to the session); Okafor: 30.
    assert minutes == {people["hope"].pk: 80, people["okafor"].pk: 30}
    assert rows.filter(user=people["hope"]).first().method == "user_id"
    assert AuditEntry.objects.filter(action="attendance.import_bbb").count() == 1


def test_same_analytics_twice_change_nothing(client, bbb_session, people):
    post(client, bbb_session, body_for(people), f"Bearer {token()}")
    before = list(AttendanceRow.objects.order_by("pk").values())
    again = post(client, bbb_session, body_for(people), f"Bearer {token(exp=time.time() + 90)}")
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    assert list(AttendanceRow.objects.order_by("pk").values()) == before


# The headers are made when the test runs, not at collection: a token's `exp` is a time, and
# xdist's workers must collect the same test ids (the ids name the case, not the token).
@pytest.mark.parametrize(
    ("auth", "code"),
    [
        pytest.param(lambda: None, "unsigned", id="unsigned"),
        pytest.param(lambda: "Bearer not-a-jwt", "bad_signature", id="not-a-jwt"),
        pytest.param(
            lambda: (
                "Bearer "
                + token("another-secret-long-enough-for-hs512-signing-keys-0123456789abcdef")
            ),
            "bad_signature",
            id="another-secret",
        ),
        pytest.param(lambda: f"Bearer {token(algorithm='HS256')}", "bad_signature", id="hs256"),
        pytest.param(
            lambda: f"Bearer {jwt.encode({'sub': 'x'}, SECRET, algorithm='HS512')}",
            "bad_signature",
            id="no-expiry",
        ),
        pytest.param(lambda: f"Bearer {token(exp=time.time() - 120)}", "stale", id="stale"),
    ],
)
def test_forged_callback_is_refused_and_changes_nothing(client, bbb_session, people, auth, code):
    response = post(client, bbb_session, body_for(people), auth())
    assert response.status_code == 401
    assert response.json()["error"] == code and response.json()["message"]
    assert not AttendanceRow.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    "mutate",
    [
        lambda text: b"{broken",
        lambda text: text.replace(b'"attendees": [', b'"attendees": {"x": [').replace(
            b"]}}", b"]}}}"
        ),
        lambda text: text.replace(b"2026-01-08T17:40:00.000+00:00", b"soon"),
        lambda text: text.replace(b'"echo-opioid-0108"', b'"another-room"'),
        lambda text: text.replace(b"2026-01-08T17:29:00.000+00:00", b"2026-01-01T17:29:00+00:00"),
    ],
)
def test_malformed_callback_is_a_400_and_changes_nothing(client, bbb_session, people, mutate):
    response = post(client, bbb_session, mutate(body_for(people)), f"Bearer {token()}")
    assert response.status_code == 400, response.content
    assert response.json()["error"] and response.json()["message"]
    assert not AttendanceRow.objects.exists() and not AuditEntry.objects.exists()


def test_callback_for_a_session_that_is_not_bbb_is_404(client, bbb_session, people, zoom_session):
    response = post(client, zoom_session, body_for(people), f"Bearer {token()}")
    assert response.status_code == 404 and response.json()["error"] == "not_found"
    assert not AttendanceRow.objects.exists()


def test_without_a_secret_the_callback_is_off(client, bbb_session, people, settings):
    settings.BBB_SECRET = ""
    response = post(client, bbb_session, body_for(people), f"Bearer {token()}")
    assert response.status_code == 503
    assert not AttendanceRow.objects.exists()


def test_sessions_list_form_is_read_too(client, bbb_session, people):
    data = json.loads(body_for(people))
    hope = data["data"]["attendees"][0]
    hope["sessions"] = [{"joins": hope.pop("joins"), "leaves": hope.pop("leaves")}]
    response = post(client, bbb_session, json.dumps(data).encode(), f"Bearer {token()}")
    assert response.status_code == 200
    assert Attendance.objects.get(user=people["hope"]).minutes == 80
