"""The live session under load (issue 17): N live pages and C consoles connected by
server-sent events to two uvicorn processes sharing PostgreSQL (channel: LISTEN/NOTIFY, or
Redis pub/sub with --channel redis).

Measured:
- agenda change delivery: from the moment the console's POST is sent to the moment each
  connected page has the event (p50/p95/p99 over every page and change);
- questions accepted: the POST latency of questions asked by pages at --question-rate a minute;
- memory per connection: the growth of the two processes' RSS from idle to all connected,
  divided by the connections;
- forced reconnect: one app process is killed and restarted while the console moves on (on the
  other process); every page reconnects with Last-Event-ID and must then hold every event.

    make bench-live                       # 300 pages, 5 consoles, PostgreSQL channel
    .venv/bin/python bench/live_bench.py --pages 100 --channel redis

Needs PostgreSQL at BENCH_PG (default postgres://postgres@127.0.0.1:5432) where it may create
and drop the database `echohub_livebench`; redis-server on PATH for --channel redis.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
ECHOHUB = str(ROOT / ".venv" / "bin" / "echohub")
DB_NAME = "echohub_livebench"

SEED = """
import datetime as dt, json
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils import timezone
from echohub.accounts.models import User
from echohub.programs.models import Membership, Program, Role
from echohub.scheduling.models import AgendaItem, Session
p = Program.objects.create(name="Bench program", slug="bench", time_zone="America/Toronto")
def person(n, role):
    u = User.objects.create_user(email=f"{role}{n}@bench.test", password=None,
                                 first_name=role, last_name=str(n))
    Membership.objects.create(program=p, user=u, role=role)
    s = SessionStore()
    s[SESSION_KEY] = str(u.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = u.get_session_auth_hash()
    s.create()
    return s.session_key
pages = [person(n, Role.PARTICIPANT) for n in range(%(pages)d)]
consoles = [person(n, Role.COORDINATOR) for n in range(%(consoles)d)]
start = timezone.now() - dt.timedelta(minutes=2)
s = Session.objects.create(program=p, title="Bench Thursday", starts_at=start,
    ends_at=start + dt.timedelta(minutes=120), time_zone="America/Toronto")
for n in range(%(items)d):
    AgendaItem.objects.create(session=s, kind="didactic", title=f"Item {n}", position=n,
                              duration_minutes=5)
print(json.dumps({"session": s.pk, "pages": pages, "consoles": consoles}))
"""

QUESTIONS = [
    "How slow should a taper be after ten years on opioids?",
    "Would you add duloxetine before starting the taper?",
    "What do you say when the patient asks why now?",
    "Is a urine drug screen useful before the first visit?",
    "How often should we see the patient during the first month?",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


@dataclass
class Client:
    n: int
    base: str
    cookie: str
    seen: dict[int, float] = field(default_factory=dict)  # event id -> arrival (monotonic)
    kinds: dict[int, str] = field(default_factory=dict)
    last: int = 0
    connected: asyncio.Event = field(default_factory=asyncio.Event)
    reconnects: int = 0


class App:
    def __init__(self, env: dict[str, str], port: int) -> None:
        self.env, self.port = env, port
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "echohub.asgi:application",
                "--port",
                str(self.port),
                "--no-access-log",
                "--log-level",
                "warning",
                "--timeout-graceful-shutdown",
                "1",
            ],
            env=self.env,
            cwd=ROOT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"uvicorn on {self.port} did not start")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


async def listen(http: httpx.AsyncClient, c: Client, path: str, stop: asyncio.Event) -> None:
    while not stop.is_set():
        headers = {"Cookie": f"sessionid={c.cookie}", "Accept": "text/event-stream"}
        if c.last:
            headers["Last-Event-ID"] = str(c.last)
        try:
            async with http.stream("GET", c.base + path, headers=headers, timeout=None) as r:
                if r.status_code != 200:
                    raise RuntimeError(f"events answered {r.status_code}")
                c.connected.set()
                event_id = 0
                async for line in r.aiter_lines():
                    if line.startswith("id: "):
                        event_id = int(line[4:])
                    elif line.startswith("data: ") and event_id:
                        c.seen.setdefault(event_id, time.monotonic())
                        c.kinds[event_id] = json.loads(line[6:]).get("kind", "")
                        c.last = max(c.last, event_id)
                    if stop.is_set():
                        return
        except (httpx.HTTPError, RuntimeError):
            pass
        if stop.is_set():
            return
        c.connected.clear()
        c.reconnects += 1
        await asyncio.sleep(0.5)


async def post(
    http: httpx.AsyncClient, base: str, path: str, cookie: str, data: dict[str, str]
) -> tuple[int, float]:
    """A form POST as a signed-in browser with htmx (CSRF cookie and header)."""
    token = "b" * 32
    t0 = time.monotonic()
    r = await http.post(
        base + path,
        data=data,
        headers={
            "Cookie": f"sessionid={cookie}; csrftoken={token}",
            "X-CSRFToken": token,
            "HX-Request": "true",
            "Referer": base + "/",
        },
    )
    return r.status_code, time.monotonic() - t0


async def run(
    args: argparse.Namespace, env: dict[str, str], seed: dict[str, Any]
) -> dict[str, Any]:
    apps = [App(env, free_port()), App(env, free_port())]
    try:
        return await measure(args, apps, seed)
    finally:  # never leave the app processes running (a failed run included)
        for app in apps:
            app.stop()


async def measure(
    args: argparse.Namespace, apps: list[App], seed: dict[str, Any]
) -> dict[str, Any]:
    for app in apps:
        app.start()
    await asyncio.sleep(1.0)
    idle = {app.port: rss_kib(app.proc.pid) for app in apps if app.proc}
    slug, session = "bench", seed["session"]
    events_path = f"/p/{slug}/live/{session}/events/"
    action_path = f"/p/{slug}/live/{session}/console/action/"
    ask_path = f"/p/{slug}/live/{session}/ask/"
    clients = [
        Client(n, apps[n % 2].base, cookie)
        for n, cookie in enumerate(seed["pages"] + seed["consoles"])
    ]
    console_cookie = seed["consoles"][0]
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    result: dict[str, Any] = {}
    stop = asyncio.Event()
    async with httpx.AsyncClient(limits=limits, timeout=30) as http:
        # Warm both processes (imports, URLconf, the hub's listener) with a few pages first,
        # so the memory figure is the cost of one more open page, not of the first request.
        warm = clients[:10]
        tasks = [asyncio.create_task(listen(http, c, events_path, stop)) for c in warm]
        await asyncio.wait_for(asyncio.gather(*(c.connected.wait() for c in warm)), 120)
        await asyncio.sleep(2.0)
        base = {app.port: rss_kib(app.proc.pid) for app in apps if app.proc}
        t_connect = time.monotonic()
        rest = clients[10:]
        tasks += [asyncio.create_task(listen(http, c, events_path, stop)) for c in rest]
        waiting = asyncio.gather(*(c.connected.wait() for c in rest))
        try:
            await asyncio.wait_for(waiting, args.connect_seconds)
        except TimeoutError:
            stuck = sum(1 for c in rest if not c.connected.is_set())
            raise RuntimeError(
                f"{stuck} of {len(rest)} pages not connected after {args.connect_seconds} s"
            ) from None
        result["connect_seconds"] = round(time.monotonic() - t_connect, 2)
        await asyncio.sleep(2.0)
        busy = {app.port: rss_kib(app.proc.pid) for app in apps if app.proc}
        result["rss_idle_kib"] = idle
        result["rss_warm_10_kib"] = base
        result["rss_connected_kib"] = busy
        result["kib_per_connection"] = round(
            (sum(busy.values()) - sum(base.values())) / max(1, len(rest)), 1
        )

        # Agenda changes: the first console (on process 0) starts, then next/back alternate.
        latencies: list[float] = []
        after_answer: list[float] = []  # from the console's answer (committed) to each page
        post_ms: list[float] = []
        worst_per_change: list[float] = []
        actions = ["start"] + ["next", "back"] * (args.changes // 2)
        for action in actions[: args.changes]:
            before = max((c.last for c in clients), default=0)
            t0 = time.monotonic()
            status, took = await post(
                http, apps[0].base, action_path, console_cookie, {"action": action}
            )
            post_ms.append(took)
            if status != 200:
                raise RuntimeError(f"console action {action} answered {status}")
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                if all(c.last > before for c in clients):
                    break
                await asyncio.sleep(0.005)
            got = []
            for c in clients:
                new = [t for i, t in c.seen.items() if i > before]
                if new:
                    got.append(min(new) - t0)
            missing = len(clients) - len(got)
            if missing:
                result.setdefault("agenda_missing", 0)
                result["agenda_missing"] += missing
            latencies.extend(got)
            after_answer.extend(max(0.0, g - took) for g in got)
            worst_per_change.append(max(got) if got else float("nan"))
            await asyncio.sleep(args.gap)
        result["agenda_changes"] = len(actions[: args.changes])
        result["agenda_deliveries"] = len(latencies)
        result["agenda_ms"] = {
            "p50": round(pct(latencies, 50) * 1000, 1),
            "p95": round(pct(latencies, 95) * 1000, 1),
            "p99": round(pct(latencies, 99) * 1000, 1),
            "max": round(max(latencies) * 1000, 1) if latencies else None,
        }
        result["agenda_ms_after_console_answer"] = {
            "p50": round(pct(after_answer, 50) * 1000, 1),
            "p95": round(pct(after_answer, 95) * 1000, 1),
            "p99": round(pct(after_answer, 99) * 1000, 1),
        }
        result["console_post_ms"] = {
            "p50": round(pct(post_ms, 50) * 1000, 1),
            "p95": round(pct(post_ms, 95) * 1000, 1),
        }

        # Questions: pages ask at question_rate a minute (spread over both processes).
        q_lat: list[float] = []
        q_status: dict[int, int] = {}
        interval = 60.0 / args.question_rate
        for k in range(args.questions):
            c = clients[k % args.pages]
            status, secs = await post(
                http, c.base, ask_path, c.cookie, {"text": QUESTIONS[k % len(QUESTIONS)]}
            )
            q_status[status] = q_status.get(status, 0) + 1
            if status == 200:
                q_lat.append(secs)
            await asyncio.sleep(max(0.0, interval - secs))
        result["questions"] = {
            "asked": args.questions,
            "per_minute": args.question_rate,
            "statuses": q_status,
            "p50_ms": round(pct(q_lat, 50) * 1000, 1),
            "p95_ms": round(pct(q_lat, 95) * 1000, 1),
            "max_ms": round(max(q_lat) * 1000, 1) if q_lat else None,
        }

        # Forced reconnect: kill process 1 (half the pages drop), move on from process 0
        # meanwhile, restart process 1; every page must end up with every event.
        start_id = max(c.last for c in clients)
        apps[1].kill()
        await asyncio.sleep(0.5)
        for action in ("next", "back", "next"):
            await post(http, apps[0].base, action_path, console_cookie, {"action": action})
            await asyncio.sleep(0.3)
        apps[1].start()
        t_back = time.monotonic()
        await asyncio.sleep(0.5)
        all_ids: list[int] = sorted({i for c in clients for i in c.seen if i > start_id})
        deadline = time.monotonic() + args.catch_up_seconds  # a loaded machine restarts slowly
        while time.monotonic() < deadline:
            all_ids = sorted({i for c in clients for i in c.seen if i > start_id})
            if len(all_ids) >= 3 and all(all(i in c.seen for i in all_ids) for c in clients):
                break
            await asyncio.sleep(0.1)
        lost = sum(1 for c in clients for i in all_ids if i not in c.seen)
        # Every id of the log (from the start of the bench) against every page. A question's
        # events go to the consoles and the asker only (by design), so they are left out here.
        kinds: dict[int, str] = {}
        for c in clients:
            kinds.update(c.kinds)
        asked = {"question", "question_decided", "question_sent"}
        log_ids = {
            i for i in set().union(*(c.seen.keys() for c in clients)) if kinds[i] not in asked
        }
        holes = sum(1 for c in clients for i in log_ids if i not in c.seen)
        result["reconnect"] = {
            "events_while_down": len(all_ids),
            "pages_dropped": sum(1 for c in clients if c.reconnects),
            "caught_up_seconds": round(time.monotonic() - t_back, 2),
            "events_lost": lost,
            "events_missing_anywhere": holes,
        }
        stop.set()
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return result


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


class ConnectionCount:
    """The most connections the app processes held on the bench database at once (sampled
    every 0.25 s from pg_stat_activity, this sampler's own left out)."""

    def __init__(self, dsn: str) -> None:
        self.dsn, self.most = dsn, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as conn:
            while not self._stop.is_set():
                row = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                ).fetchone()
                self.most = max(self.most, int(row[0]) if row else 0)
                self._stop.wait(0.25)

    def __enter__(self) -> ConnectionCount:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def psql(sql: str, dsn: str) -> None:
    subprocess.run(["psql", dsn, "-q", "-c", sql], check=True, capture_output=True)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--consoles", type=int, default=5)
    ap.add_argument("--changes", type=int, default=20)
    ap.add_argument("--gap", type=float, default=1.0, help="seconds between agenda changes")
    ap.add_argument("--questions", type=int, default=50)
    ap.add_argument("--question-rate", type=float, default=50.0, help="questions a minute")
    ap.add_argument("--catch-up-seconds", type=float, default=120.0)
    ap.add_argument("--connect-seconds", type=float, default=300.0)
    ap.add_argument("--channel", choices=["postgres", "redis"], default="postgres")
    ap.add_argument(
        "--conn-max-age",
        type=int,
        default=0,
        help="DB_CONN_MAX_AGE of the app processes (keep 0 under ASGI; see deployment.md)",
    )
    ap.add_argument(
        "--pool",
        type=int,
        default=8,
        help="DB_POOL_MAX_SIZE of each app process (PostgreSQL connection pool; 0 = none)",
    )
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()

    load_before = round(os.getloadavg()[0], 1)
    server = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)", server + "/postgres")
    psql(f"CREATE DATABASE {DB_NAME}", server + "/postgres")
    env = {
        **os.environ,
        "DATABASE_URL": f"{server}/{DB_NAME}",
        "DJANGO_SETTINGS_MODULE": "echohub.settings_test",  # no second factor to set up
        "DEBUG": "0",
        "SECRET_KEY": "live-bench-key",
        "TASKS_BACKEND": "immediate",
        "PHI_SCAN_RATE": "100000/m",
        # 0 (the default, as deployment.md says for ASGI): Django runs each ASGI request's
        # sync code in a thread of its own, so a kept connection is not reused by the next
        # request and open streams would each keep one.
        "DB_CONN_MAX_AGE": str(args.conn_max_age),
        # The pool (production's default for PostgreSQL): a request takes an open connection
        # instead of connecting; open streams hold none (live/stream.py gives it back).
        "DB_POOL_MAX_SIZE": str(args.pool),
        "DB_POOL_MIN_SIZE": str(min(2, args.pool)),
    }
    env.pop("REDIS_URL", None)
    redis_proc = None
    if args.channel == "redis":
        port = free_port()
        redis_proc = subprocess.Popen(
            ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        env["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
        time.sleep(0.5)
    try:
        subprocess.run([ECHOHUB, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        out = subprocess.run(
            [
                ECHOHUB,
                "shell",
                "-c",
                SEED % {"pages": args.pages, "consoles": args.consoles, "items": 8},
            ],
            env=env,
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout
        seed = json.loads(out.strip().splitlines()[-1])
        t0 = time.monotonic()
        with ConnectionCount(f"{server}/{DB_NAME}") as connections:
            result = asyncio.run(run(args, env, seed))
        result["seconds"] = round(time.monotonic() - t0, 1)
        result["db_connections_most"] = connections.most
    finally:
        if redis_proc is not None:
            redis_proc.terminate()
        with contextlib.suppress(subprocess.CalledProcessError):
            psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)", server + "/postgres")
    load = os.getloadavg()
    summary = {
        "pages": args.pages,
        "consoles": args.consoles,
        "channel": args.channel,
        "processes": 2,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, load {load[0]:.1f}",
        "load_before": load_before,
        "conn_max_age": args.conn_max_age,
        "pool_per_process": args.pool,
        "event_loop": "uvloop" if _has("uvloop") else "asyncio",
        "http_parser": "httptools" if _has("httptools") else "h11",
        **result,
    }
    print(json.dumps(summary, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2))
    agenda = result["agenda_ms"]
    ok = (
        agenda["p95"] < 500
        and agenda["p99"] < 1000
        and result["questions"]["p95_ms"] < 100
        and result["reconnect"]["events_lost"] == 0
        and result["reconnect"]["events_missing_anywhere"] == 0
    )
    print("targets met" if ok else "targets NOT met (see above)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
