"""Reads of the community: which threads and posts a person may see, and the page queries
(one query per list, whatever its length)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.lookups import IsNull

from echohub.cases.models import Case, CaseStatus
from echohub.cases.queries import visible_cases
from echohub.community.models import (
    Notification,
    Post,
    PostStatus,
    Reaction,
    Report,
    Thread,
    ThreadKind,
    Topic,
)
from echohub.programs.models import Membership, Program
from echohub.programs.rules import _CACHE_ATTR as ROLES_CACHE
from echohub.programs.rules import has_perm

#: A case gets its thread once it has been presented (the follow-up after the session).
CASE_THREAD_STATUSES = [
    CaseStatus.PRESENTED,
    CaseStatus.RECOMMENDATIONS_SENT,
    CaseStatus.FOLLOWED_UP,
    CaseStatus.CLOSED,
]
POSTS_PER_PAGE = 30
THREADS_PER_PAGE = 25


def is_moderator(user: Any, program: Program) -> bool:
    return has_perm(user, program, "community.moderate")


def topics_of(program: Program) -> QuerySet[Topic]:
    """The program's topics with their counts (kept on write: one query)."""
    return Topic.objects.filter(program=program).order_by("position", "title")


def first_post_published() -> Q:
    """Threads whose first post has been published (it may have been removed or edited since):
    a discussion's title is checked for identifiers with its first post, so until then nobody
    but its author may see it, moderators included. Correlated on the thread (one index seek on
    the posts' (thread, id) per thread tested), never a scan of the posts."""
    first = Post.objects.filter(thread_id=OuterRef("pk")).order_by("pk").values("published_at")
    return Q(IsNull(Subquery(first[:1]), False))


_HELD_CACHE = "_community_own_held"


def own_held_ids(user: Any, program: Program) -> list[int]:
    """Ids of `user`'s own discussions in `program` whose first post is still held (hidden,
    listed for their author only). Computed once per user object (one request), through the
    threads' author index: usually none."""
    uid = getattr(user, "pk", None)
    if uid is None:
        return []
    cache: dict[int, list[int]] = user.__dict__.setdefault(_HELD_CACHE, {})
    if program.pk not in cache:
        cache[program.pk] = list(
            Thread.objects.filter(
                author_id=uid, program=program, kind=ThreadKind.TOPIC, hidden=True
            )
            .exclude(first_post_published())
            .values_list("pk", flat=True)
        )
    return cache[program.pk]


def forget_held(user: Any) -> None:
    """Drop the cached `own_held_ids` (a discussion of theirs was started or published)."""
    user.__dict__.pop(_HELD_CACHE, None)


def _shown(user: Any, program: Program, qs: QuerySet[Thread]) -> QuerySet[Thread]:
    """Hidden threads for moderators only, and only once their first post is published (a
    thread whose first post is held is hidden and its title unchecked: only its author sees it,
    to fix or explain the findings). For most readers this is `hidden = false` alone, which the
    partial index `community_thread_listed` serves in order."""
    own = own_held_ids(user, program)
    shown = Q(hidden=False) | Q(pk__in=own) if own else Q(hidden=False)
    if not is_moderator(user, program):
        return qs.filter(shown)
    return qs.filter(shown | ~Q(kind=ThreadKind.TOPIC) | first_post_published())


def visible_threads(user: Any, program: Program) -> QuerySet[Thread]:
    """Threads `user` may read: topic and talk threads for every poster (hidden ones for
    moderators only, once their first post is published), case threads only where the case
    itself is visible to them."""
    if not has_perm(user, program, "community.post"):
        return Thread.objects.none()
    qs = _shown(user, program, Thread.objects.filter(program=program))
    cases = visible_cases(user, program).filter(status__in=CASE_THREAD_STATUSES)
    return qs.filter(~Q(kind=ThreadKind.CASE) | Q(case__in=cases.values("pk")))


def listed_open(thread: Thread) -> bool:
    """Whether every poster of the thread's program may read it without further checks: a
    listed (not hidden) discussion or talk thread. Case and hidden threads need the full rule."""
    return thread.kind != ThreadKind.CASE and not thread.hidden


def may_read_loaded(user: Any, thread: Thread) -> bool:
    """`may_read_thread` for a thread already loaded (its program set): no query for a listed
    discussion or talk thread (the roles are cached on the user object), one otherwise."""
    if not getattr(user, "is_active", False):
        return False
    if not has_perm(user, thread.program, "community.post"):
        return False
    if listed_open(thread):
        return True
    return visible_threads(user, thread.program).filter(pk=thread.pk).exists()


def may_read_thread(user: Any, thread: Thread) -> bool:
    """Whether `user` may read this thread now (notifications and digests re-check it: a
    follower may have left the program or lost access to the case since)."""
    if not getattr(user, "is_active", False):
        return False
    return visible_threads(user, thread.program).filter(pk=thread.pk).exists()


def readable_pairs(users: dict[int, Any], pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The (user id, thread id) pairs whose person may read the thread now, for many people at
    once: the same answer as `may_read_thread` for each pair, in three queries for the common
    case (a listed discussion or talk thread: active and allowed to post in its program is
    enough). Case threads and hidden threads take the exact rule, one query per person."""
    if not pairs:
        return set()
    threads = {
        t.pk: t
        for t in Thread.objects.filter(pk__in={tid for _uid, tid in pairs}).select_related(
            "program"
        )
    }
    programs = {t.program_id for t in threads.values()}
    # Everyone's roles in one query, kept where `has_perm` caches them (per user object).
    roles: dict[tuple[int, int], set[str]] = {}
    for uid, pid, role in Membership.objects.filter(
        user_id__in=users, program_id__in=programs, is_active=True
    ).values_list("user_id", "program_id", "role"):
        roles.setdefault((uid, pid), set()).add(role)
    for uid, user in users.items():
        cache = user.__dict__.setdefault(ROLES_CACHE, {})
        for pid in programs:
            cache.setdefault(pid, frozenset(roles.get((uid, pid), ())))
    out: set[tuple[int, int]] = set()
    exact: dict[tuple[int, int], list[int]] = {}  # (user, program) -> threads to check exactly
    for uid, tid in pairs:
        user, thread = users.get(uid), threads.get(tid)
        if user is None or thread is None or not user.is_active:
            continue
        if not has_perm(user, thread.program, "community.post"):
            continue
        if listed_open(thread):
            out.add((uid, tid))
        else:
            exact.setdefault((uid, thread.program_id), []).append(tid)
    for (uid, pid), tids in exact.items():
        program = next(t.program for t in threads.values() if t.program_id == pid)
        seen = visible_threads(users[uid], program).filter(pk__in=tids)
        out.update((uid, tid) for tid in seen.values_list("pk", flat=True))
    return out


def may_see_own_in_hidden(user: Any, thread: Thread) -> bool:
    """Whether `user` may see their own messages in a case or talk thread a moderator hid:
    they wrote in it and may still post in the program (and, for a case, read the case)."""
    if not getattr(user, "is_active", False) or thread.kind == ThreadKind.TOPIC:
        return False
    if not has_perm(user, thread.program, "community.post"):
        return False
    if not Post.objects.filter(thread=thread, author_id=user.pk).exists():
        return False
    if thread.kind == ThreadKind.CASE:
        return visible_cases(user, thread.program).filter(pk=thread.case_id or 0).exists()
    return True


def may_open_case_thread(user: Any, case: Case) -> bool:
    return (
        case.status in CASE_THREAD_STATUSES
        and has_perm(user, case.program, "community.post")
        and visible_cases(user, case.program).filter(pk=case.pk).exists()
    )


def topic_threads(user: Any, program: Program, topic: Topic) -> QuerySet[Thread]:
    qs = _shown(user, program, Thread.objects.filter(topic=topic))
    return qs.select_related("author").order_by("-pinned", "-last_post_at", "-id")


def thread_posts(user: Any, program: Program, thread: Thread) -> QuerySet[Post]:
    """The posts shown on a thread page, in order: published ones, the reader's own held ones
    (with their findings), and removed or hidden ones as placeholders."""
    qs = Post.objects.filter(thread=thread).exclude(
        Q(status=PostStatus.HELD) & ~Q(author_id=getattr(user, "pk", None))
    )
    return qs.select_related("author").prefetch_related("attachments").order_by("id")


def reactions_for(user: Any, post_ids: list[int]) -> dict[int, dict[str, Any]]:
    """post id -> {"counts": {kind: n}, "mine": {kinds}} in one query."""
    out: dict[int, dict[str, Any]] = {pid: {"counts": {}, "mine": set()} for pid in post_ids}
    if not post_ids:
        return out
    rows = (
        Reaction.objects.filter(post_id__in=post_ids)
        .values("post_id", "kind")
        .annotate(n=Count("id"), mine=Count("id", filter=Q(user_id=getattr(user, "pk", None))))
    )
    for row in rows:
        entry = out[row["post_id"]]
        entry["counts"][row["kind"]] = row["n"]
        if row["mine"]:
            entry["mine"].add(row["kind"])
    return out


_UNREAD_CACHE = "_community_unread"


def unread_count(user: Any, program: Program | None = None) -> int:
    """Unread notifications (of one program): counted once per user object, i.e. per request
    (the page and the menu's badge both show it); `forget_unread` after marking them read."""
    if not getattr(user, "is_authenticated", False):
        return 0
    cache: dict[int | None, int] = user.__dict__.setdefault(_UNREAD_CACHE, {})
    key = program.pk if program is not None else None
    if key not in cache:
        qs = Notification.objects.filter(user=user, read_at__isnull=True)
        if program is not None:
            qs = qs.filter(program=program)
        cache[key] = qs.count()
    return cache[key]


def forget_unread(user: Any, program_id: int | None = None, now: int | None = None) -> None:
    """Drop the cached unread counts (or, given them, keep a program's count as now known)."""
    user.__dict__.pop(_UNREAD_CACHE, None)
    if program_id is not None and now is not None:
        user.__dict__[_UNREAD_CACHE] = {program_id: max(0, now)}


def open_reports(program: Program) -> QuerySet[Report]:
    return (
        Report.objects.filter(post__thread__program=program, resolved_at__isnull=True)
        .select_related("post__author", "post__thread", "reporter")
        .order_by("created_at")
    )


def open_report_posts(program: Program) -> QuerySet[Post]:
    """The moderation queue: one entry per reported message (however many reports it has),
    with its open reports' count, oldest first. Only in threads whose title was checked: a
    discussion whose first post was published (case and talk threads have titles echohub
    made)."""
    open_q = Q(reports__resolved_at__isnull=True)
    checked = Thread.objects.filter(program=program).filter(
        ~Q(kind=ThreadKind.TOPIC) | first_post_published()
    )
    return (
        Post.objects.filter(
            thread__program=program,
            thread__in=checked,
            pk__in=Report.objects.filter(resolved_at__isnull=True).values("post_id"),
        )
        .annotate(
            open_reports=Count("reports", filter=open_q),
            first_reported=Min("reports__created_at", filter=open_q),
        )
        .select_related("author", "thread")
        .order_by("first_reported", "pk")
    )


def attach_open_reports(posts: list[Post]) -> None:
    """Set `reports_open` on each post: its open reports, oldest first (one query)."""
    by_post: dict[int, list[Report]] = {p.pk: [] for p in posts}
    rows = (
        Report.objects.filter(post_id__in=by_post, resolved_at__isnull=True)
        .select_related("reporter")
        .order_by("created_at", "pk")
    )
    for report in rows:
        by_post[report.post_id].append(report)
    for post in posts:
        post.reports_open = by_post[post.pk]  # type: ignore[attr-defined]
