"""The respondent's pages. /s/<token>/ answers without signing in (the personal link is the
proof); the in-app page (survey_views.answer) shares `handle_answer`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from echohub.core.errors import DomainError, NotFound
from echohub.evaluation import queries, services
from echohub.evaluation.forms import ResponseForm
from echohub.evaluation.models import SurveyInvitation, SurveyStatus


def _title(survey: Any, french: bool) -> str:
    return str((french and survey.title_fr) or survey.title)


def handle_answer(
    request: HttpRequest,
    invitation: SurveyInvitation,
    *,
    actor: Any,
    action: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    survey = invitation.survey
    if survey.status == SurveyStatus.DRAFT:
        raise Http404
    language = translation.get_language() or "en"
    french = language.startswith("fr")
    ctx: dict[str, Any] = {
        **(extra or {}),
        "survey": survey,
        "invitation": invitation,
        "survey_title": _title(survey, french),
        "survey_intro": (french and survey.intro_fr) or survey.intro,
    }
    if invitation.responded:
        return render(request, "evaluation/respond/answered.html", ctx)
    if not services.accepts_answers(survey):
        return render(request, "evaluation/respond/closed.html", ctx, status=410)
    form = ResponseForm(
        survey, request.POST if request.method == "POST" else None, language=language
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.submit_response(
                    actor=actor,
                    invitation=invitation,
                    data=request.POST,
                    language=language,
                    confirmations=form.confirmations,
                )
            except services.PhiFound as err:
                form.findings = err.findings
                ctx["error"] = err.message
                status = 400
            except services.AnswersInvalid as err:
                form.errors = err.errors
                status = 400
            except NotFound:
                raise Http404 from None
            except DomainError as err:
                messages.error(request, err.message)
                return redirect(action)
            else:
                messages.success(request, _("Thank you: your answers are recorded."))
                return redirect(action)
        else:
            status = 400
            # Show identifier findings together with the other errors, not one round later.
            confirmed = {k for k, reason in form.confirmations.items() if len(reason) >= 3}
            form.findings = services.text_findings(form.questions, form.values, confirmed)
        if status == 400 and "error" not in ctx:
            ctx["error"] = _("Please check the highlighted answers.")
    ctx.update(form=form, groups=form.layout(), action=action)
    return render(request, "evaluation/respond/form.html", ctx, status=status)


@never_cache
def respond(request: HttpRequest, token: str) -> HttpResponse:
    invitation = queries.invitation_for_token(token)
    if invitation is None:
        raise Http404
    return handle_answer(request, invitation, actor=None, action=request.path)
