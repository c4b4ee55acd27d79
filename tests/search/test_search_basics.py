"""The one search function on this database: ranking, snippets, facets, syntax, index upkeep."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from echohub.cases.models import CaseStatus, Recommendation
from echohub.programs.models import Role
from echohub.search.models import SearchDocument
from echohub.search.services import search
from tests.search.conftest import make_case, make_talk, make_tool

pytestmark = pytest.mark.django_db


def titles(results: Any) -> list[str]:
    return [h.title for h in results.hits]


def test_a_title_hit_ranks_above_a_body_hit(program, make_member, library):
    user = make_member(program, Role.PARTICIPANT)
    results = search(user, "tapering")
    names = titles(results)
    assert names.index("Tapering opioids slowly") < names.index("Sleep and chronic pain")


def test_stemming_finds_other_forms(program, make_member, library):
    user = make_member(program, Role.PARTICIPANT)
    assert "Tapering opioids slowly" in titles(search(user, "tapered"))


def test_snippets_highlight_the_words_and_escape_everything_else(program, make_member):
    make_talk(
        program,
        "Harmless title",
        learning_objectives='Buprenorphine <script>alert("x")</script> micro-induction',
    )
    user = make_member(program, Role.PARTICIPANT)
    (hit,) = search(user, "buprenorphine").hits
    assert (
        "<mark>Buprenorphine</mark>" in hit.snippet
        or "<mark>buprenorphine</mark>" in hit.snippet.lower()
    )
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet or "script" not in hit.snippet.lower()


def test_facets_count_and_narrow(program, make_member, library):
    user = make_member(program, Role.PARTICIPANT)
    results = search(user, "taper OR tapering")
    types = {f.value: f.count for f in results.facets["type"]}
    assert types["talk"] >= 1 and types["case"] == 1 and types["tool"] == 1
    only_cases = search(user, "taper OR tapering", {"type": ["case"]})
    assert {h.kind for h in only_cases.hits} == {"case"}
    # the type facet still lists the other types (counted without its own filter)
    assert {f.value for f in only_cases.facets["type"]} >= {"talk", "case", "tool"}
    drugs = {f.value for f in results.facets["drug"]}
    assert "hydromorphone" in drugs
    assert {f.value for f in results.facets["mme"]} == {"90-199"}


@pytest.mark.parametrize(
    "text",
    [
        '"unbalanced quote',
        "-",
        "- - -",
        "-taper",
        "or",
        "taper or",
        "the and of",
        "x" * 10_000,
        "taper " * 2000,
        '"" "" ""',
        "()*:^NEAR/3 AND NOT",
        "sleep* col:title",
        "'; DROP TABLE search_fts; --",
        "émotions à l'œuvre",
        "\ue000mark\ue001",
    ],
)
def test_anything_typed_is_a_query_never_an_error(program, make_member, library, text):
    user = make_member(program, Role.PARTICIPANT)
    results = search(user, text, {"type": ["talk"], "nonsense": ["x"]}, page=999)
    assert results.count >= 0
    for hit in results.hits:
        assert "<script" not in hit.snippet


def test_exclusion_and_phrases(program, make_member, library):
    user = make_member(program, Role.PARTICIPANT)
    assert "Sleep and chronic pain" not in titles(search(user, "sleep -insomnia"))
    assert "Sleep and chronic pain" in titles(search(user, "sleep insomnia"))
    assert titles(search(user, '"slow taper"')) == ["Tapering opioids slowly"]


def test_only_stop_words_find_nothing(program, make_member, library):
    user = make_member(program, Role.PARTICIPANT)
    results = search(user, "the and of")
    assert results.query.empty and results.count == 0


def test_index_follows_saves_and_deletes(program, make_member, library):
    user = make_member(program, Role.PARTICIPANT)
    talk = library["sleep"]
    talk.title = "Nightly melatonin questions"
    talk.save()
    assert titles(search(user, "melatonin")) == ["Nightly melatonin questions"]
    talk.delete()
    assert search(user, "melatonin").count == 0
    case = library["case"]
    rec = Recommendation.objects.get(case=case)
    rec.text = "Consider naltrexone for alcohol use."
    rec.save()
    assert [h.kind for h in search(user, "naltrexone").hits] == ["recommendation"]
    case_id = case.pk
    case.delete()
    assert not SearchDocument.objects.filter(case_id=case_id).exists()
    assert search(user, "naltrexone").count == 0


def test_a_draft_is_not_in_the_index_until_recommendations_are_sent(program, make_member):
    user = make_member(program, Role.PARTICIPANT)
    case = make_case(program, title="Gabapentin wean", status=CaseStatus.PRESENTED)
    assert search(user, "gabapentin").count == 0
    case.status = CaseStatus.RECOMMENDATIONS_SENT
    case.save()
    assert titles(search(user, "gabapentin")) == ["Gabapentin wean"]


def test_reindex_command_rebuilds_everything(program, make_member, library, capsys):
    user = make_member(program, Role.PARTICIPANT)
    before = search(user, "taper OR tapering").count
    SearchDocument.objects.all().delete()
    assert search(user, "taper OR tapering").count == 0
    call_command("search_reindex")
    out = capsys.readouterr().out
    assert "cases" in out and "talks" in out and "tools" in out
    assert search(user, "taper OR tapering").count == before


def test_deployment_tools_are_found_by_members_of_any_program(program, make_member):
    make_tool(None, "Naloxone kits where to get them")
    user = make_member(program, Role.PARTICIPANT)
    assert titles(search(user, "naloxone")) == ["Naloxone kits where to get them"]


def test_french_documents_are_stemmed_in_french(program, make_member):
    """PostgreSQL reads a French row with the French configuration ("diminutions" finds
    "diminution"); SQLite's porter stemmer happens to join these two forms too."""
    make_talk(
        program,
        "Diminution des opioïdes",
        learning_objectives="La diminution lente de la dose avec la patiente et son médecin.",
    )
    make_talk(program, "Reducing doses", learning_objectives="The slow reduction of the dose.")
    user = make_member(program, Role.PARTICIPANT)
    assert SearchDocument.objects.get(title="Diminution des opioïdes").language == "fr"
    assert SearchDocument.objects.get(title="Reducing doses").language == "en"
    assert titles(search(user, "diminutions")) == ["Diminution des opioïdes"]
    assert titles(search(user, "reductions")) == ["Reducing doses"]


def test_query_count_does_not_grow_with_the_library(program, make_member, library):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = make_member(program, Role.PARTICIPANT)
    query = "taper OR tapering OR opioid"
    search(user, query, both_languages=True)
    with CaptureQueriesContext(connection) as few:
        search(user, query, both_languages=True)
    with CaptureQueriesContext(connection) as auto:  # few found as typed: widened too
        search(user, query)
    assert len(auto) == len(few)
    for i in range(15):
        make_talk(program, f"Opioid tapering talk {i}")
        make_case(program, title=f"Opioid taper case {i}", recommendations={"medicine": "taper"})
    with CaptureQueriesContext(connection) as many:
        search(user, query, both_languages=True)
    assert len(few) == len(many)
    with CaptureQueriesContext(connection) as enough:  # enough as typed: no widened read
        search(user, query)
    # (the widened read is two: its recent window's, services.BROAD_AT, then every date's)
    assert len(enough) == len(few) - 2


def test_exclusion_reads_each_row_in_its_own_language(program, make_member):
    make_talk(program, "Sleep hygiene", learning_objectives="Insomnia without sedatives.")
    make_talk(program, "Sommeil", learning_objectives="Le sommeil et la douleur sans insomnie.")
    user = make_member(program, Role.PARTICIPANT)
    assert titles(search(user, "sleep -insomnia")) == []
    assert titles(search(user, "sommeil -insomnie")) == []


def test_a_broad_search_reads_a_bounded_number_of_rows_for_its_facets(
    program, make_member, monkeypatch
):
    """Facet counts come from at most FACET_ROW_CAP rows (a broad query costs no more); the
    result count stays exact and the page says the counts are partial."""
    from echohub.search import services

    for n in range(4):
        make_talk(program, f"Pain talk {n}", theme="opioid_tapering")
    user = make_member(program, Role.PARTICIPANT)
    monkeypatch.setattr(services, "FACET_ROW_CAP", 2)
    results = search(user, "pain")
    assert results.count == 4 and results.facets_partial
    assert sum(v.count for v in results.facets["type"]) == 2
    monkeypatch.setattr(services, "FACET_ROW_CAP", 10)
    results = search(user, "pain")
    assert results.count == 4 and not results.facets_partial


def test_a_case_is_not_found_by_its_presenters_profession(program, make_member):
    """In a small program the presenter's profession would point at one person, for readers
    who may not see the presenter's name: cases carry no profession facet."""
    make_case(program, title="Neck pain and sleep")
    user = make_member(program, Role.PARTICIPANT)
    results = search(user, "neck")
    assert [h.title for h in results.hits] == ["Neck pain and sleep"]
    assert results.facets.get("profession", []) == []
