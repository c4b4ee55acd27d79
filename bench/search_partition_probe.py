"""Search partition probe (issue 15, an experiment, not a product change): would a match table
partitioned by program (one GIN index, i.e. one posting list per word, per program, and
partition pruning from the reader's program list) bring the library search's reads under the
50 ms median on PostgreSQL, with the same answers?

On a bench database that `bench/search_bench.py` built (PostgreSQL only), it

1. creates `search_searchmatch_part`, a copy of `search_searchmatch` partitioned
   `BY LIST (program_id)`: one partition per program, the deployment-wide rows (program NULL)
   in their own, a DEFAULT partition for programs made later; the same indexes on each
   partition (GIN on the vector, (program, kind), case), filled from the present table and
   VACUUM ANALYZEd (skipped when it is there already, unless `--rebuild`);
2. runs `services.search` for each of the benchmark's 20 queries (page 1, as the benchmark's
   participant) and captures the SQL it sends that reads the match table (the ranked read,
   and the any-word, widened or facet-count reads when the search makes them);
3. runs that SQL back to back against the present table and against the partitioned copy
   (only the table's name rewritten), `--repeat` times each, alternating, and checks that both
   return the same rows in the same order (ids, scores, the exact count);
4. times single-row writes on both (insert, vector update, move to another program, with and
   without the row's present program in the WHERE), rolled back;
5. prints a markdown table (and JSON to `--json`); EXPLAIN (ANALYZE, BUFFERS) of every read
   goes to `--explain-dir`.

`--join-entries` reads the case-status condition of both tables' SQL as one LEFT JOIN
(`join_entries`): as sent, it is a hashed subplan inside the permission's OR, which
PostgreSQL builds again for every partition scanned (41 for the benchmark's reader), which
alone made the partitioned reads three to four times slower.

    SEARCH_BENCH_PG=postgres://postgres@127.0.0.1:5432/echohub_search_bench \\
        .venv/bin/python bench/search_partition_probe.py --repeat 7 [--join-entries]
    # the national network first: bench/search_bench.py --programs 200 --size 600,150,100
    # --postgres-only --no-relevance --no-write (or its --worker URL ... to keep the database)

Measured 2026-12-06 (load 13-15, so only the back-to-back comparison counts): the 20 queries'
median read 549 ms present vs 1,959 ms partitioned as sent; with --join-entries 460 vs 447 ms.
Per-program GIN lists cut the scan (`sleep`: 287 -> 242 ms) but not the ranking, window count
and sort of every readable match, and planning over 202 partitions adds 14-59 ms (1 ms
present); the 50 ms median is not in reach this way.

`--drop` removes the partitioned copy and exits. Nothing under src/ is changed: the copy is
a table beside the application's, which never reads it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/echohub_search_bench"
PART = "search_searchmatch_part"
TABLE_RE = re.compile(r"\bsearch_searchmatch\b")


def setup(url: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "echohub.settings",
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-secret-key-not-for-production",
            "ALLOWED_HOSTS": "testserver",
            "ECHOHUB_VAR_DIR": str(ROOT / "bench" / "out" / "var"),
            "LOG_LEVEL": "WARNING",
            "DATABASE_URL": url,
        }
    )
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def log(msg: str) -> None:
    print(f"   {msg}", file=sys.stderr, flush=True)


def build_partitioned(rebuild: bool) -> dict[str, Any]:
    """The partitioned copy of the match table (see the module's docstring), with its build
    times."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT to_regclass(%s) IS NOT NULL", [PART])
        exists = cur.fetchone()[0]
        if exists and not rebuild:
            log(f"{PART} kept")
            return {"kept": True}
        started = time.perf_counter()
        cur.execute(f"DROP TABLE IF EXISTS {PART}")
        cur.execute(
            f"CREATE TABLE {PART} (LIKE search_searchmatch INCLUDING DEFAULTS) "
            "PARTITION BY LIST (program_id)"
        )
        cur.execute("SELECT id FROM programs_program ORDER BY id")
        programs = [row[0] for row in cur.fetchall()]
        for pk in programs:
            cur.execute(f"CREATE TABLE {PART}_p{pk} PARTITION OF {PART} FOR VALUES IN ({pk})")
        cur.execute(f"CREATE TABLE {PART}_deployment PARTITION OF {PART} FOR VALUES IN (NULL)")
        cur.execute(f"CREATE TABLE {PART}_default PARTITION OF {PART} DEFAULT")
        t0 = time.perf_counter()
        cur.execute(f"INSERT INTO {PART} SELECT * FROM search_searchmatch")  # noqa: S608 - constant
        copied = time.perf_counter() - t0
        t0 = time.perf_counter()
        # The present table's indexes, created on the parent: each partition gets its own.
        # (No primary key: one must hold the partition key, and program_id may be NULL; the
        # document's uniqueness is per partition only, by this index.)
        cur.execute(f"CREATE INDEX {PART}_doc ON {PART} (document_id)")
        cur.execute(f"CREATE INDEX {PART}_program_kind ON {PART} (program_id, kind)")
        cur.execute(f"CREATE INDEX {PART}_case ON {PART} (case_id)")
        cur.execute(f"CREATE INDEX {PART}_vector_gin ON {PART} USING gin (vector)")
        indexed = time.perf_counter() - t0
    with connection.cursor() as cur:
        t0 = time.perf_counter()
        cur.execute(f"VACUUM ANALYZE {PART}")
        cur.execute("VACUUM ANALYZE search_searchmatch")
        vacuumed = time.perf_counter() - t0
        cur.execute(
            "SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass",
            [PART],
        )
        part_size = cur.fetchone()[0]
        cur.execute("SELECT pg_size_pretty(pg_total_relation_size('search_searchmatch'))")
        size = cur.fetchone()[0]
    out = {
        "partitions": len(programs) + 2,
        "copy_s": round(copied, 1),
        "index_s": round(indexed, 1),
        "vacuum_s": round(vacuumed, 1),
        "total_s": round(time.perf_counter() - started, 1),
        "size_present": size,
        "size_partitioned": part_size,
    }
    log(f"built {PART}: {out}")
    return out


def capture(repeat: int) -> list[dict[str, Any]]:
    """Each benchmark query's match-table SQL as `services.search` sends it (page 1)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from echohub.accounts.models import User
    from echohub.search.services import search
    from search_bench import QUERIES

    searcher = User.objects.get(email="searcher@bench.example")
    out = []
    for q, facets in QUERIES:
        search(searcher, q, facets)  # warm
        with CaptureQueriesContext(connection) as ctx:
            results = search(searcher, q, facets)
        sqls = [c["sql"] for c in ctx.captured_queries if TABLE_RE.search(c["sql"])]
        name = q + (f" {facets}" if facets else "")
        whole = []  # the whole call on the present table (its other reads and Python too)
        for _ in range(repeat):
            started = time.perf_counter()
            search(searcher, q, facets)
            whole.append((time.perf_counter() - started) * 1000)
        out.append(
            {
                "query": name,
                "count": results.count,
                "sql": sqls,
                "search_ms": statistics.median(whole) if whole else 0.0,
            }
        )
    return out


ENTRIES_RE = re.compile(
    r'"search_searchmatch"\."case_id" IN \((SELECT U0\."id" AS "pk" FROM "cases_case" U0 '
    r'WHERE \(U0\."program_id" IN \([0-9, ]*\) AND U0\."status" IN \([^)]*\)\))\)'
)


def join_entries(sql: str) -> str:
    """`sql` with the case-status condition (`case_id IN (SELECT id FROM cases_case WHERE
    program IN ... AND status IN ...)`, a hashed subplan inside the permission's OR) read once
    as a LEFT JOIN on the case's id (its primary key: at most one row per match row, so the
    same rows), instead of once per scanned relation: under partitioning PostgreSQL builds that
    subplan's hash again for every partition scanned (41 times for the benchmark's reader)."""
    found = ENTRIES_RE.search(sql)
    if found is None:
        return sql
    sql = ENTRIES_RE.sub('"entries"."pk" IS NOT NULL', sql)
    return sql.replace(
        'FROM "search_searchmatch" WHERE',
        f'FROM "search_searchmatch" LEFT JOIN ({found.group(1)}) "entries" '
        'ON "entries"."pk" = "search_searchmatch"."case_id" WHERE',
    )


def run(sql: str) -> tuple[float, list[tuple[Any, ...]]]:
    from django.db import connection

    with connection.cursor() as cur:
        started = time.perf_counter()
        cur.execute(sql)
        rows = cur.fetchall()
        return (time.perf_counter() - started) * 1000, rows


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cur.fetchall())


def compare(
    captured: list[dict[str, Any]], repeat: int, explain_dir: Path | None, joined: bool
) -> list[dict]:
    results = []
    for i, item in enumerate(captured):
        present_sql = [join_entries(s) for s in item["sql"]] if joined else item["sql"]
        part_sql = [TABLE_RE.sub(PART, s) for s in present_sql]
        same = True
        for a, b, sent in zip(present_sql, part_sql, item["sql"], strict=True):
            answers = [run(sql)[1] for sql in ((a, b, sent) if joined else (a, b))]
            if "ORDER BY" not in a:  # a grouped count: its rows in no set order
                answers = [sorted(rows, key=repr) for rows in answers]
            same = same and all(rows == answers[0] for rows in answers)
        times: dict[str, list[float]] = {"present": [], "partitioned": []}
        for _ in range(repeat):
            for label, sqls in (("present", present_sql), ("partitioned", part_sql)):
                times[label].append(sum(run(s)[0] for s in sqls))
        if explain_dir is not None:
            explain_dir.mkdir(parents=True, exist_ok=True)
            for label, sqls in (("present", present_sql), ("partitioned", part_sql)):
                text = "\n\n".join(f"{s}\n\n{explain(s)}" for s in sqls)
                (explain_dir / f"q{i:02d}_{label}.txt").write_text(text)
        row = {
            "query": item["query"],
            "matches": item["count"],
            "reads": len(present_sql),
            "search_ms": round(item["search_ms"], 1),
            "same": same,
            **{
                f"{label}_{fn.__name__}": round(fn(values), 1)
                for label, values in times.items()
                for fn in (min, statistics.median)
            },
        }
        log(
            f"{row['query']}: {row['matches']} matches, present {row['present_median']} ms, "
            f"partitioned {row['partitioned_median']} ms, same {same}"
        )
        results.append(row)
    return results


def writes(samples: int) -> dict[str, dict[str, float]]:
    """Median ms of one-row writes on each table (each in its own transaction, rolled back):
    insert a row, update its vector, move it to another program."""
    from django.db import connection, transaction

    with connection.cursor() as cur:
        cur.execute(
            "SELECT document_id, program_id FROM search_searchmatch "
            "WHERE program_id IS NOT NULL ORDER BY document_id LIMIT %s",
            [samples],
        )
        picks = cur.fetchall()
        cur.execute("SELECT max(id) FROM programs_program")
        other = cur.fetchone()[0]
    statements = {
        "insert": "",  # below: a copy of the row under a fresh id
        "update vector": "UPDATE {t} SET vector = vector || 'probe'::tsvector "
        "WHERE document_id = %s",
        "move program": "UPDATE {t} SET program_id = %s WHERE document_id = %s",
        # the row's present program named too: the partitioned table prunes to its partition
        "update vector, program named": "UPDATE {t} SET vector = vector || 'probe'::tsvector "
        "WHERE document_id = %s AND program_id = %s",
        "move program, program named": "UPDATE {t} SET program_id = %s "
        "WHERE document_id = %s AND program_id = %s",
    }
    out: dict[str, dict[str, float]] = {}
    for name, template in statements.items():
        for table in ("search_searchmatch", PART):
            times = []
            for doc, program in picks:
                target = other if program != other else 1
                params = {
                    "move program": [target, doc],
                    "update vector, program named": [doc, program],
                    "move program, program named": [target, doc, program],
                }.get(name, [doc])
                if name == "insert":
                    # a fresh id (the present table's primary key refuses the same one)
                    # (the documents' foreign key is deferred: not checked before the rollback)
                    select = ", ".join(
                        "document_id + 100000000" if c == "document_id" else c for c in _columns()
                    )
                    template_sql = (
                        f"INSERT INTO {table} SELECT {select} "  # noqa: S608 - catalogue names
                        "FROM search_searchmatch WHERE document_id = %s"
                    )
                else:
                    template_sql = template.format(t=table)
                try:
                    with transaction.atomic():
                        with connection.cursor() as cur:
                            started = time.perf_counter()
                            cur.execute(template_sql, params)
                            times.append((time.perf_counter() - started) * 1000)
                        raise _Rollback
                except _Rollback:
                    pass
            out.setdefault(name, {})[table] = round(statistics.median(times), 2)
    return out


class _Rollback(Exception):
    pass


_COLS: list[str] = []


def _columns() -> list[str]:
    from django.db import connection

    if not _COLS:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT attname FROM pg_attribute WHERE attrelid = 'search_searchmatch'::regclass "
                "AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
            )
            _COLS.extend(row[0] for row in cur.fetchall())
    return _COLS


def render(rows: list[dict], build: dict, write: dict, load: tuple[float, ...]) -> str:
    lines = [
        f"Load average at the end: {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}; "
        f"partitioned copy: {build}",
        "",
        "| query | matches | reads | same rows | present min / median ms "
        "| partitioned min / median ms | whole search (present) ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| `{r['query']}` | {r['matches']:,} | {r['reads']} | {'yes' if r['same'] else 'NO'} "
            f"| {r['present_min']} / {r['present_median']} "
            f"| {r['partitioned_min']} / {r['partitioned_median']} | {r['search_ms']} |"
        )
    med = {
        k: statistics.median(r[k] for r in rows)
        for k in rows[0]
        if k.endswith(("min", "median", "_ms"))
    }
    lines.append(
        f"| **median of the 20** | | | | {med['present_min']:.1f} / {med['present_median']:.1f} "
        f"| {med['partitioned_min']:.1f} / {med['partitioned_median']:.1f} | {med['search_ms']:.1f} |"
    )
    if write:
        lines += [
            "",
            "| one-row write (median ms, rolled back) | present | partitioned |",
            "|---|---|---|",
        ]
        for name, by in write.items():
            lines.append(f"| {name} | {by['search_searchmatch']} | {by[PART]} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true", help="build the partitioned copy again")
    parser.add_argument("--drop", action="store_true", help="drop the partitioned copy, exit")
    parser.add_argument("--writes", type=int, default=50, help="rows per write kind (0: none)")
    parser.add_argument("--explain-dir", default="", help="EXPLAIN (ANALYZE, BUFFERS) here")
    parser.add_argument("--json", default="", help="write the figures here too")
    parser.add_argument(
        "--join-entries",
        action="store_true",
        help="both tables: the case-status subquery as one LEFT JOIN (join_entries)",
    )
    parser.add_argument(
        "--search-repeat", type=int, default=7, help="runs of the whole search call (0: none)"
    )
    args = parser.parse_args()
    setup(os.environ.get("SEARCH_BENCH_PG", PG_DEFAULT))
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("PostgreSQL only")
    if args.drop:
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {PART}")
        return 0
    build = build_partitioned(args.rebuild)
    captured = capture(args.search_repeat)
    explain_dir = Path(args.explain_dir) if args.explain_dir else None
    rows = compare(captured, args.repeat, explain_dir, args.join_entries)
    write = writes(args.writes) if args.writes else {}
    load = os.getloadavg()
    table = render(rows, build, write, load)
    print(table)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"rows": rows, "build": build, "writes": write, "load": load, "sql": captured},
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
