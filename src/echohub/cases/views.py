"""Case screens: my cases and the review queue, the case form (autosaved, checked for
identifiers), the case page with each role's actions, and the hub's session view."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from echohub.accounts.models import User
from echohub.cases import charts, formconfig, queries, senders, services
from echohub.cases.forms import (
    MAX_MEDICATIONS,
    MAX_SCORES,
    CaseForm,
    CloseForm,
    FollowUpForm,
    FormConfigForm,
    MedicationForm,
    MedicationFormSet,
    OverrideForm,
    QuestionFormSet,
    RecommendationForm,
    ReviewForm,
    ScheduleForm,
    ScoreForm,
    ScoreFormSet,
    SenderForm,
    SendForm,
    SummaryForm,
    TaperForm,
    plain_fields,
    question_initial,
)
from echohub.cases.letter import recommendations_pdf
from echohub.cases.models import (
    CLINICAL_TEXT_FIELDS,
    DISCIPLINE_OF_PROFESSION,
    Case,
    CaseStatus,
    CaseTheme,
    Discipline,
)
from echohub.cases.queries import mme_of
from echohub.core import audit, limits
from echohub.core.errors import DomainError
from echohub.core.models import AuditEntry
from echohub.core.phi_check import FieldFinding, highlight
from echohub.core.views import add_domain_error, paginate, program_context, program_view
from echohub.programs.models import Program
from echohub.programs.rules import has_perm
from echohub.scheduling import queries as session_queries
from echohub.scheduling.models import Session


def _own_disciplines(user: Any, program: Any) -> set[str]:
    """The disciplines `user` writes for on `program`'s hubs (empty: unknown, all open)."""
    from echohub.programs.models import HubMember

    professions = HubMember.objects.filter(
        hub__program=program, user=user, is_active=True
    ).values_list("discipline", flat=True)
    return {DISCIPLINE_OF_PROFESSION[p] for p in professions if p in DISCIPLINE_OF_PROFESSION}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _case(request: HttpRequest, program: Program, pk: int) -> Case:
    case = get_object_or_404(queries.visible_cases(request.user, program), pk=pk)
    _share_program(case, program)
    return case


def _share_program(case: Case, program: Program) -> None:
    """The request's program object for the case and its session (no query for their URLs)."""
    case.program = program
    if case.session is not None and case.session.program_id == program.pk:
        case.session.program = program


@login_required
@program_view("cases.present")
def case_list(request: HttpRequest, program: Program) -> HttpResponse:
    user = _user(request)
    status = request.GET.get("status", "")
    theme = request.GET.get("theme", "")
    qs = queries.visible_cases(user, program)
    hub = "cases.view_all" in request.program_perms  # type: ignore[attr-defined]
    if status in CaseStatus.values:
        qs = qs.filter(status=status)
    elif not hub:
        qs = qs.filter(presenter=user)
    if theme in CaseTheme.values:
        qs = qs.filter(theme=theme)
    pages = paginate(request, qs.order_by("-updated_at"))
    _audit_list(request, program, pages["page_obj"], "cases.list")
    return render(
        request,
        "cases/case_list.html",
        program_context(
            request,
            program,
            status=status,
            statuses=CaseStatus.choices,
            theme=theme,
            themes=CaseTheme.choices,
            hub=hub,
            **pages,
        ),
    )


def _audit_list(request: HttpRequest, program: Program, page: Any, view: str) -> None:
    """One `case.list_read` entry naming the cases whose titles the page shows (the page's rows
    are read here once and kept for the template)."""
    page.object_list = list(page.object_list)
    audit.record_reads(
        actor=request.user,
        action="case.list_read",
        object_type=Case._meta.label_lower,
        ids=[c.pk for c in page.object_list],
        view=view,
        program=program,
    )


@require_POST
@login_required
@program_view("cases.present")
def case_new(request: HttpRequest, program: Program) -> HttpResponse:
    try:
        case = services.start_case(actor=_user(request), program=program, reuse_blank=True)
    except DomainError as err:
        messages.error(request, err.message)
        return redirect("cases:list", slug=program.slug)
    return redirect("cases:edit", slug=program.slug, pk=case.pk)


def _med_initial(rows: Any) -> list[dict[str, Any]]:
    """Medication rows as the form's initial values (the case form, the follow-up form)."""
    return [
        {
            "drug": m.drug,
            "formulation": m.formulation,
            "dose": f"{m.dose.normalize():f}",
            "unit": m.unit,
            "times_per_day": f"{m.times_per_day.normalize():f}" if m.times_per_day else "",
            "frequency": m.frequency,
            "as_needed": m.as_needed,
            "strengths": m.strengths,
            "purpose": m.purpose,
            "concentration": f"{m.concentration.normalize():f}" if m.concentration else "",
        }
        for m in rows
    ]


def _formsets(case: Case, data: Any = None) -> tuple[Any, Any]:
    meds = _med_initial(case.medications.filter(follow_up__isnull=True))
    scores = [
        {
            "instrument": s.instrument,
            "items": ", ".join(str(i) for i in s.items),
            "total": "" if s.items else s.total,
        }
        for s in case.scores.filter(follow_up__isnull=True)
    ]
    if data is not None:
        # Bound without `initial`: a posted row equal to its initial value must still count
        # (formsets otherwise treat an unchanged extra row as empty and drop it).
        return MedicationFormSet(data, prefix="med"), ScoreFormSet(data, prefix="score")
    return (
        MedicationFormSet(initial=meds, prefix="med"),
        ScoreFormSet(initial=scores, prefix="score"),
    )


def _rows(formset: Any) -> list[dict[str, Any]]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data]


#: A refusal's field naming a medication row's field (cases.services._row_field).
MEDICATION_FIELD = re.compile(r"^medications\[(\d{1,3})\]\.(\w+)$")


def _on_medication_row(meds: Any, err: DomainError) -> bool:
    """Put a refused medication row's message on that row's field (the field is marked
    invalid and focused, next to what needs correcting), not at the top of the form. The row
    is counted as `_rows` counts them: the rows that hold something."""
    match = MEDICATION_FIELD.match(err.field or "")
    if not match:
        return False
    filled = [f for f in meds.forms if f.cleaned_data]
    index, name = int(match.group(1)), match.group(2)
    if index >= len(filled):
        return False
    row = filled[index]
    row.add_error(name if name in row.fields else None, err.message)
    return True


#: "Add a medication" / "Remove medication 2" and the same for scores: submit buttons, so the
#: form works without JavaScript (cases/static/cases/case-form.js does the same in place).
ROW_ACTION = re.compile(r"^(add|remove)_(med|score)(?:-(\d{1,3}))?$")
WINDOW_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,40}$")


def _version(raw: str | None) -> int | None:
    """The version the form was drawn from (None when not sent). One that is not a number (a
    tampered field) never matches, so the save is a conflict, not a crash."""
    try:
        return int(raw or 0) or None
    except ValueError:
        return -1


def _edit_window(post: QueryDict) -> tuple[str, int] | None:
    """The editing window's token and save count (set by case-form.js), or None without the
    script or on anything malformed: then only the version decides."""
    token, seq = post.get("window", ""), post.get("seq", "")
    count = limits.whole_number(seq) if len(seq) <= 9 else None
    if not WINDOW_TOKEN.match(token) or count is None:
        return None
    return token, count


_ROW_FIELDS = {
    "med": (list(MedicationForm.base_fields), MAX_MEDICATIONS),
    "score": (list(ScoreForm.base_fields), MAX_SCORES),
}


def _reshape_rows(data: QueryDict, action: re.Match[str]) -> QueryDict:
    """The posted form with one row added to (or removed from) a formset, the rows after it
    renumbered: everything typed is kept."""
    verb, prefix, index = action.group(1), action.group(2), action.group(3)
    fields, most = _ROW_FIELDS[prefix]
    try:
        total = max(0, min(int(data.get(f"{prefix}-TOTAL_FORMS") or ""), most))
    except ValueError:
        return data  # a broken form: the formset refuses it, nothing is saved
    rows = [{n: data.getlist(f"{prefix}-{i}-{n}") for n in fields} for i in range(total)]
    if verb == "add" and len(rows) < most:
        rows.append({})
    elif verb == "remove" and index is not None and int(index) < len(rows):
        rows.pop(int(index))
    out = data.copy()
    for key in list(out):
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == prefix and parts[1].isdigit():
            del out[key]
    for i, row in enumerate(rows):
        for name, values in row.items():
            out.setlist(f"{prefix}-{i}-{name}", values)
    out[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    out[f"{prefix}-INITIAL_FORMS"] = "0"
    out.setdefault(f"{prefix}-MIN_NUM_FORMS", "0")
    out.setdefault(f"{prefix}-MAX_NUM_FORMS", str(most))
    return out


@login_required
@program_view("cases.present")
def case_edit(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    user = _user(request)
    case = get_object_or_404(Case, program=program, pk=pk, presenter=user)
    if case.status not in services.EDITABLE:
        return redirect(case.get_absolute_url())
    findings: list[FieldFinding] = []
    status = 200
    config = formconfig.config_of(program)
    # A section the program hides stays while the case has rows in it (nothing is lost).
    show_meds = config.sections["medications"] or case.medications.exists()
    show_scores = config.sections["scores"] or case.scores.exists()
    saved_at = None
    focus = ""
    uncounted: list[dict[str, str]] = []
    if request.method == "POST":
        action = request.POST.get("action", "save")
        row_action = ROW_ACTION.match(action)
        data = _reshape_rows(request.POST, row_action) if row_action else request.POST
        form = CaseForm(data, instance=case, config=config, show_medications=show_meds)
        meds, scores = _formsets(case, data)
        valid = form.is_valid()
        valid = (meds.is_valid() if show_meds else True) and valid
        valid = (scores.is_valid() if show_scores else True) and valid
        if valid:
            try:
                version = _version(request.POST.get("version"))
                case = services.save_draft(
                    actor=user,
                    case=case,
                    data=form.draft_data(),
                    medications=_rows(meds) if show_meds else None,
                    scores=_rows(scores) if show_scores else None,
                    version=version,
                    window=_edit_window(request.POST),
                )
                saved_at = timezone.now()  # kept even if the submission below is refused
                if action in ("submit", "submit_partial"):
                    services.submit_case(
                        actor=user, case=case, count_confirmed=action == "submit_partial"
                    )
                    messages.success(
                        request, _("Case submitted for privacy review. You will get an email.")
                    )
                    return redirect(case.get_absolute_url())
            except services.PhiFound as err:
                findings = err.findings
                status = 400
                messages.error(request, err.message)
            except services.UncountedOpioids as err:
                uncounted = err.rows  # asked below the form; the draft is saved
                status = 400
            except DomainError as err:
                for problem in getattr(err, "problems", [err]):
                    if not (show_meds and _on_medication_row(meds, problem)):
                        add_domain_error(form, problem)
                status = 409 if err.code == "stale_draft" else 400
            else:
                if request.htmx:  # type: ignore[attr-defined]
                    response = render(
                        request,
                        "cases/case_form.html#save-status",
                        {"case": case, "saved_at": saved_at},
                    )
                    response["HX-Trigger"] = "echohub:draft-saved"  # case-form.js counts it
                    return response
                if not row_action:
                    messages.success(request, _("Draft saved."))
                    return redirect("cases:edit", slug=program.slug, pk=case.pk)
                # saved; the rows are shown as reshaped
        else:
            status = 400
        if request.htmx and status != 200:  # type: ignore[attr-defined]
            # 200 so htmx swaps it in: the status line says the draft was not saved.
            return render(
                request, "cases/case_form.html#save-status", {"case": case, "error": True}
            )
        if row_action:
            focus = _focus_after(row_action, meds if row_action.group(2) == "med" else scores)
    else:
        form = CaseForm(instance=case, config=config, show_medications=show_meds)
        meds, scores = _formsets(case)
        if "check" in request.GET:
            findings = services.case_findings(case)
    by_field: dict[str, list[FieldFinding]] = {}
    for f in findings:
        by_field.setdefault(f.field, []).append(f)
    text_of = form.data if form.is_bound else {}
    phi_by_field: dict[str, dict[str, Any]] = {}
    override_forms: list[str] = []
    for field, items in by_field.items():
        kept = services.extra_text(case).get(field, "")
        text = str(text_of.get(field, getattr(case, field, kept)) or "")
        open_items = []
        for f in items:
            if not f.overridden:
                override_forms.append(f"override-{len(override_forms) + 1}")
                open_items.append((f, f.key, override_forms[-1]))
        phi_by_field[field] = {
            "html": highlight(text, items),
            "open": open_items,
            # The field's name as its label reads, without the form's "required" star.
            "label": str(form[field].label).removesuffix(" *") if field in form.fields else field,
        }
    mme = mme_of(list(case.medications.filter(follow_up__isnull=True)), case.mme_table)
    return render(
        request,
        "cases/case_form.html",
        program_context(
            request,
            program,
            case=case,
            form=form,
            meds=meds,
            scores=scores,
            phi_by_field=phi_by_field,
            override_forms=override_forms,
            finding_count=len(findings),
            uncounted=uncounted,
            mme=mme,
            show_meds=show_meds,
            show_scores=show_scores,
            required_fields=config.required(),
            groups=form.groups(),
            saved_at=saved_at,
            focus=focus,
            # A submission refused after the draft was saved (identifiers, a missing answer)
            # says "saved", not "not saved".
            error=status != 200 and saved_at is None,
            # ...and one refused at "Check and submit" says it was not submitted either.
            submitting=request.POST.get("action") in ("submit", "submit_partial"),
        ),
        status=status,
    )


def _focus_after(action: re.Match[str], rows: Any) -> str:
    """Where the reader continues after adding or removing a row without JavaScript: the new
    row, or the row that took the removed one's place (else the add button)."""
    prefix, count = action.group(2), rows.total_form_count()
    if action.group(1) == "add":
        return f"{prefix}-row-{count - 1}"
    at = int(action.group(3) or 0)
    return f"{prefix}-row-{min(at, count - 1)}" if count else f"{prefix}-add"


@require_POST
@login_required
@program_view("cases.present")
def case_override(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    user = _user(request)
    case = get_object_or_404(Case, program=program, pk=pk, presenter=user)
    form = OverrideForm(request.POST)
    if form.is_valid():
        field, kind, digest = [*form.cleaned_data["key"].split(":", 2), "", ""][:3]
        try:
            services.override_finding(
                actor=user,
                case=case,
                field=field,
                kind=kind,
                text_hash=digest,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as err:
            messages.error(request, err.message)
        else:
            messages.success(
                request, _("Noted. The finding is kept with your reason in the audit log.")
            )
    else:
        messages.error(request, _("Say briefly why this is not identifying."))
    return redirect(f"/p/{program.slug}/cases/{case.pk}/edit/?check=1")


@login_required
@program_view("cases.present")
def case_detail(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    return _render_detail(request, program, _case(request, program, pk))


def _kept_findings(case: Case, config: Any) -> list[dict[str, Any]]:
    """The findings the presenter kept, for the privacy reviewer: the kind, the words (read
    again from the case, where the override holds only their keyed hash), the field they are in
    and the presenter's reason. A kept finding the text no longer holds shows its reason only."""
    overrides = list(case.phi_overrides.all())
    if not overrides:
        return []
    texts = {f: getattr(case, f) for f in CLINICAL_TEXT_FIELDS}
    texts.update(services.extra_text(case))
    words: dict[tuple[str, str, str], str] = {}
    for f in services.case_findings(case):
        words.setdefault((f.field, f.kind, f.text_hash), texts[f.field][f.start : f.end])
    return [
        {
            "kind": o.kind,
            "reason": o.reason,
            "words": words.get((o.field, o.kind, o.text_hash), ""),
            "field": config.label(o.field) if o.field in CLINICAL_TEXT_FIELDS else "",
        }
        for o in overrides
    ]


def _extra_answers(case: Case, config: formconfig.FormConfig) -> list[tuple[str, str]]:
    """(label, answer) for the program's questions in their order, then kept answers to
    questions removed since."""
    answers = dict(case.extra or {})
    out = []
    for q in config.questions:
        answer = answers.pop(q.name, None)
        if isinstance(answer, dict) and answer.get("value"):
            value = str(answer["value"])
            value = dict(q.display_choices()).get(value, value) if q.kind == "choice" else value
            out.append((q.display_label(), value))
    for name, answer in answers.items():
        if isinstance(answer, dict) and answer.get("value"):
            out.append((str(answer.get("label") or name), str(answer["value"])))
    return out


def _render_detail(
    request: HttpRequest,
    program: Program,
    case: Case,
    *,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case page. `bound` holds forms re-shown with what was typed after a refusal."""
    user = _user(request)
    bound = bound or {}
    config = formconfig.config_of(program)
    audit.record(
        actor=user, action="case.read", obj=case, program=program, changes={"view": "cases.detail"}
    )
    perms = request.program_perms  # type: ignore[attr-defined]
    is_presenter = case.presenter_id == user.pk
    # The letter is the presenter's and the hub's (case_letter refuses anyone else).
    can_download_letter = case.sent_at is not None and (is_presenter or "cases.view_all" in perms)
    recs = {r.discipline: r for r in case.recommendations.select_related("author")}
    # Each of the case's rows is read once: the presented ones, the follow-ups' and the chart's.
    all_meds = list(case.medications.all())
    all_scores = list(case.scores.all())
    follow_ups = list(case.follow_ups.all())
    for fu in follow_ups:
        fu.score_rows = [s for s in all_scores if s.follow_up_id == fu.pk]  # type: ignore[attr-defined]
        fu_meds = [m for m in all_meds if m.follow_up_id == fu.pk]
        fu.mme = mme_of(fu_meds, case.mme_table) if fu_meds else None  # type: ignore[attr-defined]
    ctx: dict[str, Any] = {
        "case": case,
        "is_presenter": is_presenter,
        "can_download_letter": can_download_letter,
        "medications": [m for m in all_meds if m.follow_up_id is None],
        "scores": [s for s in all_scores if s.follow_up_id is None],
        "follow_ups": follow_ups,
        "recommendations": [recs[d] for d in Discipline.values if d in recs],
        # Shown to the privacy reviewer only, while the case waits for the review.
        "overrides": (
            _kept_findings(case, config)
            if case.status == CaseStatus.SUBMITTED and "cases.review" in perms
            else []
        ),
        # Every field that holds text, under the program's label (hidden ones too: kept).
        "text_fields": [
            (config.label(f), getattr(case, f))
            for f in CLINICAL_TEXT_FIELDS[1:]
            if getattr(case, f)
        ],
        "extra_answers": _extra_answers(case, config),
    }
    # Recommendations written ahead and sent before the session read "Sent before the
    # session", not "Sent -98.8 hours after the session" (the walk of round 1222).
    hours = services.hours_to_recommendations(case)
    ctx["hours_to_recommendations"] = hours if hours is None or hours >= 0 else None
    ctx["sent_before_session"] = hours is not None and hours < 0
    ctx["mme"] = mme_of(ctx["medications"], case.mme_table)
    if follow_ups:  # one point per follow-up after the presented one
        points = charts.trajectory(
            case,
            mme_of,
            medications=all_meds,
            scores=all_scores,
            follow_ups=follow_ups,
            presented_mme=ctx["mme"],
        )
        ctx["trajectory"] = points
        ctx["chart_lines"] = charts.svg_lines(points)
    if "cases.review" in perms:
        # A refused review comes back as typed (a reset to "Approve" approved on the next press).
        ctx["review_form"] = bound.get("review") or ReviewForm(initial={"theme": case.theme})
        sessions: list[Any] = list(queries.schedulable_sessions(program)[:20])
        ctx["schedule_form"] = ScheduleForm(sessions=[x for x in sessions if x.free_slots])
        ctx["full_sessions"] = [x for x in sessions if x.case_slots and not x.free_slots]
        ctx["slotless_sessions"] = [x for x in sessions if not x.case_slots]
    if "cases.view_all" in perms:
        ctx["sending"] = senders.senders(program)
        if senders.may_send(user, program, ctx["sending"]["rule"]):
            ctx["send_form"] = SendForm()
    if "cases.recommend" in perms and case.status in (CaseStatus.SCHEDULED, CaseStatus.PRESENTED):
        own = _own_disciplines(user, program)
        ctx["recommendation_forms"] = [
            (
                label,
                recs.get(value),
                bound.get(value)
                or RecommendationForm(
                    initial={
                        "discipline": value,
                        "text": recs[value].text if value in recs else "",
                        "version": recs[value].version if value in recs else None,
                    },
                    prefix=value,
                ),
                # Open: the writer's own discipline, any with text or a refused save; the
                # others fold (seven empty boxes of 260 px each on a phone: hubwalk10).
                not own
                or value in own
                or value in bound
                or bool(recs.get(value) and recs[value].text),
            )
            for value, label in Discipline.choices
        ]
    if "cases.recommend" in perms and case.status in services.TAPER_OPEN:
        ctx["taper_form"] = bound.get("taper") or TaperForm(
            initial={
                "rule": "cdc2022-long-term",
                "duration": "long-term",
                "start_date": timezone.localdate(),
            }
        )
        ctx["taper_preview"] = bound.get("taper_preview")
    if is_presenter:
        ctx.update(
            follow_up_form=bound.get("follow_up") or FollowUpForm(),
            close_form=CloseForm(),
            summary_form=bound.get("summary")
            or SummaryForm(initial={"text": case.plain_language_summary}),
            # The medications as last given (the latest follow-up's, else the presented
            # ones), to change what changed: each follow-up then carries today's MME/day.
            follow_meds=bound.get("follow_meds")
            or MedicationFormSet(prefix="med", initial=_med_initial(_current_meds(all_meds))),
            follow_scores=bound.get("follow_scores") or ScoreFormSet(prefix="score"),
        )
    # Where the case stands for a follow-up slot in a session: the presenter's request (open or
    # answered) and the slot, for the presenter and for those who plan the agendas.
    if (is_presenter or "sessions.manage" in perms) and (
        case.sent_at is not None and case.status in session_queries.followable_statuses()
    ):
        ctx["follow_up_slot"] = session_queries.follow_up_state(case)
    ctx["plain"] = _PlainFields(ctx)
    return render(
        request, "cases/case_detail.html", program_context(request, program, **ctx), status=status
    )


def _current_meds(all_meds: list[Any]) -> list[Any]:
    """The case's medications as last given: the rows of the latest follow-up that gave any,
    else the presented ones (rows come in the order they were saved)."""
    latest = max((m.follow_up_id for m in all_meds if m.follow_up_id is not None), default=None)
    return [m for m in all_meds if m.follow_up_id == latest]


class _PlainFields(dict[str, Any]):
    """`plain.<form>` in the template: the form's fields drawn without widget templates
    (forms.plain_fields), worked out only for the forms the page shows; None to use them."""

    def __init__(self, ctx: dict[str, Any]) -> None:
        super().__init__()
        self._ctx = ctx

    def __missing__(self, key: str) -> list[dict[str, Any]] | None:
        form = self._ctx.get(key)
        rows = plain_fields(form) if form is not None else None
        self[key] = rows
        return rows


@require_POST
@login_required
@program_view("cases.present")
def case_action(request: HttpRequest, program: Program, pk: int, action: str) -> HttpResponse:
    """Every workflow step after submission, each checked by its service and the role table."""
    user = _user(request)
    case = _case(request, program, pk)
    perms = request.program_perms  # type: ignore[attr-defined]
    needs = {
        "review": "cases.review",
        "schedule": "cases.review",
        "presented": "cases.review",
        "recommend": "cases.recommend",
        "taper": "cases.recommend",
        "taper_remove": "cases.recommend",
    }
    if action in needs and needs[action] not in perms:
        return render(request, "core/403.html", status=403)
    if action == "send" and not senders.may_send(user, program):  # the program names who
        return render(request, "core/403.html", status=403)
    bound: dict[str, Any] = {}
    done = _("Saved.")  # each step below says what it did, in the reader's words
    if action == "recommend":
        discipline = request.POST.get("discipline", "")
        bound[discipline] = RecommendationForm(request.POST, prefix=discipline)
    elif action == "summary":
        bound["summary"] = SummaryForm(request.POST)
    elif action == "follow_up":
        bound["follow_up"] = FollowUpForm(request.POST)
    elif action == "taper":
        bound["taper"] = TaperForm(request.POST)
    elif action == "review":
        bound["review"] = ReviewForm(request.POST)
    try:
        if action == "review":
            review = bound["review"]
            if not review.is_valid():
                raise DomainError("invalid", _("Choose approve or return."))
            approve = review.cleaned_data["decision"] == "approve"
            services.review_case(
                actor=user,
                case=case,
                approve=approve,
                comments=review.cleaned_data["comments"],
                theme=review.cleaned_data["theme"] or None,
            )
            done = (
                _("Case approved. The presenter is told by email.")
                if approve
                else _("Case returned to the presenter with your comments, by email.")
            )
        elif action == "schedule":
            session = get_object_or_404(
                Session, program=program, pk=limits.whole_number(request.POST.get("session")) or 0
            )
            services.schedule_case(actor=user, case=case, session=session)
            done = _("Case placed in %(session)s. The presenter is told by email.") % {
                "session": session
            }
        elif action == "presented":
            services.mark_presented(actor=user, case=case)
            done = _("Case marked as presented.")
        elif action == "recommend":
            form = bound[request.POST.get("discipline", "")]
            if not form.is_valid():
                raise DomainError("text_required", _("Write the recommendations."))
            services.save_recommendation(
                actor=user,
                case=case,
                discipline=form.cleaned_data["discipline"],
                text=form.cleaned_data["text"],
                version=form.cleaned_data["version"],
            )
            done = _("Recommendations saved. The presenter sees them once they are sent.")
        elif action == "taper":
            taper = bound["taper"]
            if not taper.is_valid():
                raise DomainError("invalid_taper", _("Check the taper plan fields."))
            d = taper.cleaned_data
            args = {
                "rule": d["rule"],
                "start_date": d["start_date"],
                "percent": d["percent"],
                "interval": d["interval"] or None,
                "duration": d["duration"],
            }
            if request.POST.get("do") != "attach":  # preview: show the table, change nothing
                bound["taper_preview"] = services.build_taper_plan(case=case, **args)
                return _render_detail(request, program, case, bound=bound)
            services.attach_taper_plan(actor=user, case=case, **args)
            done = _("Taper plan attached to the recommendations.")
        elif action == "taper_remove":
            services.remove_taper_plan(actor=user, case=case)
            done = _("Taper plan removed.")
        elif action == "send":
            services.send_recommendations(
                actor=user, case=case, summary=request.POST.get("summary", "")
            )
            done = _("Recommendations sent to the presenter by email.")
        elif action == "acknowledge":
            services.acknowledge(actor=user, case=case)
            done = _("Thank you: the hub knows you have read the recommendations.")
        elif action == "summary":
            services.save_plain_summary(actor=user, case=case, text=request.POST.get("text", ""))
            done = _("Summary for your patient saved.")
        elif action == "follow_up":
            meds, scores = (
                MedicationFormSet(request.POST, prefix="med"),
                ScoreFormSet(request.POST, prefix="score"),
            )
            # shown again with what was typed if the follow-up is refused
            bound["follow_meds"], bound["follow_scores"] = meds, scores
            if not (meds.is_valid() and scores.is_valid()):
                raise DomainError("invalid", _("Check the medication and score rows."))
            services.add_follow_up(
                actor=user,
                case=case,
                what_changed=request.POST.get("what_changed", ""),
                medications=_rows(meds),
                scores=_rows(scores),
            )
            done = _("Follow-up added to the case.")
        elif action == "close":
            close = CloseForm(request.POST)
            if not close.is_valid():
                raise DomainError("invalid_answer", _("Answer the three close-out questions."))
            d = close.cleaned_data
            services.close_case(
                actor=user,
                case=case,
                advice_followed=d["advice_followed"],
                plan_changed=d["plan_changed"],
                referral_avoided=d["referral_avoided"],
                comments=d["comments"],
            )
            done = _("Case closed.")
        else:
            return render(request, "404.html", status=404)
    except DomainError as err:
        message = err.message
        taper = bound.get("taper")
        if taper is not None and taper.is_bound and err.field in taper.fields:
            taper.add_error(err.field, message)  # shown under the field, with what was typed
        review = bound.get("review")
        if review is not None and err.field in review.fields and not review.has_error(err.field):
            review.add_error(err.field, message)  # e.g. a return without comments
        if isinstance(err, services.PhiFound):
            # the kinds in the reader's words (phone, name, place), never the scanner's codes
            what = ", ".join(sorted({str(f.label) for f in err.findings}))
            if action == "recommend":  # nothing to explain here: the expert removes it
                message = _(
                    "This may identify the patient or someone else (%(what)s). "
                    "Remove it, then save."
                ) % {"what": what}
            else:
                message += f" ({what})"
        follow = bound.get("follow_up") if action == "follow_up" else None
        if follow is not None and follow.is_bound:
            # The refusal also stands in the follow-up form, at the foot of a long page (the
            # walk of round 1222: it showed only in the banner at the top, the form far below).
            follow.is_valid()
            where = err.field if err.field in follow.fields else None
            if where is None or not follow.has_error(where):
                follow.add_error(where, message)
        written = bound.get(request.POST.get("discipline", "")) if action == "recommend" else None
        if written is not None and written.is_bound and not written.has_error("text"):
            # The refusal also stands under the discipline's box, which takes focus with it.
            written.add_error("text", message)
        messages.error(request, message)
        if bound:  # show the page again with what was typed: nothing is lost
            return _render_detail(request, program, case, bound=bound, status=400)
    else:
        messages.success(request, done)
    return redirect(case.get_absolute_url())


@login_required
@program_view("cases.view_all")
def session_cases(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    """The hub's view of a session: its cases, questions, scores and MME at a glance."""
    session = get_object_or_404(Session, program=program, pk=pk)
    session.program = program
    cases = list(
        # Who opens which case (an expert: none waiting for its privacy review).
        queries.visible_cases(_user(request), program)
        .filter(session=session)
        .select_related("presenter", "site")
        # All of the cases' rows, the presented ones kept below: filtering on follow_up IS NULL
        # in SQL lets SQLite walk the follow-up index over every presented row of the network.
        .prefetch_related("medications", "scores")
        .order_by("agenda_item__position")
    )
    # The cases its follow-up slots follow up: their last recommendations and trajectory.
    followed = [
        c for c in queries.follow_ups_to_prepare(session, _user(request), program) if c not in cases
    ]
    for case in cases + followed:
        case.program = program  # the request's: no join for the case links
    # One audit entry per case read, written in one INSERT (the same fields audit.record sets).
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=_user(request),
            action="case.read",
            program=program,
            object_type=Case._meta.label_lower,
            object_id=str(case.pk),
            object_repr=str(case)[:200],
            changes={"view": "cases.session_cases"},
        )
        for case in cases + followed
    )
    rows = []
    for case in cases:
        rows.append(
            (
                case,
                mme_of(
                    [m for m in case.medications.all() if m.follow_up_id is None], case.mme_table
                ),
                [s for s in case.scores.all() if s.follow_up_id is None],
            )
        )
    follow_ups = []
    for case in followed:
        meds, scores = list(case.medications.all()), list(case.scores.all())
        recs = {r.discipline: r for r in case.recommendations.all()}
        follow_ups.append(
            {
                "case": case,
                "recommendations": [recs[d] for d in Discipline.values if d in recs],
                "trajectory": charts.trajectory(
                    case,
                    mme_of,
                    medications=meds,
                    scores=scores,
                    follow_ups=list(case.follow_ups.all()),
                ),
            }
        )
    return render(
        request,
        "cases/session_cases.html",
        program_context(request, program, session=session, rows=rows, follow_ups=follow_ups),
    )


@login_required
@program_view("cases.present")
def case_letter(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    """The recommendations letter as PDF, for the presenter and the hub, once sent."""
    case = _case(request, program, pk)
    user = _user(request)
    if case.sent_at is None or not (
        case.presenter_id == user.pk or "cases.view_all" in request.program_perms  # type: ignore[attr-defined]
    ):
        return render(request, "404.html", status=404)
    audit.record(actor=user, action="case.letter_downloaded", obj=case, program=program)
    medications = list(case.medications.filter(follow_up__isnull=True))
    body = recommendations_pdf(case, mme=mme_of(medications, case.mme_table))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="recommendations-{case.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@program_view("cases.present")
def patient_summary(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    """The presenter's plain-language summary, laid out to print for the patient."""
    case = get_object_or_404(Case, program=program, pk=pk, presenter=_user(request))
    audit.record(
        actor=request.user,
        action="case.read",
        obj=case,
        program=program,
        changes={"view": "cases.patient_summary"},
    )
    return render(request, "cases/patient_summary.html", {"case": case, "program": program})


@login_required
@program_view("cases.aggregate")
def case_summary(request: HttpRequest, program: Program) -> HttpResponse:
    """De-identified aggregates for evaluators and the hub: counts and outcomes, no case. The
    hub sees live figures; an evaluator the closed cases as they stood at a settled month
    (`queries.settled_cases`, probe 1221)."""
    user = _user(request)
    live = has_perm(user, program, "cases.view_all")
    as_of = None
    if live:
        summary = queries.case_summary(program)
    else:
        cases, as_of = queries.settled_cases(program)
        summary = queries.case_summary(program, cases)
    summary.update(live=live, as_of=as_of)
    audit.record(actor=user, action="cases.summary_viewed", obj=program, program=program)
    return render(request, "cases/summary.html", program_context(request, program, summary=summary))


@login_required
@program_view("cases.review")
def form_config(request: HttpRequest, program: Program) -> HttpResponse:
    """The program's own case form: fields shown and required, labels, help, extra questions.
    A refused configuration is shown again as typed, with the reason at its place."""
    user = _user(request)
    config = formconfig.config_of(program)
    # A program writing French gets French labels, help and questions beside the English.
    french = "fr" in program.languages
    status = 200
    if request.method == "POST":
        form = FormConfigForm(request.POST, config=config, french=french)
        questions = QuestionFormSet(request.POST, prefix="q", form_kwargs={"french": french})
        if form.is_valid() and questions.is_valid():
            fields, sections = form.settings()
            rows = [q.cleaned_data for q in questions.forms if not q.is_blank()]
            try:
                services.save_form_config(
                    actor=user, program=program, fields=fields, sections=sections, questions=rows
                )
            except DomainError as err:
                status = 400
                if err.field in formconfig.CONFIGURABLE:
                    form.add_error(f"{err.field}-required", err.message)
                elif err.field and err.field.startswith("question-"):
                    filled = [q for q in questions.forms if not q.is_blank()]
                    filled[int(err.field.split("-")[1]) - 1].add_error(None, err.message)
                else:
                    form.add_error(None, err.message)
                messages.error(request, err.message)
            else:
                messages.success(request, _("The case form was saved."))
                return redirect("cases:form_config", slug=program.slug)
        else:
            status = 400
    else:
        form = FormConfigForm(config=config, french=french)
        questions = QuestionFormSet(
            initial=question_initial(config), prefix="q", form_kwargs={"french": french}
        )
    return render(
        request,
        "cases/form_config.html",
        program_context(
            request,
            program,
            form=form,
            questions=questions,
            config=config,
            locked=[(n, formconfig.default_label(n)) for n in formconfig.LOCKED],
            sender_form=SenderForm(initial={"sender": senders.sender_rule(program)}),
            sending=senders.senders(program),
        ),
        status=status,
    )


@require_POST
@login_required
@program_view("cases.review")
def form_sender(request: HttpRequest, program: Program) -> HttpResponse:
    """Who sends the program's recommendations (stated on every case page)."""
    form = SenderForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose who sends the recommendations."))
        return redirect("cases:form_config", slug=program.slug)
    try:
        services.set_recommendations_sender(
            actor=_user(request), program=program, sender=form.cleaned_data["sender"]
        )
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(
            request,
            _("Saved: %(who)s send the recommendations.")
            % {"who": senders.SENDERS[form.cleaned_data["sender"]]},
        )
    return redirect(reverse("cases:form_config", kwargs={"slug": program.slug}) + "#sender")


@require_POST
@login_required
@program_view("cases.review")
def form_config_reset(request: HttpRequest, program: Program) -> HttpResponse:
    services.reset_form_config(actor=_user(request), program=program)
    messages.success(request, _("The case form is back to the chronic pain template."))
    return redirect("cases:form_config", slug=program.slug)
