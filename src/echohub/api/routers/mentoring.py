"""The mentoring API (issue 16): my questions, asking, the private conversation and the mentor's
actions, for the caller's own rights; coordinators get an overview of metadata only.

The same services and reads as the pages (echohub.mentoring.services / queries). A question and
its messages are answered only to its asker and its mentor: anyone else gets 404, coordinators
included (they read `/overview`: topic, dates, status, who, never text). A question or message
whose identifier check finds something is saved, held (seen by its author only) and answered
422 `phi_found` with the findings (field, offsets, kind, reason, key; never the flagged text):
explain each with POST .../messages/{id}/overrides. Reading messages is audit-logged.

`/notices`: the caller's own notices (the mentoring page's list, worded by the same labels),
marked read one by one or all at once; anyone else's notice is 404.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from echohub.api.access import caller, can, program_for
from echohub.api.errors import body
from echohub.api.pagination import Pagination
from echohub.api.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut, UtcDatetime, finding_out
from echohub.core import audit, bilingual
from echohub.core.limits import CODE_MAX
from echohub.mentoring import queries, services
from echohub.mentoring.models import MentoringTopic, Message, Notice, Question
from echohub.programs.models import Program

router = Router(tags=["mentoring"])
BASE = "/programs/{slug}/mentoring"
ASK = services.ASK


class MentoringTopicOut(Schema):
    id: int
    name: str
    name_fr: str
    label: str = Field(description="The name in the caller's language.")


class MentoringQuestionOut(Schema):
    """A question's metadata (its text is its first message)."""

    id: int
    topic_id: int | None
    status: str = Field(description="`held`, `triage`, `offered`, `open` or `closed`.")
    role: str = Field(description="Yours: `asker`, `mentor` or `coordinator`.")
    asker_id: int
    mentor_user_id: int | None = Field(
        description="The mentor's user id; to the asker only once a mentor accepted "
        "(`open` or `closed`), null while the question is offered or in triage."
    )
    asked_at: UtcDatetime | None
    accepted_at: UtcDatetime | None
    first_answer_at: UtcDatetime | None
    due_at: UtcDatetime | None
    closed_at: UtcDatetime | None


class MentoringMessageOut(Schema):
    id: int
    question_id: int
    author_id: int
    kind: str = Field(description="`message` or `call_note`.")
    status: str = Field(description="`sent`, or `held` (yours, awaiting the check).")
    body: str
    created_at: UtcDatetime
    sent_at: UtcDatetime | None


class MentoringPassedOut(Schema):
    """After a pass: the question is no longer yours, so nothing more about it is answered."""

    id: int
    status: str = Field(description="Always `passed`.")


class MentoringFindingOut(Schema):
    field: str
    start: int
    end: int
    kind: str
    reason: str
    key: str = Field(description="Send it to `/overrides` to explain why it is not identifying.")
    overridden: bool


class MentoringPhiFoundOut(ErrorOut):
    question_id: int | None = None
    message_id: int | None = None
    findings: list[MentoringFindingOut] = Field(default_factory=list)


class MentoringQuestionIn(Schema):
    body: str = Field(min_length=1, max_length=services.MESSAGE_MAX)
    topic_id: int | None = Field(None, description="None: a coordinator chooses the mentor.")


class MentoringMessageIn(Schema):
    body: str = Field(min_length=1, max_length=services.MESSAGE_MAX)


class MentoringOverrideIn(Schema):
    key: str = Field(max_length=200)
    reason: str = Field(min_length=5, max_length=300)


HELD_ERRORS: dict[int, Any] = {**WRITE_ERRORS, 422: MentoringPhiFoundOut}


def _held(message: Message) -> Status[dict[str, Any]] | None:
    err = services.held_error(message)
    if err is None:
        return None
    return Status(
        422,
        body(
            err.code,
            err.message,
            "body",
            question_id=message.question_id,
            message_id=message.pk,
            findings=[finding_out(f) for f in err.findings],
        ),
    )


def _question_out(q: Question, user_id: int, role: str | None = None) -> dict[str, Any]:
    role = role or ("asker" if q.asker_id == user_id else "mentor")
    mentor_user = q.mentor.user_id if q.mentor_id else None  # type: ignore[union-attr]
    if role == "asker" and not queries.mentor_shown_to_asker(q):
        mentor_user = None  # not told who has it until a mentor accepts (nor who passed)
    return {
        "id": q.pk,
        "topic_id": q.topic_id,
        "status": q.status,
        "role": role,
        "asker_id": q.asker_id,
        "mentor_user_id": mentor_user,
        "asked_at": q.asked_at,
        "accepted_at": q.accepted_at,
        "first_answer_at": q.first_answer_at,
        "due_at": q.due_at,
        "closed_at": q.closed_at,
    }


def _message_out(m: Message) -> dict[str, Any]:
    return {
        "id": m.pk,
        "question_id": m.question_id,
        "author_id": m.author_id,
        "kind": m.kind,
        "status": m.status,
        "body": m.body,
        "created_at": m.created_at,
        "sent_at": m.sent_at,
    }


def _question(request: HttpRequest, slug: str, question_id: int) -> Question:
    program = program_for(request, slug, ASK)
    q = queries.question_for_party(caller(request), program, question_id)
    if q is None:
        raise Http404
    q.program = program
    return q


@router.get(
    BASE + "/topics",
    response={200: list[MentoringTopicOut], **READ_ERRORS},
    summary="List mentoring topics",
    description="The topics a question can be asked in. Requires `mentoring.ask`.",
)
def mentoring_list_topics(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    program = program_for(request, slug, ASK)
    return [
        {"id": t.pk, "name": t.name, "name_fr": t.name_fr, "label": bilingual.text(t, "name")}
        for t in MentoringTopic.objects.filter(program=program, active=True)
    ]


class _MineOut(Pagination):
    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        uid = caller(request).pk
        page["items"] = [_question_out(q, uid) for q in page["items"]]
        return page


@router.get(
    BASE + "/questions",
    response={200: list[MentoringQuestionOut], **READ_ERRORS},
    summary="My mentoring questions",
    description="Questions you asked and those you hold as mentor (metadata; newest first).",
)
@paginate(_MineOut)
def mentoring_list_questions(request: HttpRequest, slug: str) -> Any:
    program = program_for(request, slug, ASK)
    return queries.my_questions(caller(request), program)


@router.post(
    BASE + "/questions",
    response={201: MentoringQuestionOut, **HELD_ERRORS},
    summary="Ask a mentor",
    description=(
        "Checked for identifiers: `phi_found` (422, with `question_id`, `message_id` and "
        "`findings`) means saved but held. Else routed to a mentor by topic and load, or left "
        "for a coordinator (`triage`). Errors: `invalid_topic`, `too_many` (429); 400 "
        "`body_required`, `too_long`, `too_short` (under 15 characters or without two letters "
        "or digits), in the web form's words."
    ),
)
def mentoring_create_question(request: HttpRequest, slug: str, data: MentoringQuestionIn) -> Any:
    program = program_for(request, slug, ASK)
    user = caller(request)
    q = services.submit_question(actor=user, program=program, body=data.body, topic=data.topic_id)
    first: Message = q.first_message  # type: ignore[attr-defined]
    return _held(first) or Status(201, _question_out(q, user.pk))


@router.get(
    BASE + "/questions/{question_id}",
    response={200: MentoringQuestionOut, **READ_ERRORS},
    summary="A mentoring question",
    description="Its asker and its mentor only (others: 404).",
)
def mentoring_get_question(request: HttpRequest, slug: str, question_id: int) -> dict[str, Any]:
    q = _question(request, slug, question_id)
    return _question_out(q, caller(request).pk)


class _AuditedMessages(Pagination):
    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        shown: list[Message] = list(page["items"])
        q: Question = request.mentoring_question  # type: ignore[attr-defined]
        if shown:
            audit.record_reads(
                actor=caller(request),
                action="mentoring.question_read",
                object_type=Message._meta.label_lower,
                ids=[m.pk for m in shown],
                view=f"api.mentoring.question:{q.pk}",
                program=q.program,
            )
        page["items"] = [_message_out(m) for m in shown]
        return page


@router.get(
    BASE + "/questions/{question_id}/messages",
    response={200: list[MentoringMessageOut], **READ_ERRORS},
    summary="A question's conversation",
    description="In order; your own held messages included. Audit-logged (the ids returned).",
)
@paginate(_AuditedMessages)
def mentoring_list_messages(request: HttpRequest, slug: str, question_id: int) -> Any:
    q = _question(request, slug, question_id)
    request.mentoring_question = q  # type: ignore[attr-defined]
    return queries.messages_for(caller(request), q)


@router.post(
    BASE + "/questions/{question_id}/messages",
    response={201: MentoringMessageOut, **HELD_ERRORS},
    summary="Write in a conversation",
    description=(
        "The asker or the mentor (the mentor's first message accepts an offered question). "
        "`phi_found` (422): saved but held. Errors: `question_closed` (409), `too_many` (429); "
        "400 `body_required`, `too_long`, `too_short` (fewer than two letters or digits)."
    ),
)
def mentoring_create_message(
    request: HttpRequest, slug: str, question_id: int, data: MentoringMessageIn
) -> Any:
    q = _question(request, slug, question_id)
    m = services.write(actor=caller(request), question=q, body=data.body)
    return _held(m) or Status(201, _message_out(m))


@router.post(
    BASE + "/messages/{message_id}/overrides",
    response={200: MentoringMessageOut, **HELD_ERRORS},
    summary="Explain a finding in a message",
    description=(
        "The author says why a flagged part is not identifying (the audit keeps a hash of the "
        "reason). Once nothing is left to explain the message is sent; else 422 with the rest."
    ),
)
def mentoring_override(
    request: HttpRequest, slug: str, message_id: int, data: MentoringOverrideIn
) -> Any:
    program = program_for(request, slug, ASK)
    user = caller(request)
    m = get_object_or_404(
        Message.objects.select_related("question"),
        pk=message_id,
        author=user,
        question__program=program,
    )
    # Only while the author is still a party (a mentor who passed or was moved off is not).
    if queries.question_for_party(user, program, m.question_id) is None:
        raise Http404
    m = services.override_finding(actor=user, message=m, key=data.key, reason=data.reason)
    return _held(m) or _message_out(m)


def _action(name: str, summary: str, description: str) -> None:
    service = {
        "accept": services.accept,
        "pass": services.pass_question,
        "close": services.close,
    }[name]

    @router.post(
        BASE + "/questions/{question_id}/" + name,
        response={
            200: MentoringPassedOut if name == "pass" else MentoringQuestionOut,
            **WRITE_ERRORS,
        },
        summary=summary,
        description=description,
        operation_id=f"mentoring_question_{name}",
    )
    def act(request: HttpRequest, slug: str, question_id: int) -> dict[str, Any]:
        q = _question(request, slug, question_id)
        user = caller(request)
        q = service(actor=user, question=q)
        if name == "pass":  # who has it now is coordinators' metadata, not the passer's
            return {"id": q.pk, "status": "passed"}
        q.refresh_from_db()
        return _question_out(q, user.pk)


_action("accept", "Accept a question", "The mentor it is offered to. `not_offered` (409).")
_action(
    "pass",
    "Pass on a question",
    "The mentor it is offered to: it goes to another mentor (never back to you) or to triage; "
    "you no longer see it afterwards, and the answer is only `{id, status: passed}`. "
    "`already_answered` (409).",
)
_action("close", "Close a question", "The asker or the mentor.")


class _OverviewOut(Pagination):
    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        uid = caller(request).pk
        page["items"] = [_question_out(q, uid, "coordinator") for q in page["items"]]
        return page


@router.get(
    BASE + "/overview",
    response={200: list[MentoringQuestionOut], **READ_ERRORS},
    summary="Every question's metadata (coordinators)",
    description=(
        "Topic, dates, status and who, never text. Requires `mentoring.coordinate`. "
        "Optional `status` filter."
    ),
)
@paginate(_OverviewOut)
def mentoring_overview(
    request: HttpRequest, slug: str, status: str = Query("", max_length=CODE_MAX)
) -> Any:
    program = program_for(request, slug, services.COORDINATE)
    qs = queries.metadata(program)
    return qs.filter(status=status) if status else qs


# --- the caller's notices ------------------------------------------------------------------------


class MentoringNoticeOut(Schema):
    """One of your notices: what happened to which question, never a message's text nor, for the
    asker, who the mentor is or was (the same wording as the notices on the mentoring page)."""

    id: int
    kind: str = Field(
        description="`offered`, `accepted`, `rerouted`, `waiting`, `assigned`, `triage`, "
        "`new_message`, `call_requested`, `call_scheduled`, `reminder`, `escalation` or "
        "`from_live`."
    )
    text: str = Field(description="What happened, in the caller's language.")
    question_id: int
    coordinator: bool = Field(
        description="A coordinator's notice: it leads to the question's metadata, not its "
        "conversation."
    )
    available: bool = Field(
        description="Whether you may still open the question (false once it is no longer "
        "yours, e.g. after you passed on it): then `topic_id`, `topic`, `url` and `api_url` "
        "are empty."
    )
    topic_id: int | None
    topic: str = Field(description="The question's topic in the caller's language, or empty.")
    url: str | None = Field(description="The page to open in the web UI (a path).")
    api_url: str | None = Field(
        description="The question in this API (a path); none for a coordinator's notice."
    )
    created_at: UtcDatetime
    read_at: UtcDatetime | None


class MentoringNoticesReadOut(Schema):
    marked: int = Field(description="How many notices this call marked read.")
    unread: int = Field(description="Your unread notices in the program now (0).")


def _notices_out(request: HttpRequest, program: Any, notices: list[Notice]) -> list[dict[str, Any]]:
    """Notices as the API gives them, in the caller's language, with what the caller may still
    open: their own questions (`queries.my_questions`, one query for the page) and, with
    `mentoring.coordinate`, the metadata of coordinators' notices."""
    user = caller(request)
    ids = {n.question_id for n in notices if not n.coordinator}
    mine = set(queries.my_questions(user, program).filter(pk__in=ids).values_list("pk", flat=True))
    coordinates = any(n.coordinator for n in notices) and can(request, program, services.COORDINATE)
    api_base = reverse("api:api-root") + BASE.lstrip("/").format(slug=program.slug)
    rows = []
    for n in notices:
        available = coordinates if n.coordinator else n.question_id in mine
        topic = n.question.topic if available else None
        if not available:
            url = None
        elif n.coordinator:
            url = reverse("mentoring:manage_question", args=[program.slug, n.question_id])
        else:
            url = reverse("mentoring:question", args=[program.slug, n.question_id])
        rows.append(
            {
                "id": n.pk,
                "kind": n.kind,
                "text": n.get_kind_display(),
                "question_id": n.question_id,
                "coordinator": n.coordinator,
                "available": available,
                "topic_id": topic.pk if topic is not None else None,
                "topic": bilingual.text(topic, "name") if topic is not None else "",
                "url": url,
                "api_url": (
                    f"{api_base}/questions/{n.question_id}"
                    if available and not n.coordinator
                    else None
                ),
                "created_at": n.created_at,
                "read_at": n.read_at,
            }
        )
    return rows


class _NoticesOut(Pagination):
    class Output(Schema):
        items: list[Any]
        count: int
        unread: int = Field(description="Your unread notices in the program (all pages).")

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        program: Program = request.mentoring_program  # type: ignore[attr-defined]
        page["items"] = _notices_out(request, program, list(page["items"]))
        page["unread"] = queries.unread_count(caller(request), program)
        return page


@router.get(
    BASE + "/notices",
    response={200: list[MentoringNoticeOut], **READ_ERRORS},
    summary="My mentoring notices",
    description=(
        "Your own notices in the program, newest first, with `unread` (all pages): the same "
        "as on the mentoring page, in your language (your profile's, else Accept-Language). "
        "Requires `mentoring.ask`."
    ),
)
@paginate(_NoticesOut)
def mentoring_list_notices(request: HttpRequest, slug: str) -> Any:
    program = program_for(request, slug, ASK)
    request.mentoring_program = program  # type: ignore[attr-defined]
    return queries.notices_of(caller(request), program)


@router.post(
    BASE + "/notices/read",
    response={200: MentoringNoticesReadOut, **WRITE_ERRORS},
    summary="Mark all my mentoring notices read",
    description="All your unread notices in the program; sending it again marks nothing more.",
)
def mentoring_read_notices(request: HttpRequest, slug: str) -> dict[str, int]:
    program = program_for(request, slug, ASK)
    user = caller(request)
    marked = services.mark_notices_read(actor=user, program=program)
    return {"marked": marked, "unread": queries.unread_count(user, program)}


@router.post(
    BASE + "/notices/{notice_id}/read",
    response={200: MentoringNoticeOut, **WRITE_ERRORS},
    summary="Mark one mentoring notice read",
    description=(
        "One of your notices (one already read keeps its `read_at`). Anyone else's notice, "
        "or one in another program, is 404 as if it did not exist."
    ),
)
def mentoring_read_notice(request: HttpRequest, slug: str, notice_id: int) -> dict[str, Any]:
    program = program_for(request, slug, ASK)
    user = caller(request)
    notice = get_object_or_404(queries.notices_of(user, program), pk=notice_id)
    notice = services.mark_notice_read(actor=user, notice=notice)
    return _notices_out(request, program, [notice])[0]
