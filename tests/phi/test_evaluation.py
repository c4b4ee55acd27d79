"""phi.evaluation: the corpus scoring rule (90 % of a gold span's letters and digits covered;
a finding sharing no character with a gold span is a false positive), on small synthetic
documents whose scores are worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phi.evaluation import (
    Document,
    Score,
    caught,
    load_corpus,
    load_marked,
    parse_marked,
    score,
    touches,
)


def test_caught_needs_ninety_percent_of_letters_and_digits() -> None:
    text = "ABCDEFGHIJ-KLMNOPQRST"  # 20 letters and a hyphen
    gold = (0, 21, "ID")
    assert caught(gold, [(0, 21, "ID")], text)
    assert caught(gold, [(0, 19, "ID")], text)  # 18 of 20 letters (90 %)
    assert not caught(gold, [(0, 18, "ID")], text)  # 17 of 20 letters (85 %)
    assert caught(gold, [(2, 21, "ID")], text)  # 18 of 20 (90 %), by any kind
    assert not caught(gold, [(3, 21, "ID")], text)  # 17 of 20 (85 %)
    # the hyphen does not count: 18 letters covered in two pieces
    assert caught(gold, [(0, 10, "X"), (11, 19, "Y")], text)
    assert not caught(gold, [], text)


def test_touches_means_sharing_a_character() -> None:
    golds = [(10, 20, "NAME")]
    assert touches((19, 25, "X"), golds)
    assert touches((5, 11, "X"), golds)
    assert touches((12, 14, "X"), golds)
    assert not touches((20, 25, "X"), golds)  # ends are exclusive
    assert not touches((5, 10, "X"), golds)
    assert not touches((0, 5, "X"), golds) and not touches((25, 30, "X"), golds)
    assert not touches((1, 2, "X"), [])


def test_parse_marked_gives_plain_text_and_spans() -> None:
    doc = parse_marked("Seen [[NAME:Ann Lee]] on [[DATE:May 3]].", "a.txt")
    assert doc == Document("a.txt", "Seen Ann Lee on May 3.", ((5, 12, "NAME"), (16, 21, "DATE")))


def test_load_marked_and_load_corpus(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("tel [[PHONE:416-555-0199]]", encoding="utf-8")
    (tmp_path / "a.txt").write_text("nothing", encoding="utf-8")
    (tmp_path / "skip.md").write_text("[[NAME:X]]", encoding="utf-8")
    docs = load_marked(tmp_path)
    assert [d.name for d in docs] == ["a.txt", "b.txt"]
    assert docs[1].gold == ((4, 16, "PHONE"),)
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "n1.txt").write_text("Call 416-555-0199.", encoding="utf-8")
    (corpus / "n2.txt").write_text("Nothing.", encoding="utf-8")
    records = [
        {"file": "n1.txt", "spans": [{"start": 5, "end": 17, "kind": "PHONE"}]},
        {"file": "n2.txt", "spans": []},
    ]
    (corpus / "gold.jsonl").write_text(
        "\n".join(json.dumps(r) for r in records) + "\n\n", encoding="utf-8"
    )
    loaded = load_corpus(corpus)
    assert loaded == [
        Document("n1.txt", "Call 416-555-0199.", ((5, 17, "PHONE"),)),
        Document("n2.txt", "Nothing.", ()),
    ]


def test_score_counts_recall_precision_and_clean_documents() -> None:
    docs = [
        Document("a", "Ann Lee 416-555-0199 x", ((0, 7, "NAME"), (8, 20, "PHONE"))),
        Document("b", "Bob and nothing", ((0, 3, "NAME"),)),
        Document("c", "clean text", ()),
        Document("d", "clean too", ()),
    ]
    answers = {
        "Ann Lee 416-555-0199 x": [(0, 7, "NAME"), (21, 22, "ID")],
        "Bob and nothing": [(0, 3, "ID")],
        "clean text": [(0, 5, "ID")],
        "clean too": [],
    }
    s = score(docs, lambda text: answers[text])
    assert (s.gold_total, s.gold_caught) == (3, 2)
    assert s.by_kind_total == {"NAME": 2, "PHONE": 1}
    assert s.by_kind_caught == {"NAME": 2}
    assert s.recall == pytest.approx(2 / 3)
    assert (s.findings, s.findings_touching) == (4, 2)
    assert s.precision == pytest.approx(0.5)
    assert s.by_found_kind == {"NAME": 1, "ID": 3}
    assert s.by_found_kind_touching == {"NAME": 1, "ID": 1}
    assert s.kind_precision("ID") == pytest.approx(1 / 3)
    assert s.kind_precision("NAME") == 1.0
    assert s.kind_recall("PHONE") == 0.0
    assert s.kind_recall("NAME") == 1.0
    assert s.group_recall(["NAME", "PHONE"]) == pytest.approx(2 / 3)
    assert s.group_recall(("PHONE",)) == 0.0
    assert (s.clean_docs, s.clean_docs_flagged) == (2, 1)
    assert s.clean_ok_fraction == 0.5
    assert s.misses == [("a", (8, 20, "PHONE"), "416-555-0199")]
    assert s.false_positives == [("a", (21, 22, "ID"), "x"), ("c", (0, 5, "ID"), "clean")]


def test_an_empty_score_is_perfect() -> None:
    s = Score()
    assert s.recall == s.precision == s.clean_ok_fraction == 1.0
    assert s.kind_recall("NAME") == s.kind_precision("NAME") == s.group_recall(["NAME"]) == 1.0
