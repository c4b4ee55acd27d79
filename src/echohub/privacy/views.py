"""Retention setting, erasure preview and confirmation, deactivation (program admins)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from echohub.accounts.models import User
from echohub.core.errors import DomainError, NotFound
from echohub.core.views import program_context, program_view
from echohub.privacy import erasure, retention
from echohub.privacy.forms import ErasureForm, RetentionForm
from echohub.privacy.models import ACCREDITATION_RECORD_YEARS
from echohub.programs.models import Program


@login_required
@program_view(erasure.ERASE_PERM)
def overview(request: HttpRequest, program: Program) -> HttpResponse:
    years = retention.years_for(program)
    form = RetentionForm(request.POST or None, initial={"case_content_years": years})
    if request.method == "POST" and form.is_valid():
        try:
            retention.set_case_content_years(
                actor=request.user, program=program, years=form.cleaned_data["case_content_years"]
            )
        except DomainError as err:
            form.add_error(err.field, err.message)
        else:
            messages.success(request, _("Retention rule saved."))
            return redirect("privacy:overview", slug=program.slug)
    return render(
        request,
        "privacy/overview.html",
        program_context(
            request,
            program,
            form=form,
            years=years,
            accreditation_years=ACCREDITATION_RECORD_YEARS,
            requests=erasure.pending_requests(program),
        ),
    )


@login_required
@program_view(erasure.ERASE_PERM)
def person(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    """The preview of an erasure, and its confirmation (POST)."""
    target = get_object_or_404(User.objects.distinct(), pk=pk, memberships__program=program)
    form = ErasureForm(request.POST or None)
    error = ""
    try:
        preview = erasure.preview_erasure(actor=request.user, person=target, program=program)
    except NotFound as err:
        raise Http404 from err
    except DomainError as err:
        preview, error = None, err.message
    if request.method == "POST" and preview is not None and form.is_valid():
        try:
            erasure.erase_person(
                actor=request.user,
                person=target,
                program=program,
                confirmation=form.cleaned_data["confirmation"],
            )
        except DomainError as err:
            form.add_error("confirmation" if err.field else None, err.message)
        else:
            messages.success(request, _("The person's personal data was erased."))
            return redirect("privacy:overview", slug=program.slug)
    status = 403 if error else (400 if request.method == "POST" else 200)
    return render(
        request,
        "privacy/person.html",
        program_context(
            request,
            program,
            target=target,
            preview=preview,
            error=error,
            form=form,
            request_pending=erasure.pending_request(target),
        ),
        status=status,
    )


def _account_action(
    request: HttpRequest, program: Program, pk: int, *, reopen: bool
) -> HttpResponse:
    target = get_object_or_404(User.objects.distinct(), pk=pk, memberships__program=program)
    service = erasure.reactivate_person if reopen else erasure.deactivate_person
    try:
        service(actor=request.user, person=target, program=program)
    except NotFound as err:
        raise Http404 from err
    except DomainError as err:
        messages.error(request, err.message)
        return redirect("privacy:person", slug=program.slug, pk=pk)
    messages.success(
        request, _("The account was reopened.") if reopen else _("The account was deactivated.")
    )
    return redirect("privacy:person", slug=program.slug, pk=pk)


@require_POST
@login_required
@program_view(erasure.ERASE_PERM)
def deactivate(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    return _account_action(request, program, pk, reopen=False)


@require_POST
@login_required
@program_view(erasure.ERASE_PERM)
def reactivate(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    return _account_action(request, program, pk, reopen=True)


@login_required
def my_request(request: HttpRequest) -> HttpResponse:
    """A person asks for their own data to be erased (or withdraws the request)."""
    me = request.user
    assert isinstance(me, User)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "withdraw":
                erasure.withdraw_erasure_request(actor=me)
                messages.success(request, _("Your request was withdrawn."))
            else:
                erasure.request_erasure(actor=me)
                messages.success(
                    request, _("Your request was sent to the admins of your programs.")
                )
        except DomainError as err:
            messages.error(request, err.message)
        return redirect("privacy_me:request")
    return render(
        request,
        "privacy/my_request.html",
        {
            "pending": erasure.pending_request(me),
            "accreditation_years": ACCREDITATION_RECORD_YEARS,
        },
    )
