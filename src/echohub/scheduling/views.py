"""Session screens: the list, a session with its agenda, and the coordinator's scheduling tools."""

from __future__ import annotations

import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from echohub.accounts.models import User
from echohub.core import audit
from echohub.core.errors import DomainError
from echohub.core.views import add_domain_error, paginate, program_context, program_view
from echohub.joining import services as join_services
from echohub.joining.views import VideoForm
from echohub.programs.models import Program
from echohub.scheduling import queries, services
from echohub.scheduling.forms import (
    AgendaItemForm,
    CancelForm,
    NewSessionForm,
    ResourceForm,
    SeriesForm,
    SessionFilterForm,
    SessionTimesForm,
)
from echohub.scheduling.models import AgendaItem, Session, SessionStatus
from echohub.scheduling.recurrence import Recurrence


@login_required
@program_view("sessions.view")
def session_list(request: HttpRequest, program: Program) -> HttpResponse:
    filters = SessionFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    when = data.get("when") or "upcoming"
    now = timezone.now()
    qs = Session.objects.filter(program=program).select_related("series", "program")
    if when == "upcoming":
        qs = qs.filter(ends_at__gt=now).order_by("starts_at")
    elif when == "past":
        qs = qs.filter(ends_at__lte=now).order_by("-starts_at")
    else:
        qs = qs.order_by("starts_at")
    if not data.get("cancelled"):
        qs = qs.exclude(status=SessionStatus.CANCELLED)
    if data.get("q"):
        qs = qs.filter(
            Q(title__icontains=data["q"]) | Q(agenda_items__title__icontains=data["q"])
        ).distinct()
    return render(
        request,
        "scheduling/session_list.html",
        program_context(request, program, filters=filters, when=when, **paginate(request, qs)),
    )


def _session(program: Program, pk: int) -> Session:
    return get_object_or_404(queries.with_agenda(Session.objects.filter(program=program)), pk=pk)


@login_required
@program_view("sessions.view")
def session_detail(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    session = _session(program, pk)
    ctx = program_context(request, program, session=session)
    _audit_agenda(request, session, "sessions.detail")
    if isinstance(request.user, User) and session.status == SessionStatus.SCHEDULED:
        ctx["join_path"] = reverse(
            "joining:join",
            kwargs={
                "token": join_services.join_token_for(session=session, user=request.user).token
            },
        )
    if "sessions.manage" in ctx["perms_in_program"]:
        local = timezone.localtime(session.starts_at, _zone(session.time_zone))
        local_end = timezone.localtime(session.ends_at, _zone(session.time_zone))
        ctx.update(
            agenda_form=AgendaItemForm(program=program),
            cancel_form=CancelForm(),
            reschedule_form=SessionTimesForm(
                initial={
                    "date": local.date(),
                    "start_time": local.time(),
                    "end_time": local_end.time(),
                    "time_zone": session.time_zone,
                }
            ),
            resource_form=ResourceForm(),
            video_form=VideoForm(
                initial={
                    "provider": session.provider,
                    "room": session.video_room,
                    "url": session.video_url,
                }
            ),
            incidents=list(session.provider_incidents.filter(resolved_at__isnull=True)),
        )
    return render(request, "scheduling/session_detail.html", ctx)


def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


@login_required
@program_view("sessions.manage")
def series_new(request: HttpRequest, program: Program) -> HttpResponse:
    form = SeriesForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        rule = Recurrence(
            frequency=d["frequency"],
            interval=d["interval"],
            weekday=d["weekday"],
            week_of_month=d["week_of_month"],
            first_date=d["first_date"],
            last_date=d["last_date"],
            count=d["count"],
            start_time=d["start_time"],
            duration_minutes=d["duration_minutes"],
            time_zone=d["time_zone"],
        )
        try:
            series = services.create_series(
                actor=request.user,
                program=program,
                title=d["title"],
                rule=rule,
                video_url=d["video_url"],
                topics=[t for t in d["topics"].splitlines() if t.strip()],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request,
                _("Series “%(title)s” created with %(n)d sessions.")
                % {"title": series.title, "n": series.sessions.count()},
            )
            return redirect("scheduling:list", slug=program.slug)
    return render(
        request,
        "scheduling/series_form.html",
        program_context(request, program, form=form),
        status=400 if form.errors else 200,
    )


@login_required
@program_view("sessions.manage")
def session_new(request: HttpRequest, program: Program) -> HttpResponse:
    form = NewSessionForm(request.POST or None, initial={"time_zone": program.time_zone})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            session = services.add_session(
                actor=request.user,
                program=program,
                title=d["title"],
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                time_zone=d["time_zone"],
                video_url=d["video_url"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("Session added."))
            return redirect(session.get_absolute_url())
    return render(
        request,
        "scheduling/session_form.html",
        program_context(request, program, form=form),
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
@program_view("sessions.manage")
def session_reschedule(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    session = _session(program, pk)
    form = SessionTimesForm(request.POST)
    if form.is_valid():
        try:
            services.reschedule_session(
                actor=request.user,
                session=session,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("Session rescheduled."))
            return redirect(session.get_absolute_url())
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, str(message))
    return redirect(session.get_absolute_url())


@require_POST
@login_required
@program_view("sessions.manage")
def session_cancel(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    session = _session(program, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the session is cancelled."))
        return redirect(session.get_absolute_url())
    try:
        services.cancel_session(
            actor=request.user, session=session, reason=form.cleaned_data["reason"]
        )
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("Session cancelled."))
    return redirect(session.get_absolute_url())


@login_required
@program_view("sessions.manage")
def agenda_item(
    request: HttpRequest, program: Program, pk: int, item_id: int | None = None
) -> HttpResponse:
    """Add (item_id None) or edit an agenda item. With htmx, answers with the agenda partial."""
    session = _session(program, pk)
    item = get_object_or_404(AgendaItem, session=session, pk=item_id) if item_id else None
    form = AgendaItemForm(request.POST or None, instance=item, program=program)
    if request.method == "POST" and "delete" in request.POST and item is not None:
        services.delete_agenda_item(actor=request.user, item=item)
        return _agenda_response(request, program, session.pk)
    if request.method == "POST" and form.is_valid():
        fields = {f: form.cleaned_data[f] for f in AgendaItemForm.Meta.fields}
        try:
            services.save_agenda_item(actor=request.user, session=session, item=item, **fields)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            return _agenda_response(request, program, session.pk)
    return render(
        request,
        "scheduling/agenda_item_form.html",
        program_context(request, program, session=session, item=item, form=form),
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
@program_view("sessions.manage")
def resource_add(request: HttpRequest, program: Program, pk: int, item_id: int) -> HttpResponse:
    session = _session(program, pk)
    item = get_object_or_404(AgendaItem, session=session, pk=item_id)
    form = ResourceForm(request.POST)
    if form.is_valid():
        services.add_resource(actor=request.user, item=item, **form.cleaned_data)
    else:
        messages.error(request, _("A resource needs a title and a valid link."))
    return _agenda_response(request, program, session.pk)


def _audit_agenda(request: HttpRequest, session: Session, view: str) -> None:
    """The agenda names its cases to those who may read cases: one audit entry for them."""
    if "cases.present" in getattr(request, "program_perms", set()):
        audit.record_reads(
            actor=request.user,
            action="case.list_read",
            object_type="cases.case",
            ids=queries.case_ids_on_agenda(session),
            view=view,
            program=session.program,
        )


def _agenda_response(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    session = _session(program, pk)
    if request.htmx:  # type: ignore[attr-defined]
        _audit_agenda(request, session, "sessions.agenda")
        return render(
            request,
            "scheduling/session_detail.html#agenda",
            program_context(request, program, session=session, resource_form=ResourceForm()),
        )
    messages.success(request, _("Agenda saved."))
    return redirect(session.get_absolute_url())
