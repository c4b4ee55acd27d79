"""The narrow copy the full-text reads use (SearchMatch), SQLite's scope tokens, and facet
counts of a chosen facet: each stays true to the documents and the permissions whatever is
saved, moved or filtered."""

from __future__ import annotations

import pytest
from django.db import connection

from echohub.cases.models import CaseStatus, CaseTheme
from echohub.programs.models import Program, Role
from echohub.search import backends, services
from echohub.search.indexing import reindex_all
from echohub.search.models import MATCH_COLUMNS, SearchDocument, SearchMatch
from echohub.search.services import readable, search
from tests.search.conftest import make_case, make_talk

pytestmark = pytest.mark.django_db


def _mirrors() -> None:
    """Every document has exactly one match row holding the same columns."""
    docs = {d["pk"]: d for d in SearchDocument.objects.values("pk", *MATCH_COLUMNS)}
    matches = {
        m["document_id"]: m for m in SearchMatch.objects.values("document_id", *MATCH_COLUMNS)
    }
    assert set(docs) == set(matches)
    for pk, doc in docs.items():
        for column in MATCH_COLUMNS:
            assert matches[pk][column] == doc[column], (pk, column)
    if connection.vendor == "sqlite":
        # the past cases' own FTS5 table (similar cases) holds every case row, as search_fts
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowid, title, summary, body, scope FROM search_fts_cases")
            cases = {row[0]: row[1:] for row in cursor.fetchall()}
            cursor.execute("SELECT rowid, title, summary, body, scope FROM search_fts")
            every = {row[0]: row[1:] for row in cursor.fetchall()}
        assert set(every) == set(docs)
        assert set(cases) == {pk for pk, doc in docs.items() if doc["kind"] == "case"}
        assert all(cases[pk] == every[pk] for pk in cases)


def test_the_match_rows_follow_every_save_move_and_delete(program, make_member):
    user = make_member(program, Role.PARTICIPANT)
    case = make_case(
        program,
        title="Quillane taper questions",
        recommendations={"pharmacy": "Slow the taper over the holidays."},
    )
    talk = make_talk(program, "Quillane sleep talk")
    _mirrors()
    assert SearchMatch.objects.filter(case_id=case.pk).count() == 2
    # an edit reaches the match row (the facet column and the text)
    case.theme = CaseTheme.NEUROPATHIC
    case.title = "Quillane neuropathic questions"
    case.save()
    _mirrors()
    assert SearchMatch.objects.get(document__kind="case", case_id=case.pk).themes == "|neuropathic|"
    assert [h.title for h in search(user, "neuropathic", {"type": ["case"]}).hits] == [
        "Quillane neuropathic questions"
    ]
    # moved to another program: the match row moves with it, so the old readers lose it
    other = Program.objects.create(slug="other-q", name="Other")
    talk.program = other
    talk.save()
    _mirrors()
    assert search(user, "sleep talk").count == 0
    # leaving the library and deleting remove the match rows with the documents
    case.status = CaseStatus.DRAFT
    case.save()
    assert not SearchMatch.objects.filter(case_id=case.pk).exists()
    talk.delete()
    _mirrors()
    assert not SearchMatch.objects.exists()


def test_a_rebuild_writes_one_match_row_per_document(program, make_member, library):
    before = search(make_member(program, Role.PARTICIPANT), "taper or sleep").count
    SearchMatch.objects.all().delete()
    reindex_all(batch=2)
    _mirrors()
    assert search(make_member(program, Role.PARTICIPANT), "taper or sleep").count == before > 0


def test_scope_tokens_say_whose_each_row_is():
    assert backends.scope_tokens("case", 12) == "p12c p12k"
    assert backends.scope_tokens("recommendation", 12) == "p12c"
    assert backends.scope_tokens("talk", 12) == "p12l"
    assert backends.scope_tokens("tool", 12) == "p12l"
    assert backends.scope_tokens("tool", None) == "dtool"
    assert backends.scope_expression([3], [3, 4], True) == "scope : (p3c OR p4c OR p3l OR dtool)"
    assert backends.scope_expression([3], [4], True, cases_only=True) == "scope : (p4k)"
    assert backends.scope_expression([], [], False) == ""
    # a reader of very many programs: no scope in the query (the permission filter remains)
    many = list(range(backends.MAX_SCOPE_TOKENS + 1))
    assert backends.scope_expression(many, [], False) == ""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table only")
def test_every_fts_row_carries_its_scope_tokens(program, make_member, library):
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid, scope FROM search_fts")
        tokens = dict(cursor.fetchall())
    expected = {
        pk: backends.scope_tokens(kind, program_id)
        for pk, kind, program_id in SearchMatch.objects.values_list("pk", "kind", "program_id")
    }
    assert tokens == expected and expected


def test_a_reader_of_more_programs_than_the_scope_holds_still_finds_only_theirs(
    program, make_member, monkeypatch
):
    """Without the scope in the query (too many programs), the permission filter alone keeps
    the other programs' rows out; with it, the same answer."""
    user = make_member(program, Role.PARTICIPANT)
    other = Program.objects.create(slug="not-theirs", name="Not theirs")
    make_talk(program, "Quillby opioid talk")
    make_talk(other, "Quillby opioid talk elsewhere")
    make_case(other, title="Quillby opioid case elsewhere")
    scoped = [h.title for h in search(user, "quillby").hits]
    monkeypatch.setattr(backends, "MAX_SCOPE_TOKENS", 0)
    assert readable(user).scope() == ""
    assert [h.title for h in search(user, "quillby").hits] == scoped == ["Quillby opioid talk"]


def test_a_chosen_facet_counts_its_other_values_exactly_when_the_read_is_cut_short(
    program, make_member, monkeypatch
):
    """Under a facet, the page and the other facets come from the rows passing it; the
    chosen facet's own values (to add as "or") are counted over every matching row, exact
    even when FACET_ROW_CAP cuts the read short."""
    user = make_member(program, Role.PARTICIPANT)
    for n in range(5):
        make_talk(program, f"Quillane pain talk {n}", theme="neuropathic")
    for n in range(3):
        make_case(program, title=f"Quillane pain case {n}", mme="120")
    monkeypatch.setattr(services, "FACET_ROW_CAP", 2)
    results = search(user, "quillane", {"type": ["case"]}, per_page=2)
    assert results.count == 3 and results.pages == 2
    assert {h.kind for h in results.hits} == {"case"}
    types = {f.value: (f.count, f.selected) for f in results.facets["type"]}
    assert types == {"case": (3, True), "talk": (5, False)}
    # the other facets count the rows passing the chosen one (the cases' band only)
    assert {f.value for f in results.facets["mme"]} == {"90-199"}
    both = search(user, "quillane", {"type": ["case", "talk"], "mme": ["90-199"]})
    assert both.count == 3
    # with the band chosen, the type counts are those of the rows in that band
    assert {f.value: f.count for f in both.facets["type"]} == {"case": 3, "talk": 0}


def test_words_kept_out_by_a_facet_are_not_relaxed_to_any_word(program, make_member):
    user = make_member(program, Role.PARTICIPANT)
    make_talk(program, "Quillane melatonin talk")
    make_talk(program, "Quillane evening routine")
    # both words are in a talk, none in a tool: an empty page, not "any of the words"
    empty = search(user, "quillane melatonin", {"type": ["tool"]})
    assert empty.count == 0 and not empty.relaxed
    # no row holds both words: any of them, under the facet
    relaxed = search(user, "melatonin routine", {"type": ["talk"]})
    assert relaxed.relaxed and relaxed.count == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL session settings")
def test_postgresql_connections_open_without_jit_or_parallel_workers():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] == "16MB"


def test_the_page_says_how_many_rows_the_facet_counts_come_from(
    program, make_member, client, monkeypatch
):
    """The cut is named on the page by its number: it must be FACET_ROW_CAP's."""
    from pathlib import Path

    import echohub.search

    template = Path(echohub.search.__file__).parent / "templates" / "search" / "search.html"
    assert f"from the best {services.FACET_ROW_CAP:,}." in template.read_text()
    user = make_member(program, Role.PARTICIPANT)
    for n in range(3):
        make_talk(program, f"Quillane talk {n}")
    monkeypatch.setattr(services, "FACET_ROW_CAP", 2)
    client.force_login(user)
    page = client.get(f"/p/{program.slug}/search/", {"q": "quillane"})
    assert page.status_code == 200
    assert "the counts beside the filters you have not chosen" in page.content.decode()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 scope")
def test_similar_cases_look_among_the_readers_cases_only(program, make_member):
    """The cases-only scope finds past cases and never their recommendations, talks or
    another program's cases."""
    other = Program.objects.create(slug="other-k", name="Other")
    mine = make_case(program, title="Quillane taper", recommendations={"pharmacy": "Quillane"})
    make_case(other, title="Quillane taper elsewhere")
    make_talk(program, "Quillane talk")
    scope = backends.scope_expression([program.pk], [program.pk], True, cases_only=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH %s",
            [f'{{title summary body}} : ("quillane") AND {scope}'],
        )
        found = {pk for (pk,) in cursor.fetchall()}
    assert found == set(
        SearchMatch.objects.filter(kind="case", case_id=mine.pk).values_list("pk", flat=True)
    )


def test_sqlite_checks_the_permission_conditions_on_each_joined_row(program, make_member):
    """The reader's conditions are compiled onto the joined match row (no list of every
    readable id first), also under facets; a queryset the compiler cannot put there (a
    join, a slice) is read through `IN` instead: both give the same answer."""
    user = make_member(program, Role.PARTICIPANT)
    rows = readable(user).rows
    for qs in (rows, services._filtered(rows, {"type": ["case"], "program": [program.slug]})):
        where, _params = backends._where_on_match_rows(qs)
        assert where.startswith("(") and not where.startswith("search_searchmatch.document_id")
    sliced, _params = backends._where_on_match_rows(rows[:5])
    assert sliced.startswith("search_searchmatch.document_id IN (")
    make_case(program, title="Quillane taper")
    make_talk(Program.objects.create(slug="other-j", name="Other"), "Quillane elsewhere")
    assert [h.title for h in search(user, "quillane").hits] == ["Quillane taper"]


def test_relaxed_under_a_facet_is_said_even_when_nothing_passes_the_facet(program, make_member):
    user = make_member(program, Role.PARTICIPANT)
    make_talk(program, "Quillane melatonin talk")
    make_talk(program, "Quillane evening routine")
    results = search(user, "melatonin routine", {"type": ["tool"]})
    assert results.count == 0 and results.relaxed
    assert {f.value: f.count for f in results.facets["type"]}["talk"] == 2


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 tables only")
def test_a_flush_leaves_no_fulltext_row_without_its_document(program, make_member, library):
    """`flush` (the tests' transactional teardown, `echohub flush`) empties every table but
    the FTS5 ones: the post_migrate it sends drops their rows, or a new document taking an
    old rowid would match the old document's words."""
    from django.core.management import call_command

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_fts")
        assert cursor.fetchone()[0] > 0
    call_command("flush", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        for table in ("search_fts", "search_fts_cases"):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - constants
            assert cursor.fetchone()[0] == 0, table
    _mirrors()
