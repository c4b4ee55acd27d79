"""Credit screens: the coordinator's rules (with their history), eligibility per session,
certificate batches with an htmx-polled progress bar; the participant's transcript with
certificate downloads. Views stay thin: parse a form, call one service, render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from echohub.core.errors import DomainError
from echohub.core.views import add_domain_error, paginate, program_context, program_view
from echohub.credits import queries, services
from echohub.credits.forms import BatchForm, RuleForm
from echohub.credits.models import Certificate, CertificateBatch, CreditRule
from echohub.programs.models import Program
from echohub.programs.rules import has_perm
from echohub.scheduling.models import Session


def _rule(program: Program, pk: int) -> CreditRule:
    return get_object_or_404(CreditRule.objects.select_related("program"), program=program, pk=pk)


@login_required
@program_view("credits.view")
def rules(request: HttpRequest, program: Program) -> HttpResponse:
    return render(
        request,
        "credits/rules.html",
        program_context(
            request,
            program,
            rules=list(queries.current_rules(program)),
            past=list(queries.past_versions(program)),
            nav="credits",
        ),
    )


@login_required
@program_view("credits.manage")
@require_http_methods(["GET", "POST"])
def rule_new(request: HttpRequest, program: Program) -> HttpResponse:
    form = RuleForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_rule(actor=request.user, program=program, data=form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("Rule saved; credits computed from attendance."))
            return redirect("credits:rules", slug=program.slug)
    return render(
        request,
        "credits/rule_form.html",
        program_context(request, program, form=form, rule=None, nav="credits"),
    )


@login_required
@program_view("credits.manage")
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    rule = _rule(program, pk)
    if rule.superseded_at is not None:
        raise Http404
    form = RuleForm(request.POST or None, instance=None if request.POST else rule, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.change_rule(actor=request.user, rule=rule, data=form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            if new.pk == rule.pk:
                messages.info(request, _("Nothing changed."))
            else:
                messages.success(
                    request,
                    _("Saved as version %(v)s; credits recomputed, earlier versions kept.")
                    % {"v": new.version},
                )
            return redirect("credits:rules", slug=program.slug)
    return render(
        request,
        "credits/rule_form.html",
        program_context(
            request,
            program,
            form=form,
            rule=rule,
            versions=list(queries.versions_of(rule)),
            nav="credits",
        ),
    )


@login_required
@program_view("credits.view")
def eligibility(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    rule = _rule(program, pk)
    # Sessions held so far: a cycle's future sessions were listed first, a page of rows of
    # 0 (walk 14), and the sessions with credit were on the next page.
    qs = queries.sessions_with_awards(program, rule).filter(starts_at__lte=timezone.now())
    return render(
        request,
        "credits/eligibility.html",
        program_context(request, program, rule=rule, nav="credits", **paginate(request, qs)),
    )


@login_required
@program_view("credits.view")
def session_awards(
    request: HttpRequest, program: Program, pk: int, session_pk: int
) -> HttpResponse:
    rule = _rule(program, pk)
    session = get_object_or_404(Session, program=program, pk=session_pk)
    return render(
        request,
        "credits/session.html",
        program_context(
            request,
            program,
            rule=rule,
            session=session,
            session_minutes=int(session.duration.total_seconds() // 60),
            awards=list(queries.session_awards(session, rule)),
            nav="credits",
        ),
    )


@login_required
@program_view("credits.manage")
@require_POST
def recompute(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    rule = _rule(program, pk)
    if rule.superseded_at is not None:
        raise Http404
    result = services.recompute_awards(actor=request.user, rule=rule)
    messages.success(
        request,
        _("Recomputed: %(c)s new, %(u)s changed, %(n)s unchanged.")
        % {"c": result.created, "u": result.changed, "n": result.unchanged},
    )
    return redirect("credits:eligibility", slug=program.slug, pk=rule.pk)


@login_required
@program_view("credits.manage")
@require_http_methods(["GET", "POST"])
def batches(request: HttpRequest, program: Program) -> HttpResponse:
    services.recover_stale_batches(program=program)
    form = BatchForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.start_batch(
                actor=request.user,
                rule=form.cleaned_data["rule"],
                series=form.cleaned_data["series"],
                cycle_unfinished_ok=form.cleaned_data["cycle_unfinished_ok"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            return redirect("credits:batch", slug=program.slug, pk=batch.pk)
    return render(
        request,
        "credits/batches.html",
        program_context(
            request,
            program,
            form=form,
            # Without a current rule the form could only fail: the page leads to the rule form.
            has_rule=form.fields["rule"].queryset.exists(),  # type: ignore[attr-defined]
            recipients=queries.cycle_recipients(program),
            nav="credits",
            **paginate(request, queries.batches(program)),
        ),
    )


def _batch(program: Program, pk: int) -> CertificateBatch:
    return get_object_or_404(
        CertificateBatch.objects.select_related("series", "rule"), program=program, pk=pk
    )


@login_required
@program_view("credits.manage")
def batch(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    services.recover_stale_batches(program=program)
    item = _batch(program, pk)
    certificates = (
        Certificate.objects.filter(batch=item).select_related("user").order_by("user__last_name")
    )
    return render(
        request,
        "credits/batch.html",
        program_context(
            request, program, batch=item, nav="credits", **paginate(request, certificates)
        ),
    )


@login_required
@program_view("credits.manage")
def batch_progress(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    """The progress partial the batch page polls (htmx) until the batch finishes. A batch whose
    runner died is noticed here (resumed, or failed after too many runs)."""
    services.recover_stale_batches(program=program)
    return render(
        request,
        "credits/_progress.html",
        program_context(request, program, batch=_batch(program, pk)),
    )


@login_required
@program_view("credits.manage")
@require_POST
def batch_cancel(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    item = _batch(program, pk)
    try:
        services.cancel_batch(actor=request.user, batch=item)
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(
            request,
            _("Batch cancelled. The certificates issued before it stopped stay valid."),
        )
    return redirect("credits:batch", slug=program.slug, pk=item.pk)


# --- participant ---------------------------------------------------------------------------


@login_required
@program_view("program.view_member_area")
def transcript(request: HttpRequest, program: Program) -> HttpResponse:
    return render(
        request,
        "credits/transcript.html",
        program_context(
            request, program, t=queries.transcript(program, request.user), nav="credits"
        ),
    )


@login_required
@program_view("program.view_member_area")
@require_POST
def issue_session_certificate(
    request: HttpRequest, program: Program, pk: int, session_pk: int
) -> HttpResponse:
    """A person asks for their own certificate of one session."""
    rule = _rule(program, pk)
    session = get_object_or_404(Session, program=program, pk=session_pk)
    try:
        cert = services.issue_certificate(
            actor=request.user, rule=rule, user=request.user, session=session
        )
    except DomainError as err:
        messages.error(request, err.message)
        return redirect("credits:transcript", slug=program.slug)
    return redirect("credits:certificate_pdf", slug=program.slug, pk=cert.pk)


@login_required
@program_view("program.view_member_area")
def certificate_pdf(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    """One's own certificate (coordinators may open anyone's in their program)."""
    cert = get_object_or_404(Certificate.objects.select_related("user"), program=program, pk=pk)
    if cert.user_id != request.user.pk and not has_perm(request.user, program, "credits.view"):
        raise Http404
    # The certificate is printed in its holder's language, the one its frozen facts (statement,
    # program and session titles) were written in, whoever opens it: a French coordinator
    # opening an English participant's certificate must not get French labels around English
    # facts.
    with translation.override(getattr(cert.user, "language", "") or "en"):
        pdf = services.certificate_pdf(cert)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{cert.number}.pdf"'
    return response
