"""The scanner's small helpers, each pinned on the cases that decide it (written against the
survivors of a mutation run: an edge of a range, an empty span, the end of a text, a second
category, the other end of a line)."""

from __future__ import annotations

import re

import pytest

from phi import checksums
from phi.core import Collector
from phi.evaluation import Document, score
from phi.index import TextIndex, category, first_word, word_start_ok
from phi.lexicon import lexicon
from phi.recognizers import dates, facilities, labels, layout, name_reader, names, places
from phi.recognizers.common import _line_bounds

from .helpers import vetoed


def test_digits_of_keeps_digits_only() -> None:
    # everything between "0" and "9" in code-point order is a digit; letters and ":" are not
    assert checksums.digits_of("1A2-3X:9 Z") == "1239"


def test_an_empty_span_is_never_kept_even_at_the_end_of_the_text() -> None:
    c = Collector("abc")
    c.add(3, 3, "ID", "r", 1)
    c.add(1, 1, "ID", "r", 1)
    c.add(0, 3, "ID", "r", 1)
    assert [(k.start, k.end) for k in c.cands] == [(0, 3)]


def test_precision_of_a_kind_that_never_touches_gold_and_every_flagged_clean_document() -> None:
    docs = [
        Document("a", "Ann 1", ((0, 3, "NAME"),)),
        Document("b", "clean one", ()),
        Document("c", "clean two", ()),
    ]
    answers = {"Ann 1": [(4, 5, "EMAIL")], "clean one": [(0, 5, "ID")], "clean two": [(0, 5, "ID")]}
    s = score(docs, lambda text: answers[text])
    assert s.kind_precision("EMAIL") == 0.0
    assert s.kind_recall("NAME") == 0.0
    assert (s.clean_docs, s.clean_docs_flagged) == (2, 2)
    assert s.clean_ok_fraction == 0.0


def test_first_word_and_word_starts() -> None:
    assert first_word("123 456") is None  # no letters: no key
    assert first_word("  Seen by") == "seen"
    assert word_start_ok("ab", 0)
    assert not word_start_ok("ab", 1)  # inside a word
    assert word_start_ok("a b", 2)
    for glue in "_-'’.@/":
        assert not word_start_ok(f"a{glue}b", 2), glue


def test_at_any_merges_categories_in_order_without_repeats() -> None:
    # words no other test registers (the categories are global to the process)
    both = category("test helpers: feijoa medlar", "feijoa medlar")
    also = category("test helpers: medlar loquat", "medlar loquat")
    text = "loquat feijoa medlar loquat"
    idx = TextIndex(text, lexicon())
    assert idx.at_any(also, both) == [0, 7, 14, 21]  # medlar (14) is in both: once
    assert idx.at_any(also) == [0, 14, 21]


def test_line_bounds() -> None:
    assert _line_bounds("\nabc", 0) == (0, 0)  # an empty first line
    assert _line_bounds("ab\ncd", 3) == (3, 5)
    assert _line_bounds("abc", 1) == (0, 3)
    assert dates._line_starts("ab\ncd\nef", [7, 6, 0]) == [0, 6]  # the start of each line


def test_plain_form_of_a_name() -> None:
    assert names._plain("O'Brien") == "obrien"
    assert names._plain("O’Brien") == "obrien"
    assert names._plain("Jean-Luc") == "jeanluc"
    assert names._plain("Hélène") == "helene"


@pytest.mark.parametrize(
    "token,cores,ok",
    [
        ("jmsmith", {"smith"}, True),  # two initials glued to a surname found in the text
        ("jsmith", {"smith"}, True),
        ("j.okafor", set(), True),  # a listed surname after an initial and a dot
        ("oconnor", set(), False),  # a plain surname is no login handle (other rules read it)
        ("jhuang", set(), True),  # an initial and a listed surname ending in "g"
        ("mcg", set(), False),  # a unit
        ("pmol", set(), False),
        ("nmol", set(), False),
        ("dr.along", set(), True),  # a role, then an initial glued to a surname (A. Long)
        ("j.young", set(), False),  # "young" is never a name
    ],
)
def test_login_handles_built_from_names(token: str, cores: set[str], ok: bool) -> None:
    assert names._handle_is_name(token, lexicon(), cores) is ok


@pytest.mark.parametrize(
    "header,kind",
    [("Rm.", "SHORT_ID"), ("Bed.", "SHORT_ID"), ("Bed #", "SHORT_ID"), ("Room", "SHORT_ID")],
)
def test_bed_headers_with_a_mark(header: str, kind: str) -> None:
    assert layout._column_kind(header) == kind


def test_a_header_cell_may_have_28_characters() -> None:
    long_cell = "Abcdefghijklmnopqrstuvwxyzab"
    assert len(long_cell) == 28
    cells = [(0, 4, "Name"), (5, 8, "MRN"), (9, 37, long_cell)]
    assert layout._is_header(cells)
    cells[2] = (9, 38, long_cell + "c")
    assert not layout._is_header(cells)


def test_name_cells_by_length() -> None:
    lex = lexicon()
    forty = "Ottoline Vasquez-Qarlunnguaq Zabriskieee"
    assert len(forty) == 40
    assert layout._name_cell_ok(forty, lex)
    assert not layout._name_cell_ok(forty + "e", lex)
    assert layout._name_cell_ok("KM", lex)  # initials
    assert not layout._name_cell_ok("RN", lex)  # a credential


def test_a_speaker_with_a_drug_in_the_name_is_no_speaker() -> None:
    lex = lexicon()
    assert not layout._speaker_ok("Anna Oxycodone", lex)  # a listed name first, then a drug
    assert layout._speaker_ok("Anna Vasquez", lex)


def test_a_veto_column_hides_ages_and_chart_numbers_too() -> None:
    text = (
        "Date         Patient       MRN        Dose\n"
        "2024-01-03   HALLORAN, B   00412331   95 yo 555-0100\n"
    )
    for kind in ("ID", "MRN", "AGE", "PHONE"):
        assert vetoed(layout.tables, text, "95", kind), kind
    assert not vetoed(layout.tables, text, "95", "NAME")


def test_label_window_is_the_line_before_the_number() -> None:
    assert labels._label_window("\nChart no ", 10) == "Chart no "  # a line that starts the text
    assert labels._label_window("ab\nChart no ", 12) == "Chart no "
    assert labels._label_window("ab\nChart (old) ", 15) == "Chart "  # a bracket tail goes


def test_zip_after_a_state() -> None:
    assert places._after_state("Albany, NY 12345", 11)
    assert places._after_state("Albany, NY\t 12345", 12)
    assert not places._after_state("NY12345", 2)  # no space: not a ZIP after a state
    assert not places._after_state("Albany, XX 12345", 11)


def test_words_that_never_name_a_town() -> None:
    lex = lexicon()
    assert places._not_a_place("Pain", lex)
    assert places._not_a_place("PAIN", lex)
    assert not places._not_a_place("Kapuskasing", lex)


def test_back_match_reads_80_characters_back() -> None:
    rx = re.compile(r"(a+b)")
    text = "a" * 81 + "b"
    m = places._back_match(rx, text, 81, 82)
    assert m is not None and m.start() == 1  # reading starts 80 characters before the keyword
    assert places._back_match(rx, text, 81, 82, reach=81).start() == 0  # type: ignore[union-attr]
    assert places._back_match(rx, "b ab", 3, 5) is None


def test_workplace_name_words() -> None:
    lex = lexicon()
    ok = facilities._name_words_ok
    assert ok(["Sunrise", "Clinic"], lex)
    assert not ok(["the", "Sunrise"], lex)  # a stop word at either end
    assert not ok(["Sunrise", "the"], lex)
    assert not ok(["Grocery", "Retail"], lex)  # generic words only
    assert not ok([], lex)


@pytest.mark.usefixtures("fresh_lexicon")
def test_places_by_their_first_word_longest_first() -> None:
    lex = lexicon()
    table = places._places_by_first(lex)
    assert places._places_by_first(lex) is table  # built once
    assert sorted(n for names in table.values() for n in names) == sorted(lex.places)
    for key, names_ in table.items():
        assert all(first_word(n) == key for n in names_)
        assert [len(n) for n in names_] == sorted((len(n) for n in names_), reverse=True)
    # "Grand Falls-Windsor" is tried before "Grand Falls" (both in Canada's official gazetteer)
    grand = table["grand"]
    assert grand.index("grand falls-windsor") < grand.index("grand falls")


@pytest.mark.parametrize(
    "pre,expected",
    [
        ("Note by Amanda Ferris", (108, 121, ["Amanda", "Ferris"])),
        ("Note by J. R. Ferris", (108, 120, ["J", "R", "Ferris"])),  # initials
        ("J Ferris", (100, 108, ["J", "Ferris"])),
        ("Mr. J. Ferris", (104, 113, ["J", "Ferris"])),  # a title ends the name
        ("Note by Anna van der Berg", (108, 125, ["Anna", "van", "der", "Berg"])),  # particles
        ("Note by van", None),  # a particle alone is no name
        (  # four words at most
            "Anna Maria Louisa Ottoline Ferris",
            (105, 133, ["Maria", "Louisa", "Ottoline", "Ferris"]),
        ),
        ("Seen by Dr. Ferris", None),  # one unlisted word after a title: not enough
        ("Note by Amanda Ferris.", (108, 121, ["Amanda", "Ferris"])),  # the full stop is left out
        ("Ferris, Amanda", (100, 114, ["Ferris", "Amanda"])),  # surname, comma, given name
        ("Pain, Amanda", (106, 112, ["Amanda"])),  # an everyday word is no surname
        ("Ontario, Amanda", (109, 115, ["Amanda"])),  # nor is a region
        ("Zorblat", None),  # one word no list holds
        ("Tremblay", (100, 108, ["Tremblay"])),  # one listed surname
        ("x Grace", (102, 107, ["Grace"])),  # one listed given name
        ("Ottoline Zorblat", (100, 116, ["Ottoline", "Zorblat"])),  # two words
        ("Note by Amanda  Ferris", None),  # two spaces: not one name
        ("Note by Amanda\tFerris", (108, 121, ["Amanda", "Ferris"])),
        ("Amanda. Ferris", None),  # a sentence ends after Amanda
        ("J.R. Ferris", (102, 111, ["R", "Ferris"])),
        ("note by amanda ferris", None),  # lower case: not read back
        ("Anna Ferris,", None),  # the credential must follow the name directly
    ],
)
def test_a_name_read_back_from_a_credential(
    pre: str, expected: tuple[int, int, list[str]] | None
) -> None:
    lex = lexicon()
    reader = name_reader._NameReader(pre, lex)
    assert name_reader._read_back(pre, 100, reader, lex) == expected


def test_verb_like_words_where_a_name_was_expected() -> None:
    lex = lexicon()
    assert name_reader._verb_like("talked", lex)  # talk + ed
    assert name_reader._verb_like("walked", lex)
    assert not name_reader._verb_like("hoped", lex)  # five letters: too short to tell
    assert not name_reader._verb_like("thinker", lex)  # no -s, -ed or -ing ending


def test_a_capitalised_word_that_may_name_a_person() -> None:
    lex = lexicon()
    assert not name_reader._word_is_name("May", lex)  # a month and a word, outside a name field
    assert name_reader._word_is_name("May", lex, field=True)
    assert name_reader._word_is_name("Jo", lex)  # a two-letter given name
    assert not name_reader._word_is_name("J", lex)
    assert name_reader._word_is_name("Ewing", lex)  # a surname ending in -ing
    assert not name_reader._word_is_name("Retired", lex)


def test_sentence_starts() -> None:
    assert name_reader._sentence_start("Bob", 0)
    assert not name_reader._sentence_start("A Bob", 2)
    assert name_reader._sentence_start("x. Bob", 3)
    assert name_reader._sentence_start("- Bob", 2)


def test_a_name_alone_before_a_carriage_return() -> None:
    lex = lexicon()
    assert name_reader._name_ok_alone("Zorblat", lex, "Zorblat\r\n", 7)
    assert not name_reader._name_ok_alone("Zorblat", lex, "Zorblat and", 7)


def test_surname_like_words() -> None:
    lex = lexicon()
    lw = name_reader._LowerWords
    assert name_reader._surname_like("Tremblay", lex, lw("tremblay"))  # listed: always
    assert not name_reader._surname_like("Frost", lex, lw("a frost"))  # written as a word
    assert name_reader._surname_like("Frost", lex, lw("Frost"))
    assert not name_reader._surname_like("Pain", lex, lw("Pain"))


def test_a_word_glued_to_a_digit_or_letter_is_not_alone() -> None:
    assert "grace" not in name_reader._LowerWords("grace1 x")
    assert "grace" not in name_reader._LowerWords("gracex.")


_GAZ = "town or city (gazetteer)"
_BEFORE_PROV = "town before a province or state"
_LIVES = "where a person lives"


@pytest.mark.parametrize(
    "text,expected",
    [
        # a place word glued to a prefix is skipped, the next mention is read
        ("the pre-Timmins era; she lives in Timmins.", [("Timmins", "ADDRESS", _GAZ, 40)]),
        ("She lives in Timmins.", [("Timmins", "ADDRESS", _GAZ, 40)]),  # the gazetteer's, once
        ("lives in Zorblat Garden now", [("Zorblat", "ADDRESS", _LIVES, 40)]),  # a word ends it
        ("lives in Zorblat Qarlunnguaq now", [("Zorblat Qarlunnguaq", "ADDRESS", _LIVES, 40)]),
        ("Timmins District office", []),  # a district, a board, a hospital: not the town
        ("Timmins Regional Hospital", []),
        ("works in Marathon", [("Marathon", "ADDRESS", _GAZ, 40)]),  # a word-like town, a cue
        ("works in marathon", []),  # ... in lower case: the word
        ("ran a Marathon", []),  # ... with no cue: the word
        ("(Marathon)", [("Marathon", "ADDRESS", _GAZ, 40)]),
        ("MARATHON, ON", [("MARATHON", "ADDRESS", _BEFORE_PROV, 39)]),  # capitals: the province
        ("Grand Falls-Windsor", [("Grand Falls-Windsor", "ADDRESS", _GAZ, 40)]),  # longest first
        ("Greater Sudbury", [("Greater Sudbury", "ADDRESS", _GAZ, 40)]),
        ("moved from Smalltown, ON last year", [("Smalltown", "ADDRESS", _BEFORE_PROV, 39)]),
        ("x\nSmalltown, ON", [("Smalltown", "ADDRESS", _BEFORE_PROV, 39)]),  # a line's start
        ("Visit Smalltown, ON", []),  # no cue before an unknown town
        ("Pain, ON", []),
        (
            "12 Main St, Smalltown ON P7B 6V4",
            [("Smalltown", "ADDRESS", _BEFORE_PROV + " and postal code", 40)],
        ),
    ],
)
def test_towns(text: str, expected: list[tuple[str, str, str, int]]) -> None:
    from .helpers import proposals

    assert proposals(places.towns, text) == expected


_KNOWN = "known hospital or health centre"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Referred to Sunnybrook today.", [("Sunnybrook", "FACILITY", _KNOWN, 50)]),
        ("Seen at Health Sciences North.", [("Health Sciences North", "FACILITY", _KNOWN, 50)]),
        ("pre-Sunnybrook", []),  # glued to a prefix: not the name
        (
            "Hôpital Montfort",
            [
                ("Hôpital Montfort", "FACILITY", "named facility (French)", 50),
                ("Montfort", "FACILITY", _KNOWN, 50),
            ],
        ),
        (
            "Clinique médicale Zorblat",
            [("Clinique médicale Zorblat", "FACILITY", "named facility (French)", 50)],
        ),
        (
            "Smith and Jones Clinic",
            [("Smith and Jones Clinic", "FACILITY", "named facility ('Clinic')", 50)],
        ),
        ("The Zorblat Clinic", [("Zorblat Clinic", "FACILITY", "named facility ('Clinic')", 50)]),
        ("went to the Clinic", []),  # a determiner only: no name
        ("Seen at this Clinic", []),
        (
            "Line one\nNorth Shore Clinic",  # the name starts on the keyword's line
            [("North Shore Clinic", "FACILITY", "named facility ('Clinic')", 50)],
        ),
        (
            "Zorblat Timmins Clinic",  # a town inside the name is part of it
            [("Zorblat Timmins Clinic", "FACILITY", "named facility ('Clinic')", 50)],
        ),
    ],
)
def test_named_and_known_facilities(text: str, expected: list[tuple[str, str, str, int]]) -> None:
    from phi.recognizers import facilities as fac

    from .helpers import proposals

    assert proposals(fac.facilities, text) == expected


_CAPS = "a surname in capitals, a comma and a given name"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("VASQUEZ, Ottoline came in.", [("VASQUEZ, Ottoline", "NAME", _CAPS, 45)]),
        ("OKONKWO-VASQUEZ, Ottoline", [("OKONKWO-VASQUEZ, Ottoline", "NAME", _CAPS, 45)]),
        ("VASQUEZ, Jo", [("VASQUEZ, Jo", "NAME", _CAPS, 45)]),
        ("XXXX, John", []),  # a redaction mark, not a surname
        ("PAIN, John", []),  # a word that is never a name
        ("Seen by J. Tremblay.", [("J. Tremblay", "NAME", "an initial and a surname", 44)]),
        ("Seen by J. Zorblat.", [("J. Zorblat", "NAME", "an initial and a surname", 44)]),
        ("Seen by J. Table.", []),  # an initial before a word
        ("Ti-Jean came by.", [("Ti-Jean", "NAME", "a nickname", 45)]),  # Québécois nicknames
        ("Jean-O came", [("Jean-O", "NAME", "a nickname", 45)]),
        (
            "Marie-Claude Tremblay came.",
            [("Marie-Claude Tremblay", "NAME", "a given name and a surname", 44)],
        ),
    ],
)
def test_name_shapes(text: str, expected: list[tuple[str, str, str, int]]) -> None:
    from .helpers import proposals

    assert proposals(names.recognize, text) == expected


@pytest.mark.parametrize(
    "word,strong,lower_ok,first,ok",
    [
        ("Ward", True, False, False, True),  # a clinical word that is also a listed surname
        ("SMITH", False, False, True, True),  # a listed name in capitals
        ("ZORBLAT", False, False, False, False),  # unlisted capitals need a strong cue
        ("ZORBLAT", True, False, False, True),
        ("ZORBLAT", True, False, True, False),  # ... and not as the first word
        ("ZO", True, False, False, False),  # two capitals: initials or an abbreviation
        ("Georgia", True, False, False, False),  # a given name that is also a region
        ("Georgia", False, False, False, True),
        ("mczorblat", True, True, False, True),  # a surname shape after a first name
        ("mczorblat", True, True, True, False),
        ("zorblat", True, True, False, False),
        ("pain", True, True, False, False),
    ],
)
def test_name_reader_tokens(word: str, strong: bool, lower_ok: bool, first: bool, ok: bool) -> None:
    reader = name_reader._NameReader("x", lexicon())
    assert reader.token_ok(word, strong=strong, lower_ok=lower_ok, first=first) is ok


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Lives in Albany, NY 12203.",
            [("Albany", "ADDRESS", "a town just before a state and ZIP", 40)],
        ),
        (
            "Mail to Zorbville, VT 05401",
            [("Zorbville", "ADDRESS", "a town just before a state and ZIP", 40)],
        ),
        (
            "Born in Saint-Zorblat.",
            [
                ("Saint-Zorblat", "ADDRESS", "a hyphenated place name", 40),
                ("Saint-Zorblat", "ADDRESS", "same place as elsewhere in this text", 40),
            ],
        ),
        ("Moved to Marie-Zorblat.", []),  # a hyphenated given name is no place
        (
            "He is from Township of Zorblat.",
            [("Zorblat", "ADDRESS", "a township or municipality", 45)],
        ),
        (
            "Lives in Zorblat First Nation.",
            [("Zorblat First Nation", "ADDRESS", "a First Nation community", 45)],
        ),
        ("Lives on Zorblat Sideroad.", [("Zorblat Sideroad", "ADDRESS", "a named road", 48)]),
        ("Lives on Pain Road.", []),  # everyday words before "Road"
        (
            "PO Box 12, Zorbville",
            [
                ("PO Box 12", "ADDRESS", "a street address", 48),
                ("Box 12", "ADDRESS", "a street address", 48),
            ],
        ),
        (
            "apt 4, 123 Zorblat Ave",
            [("apt 4, 123 Zorblat Ave", "ADDRESS", "a street address", 48)],
        ),
    ],
)
def test_places_by_shape(text: str, expected: list[tuple[str, str, str, int]]) -> None:
    from .helpers import proposals

    assert proposals(places.recognize, text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Seen at 12 Main St, Zorbville", [("12 Main St", "ADDRESS", "street address", 48)]),
        ("Lives at 12345 Zorblat Rd.", [("12345 Zorblat Rd", "ADDRESS", "street address", 48)]),
        ("Lives at 123456 Zorblat Rd.", [("123456 Zorblat Rd", "ADDRESS", "street address", 48)]),
        ("1234567 Main Street", []),  # seven digits: no civic number
    ],
)
def test_street_addresses(text: str, expected: list[tuple[str, str, str, int]]) -> None:
    from .helpers import proposals

    assert proposals(places.streets, text) == expected


_WORK = "names a workplace or a place where people are found"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("He works at Zorblat Lumber Mill.", [("Zorblat Lumber Mill", "FACILITY", _WORK, 50)] * 2),
        ("works at the mill", []),
        ("Works at Zorblat Mine", [("Zorblat Mine", "FACILITY", _WORK, 50)]),
        ("shifts at the Zorblat Motel", [("Zorblat Motel", "FACILITY", _WORK, 50)]),
        ("at Zorblat's Garage", [("Zorblat's Garage", "FACILITY", _WORK, 50)]),
        (
            "works at Scierie Zorblat",  # French: the keyword first
            [("Scierie Zorblat", "FACILITY", "names a workplace or a place", 50)],
        ),
        (
            "works at Dépanneur chez Zorblat",
            [("Dépanneur chez Zorblat", "FACILITY", "names a workplace or a place", 50)],
        ),
        ("He works at the Pain Clinic Mill", []),  # everyday and generic words only
    ],
)
def test_workplaces(text: str, expected: list[tuple[str, str, str, int]]) -> None:
    from phi.recognizers import facilities as fac

    from .helpers import proposals

    assert proposals(fac.workplaces, text) == expected


_HEAD = "Date         Patient       MRN        Qty"


def test_a_table_after_a_line_of_text_and_a_second_table() -> None:
    from .helpers import proposals

    one = "Visit list\n" + _HEAD + "\n2024-01-03   HALLORAN, B   00412331   30\n"
    assert [(t, k) for t, k, _r, _p in proposals(layout.tables, one)] == [
        ("2024-01-03", "DATE"),
        ("HALLORAN, B", "NAME"),
        ("00412331", "MRN"),
    ]
    two = (
        _HEAD
        + "\n2024-01-03   HALLORAN, B   00412331   30\nend\n\n"
        + _HEAD
        + "\n2024-02-05   OKAFOR, C     00412999   10\n"
    )
    got = [(t, k) for t, k, _r, _p in proposals(layout.tables, two)]
    assert got[3:] == [("2024-02-05", "DATE"), ("OKAFOR, C", "NAME"), ("00412999", "MRN")]


def test_scan_refuses_what_is_not_text() -> None:
    import phi

    with pytest.raises(TypeError, match=r"phi\.scan\(\) needs a str"):
        phi.scan(b"bytes")  # type: ignore[arg-type]
