"""Server-sent events for a session: the table read after a client's last id, then new events.

One view, two mechanisms (chosen by the server the request came through):
- ASGI (uvicorn, production): an async generator woken by the channel (channel.Hub); without
  PostgreSQL or Redis it reads the table every POLL_SECONDS.
- WSGI (``make run``'s runserver): an async iterator would be buffered whole, so a sync
  generator reads the table every POLL_SECONDS and ends after WSGI_STREAM_SECONDS (the browser
  reconnects at once with Last-Event-ID; a WSGI worker thread is not held for ever).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, TypeVar

from asgiref.sync import sync_to_async
from django.db import close_old_connections, connections
from django.db.models import Max

from echohub.core import limits
from echohub.live import channel
from echohub.live.channel import Row
from echohub.live.models import LiveEvent

T = TypeVar("T")
WSGI_STREAM_SECONDS = 30.0
BATCH = 200


def _row(pk: int, kind: str, payload: dict[str, Any]) -> Row:
    payload = dict(payload)
    asker = payload.pop("asker", None)
    return Row(id=pk, kind=kind, payload=payload, asker=asker if isinstance(asker, int) else None)


def fetch(session_id: int, after: int) -> list[Row]:
    return [
        _row(pk, kind, payload)
        for pk, kind, payload in LiveEvent.objects.filter(session_id=session_id, id__gt=after)
        .order_by("id")
        .values_list("id", "kind", "payload")[:BATCH]
    ]


def last_id(session_id: int) -> int:
    return LiveEvent.objects.filter(session_id=session_id).aggregate(m=Max("id"))["m"] or 0


def _fetch_closing(session_id: int, after: int) -> list[Row]:
    try:
        return fetch(session_id, after)
    finally:
        close_old_connections()


def _last_id_closing(session_id: int) -> int:
    try:
        return last_id(session_id)
    finally:
        close_old_connections()


def pooled() -> bool:
    """Whether this process takes its PostgreSQL connections from a pool (DB_POOL_MAX_SIZE)."""
    return bool(connections["default"].settings_dict.get("OPTIONS", {}).get("pool"))


def _kept(fn: Callable[..., T]) -> Callable[..., T]:
    """For the hub's own reader thread: without a pool the connection is kept between reads
    (one per process, not one new connection per event); with a pool it goes back after each
    read (taking it again costs no connect), so it never holds a pool slot for itself. After
    an error it is closed and the next read takes a new one."""

    def run(*args: Any) -> T:
        try:
            return fn(*args)
        except Exception:
            connections.close_all()
            raise
        finally:
            if pooled():
                connections.close_all()  # back to the pool

    return run


HUB = channel.Hub(_fetch_closing, _last_id_closing, _kept(fetch), _kept(last_id))


def frame(row: Row) -> str:
    return row.frame()


def start_id(last_event_id: str | None, after: str | None) -> int:
    """Where a stream starts: the Last-Event-ID header of a reconnecting browser wins over the
    ?after= of the page that opened it; anything unreadable means the start of the log."""
    for value in (last_event_id, after):
        number = limits.whole_number(value)
        if number is not None:
            return number
    return 0


def sync_stream(
    session_id: int,
    after: int,
    seconds: float = WSGI_STREAM_SECONDS,
    viewer: int | None = None,
    sees_all: bool = True,
) -> Iterator[str]:
    yield "retry: 1000\n\n"
    deadline = time.monotonic() + seconds
    beat = time.monotonic()
    while True:
        rows = fetch(session_id, after)
        for row in rows:
            after = row.id
            if row.for_viewer(viewer, sees_all):
                yield frame(row)
        if len(rows) == BATCH:
            continue
        now = time.monotonic()
        if now >= deadline:
            return
        if now - beat >= channel.HEARTBEAT_SECONDS:
            beat = now
            yield ": ping\n\n"
        time.sleep(channel.POLL_SECONDS)


async def async_stream(
    session_id: int, after: int, viewer: int | None = None, sees_all: bool = True
) -> AsyncIterator[str]:
    # The view and the middleware ran in this request's thread and may have opened a
    # database connection there; Django would keep it until the stream ends. Close it: an
    # open page must not hold a database connection (the hub reads for all of them).
    # Always, whatever DB_CONN_MAX_AGE says: Django runs each ASGI request's sync code in a
    # thread of its own (ThreadSensitiveContext), so a kept connection would be one per page.
    # With a pool (DB_POOL_MAX_SIZE) closing gives it back to the pool: 300 open pages hold
    # none of its connections, and a process never uses more than the pool's size.
    await sync_to_async(connections.close_all)()
    HUB.start()
    wake = HUB.register(session_id)
    try:
        yield "retry: 1000\n\n"
        await HUB.ensure_feed(session_id)
        while True:
            wake.clear()
            rows = await HUB.rows_after(session_id, after)
            for row in rows:
                after = row.id
                if row.for_viewer(viewer, sees_all):
                    yield frame(row)
            if len(rows) >= BATCH:
                continue
            timeout = channel.HEARTBEAT_SECONDS if HUB.wakes else channel.POLL_SECONDS
            try:
                await asyncio.wait_for(wake.wait(), timeout)
            except TimeoutError:
                if HUB.wakes:
                    yield ": ping\n\n"
    finally:
        HUB.unregister(session_id, wake)
