"""The full-text part of the index, by database: on SQLite an FTS5 table beside the documents
(rowid = the document's id; porter stemming, accents folded), on PostgreSQL a GIN index over
the weighted tsvector. Other databases get neither (search then finds nothing)."""

from typing import Any

from django.db import migrations

SQLITE_UP = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, summary, body, tokenize = 'porter unicode61 remove_diacritics 2')"
)
SQLITE_DOWN = "DROP TABLE IF EXISTS search_fts"
PG_UP = (
    "CREATE INDEX IF NOT EXISTS search_document_vector_gin "
    "ON search_searchdocument USING gin (vector)"
)
PG_DOWN = "DROP INDEX IF EXISTS search_document_vector_gin"


def forwards(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)
    elif vendor == "postgresql":
        schema_editor.execute(PG_UP)


def backwards(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)
    elif vendor == "postgresql":
        schema_editor.execute(PG_DOWN)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
