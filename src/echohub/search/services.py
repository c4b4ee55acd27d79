"""One search over the library: `search(user, query, facets, page)`.

The same function serves the search page, the API and the benchmark. It reads the index
(models.SearchDocument) through the database's own full-text engine (backends.py: PostgreSQL
tsvector/ts_rank/ts_headline, or SQLite FTS5/bm25/snippet) and keeps only what `user` may
open (the programs the library's selectors give them, read first), before anything is
counted: no hit, facet count or snippet ever comes from anything else.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from echohub.search import backends, documents
from echohub.search.documents import MARK_CLOSE, MARK_OPEN, MME_BAND_ORDER, TAG_PREFIX
from echohub.search.glossary import across_languages
from echohub.search.indexing import FACETS, library_statuses
from echohub.search.models import Kind, SearchDocument, SearchFacet, SearchMatch
from echohub.search.query import Query, parse

PER_PAGE = 20
#: A search whose words as typed find fewer results than this is widened to the other
#: language's terms (a page's worth: enough found as typed is left as typed).
WIDEN_BELOW = 10
#: The deepest page served (a bounded OFFSET, like the API's lists).
MAX_PAGE = 50
#: Facet values listed per facet (the most frequent first).
FACET_LIMIT = 12
#: A broad search (at least BROAD_AT matches dated in the last RECENT_DAYS days) answers
#: from those days: it is ranked, counted and faceted among them, and the page says so and
#: offers to search every date. Ranking every match of a word found in half a national
#: library (50,000 of 108,000 entries) costs its reading and scoring of every one of them
#: (about 100 ms on PostgreSQL); the window reads the recent entries only, from the
#: permission index (program, kind, dated). BROAD_AT is FACET_ROW_CAP: a windowed answer
#: still fills every page served and the facet counts' rows. A program's own library rarely
#: reaches it; a search with a chosen year, or asked for every date, is never windowed.
RECENT_DAYS = 90
BROAD_AT = 500
#: What a facet may be filtered by (the page's and the API's parameter names).
FACET_PARAMS = {
    "type": "type",
    "theme": "theme",
    "tag": "tag",
    "drug": "drug",
    "mme": "mme",
    "instrument": "instrument",
    "profession": "profession",
    "year": "year",
    "program": "program",
}


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Hit:
    kind: str
    object_id: int
    title: str
    snippet: SafeString
    url: str
    score: float
    program_slug: str
    program_name: str
    year: int | None
    case_id: int | None
    themes: list[str] = field(default_factory=list)
    #: When the thing was given, sent or checked (tells two cases of one title apart).
    dated: Any = None


@dataclass
class Results:
    query: Query
    hits: list[Hit]
    count: int
    page: int
    pages: int
    facets: dict[str, list[FacetValue]]
    selected: dict[str, list[str]]
    #: True when more rows matched than FACET_ROW_CAP: the facet counts come from the first
    #: FACET_ROW_CAP of them (the result count is still exact).
    facets_partial: bool = False
    #: True when no result held every word and the results are those holding any of them.
    relaxed: bool = False
    #: The other-language terms searched too (search.glossary), as typed words.
    widened: list[str] = field(default_factory=list)
    #: The other-language terms a search in both languages would add (not searched: the
    #: words as typed found enough), for the page's offer to search them too.
    could_widen: list[str] = field(default_factory=list)
    #: A broad search's window (RECENT_DAYS): only what is dated from then on was searched,
    #: ranked and counted; None when every date was.
    since: dt.datetime | None = None

    @property
    def several_words(self) -> bool:
        """The words as typed are more than one (the empty page's advice: fewer words, or
        the spelling of the one)."""
        return len(parse(self.query.text).words()) > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


@dataclass
class Readable:
    """What a user may open in the index: the rows (a SearchMatch queryset, the permission
    filter every read applies) and the program lists it was made from, which also narrow
    SQLite's full-text match to those programs' rows (`scope`)."""

    rows: QuerySet[SearchMatch]
    library: list[int]
    cases: list[int]
    deployment_tools: bool

    def scope(self, *, cases_only: bool = False) -> str:
        return backends.scope_expression(
            self.library, self.cases, self.deployment_tools, cases_only=cases_only
        )


def readable(user: Any) -> Readable:
    """The index rows `user` may open (their narrow SearchMatch copies, which the full-text
    reads match and rank; pk = the document's id), as the library's selectors say: talks and
    tools of the programs whose library they read (and the deployment-wide tools once they
    hold a role), past cases and their recommendations of the programs whose cases they read,
    never a purged case. The two program sets are read first (two small queries), so the search
    filters the index by a plain list of programs rather than re-deriving them per row; a
    change of role or of sharing still counts at once. A case is in the index only while it
    is a library entry (indexing.index_case, in the same transaction as its save), and a case
    row is kept only while its case's status is a library status now (a subquery on the
    case's status, so a case that left the library is never shown, counted or snippeted even
    if its rows were left behind)."""
    from echohub.cases.models import Case
    from echohub.library import selectors as lib
    from echohub.privacy.models import PurgedCase

    library = list(lib.readable_programs(user).order_by().values_list("pk", flat=True))
    cases = list(lib.case_reader_programs(user).order_by().values_list("pk", flat=True))
    superuser = bool(getattr(user, "is_superuser", False) and getattr(user, "is_active", False))
    if not (library or cases or superuser):
        return Readable(SearchMatch.objects.none(), [], [], False)
    visible = Q(kind__in=[Kind.TALK, Kind.TOOL], program_id__in=library)
    if library or superuser:  # holds a role somewhere (their own programs are in `library`)
        visible |= Q(kind=Kind.TOOL, program__isnull=True)
    if cases:
        # Defence in depth: the index should hold a case only while it is a library entry,
        # but a row is shown only while its case is one now (its status read in the query).
        entries = Case.objects.filter(program_id__in=cases, status__in=library_statuses()).values(
            "pk"
        )
        visible |= (
            Q(kind__in=[Kind.CASE, Kind.RECOMMENDATION], program_id__in=cases)
            & Q(case_id__in=entries)
            & ~Q(case_id__in=PurgedCase.objects.values("case_id"))
        )
    return Readable(SearchMatch.objects.filter(visible), library, cases, bool(library or superuser))


def readable_documents(user: Any) -> QuerySet[SearchMatch]:
    """The index rows `user` may open (see `readable`)."""
    return readable(user).rows


def clean_facets(facets: Mapping[str, Sequence[str]] | None) -> dict[str, list[str]]:
    """Known facet names only, at most 20 values each of at most 64 characters."""
    out: dict[str, list[str]] = {}
    for name, values in (facets or {}).items():
        if name not in FACETS:
            continue
        kept = [str(v)[:64] for v in values if str(v).strip()][:20]
        if kept:
            out[name] = list(dict.fromkeys(kept))
    return out


#: Single-valued facets read from the row's own column (the values _count_facets counts).
_FACET_COLUMNS = {
    "type": "kind",
    "mme": "mme_band",
    "profession": "presenter_profession",
}
#: Multi-valued facets kept in the row as "|a|b|".
_FACET_LISTS = {"theme": "themes", "drug": "drugs", "instrument": "instruments"}


def _facet_filter(qs: QuerySet[SearchMatch], name: str, values: list[str]) -> Any:
    """Rows with one of `values` for facet `name`, read from the row's own columns (as the
    counts are), so the database filters the rows it reads rather than joining the facet
    table (whose join PostgreSQL misjudges for a broad value, e.g. an MME band)."""
    from django.db import connection

    from echohub.programs.models import Program

    if name in _FACET_COLUMNS:
        return qs.filter(**{f"{_FACET_COLUMNS[name]}__in": values})
    column_values = values
    if name == "tag":  # kept in the themes column as "#tag"
        column_values = [TAG_PREFIX + v for v in values]
    if name == "year":
        # isdecimal, not isdigit: "²" is a digit int() refuses (a 500 before)
        years = [int(v) for v in values if v.isdecimal() and len(v) <= 4]
        # The year is its date's: the dates around it (a day's margin for time zones) let
        # the permission index (program, kind, dated) read that year's rows only.
        around = Q()
        for y in years:
            if 1 < y < 9999:
                start = dt.datetime(y, 1, 1, tzinfo=dt.UTC) - dt.timedelta(days=1)
                around |= Q(dated__gte=start, dated__lt=start + dt.timedelta(days=368))
        return qs.filter(around, year__in=years) if around else qs.filter(year__in=years)
    if name == "program":
        return qs.filter(program_id__in=Program.objects.filter(slug__in=values).values("pk"))
    if (name in _FACET_LISTS or name == "tag") and connection.vendor == "postgresql":
        column = _FACET_LISTS.get(name, "themes")
        any_of = Q()
        for v in column_values:
            # a value of 64 characters may be a longer one cut short (as counted)
            any_of |= Q(**{f"{column}__contains": f"|{v}|" if len(v) < 64 else f"|{v}"})
        return qs.filter(any_of)
    # SQLite's LIKE ignores case: the facet table there.
    return qs.filter(
        Exists(SearchFacet.objects.filter(document=OuterRef("pk"), name=name, value__in=values))
    )


def _filtered(
    base: QuerySet[SearchMatch], selected: dict[str, list[str]], skip: str = ""
) -> QuerySet[SearchMatch]:
    qs = base
    for name, values in selected.items():
        if name != skip:
            qs = _facet_filter(qs, name, values)
    return qs


def facet_label(name: str, value: str) -> str:
    from echohub.accounts.professions import Profession
    from echohub.cases.models import CaseTheme, Discipline

    if name == "type":
        return str(dict(Kind.choices).get(value, value))
    if name == "theme":
        return str(dict(CaseTheme.choices).get(value, value))
    if name == "profession":
        labels = {**dict(Profession.choices), **dict(Discipline.choices)}
        value = documents.discipline_of(value)
        return str(labels.get(value, value))
    if name == "mme":
        return mme_label(value)
    if name == "instrument":
        return value.upper() if len(value) <= 6 else value
    return value


def mme_label(band: str) -> str:
    if band == "0":
        return _("No opioid MME")
    if band.endswith("+"):
        return _("%(n)s+ MME/day") % {"n": band[:-1]}
    return _("%(band)s MME/day") % {"band": band.replace("-", "–")}


#: Which candidate column (backends.CANDIDATE_COLUMNS) each facet's values come from.
_FACET_SOURCE = {
    "type": 1,
    "theme": 2,
    "tag": 2,
    "drug": 3,
    "instrument": 4,
    "mme": 5,
    "profession": 6,
    "year": 7,
    "program": 8,
}


def _facet_of(name: str, raw: Any, slugs: dict[int, str]) -> frozenset[str]:
    """The values of facet `name` in a row whose column holds `raw`."""
    if name in ("theme", "tag", "drug", "instrument"):
        parts = [v for v in str(raw).split("|") if v]
        if name == "theme":
            return frozenset(v[:64] for v in parts if not v.startswith(TAG_PREFIX))
        if name == "tag":
            return frozenset(v[len(TAG_PREFIX) :][:64] for v in parts if v.startswith(TAG_PREFIX))
        return frozenset(v[:64] for v in parts)
    if not raw:
        return frozenset()
    if name == "program":
        return frozenset([slugs[raw]]) if raw in slugs else frozenset()
    if name in ("profession", "year"):
        return frozenset([str(raw)[:64]])
    return frozenset([raw])


#: Rows read for facet counts per search: a broad query costs no more (the count stays exact;
#: the page says the counts come from the best FACET_ROW_CAP, search/search.html). Fetching
#: and counting 5,000 rows cost about 15 ms of a 50,000-row match's search, 1,000 about 3.
FACET_ROW_CAP = 1000


def _count_facets(rows: list[tuple[Any, ...]], slugs: dict[int, str]) -> dict[str, dict[str, int]]:
    """The counts per facet value of `rows` (the rows of one read: under facets, those passing
    them already; each chosen facet's own values are counted apart, `_own_counts`).

    Counted by column value, not by row: each column's raw values are tallied (Counter), and
    each distinct value is split into its facet values once (1,000 rows hold a few hundred
    distinct values per column)."""
    counts: dict[str, dict[str, int]] = {f: {} for f in FACETS}
    for name in FACETS:
        column = _FACET_SOURCE[name]
        bucket = counts[name]
        for raw, n in Counter(row[column] for row in rows).items():
            for value in _facet_of(name, raw, slugs):
                bucket[value] = bucket.get(value, 0) + n
    return counts


def _facet_values(
    counts: dict[str, dict[str, int]], selected: dict[str, list[str]], names: dict[str, str]
) -> dict[str, list[FacetValue]]:
    """The values to show per facet, most frequent first (MME bands in order, years newest
    first), with their labels; a chosen value stays listed (at 0 when nothing is left)."""
    out: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        chosen = set(selected.get(name, []))
        items = counts[name]
        if name == "mme":
            order = sorted(
                items, key=lambda v: MME_BAND_ORDER.index(v) if v in MME_BAND_ORDER else 99
            )
        elif name == "year":
            order = sorted(items, reverse=True)
        else:
            order = sorted(items, key=lambda v: (-items[v], v))
        shown = order[:FACET_LIMIT] + [v for v in order[FACET_LIMIT:] if v in chosen]
        values = [
            FacetValue(
                value=v,
                label=names.get(v, v) if name == "program" else facet_label(name, v),
                count=items[v],
                selected=v in chosen,
            )
            for v in shown
        ]
        values += [FacetValue(v, facet_label(name, v), 0, True) for v in chosen if v not in items]
        out[name] = values
    return out


def highlight(snippet: str) -> SafeString:
    """The engine's snippet as HTML: everything escaped, then only its own marks become
    <mark> (indexed text never holds the mark characters: documents.clean)."""
    text = str(escape(snippet))
    opened = text.count(MARK_OPEN)
    text = text.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")
    closed = text.count("</mark>")
    text += "</mark>" * max(0, opened - closed)
    return mark_safe(text)  # noqa: S308 - escaped above; only our own marks are HTML


def display_title(doc: SearchDocument) -> str:
    """A recommendation reads "Pharmacy: <the case's title>" (the discipline in the reader's
    language: the row keeps its code in presenter_profession); the others their own title."""
    if doc.kind == Kind.RECOMMENDATION:
        from echohub.cases.models import Discipline

        labels = dict(Discipline.choices)
        label = str(labels.get(doc.presenter_profession, doc.title))
        case_title = (doc.features or {}).get("case_title", "")
        # In the reader's words and typography (French puts a space before the colon).
        return (
            _("%(kind)s: %(title)s") % {"kind": label, "title": case_title} if case_title else label
        )
    return doc.title


def _reverse(name: str, **kwargs: Any) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def url_of(
    doc: SearchDocument, slug: str, here: str = "", tools: dict[int, tuple[str, bool]] | None = None
) -> str:
    """Where a hit opens: the library's page for it (the case entry's for a recommendation,
    at its recommendations). A deployment-wide tool opens under the program searched from."""
    slug = slug or here
    if not slug:
        return ""
    if doc.kind == Kind.TALK:
        return _reverse("library:talk", slug=slug, pk=doc.object_id)
    if doc.kind == Kind.TOOL:
        # A tool has no page of its own: its link, else its file, else the Tools tab.
        return tool_url(doc.object_id, slug, tools)
    case_id = doc.case_id or doc.object_id
    url = _reverse("library:case", slug=slug, pk=case_id) or _reverse(
        "cases:detail", slug=slug, pk=case_id
    )
    if url and doc.kind == Kind.RECOMMENDATION:
        url += "#recommendations"
    return url


def tool_links(ids: list[int]) -> dict[int, tuple[str, bool]]:
    """(link, has a file) of each tool of `ids`, in one read (for a page of hits)."""
    from echohub.library.models import Tool

    return {
        pk: (url or "", bool(file))
        for pk, url, file in Tool.objects.filter(pk__in=ids).values_list("pk", "url", "file")
    }


def _with_tool_links(qs: QuerySet[SearchDocument]) -> QuerySet[SearchDocument]:
    """Each tool row with its tool's link and file, in the same read as the rows."""
    from django.db.models import Case as Choose
    from django.db.models import CharField, Subquery, Value, When

    from echohub.library.models import Tool

    def of(column: str) -> Any:
        tool = Tool.objects.filter(pk=OuterRef("object_id")).values(column)[:1]
        return Choose(
            When(kind=Kind.TOOL, then=Subquery(tool)),
            default=Value(""),
            output_field=CharField(),
        )

    return qs.annotate(tool_link=of("url"), tool_file=of("file"))


def tool_url(tool_id: int, slug: str, tools: dict[int, tuple[str, bool]] | None = None) -> str:
    """Where a tool hit opens: its link, else its file, else the library's Tools tab."""
    url, has_file = (tools if tools is not None else tool_links([tool_id])).get(
        tool_id, ("", False)
    )
    if url:
        return url
    if has_file:
        return _reverse("library:tool_file", slug=slug, pk=tool_id)
    home = _reverse("library:home", slug=slug)
    return f"{home}?tab=tools" if home else ""


def _program_names(ids: set[Any]) -> dict[int, tuple[str, str]]:
    """(slug, name in the reader's language) of each program of `ids`."""
    from echohub.core.bilingual import text
    from echohub.programs.models import Program

    return {
        pk: (slug, text({"name": name, "name_fr": name_fr}, "name"))
        for pk, slug, name, name_fr in Program.objects.filter(pk__in=ids).values_list(
            "pk", "slug", "name", "name_fr"
        )
    }


def _own_counts(
    readable_rows: QuerySet[SearchMatch],
    selected: dict[str, list[str]],
    name: str,
    parsed: Query,
    scope: str,
    *,
    word_index: bool = True,
) -> dict[Any, int]:
    """How many matching rows hold each value of the chosen facet `name`, among the rows
    passing every other chosen facet (so its other values can be added, as "or"): exact,
    one grouped count over the matching rows (no ranking); program ids for "program"."""
    rows = backends.matching(
        _filtered(readable_rows, selected, skip=name), parsed, scope, word_index=word_index
    )
    column = {
        "type": "kind",
        "theme": "themes",
        "tag": "themes",
        "drug": "drugs",
        "instrument": "instruments",
        "mme": "mme_band",
        "profession": "presenter_profession",
        "year": "year",
        "program": "program_id",
    }[name]
    grouped = rows.order_by().values_list(column).annotate(n=Count("pk"))
    if name == "program":
        return {raw: n for raw, n in grouped if raw is not None}
    out: dict[Any, int] = {}
    for raw, n in grouped:
        for value in _facet_of(name, raw, {}):
            out[value] = out.get(value, 0) + n
    return out


def _typed_first(
    typed: list[tuple[Any, ...]], wide: list[tuple[Any, ...]], *, complete: bool
) -> list[tuple[Any, ...]]:
    """The rows the words as typed found, in their order, then those only the other
    language's terms found: a translation never outranks the reader's own words. A typed row
    the widened exclusions keep out is dropped (when `wide` holds every widened match)."""
    wide_ids = {row[0] for row in wide}
    first = [row for row in typed if row[0] in wide_ids or not complete]
    seen = {row[0] for row in first}
    return first + [row for row in wide if row[0] not in seen]


def _base(rows: QuerySet[SearchMatch], selected: dict[str, list[str]]) -> QuerySet[SearchMatch]:
    return _filtered(rows, selected) if selected else rows


def _recent(rows: QuerySet[SearchMatch], since: dt.datetime) -> QuerySet[SearchMatch]:
    return rows.filter(dated__gte=since)


def _read(
    readable_rows: QuerySet[SearchMatch],
    selected: dict[str, list[str]],
    parsed: Query,
    limit: int,
    scope: str,
    *,
    window: bool,
) -> tuple[list[tuple[Any, ...]], int, dt.datetime | None]:
    """The ranked read of `parsed` (backends.candidates) and the start of its window: first
    among the rows dated in the last RECENT_DAYS days (when `window`), kept if the words
    are broad there, BROAD_AT or more matches whatever the chosen facets (a search's
    breadth is its words': a facet then narrows the window, as it narrows every date); else
    among every readable row (window None). A narrow search costs one read of the recent
    rows more, a few milliseconds; a broad one never reads the rest."""
    if window:
        since = timezone.now() - dt.timedelta(days=RECENT_DAYS)
        recent = _recent(readable_rows, since)
        rows, total = backends.candidates(
            _base(recent, selected), parsed, limit=limit, scope=scope, word_index=False
        )
        broad = total >= BROAD_AT
        if not broad and selected:  # the words alone, counted up to BROAD_AT
            words = backends.matching(recent, parsed, scope, word_index=False)
            broad = words.order_by()[:BROAD_AT].count() >= BROAD_AT
        if broad:
            return rows, total, since
    rows, total = backends.candidates(
        _base(readable_rows, selected), parsed, limit=limit, scope=scope
    )
    return rows, total, None


def search(
    user: Any,
    query: str,
    facets: Mapping[str, Sequence[str]] | None = None,
    page: int = 1,
    *,
    per_page: int = PER_PAGE,
    here: str = "",
    both_languages: bool = False,
    all_dates: bool = False,
) -> Results:
    """The page `page` of what `user` may open matching `query` (websearch syntax) under the
    chosen `facets` ({"type": ["talk"], ...}; values of one facet add up, facets narrow),
    best first, with facet counts and highlighted snippets. Never raises on what was typed.

    `here` is the slug of the program searched from (where deployment-wide tools open).

    English and French: the words as typed are searched, and also their other-language terms
    (search.glossary) when `both_languages` or when the words as typed find fewer than
    WIDEN_BELOW results (a French reader's "sevrage" in a mostly English library). What the
    words as typed found comes first, in its own order, then what only the translations
    found: a translation never outranks the reader's own words.

    A broad search (BROAD_AT matches or more in the last RECENT_DAYS days) answers from
    those days, and says so (`Results.since`), unless `all_dates` or a year is chosen."""

    typed = parse(query)
    widened_query, added = across_languages(typed)
    parsed, widened = typed, []
    selected = clean_facets(facets)
    page = max(1, min(int(page or 1), MAX_PAGE))
    per_page = max(1, min(per_page, 100))
    if parsed.empty and not selected:
        return Results(parsed, [], 0, 1, 0, {}, selected)
    allowed = readable(user)
    readable_rows, scope = allowed.rows, allowed.scope()
    # Enough rows for the page asked (MAX_PAGE pages of at most 100 fit in FACET_ROW_CAP).
    limit = max(FACET_ROW_CAP, page * per_page)
    # Under facets, one read of the rows passing all of them gives the page, the count and
    # the other facets' counts; each chosen facet's own values are counted apart (below).
    window = not (all_dates or selected.get("year"))
    rows, total, since = _read(readable_rows, selected, parsed, limit, scope, window=window)
    if added and (both_languages or total < WIDEN_BELOW):
        parsed, widened = widened_query, added
        wide, total, wide_since = _read(
            readable_rows, selected, parsed, limit, scope, window=window
        )
        if wide_since is not None and since is None:  # the typed words' rows of the window
            since = wide_since
            rows, _typed = backends.candidates(
                _base(_recent(readable_rows, since), selected), typed, limit=limit, scope=scope
            )
        rows = _typed_first(rows, wide, complete=total <= len(wide))[:limit]
    if since is not None:  # a broad search: what follows reads the window only
        readable_rows = _recent(readable_rows, since)
    base = _base(readable_rows, selected)
    relaxed = False
    if (
        not rows
        and len(parsed.groups) > 1
        and not (selected and backends.matching(readable_rows, parsed, scope).exists())
    ):
        # Nothing holds every word: the rows holding any of them, best first (a ranking that
        # favours rows with more of the words), rather than an empty page. (Under facets,
        # only when the words are nowhere: else the facets are what left the page empty.)
        parsed = parsed.any_word()
        rows, total = backends.candidates(base, parsed, limit=limit, scope=scope)
        # Under facets the chosen facets' counts come from the any-word query too: say so
        # even when none of its rows passes them.
        relaxed = bool(rows) or bool(selected)
    # A broad query: the facet counts come from its best FACET_ROW_CAP rows (and say so); the
    # count is exact (the read's window count).
    facet_rows = rows[:FACET_ROW_CAP]
    partial = total > len(facet_rows)
    program_ids = {r[8] for r in facet_rows if r[8] is not None}
    programs = _program_names(program_ids)
    slug_of = {pk: slug for pk, (slug, _name) in programs.items()}
    counts = _count_facets(facet_rows, slug_of)
    for name in selected:
        # in a broad search's window, the match tested on the window's rows (as its read)
        own = _own_counts(readable_rows, selected, name, parsed, scope, word_index=since is None)
        if name == "program":
            missing = set(own) - set(programs)
            if missing:
                programs.update(_program_names(missing))
            own = {programs[pk][0]: n for pk, n in own.items() if pk in programs}
        counts[name] = own
    passing, count = rows, total
    pages = max(1, -(-count // per_page)) if count else 0
    page = min(page, max(pages, 1))
    start = (page - 1) * per_page
    ranked = [(int(r[0]), float(r[-1])) for r in passing[start : start + per_page]]
    snippets = backends.snippets([pk for pk, _score in ranked], parsed)
    docs = _with_tool_links(SearchDocument.objects.all()).in_bulk(
        [doc_id for doc_id, _score in ranked]
    )
    missing = {d.program_id for d in docs.values() if d.program_id not in programs} - {None}
    if missing:  # a page from the filtered read, past the first read's programs
        programs.update(_program_names(missing))
    program_slugs = {pk: slug for pk, (slug, _name) in programs.items()}
    slugs = {slug: name for slug, name in programs.values()}
    facet_values = _facet_values(counts, selected, slugs) if count or selected else {}
    tools = {
        d.object_id: (d.tool_link or "", bool(d.tool_file))  # type: ignore[attr-defined]
        for d in docs.values()
        if d.kind == Kind.TOOL
    }
    hits = []
    for doc_id, score in ranked:
        snippet = snippets.get(doc_id, "")
        doc = docs.get(doc_id)
        if doc is None:
            continue
        slug = program_slugs.get(doc.program_id or 0, "")
        hits.append(
            Hit(
                kind=doc.kind,
                object_id=doc.object_id,
                title=display_title(doc),
                snippet=highlight(snippet or doc.summary[:200] or doc.body[:200]),
                url=url_of(doc, slug, here, tools),
                score=round(float(score), 6),
                program_slug=slug,
                program_name=slugs.get(slug, ""),
                year=doc.year,
                case_id=doc.case_id,
                themes=[t for t in doc.values_of("themes") if not t.startswith(TAG_PREFIX)],
                dated=doc.dated,
            )
        )
    return Results(
        parsed,
        hits,
        count,
        page,
        pages,
        facet_values,
        selected,
        partial,
        relaxed,
        [" ".join(words) for words in widened],
        [] if widened else [" ".join(words) for words in added],
        since,
    )


def audit_case_reads(user: Any, hits: list[Hit], view: str) -> None:
    """One `case.list_read` entry per program for the case entries whose titles or snippets
    a page (or API answer) shows: ids only, never their text."""
    from echohub.cases.models import Case
    from echohub.core import audit
    from echohub.programs.models import Program

    by_slug: dict[str, list[int]] = {}
    for hit in hits:
        if hit.case_id is not None and hit.kind in (Kind.CASE, Kind.RECOMMENDATION):
            by_slug.setdefault(hit.program_slug, []).append(hit.case_id)
    if not by_slug:
        return
    ids = dict(Program.objects.filter(slug__in=by_slug).values_list("slug", "pk"))
    audit.record_reads(
        actor=user,
        action="case.list_read",
        object_type=Case._meta.label_lower,
        ids=[],
        view=view,
        by_program={ids.get(s): v for s, v in by_slug.items()},
    )
