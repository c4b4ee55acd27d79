"""phi.index: one pass over a text gives every recognizer where its words and numbers start."""

from __future__ import annotations

import re
import uuid

import pytest

from phi.index import Phrases, TextIndex, anchored, category, line_starts, scan_at
from phi.lexicon import lexicon

pytestmark = pytest.mark.usefixtures("fresh_lexicon")

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


def test_a_category_is_registered_once_with_its_own_bit() -> None:
    import phi.index as index
    import phi.lexicon as lexicon_module

    # Names new to this process: mutmut runs the tests twice in one process (statistics, then
    # the clean run), and a name registered by the first run would keep its bit.
    # The module's own function, not this file's import of it: between its two runs mutmut
    # imports phi afresh while this test module (and its imported names) stays cached.
    run = uuid.uuid4().hex
    before = len(index._CATEGORIES)
    bit = index.category(f"test category in a test {run}", "kiwi Lime")
    assert bit == 1 << before and len(index._CATEGORIES) == before + 1
    assert index._TABLE is None  # the word table is rebuilt for the new words
    assert (
        index.category(f"test category in a test {run}", "other words") == bit
    )  # same name, same bit
    assert len(index._CATEGORIES) == before + 1
    listed = index.category(f"test category from a list {run}", ["Dragon fruit", "ugli"])
    lexical = index.category(f"test category from the lexicon {run}", lambda lex: ["Tremblay"])
    assert len({bit, listed, lexical}) == 3
    text = "A kiwi, a lime, dragon fruit, an ugli and Tremblay."
    idx = index.TextIndex(text, lexicon_module.lexicon())
    assert [text[p : p + 4] for p in idx.at(bit)] == ["kiwi", "lime"]
    assert [text[p : p + 6] for p in idx.at(listed)] == ["dragon", "ugli a"]
    assert [text[p : p + 8] for p in idx.at(lexical)] == ["Tremblay"]
    assert idx.at_any(bit, listed) == sorted(idx.at(bit) + idx.at(listed))
    assert idx.at_any(bit) == idx.at(bit)


def test_the_word_table_is_kept_for_the_same_lexicon() -> None:
    import phi.index as index

    lex = lexicon()
    table = index._table(lex)
    assert index._table(lex) is table
    assert table["quince"] == ((_FRUIT,), (_FRUIT,))  # no list holds it ("apple" starts a town)
    assert table["plum"] == ((_CAPITAL,), ())  # capital only: nothing in lower case


def test_phrases_prefer_the_longest_without_an_ending() -> None:
    ph = Phrases(["seen", "seen by", "seen by the"])
    assert ph.match("Seen by the NP", 0).group() == "Seen by the"  # type: ignore[union-attr]
    assert ph.match("Seen by NP", 0).group() == "Seen by"  # type: ignore[union-attr]
    assert ph.match("42", 0) is None
    assert Phrases(["(seen)"]).match("seen", 0) is None  # a phrase with no word is dropped


def test_phone_and_capital_starts() -> None:
    text = "Call (705) 555-0101 or +1 705 555 0102; code K1A 0B1, ref AB12."
    idx = TextIndex(text, lexicon())
    assert text.index("(") in idx.phone_starts and text.index("+") in idx.phone_starts
    assert text.index("705 555 0102") in idx.phone_starts  # a run of three digits
    assert idx.phone_starts is idx.phone_starts  # computed once
    assert [text[p : p + 3] for p in idx.cap_starts] == ["K1A", "AB1"]
    assert TextIndex("No digits At All", lexicon()).cap_starts == []
    assert TextIndex("no brackets 1", lexicon()).phone_starts == []


def test_digit_runs_at_the_end_of_the_text() -> None:
    text = "code 12"
    idx = TextIndex(text, lexicon())
    assert idx.nums(2) == [5]
    assert idx.nums(2, after=" ") == []  # nothing follows
    assert idx.nums(2, 3) == [5]
    assert idx.nums(3) == []
