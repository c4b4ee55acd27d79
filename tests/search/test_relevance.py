"""The judged relevance set (bench/search_relevance.json) and the general ranking aids it
measures: the other language's title, accent folding, and any-word results when no row holds
every word."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from echohub.programs.models import Role
from echohub.search import relevance
from echohub.search.services import search
from tests.factories import ProgramFactory
from tests.search.conftest import make_case, make_talk


def test_the_relevance_file_parses_with_enough_judged_queries():
    judged = relevance.load()
    assert len(judged) >= 50
    assert sum(j.known_item for j in judged) >= 30
    assert sum(j.language == "fr" for j in judged) >= 5
    assert len({j.query.lower() for j in judged}) == len(judged), "a query is judged twice"


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        '{"queries": [{"query": "", "relevant": {"talk:X": 3}}]}',
        '{"queries": [{"query": "x", "relevant": {}}]}',
        '{"queries": [{"query": "x", "relevant": {"talk:X": 4}}]}',
        '{"queries": [{"query": "x", "relevant": {"podcast:X": 3}}]}',
        '{"queries": [{"query": "x", "relevant": {"talk:": 3}}]}',
        '{"queries": [{"query": "x", "language": "de", "relevant": {"talk:X": 3}}]}',
        '{"queries": [{"query": "x", "known_item": true, "relevant": {"talk:X": 2}}]}',
    ],
)
def test_a_malformed_relevance_file_is_refused(tmp_path: Path, content: str):
    path = tmp_path / "rel.json"
    path.write_text(content)
    with pytest.raises(relevance.RelevanceFileError):
        relevance.load(path)


def test_the_measures():
    judged = relevance.Judged("q", "en", True, {"talk:A": 3, "tool:B": 2, "case:C": 1})
    perfect = relevance.score(judged, ["talk:A", "tool:B", "case:C"])
    assert perfect.reciprocal_rank == 1.0 and perfect.ndcg == pytest.approx(1.0)
    assert perfect.first_is_known is True
    late = relevance.score(judged, ["case:X", "case:C", "tool:B", "talk:A"])
    # the first answer graded 2 or more is third
    assert late.reciprocal_rank == pytest.approx(1 / 3)
    assert 0 < late.ndcg < 1 and late.first_is_known is False
    # a copy of an item found again earns nothing more
    copies = relevance.score(judged, ["tool:B", "tool:B", "tool:B"])
    assert copies.ndcg < relevance.score(judged, ["tool:B", "talk:A"]).ndcg
    nothing = relevance.score(judged, [])
    assert (nothing.reciprocal_rank, nothing.ndcg, nothing.first_is_known) == (0.0, 0.0, False)
    summary = relevance.summary([perfect, late])
    assert summary["known_item_first"] == 0.5 and summary["missed_known"] == ["q"]


@pytest.mark.django_db
def test_the_demo_holds_every_judged_item_and_known_items_come_first():
    from echohub.demo.data import load_demo

    load_demo()
    keys = relevance.demo_keys()
    judged = relevance.load()
    missing = sorted({k for j in judged for k in j.grades if k not in keys})
    assert missing == []
    user = relevance.demo_searcher()
    assert user is not None
    figures = relevance.summary(relevance.evaluate(user, judged))
    assert figures["known_item_first"] >= 0.9, figures["missed_known"]
    assert figures["mrr"] >= 0.8 and figures["ndcg10"] >= 0.7


@pytest.mark.django_db
def test_a_talk_is_found_by_its_french_title_with_or_without_accents(program, make_member):
    make_talk(program, "Opioid tapering", title_fr="La diminution progressive des opioïdes")
    make_talk(program, "Sleep", title_fr="Le sommeil")
    user = make_member(program, Role.PARTICIPANT)
    for query in ("diminution progressive des opioïdes", "diminution progressive opioides"):
        results = search(user, query)
        # the French title is searched, the English one shown
        assert [h.title for h in results.hits] == ["Opioid tapering"], query


@pytest.mark.django_db
def test_an_accented_word_is_found_typed_without_its_accent(program, make_member):
    make_talk(program, "Équivalents de morphine", learning_objectives="Réduire la dose.")
    user = make_member(program, Role.PARTICIPANT)
    assert [h.title for h in search(user, "equivalents morphine").hits] == [
        "Équivalents de morphine"
    ]
    assert search(user, "reduire").count == 1


@pytest.mark.django_db
def test_when_no_row_holds_every_word_rows_with_some_come_best_first(program, make_member):
    other_program = ProgramFactory(slug="elsewhere", name="Elsewhere")
    make_case(program, title="Fentanyl patch after hand surgery", questions="Is the patch needed?")
    make_talk(program, "Opioid tapering", learning_objectives="Taper slowly.")
    make_talk(program, "Unrelated", learning_objectives="Physiotherapy.")
    make_talk(other_program, "Fentanyl patch taper elsewhere")
    user = make_member(program, Role.PARTICIPANT)
    results = search(user, "taper fentanyl patch")
    assert results.relaxed
    titles = [h.title for h in results.hits]
    assert titles[0] == "Fentanyl patch after hand surgery"
    assert set(titles) == {"Fentanyl patch after hand surgery", "Opioid tapering"}
    # what the searcher may not open is never among them, nor counted
    assert results.count == 2
    assert all("elsewhere" not in f.label for fs in results.facets.values() for f in fs)
    # a query whose words all match somewhere is not relaxed, and exclusions still hold
    assert not search(user, "fentanyl patch").relaxed
    excluded = search(user, "taper fentanyl patch -surgery")
    assert [h.title for h in excluded.hits] == ["Opioid tapering"]


def test_the_relevance_file_is_written_as_json_with_readable_keys():
    raw = json.loads(relevance.DEFAULT_FILE.read_text(encoding="utf-8"))
    for item in raw["queries"]:
        for key in item["relevant"]:
            kind, _sep, title = key.partition(":")
            assert kind in relevance.KINDS and not title.isdigit()
