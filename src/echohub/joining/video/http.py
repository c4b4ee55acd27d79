"""The one HTTP client provider integrations use. Tests swap `transport` for recorded responses."""

from __future__ import annotations

import httpx

TIMEOUT = httpx.Timeout(5.0, connect=3.0)
transport: httpx.BaseTransport | None = None


def client() -> httpx.Client:
    return httpx.Client(timeout=TIMEOUT, transport=transport, follow_redirects=False)
