"""Case pages benchmark (`make bench-cases`): server time and query count of the case page,
the hub's session view of its cases and the evaluators' summary.

Builds a synthetic network (`echohub generate_network`, the sizes of bench/pages.py) into its
own SQLite file under bench/out/, adds cases to its sessions (medications, scores,
recommendations, a follow-up, a taper plan, close-outs), then requests each page through
Django's test client in-process (DEBUG off, all middleware): median and 95th percentile server
time and the number of queries, at a small and a large size (the count must not grow).

    .venv/bin/python bench/cases_bench.py            # small and large (200 programs)
    .venv/bin/python bench/cases_bench.py --small    # a quick run (20 programs)

The markdown goes into docs/benchmarks.md between the `cases` markers and is printed.
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
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import LARGE, QUICK, SMALL, _Log, cpu_model, db_version

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
DOC = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- cases:begin -->", "<!-- cases:end -->"
TARGET_MEDIAN_MS, TARGET_P95_MS = 20.0, 60.0
CASES_PER_SESSION = 1  # on every session of the network
TARGET_SESSION_CASES = 6  # on the measured session


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="quick run: a mid-size network")
    parser.add_argument("--requests", type=int, default=None)
    parser.add_argument("--warmup", type=int, default=None)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--label", default="large", help=argparse.SUPPRESS)
    parser.add_argument("--size", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args)
    large = QUICK if args.small else LARGE
    requests = args.requests or (50 if args.small else 200)
    warmup = args.warmup if args.warmup is not None else (5 if args.small else 20)
    OUT.mkdir(parents=True, exist_ok=True)
    results = []
    for label, size in (("small", SMALL), ("large", large)):
        print(f"== {label}: {size[0]} programs, {size[1]:,} people, {size[2]} sessions each",
              file=sys.stderr, flush=True)  # fmt: skip
        cmd = [
            sys.executable, str(Path(__file__).resolve()), "--worker", "--label", label,
            "--size", ",".join(map(str, size)), "--requests", str(requests),
            "--warmup", str(warmup),
        ]  # fmt: skip
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT, check=False)
        lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
        if proc.returncode != 0 or not lines:
            results.append({"label": label, "size": size, "error": f"exit {proc.returncode}"})
        else:
            results.append(json.loads(lines[-1]))
    table = render(results, requests, warmup, sys.argv[1:])
    print(table)
    if not args.no_write:
        write_section(table)
    return 0


def render(results: list[dict[str, Any]], requests: int, warmup: int, argv: list[str]) -> str:
    by = {r["label"]: r for r in results}
    command = " ".join([".venv/bin/python bench/cases_bench.py", *argv]).strip()
    lines = [
        "## Case pages (issue 5)",
        "",
        f"- Command: `{command}` (`make bench-cases` runs it without flags)",
        f"- Date: {dt.date.today().isoformat()}",
        f"- Machine: {os.cpu_count()} cores ({cpu_model()}), Python "
        f"{platform.python_version()}, {results[-1].get('db_version', 'SQLite')}",
    ]
    for r in results:
        size = r["size"]
        extra = (
            f", {r['cases']:,} cases / {r['case_rows']:,} case rows added in "
            f"{r['cases_seconds']:.1f} s"
            if "cases" in r
            else f": error {r.get('error')}"
        )
        lines.append(
            f"- Data, {r['label']}: {size[0]} programs, {size[1]:,} people, "
            f"{size[0] * size[2]:,} sessions{extra}"
        )
    lines += [
        f"- Cases: {CASES_PER_SESSION} per session of the network (3 medications, 2 scores, "
        f"2 recommendations; past sessions: sent, followed up or closed, with a follow-up and a "
        f"taper plan), {TARGET_SESSION_CASES} on the measured session.",
        f"- Method: {requests} requests per page after {warmup} warm-up, in-process through "
        "Django's test client (all middleware, DEBUG off), signed in as the program's "
        "coordinator; queries counted on one more request.",
        f"- Targets: median < {TARGET_MEDIAN_MS:.0f} ms, p95 < {TARGET_P95_MS:.0f} ms at the "
        "large size; the query count must not grow with the data.",
        "",
        "| Page | URL name | Queries (small → large) | Median ms small | Median ms large "
        "| p95 ms large | Target |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    small = {p["name"]: p for p in by.get("small", {}).get("pages", [])}
    for b in by.get("large", {}).get("pages", []):
        s = small.get(b["name"], {})
        if b.get("error") or s.get("error"):
            lines.append(f"| {b['label']} | `{b['name']}` | error {b.get('error')} | | | | ✗ |")
            continue
        ok = (
            b["median_ms"] < TARGET_MEDIAN_MS
            and b["p95_ms"] < TARGET_P95_MS
            and s.get("queries") == b["queries"]
        )
        lines.append(
            f"| {b['label']} | `{b['name']}` | {s.get('queries', '?')} → {b['queries']} "
            f"| {s.get('median_ms', 0):.1f} | {b['median_ms']:.1f} | {b['p95_ms']:.1f} "
            f"| {'✓' if ok else '✗'} |"
        )
    lines += [
        "",
        "The case page and the hub session view are the pages with targets. The evaluators' "
        "summary aggregates the whole program (here about 300 cases, most followed up); it "
        "reads the MME/day stored on each case and follow-up when their medication rows are "
        "saved (no per-case calculation), and its query count is fixed.",
    ]
    return "\n".join(lines) + "\n"


def write_section(table: str) -> None:
    block = f"{BEGIN}\n{table}{END}"
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    DOC.write_text(text)


# Worker -------------------------------------------------------------------------------------


def worker(args: argparse.Namespace) -> int:
    def log(msg: str) -> None:
        print(f"   {msg}", file=sys.stderr, flush=True)

    programs, people, per_program = (int(x) for x in args.size.split(","))
    path = OUT / f"cases-{args.label}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "echohub.settings",
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-secret-key-not-for-production",
            "ALLOWED_HOSTS": "testserver",
            "SECURE_COOKIES": "0",
            "ECHOHUB_VAR_DIR": str(OUT / "var"),
            "LOG_LEVEL": "WARNING",
            "DATABASE_URL": f"sqlite:///{path}",
            "DB_CONN_MAX_AGE": "600",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command(
        "generate_network",
        programs=programs,
        people=people,
        sessions_per_program=per_program,
        stdout=_Log(log),
    )
    started = time.perf_counter()
    made = make_cases(log)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    pages = measure(made["targets"], args.requests, args.warmup, log)
    print(
        json.dumps(
            {
                "label": args.label,
                "size": [programs, people, per_program],
                "cases": made["cases"],
                "case_rows": made["rows"],
                "cases_seconds": seconds,
                "db_version": db_version(),
                "pages": pages,
            }
        )
    )
    return 0


MEDS = [
    ("oxycodone", "", Decimal(10), "mg", Decimal(4)),
    ("morphine", "ER", Decimal(30), "mg", Decimal(2)),
    ("hydromorphone", "", Decimal(2), "mg", Decimal(3)),
]
PROFESSIONS = ["family_physician", "nurse_practitioner", "pharmacist", "registered_nurse"]


def make_cases(log: Any) -> dict[str, Any]:
    """Cases straight through the ORM (bulk), shaped like the services leave them."""
    from django.db import transaction
    from django.utils import timezone

    from clinical.taper import plan_taper
    from echohub.cases.models import (
        Case,
        CaseMedication,
        CaseScore,
        CaseStatus,
        FollowUp,
        Recommendation,
    )
    from echohub.programs.models import Membership, Program, Role
    from echohub.scheduling.models import AgendaItem, AgendaKind, Session

    now = timezone.now()
    plan = plan_taper(start_mme_per_day=180, start_date=now.date()).to_dict()
    first = Program.objects.order_by("slug").first()
    assert first is not None
    target = Session.objects.filter(program=first, ends_at__lte=now).order_by("-starts_at").first()
    assert target is not None, "no past session in the first program"
    presenters: dict[int, list[int]] = {}
    for pid, uid in Membership.objects.filter(role=Role.PARTICIPANT).values_list(
        "program_id", "user_id"
    ):
        presenters.setdefault(pid, []).append(uid)
    expert_of: dict[int, int] = dict(
        Membership.objects.filter(role=Role.COORDINATOR).values_list("program_id", "user_id")
    )
    slots = dict(AgendaItem.objects.filter(kind=AgendaKind.CASE).values_list("session_id", "pk"))
    sessions = list(Session.objects.values_list("pk", "program_id", "starts_at", "ends_at"))
    cases: list[Case] = []
    n = 0
    for sid, pid, starts, ends in sessions:
        people = presenters.get(pid)
        if not people:
            continue
        for k in range(TARGET_SESSION_CASES if sid == target.pk else CASES_PER_SESSION):
            n += 1
            past = ends <= now
            status = (
                [CaseStatus.RECOMMENDATIONS_SENT, CaseStatus.FOLLOWED_UP, CaseStatus.CLOSED][n % 3]
                if past
                else CaseStatus.SCHEDULED
            )
            closed = status == CaseStatus.CLOSED
            cases.append(
                Case(
                    program_id=pid,
                    presenter_id=people[n % len(people)],
                    presenter_profession=PROFESSIONS[n % len(PROFESSIONS)],
                    region=f"Region {n % 7}",
                    status=status,
                    number=f"BN-{n:06d}",
                    session_id=sid,
                    agenda_item_id=slots.get(sid) if k == 0 else None,
                    title=f"Chronic pain case {n}",
                    age_band="50-59",
                    sex_gender="woman",
                    pain_duration="gt5y",
                    pain_type="mixed",
                    working_diagnoses="Lumbar degenerative disc disease",
                    questions="How should we approach a slow taper?",
                    attest_deidentified=True,
                    patient_agreed=True,
                    submitted_at=starts - dt.timedelta(days=10),
                    reviewed_at=starts - dt.timedelta(days=9),
                    presented_at=starts if past else None,
                    sent_at=ends + dt.timedelta(hours=20 + n % 30) if past else None,
                    closed_at=ends + dt.timedelta(days=60) if closed else None,
                    advice_followed=["all", "some", "none"][n % 3] if closed else "",
                    plan_changed=(n % 2 == 0) if closed else None,
                    referral_avoided=(n % 4 != 0) if closed else None,
                    taper_plan=plan if past else {},
                )
            )
    rows = 0
    with transaction.atomic():
        cases = Case.objects.bulk_create(cases, batch_size=2000)
        meds, scores, recs, follow_ups = [], [], [], []
        for c in cases:
            assert c.pk is not None
            for i, (drug, form, dose, unit, tpd) in enumerate(MEDS, start=1):
                meds.append(
                    CaseMedication(
                        case_id=c.pk, position=i, drug=drug, formulation=form, dose=dose,
                        unit=unit, times_per_day=tpd,
                    )
                )  # fmt: skip
            scores.append(CaseScore(case_id=c.pk, instrument="peg", total=7, items=[7, 7, 7]))
            scores.append(CaseScore(case_id=c.pk, instrument="phq9", total=12, items=[]))
            for discipline in ("pharmacy", "psychology"):
                recs.append(
                    Recommendation(
                        case_id=c.pk,
                        discipline=discipline,
                        text="Reduce by 10 % of the original dose each month; offer CBT.",
                        author_id=expert_of[c.program_id],
                    )
                )
            if c.status != CaseStatus.SCHEDULED:
                follow_ups.append(
                    FollowUp(case_id=c.pk, reported_by_id=c.presenter_id, what_changed="Tapering.")
                )
        follow_ups = FollowUp.objects.bulk_create(follow_ups, batch_size=2000)
        for fu in follow_ups:
            meds.append(
                CaseMedication(
                    case_id=fu.case_id, follow_up_id=fu.pk, position=1, drug="oxycodone",
                    dose=Decimal(10), unit="mg", times_per_day=Decimal(3),
                )
            )  # fmt: skip
            scores.append(
                CaseScore(
                    case_id=fu.case_id, follow_up_id=fu.pk, instrument="peg", total=5,
                    items=[5, 5, 5],
                )
            )  # fmt: skip
        CaseMedication.objects.bulk_create(meds, batch_size=5000)
        CaseScore.objects.bulk_create(scores, batch_size=5000)
        Recommendation.objects.bulk_create(recs, batch_size=5000)
        rows = len(cases) + len(meds) + len(scores) + len(recs) + len(follow_ups)
        # The stored MME/day totals, as the services leave them (the data migration's code).
        from django.apps import apps
        from django.utils.module_loading import import_string

        import_string("echohub.cases.migrations.0004_fill_stored_mme.fill_stored_mme")(apps, None)
    log(f"{len(cases):,} cases, {rows:,} case rows")
    target_case = (
        Case.objects.filter(session=target, agenda_item__isnull=False).first()
        or Case.objects.filter(session=target).first()
    )
    assert target_case is not None
    return {
        "cases": len(cases),
        "rows": rows,
        "targets": {
            "slug": first.slug,
            "session": target.pk,
            "case": target_case.pk,
            "user": expert_of[first.pk],
        },
    }


def measure(t: dict[str, Any], requests: int, warmup: int, log: Any) -> list[dict[str, Any]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from echohub.accounts.models import User

    pages = [
        ("Case page", "cases:detail", {"slug": t["slug"], "pk": t["case"]}),
        (
            f"Hub session view ({TARGET_SESSION_CASES} cases)",
            "cases_session:session_cases",
            {"slug": t["slug"], "pk": t["session"]},
        ),
        ("Evaluators' summary (whole program)", "cases:summary", {"slug": t["slug"]}),
    ]
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(pk=t["user"]))
    results = []
    for label, name, kwargs in pages:
        path = reverse(name, kwargs=kwargs)
        entry: dict[str, Any] = {"label": label, "name": name, "path": path}
        results.append(entry)
        first = client.get(path)
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
        )
        log(
            f"{label}: median {entry['median_ms']:.1f} ms, p95 {entry['p95_ms']:.1f} ms, "
            f"{entry['queries']} queries"
        )
    return results


if __name__ == "__main__":
    sys.exit(main())
