"""Attendance screens: the program overview, a session's table with its review queue and
tools, a person's history, "my attendance", adjustments and exports. Views stay thin: parse a
form, call one service, render or redirect."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, Min, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from echohub.accounts.models import User
from echohub.attendance import exports, queries, services
from echohub.attendance.forms import AdjustForm, AssignForm, ManualForm, RollCallForm, UploadForm
from echohub.attendance.models import (
    QUEUE_STATUSES,
    Attendance,
    AttendanceRow,
    ImportBatch,
    RowStatus,
)
from echohub.core import audit
from echohub.core.errors import DomainError
from echohub.core.views import add_domain_error, paginate, program_context, program_view
from echohub.joining.models import JoinEvent, JoinOutcome
from echohub.programs.models import Membership, Program
from echohub.scheduling.models import Session

QUEUE_PAGE = 20  # review rows shown per page (`?rows=2` for the next)


def _session(program: Program, pk: int) -> Session:
    return get_object_or_404(Session.objects.select_related("program"), program=program, pk=pk)


def _member(program: Program, user_id: int) -> User:
    user = User.objects.filter(pk=user_id).first()
    if user is None or not Membership.objects.filter(program=program, user=user).exists():
        raise Http404
    return user


def _session_url(program: Program, session: Session) -> str:
    return reverse("attendance:session", kwargs={"slug": program.slug, "pk": session.pk})


def _rooms(session: Session) -> Any:
    return AttendanceRow.objects.filter(
        session=session, status__in=(*QUEUE_STATUSES, RowStatus.ROOM), join_at__isnull=False
    ).order_by("batch_id", "row_number")


@login_required
@program_view("attendance.view")
def overview(request: HttpRequest, program: Program) -> HttpResponse:
    qs = queries.sessions_overview(program).filter(starts_at__lte=timezone.now())
    return render(
        request,
        "attendance/overview.html",
        program_context(request, program, **paginate(request, qs)),
    )


def _queue_page(request: HttpRequest, session: Session) -> dict[str, Any]:
    """The review queue's page (its own `rows` parameter, so the people table keeps `page`)."""
    paginator = Paginator(queries.review_queue(session), QUEUE_PAGE)
    page = paginator.get_page(request.GET.get("rows"))
    params = {k: v for k, v in request.GET.items() if k != "rows" and v}
    return {"queue_page": page, "queue_querystring": urlencode(params)}


def _render_session(
    request: HttpRequest,
    program: Program,
    session: Session,
    status: int = 200,
    refused_file: str = "",
    **forms: Any,
) -> HttpResponse:
    ctx = program_context(request, program, session=session)
    ctx["refused_file"] = refused_file
    page = paginate(request, queries.session_people(session))
    ctx.update(page)
    ctx["lines"] = queries.lines_for(session, list(page["page_obj"].object_list))
    ctx["summary"] = queries.summary(session)
    if "attendance.manage" in ctx["perms_in_program"]:
        people = queries.program_people(program)
        queue_page = _queue_page(request, session)
        queue = list(queue_page["queue_page"].object_list)
        suggestions = queries.candidates_for(queue)
        queries.mark_clicks(session, [u for users in suggestions.values() for u in users])
        ctx.update(
            queue_page,
            queue=[(row, suggestions[row.pk]) for row in queue],
            imports=list(queries.imports(session)[:20]),
            upload_form=forms.get("upload_form")
            or UploadForm(initial={"time_zone": session.time_zone}),
            manual_form=forms.get("manual_form") or ManualForm(people=people),
            roll_call_form=forms.get("roll_call_form")
            or RollCallForm(people=people, rooms=_rooms(session)),
        )
    return render(request, "attendance/session.html", ctx, status=status)


@login_required
@program_view("attendance.view")
def session_page(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    return _render_session(request, program, _session(program, pk))


@require_POST
@login_required
@program_view("attendance.manage")
def upload(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    session = _session(program, pk)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            result = services.import_zoom_report(
                actor=request.user,
                session=session,
                data=upload_file.read(),
                filename=upload_file.name or "",
                time_zone=form.cleaned_data["time_zone"],
                date_order=form.cleaned_data["date_order"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            if result.already_imported and result.refined:
                messages.info(
                    request,
                    ngettext(
                        "Every row of this report is already imported. %(count)d of them, "
                        "imported from a copy without seconds, now has this report's exact "
                        "times; minutes were recomputed.",
                        "Every row of this report is already imported. %(count)d of them, "
                        "imported from a copy without seconds, now have this report's exact "
                        "times; minutes were recomputed.",
                        result.refined,
                    )
                    % {"count": result.refined},
                )
            elif result.already_imported and not (result.completed or result.completed_earlier):
                messages.info(
                    request,
                    _("Every row of this report is already imported: nothing changed."),
                )
            else:
                messages.success(
                    request,
                    _(
                        "Imported %(new)d of %(rows)d rows: %(matched)d matched, "
                        "%(queue)d to review, %(ignored)d not attendance (waiting room or "
                        "did not attend)."
                    )
                    % {
                        "new": result.new_rows,
                        "rows": result.rows_in_file,
                        "matched": result.matched,
                        "queue": result.review + result.unmatched,
                        "ignored": result.ignored,
                    },
                )
            if result.completed:
                messages.info(
                    request,
                    ngettext(
                        "%(count)d join seen live, whose leave never arrived, now ends at "
                        "this report's leave time; minutes were recomputed.",
                        "%(count)d joins seen live, whose leaves never arrived, now end at "
                        "this report's leave times; minutes were recomputed.",
                        result.completed,
                    )
                    % {"count": result.completed},
                )
            if result.completed_earlier:
                messages.info(
                    request,
                    ngettext(
                        "%(count)d row of an earlier report, exported while the person was "
                        "still in the meeting, now ends at this report's leave time; minutes "
                        "were recomputed.",
                        "%(count)d rows of an earlier report, exported while the people were "
                        "still in the meeting, now end at this report's leave times; minutes "
                        "were recomputed.",
                        result.completed_earlier,
                    )
                    % {"count": result.completed_earlier},
                )
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect(_session_url(program, session))
    # The file input comes back empty (browsers never refill one): say which file was refused.
    sent = request.FILES.get("file")
    refused = " ".join(str(getattr(sent, "name", "") or "").split())[:200]
    return _render_session(
        request, program, session, status=400, refused_file=refused, upload_form=form
    )


def _queue_response(
    request: HttpRequest,
    program: Program,
    session: Session,
    row: AttendanceRow,
    error: str = "",
) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        row.refresh_from_db()
        suggestions = queries.candidates_for([row])[row.pk]
        queries.mark_clicks(session, suggestions)
        return render(
            request,
            "attendance/_queue_row.html",
            program_context(
                request, program, session=session, row=row, suggestions=suggestions, error=error
            ),
        )
    if error:
        messages.error(request, error)
    return redirect(_session_url(program, session) + "#queue")


@require_http_methods(["GET", "POST"])
@login_required
@program_view("attendance.manage")
def assign(request: HttpRequest, program: Program, pk: int, row_id: int) -> HttpResponse:
    """POST: assign the row. GET: the row on its own page with a search of everyone in the
    program (`?q=`): the picker without JavaScript."""
    session = _session(program, pk)
    row = get_object_or_404(
        AttendanceRow.objects.select_related("batch"), session=session, pk=row_id
    )
    if request.method == "GET":
        suggestions = queries.candidates_for([row])[row.pk]
        queries.mark_clicks(session, suggestions)
        q = request.GET.get("q", "").strip()[:100]
        matches, more = queries.find_people(program, q) if row.in_queue else ([], False)
        ctx = program_context(
            request,
            program,
            session=session,
            row=row,
            suggestions=suggestions,
            q=q,
            matches=matches,
            more=more,
            min_chars=queries.FIND_MIN_CHARS,
        )
        template = "attendance/_queue_row.html" if request.htmx else "attendance/assign.html"  # type: ignore[attr-defined]
        return render(request, template, ctx)
    form = AssignForm(request.POST, people=queries.program_people(program))
    if not form.is_valid():
        return _queue_response(request, program, session, row, _("Choose a person."))
    try:
        services.assign_row(actor=request.user, row=row, user=form.cleaned_data["user"])
    except DomainError as err:
        return _queue_response(request, program, session, row, err.message)
    if not request.htmx:  # type: ignore[attr-defined]
        messages.success(
            request,
            _("Row %(n)d assigned to %(name)s.")
            % {"n": row.row_number, "name": form.cleaned_data["user"].get_full_name()},
        )
    return _queue_response(request, program, session, row)


@require_http_methods(["GET"])
@login_required
@program_view("attendance.manage")
def find_people(request: HttpRequest, program: Program, pk: int, row_id: int) -> HttpResponse:
    """The picker's matches for a search (`?q=`), as the htmx fragment under the search box."""
    session = _session(program, pk)
    row = get_object_or_404(AttendanceRow, session=session, pk=row_id)
    q = request.GET.get("q", "").strip()[:100]
    matches, more = queries.find_people(program, q) if row.in_queue else ([], False)
    return render(
        request,
        "attendance/_people_matches.html",
        program_context(
            request,
            program,
            session=session,
            row=row,
            q=q,
            matches=matches,
            more=more,
            min_chars=queries.FIND_MIN_CHARS,
        ),
    )


@require_POST
@login_required
@program_view("attendance.manage")
def guest(request: HttpRequest, program: Program, pk: int, row_id: int) -> HttpResponse:
    session = _session(program, pk)
    row = get_object_or_404(AttendanceRow, session=session, pk=row_id)
    try:
        services.mark_guest(actor=request.user, row=row)
    except DomainError as err:
        return _queue_response(request, program, session, row, err.message)
    if not request.htmx:  # type: ignore[attr-defined]
        messages.success(request, _("Row %(n)d marked as a guest.") % {"n": row.row_number})
    return _queue_response(request, program, session, row)


@require_POST
@login_required
@program_view("attendance.manage")
def delete_import(request: HttpRequest, program: Program, pk: int, batch_id: int) -> HttpResponse:
    session = _session(program, pk)
    batch = get_object_or_404(ImportBatch, session=session, pk=batch_id)
    removed = services.delete_import(actor=request.user, batch=batch)
    messages.success(
        request,
        ngettext(
            "Import removed: %(n)d row deleted and minutes recomputed.",
            "Import removed: %(n)d rows deleted and minutes recomputed.",
            removed,
        )
        % {"n": removed},
    )
    return redirect(_session_url(program, session))


@require_POST
@login_required
@program_view("attendance.manage")
def manual(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    session = _session(program, pk)
    with timezone.override(session.time_zone):
        form = ManualForm(request.POST, people=queries.program_people(program))
        valid = form.is_valid()
    if valid:
        d = form.cleaned_data
        try:
            services.add_manual(
                actor=request.user,
                session=session,
                user=d["user"],
                reason=d["reason"],
                minutes=d["minutes"],
                join_at=d["join_at"],
                leave_at=d["leave_at"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request,
                _("Attendance recorded for %(name)s.") % {"name": d["user"].get_full_name()},
            )
            return redirect(_session_url(program, session))
    return _render_session(request, program, session, status=400, manual_form=form)


@require_POST
@login_required
@program_view("attendance.manage")
def roll_call(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    session = _session(program, pk)
    with timezone.override(session.time_zone):
        form = RollCallForm(
            request.POST, people=queries.program_people(program), rooms=_rooms(session)
        )
        valid = form.is_valid()
    if valid:
        d = form.cleaned_data
        try:
            created = services.roll_call(
                actor=request.user,
                session=session,
                users=list(d["users"]),
                reason=d["reason"],
                room_row=d["room_row"],
                join_at=d["join_at"],
                leave_at=d["leave_at"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request,
                ngettext(
                    "Roll call recorded for %(n)d person.",
                    "Roll call recorded for %(n)d people.",
                    len(created),
                )
                % {"n": len(created)},
            )
            return redirect(_session_url(program, session))
    return _render_session(request, program, session, status=400, roll_call_form=form)


@login_required
@program_view("attendance.manage")
def adjust(request: HttpRequest, program: Program, pk: int, user_id: int) -> HttpResponse:
    session = _session(program, pk)
    person = _member(program, user_id)
    record = Attendance.objects.filter(session=session, user=person).first()
    initial = {"minutes": record.minutes if record else 0}
    form = AdjustForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.adjust_attendance(
                actor=request.user,
                session=session,
                user=person,
                minutes=form.cleaned_data["minutes"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request,
                _("Attendance of %(name)s adjusted.") % {"name": person.get_full_name()},
            )
            return redirect(_session_url(program, session))
    rows = AttendanceRow.objects.filter(session=session, user=person).order_by(
        "join_at", "batch_id", "row_number"
    )
    return render(
        request,
        "attendance/adjust.html",
        program_context(
            request,
            program,
            session=session,
            person=person,
            record=record,
            rows=rows,
            form=form,
            length=int(session.duration.total_seconds() // 60),
        ),
        status=400 if form.errors else 200,
    )


def _history_sessions(program: Program, person: User) -> tuple[QuerySet[Session], bool]:
    """The sessions a person's history lists: those from when the person took part, that is
    from the earlier of their joining the program (any role) and the first session they have a
    record or a join click for. Someone added today is not shown the program's past sessions
    as absences; someone whose membership was entered after they began attending still sees
    the sessions they missed since. The flag says whether the program has held sessions this
    list leaves out (for the empty state)."""
    sessions = queries.history_sessions(program)
    joined = Membership.objects.filter(program=program, user=person).aggregate(
        first=Min("created_at")
    )["first"]
    if joined is None:
        return sessions, False
    seen = (
        sessions.filter(
            Exists(Attendance.objects.filter(session=OuterRef("pk"), user=person))
            | Exists(
                JoinEvent.objects.filter(
                    session=OuterRef("pk"), user=person, outcome=JoinOutcome.REDIRECTED
                )
            )
        )
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    since = min(joined, seen) if seen is not None else joined
    return sessions.filter(ends_at__gt=since), sessions.filter(ends_at__lte=since).exists()


def _totals_line(totals: dict[str, int]) -> str:
    """ "Present at 1 session, 0 minutes in all.": each count takes its own plural form (in
    French 0 and 1 take the singular: « 0 séance, 0 minute »)."""
    sessions, minutes = totals["sessions"], totals["minutes"]
    return _("Present at %(sessions)s, %(minutes)s in all.") % {
        "sessions": ngettext("%(n)d session", "%(n)d sessions", sessions) % {"n": sessions},
        "minutes": ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes},
    }


def _history(request: HttpRequest, program: Program, person: User, *, mine: bool) -> HttpResponse:
    sessions, earlier = _history_sessions(program, person)
    page = paginate(request, sessions)
    lines = queries.person_history(program, person, list(page["page_obj"].object_list))
    totals = queries.person_totals(program, person)
    return render(
        request,
        "attendance/person.html",
        program_context(
            request,
            program,
            person=person,
            lines=lines,
            totals=totals,
            totals_line=_totals_line(totals),
            before_joining=earlier,
            mine=mine,
            **page,
        ),
    )


@login_required
@program_view("attendance.view")
def person(request: HttpRequest, program: Program, user_id: int) -> HttpResponse:
    return _history(request, program, _member(program, user_id), mine=False)


@login_required
@program_view("program.view_member_area")
def mine(request: HttpRequest, program: Program) -> HttpResponse:
    assert isinstance(request.user, User)
    return _history(request, program, request.user, mine=True)


def _export(
    request: HttpRequest, program: Program, sessions: list[Session], name: str, fmt: str
) -> HttpResponseBase:
    audit.record(
        actor=request.user,
        action="attendance.export",
        obj=sessions[0] if len(sessions) == 1 else program,
        program=program,
        changes={"format": fmt, "sessions": len(sessions)},
    )
    response: HttpResponseBase
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_lines(
                queries.column_headers(queries.EXPORT_COLUMNS), queries.export_rows(sessions)
            ),
            content_type="text/csv; charset=utf-8",
        )
    else:
        response = HttpResponse(
            exports.xlsx_bytes(
                [
                    (
                        _("Attendance"),
                        queries.column_headers(queries.EXPORT_COLUMNS),
                        queries.export_rows(sessions),
                    ),
                    (
                        _("Unassigned rows"),
                        queries.column_headers(queries.UNASSIGNED_COLUMNS),
                        queries.unassigned_rows(sessions),
                    ),
                ]
            ),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
@program_view("attendance.view")
def session_export(request: HttpRequest, program: Program, pk: int, fmt: str) -> HttpResponseBase:
    session = _session(program, pk)
    return _export(request, program, [session], f"attendance-{program.slug}-{session.pk}", fmt)


@login_required
@program_view("attendance.view")
def program_export(request: HttpRequest, program: Program, fmt: str) -> HttpResponseBase:
    sessions = list(queries.history_sessions(program).order_by("starts_at"))
    if not sessions:
        raise Http404
    return _export(request, program, sessions, f"attendance-{program.slug}", fmt)


@require_POST
@login_required
@program_view("attendance.manage")
def fetch_zoom(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    """Fetch the participants report from Zoom's API and import it like an upload."""
    session = _session(program, pk)
    try:
        result = services.import_zoom_api(actor=request.user, session=session)
    except DomainError as err:
        messages.error(request, _("Fetching from Zoom failed: %(why)s") % {"why": err.message})
        return redirect(_session_url(program, session))
    if result.already_imported:
        messages.info(
            request, _("Every row of Zoom's report is already imported: nothing changed.")
        )
    else:
        messages.success(
            request,
            _(
                "Fetched %(new)d new of %(rows)d rows from Zoom: %(matched)d matched, "
                "%(queue)d to review."
            )
            % {
                "new": result.new_rows,
                "rows": result.rows_in_file,
                "matched": result.matched,
                "queue": result.review + result.unmatched,
            },
        )
    for warning in result.warnings:
        messages.warning(request, warning)
    return redirect(_session_url(program, session))
