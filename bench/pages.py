"""Page benchmark (`make bench-pages`): server time and query count of the main pages.

Builds a synthetic network (`echohub generate_network`) into a fresh benchmark database, at a
small and at a large size, then requests each page through Django's test client in-process
(DEBUG off, all middleware) and reports, per page: the median and 95th percentile server time
and the number of queries at both sizes (it should not grow with the data).

    .venv/bin/python bench/pages.py                  # SQLite, 200 programs / 50,000 people
    .venv/bin/python bench/pages.py --small          # a quick run
    .venv/bin/python bench/pages.py --postgres       # SQLite and PostgreSQL (or BENCH_PG=1)

The SQLite databases live in bench/out/ (gitignored). PostgreSQL uses the database
`echohub_bench` on 127.0.0.1:5432 (user postgres), dropped and created by this script. Each
(database, size) runs in its own process so settings stay clean. The markdown table goes into
docs/benchmarks.md between the `pages` markers and is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
DOC = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- pages:begin -->", "<!-- pages:end -->"
PG_URL = "postgres://postgres@127.0.0.1:5432/echohub_bench"
PG_DB = "echohub_bench"
TARGET_MEDIAN_MS, TARGET_P95_MS = 20.0, 60.0

# (programs, people, sessions per program)
SMALL = (3, 300, 20)
QUICK = (20, 5_000, 60)
LARGE = (200, 50_000, 300)


# Parent: orchestrate runs, write the table ------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=None)
    parser.add_argument("--people", type=int, default=None)
    parser.add_argument("--sessions-per-program", type=int, default=None)
    parser.add_argument("--small", action="store_true", help="quick run: a mid-size network")
    parser.add_argument("--postgres", action="store_true", help="also run on PostgreSQL")
    parser.add_argument("--requests", type=int, default=None, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=None, help="untimed requests first")
    parser.add_argument("--no-write", action="store_true", help="print only; leave the doc")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--label", default="large", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args)

    base = QUICK if args.small else LARGE
    large = (
        args.programs or base[0],
        args.people or base[1],
        args.sessions_per_program or base[2],
    )
    requests = args.requests or (50 if args.small else 200)
    warmup = args.warmup if args.warmup is not None else (5 if args.small else 20)
    dbs = ["sqlite"]
    if args.postgres or os.environ.get("BENCH_PG") == "1":
        dbs.append("postgres")
    OUT.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, Any]] = []
    for db in dbs:
        for label, size in (("small", SMALL), ("large", large)):
            print(f"== {db}, {label} network: {size[0]} programs, {size[1]:,} people, "
                  f"{size[2]} sessions per program", file=sys.stderr, flush=True)  # fmt: skip
            results.append(run_worker(db, label, size, requests, warmup))
    table = render(results, dbs, large, requests, warmup, sys.argv[1:])
    print(table)
    if not args.no_write:
        write_section(table)
        print(f"(written to {DOC.relative_to(ROOT)})", file=sys.stderr)
    return 0


def run_worker(
    db: str, label: str, size: tuple[int, int, int], requests: int, warmup: int
) -> dict[str, Any]:
    cmd = [
        sys.executable, str(Path(__file__).resolve()), "--worker", "--db", db, "--label", label,
        "--programs", str(size[0]), "--people", str(size[1]),
        "--sessions-per-program", str(size[2]),
        "--requests", str(requests), "--warmup", str(warmup),
    ]  # fmt: skip
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT, check=False)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"db": db, "label": label, "size": size, "error": f"worker exit {proc.returncode}"}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def render(
    results: list[dict[str, Any]],
    dbs: list[str],
    large: tuple[int, int, int],
    requests: int,
    warmup: int,
    argv: list[str],
) -> str:
    by = {(r["db"], r["label"]): r for r in results}
    versions = {r["db"]: r.get("db_version", "") for r in results}
    command = " ".join([".venv/bin/python bench/pages.py", *argv]).strip()
    lines = [
        "## Page response times",
        "",
        f"- Command: `{command}` (`make bench-pages` runs it without flags)",
        f"- Date: {dt.date.today().isoformat()}",
        f"- Machine: {os.cpu_count()} cores ({cpu_model()}), Python {platform.python_version()}, "
        + ", ".join(versions.get(db) or db for db in dbs),
    ]
    for db in dbs:
        for label, size in (("small", SMALL), ("large", large)):
            r = by.get((db, label), {})
            rows = r.get("rows")
            gen = r.get("generate_seconds")
            extra = f": {rows:,} rows, generated in {gen:.1f} s" if rows and gen else ""
            lines.append(
                f"- Data, {db} {label}: {size[0]} programs, {size[1]:,} people, "
                f"{size[0] * size[2]:,} sessions{extra}"
            )
    lines += [
        f"- Method: {requests} requests per page after {warmup} warm-up, in-process through "
        "Django's test client (all middleware, DEBUG off); server time per request; queries "
        "counted on one more request with CaptureQueriesContext.",
        f"- Targets: median < {TARGET_MEDIAN_MS:.0f} ms, p95 < {TARGET_P95_MS:.0f} ms at the large "
        "size; the query count must not grow with the data.",
        "",
        "| Page | URL name | DB | Queries (small → large) | Median ms small | Median ms large "
        "| p95 ms large | Target |",
        "|---|---|---|---|---:|---:|---:|---|",
    ]
    pages: list[tuple[str, str]] = []
    for r in results:
        for p in r.get("pages", []):
            if (p["label"], p["name"]) not in pages:
                pages.append((p["label"], p["name"]))
    for db in dbs:
        small = {p["name"]: p for p in by.get((db, "small"), {}).get("pages", [])}
        big = {p["name"]: p for p in by.get((db, "large"), {}).get("pages", [])}
        if not big:
            err = by.get((db, "large"), {}).get("error", "no result")
            lines.append(f"| (all) | | {db} | error: {err} | | | | |")
            continue
        for label, name in pages:
            s, b = small.get(name, {}), big.get(name, {})
            if b.get("error") or s.get("error"):
                lines.append(
                    f"| {label} | `{name}` | {db} | error: {b.get('error') or s.get('error')} "
                    "| | | | ✗ |"
                )
                continue
            queries = f"{s.get('queries', '?')} → {b.get('queries', '?')}"
            ok = (
                b["median_ms"] < TARGET_MEDIAN_MS
                and b["p95_ms"] < TARGET_P95_MS
                and s.get("queries") == b.get("queries")
            )
            lines.append(
                f"| {label} | `{name}` | {db} | {queries} | {s.get('median_ms', 0):.1f} "
                f"| {b['median_ms']:.1f} | {b['p95_ms']:.1f} | {'✓' if ok else '✗'} |"
            )
    return "\n".join(lines) + "\n"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def write_section(table: str) -> None:
    block = f"{BEGIN}\n{table}{END}"
    if DOC.exists():
        text = DOC.read_text()
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            _old, tail = rest.split(END, 1)
            text = head + block + tail
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
    else:
        text = "# Benchmarks\n\n" + block + "\n"
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text)


# Worker: one database, one size ------------------------------------------------------------


def fresh_database(db: str, label: str) -> str:
    if db == "postgres":
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DB}")
        return PG_URL
    path = OUT / f"pages-{label}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def worker(args: argparse.Namespace) -> int:
    def log(msg: str) -> object:
        print(f"   {msg}", file=sys.stderr, flush=True)
        return None

    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "echohub.settings",
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-secret-key-not-for-production",
            "ALLOWED_HOSTS": "testserver",
            "SECURE_COOKIES": "0",
            "ECHOHUB_VAR_DIR": str(OUT / "var"),
            "LOG_LEVEL": "WARNING",
            "DATABASE_URL": fresh_database(args.db, args.label),
            "DB_CONN_MAX_AGE": "600",
        }
    )
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_urls
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command(
        "generate_network",
        programs=args.programs,
        people=args.people,
        sessions_per_program=args.sessions_per_program,
        stdout=_Log(log),
    )
    generate_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:  # fresh statistics, as a real database would have
        cursor.execute("ANALYZE")
    with override_settings(ROOT_URLCONF="bench_urls"):
        pages = measure(args.requests, args.warmup, log)
    result = {
        "db": args.db,
        "label": args.label,
        "size": [args.programs, args.people, args.sessions_per_program],
        "rows": count_rows(),
        "generate_seconds": generate_seconds,
        "db_version": db_version(),
        "pages": pages,
    }
    print(json.dumps(result))
    return 0


class _Log:
    """A file-like object for call_command(stdout=...) that forwards lines to `log`."""

    def __init__(self, log: Any) -> None:
        self.log = log

    def write(self, msg: str) -> None:
        if msg.strip():
            self.log(msg.rstrip())

    def flush(self) -> None:
        return None


def db_version() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"PostgreSQL {getattr(connection, 'pg_version', 0) // 10000}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def count_rows() -> int:
    from django.apps import apps

    total = 0
    for model in apps.get_models():
        if model._meta.app_label in {"accounts", "programs", "scheduling", "core"}:
            total += model._default_manager.count()
    return total


def targets() -> list[tuple[str, str, dict[str, Any], Any]]:
    """(label, URL name, kwargs, user or None) for each page."""
    from django.db.models import Count

    from echohub.accounts.models import User
    from echohub.programs.models import Membership, Program, Role
    from echohub.scheduling.models import Session

    program = Program.objects.order_by("slug").first()
    assert program is not None, "the generated network is empty"
    in_program = Membership.objects.filter(program=program, role=Role.PARTICIPANT).values("user_id")
    best = (
        Membership.objects.filter(role=Role.PARTICIPANT, user_id__in=in_program)
        .values("user_id")
        .annotate(n=Count("id"))
        .order_by("-n", "user_id")
        .first()
    )
    assert best is not None, "no participant in the first program"
    participant = User.objects.get(pk=best["user_id"])
    coordinator = User.objects.get(memberships__program=program, memberships__role=Role.COORDINATOR)
    session = (
        Session.objects.filter(program=program, ends_at__lte=dt.datetime.now(dt.UTC))
        .order_by("-starts_at")
        .first()
    ) or Session.objects.filter(program=program).first()
    assert session is not None
    slug = program.slug
    return [
        ("Floor: bare view, 1 query", "bench_floor", {}, None),
        ("Program page", "programs:detail", {"slug": slug}, None),
        ("Session list", "scheduling:list", {"slug": slug}, participant),
        ("Session detail", "scheduling:session", {"slug": slug, "pk": session.pk}, participant),
        (f"Participant home ({best['n']} programs)", "home", {}, participant),
        ("People list (coordinator)", "programs:people", {"slug": slug}, coordinator),
    ]


def measure(requests: int, warmup: int, log: Any) -> list[dict[str, Any]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    results = []
    for label, name, kwargs, user in targets():
        entry: dict[str, Any] = {"label": label, "name": name}
        results.append(entry)
        try:
            path = reverse(name, kwargs=kwargs)
        except NoReverseMatch as err:
            entry["error"] = f"no URL ({err.__class__.__name__})"
            continue
        entry["path"] = path
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        try:
            first = client.get(path)
        except Exception as err:  # a view that is not ready must not stop the benchmark
            entry["error"] = f"{err.__class__.__name__}"
            continue
        if first.status_code != 200:
            entry["error"] = f"HTTP {first.status_code}"
            log(f"{label}: HTTP {first.status_code} at {path}")
            continue
        for _ in range(warmup):
            client.get(path)
        times = []
        for _ in range(requests):
            t0 = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        times.sort()
        entry.update(
            median_ms=statistics.median(times),
            p95_ms=times[min(len(times) - 1, round(0.95 * len(times)) - 1)],
            queries=len(queries),
            bytes=len(first.content),
        )
        log(
            f"{label}: median {entry['median_ms']:.1f} ms, p95 {entry['p95_ms']:.1f} ms, "
            f"{entry['queries']} queries"
        )
    return results


if __name__ == "__main__":
    sys.exit(main())
