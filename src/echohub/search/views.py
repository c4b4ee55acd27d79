"""Pages of search: the library search of a program, and the similar-cases panel."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import SafeString, mark_safe

from echohub.cases.queries import visible_cases
from echohub.core.views import program_context, program_view
from echohub.programs.models import Program
from echohub.search import services, similar, spelling
from echohub.search.indexing import FACETS


def facet_titles() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "type": _("Type"),
        "theme": _("Theme"),
        "tag": _("Tag"),
        "drug": _("Drug"),
        "mme": _("MME band"),
        "instrument": _("Instrument"),
        "profession": _("Profession"),
        "year": _("Year"),
        "program": _("Program"),
    }


#: The line breaks an indexed text keeps between its parts (a talk's key points, its tags, its
#: presenter; a tool's source and its tags), with the spaces around them.
_PART_BREAK = re.compile(r"\s*[\r\n]+\s*")


def separate_parts(snippet: SafeString) -> SafeString:
    """A snippet whose parts stay apart when read: the engine keeps the line breaks between
    them, and HTML shows a line break as a space ("…under 90. guideline opioids Elijah
    Kettleby" ran a tag into a name); each break becomes " · ". The snippet is already safe
    HTML (escaped, with only its own <mark>s) and a line break is never inside a tag."""
    return mark_safe(_PART_BREAK.sub(" · ", str(snippet).strip()))  # noqa: S308 - escaped


def _page_int(value: str | None) -> int:
    try:
        return int(value or 1)
    except ValueError:
        return 1


def _suggestion(
    request: HttpRequest, program: Program, q: str, facets: dict[str, list[str]], both: bool
) -> str | None:
    """A corrected spelling of `q` (spelling.suggest), offered only when it finds something
    this reader may open; a suggestion that finds nothing is no help."""
    suggestion = spelling.suggest(q)
    if suggestion is None:
        return None
    found = services.search(
        request.user, suggestion, facets, 1, here=program.slug, both_languages=both
    )
    return suggestion if found.count else None


@login_required
@program_view("library.view")
def search_page(request: HttpRequest, program: Program) -> HttpResponse:
    q = request.GET.get("q", "")[:500]
    facets = {name: request.GET.getlist(name) for name in FACETS}
    both = request.GET.get("both") == "1"
    all_dates = request.GET.get("all") == "1"
    results = services.search(
        request.user,
        q,
        facets,
        _page_int(request.GET.get("page")),
        here=program.slug,
        both_languages=both,
        all_dates=all_dates,
    )
    services.audit_case_reads(request.user, results.hits, "search.page")
    for hit in results.hits:
        hit.snippet = separate_parts(hit.snippet)
    suggestion = _suggestion(request, program, q, facets, both) if not results.count else None
    keep = [("q", q)] + [(n, v) for n, values in results.selected.items() for v in values]
    if both:
        keep.append(("both", "1"))
    if all_dates:
        keep.append(("all", "1"))
    titles = facet_titles()
    ctx = program_context(
        request,
        program,
        q=q,
        results=results,
        facets=[(name, titles[name], results.facets.get(name, [])) for name in FACETS],
        querystring_base=urlencode(keep) + "&",
        both_url="?" + urlencode([*keep, ("both", "1")]),
        all_dates_url="?" + urlencode([*keep, ("all", "1")]),
        recent_days=services.RECENT_DAYS,
        searched=bool(q.strip()) or bool(results.selected),
        start=(results.page - 1) * services.PER_PAGE + 1,
        suggestion=suggestion,
        suggestion_url=(
            "?" + urlencode([("q", suggestion), *keep[1:]]) if suggestion is not None else ""
        ),
    )
    template = "search/search.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, ctx)


@login_required
@program_view("cases.present")
def similar_panel(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    """The past cases like case `pk`: for its presenter (a draft too) and the hub."""
    case = get_object_or_404(visible_cases(request.user, program), pk=pk)
    case.program = program
    found = similar.similar_cases(request.user, case)
    similar.audit_similar(request.user, found, "search.similar")
    ctx: dict[str, Any] = program_context(request, program, case=case, similar=found)
    template = "search/similar.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#panel"
    return render(request, template, ctx)
