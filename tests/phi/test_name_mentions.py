"""Names after a label written "Surname, Given" with a given name no list holds, later mentions
of a name in lower case, and words at the very end of a text (invented names throughout)."""

from __future__ import annotations

import pytest

import phi
from phi.lexicon import lexicon
from phi.recognizers import name_cues, name_reader, names

from .helpers import found, kinds, proposals, touched


@pytest.mark.parametrize(
    "text,name",
    [
        ("Patient: Vasquez, Ottoline", "Vasquez, Ottoline"),
        ("Patient: Vasquez, Ottoline was seen today.", "Vasquez, Ottoline"),
        ("Client: Okonkwo, Ifeoma\nDOB: 1950", "Okonkwo, Ifeoma"),
        ("Name: Zabriskie, Ottoline M.", "Zabriskie, Ottoline M"),
        # neither word listed anywhere, neither a frequent word: still a name after the label
        ("Patient: Qarlunnguaq, Ottoline", "Qarlunnguaq, Ottoline"),
    ],
)
def test_surname_comma_given_after_a_label_with_an_unlisted_given_name(
    text: str, name: str
) -> None:
    assert ("NAME", name) in kinds(text)
    assert ("NAME", name) in [(k, t) for t, k, _r, _p in proposals(name_cues.recognize, text)]


@pytest.mark.parametrize(
    "text,phrase",
    [
        ("Patient: Stable, Alert", "Stable, Alert"),  # ordinary words
        ("Name: Clinic, Toronto", "Clinic, Toronto"),  # a word and a town
        ("Patient: Vasquez, Toronto", "Vasquez, Toronto"),  # a town is not a given name
        ("Patient: Vasquez, Morphine", "Vasquez, Morphine"),  # a drug
        ("Patient: Vasquez, Grace", "Vasquez, Grace"),  # listed given name: a name
    ],
)
def test_surname_comma_given_refuses_words_and_places(text: str, phrase: str) -> None:
    as_one = ("NAME", phrase) in kinds(text)
    assert as_one == phrase.endswith("Grace")


def test_surname_comma_given_rule() -> None:
    lex = lexicon()
    ok = name_cues._surname_comma_given
    assert ok("Vasquez", "Ottoline", lex)  # a listed surname, an unlisted given name
    assert ok("Qarlunnguaq", "Ottoline", lex)  # neither listed, neither a frequent word
    assert ok("VASQUEZ", "Stable", lex)  # a surname in capitals is the usual EMR form
    assert ok("Alert", "Grace", lex) is False  # a word that is never a name, as surname
    assert ok("Vasquez", "Toronto", lex) is False
    assert ok("Vasquez", "Alert", lex) is False
    assert ok("Vasquez", "Bill", lex)  # a listed given name
    assert ok("Vasquez", "Pepper", lex) is False  # unlisted, and a word as much as a name
    assert ok("Vasquez", "Ottoline M.", lex)  # a middle initial after the given name
    assert ok("De Souza", "Ottoline", lex)
    assert ok("Xyzzyq", "Table", lex) is False  # unlisted, and "table" is a frequent word
    assert ok("Smith", "Ottoline", lex)  # "smith" is frequent but a listed surname
    assert ok("Garden", "Wojciech", lex)  # a frequent word, but a given name the lists hold
    assert ok("Garden", "Ottoline", lex) is False  # a frequent word, nothing listed
    assert ok("Qarlunnguaq", "Window", lex) is False
    assert ok("Ottoline", "Smith", lex) is False  # unlisted surname, and "smith" is frequent


@pytest.mark.parametrize(
    "text,mention",
    [
        ("Seen Mr. Vasquez today. Later vasquez called back.", "vasquez"),
        ("Seen Mr. Smith today. Later smith called back.", "smith"),
        ("Patient: Vasquez, Ottoline\nvasquez says she is better.", "vasquez"),
        ("Dr. Tremblay will call. tremblay to review", "tremblay"),
    ],
)
def test_a_name_found_once_is_found_again_in_lower_case(text: str, mention: str) -> None:
    start = text.rindex(mention)
    assert any(
        f.kind == "NAME" and f.start == start and f.end == start + len(mention)
        for f in phi.scan(text)
    )


@pytest.mark.parametrize(
    "text,name,word",
    [
        ("Mr. Walker fell. He uses a walker now.", "Walker", "walker"),  # a surname, a word
        ("Mr. Parent came. Each parent signed.", "Parent", "parent"),
        ("Dr. Price said the price is high.", "Price", "price"),
        ("Mr. Hill lives up the hill.", "Hill", "hill"),
        ("Mme Plante arrose sa plante.", "Plante", "plante"),
        ("Mr. Bill Vasquez paid the bill.", "Bill Vasquez", "bill"),  # a word-like given name
        ("Mr. Vasquez said the table was set.", "Vasquez", "table"),  # not the name at all
    ],
)
def test_a_lower_case_word_that_is_also_the_surname_is_left_alone(
    text: str, name: str, word: str
) -> None:
    assert found(text, name, "NAME")
    assert not touched(text, word)


def test_ordinary_lower_case_words() -> None:
    lex = lexicon()
    ordinary = names._ordinary
    assert not ordinary("vasquez", lex)  # not a frequent word
    assert ordinary("ottoline", lex)  # no list holds it: it may be a word ("boathouse")
    assert ordinary("boathouse", lex)
    assert not ordinary("smith", lex)  # frequent, but a listed surname
    assert not ordinary("tremblay", lex)
    assert not ordinary("david", lex)  # frequent, but a listed given name
    assert ordinary("walker", lex)  # a listed surname that is an ordinary word
    assert ordinary("parent", lex)
    assert ordinary("bill", lex)  # a word-like given name
    assert ordinary("young", lex)  # never a name
    assert ordinary("table", lex)  # a frequent word, no name list holds it


@pytest.mark.parametrize(
    "text",
    [
        "by a frost",  # the last word of the text
        "frost",  # the whole text
        "frost.",  # a full stop, then the end
        "a frost, then",
    ],
)
def test_a_lower_case_word_at_the_end_of_the_text_counts(text: str) -> None:
    assert "frost" in name_reader._LowerWords(text)


@pytest.mark.parametrize("text", ["frosty", "x.frost", "frost_", "frost-", "frost'", "frost@x"])
def test_a_word_glued_to_more_is_not_written_alone(text: str) -> None:
    assert "frost" not in name_reader._LowerWords(text)


def test_where_the_lower_case_word_stands_does_not_matter() -> None:
    # "Frost" is not a listed surname: written in lower case elsewhere, it is the word
    before = proposals(name_cues.recognize, "There was frost. Amy Frost came in.")
    after = proposals(name_cues.recognize, "Amy Frost came in. There was frost")
    assert before == []
    assert after == []
    alone = proposals(name_cues.recognize, "Amy Frost came in.")
    assert ("Amy Frost", "NAME", "known given name followed by a surname", 42) in alone
