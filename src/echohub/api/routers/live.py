"""The live session: its state and agenda, the event log after an id (the short-poll the
pages fall back on), the facilitator's actions, and questions from spokes. The same services
as the console and the live page."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from echohub.api.access import caller, program_for
from echohub.api.schemas import READ_ERRORS, WRITE_ERRORS, UtcDatetime
from echohub.cases.models import Case
from echohub.core import audit
from echohub.core.limits import FINDING_KEY_MAX
from echohub.live import queries, services, stream
from echohub.live.models import LiveState
from echohub.programs.models import Program
from echohub.programs.rules import has_perm
from echohub.scheduling.models import Session
from echohub.scheduling.queries import case_ids_on_agenda

router = Router(tags=["live"])


class LiveItemOut(Schema):
    id: int
    kind: str
    title: str = Field(description="A case slot's title only for members who see cases.")
    planned_start: UtcDatetime
    planned_end: UtcDatetime
    started_at: UtcDatetime | None
    ended_at: UtcDatetime | None
    skipped: bool
    current: bool
    overrun: str = Field(description='"" , "soon" (within 2 minutes of its end) or "over".')


class LiveOut(Schema):
    session_id: int
    state: str = Field(description="not_started, running or ended.")
    started_at: UtcDatetime | None
    ended_at: UtcDatetime | None
    last_event_id: int = Field(description="Stream or poll the events after this id.")
    start_from: UtcDatetime | None = Field(
        description="Until it starts: the earliest time the session may be started (60 minutes "
        "before its planned start). Null once started."
    )
    start_refused: str | None = Field(
        description="Until it starts: why it cannot be started now (`too_early`, `ended`, "
        "`cancelled`: the code the start action would be refused with, 409), or null when it "
        "can. Null once started."
    )
    agenda: list[LiveItemOut]


class EventOut(Schema):
    id: int
    kind: str
    payload: dict[str, Any] = Field(description="Ids and times only, never free text.")


class EventsOut(Schema):
    events: list[EventOut]
    last: int


class ActionIn(Schema):
    action: Literal["start", "next", "back", "skip", "end"]
    at: int | None = Field(
        default=None,
        description="For next, back and skip: the agenda item the caller saw as current. "
        "When the agenda moved meanwhile the move is refused (`stale_item`, 409).",
    )


class QuestionIn(Schema):
    text: str = Field(max_length=2000)
    keep: list[Annotated[str, Field(max_length=FINDING_KEY_MAX)]] = Field(
        default_factory=list,
        description="Keys of findings the author confirms identify nobody (from a phi_found "
        "refusal of this text).",
    )


class LiveQuestionOut(Schema):
    id: int
    status: str


def _session(program: Program, session_id: int) -> Session:
    return get_object_or_404(
        Session.objects.select_related("program"), pk=session_id, program=program
    )


def _live(request: HttpRequest, program: Program, session: Session) -> dict[str, Any]:
    agenda = queries.agenda(session)
    sees_cases = services._may_ask(caller(request), session)
    if sees_cases:  # its case slots name their cases, as the live page's agenda: audited
        audit.record_reads(
            actor=caller(request),
            action="case.list_read",
            object_type=Case._meta.label_lower,
            ids=case_ids_on_agenda(session),
            view="api.live",
            program=program,
        )
    live = agenda.live
    waiting = agenda.state == LiveState.NOT_STARTED
    refused = services.start_refusal(session, viewer=caller(request)) if waiting else None
    return {
        "session_id": session.pk,
        "state": agenda.state,
        "started_at": live.started_at if live else None,
        "ended_at": live.ended_at if live else None,
        "last_event_id": queries.last_event_id(session),
        "start_from": services.start_opens_at(session) if waiting else None,
        "start_refused": refused.code if refused else None,
        "agenda": [
            {
                "id": r.item.pk,
                "kind": r.item.kind,
                "title": r.item.title
                if sees_cases or r.item.kind not in ("case", "follow_up")
                else r.item.get_kind_display(),
                "planned_start": r.planned_start,
                "planned_end": r.planned_end,
                "started_at": r.started_at,
                "ended_at": r.ended_at,
                "skipped": r.skipped,
                "current": r.current,
                "overrun": r.overrun,
            }
            for r in agenda.rows
        ],
    }


@router.get(
    "/programs/{slug}/sessions/{session_id}/live",
    response={200: LiveOut, **READ_ERRORS},
    summary="The live state of a session",
    description="Requires `sessions.view`. Planned and actual times of each agenda item.",
)
def live_state(request: HttpRequest, slug: str, session_id: int) -> dict[str, Any]:
    program = program_for(request, slug, "sessions.view")
    return _live(request, program, _session(program, session_id))


@router.get(
    "/programs/{slug}/sessions/{session_id}/live/events",
    response={200: EventsOut, **READ_ERRORS},
    summary="Events after an id",
    description="Requires `sessions.view`. At most 200, oldest first; ask again with `last`. "
    "A question's events are listed to the hub team (`live.run`) and to their asker only. "
    "Browsers use the server-sent events stream of the live page instead.",
)
def live_events(
    request: HttpRequest, slug: str, session_id: int, after: Query[int] = 0
) -> dict[str, Any]:
    program = program_for(request, slug, "sessions.view")
    session = _session(program, session_id)
    rows = stream.fetch(session.pk, max(0, after))
    # As the stream: a question's events go to the hub team and to their asker only.
    viewer = caller(request)
    sees_all = has_perm(viewer, program, "live.run")
    return {
        "events": [
            {"id": r.id, "kind": r.kind, "payload": r.payload}
            for r in rows
            if r.for_viewer(viewer.pk, sees_all)
        ],
        "last": rows[-1].id if rows else max(0, after),
    }


ACTIONS: dict[str, Any] = {
    "start": services.start_session,
    "next": services.next_item,
    "back": services.previous_item,
    "skip": services.skip_item,
    "end": services.end_session,
}


@router.post(
    "/programs/{slug}/sessions/{session_id}/live/actions",
    response={200: LiveOut, **WRITE_ERRORS},
    summary="Start, move through or end the session",
    description="Requires `live.run`. Errors: `already_started`, `not_running`, `no_next`, "
    "`no_previous`, `cancelled`, `stale_item` (409); starting more than 60 minutes before the "
    "planned start, `too_early` (409, its message says when the session is scheduled and from "
    "when it can be started, in the caller's time zone); after the planned end, `ended` (409).",
)
def live_action(request: HttpRequest, slug: str, session_id: int, payload: ActionIn) -> Any:
    program = program_for(request, slug, "live.run")
    session = _session(program, session_id)
    kwargs: dict[str, Any] = {}
    if payload.action in ("next", "back", "skip") and payload.at is not None:
        kwargs["at"] = payload.at
    ACTIONS[payload.action](actor=caller(request), session=session, **kwargs)
    return _live(request, program, session)


@router.post(
    "/programs/{slug}/sessions/{session_id}/live/questions",
    response={201: LiveQuestionOut, **WRITE_ERRORS},
    summary="Ask the hub a question",
    description="Registered participants and the hub team. Errors: `phi_found` (the text may "
    "identify a patient: nothing stored), `text_required`, `too_long`, `ended` (409), "
    "`too_many` (429).",
)
def ask(request: HttpRequest, slug: str, session_id: int, payload: QuestionIn) -> Any:
    program = program_for(request, slug, "sessions.view")
    session = _session(program, session_id)
    question = services.ask_question(
        actor=caller(request), session=session, text=payload.text, overrides=payload.keep
    )
    return Status(201, {"id": question.pk, "status": question.status})
