"""Recorded provider responses (formats from the providers' documentation) served through
httpx.MockTransport: no real network in tests."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from django.core.cache import cache

from echohub.joining.video import http

RECORDED = Path(__file__).parent / "recorded"


def recorded(name: str) -> str:
    return (RECORDED / name).read_text()


@pytest.fixture
def provider_http(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., list[httpx.Request]]]:
    """provider_http(handler) routes provider calls to `handler(request) -> httpx.Response` and
    returns the list of requests made."""
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


def json_response(name: str, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json=json.loads(recorded(name)))
