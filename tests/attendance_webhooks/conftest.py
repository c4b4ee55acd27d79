"""Fixtures for platform attendance sources: a Zoom session with a small roster, recorded
Zoom responses and signed webhook deliveries."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.core.cache import cache

from echohub.attendance.webhooks import zoom_signature
from echohub.joining.models import ProviderRegistration
from echohub.joining.video import http
from echohub.programs.models import Program, Role
from echohub.scheduling.models import Session
from tests.factories import SessionFactory

RECORDED = Path(__file__).parent / "recorded"
ZOOM_SECRET = "whsec-test-0123456789"


def recorded(name: str) -> str:
    return (RECORDED / name).read_text(encoding="utf-8")


def json_response(name: str, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json=json.loads(recorded(name)))


@pytest.fixture
def provider_http(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., list[httpx.Request]]]:
    """provider_http(handler) routes provider calls to handler(request) and returns the list of
    requests made (same as tests/joining's fixture)."""
    cache.clear()

    def install(handler: Callable[[httpx.Request], httpx.Response]) -> list[httpx.Request]:
        seen: list[httpx.Request] = []

        def record(request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return handler(request)

        monkeypatch.setattr(http, "transport", httpx.MockTransport(record))
        return seen

    yield install
    cache.clear()


@pytest.fixture
def zoom_api(settings: Any) -> None:
    settings.ZOOM_ACCOUNT_ID = "acct"
    settings.ZOOM_CLIENT_ID = "client"
    settings.ZOOM_CLIENT_SECRET = "secret"
    settings.ZOOM_API_URL = "https://api.zoom.us/v2"
    settings.ZOOM_OAUTH_URL = "https://zoom.us/oauth/token"


@pytest.fixture
def zoom_session(program: Program) -> Session:
    start = dt.datetime(2026, 1, 8, 17, 30, tzinfo=dt.UTC)
    return SessionFactory(
        program=program,
        title="Opioid tapering",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=90),
        time_zone="America/Toronto",
        video_provider="zoom",
        video_room="812 3456 7890",
    )


@pytest.fixture
def people(program: Program, make_member: Callable[..., Any]) -> dict[str, Any]:
    """Hope (known by e-mail), Rafael Okafor (a Zoom registrant), a coordinator."""
    hope = make_member(
        program,
        Role.PARTICIPANT,
        first_name="Hope",
        last_name="Mercer",
        email="hope.mercer@clinic.test",
    )
    okafor = make_member(
        program,
        Role.PARTICIPANT,
        first_name="Rafael",
        last_name="Okafor",
        email="rokafor@north.test",
    )
    ProviderRegistration.objects.create(
        provider="zoom",
        meeting_ref="81234567890",
        user=okafor,
        external_id="reg-okafor-1",
        join_url="https://zoom.us/w/81234567890?tk=abc",
    )
    coordinator = make_member(program, Role.COORDINATOR)
    return {"hope": hope, "okafor": okafor, "coordinator": coordinator}


@pytest.fixture
def zoom_webhook(client: Any, settings: Any) -> Iterator[Callable[..., Any]]:
    """zoom_webhook(body, timestamp=None, secret=ZOOM_SECRET, signature=None) posts a delivery
    signed like Zoom signs it."""
    settings.ZOOM_WEBHOOK_SECRET = ZOOM_SECRET
    cache.clear()

    def post(
        body: bytes | str | dict[str, Any],
        *,
        timestamp: int | None = None,
        secret: str = ZOOM_SECRET,
        signature: str | None = None,
    ) -> Any:
        raw = (
            body
            if isinstance(body, bytes)
            else (body.encode() if isinstance(body, str) else json.dumps(body).encode())
        )
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        return client.post(
            "/webhooks/zoom/",
            data=raw,
            content_type="application/json",
            headers={
                "x-zm-request-timestamp": stamp,
                "x-zm-signature": signature or zoom_signature(secret, stamp, raw),
            },
        )

    yield post
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_replay_memory() -> Iterator[None]:
    """Deliveries seen are remembered in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()
