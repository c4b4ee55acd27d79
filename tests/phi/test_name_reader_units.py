"""The small judgements behind the name recognizers (name_reader.py, names.py, common.py), each
pinned on invented words: where a sentence starts, whether a word is written in lower case
elsewhere in the text, whether a capitalised word can be a name, the surname after a given
name, and the line around a position."""

from __future__ import annotations

import pytest

from phi.lexicon import lexicon
from phi.recognizers import common, name_reader, names


@pytest.mark.parametrize(
    "text,pos,start",
    [
        ("Ann", 0, True),
        ("ok. Ann", 4, True),
        ("ok!  Ann", 5, True),
        ("line\nAnn", 5, True),
        ("Note: Ann", 6, True),
        ("\n- Ann", 3, True),
        ("\n* Ann", 3, True),
        ("• Ann", 2, True),
        ("> Ann", 2, True),
        ("with Ann", 5, False),
        ("ok, Ann", 4, False),
    ],
)
def test_sentence_start(text: str, pos: int, start: bool) -> None:
    assert name_reader._sentence_start(text, pos) is start


@pytest.mark.parametrize(
    "text,pos,start",
    [
        ("Ann", 0, True),
        ("  Ann", 2, True),
        ("ok. Ann", 4, True),
        ('said "Ann', 6, True),
        ("« Ann", 2, True),
        ("(Ann", 1, True),
        ("with Ann", 5, False),
        ("x Ann", 2, False),
    ],
)
def test_sentence_start_for_shapes(text: str, pos: int, start: bool) -> None:
    assert names._sentence_start(text, pos) is start


def test_a_word_written_in_lower_case_elsewhere() -> None:
    lw = name_reader._LowerWords("hope is here; hopeful; x.hope@mail.ca; a-hope; hope.ca")
    assert "hope" in lw
    assert "hope" in lw  # cached answer is the same
    lw = name_reader._LowerWords("hopeful and x.hope@mail.ca and a-hope and hope.ca and hope-x")
    assert "hope" not in lw
    assert "grace" in name_reader._LowerWords("grace then")
    assert "grace" in name_reader._LowerWords("by grace.")  # a full stop ends a word
    assert "grace" not in name_reader._LowerWords("graceful gracious")
    assert "grace" in name_reader._LowerWords("xgrace then grace now")  # a later occurrence counts
    assert "grace" not in name_reader._LowerWords("grace_x _grace grace'")


def test_possessive_after_a_word() -> None:
    assert name_reader._possessive_eponym("Crohn's disease", 5)
    assert name_reader._possessive_eponym("Crohn’s disease", 5)
    assert not name_reader._possessive_eponym("Crohn disease", 5)


@pytest.mark.parametrize(
    "word,field,ok",
    [
        ("Dewey", False, True),
        ("Ottoline", False, True),
        ("May", True, True),  # a given name that is also a word, in a name field
        ("A", False, False),
        ("dewey", False, False),
        ("OTTOLINE", False, False),  # all capitals, over three letters
        ("Retired", False, False),
        ("Recently", False, False),
        ("Oxycodone", False, False),
        ("Ontario", False, False),
        ("Parkinson", False, False),
        ("Sudbury", False, False),
        ("Monday", False, False),
    ],
)
def test_a_capitalised_word_that_may_be_a_name(word: str, field: bool, ok: bool) -> None:
    assert name_reader._word_is_name(word, lexicon(), field=field) is ok


def test_a_word_name_takes_a_surname_after_it() -> None:
    lex = lexicon()
    assert name_reader._word_name("Dewey Tremblay came", 0, lex) == (0, 14, ["Dewey", "Tremblay"])
    assert name_reader._word_name("Dewey Zwickau came", 0, lex) == (0, 13, ["Dewey", "Zwickau"])
    assert name_reader._word_name("Dewey Said hi", 0, lex) == (0, 5, ["Dewey"])  # a frequent word
    assert name_reader._word_name("Dewey Sudbury", 0, lex) == (0, 5, ["Dewey"])  # a place
    assert name_reader._word_name("Dewey Oxycodone", 0, lex) == (0, 5, ["Dewey"])
    assert name_reader._word_name("Dewey BROWN", 0, lex) == (0, 5, ["Dewey"])
    assert name_reader._word_name("Dewey tremblay", 0, lex) == (0, 5, ["Dewey"])
    assert name_reader._word_name("Dewey  Tremblay", 0, lex) == (0, 5, ["Dewey"])
    assert name_reader._word_name("x Dewey", 2, lex) == (2, 7, ["Dewey"])
    assert name_reader._word_name("Oxycodone", 0, lex) is None


def test_a_full_name_without_a_strong_cue() -> None:
    lex = lexicon()
    assert name_reader._full_name_ok((0, 12, ["Mary", "Zwickau"]), "Mary Zwickau", lex)
    assert name_reader._full_name_ok((0, 15, ["Halvard", "Tremblay"]), "Halvard Tremblay", lex)
    assert name_reader._full_name_ok((0, 10, ["H.", "Zwickau"]), "H. Zwickau", lex)
    assert not name_reader._full_name_ok((0, 15, ["Halvard", "Zwickau"]), "Halvard Zwickau", lex)
    assert not name_reader._full_name_ok((0, 12, ["mary", "Zwickau"]), "mary Zwickau", lex)


@pytest.mark.parametrize(
    "text,end,ok",
    [
        ("Mary", 4, True),
        ("Mary came", 4, True),
        ("Hope is", 4, False),  # a word-like name, then prose
        ("Hope,", 4, True),
        ("Zwickau,", 7, True),
        ("Zwickau (RN)", 7, True),
        ("Zwickau|x", 7, True),
        ("Zwickau<", 7, True),
        ("Zwickau;", 7, True),
        ("Zwickau physician", 7, False),
        ("Zwickau.", 7, False),
        ("zwickau", 7, False),
        ("Oxycodone,", 9, False),
    ],
)
def test_a_name_alone_after_a_cue(text: str, end: int, ok: bool) -> None:
    assert name_reader._name_ok_alone(text[:end], lexicon(), text, end) is ok


def test_line_bounds() -> None:
    text = "one\ntwo three\nfour"
    assert common._line_bounds(text, 6) == (4, 13)
    assert common._line_bounds(text, 0) == (0, 3)
    assert common._line_bounds(text, 16) == (14, 18)
    assert common._line_bounds("a\nb\nc", 2) == (2, 3)


def test_everyday_words() -> None:
    lex = lexicon()
    assert common._everyday("Pain", lex) and common._everyday("BMI", lex)
    assert common._everyday("oxycodone", lex)
    assert not common._everyday("Parkinson", lex) and not common._everyday("Tremblay", lex)
    assert common.words("a b  c") == frozenset({"a", "b", "c"})


def test_given_names_for_shapes() -> None:
    lex = lexicon()
    assert names._given("Mary", lex) and names._given("MARY", lex)
    assert not names._given("Oxycodone", lex)


@pytest.mark.parametrize(
    "word,verb",
    [("Thinks", True), ("Retired", True), ("Walking", True), ("Mary", False), ("Tremblay", False)],
)
def test_verb_like_words_where_a_name_was_expected(word: str, verb: bool) -> None:
    assert name_reader._verb_like(word.lower(), lexicon()) is verb


def test_handle_cores_drop_roles_digits_and_initials() -> None:
    assert names._handle_core("mchen") == ["mchen", "chen", "hen", "mche"]
    assert names._handle_core("ab.lee") == ["lee"]  # two parts: no initials taken off
    assert names._handle_core("rn.zwickau2") == ["zwickau", "wickau", "ickau", "zwicka"]
    assert names._handle_core("dr.rn") == []


def test_handles_built_on_a_name() -> None:
    lex = lexicon()
    # an initial glued to a known surname, six letters or more
    assert names._handle_is_name("lsmith", lex, set())
    assert not names._handle_is_name("smith", lex, set())  # the surname alone is a word here
    assert names._handle_is_name("qzwick", lex, {"zwick"})  # the core is a name of this text
    assert not names._handle_is_name("pmol", lex, set())
    # a role part and one other part of four letters or more
    assert names._handle_is_name("rn.zwickau", lex, set())
    assert names._handle_is_name("zwickau_rph", lex, set())
    assert not names._handle_is_name("rn.abc", lex, set())


@pytest.mark.parametrize("word,verb", [("Walked", True), ("Helps", True), ("Hopes", True)])
def test_more_verb_like_words(word: str, verb: bool) -> None:
    assert name_reader._verb_like(word.lower(), lexicon()) is verb


def _after(text: str, cue: str, name: str) -> tuple[int, int, list[str]] | None:
    return name_reader._name_after_relation(text, text.index(cue), text.index(name), cue, lexicon())


def test_a_name_after_a_relation_word() -> None:
    text = "his buddy, Dewey came"
    assert _after(text, "buddy,", "Dewey") == (11, 16, ["Dewey"])
    text = "someone named Dewey came"
    assert _after(text, "named", "Dewey") == (14, 19, ["Dewey"])
    assert _after("someone buddy Dewey came", "buddy", "Dewey") is None  # no "his", "my"...
    assert _after("his buddy Helps out", "buddy", "Helps") is None  # a verb, capitalised
    assert _after("his doctor Dewey", "doctor", "Dewey") is None  # not a relation word
    assert _after("lives w/ mom deb now", "mom", "deb") == (13, 16, ["deb"])
    assert _after("lives w/ mom joy now", "mom", "joy") is None  # an everyday word


@pytest.mark.parametrize("cell", ["PAIN", "NOTE", "DOSE"])
def test_four_capitals_are_not_initials(cell: str) -> None:
    from phi.recognizers import layout

    assert not layout._name_cell_ok(cell, lexicon())
