"""The community API (issue 16): topics, threads and posts, for the caller's own rights.

The same services and reads as the pages (echohub.community.services / queries): evaluators and
outsiders are refused (403 / 404) as on the pages; a case's thread is seen only by those who may
read the case (reading it is audited). A post whose identifier check finds something is saved,
held (seen by its author only) and answered 422 `phi_found` with the findings (field, offsets,
kind, reason, key; never the flagged text): fix it with an edit, or explain each finding with
POST .../posts/{id}/overrides.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from echohub.api.access import caller, program_for
from echohub.api.errors import body
from echohub.api.pagination import Pagination
from echohub.api.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut, UtcDatetime, finding_out
from echohub.community import queries, services
from echohub.community.models import Post, PostStatus, Thread, ThreadKind, Topic
from echohub.core import audit, bilingual

router = Router(tags=["community"])
BASE = "/programs/{slug}/community"
PERM = "community.post"


class TopicOut(Schema):
    """Texts in English (`title`, `description`) and French (`title_fr`, `description_fr`);
    either may be empty. `label` and `label_description` are the caller's language (their
    profile's, else Accept-Language), falling back to the other, as the pages show them."""

    id: int
    title: str
    title_fr: str
    description: str
    description_fr: str
    label: str = Field(description="The title in the caller's language (else the other one).")
    label_description: str = Field(
        description="The description in the caller's language (else the other one)."
    )
    thread_count: int
    last_post_at: UtcDatetime | None


class ThreadOut(Schema):
    id: int
    kind: str
    topic_id: int | None
    title: str = Field(description="As stored (a case's thread: the case number).")
    label: str = Field(description="The title as shown, in the caller's language.")
    post_count: int
    last_post_at: UtcDatetime | None
    pinned: bool
    locked: bool
    accepted_post_id: int | None


class PostOut(Schema):
    id: int
    thread_id: int
    author_id: int
    author_name: str
    status: str = Field(description="`published`, `held` (yours, awaiting the check) or `removed`.")
    hidden: bool
    body: str = Field(description="The Markdown as written (empty when removed or hidden).")
    html: str = Field(description="The sanitized HTML rendering.")
    created_at: UtcDatetime
    edited_at: UtcDatetime | None
    version: int


class PostFindingOut(Schema):
    field: str
    start: int
    end: int
    kind: str
    reason: str
    key: str = Field(description="Send it to `/overrides` to explain why it is not identifying.")
    overridden: bool


class PostPhiFoundOut(ErrorOut):
    post_id: int | None = None
    findings: list[PostFindingOut] = Field(default_factory=list)


class ThreadIn(Schema):
    title: str = Field(min_length=1, max_length=services.TITLE_MAX)
    body: str = Field(min_length=1, max_length=services.POST_MAX)


class PostIn(Schema):
    body: str = Field(min_length=1, max_length=services.POST_MAX)


class PostEditIn(PostIn):
    version: int | None = Field(None, description="The version you read (refused if stale).")


class PostOverrideIn(Schema):
    key: str = Field(max_length=200)
    reason: str = Field(min_length=5, max_length=300)


POST_ERRORS: dict[int, Any] = {**WRITE_ERRORS, 422: PostPhiFoundOut}


def _post_out(post: Post, viewer_id: int, moderator: bool) -> dict[str, Any]:
    shown = post.status != PostStatus.REMOVED and (
        not post.hidden or moderator or post.author_id == viewer_id
    )
    return {
        "id": post.pk,
        "thread_id": post.thread_id,
        "author_id": post.author_id,
        "author_name": post.author.full_name or "",
        "status": post.status,
        "hidden": post.hidden,
        "body": post.body if shown else "",
        "html": post.html if shown else "",
        "created_at": post.created_at,
        "edited_at": post.edited_at,
        "version": post.version,
    }


def _held(post: Post) -> Status[dict[str, Any]] | None:
    err = services.held_error(post)
    if err is None:
        return None
    return Status(
        422,
        body(
            err.code,
            err.message,
            "body",
            post_id=post.pk,
            findings=[finding_out(f) for f in err.findings],
        ),
    )


def _thread(request: HttpRequest, slug: str, thread_id: int) -> Thread:
    program = program_for(request, slug, PERM)
    thread = get_object_or_404(
        queries.visible_threads(caller(request), program).select_related("case"), pk=thread_id
    )
    thread.program = program
    return thread


@router.get(
    BASE + "/topics",
    response={200: list[TopicOut], **READ_ERRORS},
    summary="List topics",
    description="The program's discussion topics. Requires `community.post`.",
)
def list_topics(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    program = program_for(request, slug, PERM)
    return [
        {
            "id": t.pk,
            "title": t.title,
            "title_fr": t.title_fr,
            "description": t.description,
            "description_fr": t.description_fr,
            "label": bilingual.text(t, "title"),
            "label_description": bilingual.text(t, "description"),
            "thread_count": t.thread_count,
            "last_post_at": t.last_post_at,
        }
        for t in queries.topics_of(program)
    ]


@router.get(
    BASE + "/topics/{topic_id}/threads",
    response={200: list[ThreadOut], **READ_ERRORS},
    summary="List a topic's threads",
    description="Pinned first, then the most recently active. Requires `community.post`.",
)
@paginate(Pagination)
def list_threads(request: HttpRequest, slug: str, topic_id: int) -> Any:
    program = program_for(request, slug, PERM)
    topic = get_object_or_404(Topic, program=program, pk=topic_id)
    return queries.topic_threads(caller(request), program, topic)


@router.post(
    BASE + "/topics/{topic_id}/threads",
    response={201: PostOut, **POST_ERRORS},
    summary="Start a thread",
    description=(
        "Its first post is checked for identifiers: `phi_found` (422) holds it with the "
        "findings. Errors: `too_many` (429, daily cap); 400 `title_required`, `body_required`, "
        "`too_long`, `too_short` (a title under 4 characters, a first post under 15, or either "
        "without two letters or digits; `field` says which), in the web form's words."
    ),
)
def create_thread(request: HttpRequest, slug: str, topic_id: int, data: ThreadIn) -> Any:
    program = program_for(request, slug, PERM)
    topic = get_object_or_404(Topic, program=program, pk=topic_id)
    user = caller(request)
    post = services.start_thread(actor=user, topic=topic, title=data.title, body=data.body)
    return _held(post) or Status(201, _post_out(post, user.pk, False))


@router.get(
    BASE + "/threads/{thread_id}",
    response={200: ThreadOut, **READ_ERRORS},
    summary="A thread",
)
def get_thread(request: HttpRequest, slug: str, thread_id: int) -> Thread:
    return _thread(request, slug, thread_id)


class _AuditedPosts(Pagination):
    """Pagination that turns the page's posts into PostOut for the caller and, in a case's
    thread, writes the `case.thread_read` entry of the posts returned (only those)."""

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        posts: list[Post] = list(page["items"])
        thread: Thread = request.community_thread  # type: ignore[attr-defined]
        user = caller(request)
        if thread.kind == ThreadKind.CASE and posts:
            audit.record_reads(
                actor=user,
                action="case.thread_read",
                object_type=Post._meta.label_lower,
                ids=[p.pk for p in posts],
                view=f"api.community.case_thread:{thread.case_id}",
                program=thread.program,
            )
        moderator = queries.is_moderator(user, thread.program)
        page["items"] = [_post_out(p, user.pk, moderator) for p in posts]
        return page


@router.get(
    BASE + "/threads/{thread_id}/posts",
    response={200: list[PostOut], **READ_ERRORS},
    summary="A thread's posts",
    description=(
        "In order; your own held posts included, others' never. Reading a case's thread is "
        "audit-logged (the post ids returned)."
    ),
)
@paginate(_AuditedPosts)
def list_posts(request: HttpRequest, slug: str, thread_id: int) -> Any:
    thread = _thread(request, slug, thread_id)
    request.community_thread = thread  # type: ignore[attr-defined]
    return queries.thread_posts(caller(request), thread.program, thread)


@router.post(
    BASE + "/threads/{thread_id}/posts",
    response={201: PostOut, **POST_ERRORS},
    summary="Reply",
    description=(
        "Checked for identifiers like case text: `phi_found` (422, with `post_id` and "
        "`findings`) means saved but held. Errors: `thread_locked` (409), `too_many` (429); 400 "
        "`body_required`, `too_long`, `too_short` (fewer than two letters or digits), in the "
        "web form's words."
    ),
)
def create_post(request: HttpRequest, slug: str, thread_id: int, data: PostIn) -> Any:
    thread = _thread(request, slug, thread_id)
    user = caller(request)
    post = services.reply(actor=user, thread=thread, body=data.body)
    return _held(post) or Status(201, _post_out(post, user.pk, False))


def _own_post(request: HttpRequest, slug: str, post_id: int) -> Post:
    program = program_for(request, slug, PERM)
    user = caller(request)
    post = get_object_or_404(
        Post.objects.select_related("thread", "author"),
        pk=post_id,
        thread__in=queries.visible_threads(user, program),
    )
    if post.status == PostStatus.HELD and post.author_id != user.pk:
        raise Http404  # another's held post does not exist for you
    post.thread.program = program
    return post


@router.patch(
    BASE + "/posts/{post_id}",
    response={200: PostOut, **POST_ERRORS},
    summary="Edit a post",
    description=(
        "The author or a moderator. The previous text is kept as a revision; the new text is "
        "checked again (`phi_found`, 422: held). Errors: `stale_post` (409), `too_many` (429, "
        "daily cap of edits); 400 `body_required`, `too_long`, `too_short` (as when it was "
        "written: a discussion's first post needs 15 characters)."
    ),
)
def edit_post(request: HttpRequest, slug: str, post_id: int, data: PostEditIn) -> Any:
    post = _own_post(request, slug, post_id)
    user = caller(request)
    post = services.edit_post(actor=user, post=post, body=data.body, version=data.version)
    moderator = queries.is_moderator(user, post.thread.program)
    return _held(post) or _post_out(post, user.pk, moderator)


@router.post(
    BASE + "/posts/{post_id}/overrides",
    response={200: PostOut, **POST_ERRORS},
    summary="Explain a finding",
    description=(
        "The author says why a flagged part is not identifying (the audit keeps a hash of the "
        "reason). Once nothing is left to explain the post is published; else 422 with the rest."
    ),
)
def override(request: HttpRequest, slug: str, post_id: int, data: PostOverrideIn) -> Any:
    post = _own_post(request, slug, post_id)
    user = caller(request)
    post = services.override_finding(actor=user, post=post, key=data.key, reason=data.reason)
    return _held(post) or _post_out(post, user.pk, False)
