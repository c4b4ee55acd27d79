"""Insight dashboards benchmark (`make bench-dashboards`): server time and queries of every
dashboard page for the biggest program of the large network, on PostgreSQL.

Builds the large synthetic network (`echohub generate_network`, 200 programs / 50,000 people /
300 sessions each) into a fresh PostgreSQL database `echohub_bench_dash`, then extends it in SQL
(INSERT ... SELECT, so generation stays in minutes):

- attendance at every held session (about 40 people each; one Attendance row per person and
  session) and its raw segments: 1 to 3 AttendanceRow rows per attendance (over 2,000,000), each
  session with its import batch;
- cases in the measured program (one or two per held session: themes, time to
  recommendations, MME/day and PEG at presentation and follow-ups, close-outs);
- a post-session survey per program (likert, choice, number, matrix, free text) answered by a
  share of attendees (about 200,000 responses; every attendee of the measured program), and
  a pre/post cycle survey pair in the measured program.

Then it requests each dashboard through Django's test client in-process (DEBUG off, all
middleware) as the program's evaluator: median and 95th percentile over the timed requests and
the number of queries. Target: every dashboard under 1 s (median and p95).

    .venv/bin/python bench/dashboards_bench.py                # large network, 20 requests
    .venv/bin/python bench/dashboards_bench.py --small        # a quick run (20 programs)
    .venv/bin/python bench/dashboards_bench.py --requests 50

Prints a markdown table (it writes no file).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import LARGE, QUICK, _Log, cpu_model, db_version

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
PG_DB = "echohub_bench_dash"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
TARGET_MS = 1000.0
PER_SESSION = 40  # attendees per held session, on average


def log(msg: str) -> None:
    print(f"   {msg}", file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="quick run: a mid-size network")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="measure the existing database")
    parser.add_argument(
        "--keep-network", action="store_true", help="extend the existing (bare) network"
    )
    args = parser.parse_args()
    size = QUICK if args.small else LARGE
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
            "DB_CONN_MAX_AGE": "600",
        }
    )
    if not (args.reuse or args.keep_network):
        fresh_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    timings: dict[str, float] = {}
    if not args.reuse:
        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        if not args.keep_network:
            call_command(
                "generate_network",
                programs=size[0],
                people=size[1],
                sessions_per_program=size[2],
                stdout=_Log(log),
            )
        timings["network"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        extend(log)
        timings["extend"] = time.perf_counter() - t0
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    counts = row_counts()
    pages = measure(args.requests, args.warmup)
    print(render(pages, counts, timings, size, args))
    return 0


def fresh_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        c.execute(f"CREATE DATABASE {PG_DB}")


def target_program() -> Any:
    from django.db.models import Count, Q

    from echohub.programs.models import Program, Role

    return (
        Program.objects.annotate(
            n=Count("memberships", filter=Q(memberships__role=Role.PARTICIPANT))
        )
        .order_by("-n", "slug")
        .first()
    )


def extend(log: Any) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from echohub.evaluation.models import Question, Survey
    from echohub.programs.models import Membership

    program = target_program()
    log(f"measured program: {program.slug}")
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as c:
        c.execute("SELECT setseed(0.42)")
        t0 = time.perf_counter()
        c.execute(
            """
            INSERT INTO attendance_attendance
              (session_id, user_id, computed_minutes, adjusted_minutes, minutes, sources,
               adjustment_reason, updated_at)
            SELECT s.id, m.user_id, m.mins, NULL, m.mins, 'zoom_csv', '', %s
            FROM scheduling_session s
            JOIN (SELECT program_id, user_id, 30 + (user_id %% 61) AS mins,
                         count(*) OVER (PARTITION BY program_id) AS n
                  FROM programs_membership WHERE role = 'participant') m
              ON m.program_id = s.program_id
            WHERE s.starts_at <= %s AND s.status <> 'cancelled'
              AND random() < %s::float / GREATEST(m.n, 1)
            """,
            [now, now, PER_SESSION],
        )
        log(f"attendance: {c.rowcount:,} rows in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        c.execute(
            """
            INSERT INTO attendance_importbatch
              (session_id, source, uploaded_by_id, filename, sha256, encoding, time_zone,
               row_count, new_rows, warnings, created_at)
            SELECT DISTINCT a.session_id, 'zoom_csv', NULL::bigint, 'participants.csv', '', 'utf-8',
                   'America/Toronto', 0, 0, '[]'::jsonb, %s
            FROM attendance_attendance a
            """,
            [now],
        )
        c.execute(
            """
            INSERT INTO attendance_attendancerow
              (session_id, batch_id, row_number, fingerprint, source, name, email, registrant_id,
               join_at, leave_at, duration_minutes, waiting_room, user_id, status, method,
               reason, candidates, room_row_id, decided_by_id, decided_at)
            SELECT a.session_id, b.id,
                   row_number() OVER (PARTITION BY a.session_id ORDER BY a.id, g),
                   md5(a.id::text || '-' || g::text), 'zoom_csv', 'Participant ' || a.user_id,
                   'p' || a.user_id || '@echohub-network.test', '',
                   s.starts_at + make_interval(mins => ((g - 1) * 30)::int),
                   s.starts_at
                     + make_interval(mins => ((g - 1) * 30 + a.minutes / (1 + a.id %% 3))::int),
                   a.minutes / (1 + a.id %% 3), false, a.user_id, 'matched', 'email', '',
                   '[]'::jsonb, NULL, NULL, NULL
            FROM attendance_attendance a
            JOIN scheduling_session s ON s.id = a.session_id
            JOIN attendance_importbatch b ON b.session_id = a.session_id
            CROSS JOIN LATERAL generate_series(1, 1 + (a.id %% 3)) g
            """,
            [],
        )
        log(f"attendance rows (segments): {c.rowcount:,} in {time.perf_counter() - t0:.1f} s")

    make_cases(program, now)
    log("cases made")

    # Surveys: a post-session survey per program, answered by attendees.
    t0 = time.perf_counter()
    likert = [{"value": str(i), "label": lab} for i, lab in enumerate(
        ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"], start=1)]  # fmt: skip
    choice = [{"value": v, "label": v.title()} for v in ("yes", "maybe", "no")]
    rows = [{"key": k, "label": lab} for k, lab in (
        ("opioids", "Opioid prescribing"), ("nonpharm", "Non-drug care"), ("mh", "Mental health"))]  # fmt: skip
    surveys = Survey.objects.bulk_create(
        [
            Survey(program_id=pid, kind="post_session", title="Session evaluation", status="open")
            for pid in Membership.objects.values_list("program_id", flat=True).distinct()
        ]
    )
    questions = []
    for s in surveys:
        questions += [
            Question(survey=s, position=1, code="relevance", kind="likert", text="The session was relevant to my practice", options=likert),
            Question(survey=s, position=2, code="quality", kind="likert", text="The quality of the session was high", options=likert),
            Question(survey=s, position=3, code="change", kind="single", text="Will you change your practice?", options=choice),
            Question(survey=s, position=4, code="minutes", kind="number", text="Minutes of useful learning"),
            Question(survey=s, position=5, code="confidence", kind="matrix", text="Confidence after this session", options=likert, rows=rows),
            Question(survey=s, position=6, code="comments", kind="text", text="Comments"),
        ]  # fmt: skip
    Question.objects.bulk_create(questions)
    with transaction.atomic(), connection.cursor() as c:
        c.execute("SELECT count(*) FROM attendance_attendance")
        n_att = c.fetchone()[0]
        step = max(1, n_att // 200_000)
        c.execute(
            """
            INSERT INTO evaluation_response (survey_id, session_id, user_id, submitted_on,
                                             submitted_at, language)
            SELECT sv.id, a.session_id, a.user_id, (s.ends_at + interval '2 hours')::date,
                   s.ends_at + interval '2 hours', 'en'
            FROM attendance_attendance a
            JOIN scheduling_session s ON s.id = a.session_id
            JOIN evaluation_survey sv ON sv.program_id = s.program_id AND sv.kind = 'post_session'
            WHERE a.id %% %s = 0 OR s.program_id = %s
            """,
            [step, program.pk],
        )
        log(f"responses: {c.rowcount:,}")
        answer_sql = """
            INSERT INTO evaluation_answer (response_id, question_id, row_key, number, text)
            SELECT r.id, q.id, {row}, {number}, {text}
            FROM evaluation_response r
            JOIN evaluation_question q ON q.survey_id = r.survey_id AND q.kind = '{kind}'
            {extra}
        """
        for kind, row, number, text, extra in (
            ("likert", "''", "1 + LEAST(4, ((r.id * 7 + q.id) %% 9) / 2)", "''", ""),
            ("single", "''", "NULL", "(ARRAY['yes','maybe','no'])[1 + (r.id + q.id) %% 3]", ""),
            ("number", "''", "(r.id %% 90)", "''", "WHERE r.id %% 4 <> 0"),
            ("matrix", "k", "1 + LEAST(4, ((r.id * 3 + length(k)) %% 9) / 2)", "''",
             "CROSS JOIN unnest(ARRAY['opioids','nonpharm','mh']) k"),
            ("text", "''", "NULL", "'Helpful discussion of the case, thank you.'",
             "WHERE r.id %% 10 = 0"),
        ):  # fmt: skip
            c.execute(
                answer_sql.format(row=row, number=number, text=text, kind=kind, extra=extra), []
            )
        # Pre/post cycle surveys in the measured program, identified, for its latest cycle.
        series_id = (
            program.series.filter(first_date__lte=now.date())
            .order_by("-first_date")
            .values_list("pk", flat=True)
            .first()
        )
        pre = Survey.objects.create(
            program=program,
            kind="pre_cycle",
            title="Self-efficacy (pre)",
            series_id=series_id,
            status="closed",
        )
        post = Survey.objects.create(program=program, kind="post_cycle", title="Self-efficacy (post)", series_id=series_id, status="closed", pre_survey=pre)  # fmt: skip
        for sv in (pre, post):
            Question.objects.bulk_create(
                [
                    Question(survey=sv, position=i, code=f"se{i}", kind="likert", text=f"I am confident managing chronic pain ({i})", options=likert)
                    for i in range(1, 6)
                ]
                + [Question(survey=sv, position=6, code="cases_month", kind="number", text="Patients with chronic pain per month")]
            )  # fmt: skip
        for sv, shift in ((pre, 0), (post, 1)):
            c.execute(
                """
                INSERT INTO evaluation_response (survey_id, session_id, user_id, submitted_on,
                                                 submitted_at, language)
                SELECT %s, NULL, m.user_id, %s, %s, 'en' FROM programs_membership m
                WHERE m.program_id = %s AND m.role = 'participant'
                """,
                [sv.pk, now.date(), now, program.pk],
            )
            c.execute(
                """
                INSERT INTO evaluation_answer (response_id, question_id, row_key, number, text)
                SELECT r.id, q.id, '',
                       CASE WHEN q.kind = 'number' THEN r.user_id %% 40
                            ELSE LEAST(5, 1 + (r.user_id + q.position) %% 4 + %s) END, ''
                FROM evaluation_response r JOIN evaluation_question q ON q.survey_id = r.survey_id
                WHERE r.survey_id = %s
                """,
                [shift, sv.pk],
            )
    log(f"surveys made in {time.perf_counter() - t0:.1f} s")


def make_cases(program: Any, now: dt.datetime) -> None:
    from echohub.cases.models import Case, CaseScore, CaseStatus, CaseTheme, FollowUp
    from echohub.programs.models import Membership, Role
    from echohub.scheduling.models import Session

    people = list(
        Membership.objects.filter(program=program, role=Role.PARTICIPANT).values_list(
            "user_id", flat=True
        )
    )
    themes = [t for t, _l in CaseTheme.choices]
    profs = ["family_physician", "nurse_practitioner", "pharmacist", "registered_nurse"]
    cases = []
    n = 0
    for sid, starts in Session.objects.filter(program=program, starts_at__lte=now).values_list(
        "pk", "starts_at"
    ):
        for _k in range(1 + sid % 2):
            n += 1
            status = [
                CaseStatus.PRESENTED,
                CaseStatus.RECOMMENDATIONS_SENT,
                CaseStatus.FOLLOWED_UP,
                CaseStatus.CLOSED,
            ][n % 4]
            closed = status == CaseStatus.CLOSED
            cases.append(Case(
                program=program, presenter_id=people[n % len(people)], presenter_profession=profs[n % 4],
                region=f"Region {n % 5}", status=status, number=f"DB-{n:05d}", session_id=sid,
                theme=themes[n % len(themes)], title=f"Case {n}", submitted_at=starts - dt.timedelta(days=9),
                presented_at=starts, sent_at=None if status == CaseStatus.PRESENTED else starts + dt.timedelta(hours=12 + n % 90),
                mme_total=60 + n % 150, closed_at=starts + dt.timedelta(days=60) if closed else None,
                advice_followed=["all", "some", "none", ""][n % 4] if closed else "",
                plan_changed=(n % 2 == 0) if closed else None, referral_avoided=(n % 3 != 0) if closed else None,
            ))  # fmt: skip
    cases = Case.objects.bulk_create(cases, batch_size=2000)
    follow_ups, scores = [], []
    for c in cases:
        scores.append(CaseScore(case=c, instrument="peg", total=4 + c.pk % 6, items=[]))
        if c.status in (CaseStatus.FOLLOWED_UP, CaseStatus.CLOSED):
            follow_ups.append(FollowUp(case=c, reported_by_id=c.presenter_id, what_changed="Taper started",
                                       mme_total=max(0, float(c.mme_total or 0) - 10 - c.pk % 40)))  # fmt: skip
    follow_ups = FollowUp.objects.bulk_create(follow_ups, batch_size=2000)
    for fu in follow_ups:
        scores.append(
            CaseScore(
                case_id=fu.case_id, follow_up=fu, instrument="peg", total=2 + fu.pk % 6, items=[]
            )
        )
    CaseScore.objects.bulk_create(scores, batch_size=5000)


def row_counts() -> dict[str, int]:
    from echohub.accounts.models import User
    from echohub.attendance.models import Attendance, AttendanceRow
    from echohub.cases.models import Case
    from echohub.evaluation.models import Answer, Response
    from echohub.programs.models import Program
    from echohub.scheduling.models import Session

    program = target_program()
    return {
        "programs": Program.objects.count(),
        "people": User.objects.count(),
        "sessions": Session.objects.count(),
        "attendance": Attendance.objects.count(),
        "segments": AttendanceRow.objects.count(),
        "responses": Response.objects.count(),
        "answers": Answer.objects.count(),
        "cases": Case.objects.count(),
        "target_attendance": Attendance.objects.filter(session__program=program).count(),
        "target_responses": Response.objects.filter(survey__program=program).count(),
        "target_sessions": Session.objects.filter(program=program).count(),
    }


def targets() -> list[tuple[str, str, dict[str, Any], dict[str, str]]]:
    from echohub.evaluation.models import Survey

    program = target_program()
    slug = program.slug
    series = (
        program.series.filter(sessions__starts_at__lte=dt.datetime.now(dt.UTC))
        .order_by("-first_date")
        .first()
    )
    big = Survey.objects.filter(program=program, kind="post_session").first()
    post = Survey.objects.filter(program=program, kind="post_cycle").first()
    year = dt.date.today().year
    period = {"date_from": f"{year - 1}-01-01", "date_to": f"{year - 1}-12-31"}
    out = [
        ("Overview", "evaluation:insights", {"slug": slug}, {}),
        ("Reach, all time", "evaluation:reach", {"slug": slug}, {}),
        ("Reach, one cycle", "evaluation:reach", {"slug": slug}, {"series": str(series.pk)} if series else {}),
        ("Reach, a year, one profession", "evaluation:reach", {"slug": slug}, {**period, "profession": "family_physician"}),
        ("Sessions", "evaluation:sessions_dashboard", {"slug": slug}, {}),
        ("Cases and outcomes", "evaluation:cases_dashboard", {"slug": slug}, {}),
        ("Surveys", "evaluation:surveys_dashboard", {"slug": slug}, {}),
    ]  # fmt: skip
    if big:
        out.append(("Survey results (post-session)", "evaluation:survey_results", {"slug": slug, "pk": big.pk}, {}))  # fmt: skip
    if post:
        out.append(("Survey results (pre/post paired)", "evaluation:survey_results", {"slug": slug, "pk": post.pk}, {}))  # fmt: skip
    out.append(("Reach figure (SVG download)", "evaluation:reach", {"slug": slug}, {"format": "svg", "chart": "people_over_time"}))  # fmt: skip
    out.append(("Program report (PDF), a year", "evaluation:report", {"slug": slug}, period))
    return out


def measure(requests: int, warmup: int) -> list[dict[str, Any]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from echohub.accounts.models import User
    from echohub.programs.models import Membership, Role

    program = target_program()
    evaluator = User.objects.filter(
        memberships__program=program, memberships__role=Role.EVALUATOR
    ).first()
    if evaluator is None:
        evaluator = User.objects.create_user(email="evaluator@bench.test", password="x" * 12)
        Membership.objects.create(program=program, user=evaluator, role=Role.EVALUATOR)
    client = Client(raise_request_exception=False)
    client.force_login(evaluator)
    results = []
    for label, name, kwargs, params in targets():
        path = reverse(name, kwargs=kwargs)
        entry: dict[str, Any] = {"label": label, "name": name, "params": params}
        first = client.get(path, params)
        if first.status_code != 200:
            entry["error"] = f"HTTP {first.status_code}"
            results.append(entry)
            log(f"{label}: {entry['error']}")
            continue
        for _ in range(warmup):
            client.get(path, params)
        times = []
        for _ in range(requests):
            t0 = time.perf_counter()
            client.get(path, params)
            times.append((time.perf_counter() - t0) * 1000)
        with CaptureQueriesContext(connection) as q:
            client.get(path, params)
        times.sort()
        entry.update(
            median_ms=statistics.median(times),
            p95_ms=times[min(len(times) - 1, round(0.95 * len(times)) - 1)],
            queries=len(q),
        )
        log(
            f"{label}: median {entry['median_ms']:.0f} ms, p95 {entry['p95_ms']:.0f} ms, {entry['queries']} queries"
        )
        results.append(entry)
    return results


def render(
    pages: list[dict[str, Any]],
    counts: dict[str, int],
    timings: dict[str, float],
    size: tuple[int, int, int],
    args: argparse.Namespace,
) -> str:
    command = " ".join([".venv/bin/python bench/dashboards_bench.py", *sys.argv[1:]]).strip()
    gen = (
        f"; network generated in {timings['network']:.0f} s, extended in {timings['extend']:.0f} s"
        if timings
        else ""
    )
    lines = [
        "## Insight dashboards (issue 7)",
        "",
        f"- Command: `{command}` (`make bench-dashboards` runs it without flags)",
        f"- Date: {dt.date.today().isoformat()}",
        f"- Machine: {os.cpu_count()} cores ({cpu_model()}), Python {platform.python_version()}, "
        f"{db_version()}",
        f"- Data: {counts['programs']:,} programs, {counts['people']:,} people, "
        f"{counts['sessions']:,} sessions, {counts['attendance']:,} attendances with "
        f"{counts['segments']:,} attendance segments, {counts['responses']:,} survey responses "
        f"({counts['answers']:,} answers), {counts['cases']:,} cases{gen}.",
        f"- Measured program (most participants): {counts['target_sessions']:,} sessions, "
        f"{counts['target_attendance']:,} attendances, {counts['target_responses']:,} responses.",
        f"- Method: {args.requests} requests per page after {args.warmup} warm-up, in-process "
        "through Django's test client (all middleware, DEBUG off) as the program's evaluator; "
        "queries counted on one more request.",
        f"- Target: median and p95 < {TARGET_MS:.0f} ms.",
        "",
        "| Page | URL name | Filters | Queries | Median ms | p95 ms | Target |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    for p in pages:
        params = ", ".join(f"{k}={v}" for k, v in p["params"].items()) or "—"
        if "error" in p:
            lines.append(
                f"| {p['label']} | `{p['name']}` | {params} | error: {p['error']} | | | ✗ |"
            )
            continue
        ok = p["median_ms"] < TARGET_MS and p["p95_ms"] < TARGET_MS
        lines.append(
            f"| {p['label']} | `{p['name']}` | {params} | {p['queries']} | {p['median_ms']:.0f} "
            f"| {p['p95_ms']:.0f} | {'✓' if ok else '✗'} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
