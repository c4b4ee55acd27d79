"""recognizers/spoken.py: identifiers spoken in words (dictation, voicemail transcripts).

Every example is invented; phone numbers use the 555-01xx range kept for fiction.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phi.core import Collector
from phi.index import TextIndex
from phi.lexicon import lexicon
from phi.recognizers import spoken, spoken_words


def spans(text: str) -> list[tuple[str, str]]:
    """(text, kind) of what the spoken-words recognizer alone proposes."""
    lex = lexicon()
    c = Collector(text)
    spoken.recognize(c, lex, TextIndex(text, lex))
    return [(text[k.start : k.end], k.kind) for k in c.cands]


@pytest.mark.parametrize(
    ("text", "needle", "kind"),
    [
        # phones, English
        (
            "Daughter left a message, call back at six one three five five five zero one seven "
            "three.",
            "six one three five five five zero one seven three",
            "PHONE",
        ),
        (
            "Cell is six-one-three, five-five-five, zero-one-seven-three",
            "six-one-three, five-five-five, zero-one-seven-three",
            "PHONE",
        ),
        (
            "home number four one six, five five five, oh one four two",
            "four one six, five five five, oh one four two",
            "PHONE",
        ),
        (
            "reach him on seven oh five, triple five, oh one double nine",
            "seven oh five, triple five, oh one double nine",
            "PHONE",
        ),
        (
            "toll free one eight hundred five five five zero one nine nine",
            "one eight hundred five five five zero one nine nine",
            "PHONE",
        ),
        ("phone: five five five, zero one four two", "five five five, zero one four two", "PHONE"),
        (
            "his cell is five one nine, five fifty-five, oh one twenty-two",
            "five one nine, five fifty-five, oh one twenty-two",
            "PHONE",
        ),
        # phones, French
        (
            "Rappelez-moi au six un trois cinq cinq cinq zéro un sept trois, merci",
            "six un trois cinq cinq cinq zéro un sept trois",
            "PHONE",
        ),
        (
            "son cellulaire : six-un-trois, cinq cent cinquante-cinq, zéro-un-sept-trois",
            "six-un-trois, cinq cent cinquante-cinq, zéro-un-sept-trois",
            "PHONE",
        ),
        (
            "au quatre un huit, cinq cinq cinq, zéro un, soixante-treize",
            "quatre un huit, cinq cinq cinq, zéro un, soixante-treize",
            "PHONE",
        ),
        # health numbers and other identifiers
        (
            "her OHIP number is eight one nine zero nine three seven eight six five",
            "eight one nine zero nine three seven eight six five",
            "HEALTH_NUMBER",
        ),
        (
            "health card eight one nine zero, nine three seven, eight six five, K L",
            "eight one nine zero, nine three seven, eight six five, K L",
            "HEALTH_NUMBER",
        ),
        (
            "sa carte soleil c'est le huit un neuf zéro neuf trois sept huit six cinq",
            "huit un neuf zéro neuf trois sept huit six cinq",
            "HEALTH_NUMBER",
        ),
        (
            "read out: eight one nine zero, nine three seven, eight six five",
            "eight one nine zero, nine three seven, eight six five",
            "HEALTH_NUMBER",
        ),
        (
            "SIN is six seven two three two six eight six five",
            "six seven two three two six eight six five",
            "SIN",
        ),
        (
            "chart number three three four one nine eight",
            "three three four one nine eight",
            "MRN",
        ),
        (
            "WSIB claim four seven one one two nine zero",
            "four seven one one two nine zero",
            "ID",
        ),
        # with no label, only a long run of varied digits (a short one is as often a test)
        (
            "he read me four four seven one two eight nine three",
            "four four seven one two eight nine three",
            "ID",
        ),
    ],
)
def test_digits_read_out(text: str, needle: str, kind: str) -> None:
    assert (needle, kind) in spans(text)


def test_groups_read_as_sentences() -> None:
    text = "Call back at four one six. Five five five. Oh one four two. Thanks"
    assert spans(text) == [("four one six. Five five five. Oh one four two", "PHONE")]
    assert spans("took one. Two days later, one point five") == []


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("call six one three 555 0173", "six one three 555 0173"),
        ("call 613 five five five zero one seven three", "613 five five five zero one seven three"),
        ("(613) five five five, oh one seven three", "(613) five five five, oh one seven three"),
    ],
)
def test_digits_and_digit_words_mixed(text: str, needle: str) -> None:
    assert (needle, "PHONE") in spans(text)
    assert spans("take one 500 mg tablet; page one 2024 report; one two three 4 5 6") == []


def test_extension_stays_outside() -> None:
    text = "call six one three five five five zero one seven three extension two one four five"
    assert spans(text) == [("six one three five five five zero one seven three", "PHONE")]


@pytest.mark.parametrize(
    ("text", "needle", "kind"),
    [
        (
            "my email is jane dot doe at example dot com, thanks",
            "jane dot doe at example dot com",
            "EMAIL",
        ),
        (
            "courriel : jean point tremblay arobase exemple point ca",
            "jean point tremblay arobase exemple point ca",
            "EMAIL",
        ),
        ("write to jdoe_42 at example.com", "jdoe_42 at example.com", "EMAIL"),
        ("his page is www dot example dot ca", "www dot example dot ca", "URL"),
        ("postal code K one A, zero B one", "K one A, zero B one", "POSTAL_CODE"),
        ("code postal H deux X un A quatre", "H deux X un A quatre", "POSTAL_CODE"),
        (
            "toll free six one three five five five two thousand",
            "six one three five five five two thousand",
            "PHONE",
        ),
    ],
)
def test_addresses_said_aloud(text: str, needle: str, kind: str) -> None:
    assert (needle, kind) in spans(text)


def test_addresses_said_aloud_near_misses() -> None:
    assert spans("results available at mychart dot com; seen at clinic.ca") == []
    assert spans("her page at example.com/some.one; find us at example.ca") == []
    assert spans("options a 1 b 2 c 3; we met at home. a one b two") == []


def test_area_code_then_the_number() -> None:
    got = spans("area code four one six, and the number is five five five zero one four two")
    assert ("four one six", "PHONE") in got
    assert ("five five five zero one four two", "PHONE") in got


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("DOB march third nineteen fifty two", "march third nineteen fifty two"),
        ("seen on the twenty eighth of october", "twenty eighth of october"),
        (
            "next visit october twenty-eighth, twenty twenty-six",
            "october twenty-eighth, twenty twenty-six",
        ),
        ("born third of march fifty-two", "third of march fifty-two"),
        ("born March 3rd nineteen fifty two", "March 3rd nineteen fifty two"),
        ("in april two thousand and four", "april two thousand and four"),
        ("booked for june the first", "june the first"),
        ("seen on march twenty eight for review", "march twenty eight"),
        ("Seen May first", "May first"),
        (
            "née le trois mars mille neuf cent cinquante-deux",
            "trois mars mille neuf cent cinquante-deux",
        ),
        ("le trois mars cinquante-deux", "trois mars cinquante-deux"),
        ("le vingt-huit octobre deux mille vingt-six", "vingt-huit octobre deux mille vingt-six"),
        ("le premier juillet", "premier juillet"),
        ("rdv on Tuesday the twenty third", "twenty third"),
        ("rendez-vous mardi le vingt-trois à dix heures", "vingt-trois"),
        ("né le 3 mars mil neuf cent quarante et un", "3 mars mil neuf cent quarante et un"),
        (
            "le dix-sept mai dix-neuf cent quatre-vingt-dix-neuf",
            "dix-sept mai dix-neuf cent quatre-vingt-dix-neuf",
        ),
    ],
)
def test_dates_in_words(text: str, needle: str) -> None:
    assert (needle, "DATE") in spans(text)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("last name spelled p r z y b y l s k i a week ago", "p r z y b y l s k i"),
        ("her surname, that's k-o-v-a-l, c-h-u-k.", "k-o-v-a-l, c-h-u-k"),
        ("it's spelt: O-K-A-F-O-R", "O-K-A-F-O-R"),
        ("spelled b-e-a-double-l", "b-e-a-double-l"),
        ("le nom, ça s'écrit t-r-e-m-b-l-a-y", "t-r-e-m-b-l-a-y"),
        ("épelé l. a. f. l. e. u. r.", "l. a. f. l. e. u. r"),
    ],
)
def test_names_spelled_out(text: str, needle: str) -> None:
    assert (needle, "NAME") in spans(text)


@pytest.mark.parametrize(
    "text",
    [
        # doses, frequencies, scales, tapers, counts, scores
        "two tablets three times a day, one to two puffs, five out of ten pain",
        "twenty milligrams for three weeks; zero to ten scale",
        "taper thirty, then twenty, then ten",
        "taper thirty, twenty-five, twenty, fifteen, ten, five",
        "subscale scores two, three, one, two, four",
        "she counted one two three four five six out loud",
        "bp one thirty-five over eighty, hr seventy-two, one twenty-five, two fifty",
        "five five five milligrams",
        "deux comprimés trois fois par jour, douleur sept sur dix",
        "trente, puis vingt, puis dix milligrammes",
        # years alone, ages, a month alone, words that are months
        "born nineteen fifty two, quit in two thousand nine",
        "nineteen eighty-four, nineteen ninety, twenty twenty",
        "started in march, you may first need to march two blocks",
        "since october two tablets daily",
        "since october one and a half tablets",
        "on june twenty patients",
        "May first, he",
        "friday the first thing, lundi deux comprimés",
        "en mars deux comprimés",
        # an extension stays outside the phone number; product codes are no one's number
        "poste deux un quatre cinq six",
        "DIN zero two two four three eight nine one",
        # spelling cues with no spelled name
        "that's a lot; spelled correctly; spelled with a c; that's a t-shirt; that is a b12",
        "that's o.k.",
    ],
)
def test_near_misses(text: str) -> None:
    assert spans(text) == []


_DOSE_PHRASES = [
    "two tablets three times a day",
    "one to two puffs every four to six hours",
    "five out of ten pain",
    "pain seven out of ten",
    "twenty milligrams",
    "take one tablet twice daily",
    "three weeks",
    "zero to ten scale",
    "thirty, then twenty, then ten",
    "increase by five milligrams every three days",
    "one puff twice a day",
    "eight to ten hours",
    "two hundred fifty milligrams",
    "one and a half tablets",
    "four times daily",
    "for two weeks",
    "sixty milligrams morning and night",
    "rated zero out of ten",
    "a score of twelve",
    "ten, then five",
    "one or two",
    "day one",
    "week three",
    "two sets of ten",
    "in nineteen ninety",
    "every monday",
    "tous les lundis",
    "deux comprimés",
    "un comprimé deux fois par jour",
    "trois fois par jour",
    "pendant deux semaines",
    "douleur sept sur dix",
    "vingt milligrammes",
    "de zéro à dix",
    "trente, puis vingt, puis dix",
    "une à deux inhalations",
    "quatre à six heures",
    "sept jours",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_DOSE_PHRASES),
            st.sampled_from([". ", ", ", "; ", " ", "\n", " and ", " then ", " - "]),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_dose_frequency_and_scale_phrases_are_never_identifiers(
    parts: list[tuple[str, str]],
) -> None:
    text = "".join(phrase + sep for phrase, sep in parts)
    assert spans(text) == []


def test_ordinary_prose_costs_little() -> None:
    # the recognizer reads only where a number word, a month or a spelling cue starts
    text = "The patient walked to the clinic and talked about her week. " * 2000
    assert spans(text) == []


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("twenty one", 21),
        ("quatre vingt dix neuf", 99),
        ("soixante et onze", 71),
        ("soixante dix sept", 77),
        ("cinq cent cinquante cinq", 555),
        ("two thousand and four", 2004),
        ("mille neuf cent cinquante deux", 1952),
        ("dix neuf cent quarante et un", 1941),
        ("deux mille vingt six", 2026),
    ],
)
def test_number_words_are_read_with_their_value(said: str, value: int) -> None:
    words = said.split()
    assert spoken_words.cardinal(words, 0) == (value, len(words))


@pytest.mark.parametrize(
    ("said", "used"),
    [
        ("nineteen fifty two", 3),
        ("twenty oh four", 3),
        ("twenty twenty six", 3),
        ("two thousand nine", 3),
        ("1952", 1),
        ("nineteen", 0),
        ("twenty milligrams", 0),
    ],
)
def test_years_in_words(said: str, used: int) -> None:
    assert spoken_words.year(said.split(), 0, short=False) == used


def test_the_whole_scan_finds_identifiers_said_aloud() -> None:
    """Registered with the other recognizers: a whole scan finds them (invented text)."""
    import phi

    text = (
        "Voicemail: call back at six one three, five five five, oh one seven three. "
        "Born march third nineteen fifty two."
    )
    kinds = {(text[f.start : f.end], f.kind) for f in phi.scan(text)}
    assert ("six one three, five five five, oh one seven three", "PHONE") in kinds
    assert ("march third nineteen fifty two", "DATE") in kinds


@pytest.mark.parametrize(
    "text",
    [
        "He repeated two one eight five seven four correctly.",  # a digit-span test
        "Pain scores over the week: seven six five four four three two",
        "one two three four five six seven eight nine ten",  # counting, ten included
        "un deux trois quatre cinq six sept huit neuf dix",
        "oh oh oh oh oh oh oh",
        "zero zero zero zero zero zero zero zero",
        "spelled P R N",  # a dosing abbreviation, not a name
        "prescribed Q I D, spelled Q I D",
        "ça s'écrit D O S E",  # a word
        "He shops at amazon dot com",  # a verb before 'at', no mailbox
        "In June second-line therapy was started.",  # an ordinal as an adjective
        "march first line agents failed",
    ],
)
def test_ordinary_words_said_aloud_are_no_identifier(text: str) -> None:
    """From a review: shapes of ordinary clinical speech the first version took for identifiers
    (invented sentences)."""
    import phi

    assert list(phi.scan(text)) == [], [(text[f.start : f.end], f.kind) for f in phi.scan(text)]


@pytest.mark.parametrize(
    ("text", "span", "kind"),
    [
        ("spelled k o v a l c h u k", "k o v a l c h u k", "NAME"),
        (
            "chart number four four one seven seven zero two",
            "four four one seven seven zero two",
            "MRN",
        ),
        ("email jane dot doe at example dot com", "jane dot doe at example dot com", "EMAIL"),
        ("on march first, she called", "march first", "DATE"),
    ],
)
def test_the_same_shapes_with_a_person_in_them_are_still_found(
    text: str, span: str, kind: str
) -> None:
    import phi

    found = {(text[f.start : f.end], f.kind) for f in phi.scan(text)}
    assert (span, kind) in found, found
