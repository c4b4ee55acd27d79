"""What several recognizers share: letters, provinces and states, lines, everyday words."""

from __future__ import annotations

from phi.lexicon import Lexicon

_L = r"[^\W\d_]"  # one letter, any script

_UP = r"[A-ZÀ-ÖØ-ÞŒ]"  # an upper-case Latin letter

_PROV_ABBR = "ON|QC|BC|AB|SK|MB|NS|NB|NL|PE|PEI|YT|NT|NU|Ont|Qué|Que"

_STATE_ABBR = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|"
    "NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC"
)

_PROV_NAMES = (
    "Ontario|Québec|Quebec|Manitoba|Saskatchewan|Alberta|British Columbia|Nova Scotia|"
    "New Brunswick|Newfoundland|Prince Edward Island|Nunavut|Yukon|Northwest Territories"
)


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, (len(text) if end < 0 else end)


def _everyday(word: str, lex: Lexicon) -> bool:
    """Common words, clinical terms and drugs (not eponyms or regions)."""
    w = word.lower()
    return w in lex.common or w in lex.clinical or w in lex.drugs


def words(text: str) -> frozenset[str]:
    """A set of words written as one string separated by spaces."""
    return frozenset(text.split())
