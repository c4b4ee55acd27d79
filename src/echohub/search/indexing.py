"""Keeping the index current: write the rows of one thing (or remove them), and rebuild all.

`index_case`, `index_talk`, `index_tool` are called by the receivers in signals.py after a save
or delete of the thing (in the same transaction, so a rolled-back change leaves the index as it
was) and by `echohub search_reindex`. A case is indexed only while it is a library entry
(recommendations sent, content kept): otherwise its rows are removed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import connection, connections, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from echohub.cases.models import Case
from echohub.search.backends import scope_tokens
from echohub.search.documents import (
    TAG_PREFIX,
    Doc,
    case_doc,
    recommendation_doc,
    talk_doc,
    tool_doc,
)
from echohub.search.models import MATCH_COLUMNS, Kind, SearchDocument, SearchFacet, SearchMatch
from echohub.search.query import ACCENTED, PLAIN

FACETS = ("type", "theme", "tag", "drug", "mme", "instrument", "profession", "year", "program")


def library_statuses() -> list[str]:
    from echohub.library.selectors import LIBRARY_CASE_STATUSES

    return [str(s) for s in LIBRARY_CASE_STATUSES]


def _as_datetime(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time(12), tzinfo=dt.UTC)


def _joined(values: Iterable[str]) -> str:
    items = [v for v in values if v]
    return "|" + "|".join(items) + "|" if items else ""


def _facets(doc: Doc, program_slug: str) -> list[tuple[str, str]]:
    out = [("type", doc.kind)]
    out += [
        ("tag", t[len(TAG_PREFIX) :][:64]) if t.startswith(TAG_PREFIX) else ("theme", t[:64])
        for t in doc.themes
    ]
    out += [("drug", d[:64]) for d in doc.drugs]
    out += [("instrument", i[:64]) for i in doc.instruments]
    if doc.mme_band:
        out.append(("mme", doc.mme_band))
    if doc.presenter_profession:
        out.append(("profession", doc.presenter_profession[:64]))
    if doc.year:
        out.append(("year", str(doc.year)))
    if program_slug:
        out.append(("program", program_slug))
    return list(dict.fromkeys(out))


def write(docs: list[Doc], slugs: dict[int, str]) -> None:
    """Insert or replace the rows of `docs` (their facets and full text too)."""
    if not docs:
        return
    existing = {
        (k, o): pk
        for k, o, pk in SearchDocument.objects.filter(
            kind__in={d.kind for d in docs}, object_id__in={d.object_id for d in docs}
        ).values_list("kind", "object_id", "pk")
    }
    rows = []
    for d in docs:
        rows.append(
            SearchDocument(
                pk=existing.get((d.kind, d.object_id)),
                kind=d.kind,
                object_id=d.object_id,
                case_id=d.case_id,
                program_id=d.program_id,
                language=d.language,
                title=d.title,
                other_title=d.other_title,
                summary=d.summary,
                body=d.body,
                themes=_joined(d.themes)[:300],
                drugs=_joined(d.drugs)[:300],
                instruments=_joined(d.instruments)[:200],
                mme_band=d.mme_band,
                presenter_profession=d.presenter_profession,
                year=d.year,
                dated=_as_datetime(d.dated),
                features=d.features,
                indexed_at=timezone.now(),
            )
        )
    old = [r for r in rows if r.pk is not None]
    new = [r for r in rows if r.pk is None]
    # Every column but the key (kind, object_id); the match row is written from these after.
    fields = [
        *(c for c in MATCH_COLUMNS if c != "kind"),
        "title",
        "other_title",
        "summary",
        "body",
        "features",
        "indexed_at",
    ]
    if old:
        SearchDocument.objects.bulk_update(old, fields)
    if new:
        SearchDocument.objects.bulk_create(new)
        if any(r.pk is None for r in new):  # a backend that returns no ids (none of ours)
            found = {
                (k, o): pk
                for k, o, pk in SearchDocument.objects.filter(
                    object_id__in=[r.object_id for r in new]
                ).values_list("kind", "object_id", "pk")
            }
            for r in new:
                r.pk = found[(r.kind, r.object_id)]
    ids = [r.pk for r in rows]
    SearchFacet.objects.filter(document_id__in=ids).delete()
    SearchFacet.objects.bulk_create(
        SearchFacet(document_id=r.pk, name=name, value=value)
        for r, d in zip(rows, docs, strict=True)
        for name, value in _facets(d, slugs.get(d.program_id or 0, ""))
    )
    _write_fulltext(rows)


def _write_fulltext(rows: list[SearchDocument]) -> None:
    """Write each document's SearchMatch row (its narrow copy, with the vector on PostgreSQL)
    in one statement from the document rows just written, and on SQLite its FTS5 row."""
    ids = [r.pk for r in rows]
    columns = ", ".join(MATCH_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in (*MATCH_COLUMNS, "vector"))
    placeholders = ",".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The vector is computed in the insert itself: one row version per write.
            cursor.execute(
                f"INSERT INTO search_searchmatch (document_id, {columns}, vector) "  # noqa: S608 - values are parameters
                f"SELECT id, {columns}, "
                "setweight(to_tsvector(c.cfg, translate(title || ' ' || other_title, %s, %s)), "
                "'A') || setweight(to_tsvector(c.cfg, translate(summary, %s, %s)), 'B') || "
                "setweight(to_tsvector(c.cfg, translate(body, %s, %s)), 'C') "
                "FROM (SELECT *, CASE language WHEN 'fr' THEN 'french'::regconfig "
                "ELSE 'english'::regconfig END AS cfg FROM search_searchdocument "
                f"WHERE id IN ({placeholders})) AS c "
                f"ON CONFLICT (document_id) DO UPDATE SET {updates}",
                [*(ACCENTED, PLAIN) * 3, *ids],
            )
            return
        cursor.execute(
            f"INSERT INTO search_searchmatch (document_id, {columns}, vector) "  # noqa: S608 - values are parameters
            f"SELECT id, {columns}, NULL FROM search_searchdocument WHERE id IN ({placeholders}) "
            f"ON CONFLICT (document_id) DO UPDATE SET {updates}",
            ids,
        )
        if connection.vendor == "sqlite":
            _sqlite_delete(cursor, ids)
            values = [
                (
                    r.pk,
                    f"{r.title} {r.other_title}".strip(),
                    r.summary,
                    r.body,
                    scope_tokens(r.kind, r.program_id),
                )
                for r in rows
            ]
            for table, kept in (
                ("search_fts", values),
                # the past cases again, alone: similar cases rank among them only (migration 0007)
                (FTS_CASES, [v for v, r in zip(values, rows, strict=True) if r.kind == Kind.CASE]),
            ):
                if kept:
                    cursor.executemany(
                        f"INSERT INTO {table}(rowid, title, summary, body, scope) "  # noqa: S608 - a constant
                        "VALUES (%s, %s, %s, %s, %s)",
                        kept,
                    )


#: SQLite: the past cases' own FTS5 table (migration 0007), beside `search_fts`.
FTS_CASES = "search_fts_cases"


def _sqlite_delete(cursor: Any, ids: list[int]) -> None:
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join(["%s"] * len(chunk))
        for table in ("search_fts", FTS_CASES):
            sql = f"DELETE FROM {table} WHERE rowid IN ({marks})"  # noqa: S608 - parameters
            cursor.execute(sql, chunk)


def drop_orphan_fulltext(using: str = "default", **_kwargs: Any) -> None:
    """SQLite: remove the FTS5 rows whose document is gone. A write that bypasses the models
    (`flush`, which empties every table but the FTS5 ones, as the tests' transactional
    teardown and `echohub flush` do) would otherwise leave rows whose rowid a new document
    takes, and that document would match another's words. Run after every migrate and flush
    (post_migrate); a no-op on PostgreSQL, where the vector lives in the row."""
    db = connections[using]
    if db.vendor != "sqlite":
        return
    with db.cursor() as cursor:
        for table in ("search_fts", FTS_CASES):
            if _has_table(cursor, table):  # not before its migration
                cursor.execute(
                    f"DELETE FROM {table} WHERE rowid NOT IN "  # noqa: S608 - constants
                    f"(SELECT id FROM {SearchDocument._meta.db_table})"
                )


def _has_table(cursor: Any, name: str) -> bool:
    cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [name])
    return cursor.fetchone() is not None


def forget_fulltext(ids: list[int]) -> None:
    """Remove the FTS5 rows of deleted documents (PostgreSQL keeps the vector in the row)."""
    if connection.vendor == "sqlite" and ids:
        with connection.cursor() as cursor:
            _sqlite_delete(cursor, ids)


def remove(qs: QuerySet[SearchDocument]) -> int:
    ids = list(qs.values_list("pk", flat=True))
    if not ids:
        return 0
    SearchFacet.objects.filter(document_id__in=ids).delete()
    SearchMatch.objects.filter(document_id__in=ids).delete()
    SearchDocument.objects.filter(pk__in=ids).delete()
    forget_fulltext(ids)
    return len(ids)


def _library_cases() -> QuerySet[Case]:
    from echohub.privacy.models import PurgedCase

    return (
        Case.objects.filter(status__in=library_statuses())
        .exclude(Exists(PurgedCase.objects.filter(case=OuterRef("pk"))))
        .select_related("program")
        .prefetch_related("medications", "scores", "follow_ups", "recommendations")
    )


def _case_docs(cases: Iterable[Case]) -> list[Doc]:
    docs = []
    for case in cases:
        main = case_doc(case)
        docs.append(main)
        docs += [recommendation_doc(r, main) for r in case.recommendations.all() if r.text]
    return docs


def _slugs(docs: list[Doc]) -> dict[int, str]:
    from echohub.programs.models import Program

    ids = {d.program_id for d in docs if d.program_id}
    return dict(Program.objects.filter(pk__in=ids).values_list("pk", "slug"))


@transaction.atomic
def index_case(case_id: int) -> None:
    """Write a case's rows (the case and each discipline's recommendations), or remove them
    when it is not (or no longer) a library entry."""
    case = _library_cases().filter(pk=case_id).first()
    current = SearchDocument.objects.filter(case_id=case_id)
    if case is None:
        remove(current)
        return
    docs = _case_docs([case])
    keep = {d.object_id for d in docs if d.kind == "recommendation"}
    remove(current.filter(kind="recommendation").exclude(object_id__in=keep))
    write(docs, _slugs(docs))


def forget_cases(case_ids: Iterable[int]) -> int:
    """Remove every row of these cases (e.g. purged under the retention rule)."""
    return remove(SearchDocument.objects.filter(case_id__in=list(case_ids)))


def _talks() -> QuerySet[Any]:
    from echohub.library.models import Talk

    return Talk.objects.select_related("program", "presenter").prefetch_related("tags")


def _tools() -> QuerySet[Any]:
    from echohub.library.models import Tool

    return Tool.objects.select_related("program").prefetch_related("tags")


@transaction.atomic
def index_talk(talk_id: int) -> None:
    talk = _talks().filter(pk=talk_id).first()
    if talk is None:
        remove(SearchDocument.objects.filter(kind="talk", object_id=talk_id))
        return
    docs = [talk_doc(talk)]
    write(docs, _slugs(docs))


@transaction.atomic
def index_tool(tool_id: int) -> None:
    tool = _tools().filter(pk=tool_id).first()
    if tool is None:
        remove(SearchDocument.objects.filter(kind="tool", object_id=tool_id))
        return
    docs = [tool_doc(tool)]
    write(docs, _slugs(docs))


def _chunks(qs: QuerySet[Any], size: int) -> Iterator[list[Any]]:
    last = 0
    while True:
        chunk = list(qs.filter(pk__gt=last).order_by("pk")[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def reindex_all(
    *, batch: int = 500, progress: Callable[[str, int, int], None] | None = None
) -> dict[str, int]:
    """Rebuild the whole index from the talks, tools and library cases, in batches (each in its
    own transaction, so a long rebuild holds no lock for long). Returns rows written by kind."""
    with transaction.atomic():
        SearchFacet.objects.all().delete()
        SearchMatch.objects.all().delete()
        SearchDocument.objects.all().delete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM search_fts")
                cursor.execute(f"DELETE FROM {FTS_CASES}")  # noqa: S608 - a constant
    counts = {"case": 0, "recommendation": 0, "talk": 0, "tool": 0}
    sources: list[tuple[str, QuerySet[Any], Callable[[list[Any]], list[Doc]]]] = [
        ("cases", _library_cases(), _case_docs),
        ("talks", _talks(), lambda rows: [talk_doc(t) for t in rows]),
        ("tools", _tools(), lambda rows: [tool_doc(t) for t in rows]),
    ]
    for label, qs, build in sources:
        total = qs.count()
        done = 0
        for chunk in _chunks(qs, batch):
            docs = build(chunk)
            with transaction.atomic():
                write(docs, _slugs(docs))
            for d in docs:
                counts[d.kind] += 1
            done += len(chunk)
            if progress:
                progress(label, done, total)
        if progress and total == 0:
            progress(label, 0, 0)
    return counts
