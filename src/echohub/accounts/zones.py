"""A time zone as people name it: "Eastern time (Toronto)", « de l’Est (Toronto) ».

A person's time zone is stored as its IANA key ("America/Toronto"), which reads as a database
value on a page. North American zones are named by their family (the abbreviation their
standard time has in January: EST is Eastern, NST is Newfoundland...) and their city; any
other zone by its city ("Paris time"). The French is written to follow « selon le fuseau » and
so starts with its preposition (« de l’Est », « du Pacifique », « d’Amsterdam »).
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from importlib import resources
from pathlib import Path
from typing import Any

#: Standard-time abbreviation -> (English name, French name after « fuseau »). The French
#: names are those of the Bureau de la traduction (heure normale de l’Est, du Centre...).
FAMILIES: dict[str, tuple[str, str]] = {
    "NST": ("Newfoundland time", "de Terre-Neuve"),
    "AST": ("Atlantic time", "de l’Atlantique"),
    "EST": ("Eastern time", "de l’Est"),
    "CST": ("Central time", "du Centre"),
    "MST": ("Mountain time", "des Rocheuses"),
    "PST": ("Pacific time", "du Pacifique"),
    "AKST": ("Alaska time", "de l’Alaska"),
    "HST": ("Hawaii time", "d’Hawaï"),
}

#: Each family's standard-time offset from UTC, in minutes. Other zones use the same letters
#: for another time (China's and Taiwan's "CST" is UTC+8, the Philippines' "PST" UTC+8,
#: Cuba's "CST" UTC-5): a zone is of a family only when its January offset is the family's.
OFFSETS: dict[str, int] = {
    "NST": -210,
    "AST": -240,
    "EST": -300,
    "CST": -360,
    "MST": -420,
    "PST": -480,
    "AKST": -540,
    "HST": -600,
}

_FRENCH_ELISION = tuple("AEIOUÉÈÊÎÔ")


def _city(key: str) -> str:
    return key.rsplit("/", 1)[-1].replace("_", " ")


def zone_name(key: str, language: str) -> str:
    """`key` (an IANA time-zone name) in words in `language` ("en", "fr", "fr-ca"...); a key
    that names no city (UTC) or that zoneinfo does not know is returned as it is."""
    french = language.lower().startswith("fr")
    try:
        zone = zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return key
    if "/" not in key:
        return key
    city = _city(key)
    family = FAMILIES.get(_zone_family(zone))
    if family:
        return f"{family[1] if french else family[0]} ({city})"
    if french:
        return f"d’{city}" if city.startswith(_FRENCH_ELISION) else f"de {city}"
    return f"{city} time"


#: The zones a person in Canada most often lives in, west to east after the most common one,
#: offered first in a time-zone picker (any other valid key is still accepted).
CANADA: tuple[str, ...] = (
    "America/Toronto",
    "America/St_Johns",
    "America/Halifax",
    "America/Winnipeg",
    "America/Regina",
    "America/Edmonton",
    "America/Vancouver",
    "America/Whitehorse",
)

#: An IANA key's first part -> (English, French) name of the group it is listed under.
REGIONS: dict[str, tuple[str, str]] = {
    "America": ("Americas", "Amériques"),
    "Europe": ("Europe", "Europe"),
    "Africa": ("Africa", "Afrique"),
    "Asia": ("Asia", "Asie"),
    "Australia": ("Australia", "Australie"),
    "Pacific": ("Pacific", "Pacifique"),
    "Atlantic": ("Atlantic", "Atlantique"),
    "Indian": ("Indian Ocean", "océan Indien"),
    "Antarctica": ("Antarctica", "Antarctique"),
    "Arctic": ("Arctic", "Arctique"),
}


def zone_label(key: str, language: str) -> str:
    """`key` as an option of a picker: "Eastern time (Toronto)", « Heure de l’Est (Toronto) »;
    a zone with no North American family by its place ("Buenos Aires, Argentina"), which the
    picker lists under its region; a key with no place (UTC) as it is."""
    french = language.lower().startswith("fr")
    name = zone_name(key, language)
    if "/" not in key or name == key:
        return name
    city = _city(key)
    if name.endswith(f"({city})"):  # a North American family
        return f"Heure {name}" if french else name
    middle = key.split("/")[1:-1]
    return ", ".join([city, *(m.replace("_", " ") for m in middle)])


def zone_choices(language: str) -> list[tuple[str, Any]]:
    """A picker's choices in `language`: Canada's common zones first, in words, then every other
    zone grouped by region and sorted by place (worked out once per language per process:
    listing the zones reads the disk, and each page with a picker took 0.25 s for it)."""
    return [
        (label, list(options)) for label, options in _choices(language.lower().startswith("fr"))
    ]


#: The group of the zones named by a North American family outside Canada's list.
NORTH_AMERICA = ("Other North American time zones", "Autres fuseaux nord-américains")


@functools.cache
def _choices(french: bool) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    language = "fr" if french else "en"
    canada = tuple((k, zone_label(k, language)) for k in CANADA)
    families = list(FAMILIES)
    named: list[tuple[int, str, str, str]] = []  # (family's rank, label folded, key, label)
    groups: dict[str, list[tuple[str, str]]] = {r: [] for r in REGIONS}
    for key in _listed_keys():
        region = key.split("/", 1)[0]
        if region not in groups or key in CANADA:
            continue
        label = zone_label(key, language)
        family = _family(key)
        if family:  # "Eastern time (New York)": together, east to west, not among the cities
            named.append((families.index(family), label.casefold(), key, label))
        else:
            groups[region].append((key, label))
    choices: list[tuple[str, tuple[tuple[str, str], ...]]] = [("Canada", canada)]
    if named:
        choices.append(
            (NORTH_AMERICA[1 if french else 0], tuple((k, lab) for *_r, k, lab in sorted(named)))
        )
    for region, options in groups.items():
        if options:
            label = REGIONS[region][1 if french else 0]
            choices.append((label, tuple(sorted(options, key=lambda o: (o[1].casefold(), o[0])))))
    return tuple(choices)


def _family(key: str) -> str:
    """The North American family of `key` ("EST"...), or "" (another zone, or no zone)."""
    try:
        return _zone_family(zoneinfo.ZoneInfo(key))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return ""


def _zone_family(zone: dt.tzinfo) -> str:
    """The North American family of `zone`: its standard time's abbreviation in January, when
    that abbreviation is a family's and its offset the family's ("CST" at UTC-6, not China's
    "CST" at UTC+8); else ""."""
    january = dt.datetime(2026, 1, 15, 12, tzinfo=zone)
    letters = january.tzname() or ""
    offset = january.utcoffset()
    if letters not in FAMILIES or offset is None:
        return ""
    return letters if offset == dt.timedelta(minutes=OFFSETS[letters]) else ""


@functools.cache
def _listed_keys() -> frozenset[str]:
    """The zones a picker lists: those the time-zone database's zone.tab names (one current
    name per zone and country), without the old names kept as links for existing data
    ("America/Godthab" for America/Nuuk, "America/Argentina/ComodRivadavia"), which zoneinfo
    still knows and a form still accepts. zone.tab from the tzdata package, else from the
    system's zoneinfo; every key when neither has it."""
    text = ""
    try:
        text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        for folder in zoneinfo.TZPATH:
            try:
                text = (Path(folder) / "zone.tab").read_text("utf-8")
            except OSError:
                continue
            break
    named = {
        fields[2]
        for line in text.splitlines()
        if line and not line.startswith("#") and len(fields := line.split("\t")) >= 3
    }
    keys = _keys()
    return frozenset(named & keys) or keys


@functools.cache
def _keys() -> frozenset[str]:
    """Every IANA key zoneinfo knows (read from disk once per process)."""
    return frozenset(zoneinfo.available_timezones())


def is_zone(key: str) -> bool:
    """Whether zoneinfo knows `key` (every IANA key, including those no picker lists)."""
    return bool(key) and key in _keys()
