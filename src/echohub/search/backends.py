"""The two full-text engines behind `services.search`, chosen by the database's vendor.

PostgreSQL: each row's `vector` is built with its language's configuration ("english" or
"french", indexing.py, accents folded) and weighted title A, summary B, body C; a query is
matched with a tsquery built from its parsed form (`_pg_tsquery`) in the row's own
configuration (so "diminutions" finds "diminution" in French rows, "tapering" finds "taper" in
English ones), which the GIN index serves; ranking is `ts_rank`, snippets `ts_headline` over
the summary and body.

SQLite: the FTS5 table `search_fts` (porter stemming, accents folded), the query translated by
`query.to_fts5`, ranked by `bm25` with the same 10 : 4 : 1 weights, snippets by `snippet()`;
similar cases rank in `search_fts_cases`, the same rows for past cases only (migration 0007).

Both mark highlights with private-use characters that services.highlight turns into <mark>
after escaping everything else.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, Count, FloatField, QuerySet, Window
from django.db.models.expressions import RawSQL

from echohub.search.documents import MARK_CLOSE, MARK_OPEN
from echohub.search.models import SearchMatch
from echohub.search.query import Query, fold, to_fts5

#: bm25 weights of title, summary and body (SQLite); PostgreSQL's A, B, C weights are
#: ts_rank's default {1.0, 0.4, 0.2} (D 0.1 is unused).
BM25_WEIGHTS = "10.0, 4.0, 1.0, 0.0"  # title, summary, body, scope (migration 0006)
SNIPPET_TOKENS = 24
HEADLINE_OPTIONS = (
    f'StartSel="{MARK_OPEN}", StopSel="{MARK_CLOSE}", MaxWords=28, MinWords=12, '
    'MaxFragments=2, FragmentDelimiter=" … "'
)
_CONFIG = "CASE language WHEN 'fr' THEN 'french'::regconfig ELSE 'english'::regconfig END"


def vendor() -> str:
    return connection.vendor


#: The letter of each kind in a row's FTS5 scope tokens (SQLite; migration 0006): past cases
#: and their recommendations are read by the case readers of a program, talks and tools by
#: its library's readers; a past case also carries "k" (similar cases look among cases only).
_KIND_LETTER = {"case": "c", "recommendation": "c", "talk": "l", "tool": "l"}
#: Above this many tokens a scope is not written into the query (the permission filter
#: still applies to every row). bm25() walks every phrase of the query for every row, the
#: scope's tokens too: a reader of many programs would pay more for the scope than it saves.
MAX_SCOPE_TOKENS = 120


def scope_tokens(kind: str, program_id: int | None) -> str:
    """The FTS5 tokens saying whose a row is: "p12c" for a past case of program 12 or its
    recommendations (a past case also "p12k"), "p12l" for a talk or tool of its library,
    "dtool" for a deployment-wide tool."""
    if program_id is None:
        return "dtool"
    token = f"p{int(program_id)}{_KIND_LETTER.get(kind, 'l')}"
    return f"{token} p{int(program_id)}k" if kind == "case" else token


def scope_expression(
    library: list[int], cases: list[int], deployment_tools: bool, *, cases_only: bool = False
) -> str:
    """The FTS5 condition matching the rows of these programs (talks and tools of `library`,
    past cases and recommendations of `cases`, the deployment-wide tools; only the past
    cases themselves when `cases_only`), so SQLite ranks only those rows instead of every
    program's. "" means no narrowing: the permission filter is applied to every row in any
    case, and this only spares it the rows it would refuse."""
    if cases_only:
        tokens = [f"p{int(p)}k" for p in cases]
    else:
        tokens = [scope_tokens("recommendation", p) for p in cases]
        tokens += [scope_tokens("talk", p) for p in library]
        if deployment_tools:
            tokens.append("dtool")
    if not tokens or len(tokens) > MAX_SCOPE_TOKENS:
        return ""
    return "scope : (" + " OR ".join(tokens) + ")"


def _fts5_match(query: Query, scope: str) -> str:
    """The FTS5 MATCH expression: the query over the text columns, within `scope`."""
    text = "{title summary body} : (" + to_fts5(query) + ")"
    return f"{text} AND {scope}" if scope else text


def _pg_tsquery(query: Query, config: str) -> tuple[str, list[str]]:
    """The tsquery of `query` in `config` ("english" or "french") as SQL, built from its parsed
    form: alternatives joined by ||, groups by &&, exclusions by && !! (websearch_to_tsquery
    would read "a or b c" as a | (b & c), and "a or b -c" as a | (b & !c)). Words are folded
    (query.fold), as the vectors are."""
    params: list[str] = []

    def one(words: tuple[str, ...]) -> str:
        params.append(fold(" ".join(words)))
        fn = "phraseto_tsquery" if len(words) > 1 else "plainto_tsquery"
        return f"{fn}('{config}'::regconfig, %s)"

    groups = ["(" + " || ".join(one(alt) for alt in group) + ")" for group in query.groups]
    expr = " && ".join(groups)
    for words in query.excluded:
        expr = f"({expr}) && !!{one(words)}"
    return expr, params


def _pg_query_by_language(query: Query, alias: str) -> tuple[str, list[str]]:
    """The row's own language's tsquery (a CASE on `alias`.language), for ranking and
    snippets."""
    fr, fr_params = _pg_tsquery(query, "french")
    en, en_params = _pg_tsquery(query, "english")
    sql = f"CASE {alias}.language WHEN 'fr' THEN {fr} ELSE {en} END"
    return sql, [*fr_params, *en_params]


def matching(
    qs: QuerySet[SearchMatch], query: Query, scope: str = "", *, word_index: bool = True
) -> QuerySet[SearchMatch]:
    """`qs` narrowed to the rows matching `query` (unchanged when the query is empty: the
    caller then lists by facets only).

    `word_index=False` (PostgreSQL): the match is tested on each row `qs` selects, never
    through the GIN index. For a read bounded by other indexes (a broad search's recent
    window: services.RECENT_DAYS) that is the cheaper plan: the GIN list of a word found in
    half the library holds 250,000 entries network-wide, and building its bitmap cost more
    than testing the window's 14,000 rows (PostgreSQL's estimate prefers the bitmap)."""
    if query.empty:
        return qs
    if vendor() == "postgresql":
        # Each row read with its own language's query, as two conditions the GIN index serves.
        fr, fr_params = _pg_tsquery(query, "french")
        en, en_params = _pg_tsquery(query, "english")
        table = '"search_searchmatch"'
        vector = (
            f'{table}."vector"' if word_index else f"COALESCE({table}.\"vector\", ''::tsvector)"
        )
        sql = (
            f"(({table}.\"language\" = 'fr' AND {vector} @@ ({fr})) OR "
            f"({table}.\"language\" <> 'fr' AND {vector} @@ ({en})))"
        )
        condition = RawSQL(sql, [*fr_params, *en_params], output_field=BooleanField())  # noqa: S611 - values are parameters
        return qs.filter(condition)
    if vendor() == "sqlite":
        return qs.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s",
                [_fts5_match(query, scope)],
            )
        )
    return qs.none()


#: The columns `candidates` reads of each matching row (facets, program), before its score.
CANDIDATE_COLUMNS = (
    "pk",
    "kind",
    "themes",
    "drugs",
    "instruments",
    "mme_band",
    "presenter_profession",
    "year",
    "program_id",
)


def candidates(
    readable: QuerySet[SearchMatch],
    query: Query,
    *,
    limit: int,
    scope: str = "",
    word_index: bool = True,
) -> tuple[list[tuple[Any, ...]], int]:
    """The rows of `readable` matching `query`, best first (then newest), at most `limit`
    (CANDIDATE_COLUMNS and the score), and how many match in all (a window count in the same
    read). One read serves the count, the facet counts and the page: the match, the
    permission filter and the ranking are evaluated once."""
    total = Window(Count("pk"))
    if query.empty:
        rows = (
            readable.annotate(total=total)
            .order_by("-dated", "-pk")
            .values_list(*CANDIDATE_COLUMNS, "total")[:limit]
        )
        return _split_total([(*row[:-1], 0.0, row[-1]) for row in rows])
    if vendor() == "postgresql":
        tsq, tsq_params = _pg_query_by_language(query, '"search_searchmatch"')
        score = RawSQL(  # noqa: S611 - values are parameters
            f'ts_rank("search_searchmatch"."vector", {tsq})',
            tsq_params,
            output_field=FloatField(),
        )
        try:
            sql, params = (
                matching(readable, query, word_index=word_index)
                .annotate(score=score)
                .order_by()
                .annotate(  # a number: 5,000 datetimes cost 4 ms to load, floats nothing
                    dated_key=RawSQL(
                        'EXTRACT(EPOCH FROM "search_searchmatch"."dated")::float8',
                        [],
                        output_field=FloatField(),
                    )
                )
                .values_list(*CANDIDATE_COLUMNS, "dated_key", "score")
                .query.sql_with_params()
            )
        except EmptyResultSet:  # nothing readable at all
            return [], 0
        n = len(CANDIDATE_COLUMNS)
        with connection.cursor() as cursor:
            # Ranked below the count (OFFSET 0 keeps the subquery from being pulled up), so
            # the count's window holds the narrow rows, not their vectors (a 50,000-row match
            # spilled to disk); the best `limit` by a top-N sort.
            cursor.execute(
                f"SELECT m.*, count(*) OVER () FROM ({sql} OFFSET 0) m "  # noqa: S608 - values are parameters
                # by position: the score, the date, the id
                f"ORDER BY {n + 2} DESC, {n + 1} DESC NULLS LAST, 1 DESC LIMIT %s",
                [*params, limit],
            )
            return _split_total([(*row[:n], row[n + 1], row[n + 2]) for row in cursor.fetchall()])
    if vendor() == "sqlite":
        try:
            allowed, where_params = _where_on_match_rows(readable)
        except EmptyResultSet:  # nothing readable at all
            return [], 0
        table = SearchMatch._meta.db_table
        columns = ", ".join(
            f"{table}.{c if c != 'pk' else 'document_id'}" for c in CANDIDATE_COLUMNS
        )
        with connection.cursor() as cursor:
            # bm25() is refused inside a window query: ranked in a subquery, counted outside.
            cursor.execute(
                f"SELECT m.*, count(*) OVER () FROM (SELECT {columns}, {table}.dated AS dated_, "  # noqa: S608 - values are parameters
                f"-bm25(search_fts, {BM25_WEIGHTS}) AS r FROM search_fts f "
                f"JOIN {table} ON {table}.document_id = f.rowid "
                f"WHERE search_fts MATCH %s AND ({allowed})) m "
                "ORDER BY m.r DESC, m.dated_ DESC, m.document_id DESC LIMIT %s",
                [_fts5_match(query, scope), *where_params, limit],
            )
            n = len(CANDIDATE_COLUMNS)  # then dated_, the score and the count
            return _split_total([(*row[:n], row[n + 1], row[n + 2]) for row in cursor.fetchall()])
    return [], 0


def _where_on_match_rows(qs: QuerySet[SearchMatch]) -> tuple[str, list[Any]]:
    """The permission and facet conditions of `qs` as SQL on its own table's rows (joined by
    name in the caller's read), so SQLite checks each matching row as it reads it rather than
    first listing every readable row's id (108,000 ids for a reader of 41 programs) to look
    each match up in; a `qs` with joins is read through that list (`IN`) instead."""
    from django.core.exceptions import FullResultSet

    if qs.query.is_sliced or qs.query.combinator or qs.query.distinct:
        sql, params = qs.values("pk").query.sql_with_params()
        return f"{SearchMatch._meta.db_table}.document_id IN ({sql})", list(params)
    query = qs.order_by().query
    joined = [alias for alias in query.alias_map if query.alias_refcount.get(alias)]
    if len(joined) > 1 or query.base_table != SearchMatch._meta.db_table:
        # a join: the conditions name other tables
        sql, params = qs.order_by().values("pk").query.sql_with_params()
        return f"{SearchMatch._meta.db_table}.document_id IN ({sql})", list(params)
    compiler = query.get_compiler(connection=connection)
    try:
        where, params = compiler.compile(query.where)
    except FullResultSet:
        return "1", []
    return where or "1", list(params)


def _split_total(rows: list[tuple[Any, ...]]) -> tuple[list[tuple[Any, ...]], int]:
    return [row[:-1] for row in rows], int(rows[0][-1]) if rows else 0


def snippets(ids: list[int], query: Query) -> dict[int, str]:
    """The highlighted passage of each row of `ids` (one page) for `query`: snippets are made
    for the page's rows only (on every matching row they would cost more than the search)."""
    if query.empty or not ids:
        return {}
    marks = ",".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        if vendor() == "postgresql":
            tsq, tsq_params = _pg_query_by_language(query, "d")
            cursor.execute(
                f"SELECT d.id, ts_headline({_CONFIG}, d.summary || E'\\n' || d.body, {tsq}, "  # noqa: S608 - values are parameters
                f"%s) FROM search_searchdocument d WHERE d.id IN ({marks})",
                [*tsq_params, HEADLINE_OPTIONS, *ids],
            )
            return {int(pk): _best(text or "") for pk, text in cursor.fetchall()}
        cursor.execute(
            f"SELECT rowid, snippet(search_fts, 1, %s, %s, '…', {SNIPPET_TOKENS}), "  # noqa: S608 - values are parameters
            f"snippet(search_fts, 2, %s, %s, '…', {SNIPPET_TOKENS}) FROM search_fts "
            f"WHERE search_fts MATCH %s AND rowid IN ({marks})",
            [MARK_OPEN, MARK_CLOSE, MARK_OPEN, MARK_CLOSE, _fts5_match(query, ""), *ids],
        )
        out = {}
        for pk, summary, body in cursor.fetchall():
            if MARK_OPEN in (summary or "") or not body:
                out[int(pk)] = summary or ""
            elif MARK_OPEN in body:
                out[int(pk)] = body
            else:
                out[int(pk)] = summary or body
        return out


def _best(headline: str) -> str:
    return headline.strip()


def text_ranks(
    qs: QuerySet[SearchMatch],
    query: Query,
    *,
    limit: int,
    scope: str = "",
    cases_only: bool = False,
) -> dict[int, float]:
    """The best `limit` rows of `qs` for `query` with their scores, without snippets (similar
    cases read this with the draft's distinctive words joined by "or"). `cases_only`: `qs`
    holds past cases only, so SQLite ranks in the cases' own FTS5 table (migration 0007)."""
    if query.empty:
        return {}
    if cases_only and vendor() == "sqlite":
        return dict(_case_scores(qs, query, limit, scope))
    if vendor() == "postgresql":
        matched = matching(qs, query)
        # Matched, filtered and ranked in one pass over the narrow rows (no self-join).
        tsq, tsq_params = _pg_query_by_language(query, '"search_searchmatch"')
        score = RawSQL(  # noqa: S611 - values are parameters
            f'ts_rank("search_searchmatch"."vector", {tsq})',
            tsq_params,
            output_field=FloatField(),
        )
        rows = matched.annotate(score=score).order_by("-score", "-pk").values_list("pk", "score")
        return {int(pk): float(r) for pk, r in rows[:limit]}
    return {pk: score for pk, score, _s in _scores(qs, query, limit, scope)}


def _case_scores(
    qs: QuerySet[SearchMatch], query: Query, limit: int, scope: str
) -> list[tuple[int, float]]:
    """SQLite: the best `limit` past cases of `qs` by bm25 in the cases' own FTS5 table, the
    permission conditions of `qs` checked on each joined match row (as `candidates` does)."""
    try:
        allowed, where_params = _where_on_match_rows(qs)
    except EmptyResultSet:  # nothing readable at all
        return []
    table = SearchMatch._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT f.rowid, -bm25(search_fts_cases, {BM25_WEIGHTS}) AS r "  # noqa: S608 - values are parameters
            f"FROM search_fts_cases f JOIN {table} ON {table}.document_id = f.rowid "
            f"WHERE search_fts_cases MATCH %s AND {table}.kind = 'case' AND ({allowed}) "
            "ORDER BY r DESC, f.rowid DESC LIMIT %s",
            [_fts5_match(query, scope), *where_params, limit],
        )
        return [(int(pk), float(score)) for pk, score in cursor.fetchall()]


def _scores(
    qs: QuerySet[SearchMatch], query: Query, limit: int, scope: str = ""
) -> list[tuple[int, float, str]]:
    try:
        sql, params = qs.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # nothing readable at all
        return []
    with connection.cursor() as cursor:
        if vendor() == "postgresql":
            tsq, tsq_params = _pg_query_by_language(query, "d")
            cursor.execute(
                f"SELECT d.document_id, ts_rank(d.vector, {tsq}) AS r FROM search_searchmatch d "  # noqa: S608 - values are parameters
                f"WHERE d.document_id IN ({sql}) ORDER BY r DESC LIMIT %s",
                [*tsq_params, *params, limit],
            )
        elif vendor() == "sqlite":
            cursor.execute(
                f"SELECT f.rowid, -bm25(search_fts, {BM25_WEIGHTS}) AS r FROM search_fts f "  # noqa: S608 - values are parameters
                f"WHERE search_fts MATCH %s AND +f.rowid IN ({sql}) ORDER BY r DESC LIMIT %s",
                [_fts5_match(query, scope), *params, limit],
            )
        else:
            return []
        return [(int(pk), float(score), "") for pk, score in cursor.fetchall()]
