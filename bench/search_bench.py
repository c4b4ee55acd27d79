"""Search benchmark (`make bench-search`): query time of the library search, similar cases and
the index rebuild, on a synthetic library.

Builds, in its own database, `--programs` programs (default 50) each with ~150 past cases
(with medications, scores and three disciplines' recommendations), ~80 talks and ~50 tools
(seeded: every run sees the same data; a fifth of the programs share their library), inserts
them without the index receivers, then times `echohub search_reindex` (the rebuild) and, as
a participant of one program (who also reads the shared libraries), `services.search` for a
fixed set of queries (words, phrases, or, exclusions, facets; pages 1 and 2) and
`similar.similar_cases` for drafts: median and 95th percentile, and the number of SQL queries
per call (constant whatever the size).

    .venv/bin/python bench/search_bench.py                # SQLite, then PostgreSQL if it answers
    .venv/bin/python bench/search_bench.py --sqlite-only --programs 10   # quick

PostgreSQL: `SEARCH_BENCH_PG` (default postgres://postgres@127.0.0.1:5432/echohub_search_bench;
the database is dropped and created). The markdown goes into docs/benchmarks.md between the
`search` markers and is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
DOC = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- search:begin -->", "<!-- search:end -->"
REL_BEGIN, REL_END = "<!-- search-relevance:begin -->", "<!-- search-relevance:end -->"
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/echohub_search_bench"
CASES, TALKS, TOOLS = 150, 80, 50
TARGET_P95_MS = {"sqlite": 300.0, "postgresql": 150.0}
#: The rows one search reads for its facet counts (services.FACET_ROW_CAP, said in the text).
FACET_ROWS = 1000

QUERIES: list[tuple[str, dict[str, list[str]]]] = [
    ("taper", {}),
    ("tapering hydromorphone", {}),
    ("sleep", {}),
    ('"slow taper"', {}),
    ("buprenorphine or methadone", {}),
    ("fentanyl -patch", {}),
    ("naloxone", {"type": ["tool"]}),
    ("low back pain", {"type": ["case"]}),
    ("anxiety depression", {}),
    ("opioid use disorder", {"type": ["case", "recommendation"]}),
    ("gabapentin neuropathic", {}),
    ("physiotherapy exercise", {}),
    ("oxycodone", {"mme": ["90-199"]}),
    ("benzodiazepine", {"theme": ["high_dose"]}),
    ("cannabis", {}),
    ("fibromyalgia", {"year": ["2025"]}),
    ("the and", {}),
    ("insomnie", {}),
    ("diminution de dose", {}),
    ("ketamine infusion trial results", {}),
]


def _split(text: str) -> list[str]:
    return text.split()


WORDS = {
    "drugs": [
        "hydromorphone",
        "oxycodone",
        "morphine",
        "fentanyl",
        "tapentadol",
        "tramadol",
        "methadone",
        "buprenorphine",
        "codeine",
    ],
    "topics": [
        "taper",
        "tapering",
        "sleep",
        "insomnia",
        "anxiety",
        "depression",
        "fibromyalgia",
        "neuropathic",
        "gabapentin",
        "pregabalin",
        "physiotherapy",
        "exercise",
        "naloxone",
        "benzodiazepine",
        "cannabis",
        "mindfulness",
        "pacing",
        "work",
        "family",
        "housing",
        "low back pain",
        "knee osteoarthritis",
        "migraine",
        "opioid use disorder",
        "constipation",
        "falls",
        "driving",
        "sleep apnea",
        "trauma",
        "alcohol",
    ],
    "filler": _split(
        "the patient reports that function has changed over the last months and asks about "
        "options the team discussed with the family physician and pharmacist at the clinic "
        "including a plan to review goals and follow up in four weeks"
    ),
    "french": _split(
        "la patiente signale une douleur chronique et une diminution du sommeil depuis la "
        "dernière visite nous proposons une diminution lente de la dose avec un suivi"
    ),
}
THEMES = [
    "opioid_tapering", "high_dose", "low_back", "neuropathic", "fibromyalgia", "headache",
    "arthritis", "mental_health", "substance_use", "other",
]  # fmt: skip
AGES = ["18-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=50)
    parser.add_argument(
        "--size",
        default=f"{CASES},{TALKS},{TOOLS}",
        help="past cases, talks and tools per program (the issue's national network: "
        "--programs 200 --size 600,150,100, ~120,000 cases and ~50,000 talks and tools)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="reuse the benchmark database of an earlier run of the same size (no rebuild)",
    )
    parser.add_argument("--no-relevance", action="store_true", help="skip the judged queries")
    parser.add_argument("--relevance-only", action="store_true")
    parser.add_argument("--worker", default="", help=argparse.SUPPRESS)
    parser.add_argument("--relevance-worker", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    _set_size(args.size)
    if args.worker:
        return worker(args)
    if args.relevance_worker:
        return relevance_worker(args.relevance_worker)
    OUT.mkdir(parents=True, exist_ok=True)
    targets = [] if args.postgres_only else [("sqlite", f"sqlite:///{OUT / 'search.sqlite3'}")]
    if not args.sqlite_only:
        targets.append(("postgresql", os.environ.get("SEARCH_BENCH_PG", PG_DEFAULT)))
    results = []
    judged = []
    for vendor, url in targets:
        if not args.relevance_only:
            print(f"== {vendor}: {args.programs} programs", file=sys.stderr, flush=True)
            cmd = [
                sys.executable, str(Path(__file__).resolve()), "--worker", url,
                "--programs", str(args.programs), "--repeat", str(args.repeat),
                "--size", args.size,
                *(["--keep"] if args.keep else []),
            ]  # fmt: skip
            results.append(_run(cmd, vendor))
        if not args.no_relevance:
            print(f"== {vendor}: judged queries over the demo", file=sys.stderr, flush=True)
            rel_url = url.replace("search.sqlite3", "search_relevance.sqlite3")
            if rel_url == url:
                rel_url = url + "_relevance"
            cmd = [sys.executable, str(Path(__file__).resolve()), "--relevance-worker", rel_url]
            judged.append(_run(cmd, vendor))
    load = os.getloadavg()
    table = render(results, judged, args, load)
    print(table)
    if not args.no_write:
        write_section(table)
    return 0


def _set_size(size: str) -> None:
    global CASES, TALKS, TOOLS
    try:
        CASES, TALKS, TOOLS = (max(1, int(n)) for n in size.split(","))
    except ValueError:
        raise SystemExit(f"--size wants three numbers, e.g. 150,80,50 (not {size!r})") from None


def _run(cmd: list[str], vendor: str) -> dict[str, Any]:
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT, check=False)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"vendor": vendor, "error": f"exit {proc.returncode}"}
    out: dict[str, Any] = json.loads(lines[-1])
    return out


def _setup_django(url: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "echohub.settings",
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-secret-key-not-for-production",
            "ALLOWED_HOSTS": "testserver",
            "ECHOHUB_VAR_DIR": str(OUT / "var"),
            "LOG_LEVEL": "WARNING",
            "DATABASE_URL": url,
        }
    )
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def relevance_worker(url: str) -> int:
    """The judged queries (bench/search_relevance.json) over a fresh demo in `url`."""
    _prepare_database(url)
    _setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from echohub.demo.data import load_demo
    from echohub.search import relevance

    call_command("migrate", verbosity=0)
    load_demo()
    judged = relevance.load()
    missing = sorted({k for j in judged for k in j.grades} - relevance.demo_keys())
    figures = relevance.summary(relevance.evaluate(relevance.demo_searcher(), judged))
    figures.update(vendor=connection.vendor, db=db_version(), missing_items=missing)
    print(json.dumps(figures))
    return 0


def _prepare_database(url: str) -> None:
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///") :]
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def worker(args: argparse.Namespace) -> int:
    def log(msg: str) -> None:
        print(f"   {msg}", file=sys.stderr, flush=True)

    if args.keep and _kept(args):
        return 0
    _prepare_database(args.worker)
    _setup_django(args.worker)
    from django.core.management import call_command
    from django.db import connection
    from django.db.models.signals import m2m_changed, post_delete, post_save

    call_command("migrate", verbosity=0)
    log("building the library")
    started = time.perf_counter()
    # The rows are inserted with bulk_create (no receivers); the rebuild below indexes them.
    for signal in (post_save, post_delete, m2m_changed):
        signal.receivers = [r for r in signal.receivers if "echohub.search" not in str(r[0])]
        signal.sender_receivers_cache.clear()
    searcher, drafts, counts = build(args.programs, log)
    built = time.perf_counter() - started
    log(f"built in {built:.0f} s: {counts}")
    from echohub.search.indexing import reindex_all

    started = time.perf_counter()
    indexed = reindex_all(batch=500)
    rebuild = time.perf_counter() - started
    log(f"rebuilt the index in {rebuild:.1f} s: {indexed}")
    with connection.cursor() as cursor:
        # The steady state of a live database (autovacuum would do this a little later): with
        # a fresh bulk load unvacuumed, index scans still visit the heap for every row.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    figures = measure(searcher, drafts, args.repeat, log)
    out = {
        "vendor": connection.vendor,
        "db": db_version(),
        "programs": args.programs,
        "rows": indexed,
        "rebuild_s": round(rebuild, 1),
        **figures,
    }
    print(json.dumps(out))
    return 0


def _kept(args: argparse.Namespace) -> bool:
    """Measure again on the database an earlier run built (same size), without rebuilding;
    False when there is none to reuse."""
    try:
        _setup_django(args.worker)
        from django.core.management import call_command
        from django.db import connection

        from echohub.accounts.models import User
        from echohub.cases.models import Case
        from echohub.programs.models import Program
        from echohub.search.models import SearchDocument

        if (
            Program.objects.filter(slug__startswith="bench-").count() != args.programs
            or SearchDocument.objects.filter(kind="case").count() != args.programs * CASES
        ):
            connection.close()
            return False
    except Exception:  # no database yet, or another schema: build it
        from django.db import connections

        connections.close_all()
        return False
    call_command("migrate", verbosity=0)
    from django.db.models import Count

    searcher = User.objects.get(email="searcher@bench.example")
    drafts = list(Case.objects.filter(presenter=searcher, status="draft").order_by("pk")[:20])
    rows = dict(
        SearchDocument.objects.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    figures = measure(searcher, drafts, args.repeat, lambda m: print(f"   {m}", file=sys.stderr))
    out = {"vendor": connection.vendor, "db": db_version(), "programs": args.programs,
           "rows": rows, "rebuild_s": "(kept)", **figures}  # fmt: skip
    print(json.dumps(out))
    return True


def db_version() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"PostgreSQL {getattr(connection, 'pg_version', 0) // 10000}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def _text(rng: random.Random, words: int, *, french: bool = False) -> str:
    pool = WORDS["french"] if french else WORDS["filler"]
    out = []
    for _ in range(words):
        roll = rng.random()
        if roll < 0.12:
            out.append(rng.choice(WORDS["topics"]))
        elif roll < 0.17:
            out.append(rng.choice(WORDS["drugs"]))
        else:
            out.append(rng.choice(pool))
    return " ".join(out)


def build(programs: int, log: Any) -> tuple[Any, list[Any], dict[str, int]]:
    from django.utils import timezone

    from echohub.accounts.models import User
    from echohub.cases.models import Case, CaseMedication, CaseScore, Recommendation
    from echohub.library.models import LibrarySettings, Talk, Tool
    from echohub.programs.models import Membership, Program

    rng = random.Random(15)
    now = timezone.now()
    progs = Program.objects.bulk_create(
        Program(slug=f"bench-{i}", name=f"Bench program {i}", summary="bench")
        for i in range(programs)
    )
    LibrarySettings.objects.bulk_create(
        LibrarySettings(program=p, share_with_deployment=True) for p in progs[1::5]
    )
    presenters = User.objects.bulk_create(
        User(email=f"presenter{i}@bench.example", first_name="P", last_name=str(i),
             profession=rng.choice(["family_physician", "nurse_practitioner", "pharmacist"]))
        for i in range(200)
    )  # fmt: skip
    searcher = User.objects.create(email="searcher@bench.example", first_name="S", last_name="S")
    Membership.objects.bulk_create(
        [Membership(program=progs[0], user=searcher, role="participant")]
    )
    counts = {"cases": 0, "talks": 0, "tools": 0}
    disciplines = ["medicine", "pharmacy", "psychology", "physiotherapy", "social_work"]
    for n, program in enumerate(progs):
        french = n % 4 == 3
        cases = Case.objects.bulk_create(
            Case(
                program=program,
                presenter=rng.choice(presenters),
                presenter_profession="family_physician",
                status="sent" if rng.random() < 0.7 else "closed",
                title=_text(rng, 8, french=french)[:200],
                theme=rng.choice(THEMES),
                age_band=rng.choice(AGES),
                questions=_text(rng, 25, french=french),
                working_diagnoses=_text(rng, 10, french=french),
                mental_health=_text(rng, 12, french=french) if rng.random() < 0.5 else "",
                substance_use=_text(rng, 8, french=french) if rng.random() < 0.3 else "",
                social_context=_text(rng, 30, french=french),
                recommendations_summary=_text(rng, 40, french=french),
                mme_total=Decimal(rng.choice([0, 30, 60, 120, 150, 240, 400])),
                sent_at=now - dt.timedelta(days=rng.randint(1, 900)),
            )
            for _ in range(CASES)
        )
        CaseMedication.objects.bulk_create(
            CaseMedication(case=c, drug=rng.choice(WORDS["drugs"]), dose=Decimal(10), unit="mg")
            for c in cases
            for _ in range(rng.randint(1, 3))
        )
        CaseScore.objects.bulk_create(
            CaseScore(case=c, instrument=rng.choice(["peg", "phq9", "gad7"]), total=Decimal(5))
            for c in cases
        )
        Recommendation.objects.bulk_create(
            Recommendation(
                case=c, discipline=d, text=_text(rng, 60, french=french), author=c.presenter
            )
            for c in cases
            for d in rng.sample(disciplines, 3)
        )
        Talk.objects.bulk_create(
            Talk(
                program=program,
                title=_text(rng, 6, french=french)[:200],
                given_on=dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 1000)),
                learning_objectives=_text(rng, 30, french=french),
                key_points=_text(rng, 60, french=french),
                theme=rng.choice(THEMES),
            )
            for _ in range(TALKS)
        )
        Tool.objects.bulk_create(
            Tool(
                program=program,
                title=_text(rng, 5, french=french)[:200],
                description=_text(rng, 30, french=french),
                source="Synthetic source",
                theme=rng.choice(THEMES),
            )
            for _ in range(TOOLS)
        )
        counts["cases"] += CASES
        counts["talks"] += TALKS
        counts["tools"] += TOOLS
        if (n + 1) % 10 == 0:
            log(f"{n + 1}/{programs} programs")
    drafts = list(
        Case.objects.bulk_create(
            Case(
                program=progs[0],
                presenter=searcher,
                status="draft",
                title=_text(rng, 8),
                theme=rng.choice(THEMES),
                age_band=rng.choice(AGES),
                questions=_text(rng, 25),
                mme_total=Decimal(rng.choice([30, 120, 240])),
            )
            for _ in range(20)
        )
    )
    CaseMedication.objects.bulk_create(
        CaseMedication(case=c, drug=rng.choice(WORDS["drugs"]), dose=Decimal(10), unit="mg")
        for c in drafts
    )
    return searcher, drafts, counts


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(searcher: Any, drafts: list[Any], repeat: int, log: Any) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from echohub.search.services import search
    from echohub.search.similar import similar_cases

    for q, facets in QUERIES:  # warm caches
        search(searcher, q, facets)
    times: list[float] = []
    cpu: list[float] = []
    per_query: list[tuple[str, float, int, int]] = []
    query_counts = set()
    windowed = 0
    for q, facets in QUERIES:
        mine = []
        for page in (1, 2):
            for _ in range(repeat):
                started, cpu_started = time.perf_counter(), time.process_time()
                with CaptureQueriesContext(connection) as ctx:
                    results = search(searcher, q, facets, page)
                mine.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
                query_counts.add(len(ctx.captured_queries) - len(facets))
        times += mine
        windowed += getattr(results, "since", None) is not None
        per_query.append((q + (f" {facets}" if facets else ""), statistics.median(mine),
                          results.count, len(ctx.captured_queries)))  # fmt: skip
    similar_times = []
    similar_cpu = []
    for draft in drafts:
        for _ in range(max(1, repeat // 2)):
            started, cpu_started = time.perf_counter(), time.process_time()
            similar_cases(searcher, draft)
            similar_times.append((time.perf_counter() - started) * 1000)
            similar_cpu.append((time.process_time() - cpu_started) * 1000)
    slowest = sorted(per_query, key=lambda r: -r[1])[:3]
    log(f"search median {statistics.median(times):.1f} ms, p95 {_pct(times, 0.95):.1f} ms")
    return {
        "search_median_ms": round(statistics.median(times), 1),
        "search_p95_ms": round(_pct(times, 0.95), 1),
        "search_cpu_median_ms": round(statistics.median(cpu), 1),
        "search_cpu_p95_ms": round(_pct(cpu, 0.95), 1),
        "similar_median_ms": round(statistics.median(similar_times), 1),
        "similar_p95_ms": round(_pct(similar_times, 0.95), 1),
        "similar_cpu_median_ms": round(statistics.median(similar_cpu), 1),
        "calls": len(times),
        "queries_per_call": sorted(query_counts),
        "windowed": windowed,
        "slowest": [[name, round(ms, 1), count] for name, ms, count, _n in slowest],
    }


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def render_relevance(judged: list[dict[str, Any]]) -> str:
    lines = [
        REL_BEGIN,
        "### Relevance: judged queries over the demo library",
        "",
        "`make bench-search` (or `bench/search_bench.py --relevance-only`), "
        f"{dt.date.today().isoformat()}: the judged queries of `bench/search_relevance.json` "
        "(written as a tester would: tools and talks by name or presenter, past cases as "
        "their presenter remembers them, topical questions, French titles with and without "
        "accents; keys are titles, grades 1-3) run through `services.search` over a fresh "
        "demo, as the first program's coordinator. MRR counts the first answer graded 2 or "
        "more; nDCG@10 uses gains 2^grade - 1; known-item-first is the share of known-item "
        "queries whose first result is the item asked for (target >= 90%).",
        "",
        "| database | queries (known-item) | MRR | nDCG@10 | known-item first | missed |",
        "|---|---|---|---|---|---|",
    ]
    for r in judged:
        if "error" in r:
            lines.append(f"| {r['vendor']} | failed ({r['error']}) | | | | |")
            continue
        missed = "; ".join(f"`{q}`" for q in r["missed_known"]) or "none"
        if r.get("missing_items"):
            missed += f" (judged items missing from the demo: {len(r['missing_items'])})"
        lines.append(
            f"| {r['db']} | {r['queries']} ({r['known_item_queries']}) | {r['mrr']:.3f} | "
            f"{r['ndcg10']:.3f} | {r['known_item_first']:.1%} | {missed} |"
        )
    lines.append(REL_END)
    return "\n".join(lines)


def render(
    results: list[dict[str, Any]],
    judged: list[dict[str, Any]],
    args: argparse.Namespace,
    load: tuple[float, float, float],
) -> str:
    return "\n\n".join(
        ([render_speed(results, args, load)] if results else [])
        + ([render_relevance(judged)] if judged else [])
    )


def render_speed(
    results: list[dict[str, Any]], args: argparse.Namespace, load: tuple[float, float, float]
) -> str:
    lines = [
        BEGIN,
        "## Library search (issue 15)",
        "",
        f"`make bench-search` (`bench/search_bench.py --programs {args.programs} --size "
        f"{CASES},{TALKS},{TOOLS}`), {dt.date.today().isoformat()}, {cpu_model()}, "
        f"{os.cpu_count()} cores (load average {load[0]:.1f} / {load[1]:.1f} / "
        f"{load[2]:.1f} at the end of the run), Python "
        f"{platform.python_version()}. A synthetic library of {args.programs} programs, each "
        f"with {CASES} past cases (three disciplines' recommendations each), {TALKS} talks and "
        f"{TOOLS} tools; a fifth of the programs share their library. Searched as a participant "
        "of one program (who also reads the shared libraries): "
        f"{len(QUERIES)} queries (words, phrases, or, exclusions, facets, French, stop words "
        f"only), pages 1 and 2, each {args.repeat} times; similar cases for 20 drafts. "
        "Times are in process (no HTTP), the whole `services.search` call: permission filter, "
        "count, facet counts, ranked page and snippets. Wall times carry whatever else the "
        "machine was doing (the load average above); the CPU time of this process "
        "(which includes SQLite's own work, not PostgreSQL's) says what a search costs.",
        "",
        "| database | rows indexed | rebuild | search median | search p95 | search CPU median "
        "/ p95 (this process) | similar median | similar p95 | similar CPU median | "
        "SQL queries per search |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['vendor']} | failed ({r['error']}) | | | | | | | | |")
            continue
        rows = sum(r["rows"].values())
        lines.append(
            f"| {r['db']} | {rows:,} | {_seconds(r['rebuild_s'])} | {r['search_median_ms']} ms | "
            f"{r['search_p95_ms']} ms | {r['search_cpu_median_ms']} / {r['search_cpu_p95_ms']} ms | "
            f"{r['similar_median_ms']} ms | {r['similar_p95_ms']} ms | "
            f"{r.get('similar_cpu_median_ms', '–')} ms | "
            f"{', '.join(map(str, r['queries_per_call']))} |"
        )
    for r in results:
        if "error" not in r and "windowed" in r:
            lines += ["", f"{r['db']}: {r['windowed']} of the {len(QUERIES)} queries were broad "
                      "(answered from their last 90 days: `services.RECENT_DAYS`)."]  # fmt: skip
    lines += ["", "Slowest queries (median ms, results):", ""]
    for r in results:
        if "error" not in r:
            slow = "; ".join(f"`{name}` {ms} ms ({n:,})" for name, ms, n in r["slowest"])
            lines.append(f"- {r['db']}: {slow}")
    lines += [
        "",
        "SQL queries per search (the same at any size): 2 for the programs whose library and "
        "past cases the searcher reads (the library's selectors), 1 read of the matching "
        "readable rows of the last 90 days best first (under facets, 1 count of the words' "
        "matches there, up to 500, when fewer pass the facets), and when the words match "
        "fewer than 500 there (not a broad search: `services.BROAD_AT`) 1 more of every "
        "date's "
        f"(at most {FACET_ROWS:,} rows: it gives the count, the facet "
        "counts and the page; under facets, of the rows passing them), 1 for their programs, "
        "1 for the page's snippets and 1 for the page's rows (the count is the read's window "
        "count); each chosen facet adds 1 grouped count of its own values; a query no row "
        "matches in full adds the any-word read (under facets, after 1 check that the words "
        "are nowhere); a query of stop words only makes none. The targets of issue 15 are "
        "for a national network (200 programs, ~120,000 cases, ~50,000 talks and tools: "
        "`--programs 200 --size 600,150,100`): search median < 50 ms and p95 "
        f"< {TARGET_P95_MS['postgresql']:.0f} ms on PostgreSQL, p95 "
        f"< {TARGET_P95_MS['sqlite']:.0f} ms on SQLite, similar cases < 200 ms.",
        END,
    ]
    return "\n".join(lines)


def _seconds(value: Any) -> str:
    return f"{value} s" if isinstance(value, int | float) else "not rebuilt (--keep)"


def write_section(table: str) -> None:
    """Replace each marked part of docs/benchmarks.md that `table` holds (speed, relevance);
    a part not there yet goes after the speed part (or at the end)."""
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    for begin, end in ((BEGIN, END), (REL_BEGIN, REL_END)):
        if begin not in table:
            continue
        part = begin + table.split(begin, 1)[1].split(end, 1)[0] + end
        if begin in text and end in text:
            head, rest = text.split(begin, 1)
            _old, tail = rest.split(end, 1)
            text = head + part + tail
        elif END in text:
            head, tail = text.split(END, 1)
            text = head + END + "\n\n" + part + tail
        else:
            text = text.rstrip("\n") + "\n\n" + part + "\n"
    DOC.write_text(text)


if __name__ == "__main__":
    sys.exit(main())
