"""The per-process fan-out (channel.Hub), without a database: one read per wake-up for all of
a session's open streams, each event's frame serialized once, a failed read falling back to
the streams' own reads, and a stream behind the in-memory copy reading the table."""

from __future__ import annotations

import asyncio
import json
import threading

from hypothesis import given, settings
from hypothesis import strategies as st

from echohub.live.channel import KEEP, Hub, Row


def run(scenario) -> None:
    """Run an async scenario in its own thread and event loop: a browser test earlier in the
    same worker (Playwright's sync API) can leave this thread's loop running, and
    asyncio.run() refuses to start inside a running loop."""
    errors: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(scenario())
        except BaseException as exc:  # re-raised in the test's thread
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


class Table:
    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.kept_reads = 0
        self.stream_reads = 0
        self.fail = False

    def add(self, n: int) -> None:
        start = self.rows[-1].id if self.rows else 0
        self.rows += [
            Row(id=start + k + 1, kind="next", payload={"group": "agenda"}) for k in range(n)
        ]

    def kept_fetch(self, session_id: int, after: int) -> list[Row]:
        self.kept_reads += 1
        if self.fail:
            raise RuntimeError("database went away")
        return [Row(r.id, r.kind, dict(r.payload)) for r in self.rows if r.id > after]

    def fetch(self, session_id: int, after: int) -> list[Row]:
        self.stream_reads += 1
        return [Row(r.id, r.kind, dict(r.payload)) for r in self.rows if r.id > after]

    def last_id(self, session_id: int) -> int:
        return self.rows[-1].id if self.rows else 0


def make_hub(table: Table) -> Hub:
    hub = Hub(table.fetch, table.last_id, table.kept_fetch, table.last_id)
    hub.connected = True  # as if the listener held its LISTEN
    return hub


def test_one_read_per_wake_up_for_every_stream_and_one_frame_per_event():
    async def scenario() -> None:
        table = Table()
        hub = make_hub(table)
        waits = [hub.register(7) for _ in range(300)]
        await hub.ensure_feed(7)
        table.add(1)
        await hub.refresh(7)
        assert all(w.is_set() for w in waits)
        assert table.kept_reads == 1 and table.stream_reads == 0
        got = [await hub.rows_after(7, 0) for _ in waits]
        assert {len(g) for g in got} == {1}
        frames = {id(g[0].frame()) for g in got}
        assert len(frames) == 1  # the very same string for every stream
        frame = got[0][0].frame()
        assert frame.startswith("id: 1\ndata: ") and frame.endswith("\n\n")
        assert json.loads(frame.split("data: ", 1)[1]) == {
            "id": 1,
            "kind": "next",
            "group": "agenda",
        }

    run(scenario)


def test_failed_read_wakes_streams_which_then_read_the_table():
    async def scenario() -> None:
        table = Table()
        hub = make_hub(table)
        wait = hub.register(7)
        await hub.ensure_feed(7)
        table.add(2)
        table.fail = True
        await hub.refresh(7)
        assert wait.is_set() and 7 not in hub.feeds
        assert [r.id for r in await hub.rows_after(7, 0)] == [1, 2]
        assert table.stream_reads == 1

    run(scenario)


def test_unregistering_the_last_stream_forgets_the_session():
    async def scenario() -> None:
        table = Table()
        hub = make_hub(table)
        wait = hub.register(3)
        await hub.ensure_feed(3)
        hub.unregister(3, wait)
        assert 3 not in hub.waiters and 3 not in hub.feeds
        table.add(1)
        await hub.refresh(3)  # nobody listens: nothing read
        assert table.kept_reads == 0

    run(scenario)


@settings(max_examples=40, deadline=None)
@given(
    batches=st.lists(st.integers(min_value=0, max_value=KEEP // 2), max_size=6),
    after=st.integers(min_value=0, max_value=2 * KEEP),
)
def test_any_reader_gets_exactly_the_events_after_its_id(batches, after):
    """Whatever the wake-ups and however far behind a stream is, it gets every event after its
    id, in order, once (from the copy, or from the table when it is behind the copy)."""

    async def scenario() -> None:
        table = Table()
        hub = make_hub(table)
        hub.register(1)
        await hub.ensure_feed(1)
        for n in batches:
            table.add(n)
            await hub.refresh(1)
        got = [r.id for r in await hub.rows_after(1, after)]
        assert got == [r.id for r in table.rows if r.id > after]

    run(scenario)
