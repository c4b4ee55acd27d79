"""Insight dashboards (reach, sessions, cases, surveys), one survey's results, the program report.

Thin views: parse the GET filter form, call a selector in `dashboards`, build the charts, and
either render the page or answer ``?format=svg|csv&chart=<key>`` with that one chart's figure
or data as a download.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from echohub.accounts.professions import Profession
from echohub.core import limits
from echohub.core.views import paginate, program_context, program_view
from echohub.evaluation import charts as ch
from echohub.evaluation import dashboards as db
from echohub.evaluation.models import Survey
from echohub.programs.models import Program, Rurality, Site, region_label
from echohub.scheduling.models import Series

FILTER_FIELDS = ("series", "date_from", "date_to", "profession", "region", "rurality")


class FilterForm(forms.Form):
    series = forms.ModelChoiceField(
        label=gettext_lazy("Cycle"), queryset=Series.objects.none(), required=False,
        empty_label=gettext_lazy("All cycles"),
    )  # fmt: skip
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
    profession = forms.ChoiceField(label=gettext_lazy("Profession"), required=False)
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    rurality = forms.ChoiceField(label=gettext_lazy("Rurality"), required=False)

    def __init__(self, program: Program, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = Series.objects.filter(program=program).order_by(  # type: ignore[attr-defined]
            "-first_date"
        )
        everyone = [("", _("Everyone"))]
        self.fields["profession"].choices = everyone + list(Profession.choices)  # type: ignore[attr-defined]
        regions = (
            Site.objects.filter(program=program)
            .order_by("region")
            .values_list("region", flat=True)
            .distinct()
        )
        # Shown in the reader's language (« Nord-Est »), sent as stored (walk 9).
        region_choices = [("", _("All regions")), *[(r, region_label(r)) for r in regions if r]]
        self.fields["region"].choices = region_choices  # type: ignore[attr-defined]
        self.fields["rurality"].choices = [("", _("All")), *Rurality.choices]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        a, b = data.get("date_from"), data.get("date_to")
        if a and b and a > b:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


def _filters(request: HttpRequest, program: Program) -> tuple[db.Filters, FilterForm, str]:
    form = FilterForm(program, request.GET or None)
    data: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        data = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    f = db.Filters.for_viewer(request.user, program, data)
    params = {k: request.GET[k] for k in FILTER_FIELDS if request.GET.get(k)}
    query = urlencode(params)
    return f, form, f"{query}&" if query else ""


def _download(
    request: HttpRequest, program: Program, charts: dict[str, ch.Chart]
) -> HttpResponse | None:
    fmt = request.GET.get("format")
    if fmt not in ("svg", "csv"):
        return None
    chart = charts.get(request.GET.get("chart", ""))
    if chart is None:
        raise Http404("No such chart")
    if fmt == "svg":
        response = HttpResponse(chart.svg(standalone=True), content_type="image/svg+xml")
    else:
        response = HttpResponse(chart.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{program.slug}-{chart.key}.{fmt}"'
    return response


def _dashboard(
    request: HttpRequest,
    program: Program,
    tab: str,
    template: str,
    compute: Callable[[Program, db.Filters], dict[str, Any]],
    make_charts: Callable[[dict[str, Any]], dict[str, ch.Chart]],
) -> HttpResponse:
    f, form, qs = _filters(request, program)
    data = compute(program, f)
    charts = make_charts(data)
    download = _download(request, program, charts)
    if download is not None:
        return download
    return render(
        request,
        template,
        program_context(
            request,
            program,
            tab=tab,
            data=data,
            charts=charts,
            filters=f,
            form=form,
            qs=qs,
            min_cell=db.MIN_CELL,
            suppressed=db.SUPPRESSED,
        ),
    )


@program_view("evaluation.view")
def insights(request: HttpRequest, program: Program) -> HttpResponse:
    f, form, qs = _filters(request, program)
    today = dt.date.today()
    return render(
        request,
        "evaluation/insights/overview.html",
        program_context(
            request,
            program,
            tab="overview",
            form=form,
            qs=qs,
            filters=f,
            report_from=f.date_from or today.replace(month=1, day=1),
            report_to=f.date_to or today,
            min_cell=db.MIN_CELL,
        ),
    )


@program_view("evaluation.view")
def reach(request: HttpRequest, program: Program) -> HttpResponse:
    return _dashboard(
        request, program, "reach", "evaluation/insights/reach.html", db.reach, ch.reach_charts
    )


@program_view("evaluation.view")
def sessions_dashboard(request: HttpRequest, program: Program) -> HttpResponse:
    return _dashboard(
        request,
        program,
        "sessions",
        "evaluation/insights/sessions.html",
        db.sessions,
        ch.sessions_charts,
    )


@program_view("evaluation.view")
def cases_dashboard(request: HttpRequest, program: Program) -> HttpResponse:
    return _dashboard(
        request, program, "cases", "evaluation/insights/cases.html", db.cases, ch.cases_charts
    )


@program_view("evaluation.view")
def surveys_dashboard(request: HttpRequest, program: Program) -> HttpResponse:
    return _dashboard(
        request,
        program,
        "surveys",
        "evaluation/insights/surveys.html",
        db.surveys,
        ch.surveys_charts,
    )


@program_view("evaluation.view")
def survey_results(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("pre_survey"), pk=pk, program=program)
    f, form, qs = _filters(request, program)
    data = db.survey_results(program, survey, f)
    charts = ch.survey_result_charts(data)
    download = _download(request, program, charts)
    if download is not None:
        return download
    for item in data["questions"]:
        item["chart"] = charts.get(f"q-{item['q'].code}")
    return render(
        request,
        "evaluation/insights/survey_results.html",
        program_context(
            request,
            program,
            tab="surveys",
            data=data,
            filters=f,
            form=form,
            qs=qs,
            min_cell=db.MIN_CELL,
            **paginate(request, data["comments"], per_page=20),
        ),
    )


@program_view("evaluation.view")
def report(request: HttpRequest, program: Program) -> HttpResponse:
    from echohub.evaluation.report import program_report_pdf

    f, form, _qs = _filters(request, program)
    if form.is_bound and form.errors:
        return render(
            request,
            "evaluation/insights/overview.html",
            program_context(request, program, tab="overview", form=form, qs="", filters=f),
            status=400,
        )
    pdf = program_report_pdf(program, f)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{program.slug}-report.pdf"'
    return response
