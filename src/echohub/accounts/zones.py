"""A time zone as people name it: "Eastern time (Toronto)", « de l’Est (Toronto) ».

A person's time zone is stored as its IANA key ("America/Toronto"), which reads as a database
value on a page. North American zones are named by their family (the abbreviation their
standard time has in January: EST is Eastern, NST is Newfoundland...) and their city; any
other zone by its city ("Paris time"). The French is written to follow « selon le fuseau » and
so starts with its preposition (« de l’Est », « du Pacifique », « d’Amsterdam »).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

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
    january = dt.datetime(2026, 1, 15, 12, tzinfo=zone).tzname() or ""
    family = FAMILIES.get(january)
    if family:
        return f"{family[1] if french else family[0]} ({city})"
    if french:
        return f"d’{city}" if city.startswith(_FRENCH_ELISION) else f"de {city}"
    return f"{city} time"
