"""Survey screens for coordinators (/p/<slug>/surveys/): the list with response rates, create
(from a shipped template or blank), the builder (settings, sections and questions with htmx
partials), preview, open/close, send, delete; and the participant's in-app answer page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from echohub.core.errors import DomainError
from echohub.core.views import add_domain_error, paginate, program_context, program_view
from echohub.evaluation import queries, services
from echohub.evaluation.forms import (
    NewSurveyForm,
    QuestionForm,
    ResponseForm,
    SectionForm,
    SendSessionForm,
    SurveyForm,
)
from echohub.evaluation.models import Question, Section, Survey, SurveyInvitation, SurveyKind
from echohub.evaluation.respond_views import handle_answer
from echohub.programs.models import Program

MANAGE = "surveys.manage"


def _survey(program: Program, pk: int) -> Survey:
    return get_object_or_404(Survey, program=program, pk=pk)


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


@login_required
@program_view(MANAGE)
def survey_list(request: HttpRequest, program: Program) -> HttpResponse:
    page = paginate(request, queries.surveys_with_rates(program))
    for s in page["page_obj"]:
        s.rate = queries.rate(s.sent, s.answered)
    return render(
        request,
        "evaluation/surveys/list.html",
        program_context(request, program, **page),
    )


@login_required
@program_view(MANAGE)
def survey_new(request: HttpRequest, program: Program) -> HttpResponse:
    form = NewSurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {"title": form.cleaned_data["title"]} if form.cleaned_data["title"] else {}
        try:
            survey = services.create_survey(
                actor=request.user,
                program=program,
                template_key=form.cleaned_data["template"],
                data=data,
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("Survey created as a draft. Review it, then open it."))
            return redirect("evaluation:survey_edit", slug=program.slug, pk=survey.pk)
    return render(
        request,
        "evaluation/surveys/new.html",
        program_context(request, program, form=form),
        status=400 if form.is_bound and form.errors else 200,
    )


def _email_preview(survey: Survey, session: Any) -> dict[str, str]:
    """The invitation email as the next send would write it, in the reader's language, for a
    stand-in recipient and link (what "Send now" emails, read before sending)."""
    from django.conf import settings
    from django.template.loader import render_to_string

    stand_in = {"get_short_name": _("(their first name)")}
    body = render_to_string(
        "evaluation/email/invitation.txt",
        {
            "survey": survey,
            "session": session,
            "user": stand_in,
            "path": "/s/" + _("their-personal-link") + "/",
            "SITE_URL": settings.SITE_URL,
        },
    )
    return {
        "subject": _("Your feedback: %(title)s") % {"title": str(survey)},
        "body": body.strip(),
    }


@login_required
@program_view(MANAGE)
def survey_detail(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    survey = _survey(program, pk)
    rows = queries.session_rates(survey)
    sent = sum(r["sent"] for r in rows)
    answered = sum(r["answered"] for r in rows)
    send_form = (
        SendSessionForm(program=program, survey=survey)
        if survey.kind == SurveyKind.POST_SESSION
        else None
    )
    preview_session = send_form.sessions[0] if send_form and send_form.sessions else None
    return render(
        request,
        "evaluation/surveys/detail.html",
        program_context(
            request,
            program,
            survey=survey,
            rows=rows,
            total=queries.rate(sent, answered),
            responses=survey.responses.count(),
            question_count=survey.questions.count(),
            accepts=services.accepts_answers(survey),
            send_form=send_form,
            preview_session=preview_session,
            email_preview=_email_preview(survey, preview_session)
            if survey.status == "open" and (send_form is None or preview_session)
            else None,
            not_invited=None
            if survey.kind == SurveyKind.POST_SESSION
            else services.participants_not_invited(survey),
        ),
    )


def _builder_context(
    request: HttpRequest, program: Program, survey: Survey, **extra: Any
) -> dict[str, Any]:
    return program_context(
        request,
        program,
        survey=survey,
        groups=queries.survey_structure(survey),
        sections=list(survey.sections.all()),
        locked=services.has_responses(survey),
        section_form=SectionForm(prefix="section"),
        **extra,
    )


def _builder_action(
    request: HttpRequest, program: Program, survey: Survey, call: Callable[[], object]
) -> HttpResponse:
    """Run one builder change (move, remove) and show the builder again, with the refusal in
    place for htmx or as a message for a plain form post."""
    error = ""
    try:
        call()
    except DomainError as err:
        error = err.message
        if not _is_htmx(request):
            messages.error(request, error)
    return _builder(request, program, survey, builder_error=error)


def _builder(request: HttpRequest, program: Program, survey: Survey, **extra: Any) -> HttpResponse:
    """After a builder change: the builder partial for htmx, else back to the edit page."""
    if _is_htmx(request):
        return render(
            request,
            "evaluation/surveys/edit.html#builder",
            _builder_context(request, program, survey, **extra),
        )
    return redirect("evaluation:survey_edit", slug=program.slug, pk=survey.pk)


@login_required
@program_view(MANAGE)
def survey_edit(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    survey = _survey(program, pk)
    form = SurveyForm(request.POST or None, instance=survey, program=program)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_survey(
                    actor=request.user,
                    survey=survey,
                    data={f: form.cleaned_data[f] for f in services.SURVEY_FIELDS},
                )
            except DomainError as err:
                add_domain_error(form, err)
            else:
                messages.success(request, _("Survey saved."))
                return redirect("evaluation:survey_edit", slug=program.slug, pk=survey.pk)
        status = 400
        survey.refresh_from_db()
    return render(
        request,
        "evaluation/surveys/edit.html",
        _builder_context(request, program, survey, form=form),
        status=status,
    )


@require_POST
@login_required
@program_view(MANAGE)
def survey_status(request: HttpRequest, program: Program, pk: int, action: str) -> HttpResponse:
    survey = _survey(program, pk)
    try:
        if action == "open":
            services.open_survey(actor=request.user, survey=survey)
            messages.success(request, _("The survey is open."))
        elif action == "close":
            services.close_survey(actor=request.user, survey=survey)
            messages.success(request, _("The survey is closed: it takes no more answers."))
        else:
            raise Http404
    except DomainError as err:
        messages.error(request, err.message)
    return redirect("evaluation:survey", slug=program.slug, pk=survey.pk)


@login_required
@program_view(MANAGE)
def survey_delete(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    survey = _survey(program, pk)
    responses = survey.responses.count()
    if request.method == "POST":
        try:
            services.delete_survey(actor=request.user, survey=survey)
        except DomainError as err:
            messages.error(request, err.message)
            return redirect("evaluation:survey", slug=program.slug, pk=survey.pk)
        messages.success(request, _("Survey deleted."))
        return redirect("evaluation:surveys", slug=program.slug)
    return render(
        request,
        "evaluation/surveys/delete.html",
        program_context(
            request,
            program,
            survey=survey,
            responses=responses,
            invitations=survey.invitations.count(),
        ),
    )


@login_required
@program_view(MANAGE)
def survey_preview(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    survey = _survey(program, pk)
    form = ResponseForm(survey, language=translation.get_language() or "en")
    return render(
        request,
        "evaluation/surveys/preview.html",
        program_context(request, program, survey=survey, form=form, groups=form.layout()),
    )


@require_POST
@login_required
@program_view(MANAGE)
def survey_send(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    """Send now: a post-session survey for a chosen session, any other kind to all active
    participants. Sending again reaches only those not yet invited."""
    survey = _survey(program, pk)
    try:
        if survey.kind == SurveyKind.POST_SESSION:
            form = SendSessionForm(request.POST, program=program)
            if not form.is_valid():
                messages.error(request, _("Choose a session that has ended."))
                return redirect("evaluation:survey", slug=program.slug, pk=survey.pk)
            sent = services.send_for_session(
                actor=request.user, survey=survey, session=form.cleaned_data["session"]
            )
        else:
            sent = services.send_to_participants(actor=request.user, survey=survey)
    except DomainError as err:
        messages.error(request, err.message)
    else:
        if sent:
            messages.success(
                request,
                ngettext("%(n)d invitation sent.", "%(n)d invitations sent.", sent) % {"n": sent},
            )
        else:
            messages.info(request, _("Everyone was already invited: nobody new to send to."))
    return redirect("evaluation:survey", slug=program.slug, pk=survey.pk)


# --- builder: sections and questions ---------------------------------------------------------


@require_POST
@login_required
@program_view(MANAGE)
def section_add(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    survey = _survey(program, pk)
    form = SectionForm(request.POST, prefix="section")
    error = ""
    if form.is_valid():
        try:
            services.save_section(actor=request.user, survey=survey, data=form.cleaned_data)
        except DomainError as err:
            error = err.message
    else:
        error = _("Give the section a title.")
    if error and not _is_htmx(request):
        messages.error(request, error)
    return _builder(request, program, survey, builder_error=error)


@login_required
@program_view(MANAGE)
def section_edit(request: HttpRequest, program: Program, pk: int, section_pk: int) -> HttpResponse:
    survey = _survey(program, pk)
    section = get_object_or_404(Section, survey=survey, pk=section_pk)
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_section(
                actor=request.user, survey=survey, section=section, data=form.cleaned_data
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            return redirect("evaluation:survey_edit", slug=program.slug, pk=survey.pk)
    return render(
        request,
        "evaluation/surveys/section_form.html",
        program_context(request, program, survey=survey, section=section, form=form),
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
@login_required
@program_view(MANAGE)
def section_delete(
    request: HttpRequest, program: Program, pk: int, section_pk: int
) -> HttpResponse:
    survey = _survey(program, pk)
    section = get_object_or_404(Section, survey=survey, pk=section_pk)
    return _builder_action(
        request,
        program,
        survey,
        lambda: services.delete_section(actor=request.user, section=section),
    )


@require_POST
@login_required
@program_view(MANAGE)
def section_move(request: HttpRequest, program: Program, pk: int, section_pk: int) -> HttpResponse:
    survey = _survey(program, pk)
    section = get_object_or_404(Section, survey=survey, pk=section_pk)
    direction = _direction(request)
    return _builder_action(
        request,
        program,
        survey,
        lambda: services.move_section(actor=request.user, section=section, direction=direction),
    )


def _direction(request: HttpRequest) -> str:
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        raise Http404
    return direction


@login_required
@program_view(MANAGE)
def question_form(
    request: HttpRequest, program: Program, pk: int, question_pk: int | None = None
) -> HttpResponse:
    survey = _survey(program, pk)
    question = get_object_or_404(Question, survey=survey, pk=question_pk) if question_pk else None
    initial: dict[str, Any] = {}
    if question is None and request.GET.get("section"):
        initial["section"] = request.GET["section"]
    form = QuestionForm(request.POST or None, instance=question, survey=survey, initial=initial)
    locked = services.has_responses(survey)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_question(
                    actor=request.user, survey=survey, question=question, data=form.cleaned_data
                )
            except DomainError as err:
                add_domain_error(form, err)
            else:
                messages.success(request, _("Question saved."))
                return redirect("evaluation:survey_edit", slug=program.slug, pk=survey.pk)
        status = 409 if locked else 400
    return render(
        request,
        "evaluation/surveys/question_form.html",
        program_context(
            request, program, survey=survey, question=question, form=form, locked=locked
        ),
        status=status,
    )


@require_POST
@login_required
@program_view(MANAGE)
def question_delete(
    request: HttpRequest, program: Program, pk: int, question_pk: int
) -> HttpResponse:
    survey = _survey(program, pk)
    question = get_object_or_404(Question, survey=survey, pk=question_pk)
    return _builder_action(
        request,
        program,
        survey,
        lambda: services.delete_question(actor=request.user, question=question),
    )


@require_POST
@login_required
@program_view(MANAGE)
def question_move(
    request: HttpRequest, program: Program, pk: int, question_pk: int
) -> HttpResponse:
    survey = _survey(program, pk)
    question = get_object_or_404(Question, survey=survey, pk=question_pk)
    direction = _direction(request)
    return _builder_action(
        request,
        program,
        survey,
        lambda: services.move_question(actor=request.user, question=question, direction=direction),
    )


# --- participants ----------------------------------------------------------------------------


@login_required
@program_view("program.view_member_area")
def answer(request: HttpRequest, program: Program, invitation_pk: int) -> HttpResponse:
    """The in-app answer page: only the invitation's own person, signed in."""
    invitation = get_object_or_404(
        SurveyInvitation.objects.select_related("survey", "survey__program", "session"),
        pk=invitation_pk,
        user=request.user,
        survey__program=program,
    )
    return handle_answer(
        request,
        invitation,
        actor=request.user,
        action=request.path,
        extra=program_context(request, program),
    )
