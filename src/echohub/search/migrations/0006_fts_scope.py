"""SQLite only: the FTS5 table gains a `scope` column holding the tokens that say whose a
row is (backends.scope_tokens: "p12c" for a past case of program 12 or its recommendations,
and "p12k" too for the past case itself; "p12l" for a talk or tool of its library; "dtool"
for a deployment-wide tool), so a search matches only the readable programs' rows inside FTS5 itself rather than
checking every matching row of every program. FTS5 tables take no new
column: the table is made again beside the old one, filled from it, and renamed."""

from typing import Any

from django.db import migrations

SCOPE_SQL = (
    "CASE WHEN m.program_id IS NULL THEN 'dtool' ELSE 'p' || m.program_id || "
    "CASE m.kind WHEN 'case' THEN 'c p' || m.program_id || 'k' WHEN 'recommendation' THEN 'c' "
    "ELSE 'l' END END"
)


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in (
        "DROP TABLE IF EXISTS search_fts_scoped",
        "CREATE VIRTUAL TABLE search_fts_scoped USING fts5(title, summary, body, scope, "
        "tokenize = 'porter unicode61 remove_diacritics 2')",
        "INSERT INTO search_fts_scoped(rowid, title, summary, body, scope) "  # noqa: S608 - constants
        f"SELECT f.rowid, f.title, f.summary, f.body, {SCOPE_SQL} FROM search_fts f "
        "JOIN search_searchmatch m ON m.document_id = f.rowid",
        "DROP TABLE search_fts",
        "ALTER TABLE search_fts_scoped RENAME TO search_fts",
    ):
        schema_editor.execute(sql)


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in (
        "DROP TABLE IF EXISTS search_fts_plain",
        "CREATE VIRTUAL TABLE search_fts_plain USING fts5(title, summary, body, "
        "tokenize = 'porter unicode61 remove_diacritics 2')",
        "INSERT INTO search_fts_plain(rowid, title, summary, body) "
        "SELECT rowid, title, summary, body FROM search_fts",
        "DROP TABLE search_fts",
        "ALTER TABLE search_fts_plain RENAME TO search_fts",
    ):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_search_match")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
