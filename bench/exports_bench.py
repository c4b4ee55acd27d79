"""Research export benchmark (`make bench-exports`): stream a research export of at least
1,000,000 rows from PostgreSQL and measure the exporting process's peak memory and speed.

    .venv/bin/python bench/exports_bench.py                    # CSV and XLSX, about 1.2M rows
    .venv/bin/python bench/exports_bench.py --formats csv      # CSV only
    .venv/bin/python bench/exports_bench.py --people 600       # a quick run (about 120k rows)

Steps, each in its own process so every measurement starts from a clean interpreter:

1. build: drop and create the database `echohub_bench_export` on 127.0.0.1:5432 (user
   postgres), migrate, and bulk-load one program (COPY): people with participant roles (5 in 6
   consented to research), weekly sessions, attendance, a post-session survey (Likert,
   multiple choice, number, matrix, free text) with responses, and cases with follow-ups.
2. export (once per format): a fresh process signs in as the program's evaluator and POSTs the
   download through Django's test client (all middleware, DEBUG off), consumes the
   StreamingHttpResponse iterator chunk by chunk into a file, and reports its wall time and
   its maximum resident set size (``resource.getrusage(RUSAGE_SELF).ru_maxrss``), next to
   the RSS it had just before the request (Django, the URLs and the research page loaded by
   one warm-up request; nothing exported yet).
3. check: the parent opens the zip and counts the rows of every file against the counts the
   export announced.

Target (issue 7): peak memory under 200 MB while streaming 1,000,000 rows. The markdown table
is printed (docs/benchmarks.md is maintained by hand from it).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
PG_DB = "echohub_bench_export"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
TARGET_MB = 200
SLUG = "export-bench"

LIKERT = [{"value": str(i), "label": f"Point {i}", "label_fr": ""} for i in range(1, 6)]
PHRASES = [
    "The tapering example was practical and I will use it with two patients.",
    "More time for questions, please; the didactic ran long.",
    "Useful discussion of buprenorphine rotation in rural practice.",
    "Audio dropped twice; the slides were clear.",
    "I would like a session on pain and mental health in adolescents.",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=6000, help="participants (default 6000)")
    parser.add_argument("--sessions", type=int, default=150, help="sessions (default 150)")
    parser.add_argument("--formats", default="csv,xlsx", help="comma-separated: csv,xlsx")
    parser.add_argument("--skip-build", action="store_true", help="reuse the database")
    parser.add_argument("--worker", choices=("build", "export"), help=argparse.SUPPRESS)
    parser.add_argument("--format", default="csv", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "build":
        return build(args)
    if args.worker == "export":
        return export(args)

    OUT.mkdir(parents=True, exist_ok=True)
    built: dict[str, Any] = {}
    if not args.skip_build:
        print(f"== build: {args.people:,} people, {args.sessions} sessions", file=sys.stderr)
        built = run(
            ["--worker", "build", "--people", str(args.people), "--sessions", str(args.sessions)]
        )
    results = []
    for fmt in [f.strip() for f in args.formats.split(",") if f.strip()]:
        print(f"== export {fmt}", file=sys.stderr, flush=True)
        result = run(["--worker", "export", "--format", fmt])
        result["checked"] = check(Path(result["path"]), fmt, result["counts"])
        results.append(result)
    print(render(built, results, sys.argv[1:]))
    return 0 if all(r["peak_mb"] < TARGET_MB and r["checked"] for r in results) else 1


def run(extra: list[str]) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), *extra]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT, check=False)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"worker {extra} failed (exit {proc.returncode})")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def check(path: Path, fmt: str, counts: dict[str, int]) -> bool:
    """Every dataset in the zip has the announced number of rows."""
    ok = True
    with zipfile.ZipFile(path) as zf:
        for dataset, expected in counts.items():
            with zf.open(f"{dataset}.{fmt}") as f:
                if fmt == "csv":
                    n = sum(1 for _ in csv.reader(io.TextIOWrapper(f, "utf-8"))) - 1
                else:
                    import openpyxl

                    book = openpyxl.load_workbook(io.BytesIO(f.read()), read_only=True)
                    n = sum(ws.max_row - 1 for ws in book.worksheets)
            if n != expected:
                print(f"   {dataset}.{fmt}: {n} rows, expected {expected}", file=sys.stderr)
                ok = False
    return ok


def render(built: dict[str, Any], results: list[dict[str, Any]], argv: list[str]) -> str:
    command = " ".join([".venv/bin/python bench/exports_bench.py", *argv]).strip()
    lines = [
        f"Research export, one program on PostgreSQL {results[0]['db_version'] if results else ''}"
        f" ({platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}).",
    ]
    if built:
        lines.append(
            f"Data: {built['people']:,} participants ({built['consenting']:,} consenting), "
            f"{built['sessions']} sessions, {built['attendance']:,} attendance rows, "
            f"{built['answers']:,} survey answers, {built['cases']:,} cases; "
            f"built in {built['seconds']:.0f} s."
        )
    lines += [
        "",
        "| format | rows exported | zip size | time | rows/s | RSS before | peak RSS | target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        ok = "✅" if r["peak_mb"] < TARGET_MB and r["checked"] else "❌"
        lines.append(
            f"| {r['format'].upper()} | {r['rows']:,} | {r['bytes'] / 1e6:.1f} MB "
            f"| {r['seconds']:.1f} s | {r['rows'] / r['seconds']:,.0f} "
            f"| {r['base_mb']:.0f} MB | {r['peak_mb']:.0f} MB | < {TARGET_MB} MB {ok} |"
        )
    lines += ["", f"Command: `{command}`"]
    return "\n".join(lines)


# Workers -----------------------------------------------------------------------------------


def setup_django() -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "echohub.settings",
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-secret-key-not-for-production",
            "ALLOWED_HOSTS": "testserver",
            "SECURE_COOKIES": "0",
            "ECHOHUB_VAR_DIR": str(OUT / "var"),
            "LOG_LEVEL": "WARNING",
            "DATABASE_URL": PG_URL,
        }
    )
    import django

    django.setup()


def log(msg: str) -> None:
    print(f"   {msg}", file=sys.stderr, flush=True)


def build(args: argparse.Namespace) -> int:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        c.execute(f"CREATE DATABASE {PG_DB}")
    setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from echohub.accounts.models import User
    from echohub.evaluation.models import Question, Study, Survey
    from echohub.programs.models import Membership, Program, Role, Site
    from echohub.scheduling.models import Session

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    now = timezone.now()
    program = Program.objects.create(slug=SLUG, name="Export benchmark ECHO")
    sites = Site.objects.bulk_create(
        Site(
            program=program,
            name=f"Site {i}",
            region=f"Region {i % 14}",
            rurality=rng.choice(["urban", "suburban", "rural", "remote"]),
            kind=rng.choice(["fht", "chc", "clinic", "nursing_station"]),
        )
        for i in range(60)
    )
    professions = [
        "family_physician",
        "nurse_practitioner",
        "registered_nurse",
        "pharmacist",
        "social_worker",
        "physiotherapist",
    ]
    users = User.objects.bulk_create(
        User(
            email=f"bench{i}@example.test",
            first_name="Bench",
            last_name=f"Person{i}",
            profession=rng.choice(professions),
            password="!",  # noqa: S106 (an unusable password: no one signs in)
        )
        for i in range(args.people)
    )
    Membership.objects.bulk_create(
        Membership(
            program=program,
            user=u,
            role=Role.PARTICIPANT,
            site=rng.choice(sites),
            consent_research=i % 6 != 0,
            is_active=i % 10 != 0,
        )
        for i, u in enumerate(users)
    )
    evaluator = User.objects.create(email="evaluator@example.test", password="!")  # noqa: S106 (unusable)
    Membership.objects.create(program=program, user=evaluator, role=Role.EVALUATOR)
    first = now - dt.timedelta(weeks=args.sessions + 1)
    sessions = Session.objects.bulk_create(
        Session(
            program=program,
            number=i + 1,
            title=f"Session {i + 1}",
            starts_at=first + dt.timedelta(weeks=i),
            ends_at=first + dt.timedelta(weeks=i, minutes=120),
            time_zone="America/Toronto",
        )
        for i in range(args.sessions)
    )
    survey = Survey.objects.create(
        program=program, kind="post_session", title="After", status="open"
    )
    qs = {
        "rel": Question.objects.create(
            survey=survey,
            code="relevance",
            kind="likert",
            text="Relevant",
            options=LIKERT,
            position=1,
        ),
        "use": Question.objects.create(
            survey=survey,
            code="will_use",
            kind="multiple",
            text="Use",
            position=2,
            options=[{"value": v, "label": v} for v in ("taper", "peg", "naloxone")],
        ),
        "hrs": Question.objects.create(
            survey=survey, code="hours", kind="number", text="Hours", position=3
        ),
        "mat": Question.objects.create(
            survey=survey,
            code="confidence",
            kind="matrix",
            text="Confidence",
            position=4,
            options=LIKERT,
            rows=[{"key": k, "label": k} for k in ("taper", "naloxone", "mental")],
        ),
        "txt": Question.objects.create(
            survey=survey, code="comments", kind="text", text="Comments", position=5
        ),
    }
    Study.objects.create(program=program, name="Benchmark study")
    log(f"people, sessions, survey: {time.perf_counter() - started:.1f} s")

    attendance = answers = responses = 0
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3: COPY
        with raw.copy(
            "COPY attendance_attendance (session_id, user_id, computed_minutes, minutes, sources,"
            " adjustment_reason, updated_at) FROM STDIN"
        ) as copy:
            for s in sessions:
                for u in users:
                    if rng.random() < 0.6:
                        m = rng.randint(20, 120)
                        copy.write_row((s.pk, u.pk, m, m, "zoom_csv", "", now))
                        attendance += 1
        log(f"attendance: {attendance:,} rows, {time.perf_counter() - started:.1f} s")
        rid = 0
        with raw.copy(
            "COPY evaluation_response (id, survey_id, session_id, user_id, submitted_on,"
            " submitted_at, language) FROM STDIN"
        ) as copy:
            picked: list[tuple[int, int]] = []
            for s in sessions:
                day = s.starts_at.date()
                for u in users:
                    if rng.random() < 0.12:
                        rid += 1
                        copy.write_row((rid, survey.pk, s.pk, u.pk, day, s.ends_at, "en"))
                        picked.append((rid, u.pk))
        responses = rid
        with raw.copy(
            "COPY evaluation_answer (response_id, question_id, row_key, number, text) FROM STDIN"
        ) as copy:
            for r, _u in picked:
                rows = [(r, qs["rel"].pk, "", rng.randint(1, 5), "")]
                rows += [
                    (r, qs["use"].pk, "", None, v)
                    for v in rng.sample(["taper", "peg", "naloxone"], rng.randint(1, 2))
                ]
                rows.append((r, qs["hrs"].pk, "", rng.randint(0, 8), ""))
                rows += [
                    (r, qs["mat"].pk, k, rng.randint(1, 5), "")
                    for k in ("taper", "naloxone", "mental")
                ]
                if rng.random() < 0.4:
                    rows.append((r, qs["txt"].pk, "", None, rng.choice(PHRASES)))
                for row in rows:
                    copy.write_row(row)
                answers += len(rows)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('evaluation_response', 'id'), %s)", [rid]
        )
        log(f"survey answers: {answers:,} rows, {time.perf_counter() - started:.1f} s")
    cases = build_cases(program, users, sessions, rng)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # autocommit here: fresh statistics for the planner
    seconds = time.perf_counter() - started
    consenting = Membership.objects.filter(program=program, consent_research=True).count()
    print(
        json.dumps(
            {
                "people": args.people,
                "consenting": consenting,
                "sessions": args.sessions,
                "attendance": attendance,
                "responses": responses,
                "answers": answers,
                "cases": cases,
                "seconds": seconds,
            }
        )
    )
    return 0


def build_cases(program: Any, users: list[Any], sessions: list[Any], rng: random.Random) -> int:
    from decimal import Decimal

    from echohub.cases.models import Case, CaseScore, FollowUp

    presenters = rng.sample(users, min(len(users), 400))
    cases = Case.objects.bulk_create(
        Case(
            program=program,
            presenter=p,
            presenter_profession=p.profession,
            status="closed",
            region="Region 1",
            theme=rng.choice(["low_back", "opioid_tapering", "neuropathic"]),
            age_band=rng.choice(["40-49", "50-59", "60-69"]),
            submitted_at=s.starts_at,
            sent_at=s.ends_at + dt.timedelta(days=3),
            mme_total=Decimal(rng.randint(30, 300)),
            advice_followed=rng.choice(["all", "some", "none"]),
            plan_changed=True,
        )
        for p, s in ((rng.choice(presenters), rng.choice(sessions)) for _ in range(1500))
    )
    follow_ups = FollowUp.objects.bulk_create(
        FollowUp(
            case=c,
            reported_by=c.presenter,
            what_changed="tapered",
            mme_total=Decimal(rng.randint(0, 200)),
        )
        for c in cases
    )
    CaseScore.objects.bulk_create(
        [CaseScore(case=c, instrument="peg", total=Decimal(rng.randint(3, 10))) for c in cases]
        + [
            CaseScore(case=f.case, follow_up=f, instrument="peg", total=Decimal(4))
            for f in follow_ups
        ]
    )
    return len(cases)


def rss_now_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def export(args: argparse.Namespace) -> int:
    setup_django()
    from django.db import connection
    from django.test import Client

    from echohub.accounts.models import User
    from echohub.evaluation.models import Study
    from echohub.programs.models import Program

    program = Program.objects.get(slug=SLUG)
    study = Study.objects.get(program=program)
    evaluator = User.objects.get(email="evaluator@example.test")
    client = Client()
    client.force_login(evaluator)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        db_version = cursor.fetchone()[0].split()[0]
    warm = client.get(f"/p/{SLUG}/research/")  # URLs, views and templates loaded
    assert warm.status_code == 200, warm.status_code
    base_mb = rss_now_mb()
    path = OUT / f"exports-bench.{args.format}.zip"
    started = time.perf_counter()
    response = client.post(
        f"/p/{SLUG}/research/export/download/",
        {
            "study": study.pk,
            "format": args.format,
            "datasets": ["people", "attendance", "survey_answers", "free_text", "case_outcomes"],
        },
    )
    assert response.status_code == 200 and response.streaming, response.status_code
    size = 0
    with open(path, "wb") as out:
        for chunk in response.streaming_content:
            out.write(chunk)
            size += len(chunk)
    response.close()
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    from echohub.core.models import AuditEntry

    entry = AuditEntry.objects.filter(action="study.export").latest("pk")
    counts = {k[5:]: v for k, v in entry.changes.items() if k.startswith("rows_")}
    print(
        json.dumps(
            {
                "format": args.format,
                "rows": sum(counts.values()),
                "counts": counts,
                "bytes": size,
                "seconds": seconds,
                "base_mb": base_mb,
                "peak_mb": peak_mb,
                "path": str(path),
                "db_version": db_version,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
