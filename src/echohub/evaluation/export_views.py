"""Research export screens (/p/<slug>/research/), for program admins and evaluators.

The landing page lists the program's studies (create one on the same page) and holds the
export form. The form goes first to a counts page (the rows each dataset will hold, checked
before anything is written: no consenting people or filters matching nothing get a clear
message there), whose button posts the same choices to the download, which writes the audit
entry and streams the zip. The forms live here because they serve these views only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from echohub.core import limits
from echohub.core.errors import DomainError
from echohub.core.limits import LONG_TEXT_MAX, cap_text
from echohub.core.views import add_domain_error, program_context, program_view
from echohub.evaluation import exports
from echohub.evaluation.models import Study, Survey
from echohub.programs.models import Program, Role
from echohub.programs.rules import roles_of

EXPORT = "evaluation.export"


class StudyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Study name"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Aims, ethics approval, who will receive the data."),
    )


class ExportForm(forms.Form):
    study = forms.ModelChoiceField(label=gettext_lazy("Study"), queryset=Study.objects.none())
    datasets = forms.MultipleChoiceField(
        label=gettext_lazy("Datasets"),
        choices=[(k, gettext_lazy(v)) for k, v in exports.DATASET_TITLES.items()],
        widget=forms.CheckboxSelectMultiple,
        initial=list(exports.DATASETS),
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[("csv", "CSV (UTF-8)"), ("xlsx", "XLSX (Excel)")],
        widget=forms.RadioSelect,
        initial="csv",
    )
    date_from = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[limits.date_in_range],
    )
    date_to = forms.DateField(
        label=gettext_lazy("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[limits.date_in_range],
    )
    surveys = limits.IdsChoiceField(
        label=gettext_lazy("Surveys"),
        queryset=Survey.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: all surveys."),
    )
    include_anonymous = forms.BooleanField(
        label=gettext_lazy("Include anonymous survey responses (without an id)"),
        required=False,
        help_text=gettext_lazy(
            "They carry no person, so consent cannot be checked: leave this off unless your "
            "ethics approval covers anonymous program evaluations."
        ),
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["study"].queryset = Study.objects.filter(program=program)  # type: ignore[attr-defined]
        self.fields["surveys"].queryset = Survey.objects.filter(program=program).order_by(  # type: ignore[attr-defined]
            "-created_at"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def options(self) -> exports.ExportOptions:
        d = self.cleaned_data
        chosen = set(d["datasets"])
        return exports.ExportOptions(
            datasets=tuple(k for k in exports.DATASETS if k in chosen),
            fmt=d["format"],
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
            survey_ids=tuple(sorted(s.pk for s in d.get("surveys") or [])),
            include_anonymous=bool(d.get("include_anonymous")),
        )


def _landing(
    request: HttpRequest,
    program: Program,
    *,
    study_form: StudyForm | None = None,
    export_form: ExportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    studies = list(Study.objects.filter(program=program).order_by("name"))
    if export_form is None:
        initial: dict[str, Any] = {}
        chosen = limits.whole_number(request.GET.get("study"))
        if chosen is not None:
            initial["study"] = chosen
        elif len(studies) == 1:
            initial["study"] = studies[0].pk
        export_form = ExportForm(program=program, initial=initial)
    return render(
        request,
        "evaluation/research/index.html",
        program_context(
            request,
            program,
            studies=studies,
            study_form=study_form or StudyForm(),
            export_form=export_form,
        ),
        status=status,
    )


def _check(export: exports.Export, counts: dict[str, int]) -> str:
    """Why this export would be empty ("" when it is not)."""
    if export.consenting_count() == 0:
        return _(
            "No one in this program has consented to evaluation research, so there is nothing "
            "to export. Consent is recorded on each participant's membership."
        )
    if sum(counts.values()) == 0:
        return _(
            "The chosen datasets and filters match no rows. Widen the date range, choose other "
            "surveys or add datasets."
        )
    return ""


@login_required
@require_GET
@program_view(EXPORT)
def research(request: HttpRequest, program: Program) -> HttpResponse:
    return _landing(request, program)


@login_required
@require_POST
@program_view(EXPORT)
def study_new(request: HttpRequest, program: Program) -> HttpResponse:
    form = StudyForm(request.POST)
    if form.is_valid():
        try:
            study = exports.create_study(
                actor=request.user,
                program=program,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("Study created. Its exports share one set of ids."))
            return redirect(f"{_url(program)}?study={study.pk}")
    return _landing(request, program, study_form=form, status=400)


def _url(program: Program) -> str:
    from django.urls import reverse

    return reverse("evaluation:research", kwargs={"slug": program.slug})


@login_required
@require_GET
@program_view(EXPORT)
def counts(request: HttpRequest, program: Program) -> HttpResponse:
    form = ExportForm(request.GET, program=program)
    if not form.is_valid():
        return _landing(request, program, export_form=form, status=400)
    export = exports.Export(study=form.cleaned_data["study"], options=form.options())
    rows = export.counts()
    problem = _check(export, rows)
    return render(
        request,
        "evaluation/research/counts.html",
        program_context(
            request,
            program,
            form=form,
            export=export,
            rows=[(name, exports.DATASET_TITLES[name], n) for name, n in rows.items()],
            total=sum(rows.values()),
            people=export.consenting_count(),
            problem=problem,
            slow_xlsx=export.options.fmt == "xlsx" and sum(rows.values()) > exports.XLSX_SLOW_ROWS,
            hidden=_hidden(request),
        ),
        status=200,
    )


def _hidden(request: HttpRequest) -> list[tuple[str, str]]:
    """The GET choices again as hidden POST fields (the download posts them)."""
    return [(key, value) for key in request.GET for value in request.GET.getlist(key)]


@login_required
@require_POST
@program_view(EXPORT)
def download(request: HttpRequest, program: Program) -> HttpResponseBase:
    form = ExportForm(request.POST, program=program)
    if not form.is_valid():
        return _landing(request, program, export_form=form, status=400)
    export = exports.Export(study=form.cleaned_data["study"], options=form.options())
    rows = export.counts()
    problem = _check(export, rows)
    if problem:
        messages.error(request, problem)
        return _landing(request, program, export_form=form, status=400)
    entry = exports.audit_export(actor=request.user, export=export, counts=rows)
    roles = roles_of(request.user, program)
    role = "evaluator" if Role.EVALUATOR in roles else "program admin"
    response = StreamingHttpResponse(
        export.zip_stream(role=role, audit_id=entry.pk, expected=rows),
        content_type="application/zip",
    )
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(export)}"'
    response["Cache-Control"] = "no-store"
    return response


# Ceilings (core.limits), also told to the browser.
cap_text(StudyForm.base_fields, LONG_TEXT_MAX, "description")
