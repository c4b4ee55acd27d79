"""SQLite only: the past cases get an FTS5 table of their own, `search_fts_cases` (the same
columns and tokenizer as `search_fts`, rowid = the document's id), written beside `search_fts`
for every case row. Similar cases rank a draft's words among the past cases only: in the
table of every kind, bm25 walked each word's hits in every recommendation, talk and tool too
(a 12-word draft: four times the rows, for nothing), and weighed the words by how rare they
are among all rows rather than among cases. PostgreSQL is unchanged (its similar cases read
the match rows' vectors with the kind's condition)."""

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in (
        "DROP TABLE IF EXISTS search_fts_cases",
        "CREATE VIRTUAL TABLE search_fts_cases USING fts5(title, summary, body, scope, "
        "tokenize = 'porter unicode61 remove_diacritics 2')",
        "INSERT INTO search_fts_cases(rowid, title, summary, body, scope) "
        "SELECT f.rowid, f.title, f.summary, f.body, f.scope FROM search_fts f "
        "JOIN search_searchmatch m ON m.document_id = f.rowid WHERE m.kind = 'case'",
    ):
        schema_editor.execute(sql)


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts_cases")


class Migration(migrations.Migration):
    dependencies = [("search", "0006_fts_scope")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
