"""The API of search: one search over the library (talks, tools, past cases, recommendations)
and similar cases, through the same functions as the pages (echohub.search.services and
.similar), with the same rule: only what the caller may open is found or counted."""

from __future__ import annotations

import re
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema
from pydantic import ValidationInfo, field_validator

from echohub.api.access import caller, program_for
from echohub.api.errors import ApiError
from echohub.api.schemas import READ_ERRORS
from echohub.cases.models import Case
from echohub.cases.queries import visible_cases
from echohub.core.limits import SEARCH_MAX, SEARCH_READ
from echohub.search import services, similar
from echohub.search.indexing import FACETS
from echohub.search.services import MAX_PAGE

router = Router(tags=["search"])


class HitOut(Schema):
    type: str
    id: int
    title: str
    url: str
    snippet: str
    score: float
    program: str | None
    year: int | None


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class SearchOut(Schema):
    count: int
    page: int
    pages: int
    results: list[HitOut]
    facets: dict[str, list[FacetValueOut]]
    also_searched: list[str] = Field(
        default_factory=list,
        description="Words of the other language searched too (English and French: the "
        "library's bilingual glossary), e.g. `taper` for `sevrage`: when the words as typed "
        "found fewer than 10 results, or with `both_languages`.",
    )
    since: str | None = Field(
        None,
        description="A broad search (500 or more results dated in the last 90 days) is "
        "answered from those days only: ranked, counted and faceted among what is dated from "
        "`since` (ISO 8601), so that it stays fast in a large network. Null when every date "
        "was searched. Ask for every date with `all_dates`, or choose a `year`.",
    )


class SimilarOut(Schema):
    type: str
    id: int
    title: str
    url: str
    snippet: str
    score: float
    program: str | None
    why: list[str]


class SimilarListOut(Schema):
    count: int
    results: list[SimilarOut]


#: Values per facet parameter (the page keeps the first 20; the API refuses more).
MAX_VALUES = 20
#: A free value (drug, tag, instrument) as the facets list it: lower case, no "|", no control
#: character (the schema's pattern; the check also refuses upper case beyond ASCII).
FREE_VALUE = r"^[^A-Z|\x00-\x1f\x7f]{1,64}$"
SLUG = r"^[-a-zA-Z0-9_]{1,50}$"


def _professions() -> list[str]:
    """The presenter-profession facet's vocabulary: a discipline (what a profession with one
    is indexed as, and a recommendation's), or a profession that has none."""
    from echohub.accounts.professions import Profession
    from echohub.cases.models import Discipline
    from echohub.search.documents import PROFESSION_DISCIPLINE

    return list(Discipline.values) + [
        p for p in Profession.values if p not in PROFESSION_DISCIPLINE
    ]


def _closed(name: str) -> list[str]:
    from echohub.cases.models import CaseTheme
    from echohub.search.documents import MME_BAND_ORDER
    from echohub.search.models import Kind

    return {
        "type": list(Kind.values),
        "theme": list(CaseTheme.values),
        "mme": list(MME_BAND_ORDER),
        "profession": _professions(),
    }[name]


#: What each facet parameter takes, for its validation and the OpenAPI schema.
FACET_ITEMS: dict[str, dict[str, Any]] = {
    **{
        name: {"type": "string", "enum": _closed(name)}
        for name in ("type", "theme", "mme", "profession")
    },
    "tag": {"type": "string", "pattern": FREE_VALUE, "maxLength": 64},
    "drug": {"type": "string", "pattern": FREE_VALUE, "maxLength": 64},
    "instrument": {"type": "string", "pattern": FREE_VALUE, "maxLength": 30},
    "year": {"type": "string", "pattern": r"^[12][0-9]{3}$"},
    "program": {"type": "string", "pattern": SLUG},
}
FACET_HELP = {
    "type": "What kind of entry.",
    "theme": "A case theme (talks, tools and cases carry one).",
    "tag": "A free tag, in lower case (as the `tag` facet lists it).",
    "drug": "A drug's generic name in lower case, e.g. `hydromorphone` (as the `drug` facet "
    "lists it).",
    "mme": "A band of morphine milligram equivalents per day.",
    "instrument": "A scored instrument in lower case, e.g. `peg`, `phq9`, `gad7`.",
    "profession": "The presenter's discipline (a recommendation's discipline, a talk "
    "presenter's profession read as one).",
    "year": "The year given, sent or checked, e.g. `2025`.",
    "program": "A program's slug: one whose library or past cases the caller may read.",
}


def _facet_field(name: str) -> Any:
    return Field(
        default=[],
        description=FACET_HELP[name] + f" Repeatable, at most {MAX_VALUES} values.",
        json_schema_extra={"items": FACET_ITEMS[name], "maxItems": MAX_VALUES},
    )


def _check_values(name: str, values: list[str]) -> list[str]:
    """`values` of facet `name`, blanks dropped and repeats merged (as the page does), or a
    ValueError saying what is wrong, in the caller's language."""
    kept = list(dict.fromkeys(v for v in values if v.strip()))
    if len(kept) > MAX_VALUES:
        raise ValueError(
            _("At most %(n)d values of “%(name)s”, not %(given)d.")
            % {"n": MAX_VALUES, "name": name, "given": len(kept)}
        )
    items = FACET_ITEMS[name]
    for value in kept:
        if "enum" in items and value not in items["enum"]:
            raise ValueError(
                _("Unknown %(name)s value “%(value)s”: use one of %(allowed)s.")
                % {"name": name, "value": value[:64], "allowed": ", ".join(items["enum"])}
            )
        if "pattern" in items and (
            len(value) > items.get("maxLength", 64)
            or not re.fullmatch(items["pattern"], value)
            or value != value.lower()
        ):
            raise ValueError(_(_FORMATS[name]) % {"value": value[:64]})
    return kept


_FORMATS = {
    "tag": gettext_noop(
        "Not a tag: “%(value)s”. Give it in lower case as the tag facet lists it "
        "(at most 64 characters)."
    ),
    "drug": gettext_noop(
        "Not a drug: “%(value)s”. Give its generic name in lower case as the drug facet lists "
        "it, e.g. hydromorphone."
    ),
    "instrument": gettext_noop(
        "Not an instrument: “%(value)s”. Give it in lower case as the instrument facet lists "
        "it, e.g. peg or phq9 (at most 30 characters)."
    ),
    "year": gettext_noop("Not a year: “%(value)s”. Give four digits, e.g. 2025."),
    "program": gettext_noop("Not a program slug: “%(value)s”."),
}


class SearchParams(Schema):
    q: str = Field(
        "",
        max_length=SEARCH_MAX,
        description=f"The words to find (the first {SEARCH_READ} characters are read).",
    )
    both_languages: bool = Field(
        False,
        description="Also search the words' English or French terms (the library's "
        "bilingual glossary) even when the words as typed find enough; without it they are "
        "added only when the words as typed find fewer than 10 results.",
    )
    all_dates: bool = Field(
        False,
        description="Search every date even when the search is broad (see `since` in the "
        "answer): slower in a large network, and the count is of every date.",
    )
    type: list[str] = _facet_field("type")
    theme: list[str] = _facet_field("theme")
    tag: list[str] = _facet_field("tag")
    drug: list[str] = _facet_field("drug")
    mme: list[str] = _facet_field("mme")
    instrument: list[str] = _facet_field("instrument")
    profession: list[str] = _facet_field("profession")
    year: list[str] = _facet_field("year")
    program: list[str] = _facet_field("program")
    page: int = 1

    @field_validator(*FACETS)
    @classmethod
    def _known(cls, values: list[str], info: ValidationInfo) -> list[str]:
        return _check_values(str(info.field_name), values)


SEARCH_DESCRIPTION = (
    "Talks, clinical tools, past cases and recommendations matching `q` (websearch syntax: all "
    'words, "a phrase", `or` between alternatives, `-word` to leave out), best first, with '
    "facet counts. Only what the caller may open is found or counted (a program's members, "
    "and the programs that share their library; evaluators never find cases). The facet "
    "parameters are those of the search page and may repeat (values of one facet add up, "
    "facets narrow); the results are the page's for the same words, facets and person. An "
    "unknown facet value, more than 20 values of one facet, or a program the caller may not "
    "read is a 422 `invalid` naming the `field`. `snippet` is HTML: "
    "escaped text with the matched words in `<mark>`. Pages of 20, at most "
    f"{MAX_PAGE}. Case entries shown are audit-logged as case reads."
)


def _out(results: services.Results) -> dict[str, Any]:
    return {
        "count": results.count,
        "page": results.page,
        "pages": results.pages,
        "results": [
            {
                "type": h.kind,
                "id": h.object_id,
                "title": h.title,
                "url": h.url,
                "snippet": str(h.snippet),
                "score": h.score,
                "program": h.program_slug or None,
                "year": h.year,
            }
            for h in results.hits
        ],
        "facets": {
            name: [
                {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected}
                for v in values
            ]
            for name, values in results.facets.items()
        },
        "also_searched": results.widened,
        "since": results.since.isoformat() if results.since else None,
    }


def _searchable(user: Any, slugs: list[str]) -> None:
    """A 422 unless every program of `slugs` is one whose library or past cases `user` may
    read (an unknown program and one they may not read get the same answer)."""
    if not slugs:
        return
    from echohub.library import selectors as lib

    readable = set(
        lib.readable_programs(user).filter(slug__in=slugs).values_list("slug", flat=True)
    ) | set(lib.case_reader_programs(user).filter(slug__in=slugs).values_list("slug", flat=True))
    unknown = [s for s in slugs if s not in readable]
    if unknown:
        raise ApiError(
            "invalid",
            _("Unknown program “%(slug)s”, or one whose library you may not read.")
            % {"slug": unknown[0]},
            status=422,
            field="program",
        )


def _search(request: HttpRequest, params: SearchParams, here: str = "") -> dict[str, Any]:
    user = caller(request)
    _searchable(user, params.program)
    facets = params.dict(exclude={"q", "page", "both_languages", "all_dates"})
    page = max(1, min(params.page, MAX_PAGE))
    results = services.search(
        user,
        params.q[:SEARCH_READ],
        facets,
        page,
        here=here,
        both_languages=params.both_languages,
        all_dates=params.all_dates,
    )
    services.audit_case_reads(user, results.hits, "api.search")
    return _out(results)


@router.get(
    "/search",
    response={200: SearchOut, **READ_ERRORS},
    summary="Search the library",
    description=SEARCH_DESCRIPTION,
)
def search_all(request: HttpRequest, params: Query[SearchParams]) -> dict[str, Any]:
    return _search(request, params)


@router.get(
    "/programs/{slug}/search",
    response={200: SearchOut, **READ_ERRORS},
    summary="Search the library from a program",
    description=SEARCH_DESCRIPTION + " Requires `library.view` in the program.",
)
def search_program(request: HttpRequest, slug: str, params: Query[SearchParams]) -> dict[str, Any]:
    program = program_for(request, slug, "library.view")
    return _search(request, params, here=program.slug)


@router.get(
    "/cases/{case_id}/similar",
    response={200: SimilarListOut, **READ_ERRORS},
    summary="Similar past cases",
    description=(
        "The library cases the caller may open most like this case (by age band, theme, "
        "opioids and MME band, mental-health and substance-use flags, instruments, and text), "
        "best first, each with `why` it matched; never the case itself. For whoever sees the "
        "case in its program (its presenter, a draft too; the hub). Audit-logged as case reads."
    ),
)
def similar_to(request: HttpRequest, case_id: int) -> dict[str, Any]:
    user = caller(request)
    if not 0 < case_id < 2**63:  # beyond any id (and beyond what SQL integers hold)
        raise Http404
    case = Case.objects.select_related("program").filter(pk=case_id).first()
    if case is None:
        raise Http404
    program = program_for(request, case.program.slug, "cases.present")
    case = visible_cases(user, program).filter(pk=case_id).first()
    if case is None:
        raise Http404
    found = similar.similar_cases(user, case)
    similar.audit_similar(user, found, "api.similar")
    return {
        "count": len(found),
        "results": [
            {
                "type": "case",
                "id": s.case_id,
                "title": s.title,
                "url": s.url,
                "snippet": str(escape(s.summary)),
                "score": s.score,
                "program": s.program_slug or None,
                "why": s.why,
            }
            for s in found
        ],
    }
