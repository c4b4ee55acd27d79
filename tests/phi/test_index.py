"""phi.index: one pass over a text gives every recognizer where its words and numbers start."""

from __future__ import annotations

import re

from phi.index import Phrases, TextIndex, anchored, category, line_starts, scan_at
from phi.lexicon import lexicon

_FRUIT = category("test fruit", "apple pear quince")
_CAPITAL = category("test capital fruit", "plum", capital_only=True)


def test_words_of_a_category_are_found_in_any_case() -> None:
    text = "An Apple, a pear-shaped PEAR and pineapple."
    idx = TextIndex(text, lexicon())
    assert [text[p : p + 5] for p in idx.at(_FRUIT)] == ["Apple", "pear-", "PEAR "]


def test_a_capital_only_category_skips_lower_case_words() -> None:
    text = "plum jam, then Plum Street."
    idx = TextIndex(text, lexicon())
    assert idx.at(_CAPITAL) == [text.index("Plum")]


def test_digit_runs_by_length_and_next_character() -> None:
    text = "Room 12, code A17, call 555-0100 at 9/4."
    idx = TextIndex(text, lexicon())
    assert sorted(text[p : p + 3] for p in idx.nums(3)) == ["555"]
    assert [text[p : p + 2] for p in idx.nums(2)] == ["12"]  # 17 is glued to a letter
    assert [text[p] for p in idx.nums(1, after="/")] == ["9"]


def test_scan_at_finds_what_finditer_finds() -> None:
    rx = re.compile(r"(?<![\w])ab+")
    text = "ab abb xab abbb ab"
    starts = [m.start() for m in re.finditer(r"\b\w", text)]
    assert [m.span() for m in scan_at(rx, text, starts)] == [m.span() for m in rx.finditer(text)]
    assert [m.group() for m in anchored(rx, text, [0, 7])] == ["ab"]  # "xab" is no match


def test_phrases_are_tried_by_first_word_longest_first() -> None:
    ph = Phrases(["seen by", "seen", "signed by"], after=r"[ \t]*:")
    assert ph.match("Seen by: X", 0) is not None
    assert ph.match("Seen by: X", 0).group() == "Seen by:"  # type: ignore[union-attr]
    assert ph.match("Seen: X", 0).group() == "Seen:"  # type: ignore[union-attr]
    assert ph.match("Signed: X", 0) is None  # "signed by" needs its "by"
    assert ph.match("Sent by: X", 0) is None


def test_line_starts_once_per_line() -> None:
    text = "a 1 2\nb\nc 3"
    assert line_starts(text, [2, 4, 10]) == [0, 8]
