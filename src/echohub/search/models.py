"""The search index: one denormalised row per searchable thing (a talk, a tool, a past case, one
discipline's recommendations on it), with its text in three weighted fields and its facets.

It holds copies only: the talks, tools and cases stay the record, and `echohub search_reindex`
rebuilds every row from them. Who may open a row is never stored here: it is asked of the
library's selectors inside each query (services.search), so a change of role or of sharing
takes effect at once, without reindexing.

The full-text part differs by database (migration 0002): PostgreSQL keeps a weighted tsvector in
`vector` under a GIN index; SQLite keeps an FTS5 table `search_fts` (rowid = this row's id) that
the indexer writes beside each row.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from echohub.programs.models import Program


class Kind(models.TextChoices):
    TALK = "talk", _("Talk")
    TOOL = "tool", _("Tool")
    CASE = "case", _("Past case")
    RECOMMENDATION = "recommendation", _("Recommendations")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")


class IndexedColumns(models.Model):
    """The columns a document and its match row share: who may open it (kind, program, case),
    its facets and its date (MATCH_COLUMNS)."""

    kind = models.CharField(max_length=16, choices=Kind.choices)
    #: The case a case or recommendation row belongs to (its permission follows the case).
    case_id = models.BigIntegerField(null=True, blank=True)
    #: None for a deployment-wide tool.
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(max_length=2, choices=Language.choices, default="en")
    # Facets, also shown with the result ("|a|b|" for the multi-valued ones).
    themes = models.CharField(max_length=300, blank=True)
    drugs = models.CharField(max_length=300, blank=True)
    instruments = models.CharField(max_length=200, blank=True)
    mme_band = models.CharField(max_length=8, blank=True)
    presenter_profession = models.CharField(max_length=32, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    #: When the thing itself was given, sent or updated (newest first among equals).
    dated = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class SearchDocument(IndexedColumns):
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=300)
    #: The title in the other language (a talk's or tool's French title), searched with weight A
    #: like the title, never shown in its place.
    other_title = models.CharField(max_length=300, blank=True, default="")
    #: Weight B: a case's questions, a talk's objectives, a tool's description.
    summary = models.TextField(blank=True)
    #: Weight C: everything else worth finding.
    body = models.TextField(blank=True)
    #: A case's structured features for similar cases (similar.py): age band, flags, MME.
    features = models.JSONField(default=dict, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_once")
        ]
        indexes = [
            models.Index(fields=["case_id"]),
            models.Index(fields=["program", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"

    def values_of(self, facet: str) -> list[str]:
        raw = getattr(self, facet, "")
        return [v for v in str(raw).split("|") if v]


class SearchMatch(IndexedColumns):
    """The narrow copy of a document that every full-text read matches, filters and ranks: its
    permission columns (kind, program, case), facet columns, date and, on PostgreSQL, the
    weighted tsvector, without the text (title, summary, body, features), which only the page's
    rows need. A broad query visits every readable matching row; with half the bytes per row
    it reads half the pages (at 530,000 rows: about 330 MB instead of 1.1 GB). Written from
    its document, in the same statement as the vector (indexing._write_fulltext): one row
    version per write, so a rebuild leaves no dead half."""

    document = models.OneToOneField(
        SearchDocument, primary_key=True, on_delete=models.CASCADE, related_name="match"
    )
    #: PostgreSQL only: setweight(title, A) || setweight(summary, B) || setweight(body, C)
    #: (under a GIN index, migration 0005); NULL on SQLite, whose FTS5 table holds the text.
    vector = SearchVectorField(null=True, blank=True)

    class Meta:
        indexes = [
            # The permission filter's index; `dated` last, so a broad search's window of
            # recent entries (services.RECENT_DAYS) is read from it without visiting the rest.
            models.Index(fields=["program", "kind", "dated"], name="search_match_prog_kind_date"),
            models.Index(fields=["case_id"], name="search_match_case"),
        ]

    def __str__(self) -> str:
        return f"match {self.document_id}"


#: The columns a SearchMatch copies from its SearchDocument (besides the vector).
MATCH_COLUMNS = tuple(f.attname for f in IndexedColumns._meta.local_fields)


class SearchFacet(models.Model):
    """One facet value of a document (type, theme, drug, MME band, instrument, presenter
    profession, year, program), so facet counts are one GROUP BY over the matching rows."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=12)
    value = models.CharField(max_length=64)

    class Meta:
        indexes = [
            models.Index(fields=["name", "value"]),
            # Facet counts read (name, value) of the matching documents from this index alone.
            models.Index(fields=["document", "name", "value"], name="search_facet_covering"),
        ]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
