"""The live channel: how an appended event wakes the open pages of every app process.

The event table is the truth (services append to it in their transaction); the channel only
says "session S has something new", so a lost wake-up costs a delay, never an event.

- PostgreSQL: ``pg_notify`` inside the appending transaction (PostgreSQL delivers it on
  commit, never for a rolled-back one); each ASGI process keeps one ``LISTEN`` connection
  (psycopg 3 async).
- Redis (``REDIS_URL`` set): a ``PUBLISH`` after commit; each ASGI process subscribes once.
- Neither (the embedded SQLite default): no wake-ups; streams read the table every
  ``POLL_SECONDS``.

:class:`Hub` is the per-process fan-out for the ASGI streams: one listener task, one waiter
per open stream, and a short in-memory copy of each session's newest events so that 300 open
pages cost one database read per event and process, not 300. The copy is only a cache of
committed rows: a stream whose last id is older than the copy reads the table.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction

log = logging.getLogger(__name__)

CHANNEL = "echohub_live"
POLL_SECONDS = 1.0  # fallback: how often a stream reads the table when nothing wakes it
HEARTBEAT_SECONDS = 15.0  # a comment line keeps proxies from closing an idle stream
KEEP = 500  # events kept in memory per session and process


def backend() -> str:
    """redis, postgres or poll (the order in which they are chosen)."""
    if redis_url():
        return "redis"
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return "postgres"
    return "poll"


def redis_url() -> str:
    return os.environ.get("REDIS_URL", "").strip()


_redis_client: Any = None


def _redis() -> Any:
    global _redis_client
    if _redis_client is None:
        import redis

        _redis_client = redis.Redis.from_url(redis_url(), socket_timeout=2)
    return _redis_client


def _publish_redis(message: str) -> None:
    try:
        _redis().publish(CHANNEL, message)
    except Exception:  # the event is stored; pages catch up on their next read
        log.warning("live: Redis publish failed", exc_info=True)


def announce(session_id: int, event_id: int) -> None:
    """Call inside the transaction that appended the event."""
    message = f"{session_id}:{event_id}"
    kind = backend()
    if kind == "postgres":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_notify(%s, %s)", [CHANNEL, message])
    elif kind == "redis":
        transaction.on_commit(lambda: _publish_redis(message))


# --- the per-process fan-out (ASGI) --------------------------------------------------------


@dataclass
class Row:
    id: int
    kind: str
    payload: dict[str, Any]
    # A question's event is for the hub team and its asker only (the stream leaves it out for
    # the other pages; never in the payload sent).
    asker: int | None = None
    _frame: str = field(default="", repr=False, compare=False)

    def for_viewer(self, viewer: int | None, sees_all: bool) -> bool:
        return sees_all or self.asker is None or self.asker == viewer

    def frame(self) -> str:
        """The server-sent events frame, serialized once per event and process (the hub's
        copy is shared by every open stream), not once per connection."""
        if not self._frame:
            data = json.dumps(
                {"id": self.id, "kind": self.kind, **self.payload}, separators=(",", ":")
            )
            self._frame = f"id: {self.id}\ndata: {data}\n\n"
        return self._frame


@dataclass
class Feed:
    """The newest committed events of one session in this process: every event with an id
    above `complete_after` is in `rows`."""

    complete_after: int
    rows: list[Row] = field(default_factory=list)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def last_id(self) -> int:
        return self.rows[-1].id if self.rows else self.complete_after


Fetch = Callable[[int, int], list[Row]]


class Hub:
    def __init__(
        self,
        fetch: Fetch,
        last_id: Callable[[int], int],
        kept_fetch: Fetch | None = None,
        kept_last_id: Callable[[int], int] | None = None,
    ) -> None:
        self._fetch = fetch
        self._last_id = last_id
        # The per-process reads on a wake-up run in one thread of their own that keeps its
        # database connection (no new connection per event); catch-up reads of single
        # streams use `fetch` in any thread and close theirs.
        self._kept_fetch = kept_fetch or fetch
        self._kept_last_id = kept_last_id or last_id
        self._reader: ThreadPoolExecutor | None = None
        self.waiters: dict[int, set[asyncio.Event]] = {}
        self.feeds: dict[int, Feed] = {}
        self._task: asyncio.Task[None] | None = None
        self.connected = False  # the listener holds its LISTEN / SUBSCRIBE

    def start(self) -> None:
        if backend() == "poll":
            return
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._listen_forever())

    @property
    def wakes(self) -> bool:
        """Whether streams are woken (else they poll)."""
        return self.connected

    def register(self, session_id: int) -> asyncio.Event:
        event = asyncio.Event()
        self.waiters.setdefault(session_id, set()).add(event)
        return event

    def unregister(self, session_id: int, event: asyncio.Event) -> None:
        waiting = self.waiters.get(session_id)
        if waiting is not None:
            waiting.discard(event)
            if not waiting:
                del self.waiters[session_id]
                self.feeds.pop(session_id, None)

    async def rows_after(self, session_id: int, after: int) -> list[Row]:
        feed = self.feeds.get(session_id)
        if self.wakes and feed is not None and after >= feed.complete_after:
            return [r for r in feed.rows if r.id > after]
        return await asyncio.to_thread(self._fetch, session_id, after)

    async def _read(self, fn: Callable[..., Any], *args: Any) -> Any:
        if self._reader is None:
            self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="live-hub")
        return await asyncio.get_running_loop().run_in_executor(self._reader, fn, *args)

    async def refresh(self, session_id: int) -> None:
        """Read what is new for a session once for this process, then wake its streams. A
        failed read drops the session's copy: its streams then read the table themselves."""
        if session_id not in self.waiters:
            return
        try:
            feed = self.feeds.get(session_id)
            if feed is None:
                start = await self._read(self._kept_last_id, session_id)
                feed = self.feeds.setdefault(session_id, Feed(complete_after=start))
            async with feed.lock:
                new = await self._read(self._kept_fetch, session_id, feed.last_id)
                if new and feed.rows and new[0].id <= feed.rows[-1].id:
                    new = [r for r in new if r.id > feed.rows[-1].id]
                feed.rows.extend(new)
                if len(feed.rows) > KEEP:
                    feed.complete_after = feed.rows[-KEEP - 1].id
                    del feed.rows[:-KEEP]
        except Exception:
            log.warning("live: reading session %s's new events failed", session_id, exc_info=True)
            self.feeds.pop(session_id, None)
        for event in list(self.waiters.get(session_id, ())):
            event.set()

    async def ensure_feed(self, session_id: int) -> None:
        if self.wakes and session_id not in self.feeds:
            start = await self._read(self._kept_last_id, session_id)
            self.feeds.setdefault(session_id, Feed(complete_after=start))

    async def _wake_all(self) -> None:
        for session_id in list(self.waiters):
            await self.refresh(session_id)

    def _on_message(self, message: str) -> None:
        session_part = message.split(":", 1)[0]
        if session_part.isdigit():
            asyncio.get_running_loop().create_task(self.refresh(int(session_part)))

    async def _listen_forever(self) -> None:
        while True:
            try:
                if backend() == "redis":
                    await self._listen_redis()
                else:
                    await self._listen_postgres()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("live: listener lost its connection; reconnecting", exc_info=True)
            self.connected = False
            self.feeds.clear()  # what arrived meanwhile is read from the table
            for waiting in list(self.waiters.values()):
                for event in list(waiting):
                    event.set()
            await asyncio.sleep(1.0)

    async def _listen_postgres(self) -> None:
        import psycopg

        db = settings.DATABASES["default"]
        parts = {
            "dbname": db.get("NAME"),
            "user": db.get("USER"),
            "password": db.get("PASSWORD"),
            "host": db.get("HOST"),
            "port": db.get("PORT"),
        }
        conninfo = psycopg.conninfo.make_conninfo(
            "", **{k: str(v) for k, v in parts.items() if v not in (None, "")}
        )
        conn = await psycopg.AsyncConnection.connect(conninfo, autocommit=True)
        async with conn:
            await conn.execute(f"LISTEN {CHANNEL}")
            self.connected = True
            await self._wake_all()  # anything committed while the listener was away
            async for notify in conn.notifies():
                self._on_message(notify.payload)

    async def _listen_redis(self) -> None:
        import redis.asyncio as aioredis

        client = aioredis.Redis.from_url(redis_url())
        pubsub = client.pubsub()
        try:
            await pubsub.subscribe(CHANNEL)
            self.connected = True
            await self._wake_all()
            async for message in pubsub.listen():
                if message.get("type") == "message":
                    data = message.get("data")
                    self._on_message(data.decode() if isinstance(data, bytes) else str(data))
        finally:
            with contextlib.suppress(Exception):
                await pubsub.aclose()
                await client.aclose()
