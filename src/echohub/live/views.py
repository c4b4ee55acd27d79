"""The console (hub), the live page (members), their htmx parts, and the event stream."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.handlers.asgi import ASGIRequest
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from echohub.accounts.models import User
from echohub.cases.models import Case
from echohub.cases.queries import followed_on_agenda
from echohub.core import audit, limits
from echohub.core.errors import Conflict, DomainError
from echohub.core.phi_check import highlight
from echohub.core.views import program_context, program_view
from echohub.joining.services import join_token_for
from echohub.live import queries, services, stream
from echohub.live.models import LiveQuestion, LiveState
from echohub.programs.models import Program
from echohub.programs.rules import has_perm
from echohub.scheduling.models import Session, SessionStatus
from echohub.scheduling.queries import case_ids_on_agenda

# A refusal answered to htmx: live.js swaps 409, 422 and 429 into the pane that asked
# (htmx swaps no 4xx by default; django-htmx's debug handler replaces the whole page for 400
# and 403), so a bad request is answered 422 there.
HTMX_STATUS = {400: 422, 403: 422}

START_FAR_FROM_PLAN = dt.timedelta(hours=2)
CONSOLE_PARTS = {"agenda", "roster", "case", "questions", "scribe", "end"}
PAGE_PARTS = {"agenda", "case", "mine"}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _session(program: Program, pk: int) -> Session:
    return get_object_or_404(Session.objects.select_related("program"), pk=pk, program=program)


def _audit_case_read(request: HttpRequest, program: Program, case: Case | None, view: str) -> None:
    if case is not None:
        audit.record(
            actor=request.user,
            action="case.read",
            obj=case,
            program=program,
            changes={"view": view},
        )


# --- the console ---------------------------------------------------------------------------


def _console_context(
    request: HttpRequest, program: Program, session: Session, part: str | None
) -> dict[str, Any]:
    ctx = program_context(request, program, session=session)
    want = CONSOLE_PARTS if part is None else {part}
    agenda = queries.agenda(session)
    ctx["agenda"] = agenda
    if "agenda" in want:  # its case slots and linked follow-ups name their cases: audited
        ctx["followed"] = followed_on_agenda(request.user, program, [r.item for r in agenda.rows])
        _audit_titles(request, program, case_ids_on_agenda(session), "agenda")
    ctx["events_url"] = reverse("live:events", kwargs={"slug": program.slug, "pk": session.pk})
    # Outside its start window (more than START_OPENS_BEFORE early, or over) the console says
    # why, and its Start button is aria-disabled with that reason (the service refuses alike).
    refused = (
        services.start_refusal(session, viewer=request.user)
        if agenda.state == LiveState.NOT_STARTED
        else None
    )
    ctx["start_refused"] = refused.message if refused else ""
    ctx["start_too_early"] = refused is not None and refused.code == "too_early"
    # Starting far from the planned time (hours late) asks first (walk 11); earlier than the
    # window is refused above.
    ctx["start_far"] = (
        agenda.state == LiveState.NOT_STARTED
        and refused is None
        and abs(timezone.now() - session.starts_at) > START_FAR_FROM_PLAN
    )
    if part is None:  # where the page's stream starts; its parts do not need it
        ctx["last_event_id"] = queries.last_event_id(session)
    if "roster" in want:
        ctx["roster"] = queries.roster(session)
    if "questions" in want:
        ctx["questions"] = queries.questions(session, request.user)
        ctx["thread_cases"] = queries.thread_cases(session)
        _audit_titles(request, program, [c.pk for c in ctx["thread_cases"]], "questions")
    current = agenda.current
    if "case" in want:
        ctx["case"] = queries.case_on_screen(session, current.item if current else None)
        _audit_case_read(request, program, ctx["case"], "live.console")
    if "scribe" in want:
        editable = services.disciplines_of(request.user, session)
        ctx["scribe"] = [
            (case, queries.draft_rows(case, editable)) for case in queries.session_cases(session)
        ]
        _audit_titles(request, program, [case.pk for case, _rows in ctx["scribe"]], "scribe")
    if "end" in want and agenda.state == LiveState.ENDED:
        ctx["left"] = queries.left_to_do(session)
        _audit_titles(request, program, [c.pk for c in ctx["left"].drafts_to_turn], "end")
    return ctx


def _audit_titles(
    request: HttpRequest, program: Program, ids: list[int], pane: str, view: str = "live.console"
) -> None:
    """The scribe and end panes, and the live page's agenda, name the session's cases: a list
    read, like every case list."""
    audit.record_reads(
        actor=request.user,
        action="case.list_read",
        object_type=Case._meta.label_lower,
        ids=ids,
        view=f"{view}.{pane}",
        program=program,
    )


@never_cache
@login_required
@program_view("live.run")
def console(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    session = _session(program, pk)
    part = request.GET.get("part")
    if part is not None and part not in CONSOLE_PARTS:
        raise Http404
    ctx = _console_context(request, program, session, part)
    template = "live/console.html" + (f"#{part}" if part else "")
    return render(request, template, ctx)


MOVES = {"next", "back", "skip"}
ACTIONS: dict[str, Any] = {
    "start": services.start_session,
    "next": services.next_item,
    "back": services.previous_item,
    "skip": services.skip_item,
    "end": services.end_session,
}


@require_POST
@login_required
@program_view("live.run")
def console_action(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    session = _session(program, pk)
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        return HttpResponseBadRequest(_("Unknown action."))
    error = ""
    kwargs: dict[str, Any] = {}
    at = limits.whole_number(request.POST.get("at"))
    if request.POST.get("action") in MOVES and at is not None:
        kwargs["at"] = at  # the item this console showed as current (walk 10)
    try:
        action(actor=_user(request), session=session, **kwargs)
    except DomainError as err:
        error = err.message
    if request.htmx:  # type: ignore[attr-defined]
        ctx = _console_context(request, program, session, "agenda")
        ctx["action_error"] = error
        return render(request, "live/console.html#agenda", ctx, status=409 if error else 200)
    if error:
        messages.error(request, error)
    return redirect("live:console", slug=program.slug, pk=session.pk)


@require_POST
@login_required
@program_view("live.run")
def decide_question(request: HttpRequest, program: Program, pk: int, qid: int) -> HttpResponse:
    session = _session(program, pk)
    question = get_object_or_404(LiveQuestion, pk=qid, session=session)
    status = request.POST.get("status", "")
    try:
        services.decide_question(actor=_user(request), question=question, status=status)
    except DomainError as err:
        messages.error(request, err.message)
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "live/console.html#questions",
            _console_context(request, program, session, "questions"),
        )
    return redirect(reverse("live:console", kwargs={"slug": program.slug, "pk": pk}) + "#questions")


@require_POST
@login_required
@program_view("live.run")
def send_question(request: HttpRequest, program: Program, pk: int, qid: int) -> HttpResponse:
    """After the session: the question to a case's discussion ("case:<id>") or mentoring."""
    session = _session(program, pk)
    question = get_object_or_404(LiveQuestion, pk=qid, session=session)
    to, _sep, case_id = request.POST.get("to", "").partition(":")
    case = None
    if to == "case" and (number := limits.whole_number(case_id)) is not None:
        case = Case.objects.filter(pk=number, program=program).first()
        to = "case_thread"
    status, notice, error = 200, "", ""
    try:
        if not services.send_on_open(session):  # said here too, before anything is read
            raise Conflict("not_ended", services.SEND_ON_AFTER_SESSION)
        question = services.send_question_on(
            actor=_user(request), question=question, to=to, case=case
        )
        notice = _("The question was sent on. Its asker is told where it went.")
    except DomainError as err:
        status = err.status if err.status in (403, 404, 409, 429) else 400
        error = err.message
    if request.htmx:  # type: ignore[attr-defined]
        status = HTMX_STATUS.get(status, status)
        ctx = _console_context(request, program, session, "questions")
        ctx.update(questions_notice=notice, questions_error=error)
        return render(request, "live/console.html#questions", ctx, status=status)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect(reverse("live:console", kwargs={"slug": program.slug, "pk": pk}) + "#questions")


@require_POST
@login_required
@program_view("live.run")
def save_draft(request: HttpRequest, program: Program, pk: int, case_pk: int) -> HttpResponse:
    """Autosave of one discipline's draft (htmx, after a pause in typing) or the row's button."""
    session = _session(program, pk)
    case = get_object_or_404(Case, pk=case_pk, program=program)
    discipline = request.POST.get("discipline", "")
    text = request.POST.get("text", "")
    version = limits.whole_number(request.POST.get("version")) or 0
    ctx: dict[str, Any] = {"program": program, "session": session, "case": case}
    status = 200
    try:
        draft = services.save_draft(
            actor=_user(request),
            session=session,
            case=case,
            discipline=discipline,
            text=text,
            version=version,
        )
        # Checked as it saves (walk 3): the marked words show in place, under the row.
        ctx.update(
            saved=True, version=draft.version, text=draft.text, marks=queries.marks_of(draft.text)
        )
    except DomainError as err:
        status = 409 if err.code == "stale_draft" else (403 if err.status == 403 else 400)
        ctx.update(error=err.message, version=version, text=text)
    if request.htmx:  # type: ignore[attr-defined]
        ctx["discipline"] = discipline
        return render(
            request, "live/_draft_status.html", ctx, status=HTMX_STATUS.get(status, status)
        )
    if ctx.get("error"):
        messages.error(request, ctx["error"])
    return redirect(reverse("live:console", kwargs={"slug": program.slug, "pk": pk}) + "#scribe")


@require_POST
@login_required
@program_view("live.run")
def turn_drafts(request: HttpRequest, program: Program, pk: int, case_pk: int) -> HttpResponse:
    session = _session(program, pk)
    case = get_object_or_404(Case, pk=case_pk, program=program)
    try:
        n = services.turn_drafts_into_recommendations(
            actor=_user(request), session=session, case=case
        )
        messages.success(
            request,
            ngettext(
                "%(n)d discipline copied into the case's recommendations for review.",
                "%(n)d disciplines copied into the case's recommendations for review.",
                n,
            )
            % {"n": n},
        )
    except services.DraftsHaveIdentifiers as err:
        # Walk 8: which rows, what was found, and what to do (the rows are marked above).
        for label, findings in err.rows:
            messages.error(
                request,
                _(
                    "%(discipline)s: %(kinds)s. Rewrite the marked words in its draft "
                    "(Recommendations: the scribe's drafts), then copy again."
                )
                % {
                    "discipline": label,
                    "kinds": ", ".join(sorted({str(f.label) for f in findings})),
                },
            )
        return redirect(
            reverse("live:console", kwargs={"slug": program.slug, "pk": pk}) + "#scribe"
        )
    except DomainError as err:
        messages.error(request, err.message)
    return redirect(reverse("live:console", kwargs={"slug": program.slug, "pk": pk}) + "#end")


# --- the participant's live page -----------------------------------------------------------


def _page_context(
    request: HttpRequest, program: Program, session: Session, part: str | None
) -> dict[str, Any]:
    ctx = program_context(request, program, session=session)
    user = _user(request)
    want = PAGE_PARTS if part is None else {part}
    agenda = queries.agenda(session) if want & {"agenda", "case"} else None
    ctx["agenda"] = agenda
    ctx["may_ask"] = services._may_ask(user, session)
    ctx["over"] = queries.is_over(session)
    ctx["events_url"] = reverse("live:events", kwargs={"slug": program.slug, "pk": session.pk})
    if part is None:  # where the page's stream starts; its parts do not need it
        ctx["last_event_id"] = queries.last_event_id(session)
    ctx["may_run"] = has_perm(user, program, "live.run")
    if "agenda" in want and ctx["may_ask"] and agenda is not None:  # it names its cases
        ctx["followed"] = followed_on_agenda(user, program, [r.item for r in agenda.rows])
        _audit_titles(request, program, case_ids_on_agenda(session), "agenda", view="live.page")
    if "case" in want and ctx["may_ask"] and agenda is not None:  # members, not evaluators
        current = agenda.current
        ctx["case"] = queries.case_on_screen(session, current.item if current else None)
        _audit_case_read(request, program, ctx["case"], "live.page")
    if "mine" in want:
        ctx["mine"] = queries.own_questions(session, user)
    if part is None and session.status == SessionStatus.SCHEDULED and not ctx["over"]:
        ctx["join_path"] = reverse(
            "joining:join", kwargs={"token": join_token_for(session=session, user=user).token}
        )
    return ctx


@never_cache
@login_required
@program_view("sessions.view")
def live_page(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    session = _session(program, pk)
    part = request.GET.get("part")
    if part is not None and part not in PAGE_PARTS:
        raise Http404
    ctx = _page_context(request, program, session, part)
    return render(request, "live/page.html" + (f"#{part}" if part else ""), ctx)


@require_POST
@login_required
@program_view("sessions.view")
def ask(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    session = _session(program, pk)
    text = request.POST.get("text", "")
    # The box's part only needs who may ask and their questions (50 a minute, kept light).
    ctx = program_context(request, program, session=session)
    ctx["may_ask"] = services._may_ask(_user(request), session)
    ctx["over"] = False  # refused by the service when it is; the box then says why
    status = 200
    try:
        services.ask_question(
            actor=_user(request),
            session=session,
            text=text,
            overrides=request.POST.getlist("keep") if request.POST.get("confirm") else (),
        )
        ctx.update(asked=True, mine=queries.own_questions(session, _user(request)))
    except services.QuestionHasIdentifiers as err:
        status = 400
        ctx.update(
            ask_error=err.message,
            text=text,
            marked=highlight(text.strip(), err.findings),
            findings=err.findings,
        )
    except DomainError as err:
        status = err.status if err.status in (403, 409, 429) else 400
        ctx.update(ask_error=err.message, text=text)
    if request.htmx:  # type: ignore[attr-defined]
        # 200 with the box and its errors (the marked words, the "I checked" box): htmx swaps
        # no 4xx answer by default, and django-htmx's debug handler would replace the whole
        # page with this fragment (walk 5). The refusal is in the box, not the status.
        return render(request, "live/page.html#ask", ctx)
    if status == 200:
        messages.success(request, _("Your question was sent to the hub."))
        return redirect("live:page", slug=program.slug, pk=pk)
    ctx.update(_page_context(request, program, session, None))
    ctx.update(text=text)
    return render(request, "live/page.html", ctx, status=status)


# --- events ---------------------------------------------------------------------------------


@never_cache
@require_GET
@login_required
@program_view("sessions.view")
def events(request: HttpRequest, program: Program, pk: int) -> StreamingHttpResponse:
    """Server-sent events: every event after Last-Event-ID (or ?after=), then the new ones."""
    session = _session(program, pk)
    after = stream.start_id(request.headers.get("Last-Event-ID"), request.GET.get("after"))
    viewer, sees_all = request.user.pk, has_perm(request.user, program, "live.run")
    body: Any
    if isinstance(request, ASGIRequest):
        body = stream.async_stream(session.pk, after, viewer=viewer, sees_all=sees_all)
    else:
        body = stream.sync_stream(session.pk, after, viewer=viewer, sees_all=sees_all)
    response = StreamingHttpResponse(body, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache, no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response


@never_cache
@require_GET
@login_required
@program_view("sessions.view")
def events_json(request: HttpRequest, program: Program, pk: int) -> JsonResponse:
    """The short-poll fallback: the events after ?after= (at most 200), oldest first."""
    session = _session(program, pk)
    after = stream.start_id(None, request.GET.get("after"))
    rows = stream.fetch(session.pk, after)
    sees_all = has_perm(request.user, program, "live.run")
    return JsonResponse(
        {
            "events": [
                {"id": r.id, "kind": r.kind, **r.payload}
                for r in rows
                if r.for_viewer(request.user.pk, sees_all)
            ],
            "last": rows[-1].id if rows else after,
        }
    )
