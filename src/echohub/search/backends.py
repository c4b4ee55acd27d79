"""The two full-text engines behind `services.search`, chosen by the database's vendor.

PostgreSQL: each row's `vector` is built with its language's configuration ("english" or
"french", indexing.py, accents folded) and weighted title A, summary B, body C; a query is
matched with a tsquery built from its parsed form (`_pg_tsquery`) in the row's own
configuration (so "diminutions" finds "diminution" in French rows, "tapering" finds "taper" in
English ones), which the GIN index serves; ranking is `ts_rank`, snippets `ts_headline` over
the summary and body.

SQLite: the FTS5 table `search_fts` (porter stemming, accents folded), the query translated by
`query.to_fts5`, ranked by `bm25` with the same 10 : 4 : 1 weights, snippets by `snippet()`.

Both mark highlights with private-use characters that services.highlight turns into <mark>
after escaping everything else.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, Count, F, FloatField, QuerySet, Window
from django.db.models.expressions import RawSQL

from echohub.search.documents import MARK_CLOSE, MARK_OPEN
from echohub.search.models import SearchDocument
from echohub.search.query import Query, fold, to_fts5

#: bm25 weights of title, summary and body (SQLite); PostgreSQL's A, B, C weights are
#: ts_rank's default {1.0, 0.4, 0.2} (D 0.1 is unused).
BM25_WEIGHTS = "10.0, 4.0, 1.0"
SNIPPET_TOKENS = 24
HEADLINE_OPTIONS = (
    f'StartSel="{MARK_OPEN}", StopSel="{MARK_CLOSE}", MaxWords=28, MinWords=12, '
    'MaxFragments=2, FragmentDelimiter=" … "'
)
_CONFIG = "CASE language WHEN 'fr' THEN 'french'::regconfig ELSE 'english'::regconfig END"


def vendor() -> str:
    return connection.vendor


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


def matching(qs: QuerySet[SearchDocument], query: Query) -> QuerySet[SearchDocument]:
    """`qs` narrowed to the rows matching `query` (unchanged when the query is empty: the
    caller then lists by facets only)."""
    if query.empty:
        return qs
    if vendor() == "postgresql":
        # Each row read with its own language's query, as two conditions the GIN index serves.
        fr, fr_params = _pg_tsquery(query, "french")
        en, en_params = _pg_tsquery(query, "english")
        table = '"search_searchdocument"'
        sql = (
            f'(({table}."language" = \'fr\' AND {table}."vector" @@ ({fr})) OR '
            f'({table}."language" <> \'fr\' AND {table}."vector" @@ ({en})))'
        )
        condition = RawSQL(sql, [*fr_params, *en_params], output_field=BooleanField())  # noqa: S611 - values are parameters
        return qs.filter(condition)
    if vendor() == "sqlite":
        return qs.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [to_fts5(query)]
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
    readable: QuerySet[SearchDocument], query: Query, *, limit: int
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
        tsq, tsq_params = _pg_query_by_language(query, '"search_searchdocument"')
        score = RawSQL(  # noqa: S611 - values are parameters
            f'ts_rank("search_searchdocument"."vector", {tsq})',
            tsq_params,
            output_field=FloatField(),
        )
        rows = (
            matching(readable, query)
            .annotate(score=score, total=total)
            .order_by("-score", F("dated").desc(nulls_last=True), "-pk")
            .values_list(*CANDIDATE_COLUMNS, "score", "total")[:limit]
        )
        return _split_total([tuple(row) for row in rows])
    if vendor() == "sqlite":
        try:
            sql, params = readable.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # nothing readable at all
            return [], 0
        columns = ", ".join(f"d.{c if c != 'pk' else 'id'}" for c in CANDIDATE_COLUMNS)
        with connection.cursor() as cursor:
            # bm25() is refused inside a window query: ranked in a subquery, counted outside.
            cursor.execute(
                f"SELECT m.*, count(*) OVER () FROM (SELECT {columns}, d.dated AS dated_, "  # noqa: S608 - values are parameters
                f"-bm25(search_fts, {BM25_WEIGHTS}) AS r "
                "FROM search_fts f JOIN search_searchdocument d ON d.id = f.rowid "
                f"WHERE search_fts MATCH %s AND +f.rowid IN ({sql})) m "
                "ORDER BY m.r DESC, m.dated_ DESC, m.id DESC LIMIT %s",
                [to_fts5(query), *params, limit],
            )
            n = len(CANDIDATE_COLUMNS)  # then dated_, the score and the count
            return _split_total([(*row[:n], row[n + 1], row[n + 2]) for row in cursor.fetchall()])
    return [], 0


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
            [MARK_OPEN, MARK_CLOSE, MARK_OPEN, MARK_CLOSE, to_fts5(query), *ids],
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


def text_ranks(qs: QuerySet[SearchDocument], query: Query, *, limit: int) -> dict[int, float]:
    """The best `limit` rows of `qs` for `query` with their scores, without snippets (similar
    cases read this with the draft's distinctive words joined by "or")."""
    if query.empty:
        return {}
    matched = matching(qs, query)
    return {pk: score for pk, score, _s in _scores(matched, query, limit)}


def _scores(qs: QuerySet[SearchDocument], query: Query, limit: int) -> list[tuple[int, float, str]]:
    try:
        sql, params = qs.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # nothing readable at all
        return []
    with connection.cursor() as cursor:
        if vendor() == "postgresql":
            tsq, tsq_params = _pg_query_by_language(query, "d")
            cursor.execute(
                f"SELECT d.id, ts_rank(d.vector, {tsq}) AS r FROM search_searchdocument d "  # noqa: S608 - values are parameters
                f"WHERE d.id IN ({sql}) ORDER BY r DESC LIMIT %s",
                [*tsq_params, *params, limit],
            )
        elif vendor() == "sqlite":
            cursor.execute(
                f"SELECT f.rowid, -bm25(search_fts, {BM25_WEIGHTS}) AS r FROM search_fts f "  # noqa: S608 - values are parameters
                f"WHERE search_fts MATCH %s AND +f.rowid IN ({sql}) ORDER BY r DESC LIMIT %s",
                [to_fts5(query), *params, limit],
            )
        else:
            return []
        return [(int(pk), float(score), "") for pk, score in cursor.fetchall()]
