"""Mentoring pages, under /p/<slug>/mentoring/.

Members who may ask (`mentoring.ask`) see their own questions and those they hold as mentor;
a question's page (its conversation) is for its asker and its mentor only: anyone else gets 404,
coordinators included. Coordinators (`mentoring.coordinate`) get the manage pages, which show
metadata only (topic, dates, status, who); the figures page is for coordinators and evaluators
(aggregates under the small-group rule). Each page that shows a question's text writes one audit
entry with the ids of the messages shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from echohub.accounts.models import User
from echohub.core import audit, bilingual
from echohub.core.errors import DomainError
from echohub.core.phi_check import highlight
from echohub.core.views import add_domain_error, forbidden, paginate, program_context, program_view
from echohub.mentoring import calls, queries, services
from echohub.mentoring.forms import (
    AskForm,
    AssignForm,
    AwayForm,
    CallForm,
    CallNoteForm,
    ChooseTimeForm,
    EditHeldForm,
    MentorForm,
    MessageForm,
    MinutesForm,
    NoticeEmailForm,
    OverrideForm,
    SettingsForm,
    TopicForm,
)
from echohub.mentoring.models import (
    CreditMode,
    Mentor,
    MentoringTopic,
    Message,
    MessageStatus,
    Question,
    QuestionStatus,
)
from echohub.programs.models import Program
from echohub.programs.rules import has_perm

ASK = services.ASK
COORDINATE = services.COORDINATE


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _question(request: HttpRequest, program: Program, pk: int) -> Question:
    """The question if the reader is its asker or its mentor; else 404 (coordinators too)."""
    question = queries.question_for_party(request.user, program, pk)
    if question is None:
        raise Http404
    question.program = program
    return question


# --- the member's pages ------------------------------------------------------------------------


@login_required
@program_view(ASK)
def index(request: HttpRequest, program: Program) -> HttpResponse:
    user = _user(request)
    email_form = NoticeEmailForm(initial={"email": services.email_choice_of(user)})
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "read":
            services.mark_notices_read(actor=user, program=program)
            messages.success(request, _("Your mentoring notifications are marked read."))
            return redirect("mentoring:index", slug=program.slug)
        email_form = NoticeEmailForm(request.POST)
        if email_form.is_valid():
            services.set_email_choice(actor=user, email=email_form.cleaned_data["email"])
            messages.success(request, _("Your email choice is saved."))
            return redirect("mentoring:index", slug=program.slug)
        status = 400
    mentor = queries.mentor_of(user, program)
    pages = paginate(request, queries.my_questions(user, program), queries.QUESTIONS_PER_PAGE)
    rows = list(pages["page_obj"].object_list)
    for q in rows:
        q.as_mentor = q.asker_id != user.pk
        seen = q.mentor_seen_at if q.as_mentor else q.asker_seen_at
        q.unread = bool(q.last_message_at and (seen is None or q.last_message_at > seen))
    return render(
        request,
        "mentoring/index.html",
        program_context(
            request,
            program,
            rows=rows,
            mentor=mentor,
            time_log=queries.time_logged(user, program) if mentor else None,
            away_form=AwayForm(initial={"away_until": mentor.away_until}) if mentor else None,
            coordinator=COORDINATE in request.program_perms,  # type: ignore[attr-defined]
            has_topics=MentoringTopic.objects.filter(program=program, active=True).exists(),
            notices=list(queries.notices_of(user, program)[: queries.NOTICES_SHOWN]),
            unread=queries.unread_count(user, program),
            email_form=email_form,
            **pages,
        ),
        status=status,
    )


@login_required
@program_view(ASK)
def ask(request: HttpRequest, program: Program) -> HttpResponse:
    form = AskForm(request.POST or None, program=program)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                question = services.submit_question(
                    actor=_user(request),
                    program=program,
                    body=form.cleaned_data["body"],
                    topic=form.cleaned_data["topic"],
                )
            except DomainError as err:
                add_domain_error(form, err)
                status = 429 if err.status == 429 else 400
            else:
                if question.status == QuestionStatus.HELD:
                    messages.warning(
                        request,
                        _(
                            "Saved but not sent: your question may contain identifying "
                            "information. Fix or explain each finding below."
                        ),
                    )
                elif question.status == QuestionStatus.TRIAGE:
                    messages.success(
                        request, _("Your question is sent: a coordinator will choose a mentor.")
                    )
                else:
                    messages.success(request, _("Your question is sent to a mentor."))
                return redirect("mentoring:question", slug=program.slug, pk=question.pk)
        else:
            status = 400
    return render(
        request,
        "mentoring/ask.html",
        program_context(request, program, form=form),
        status=status,
    )


def _held_view(message: Message) -> dict[str, Any]:
    findings = services.message_findings(message)
    open_items = [
        (f, f.key, f"override-{message.pk}-{i}") for i, f in enumerate(findings) if not f.overridden
    ]
    return {"html": highlight(message.body, findings), "open": open_items}


def _question_context(
    request: HttpRequest, program: Program, question: Question, **extra: Any
) -> dict[str, Any]:
    user = _user(request)
    paginator = Paginator(queries.messages_for(user, question), queries.MESSAGES_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page") or paginator.num_pages)
    shown = list(page_obj.object_list)
    for m in shown:
        m.mine = m.author_id == user.pk
        m.held = _held_view(m) if m.status == MessageStatus.HELD else None
    if shown:
        audit.record_reads(
            actor=user,
            action="mentoring.question_read",
            object_type=Message._meta.label_lower,
            ids=[m.pk for m in shown],
            view=f"mentoring.question:{question.pk}",
            program=program,
        )
    is_mentor = bool(question.mentor_id and question.mentor.user_id == user.pk)  # type: ignore[union-attr]
    rules = services.settings_for(program)
    call_rows = list(question.calls.all())
    for call in call_rows:
        call.times = calls.proposed_times(call)  # type: ignore[attr-defined]
    claim = getattr(question, "claim", None) if question.asker_id == user.pk else None
    active = question.status in (QuestionStatus.OFFERED, QuestionStatus.OPEN)
    return program_context(
        request,
        program,
        question=question,
        shown=shown,
        page_obj=page_obj,
        querystring_base="",
        is_mentor=is_mentor,
        is_asker=question.asker_id == user.pk,
        # The asker sees who their mentor is once one accepted (never who passed on it).
        show_mentor=question.asker_id != user.pk or queries.mentor_shown_to_asker(question),
        form=extra.pop("form", None) or MessageForm(),
        call_form=extra.pop("call_form", None) or CallForm(),
        note_form=extra.pop("note_form", None) or CallNoteForm(),
        minutes_form=extra.pop("minutes_form", None) or MinutesForm(),
        calls=call_rows,
        active=active,
        can_write=question.status not in (QuestionStatus.CLOSED, QuestionStatus.HELD),
        credit=rules.credit_mode == CreditMode.PER_HOUR and rules.credits_per_hour > 0,
        rules=rules,
        claim=claim,
        logged=sum(question.time_logs.filter(user=user).values_list("minutes", flat=True))
        if is_mentor
        else 0,
        limits={
            "claim": calls.CLAIM_MAX_MINUTES,
            "log": calls.LOG_MAX_MINUTES,
        },
        **extra,
    )


@login_required
@program_view(ASK)
def question(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    q = _question(request, program, pk)
    user = _user(request)
    if request.method == "POST":
        form = MessageForm(request.POST)
        htmx = bool(getattr(request, "htmx", False))
        status = 200
        if form.is_valid():
            try:
                msg = services.write(actor=user, question=q, body=form.cleaned_data["body"])
            except DomainError as err:
                add_domain_error(form, err)
                status = 429 if err.status == 429 else (409 if err.status == 409 else 400)
            else:
                if msg.status == MessageStatus.HELD:
                    messages.warning(
                        request,
                        _(
                            "Saved but not sent: your message may contain identifying "
                            "information. Fix or explain each finding below."
                        ),
                    )
                else:
                    messages.success(request, _("Your message is sent."))
                if not htmx:
                    return redirect(request.path)
                form = MessageForm()
        else:
            status = 400
        q.refresh_from_db()
        q.program = program
        context = _question_context(request, program, q, form=form)
        if htmx:
            return render(request, "mentoring/question.html#conversation", context)
        return render(request, "mentoring/question.html", context, status=status)
    services.mark_seen(actor=user, question=q)
    services.mark_notices_read(actor=user, program=program, question=q)
    return render(request, "mentoring/question.html", _question_context(request, program, q))


ACTIONS = {
    "accept",
    "pass",
    "close",
    "call",
    "choose",
    "note",
    "log",
    "claim",
    "override",
    "edit",
}


@require_POST
@login_required
@program_view(ASK)
def question_action(request: HttpRequest, program: Program, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    q = _question(request, program, pk)
    user = _user(request)
    back = reverse("mentoring:question", args=[program.slug, q.pk])
    extra: dict[str, Any] = {}
    try:
        if action == "accept":
            services.accept(actor=user, question=q)
            messages.success(request, _("You have accepted this question."))
        elif action == "pass":
            services.pass_question(actor=user, question=q)
            messages.success(request, _("You passed: the question goes to another mentor."))
            return redirect("mentoring:index", slug=program.slug)  # no longer yours to read
        elif action == "close":
            services.close(actor=user, question=q)
            messages.success(request, _("The question is closed."))
        elif action == "call":
            form = CallForm(request.POST)
            if not form.is_valid():
                extra["call_form"] = form
                raise DomainError("invalid", _("Check the proposed times."))
            calls.request_call(actor=user, question=q, proposed=form.times())
            messages.success(request, _("Your call request is sent to the mentor."))
        elif action == "choose":
            choose = ChooseTimeForm(request.POST)
            if not choose.is_valid():
                raise DomainError("invalid", _("Choose one of the proposed times."))
            call = get_object_or_404(q.calls, pk=choose.cleaned_data["call"])
            calls.choose_call_time(actor=user, call=call, when=choose.cleaned_data["when"])
            messages.success(request, _("The call is scheduled; the asker is told."))
        elif action == "note":
            note = CallNoteForm(request.POST)
            if not note.is_valid():
                extra["note_form"] = note
                raise DomainError("invalid", _("Write the note of the call."))
            msg = calls.record_call_note(actor=user, question=q, body=note.cleaned_data["body"])
            if msg.status == MessageStatus.HELD:
                messages.warning(
                    request, _("Saved but not sent: fix or explain each finding below.")
                )
            else:
                messages.success(request, _("The call note is added to the conversation."))
        elif action in ("log", "claim"):
            minutes = MinutesForm(request.POST)
            if not minutes.is_valid():
                extra["minutes_form"] = minutes
                raise DomainError("invalid_minutes", _("Give the time in whole minutes."))
            if action == "log":
                calls.log_time(actor=user, question=q, minutes=minutes.cleaned_data["minutes"])
                messages.success(request, _("Your time is logged."))
            else:
                claim = calls.claim_credit(
                    actor=user, question=q, minutes=minutes.cleaned_data["minutes"]
                )
                messages.success(
                    request,
                    _("Claimed: %(credits)s credits for %(minutes)d minutes.")
                    % {"credits": claim.credits, "minutes": claim.minutes},
                )
        elif action == "override":
            form_o = OverrideForm(request.POST)
            # A refused reason is drawn again in its box, the refusal beside it (not a banner).
            extra["override_again"] = {
                "message": request.POST.get("message", ""),
                "key": request.POST.get("key", ""),
                "reason": request.POST.get("reason", "")[:300],
            }
            if not form_o.is_valid():
                raise DomainError(
                    "reason_required", _("Say briefly why this is not identifying."), field="reason"
                )
            msg = get_object_or_404(q.messages, pk=form_o.cleaned_data["message"], author=user)
            services.override_finding(
                actor=user,
                message=msg,
                key=form_o.cleaned_data["key"],
                reason=form_o.cleaned_data["reason"],
            )
            msg.refresh_from_db()
            if msg.status == MessageStatus.SENT:
                messages.success(request, _("Thank you: your message is sent."))
        elif action == "edit":
            form_e = EditHeldForm(request.POST)
            if not form_e.is_valid():
                raise DomainError("body_required", _("Write your message."))
            msg = get_object_or_404(q.messages, pk=form_e.cleaned_data["message"], author=user)
            services.edit_held_message(actor=user, message=msg, body=form_e.cleaned_data["body"])
            msg.refresh_from_db()
            if msg.status == MessageStatus.SENT:
                messages.success(request, _("Thank you: your message is sent."))
            else:
                messages.warning(request, _("Still not sent: fix or explain each finding below."))
    except DomainError as err:
        q.refresh_from_db()
        q.program = program
        if not services.is_party(user, q):
            raise Http404 from err
        error: str | None = err.message
        if "override_again" in extra:
            if err.field == "reason":
                extra["override_again"]["error"], error = err.message, None
            else:
                del extra["override_again"]
        context = _question_context(request, program, q, error=error, **extra)
        return render(
            request,
            "mentoring/question.html",
            context,
            status=err.status if err.status >= 400 else 400,
        )
    return redirect(back)


@require_POST
@login_required
@program_view(ASK)
def availability(request: HttpRequest, program: Program) -> HttpResponse:
    user = _user(request)
    mentor = queries.mentor_of(user, program)
    if mentor is None:
        raise Http404
    form = AwayForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("invalid_date", _("Give a date like 2026-07-31, or leave it empty."))
        services.set_away(actor=user, mentor=mentor, away_until=form.cleaned_data["away_until"])
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("Your availability is saved."))
    return redirect("mentoring:index", slug=program.slug)


@login_required
@program_view(ASK)
def claims(request: HttpRequest, program: Program) -> HttpResponse:
    """The person's self-learning claims for mentoring in this program."""
    rows = queries.claims_of(_user(request), program).order_by("-created_at")
    pages = paginate(request, rows, queries.QUESTIONS_PER_PAGE)
    rules = services.settings_for(program)
    return render(
        request,
        "mentoring/claims.html",
        program_context(
            request,
            program,
            rules=rules,
            statement=bilingual.text(rules, "credit_statement"),
            **pages,
        ),
    )


# --- coordinators ------------------------------------------------------------------------------


@login_required
@program_view(COORDINATE)
def manage(request: HttpRequest, program: Program) -> HttpResponse:
    """Every question's metadata (never its text), the mentors, the topics."""
    status = request.GET.get("status", "")
    qs = queries.metadata(program)
    if status in QuestionStatus.values:
        qs = qs.filter(status=status)
    pages = paginate(request, qs, queries.QUESTIONS_PER_PAGE)
    return render(
        request,
        "mentoring/manage.html",
        program_context(
            request,
            program,
            status=status,
            statuses=[s for s in QuestionStatus.choices if s[0] != QuestionStatus.HELD],
            mentors=list(queries.mentors_with_load(program)),
            topics=list(MentoringTopic.objects.filter(program=program)),
            rules=services.settings_for(program),
            today=timezone.localdate(),
            **pages,
        ),
    )


@login_required
@program_view(COORDINATE)
def manage_question(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    """One question's metadata and, while no mentor has taken it, the mentor choice."""
    q = get_object_or_404(queries.metadata(program), pk=pk)
    q.program = program
    if request.method != "POST":
        services.mark_notices_read(
            actor=_user(request), program=program, question=q, coordinator=True
        )
    form = AssignForm(request.POST or None, program=program)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.assign(
                    actor=_user(request), question=q, mentor=form.cleaned_data["mentor"]
                )
            except DomainError as err:
                add_domain_error(form, err)
                status = err.status if err.status >= 400 else 400
            else:
                messages.success(request, _("The question is offered to the mentor you chose."))
                return redirect("mentoring:manage_question", slug=program.slug, pk=q.pk)
        else:
            status = 400
    return render(
        request,
        "mentoring/manage_question.html",
        program_context(
            request,
            program,
            question=q,
            form=form,
            assignable=q.status in (QuestionStatus.TRIAGE, QuestionStatus.OFFERED),
            passes=list(q.passes.select_related("mentor__user")),
        ),
        status=status,
    )


@login_required
@program_view(COORDINATE)
def mentor_edit(request: HttpRequest, program: Program, pk: int | None = None) -> HttpResponse:
    mentor = get_object_or_404(Mentor, program=program, pk=pk) if pk else None
    initial = (
        {
            "user": mentor.user_id,
            "disciplines": mentor.disciplines,
            "disciplines_fr": mentor.disciplines_fr,
            "topics": list(mentor.topics.all()),
            "capacity": mentor.capacity,
            "away_until": mentor.away_until,
            "active": mentor.active,
        }
        if mentor
        else None
    )
    form = MentorForm(request.POST or None, program=program, initial=initial)
    if mentor:
        form.fields["user"].disabled = True
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_mentor(
                    actor=_user(request),
                    program=program,
                    user=mentor.user if mentor else form.cleaned_data["user"],
                    disciplines=form.cleaned_data["disciplines"],
                    disciplines_fr=form.cleaned_data["disciplines_fr"],
                    topics=list(form.cleaned_data["topics"]),
                    capacity=form.cleaned_data["capacity"],
                    away_until=form.cleaned_data["away_until"],
                    active=form.cleaned_data["active"],
                )
            except DomainError as err:
                add_domain_error(form, err)
                status = 400
            else:
                messages.success(request, _("The mentor is saved."))
                return redirect("mentoring:manage", slug=program.slug)
        else:
            status = 400
    return render(
        request,
        "mentoring/mentor_edit.html",
        program_context(request, program, form=form, mentor=mentor),
        status=status,
    )


@login_required
@program_view(COORDINATE)
def topic_edit(request: HttpRequest, program: Program, pk: int | None = None) -> HttpResponse:
    topic = get_object_or_404(MentoringTopic, program=program, pk=pk) if pk else None
    initial = (
        {
            "name": topic.name,
            "name_fr": topic.name_fr,
            "position": topic.position,
            "active": topic.active,
        }
        if topic
        else None
    )
    form = TopicForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_topic(
                    actor=_user(request), program=program, topic=topic, **form.cleaned_data
                )
            except DomainError as err:
                add_domain_error(form, err)
                status = err.status if err.status >= 400 else 400
            else:
                messages.success(request, _("The topic is saved."))
                return redirect("mentoring:manage", slug=program.slug)
        else:
            status = 400
    return render(
        request,
        "mentoring/topic_edit.html",
        program_context(request, program, form=form, topic=topic),
        status=status,
    )


@login_required
@program_view(COORDINATE)
def settings_edit(request: HttpRequest, program: Program) -> HttpResponse:
    rules = services.settings_for(program)
    form = SettingsForm(
        request.POST or None,
        initial={
            "first_answer_days": rules.first_answer_days,
            "remind_hours": rules.remind_hours,
            "holiday_region": rules.holiday_region,
            "credit_mode": rules.credit_mode,
            "credits_per_hour": rules.credits_per_hour,
            "credit_statement": rules.credit_statement,
            "credit_statement_fr": rules.credit_statement_fr,
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            from decimal import Decimal

            data["credits_per_hour"] = data.get("credits_per_hour") or Decimal(0)
            try:
                services.save_settings(actor=_user(request), program=program, **data)
            except DomainError as err:
                add_domain_error(form, err)
                status = 400
            else:
                messages.success(request, _("The mentoring settings are saved."))
                return redirect("mentoring:manage", slug=program.slug)
        else:
            status = 400
    return render(
        request,
        "mentoring/settings.html",
        program_context(request, program, form=form),
        status=status,
    )


# --- figures -----------------------------------------------------------------------------------


@login_required
@program_view("program.view_member_area")
def figures(request: HttpRequest, program: Program) -> HttpResponse:
    """Time to first answer, questions per month, topics: for coordinators and evaluators,
    every figure standing for 5 or more distinct people (core.smallcells)."""
    user = _user(request)
    if not (has_perm(user, program, COORDINATE) or has_perm(user, program, "evaluation.view")):
        return forbidden(request, program, COORDINATE)
    names = {
        t.pk: bilingual.text(t, "name") for t in MentoringTopic.objects.filter(program=program)
    }
    live = has_perm(user, program, COORDINATE)
    as_of = None
    if live:
        data = queries.figures(queries.rows(program), names)
    else:
        # An evaluator: months that are over, as they stood at a settled month (probe 1221).
        since = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
        settled, as_of = queries.settled_rows(queries.rows(program, since=since))
        data = queries.figures(settled, names)
    return render(
        request,
        "mentoring/figures.html",
        program_context(
            request,
            program,
            figures=data,
            rules=services.settings_for(program),
            live=live,
            as_of=as_of,
        ),
    )
