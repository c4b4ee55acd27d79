"""Session screens: the list, a session with its agenda, and the coordinator's scheduling tools."""

from __future__ import annotations

import copy
import zoneinfo
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from echohub.accounts.models import User
from echohub.core import audit, limits
from echohub.core.errors import DomainError
from echohub.core.views import add_domain_error, paginate, program_context, program_view
from echohub.joining import notices
from echohub.joining import services as join_services
from echohub.joining.views import VideoForm
from echohub.programs.models import Program
from echohub.scheduling import queries, services
from echohub.scheduling.forms import (
    AgendaItemForm,
    BreakForm,
    CancelForm,
    NewSessionForm,
    ResourceForm,
    SeriesForm,
    SessionFilterForm,
    SessionTimesForm,
    SessionTitleForm,
)
from echohub.scheduling.models import (
    AgendaItem,
    AgendaKind,
    FollowUpRequest,
    ProgramBreak,
    Session,
    SessionStatus,
)
from echohub.scheduling.planning import plan_series
from echohub.scheduling.recurrence import RecurrenceError


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


# The session page's tabs for managers, in order; the destructive one last.
SESSION_TABS = ("agenda", "title", "video", "reschedule", "cancel")


@login_required
@program_view("sessions.view")
def session_detail(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    session = _session(program, pk)
    _audit_agenda(request, session, "sessions.detail")
    tab = request.GET.get("tab", "")
    return _render_session(request, program, session, tab=tab if tab in SESSION_TABS else "")


def _render_session(
    request: HttpRequest,
    program: Program,
    session: Session,
    *,
    tab: str = "",
    status: int = 200,
    reschedule_form: SessionTimesForm | None = None,
    cancel_form: CancelForm | None = None,
    title_form: SessionTitleForm | None = None,
) -> HttpResponse:
    """The session page; the POST views re-render it with their bound form on its own tab (so
    nothing typed is lost on an error or on the way back from an email preview)."""
    ctx = program_context(request, program, session=session, tab=tab)
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
        agenda_form = AgendaItemForm(program=program, actor=request.user)
        _audit_case_choices(request, program, agenda_form, "sessions.detail")
        ctx.update(
            agenda_form=agenda_form,
            cancel_form=cancel_form or CancelForm(session=session),
            title_form=title_form
            or SessionTitleForm(
                program=program, initial={"title": session.title, "title_fr": session.title_fr}
            ),
            reschedule_form=reschedule_form
            or SessionTimesForm(
                initial={
                    "date": local.date(),
                    "start_time": local.time().replace(second=0, microsecond=0),
                    "end_time": local_end.time().replace(second=0, microsecond=0),
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
            recipients=notices.change_recipient_count(session),
        )
    return render(request, "scheduling/session_detail.html", ctx, status=status)


def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


# The field of the series form a refused rule names, when one does (else the error is the form's).
SERIES_ERROR_FIELDS: dict[str, str] = {
    "end_before_start": "last_date",
    "invalid_count": "count",
    "too_many_skipped": "count",
    "invalid_week_of_month": "week_of_month",
}


@login_required
@program_view("sessions.manage")
def series_new(request: HttpRequest, program: Program) -> HttpResponse:
    """Step 1: the rule, then a preview of every date (held or skipped, with why); creating
    needs the preview of exactly what is submitted, else the new preview is shown again."""
    form = SeriesForm(request.POST or None, program=program)
    plan = None
    stale = False
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            plan = plan_series(
                program=program, rule=form.recurrence(), holiday_region=d["holiday_region"]
            )
        except RecurrenceError as err:
            # Said under the field to change when there is one (a last date before the first).
            field = SERIES_ERROR_FIELDS.get(err.code)
            if err.code == "too_many":  # the range is too long: its end, or the number asked
                field = "count" if d.get("count") else "last_date"
            form.add_error(field, str(err))
        else:
            fingerprint = form.fingerprint(plan)
            if "create" in request.POST and d["previewed"] == fingerprint:
                try:
                    series = services.create_series(
                        actor=request.user,
                        program=program,
                        title=d.get("title") or "",
                        title_fr=d.get("title_fr") or "",
                        rule=form.recurrence(),
                        video_url=d["video_url"],
                        topics=[e for e, _f in form.topic_pairs()],
                        topics_fr=[f for _e, f in form.topic_pairs()],
                        holiday_region=d["holiday_region"],
                    )
                except DomainError as err:
                    add_domain_error(form, err)
                else:
                    messages.success(
                        request,
                        _("Series “%(title)s” created with %(n)d sessions.")
                        % {"title": series, "n": series.sessions.count()},
                    )
                    return redirect("scheduling:list", slug=program.slug)
            # Else a creation of what was not previewed: show this plan, saying why.
            stale = "create" in request.POST
            # Show the plan with the form; the hidden field remembers what was previewed.
            data = request.POST.copy()
            data["previewed"] = fingerprint
            form.data = data
    topics = form.topic_list() if plan is not None else []
    rows: list[dict[str, Any]] = []
    if plan is not None:
        n = 0
        for day in plan.dates:
            if day.skipped:
                rows.append({"date": day, "number": None, "topic": ""})
            else:
                rows.append(
                    {"date": day, "number": n + 1, "topic": topics[n] if n < len(topics) else ""}
                )
                n += 1
    return render(
        request,
        "scheduling/series_form.html",
        program_context(
            request,
            program,
            form=form,
            plan=plan if not form.errors else None,
            rows=rows,
            stale=stale,
            plan_zone=form.cleaned_data.get("time_zone") if plan else None,
            extra_topics=max(0, len(topics) - len(plan.held)) if plan else 0,
            breaks=ProgramBreak.objects.filter(program=program, last_day__gte=timezone.localdate()),
        ),
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
@program_view("sessions.manage")
def session_title(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    """Rename a session (a typo, a new theme); no email: the calendar files carry the new
    title at their next refresh. An error re-renders the page with what was typed."""
    session = _session(program, pk)
    form = SessionTitleForm(request.POST, program=program)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.update_session(
                actor=request.user,
                session=session,
                title=d.get("title", session.title) or "",
                title_fr=d.get("title_fr", session.title_fr) or "",
                video_url=session.video_url,
            )
        except DomainError as err:
            add_domain_error(form, err)
    if not form.is_valid():
        return _render_session(request, program, session, tab="title", status=400, title_form=form)
    messages.success(request, _("Session title saved."))
    return redirect(session.get_absolute_url())


@login_required
@program_view("sessions.manage")
def session_new(request: HttpRequest, program: Program) -> HttpResponse:
    form = NewSessionForm(
        request.POST or None, initial={"time_zone": program.time_zone}, program=program
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            session = services.add_session(
                actor=request.user,
                program=program,
                title=d.get("title") or "",
                title_fr=d.get("title_fr") or "",
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                time_zone=d["time_zone"],
                video_url=d["video_url"],
                series=d.get("series"),
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
    """Form -> preview of the email with the number of people -> confirm. "Back" re-renders the
    session page with what was typed."""
    session = _session(program, pk)
    if session.status == SessionStatus.CANCELLED:  # its page has no form to show this on
        messages.error(request, _("A cancelled session cannot be rescheduled."))
        return redirect(session.get_absolute_url())
    form = SessionTimesForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.check_reschedule(
                session=session, starts_at=d["starts_at"], ends_at=d["ends_at"]
            )
        except DomainError as err:
            add_domain_error(form, err)
    if not form.is_valid():
        return _render_session(
            request, program, session, tab="reschedule", status=400, reschedule_form=form
        )
    d = form.cleaned_data
    if "edit" in request.POST:
        return _render_session(request, program, session, tab="reschedule", reschedule_form=form)
    recipients = notices.change_recipient_count(session)
    if "confirm" not in request.POST or _count_changed(request, recipients):
        moved = copy.copy(session)
        moved.starts_at, moved.ends_at = d["starts_at"], d["ends_at"]
        with timezone.override(_zone(session.time_zone)):
            subject, body = notices.preview_session_change(moved, "rescheduled")
        return _preview(request, program, session, form, "reschedule", recipients, subject, body)
    services.reschedule_session(
        actor=request.user, session=session, starts_at=d["starts_at"], ends_at=d["ends_at"]
    )
    messages.success(
        request,
        ngettext(
            "Session rescheduled; %(n)d person is being emailed the new time.",
            "Session rescheduled; %(n)d people are being emailed the new time.",
            recipients,
        )
        % {"n": recipients},
    )
    return redirect(session.get_absolute_url())


@require_POST
@login_required
@program_view("sessions.manage")
def session_cancel(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    """Like rescheduling: form -> preview (with the next session and where the didactic goes)
    -> confirm."""
    session = _session(program, pk)
    if session.status == SessionStatus.CANCELLED:
        messages.error(request, _("This session is already cancelled."))
        return redirect(session.get_absolute_url())
    form = CancelForm(request.POST, session=session)
    target = None
    if form.is_valid():
        target = form.cleaned_data.get("move_didactic_to")
        try:
            services.check_cancel(
                session=session, reason=form.cleaned_data["reason"], move_to=target
            )
        except DomainError as err:
            add_domain_error(form, err)
    if not form.is_valid():
        return _render_session(
            request, program, session, tab="cancel", status=400, cancel_form=form
        )
    if "edit" in request.POST:
        return _render_session(request, program, session, tab="cancel", cancel_form=form)
    recipients = notices.change_recipient_count(session)
    if "confirm" not in request.POST or _count_changed(request, recipients):
        cancelled = copy.copy(session)
        cancelled.status = SessionStatus.CANCELLED
        cancelled.cancel_reason = form.cleaned_data["reason"].strip()
        with timezone.override(_zone(session.time_zone)):
            subject, body = notices.preview_session_change(
                cancelled,
                "cancelled",
                moved_to=target,
                moved_items=form.didactics if target else [],
            )
        return _preview(request, program, session, form, "cancel", recipients, subject, body)
    services.cancel_session(
        actor=request.user,
        session=session,
        reason=form.cleaned_data["reason"],
        move_didactic_to=target,
    )
    messages.success(
        request,
        ngettext(
            "Session cancelled; %(n)d person is being emailed.",
            "Session cancelled; %(n)d people are being emailed.",
            recipients,
        )
        % {"n": recipients},
    )
    if target is not None:
        messages.success(request, _("Its didactic is now on %(title)s.") % {"title": target})
    return redirect(session.get_absolute_url())


def _count_changed(request: HttpRequest, recipients: int) -> bool:
    """The confirmation named a number of people; if it is no longer true, preview again."""
    if request.POST.get("recipients") == str(recipients):
        return False
    messages.warning(
        request,
        _("The number of people to email changed since the preview: check it again."),
    )
    return True


def _preview(
    request: HttpRequest,
    program: Program,
    session: Session,
    form: forms.Form,
    action: str,
    recipients: int,
    subject: str,
    body: str,
) -> HttpResponse:
    return render(
        request,
        "scheduling/change_preview.html",
        program_context(
            request,
            program,
            session=session,
            form=form,
            action=action,
            recipients=recipients,
            subject=subject,
            body=body,
        ),
    )


@login_required
@program_view("sessions.manage")
def agenda_item(
    request: HttpRequest, program: Program, pk: int, item_id: int | None = None
) -> HttpResponse:
    """Add (item_id None) or edit an agenda item. With htmx, answers with the agenda partial."""
    session = _session(program, pk)
    item = get_object_or_404(AgendaItem, session=session, pk=item_id) if item_id else None
    data = request.POST if request.method == "POST" else request.GET
    case_q = (data.get("case_q") or "")[:100]
    if request.method == "POST" and "find_case" in request.POST:
        # A search for the follow-up's case: the form again with what was typed, not saved.
        form = AgendaItemForm(
            initial={k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"},
            instance=item,
            program=program,
            actor=request.user,
            case_q=case_q,
        )
        return _agenda_form_page(request, program, session, item, form)
    # A new item may open prefilled (the follow-ups page's "add to the next session": a
    # follow-up slot with its case chosen; the form offers only cases the reader may link).
    initial: dict[str, Any] = {}
    if request.method != "POST" and item is None:
        if request.GET.get("kind") in AgendaKind.values:
            initial["kind"] = request.GET["kind"]
        followed = limits.whole_number(request.GET.get("followed_case"))
        if followed:
            initial["followed_case"] = followed
            # The presenter who asked for it presents it (the list offers members only).
            asker = (
                FollowUpRequest.objects.filter(
                    case_id=followed, case__program=program, answered_at__isnull=True
                )
                .values_list("requested_by_id", flat=True)
                .first()
            )
            if asker is not None:
                initial["presenter"] = asker
    form = AgendaItemForm(
        request.POST or None,
        initial=initial or None,
        instance=item,
        program=program,
        actor=request.user,
        case_q=case_q,
    )
    if request.method == "POST" and "delete" in request.POST and item is not None:
        services.delete_agenda_item(actor=request.user, item=item)
        return _agenda_response(request, program, session.pk)
    if request.method == "POST" and form.is_valid():
        fields = {f: form.cleaned_data[f] for f in AgendaItemForm.Meta.fields if f in form.fields}
        fields["followed_case"] = form.cleaned_data.get("followed_case")
        try:
            services.save_agenda_item(
                actor=request.user,
                session=session,
                item=item,
                version=form.cleaned_data["version"] or None,
                **fields,
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            return _agenda_response(request, program, session.pk)
    return _agenda_form_page(
        request, program, session, item, form, status=400 if form.errors else 200
    )


def _agenda_form_page(
    request: HttpRequest,
    program: Program,
    session: Session,
    item: AgendaItem | None,
    form: AgendaItemForm,
    status: int = 200,
) -> HttpResponse:
    _audit_case_choices(request, program, form, "sessions.agenda_item")
    return render(
        request,
        "scheduling/agenda_item_form.html",
        program_context(request, program, session=session, item=item, form=form),
        status=status,
    )


def _audit_case_choices(
    request: HttpRequest, program: Program, form: AgendaItemForm, view: str
) -> None:
    """The follow-up slot's list of cases names them (number, title, site): a list read."""
    audit.record_reads(
        actor=request.user,
        action="case.list_read",
        object_type="cases.case",
        ids=form.case_ids,
        view=f"{view}.follow_up_cases",
        program=program,
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


@login_required
@program_view("sessions.manage")
def breaks(request: HttpRequest, program: Program) -> HttpResponse:
    """The program's breaks: dates new series skip."""
    form = BreakForm(request.POST or None)
    if request.method == "POST" and "remove" in request.POST:
        remove = limits.whole_number(request.POST.get("remove")) or 0
        brk = get_object_or_404(ProgramBreak, program=program, pk=remove)
        services.remove_break(actor=request.user, brk=brk)
        messages.success(request, _("Break “%(title)s” removed.") % {"title": brk.title})
        return redirect("scheduling:breaks", slug=program.slug)
    if request.method == "POST" and form.is_valid():
        try:
            brk = services.add_break(actor=request.user, program=program, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("Break “%(title)s” added.") % {"title": brk.title})
            return redirect("scheduling:breaks", slug=program.slug)
    return render(
        request,
        "scheduling/breaks.html",
        program_context(
            request,
            program,
            form=form,
            breaks=ProgramBreak.objects.filter(program=program).order_by("-first_day"),
        ),
        status=400 if form.errors else 200,
    )


@login_required
@program_view("cases.present")
def follow_ups(request: HttpRequest, program: Program) -> HttpResponse:
    """A presenter asks for a follow-up slot for a case whose recommendations were sent (or
    takes the request back); coordinators see the requests waiting for a slot. `?case=<id>`
    (the case page's link) opens the page on that case, ready to ask; a form sent from there
    (`back=case`) leads back to the case page, where the request's state shows."""
    if request.method == "POST":
        case_id = limits.whole_number(request.POST.get("case")) or 0
        try:
            if "withdraw" in request.POST:
                pk = limits.whole_number(request.POST.get("withdraw")) or 0
                services.withdraw_follow_up_request(
                    actor=request.user,
                    request=get_object_or_404(
                        FollowUpRequest, pk=pk, case__program=program, requested_by=request.user
                    ),
                )
                messages.success(request, _("Your request for a follow-up slot was withdrawn."))
            else:
                services.ask_for_follow_up_slot(
                    actor=request.user, program=program, case_id=case_id
                )
                messages.success(
                    request,
                    _(
                        "Follow-up slot asked for: the coordinators are told, and you will get "
                        "an email when it is on a session’s agenda."
                    ),
                )
        except DomainError as err:
            messages.error(request, err.message)
        mine_case = case_id and any(
            c.pk == case_id for c in queries.own_followable_cases(request.user, program)
        )
        if request.POST.get("back") == "case" and mine_case:
            target = reverse("cases:detail", kwargs={"slug": program.slug, "pk": case_id})
            return redirect(target + "#follow-up-slot")
        return redirect("scheduling:follow_ups", slug=program.slug)
    mine = queries.own_followable_cases(request.user, program)
    slots = queries.follow_up_slots_of_case([c.pk for c in mine])
    for case in mine:
        case.next_slot = slots.get(case.pk)
    # The case the case page's link names: one of the reader's own followable cases, else a
    # notice that names nothing (a case of someone else's is no case at all here).
    asked = request.GET.get("case")
    chosen = None
    if asked is not None:
        wanted = limits.whole_number(asked)
        chosen = next((c for c in mine if c.pk == wanted), None)
    manages = "sessions.manage" in request.program_perms  # type: ignore[attr-defined]
    waiting = list(queries.open_follow_up_requests(program)) if manages else []
    next_sessions = queries.upcoming_sessions(program.pk, 1) if waiting else []
    shown = [c.pk for c in mine] + [r.case_id for r in waiting]
    audit.record_reads(
        actor=request.user,
        action="case.list_read",
        object_type="cases.case",
        ids=list(dict.fromkeys(shown)),
        view="sessions.follow_ups",
        program=program,
    )
    return render(
        request,
        "scheduling/follow_ups.html",
        program_context(
            request,
            program,
            mine=mine,
            waiting=waiting,
            chosen=chosen,
            chosen_missing=asked is not None and chosen is None,
            manages=manages,
            next_session=next_sessions[0] if next_sessions else None,
        ),
    )
