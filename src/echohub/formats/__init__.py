"""Date and time formats per language (``FORMAT_MODULE_PATH``).

Templates and Python never write a fixed format string such as ``"j M Y H:i"``: they name one
(``{{ value|local_date:"datetime" }}`` or ``formats.date_format(value, "DATETIME_FORMAT")``),
and each language's module here says how it reads: "4 Dec 2026, 12:30" in English,
"4 déc. 2026, 12 h 30" in Canadian French. Names missing from a module fall back to Django's
own locale formats (input formats, number separators).
"""

import re

from django.utils.translation import pgettext_lazy

#: The names templates use with ``local_date`` -> the format setting each one reads.
NAMED_FORMATS: dict[str, str] = {
    "date": "DATE_FORMAT",  # 4 Dec 2026
    "long_date": "LONG_DATE_FORMAT",  # 4 December 2026
    "datetime": "DATETIME_FORMAT",  # 4 Dec 2026, 12:30
    "datetime_seconds": "DATETIME_SECONDS_FORMAT",  # 4 Dec 2026, 12:30:05
    "datetime_tz": "DATETIME_TZ_FORMAT",  # 4 Dec 2026, 12:30 EST
    "time": "TIME_FORMAT",  # 12:30
    "time_tz": "TIME_TZ_FORMAT",  # 12:30 EST
    "long_datetime": "LONG_DATETIME_FORMAT",  # Friday 4 December 2026, 12:30
    "long_datetime_tz": "LONG_DATETIME_TZ_FORMAT",  # Friday 4 December 2026, 12:30 EST
    "day_date": "DAY_DATE_FORMAT",  # Fri 4 Dec 2026
    "day_month": "DAY_MONTH_FORMAT",  # Fri 4 Dec
    "day_month_time": "DAY_MONTH_TIME_FORMAT",  # Fri 4 Dec, 12:30
    "day_month_time_tz": "DAY_MONTH_TIME_TZ_FORMAT",  # Fri 4 Dec, 12:30 EST
    "day_datetime": "DAY_DATETIME_FORMAT",  # Fri 4 Dec 2026, 12:30
    "day_datetime_tz": "DAY_DATETIME_TZ_FORMAT",  # Fri 4 Dec 2026, 12:30 EST
    "month_time": "MONTH_TIME_FORMAT",  # 4 Dec 12:30
    "month_day": "SHORT_MONTH_DAY_FORMAT",  # 4 Dec
    "month_year": "SHORT_YEAR_MONTH_FORMAT",  # Dec 2026
    "iso_date": "ISO_DATE_FORMAT",  # 2026-12-04 (the same in every language)
}

#: Django's French abbreviates January and February « jan. » and « fév. »; the OQLF and the
#: Bureau de la traduction write « janv. » and « févr. » (the other ten months agree). Django
#: reads these with the "abbrev. month" context, which echohub's catalogue, read first, now
#: translates; these two lines keep the entries in it.
OQLF_MONTHS = (pgettext_lazy("abbrev. month", "Jan."), pgettext_lazy("abbrev. month", "Feb."))

_FRENCH_MONTH = (
    r"(?:janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\."
    r"|janvier|février|avril|juillet|septembre|octobre|novembre|décembre)(?!\w)"
)
_FIRST_OF_MONTH = re.compile(r"(?<![\w,.])1(?=[ \u00a0]" + _FRENCH_MONTH + ")")


def french_first(text: str) -> str:
    """The first day of a month as French writes it: « 1 avr. 2026 » -> « 1er avr. 2026 »
    (OQLF); « 11 avr. », « 21 avr. » and a time (« 1 h 30 ») are left as they are."""
    return _FIRST_OF_MONTH.sub("1er", text)


#: Time-zone abbreviations as Canadian French writes them (OQLF, Bureau de la traduction):
#: « heure normale de l'Est » (HNE), « heure avancée de l'Est » (HAE), and so on for each North
#: American zone. Python's zoneinfo gives the English ones; an abbreviation not listed here
#: (UTC, a numeric offset such as "+03", another continent's) is shown as it is.
FRENCH_ZONE_ABBREVIATIONS: dict[str, str] = {
    "NST": "HNT",  # Newfoundland
    "NDT": "HAT",
    "AST": "HNA",  # Atlantic
    "ADT": "HAA",
    "EST": "HNE",  # Eastern
    "EDT": "HAE",
    "CST": "HNC",  # Central
    "CDT": "HAC",
    "MST": "HNR",  # Mountain (« des Rocheuses »)
    "MDT": "HAR",
    "PST": "HNP",  # Pacific
    "PDT": "HAP",
    "AKST": "HNAK",  # Alaska
    "AKDT": "HAAK",
    "HST": "HNH",  # Hawaii
}


def french_zone(text: str, abbreviation: str | None) -> str:
    """`text` (a formatted date ending with the zone's `abbreviation`, as Django's ``T`` writes
    it) with that abbreviation in French: "12 h 30 EST" -> "12 h 30 HNE". Only the zone at the
    end is replaced, so a word in a date (or an unlisted zone) is never touched."""
    french = FRENCH_ZONE_ABBREVIATIONS.get(abbreviation or "")
    if french and text.endswith(abbreviation or ""):
        return text[: len(text) - len(abbreviation or "")] + french
    return text


def zone_in_language(text: str, value: object, setting: str) -> str:
    """`text`, `value` formatted with the format named `setting`, with its zone abbreviation in
    the active language (French: HNE for EST) when that format ends with one, and in French the
    first of a month written « 1er »."""
    import datetime as dt

    from django.utils import formats
    from django.utils.translation import get_language

    if not (get_language() or "").startswith("fr"):
        return text
    text = french_first(text)
    if not isinstance(value, dt.datetime) or not str(formats.get_format(setting)).endswith("T"):
        return text
    return french_zone(text, value.tzname())
