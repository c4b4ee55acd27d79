"""The narrow copy of each document that full-text reads use (models.SearchMatch): created,
filled from the documents (on PostgreSQL with their vectors, then indexed with GIN), and the
vector column leaves the wide document row."""

from typing import Any

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

COLUMNS = (
    "kind, case_id, program_id, language, themes, drugs, instruments, mme_band, "
    "presenter_profession, year, dated"
)


def copy_rows(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    vector = "vector" if vendor == "postgresql" else "NULL"
    schema_editor.execute(
        f"INSERT INTO search_searchmatch (document_id, {COLUMNS}, vector) "  # noqa: S608 - constants
        f"SELECT id, {COLUMNS}, {vector} FROM search_searchdocument"
    )
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS search_match_vector_gin "
            "ON search_searchmatch USING gin (vector)"
        )


def copy_vectors_back(apps: Any, schema_editor: Any) -> None:
    """Backwards: the documents' vector column is back (the field's removal reversed first);
    it gets the match rows' vectors and its GIN index again before the match table goes."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "UPDATE search_searchdocument d SET vector = m.vector "
        "FROM search_searchmatch m WHERE m.document_id = d.id"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS search_document_vector_gin "
        "ON search_searchdocument USING gin (vector)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0007_registration_language"),
        ("search", "0004_other_title"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchMatch",
            fields=[
                (
                    "document",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="match",
                        serialize=False,
                        to="search.searchdocument",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("talk", "Talk"),
                            ("tool", "Tool"),
                            ("case", "Past case"),
                            ("recommendation", "Recommendations"),
                        ],
                        max_length=16,
                    ),
                ),
                ("case_id", models.BigIntegerField(blank=True, null=True)),
                (
                    "language",
                    models.CharField(
                        choices=[("en", "English"), ("fr", "French")], default="en", max_length=2
                    ),
                ),
                ("themes", models.CharField(blank=True, max_length=300)),
                ("drugs", models.CharField(blank=True, max_length=300)),
                ("instruments", models.CharField(blank=True, max_length=200)),
                ("mme_band", models.CharField(blank=True, max_length=8)),
                ("presenter_profession", models.CharField(blank=True, max_length=32)),
                ("year", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("dated", models.DateTimeField(blank=True, null=True)),
                ("vector", django.contrib.postgres.search.SearchVectorField(blank=True, null=True)),
                (
                    "program",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="programs.program",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["program", "kind"], name="search_match_program_kind"),
                    models.Index(fields=["case_id"], name="search_match_case"),
                ],
            },
        ),
        migrations.RunPython(copy_rows, copy_vectors_back, elidable=False),
        migrations.RemoveField(
            model_name="searchdocument",
            name="vector",
        ),
    ]
