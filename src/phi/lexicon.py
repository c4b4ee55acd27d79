"""Word lists shipped in ``phi/data`` (written for echohub), loaded once on first use."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).with_name("data")

# Given names that are also everyday words: reported only with a cue (a title, a label,
# a kinship word) or when a surname follows.
_WORDLIKE_NAMES = """
will bill hope grace dawn faith joy rose ray mark pat jack frank sandy sunny dot drew chase grant
hunter lance miles dale dean gene glen jay lee les lou max norm stan ted wade wes al ed jo kim art
sue rob don guy jean may june april summer iris ivy lily holly robin amber ruby pearl violet daisy
hazel heather olive rosemary crystal destiny harmony autumn august early cliff rich sterling penny
bob sky river page chuck bud bunny rusty patience mercy charity honor constance prudence
victor angel christian major king earl duke baker carter taylor mason cook porter hunter parker
jordan morgan bell grace marina lane reed wood west young long little short brown black white green
gray grey stone rock dusty sandy misty forest cedar sage honor patience prudence temperance verity
pip kit lane reed tucker rusty sonny skye willow poppy saffron tansy opal jewel garnet ivy bud butch
chip mac mack vance hal cal sid val vic vern gus ike abe moe mo bea bev deb flo nell polly trixie
dolly goldie ginny kitty lulu mimi gigi coco cherry candy brandy ginger pepper hunter ranger chase
cash gage royal noble sterling bishop deacon dean judge major marshal
"""


def cue_words(name: str) -> tuple[str, ...]:
    """The words or phrases of a cue list in ``phi/data`` (one a line, ``#`` comments), in order."""
    with (_DATA / name).open(encoding="utf-8") as fh:
        return tuple(line.strip() for line in fh if line.strip() and not line.startswith("#"))


def _read_words(name: str) -> frozenset[str]:
    words: set[str] = set()
    with (_DATA / name).open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            words.update(w for w in line.lower().split() if w)
    return frozenset(words)


@dataclass(frozen=True)
class Lexicon:
    first_names: frozenset[str]
    surnames: frozenset[str]
    wordlike_names: frozenset[str]
    common: frozenset[str]
    clinical: frozenset[str]
    drugs: frozenset[str]
    eponyms: frozenset[str]
    regions: frozenset[str]
    # place name (lower case) -> needs a place cue
    places: dict[str, bool]
    # first word of a place (lower case) -> full place names (lower case), longest first
    places_by_first: dict[str, tuple[str, ...]]
    # the most frequent English and French words (wordfreq), for lower-case evidence
    frequent: frozenset[str] = frozenset()
    # the curated lists plus the large general ones (Faker's person providers, many locales),
    # used by the newer recognizers where the shape or place already points to a name
    first_names_all: frozenset[str] = frozenset()
    surnames_all: frozenset[str] = frozenset()
    # common words, clinical terms, drugs, regions and eponyms: never a person's name
    never: frozenset[str] = frozenset()
    # surnames that are also ordinary words (walker, parent): not a name when written lower case
    surname_words: frozenset[str] = frozenset()
    # holidays and observances (lower case, straight apostrophes) by first word, longest first:
    # "victoria day", "st. patrick's day" are never a person's name
    holidays: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def never_name(self, word: str) -> bool:
        """Words that are not a person's name however they are written."""
        return word.lower() in self.never


#: The gazetteer: the curated list, then Canadian places from GeoNames (see SOURCES.md).
#: (1.20.0) villages of 500 people or more from GeoNames' cities500.
_PLACE_FILES = ("places.txt", "places_geonames.txt", "places_geonames_500.txt")
_PLACE_FILES_REQUIRED = frozenset({"places.txt", "places_geonames.txt"})


def _read_places() -> tuple[dict[str, bool], dict[str, tuple[str, ...]]]:
    places: dict[str, bool] = {}
    for file in _PLACE_FILES:
        if file not in _PLACE_FILES_REQUIRED and not (_DATA / file).exists():
            continue  # a data folder of only the first two lists (tests build one)
        with (_DATA / file).open(encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                ambiguous = line.startswith("?")
                name = line.lstrip("?").lower()
                places[name] = places.get(name, False) or ambiguous
    by_first: dict[str, list[str]] = {}
    for name in places:
        first = name.split()[0]
        by_first.setdefault(first, []).append(name)
    return places, {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}


def _read_holidays() -> dict[str, tuple[str, ...]]:
    names: set[str] = set()
    for line in cue_words("holidays.txt"):
        name = " ".join(line.lower().replace("’", "'").split())
        names.add(name)
        for saint, short in (("saint ", "st. "), ("saint ", "st "), ("sainte ", "ste ")):
            if name.startswith(saint):
                names.add(short + name[len(saint) :])
    by_first: dict[str, list[str]] = {}
    for name in names:
        by_first.setdefault(name.split()[0], []).append(name)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}


def _lexicon() -> Lexicon:
    first = _read_words("first_names.txt")
    surnames = _read_words("surnames.txt")
    # (1.9.0) languages ("Interpreter: <language>") are common words, unless also a listed name
    common = _read_words("common_words.txt") | (_read_words("languages.txt") - first - surnames)
    clinical = _read_words("clinical_terms.txt")
    wordlike = frozenset(_WORDLIKE_NAMES.split()) | (first & (common | clinical))
    places, by_first = _read_places()
    drugs = _read_words("drugs.txt")
    eponyms = _read_words("eponyms.txt")
    regions = _read_words("regions.txt")
    return Lexicon(
        first_names=first,
        surnames=surnames,
        wordlike_names=wordlike,
        common=common,
        clinical=clinical,
        drugs=drugs,
        eponyms=eponyms,
        regions=regions,
        places=places,
        places_by_first=by_first,
        frequent=_read_words("frequent_words.txt"),
        first_names_all=first
        | _read_words("given_names_general.txt")
        | _read_words("given_names_census.txt")
        | _read_words("given_names_more.txt"),
        surnames_all=surnames | _read_words("surnames_general.txt"),
        never=common | clinical | drugs | regions | eponyms,
        surname_words=_read_words("surname_words.txt"),
        holidays=_read_holidays(),
    )


#: Loaded once on first use (the lists do not change while running). Tests clear the cache
#: before each test (tests/phi/conftest.py), so a mutation run sees the loaders' mutants.
lexicon = lru_cache(maxsize=1)(_lexicon)
