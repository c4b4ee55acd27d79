"""Community benchmark (`make bench-community`, issue 16): a national-scale discussion network.

Builds a scratch SQLite database under bench/out/ with one program of --people members,
--posts posts (bulk_create; 20 topics, threads of about 20 posts, one long thread of 600) and
three pending daily notifications for each of --digest-people people, then measures in-process
(DEBUG off, all middleware, Django's test client):

- the topic list (the discussions page), a topic's thread list (first and a deep page) and a
  thread page (first and last page): median and p95 server time and the query count, which must
  be the same for a short and a long thread, a near-empty and a full topic;
- posting a reply through the page (htmx, with the identifier check and audit; the followers'
  notifications are a job queued with the post, run afterwards and timed apart): median, p95;
- the daily digest for --digest-people people, built and queued: `queue_due_digests()` (one
  job per 500 people) and every one of those jobs run in-process as a worker would (claim,
  set-based build, one email job queued per person), total time and resident memory as it
  goes (it must stay flat); then --digest-emails of the email jobs run (rendered in the
  person's language, handed to the dummy backend) for the send side's cost per email.

Wall and CPU time are both reported: on a shared machine the CPU time of this process (Django
and SQLite) is what a request costs. `--keep` reuses the database of the previous run (the
digest state is reset); `--pages-only` stops after the pages.

    .venv/bin/python bench/community_bench.py                      # 1,000,000 posts, 50,000 people
    .venv/bin/python bench/community_bench.py --posts 100000 --digest-people 5000   # quick

The markdown goes into docs/benchmarks.md between the `community` markers and is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
DOC = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- community:begin -->", "<!-- community:end -->"
GENERATED = "<!-- community:generated-end (notes below are kept by the benchmark) -->"
TARGET_PAGE_MEDIAN_MS, TARGET_POST_P95_MS, TARGET_DIGEST_S = 30.0, 100.0, 300.0
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/echohub_community_bench"
TOPICS = 20
POSTS_PER_THREAD = 20
LONG_THREAD = 600
BATCH = 5000

BODIES = [
    "A monthly step of 5 to 10% of the current dose is a good start. Pause when function "
    "or sleep worsens, not only when pain rises.",
    "We use the same approach. **Writing the plan down** with the patient helped a lot.",
    "Has anyone tried a slower pace over the holidays? *Any* tips welcome.\n\n- pacing\n- sleep",
    "Thanks, very clear. The handouts in the program library work well for our team.",
]


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--digest-people", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--replies", type=int, default=200)
    parser.add_argument(
        "--digest-emails",
        type=int,
        default=2000,
        help="queued digest email jobs to run in-process (render and send time per email)",
    )
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--pages-only", action="store_true", help="measure the pages only")
    parser.add_argument("--keep", action="store_true", help="reuse the previous run's database")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help=f"PostgreSQL at COMMUNITY_BENCH_PG (default {PG_DEFAULT}; dropped and created)",
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "community.sqlite3"
    url = os.environ.get("COMMUNITY_BENCH_PG", PG_DEFAULT) if args.postgres else ""
    if not args.keep:
        if url:
            import psycopg

            base, name = url.rsplit("/", 1)
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
        else:
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
            "DATABASE_URL": url or f"sqlite:///{path}",
            "DB_CONN_MAX_AGE": "600",
            "TASKS_BACKEND": "database",  # the digest jobs are queued as rows, as in production
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    built = build(args) if not args.keep else existing()
    build_s = time.perf_counter() - t0
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # both databases: fresh statistics for the planner
    if args.keep:
        reset_digest_state()
    log(f"data ready in {build_s:.0f} s")
    load = {"pages": os.getloadavg()[0]}
    pages = measure_pages(built, args.requests)
    if args.pages_only:
        return 0
    load["posting"] = os.getloadavg()[0]
    posting = measure_posting(built, args.replies)
    load["digest"] = os.getloadavg()[0]
    digest = measure_digest(built, args.digest_emails)
    load["end"] = os.getloadavg()[0]
    table = render(args, built, build_s, pages, posting, digest, load)
    print(table)
    if not args.no_write:
        write_section(table)
    return 0


def log(msg: str) -> None:
    print(f"   {msg}", file=sys.stderr, flush=True)


def chunks(items: Iterator[Any], size: int = BATCH) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def build(args: argparse.Namespace) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from echohub.accounts.models import User
    from echohub.community import markup
    from echohub.community.models import (
        EmailMode,
        Notification,
        NotificationKind,
        Post,
        PostStatus,
        Reaction,
        Subscription,
        Thread,
        Topic,
    )
    from echohub.programs.models import Membership, Program, Role

    rng = random.Random(16)
    now = timezone.now()
    html = [markup.render(b) for b in BODIES]
    password = make_password("bench-password")
    people = max(args.people, args.digest_people)
    with transaction.atomic():
        program = Program.objects.create(name="National pain network", slug="national")
        log(f"{people:,} people")
        for batch in chunks(
            User(
                email=f"person{i}@bench.example",
                first_name=f"First{i}",
                last_name=f"Last{i}",
                password=password,
                language="fr" if i % 3 == 0 else "en",
            )
            for i in range(people)
        ):
            User.objects.bulk_create(batch)
        ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
        for batch in chunks(
            Membership(
                program=program,
                user_id=uid,
                role=Role.COORDINATOR if n == 0 else Role.PARTICIPANT,
            )
            for n, uid in enumerate(ids)
        ):
            Membership.objects.bulk_create(batch)
        topics = Topic.objects.bulk_create(
            Topic(program=program, title=f"Topic {n}", position=n) for n in range(TOPICS)
        )
    threads_n = max(1, (args.posts - LONG_THREAD) // POSTS_PER_THREAD)
    log(f"{threads_n:,} threads")
    start = now - dt.timedelta(days=365)
    with transaction.atomic():
        for batch in chunks(
            Thread(
                program=program,
                topic=topics[n % (TOPICS - 1)],  # the last topic stays near empty
                title=f"Discussion {n}",
                author_id=ids[n % len(ids)],
                post_count=LONG_THREAD if n == 0 else POSTS_PER_THREAD,
                last_post_at=start + dt.timedelta(seconds=n * 600),
                pinned=n % 997 == 0,
            )
            for n in range(threads_n)
        ):
            Thread.objects.bulk_create(batch)
        Thread.objects.create(
            program=program, topic=topics[-1], title="A short one", author_id=ids[1],
            post_count=3, last_post_at=now,
        )  # fmt: skip
    thread_ids = list(Thread.objects.order_by("pk").values_list("pk", flat=True))
    long_thread, short_thread = thread_ids[0], thread_ids[-1]

    def posts() -> Iterator[Post]:
        n = 0
        for k, tid in enumerate(thread_ids):
            count = (
                LONG_THREAD
                if tid == long_thread
                else 3
                if tid == short_thread
                else POSTS_PER_THREAD
            )
            for j in range(count):
                b = (n + j) % len(BODIES)
                yield Post(
                    thread_id=tid,
                    author_id=ids[(k * 7 + j) % len(ids)],
                    body=BODIES[b],
                    html=html[b],
                    status=PostStatus.PUBLISHED,
                    published_at=start + dt.timedelta(seconds=k * 600 + j),
                )
            n += count

    log(f"~{args.posts:,} posts")
    made = 0
    for batch in chunks(posts(), 10_000):
        with transaction.atomic():
            Post.objects.bulk_create(batch)
        made += len(batch)
        if made % 100_000 < 10_000:
            log(f"  {made:,} posts, {rss_mb():.0f} MB")
    for t in topics:
        t.thread_count = Thread.objects.filter(topic=t).count()
        t.last_post_at = now
    Topic.objects.bulk_update(topics, ["thread_count", "last_post_at"])
    long_posts = list(Post.objects.filter(thread_id=long_thread).values_list("pk", flat=True))
    with transaction.atomic():
        Reaction.objects.bulk_create(
            Reaction(post_id=pid, user_id=ids[(pid * 13 + r) % len(ids)], kind="helpful")
            for pid in long_posts
            for r in range(3)
        )
        Subscription.objects.bulk_create(
            Subscription(thread_id=long_thread, user_id=uid) for uid in ids[:50]
        )
    # Notifications: three pending (daily digest) for each digest person, and twice as many
    # already emailed (the partial index skips them).
    log(f"notifications for {args.digest_people:,} people")
    some_posts = list(Post.objects.order_by("?").values_list("pk", "thread_id")[:5000])

    def notes() -> Iterator[Notification]:
        for uid in ids[: args.digest_people]:
            for k in range(9):
                pid, _tid = some_posts[rng.randrange(len(some_posts))]
                yield Notification(
                    user_id=uid,
                    program=program,
                    post_id=pid,
                    kind=NotificationKind.MENTION if k == 0 else NotificationKind.REPLY,
                    email=EmailMode.DAILY,
                    emailed_at=None if k < 3 else now - dt.timedelta(days=2),
                    read_at=None if k < 5 else now,
                )

    for batch in chunks(notes(), 10_000):
        with transaction.atomic():
            Notification.objects.bulk_create(batch)
    return existing()


def existing() -> dict[str, Any]:
    from echohub.community.models import Notification, Post, Thread, Topic
    from echohub.programs.models import Membership, Program

    program = Program.objects.get(slug="national")
    threads = Thread.objects.filter(program=program)
    long_thread = threads.order_by("-post_count", "pk").first()
    short_thread = threads.filter(title="A short one").first()
    topics = list(Topic.objects.filter(program=program).order_by("position"))
    members = list(
        Membership.objects.filter(program=program, role="participant")
        .order_by("user_id")
        .values_list("user_id", flat=True)[:1000]
    )
    return {
        "program": program,
        "long": long_thread,
        "short": short_thread,
        "full_topic": topics[0],
        "empty_topic": topics[-1],
        "members": members,
        "posts": Post.objects.count(),
        "threads": threads.count(),
        "people": Membership.objects.filter(program=program).count(),
        "notifications": Notification.objects.count(),
    }


def timed(fn: Callable[[], Any], n: int, warmup: int = 5) -> tuple[list[float], list[float], int]:
    """Wall and CPU (this process: Django and SQLite) milliseconds of `n` calls, and the query
    count of one more. On a shared machine the CPU time says what a request costs; the wall
    time adds the waiting for a core."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        fn()
    samples, cpu = [], []
    for _ in range(n):
        t, c = time.perf_counter(), time.process_time()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    with CaptureQueriesContext(connection) as q:
        fn()
    return samples, cpu, len(q)


def stats(samples: list[float]) -> dict[str, float]:
    s = sorted(samples)
    return {"median": statistics.median(s), "p95": s[min(len(s) - 1, int(len(s) * 0.95))]}


def measure_pages(b: dict[str, Any], n: int) -> list[dict[str, Any]]:
    from django.test import Client

    from echohub.accounts.models import User

    slug = b["program"].slug
    client = Client()
    client.force_login(User.objects.get(pk=b["members"][5]))
    last_page = (b["long"].post_count + 29) // 30
    deep = (b["full_topic"].thread_count + 24) // 25 // 2
    targets = [
        ("(Control: the program's page, not community)", f"/p/{slug}/", None),
        ("Topic list (discussions page)", f"/p/{slug}/community/", None),
        ("Topic: full, page 1", f"/p/{slug}/community/topics/{b['full_topic'].pk}/", None),
        (
            f"Topic: full, page {deep}",
            f"/p/{slug}/community/topics/{b['full_topic'].pk}/?page={deep}",
            None,
        ),
        ("Topic: near empty", f"/p/{slug}/community/topics/{b['empty_topic'].pk}/", None),
        (
            f"Thread of {b['long'].post_count} posts, page 1",
            f"/p/{slug}/community/threads/{b['long'].pk}/",
            None,
        ),
        (
            f"Thread of {b['long'].post_count} posts, page {last_page}",
            f"/p/{slug}/community/threads/{b['long'].pk}/?page={last_page}",
            None,
        ),
        ("Thread of 3 posts", f"/p/{slug}/community/threads/{b['short'].pk}/", None),
    ]
    rows = []
    for label, url, _ in targets:
        status = client.get(url).status_code
        assert status == 200, (url, status)
        samples, cpu, queries = timed(lambda url=url: client.get(url), n)
        rows.append({"label": label, **stats(samples), "cpu": stats(cpu), "queries": queries})
        log(f"{label}: {rows[-1]['median']:.1f} ms, {queries} queries")
    return rows


def measure_posting(b: dict[str, Any], n: int) -> dict[str, Any]:
    """Replies through the page by `n` different people (one client, signed in again between
    requests outside the timing), then the notification jobs those replies queued, run
    in-process as a worker would (the fan-out to the thread's followers)."""
    from django.test import Client
    from django_tasks_db.models import DBTaskResult

    from echohub.accounts.models import User
    from echohub.community import tasks
    from echohub.community.models import Notification, Post

    url = f"/p/{b['program'].slug}/community/threads/{b['long'].pk}/"
    users = list(User.objects.filter(pk__in=b["members"][100 : 100 + n]))
    client = Client()
    client.force_login(users[0])
    client.get(url)  # the handler and middleware loaded once, as in a running server
    samples, cpu = [], []
    before = Post.objects.count()
    for i in range(n):
        client.force_login(users[i % len(users)])
        body = f"{BODIES[i % len(BODIES)]} (reply {i})"
        t, c = time.perf_counter(), time.process_time()
        r = client.post(url, {"body": body}, HTTP_HX_REQUEST="true")
        samples.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        assert r.status_code == 200, r.status_code
    assert Post.objects.count() == before + n
    out = {**stats(samples), "cpu": stats(cpu), "n": n}
    log(f"posting: median {out['median']:.1f} ms, p95 {out['p95']:.1f} ms")
    # The queued notification jobs (one per reply), run as a worker runs them.
    jobs = DBTaskResult.objects.filter(task_path__endswith="notify_new_post").order_by(
        "enqueued_at"
    )
    args = [row["args"][0] for row in jobs.values_list("args_kwargs", flat=True)]
    notes_before = Notification.objects.count()
    fan, fan_cpu = [], []
    for post_id in args:
        t, c = time.perf_counter(), time.process_time()
        tasks.notify_new_post.call(post_id)
        fan.append((time.perf_counter() - t) * 1000)
        fan_cpu.append((time.process_time() - c) * 1000)
    jobs.delete()
    out["fanout"] = {**stats(fan or [0.0]), "cpu": stats(fan_cpu or [0.0]), "jobs": len(args)}
    out["notes"] = Notification.objects.count() - notes_before
    log(f"notification jobs: {len(args)}, median {out['fanout']['median']:.1f} ms")
    return out


def reset_digest_state() -> None:
    """For --keep: the pending notifications a previous run emailed are pending again, and no
    digest was sent yet (the previous run's job rows are dropped)."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from echohub.community.models import Notification, NotificationSettings

    DBTaskResult.objects.all().delete()
    NotificationSettings.objects.all().delete()
    Notification.objects.filter(emailed_at__gt=timezone.now() - dt.timedelta(days=1)).update(
        emailed_at=None
    )


def measure_digest(b: dict[str, Any], emails: int) -> dict[str, Any]:
    """The daily digest, built and queued: `queue_due_digests()` (what send_reminders runs)
    finds who is due and queues one job per DIGEST_BATCH people; every one of those jobs is then
    run in-process, as a worker does (claim the people, read their notifications and who may
    read which thread, mark them done, queue one email job per person with ids and counts).
    Then `emails` of the queued email jobs are run (rendered in the person's language, handed
    to the dummy email backend): the send side, timed separately."""
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from echohub.community import tasks

    start_rss = rss_mb()
    t0 = time.perf_counter()
    c0 = time.process_time()
    queued = tasks.queue_due_digests()
    queue_s = time.perf_counter() - t0
    batches = DBTaskResult.objects.filter(task_path__endswith=".send_digests").order_by(
        "enqueued_at"
    )
    batch_args = [row["args"] for row in batches.values_list("args_kwargs", flat=True)]
    log(f"digest: {queued:,} people in {len(batch_args)} jobs queued in {queue_s:.1f} s")
    rss: list[tuple[int, float]] = []
    t1 = time.perf_counter()
    made = 0
    for n, (user_ids, mode) in enumerate(batch_args, start=1):
        made += tasks.send_digests.call(user_ids, mode)
        if n % 10 == 0 or n == len(batch_args):
            rss.append((n * tasks.DIGEST_BATCH, rss_mb()))
        connection.queries_log.clear()
    build_s = time.perf_counter() - t1
    total_s = time.perf_counter() - t0
    total_cpu = time.process_time() - c0
    email_jobs = DBTaskResult.objects.filter(task_path__endswith=".send_digest_email")
    queued_emails = email_jobs.count()
    log(f"digest: {made:,} emails queued, built in {build_s:.1f} s, total {total_s:.1f} s")
    sample = [row["args"] for row in email_jobs.values_list("args_kwargs", flat=True)[:emails]]
    t2, c2 = time.perf_counter(), time.process_time()
    sent = sum(tasks.send_digest_email.call(*a) for a in sample)
    send_s = time.perf_counter() - t2
    per_ms = send_s / max(1, len(sample)) * 1000
    per_cpu_ms = (time.process_time() - c2) / max(1, len(sample)) * 1000
    log(f"digest emails: {sent} rendered and sent, {per_ms:.1f} ms each")
    return {
        "people": queued,
        "batch": tasks.DIGEST_BATCH,
        "jobs": len(batch_args),
        "queue_s": queue_s,
        "build_s": build_s,
        "total_s": total_s,
        "total_cpu": total_cpu,
        "emails_queued": queued_emails,
        "start_rss": start_rss,
        "rss": rss,
        "sample": len(sample),
        "sent": sent,
        "per_ms": per_ms,
        "per_cpu_ms": per_cpu_ms,
    }


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def render(
    args: argparse.Namespace,
    b: dict[str, Any],
    build_s: float,
    pages: list[dict[str, Any]],
    posting: dict[str, Any],
    digest: dict[str, Any],
    load: dict[str, float],
) -> str:
    import sqlite3

    from django.db import connection

    in_process = "Django and SQLite, which runs in-process"
    if connection.vendor == "sqlite":
        database = f"SQLite {sqlite3.sqlite_version}"
    else:
        in_process = "Django only: the PostgreSQL server's work is in the wall time"
        database = f"PostgreSQL {connection.pg_version // 10000} (its server's time is not in the CPU column)"
    ok, no = "✅", "❌"
    command = " ".join(sys.argv[1:])
    lines = [
        "## Community (issue 16)",
        "",
        f"`make bench-community` (here `python bench/community_bench.py {command}`), "
        f"{dt.date.today().isoformat()}, {cpu_model()}, {os.cpu_count()} cores "
        f"(1-minute load average {load['pages']:.1f} when the pages were measured, "
        f"{load['posting']:.1f} for posting, {load['digest']:.1f} for the digest, "
        f"{load['end']:.1f} at the end), {database}, Python "
        f"{platform.python_version()}.",
        "",
        f"Data: one program of {b['people']:,} members, {b['posts']:,} posts in "
        f"{b['threads']:,} threads over {TOPICS} topics, {b['notifications']:,} notifications "
        f"(built in {build_s:.0f} s). Server time in-process through Django's test client "
        f"(DEBUG off, all middleware), {args.requests} requests per page after 5 warm-up ones. "
        f"CPU is this process's CPU time ({in_process}): what a request costs without "
        "waiting for a core.",
        "",
        "| Page | Median (ms) | p95 (ms) | CPU median (ms) | Queries | Target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in pages:
        mark = ok if row["median"] < TARGET_PAGE_MEDIAN_MS else no
        cpu_mark = "CPU ✅" if row["cpu"]["median"] < TARGET_PAGE_MEDIAN_MS else "CPU ❌"
        if row["label"].startswith("(Control"):
            mark, cpu_mark = "machine speed", ""
        lines.append(
            f"| {row['label']} | {row['median']:.1f} | {row['p95']:.1f} | "
            f"{row['cpu']['median']:.1f} | {row['queries']} | "
            f"median < {TARGET_PAGE_MEDIAN_MS:.0f} ms {mark} {cpu_mark} |"
        )
    mark = ok if posting["p95"] < TARGET_POST_P95_MS else no
    cpu_mark = "CPU ✅" if posting["cpu"]["p95"] < TARGET_POST_P95_MS else "CPU ❌"
    lines += [
        f"| Posting a reply (htmx, identifier check, audit, notification job queued), "
        f"{posting['n']} replies by different people | {posting['median']:.1f} | "
        f"{posting['p95']:.1f} | {posting['cpu']['median']:.1f} (p95 "
        f"{posting['cpu']['p95']:.1f}) | | p95 < {TARGET_POST_P95_MS:.0f} ms {mark} {cpu_mark} |",
        "",
        f"The {posting['fanout']['jobs']} notification jobs those replies queued (a worker "
        f"writes the followers' and mentioned people's notifications: {posting['notes']:,} "
        f"rows) took {posting['fanout']['median']:.1f} ms each (median; p95 "
        f"{posting['fanout']['p95']:.1f} ms; CPU median {posting['fanout']['cpu']['median']:.1f}"
        " ms), outside the request.",
        "",
    ]
    rss = ", ".join(
        f"{mb:.0f} MB after {n:,} people"
        for n, mb in digest["rss"][:: max(1, len(digest["rss"]) // 6)]
    )
    mark = ok if digest["total_s"] < TARGET_DIGEST_S else no
    send_total = digest["per_ms"] * digest["emails_queued"] / 1000
    lines += [
        f"Daily digest for {digest['people']:,} people, built and queued "
        f"(`queue_due_digests()` as `send_reminders` runs it, then every one of its "
        f"{digest['jobs']} jobs of {digest['batch']} people run in-process as one worker "
        f"does): **{digest['total_s']:.0f} s** wall ({digest['total_cpu']:.0f} s CPU) on one "
        f"core, target < {TARGET_DIGEST_S:.0f} s on two {mark}. Finding who is due and "
        f"queuing the batch jobs took {digest['queue_s']:.1f} s; the batch jobs "
        f"{digest['build_s']:.0f} s, queuing {digest['emails_queued']:,} email jobs (thread "
        f"ids and counts, no text). Resident memory {digest['start_rss']:.0f} MB before, "
        f"{rss}.",
        "",
        f"Sending (the email jobs, rendered when they run in the person's language and handed "
        f"to the dummy backend): {digest['sample']:,} of them took {digest['per_ms']:.1f} ms "
        f"each ({digest['per_cpu_ms']:.1f} ms CPU), about {send_total:.0f} s of one worker for all {digest['emails_queued']:,} "
        "(plus the mail server's own time); this is the send side, after the digest is "
        "built and queued.",
    ]
    return "\n".join(lines)


def write_section(table: str) -> None:
    """Replace the generated part of the community section (up to GENERATED); the notes
    written by hand after it, up to END, are kept."""
    text = DOC.read_text()
    block = f"{BEGIN}\n{table}\n{GENERATED}\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        old, tail = rest.split(END, 1)
        notes = old.split(GENERATED, 1)[1].lstrip("\n") if GENERATED in old else ""
        text = head + block + notes + END + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block + END + "\n"
    DOC.write_text(text)


if __name__ == "__main__":
    sys.exit(main())
