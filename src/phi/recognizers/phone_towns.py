"""A town written just before a phone number (since 1.18.0): where a contact is reached.

- After a preposition of place: ``calling from Quellow 250-555-0101``, ``son in Brackmere (306)
  555-0102``, ``fils à Saint-Orme (418.555.0103)``.
- Between a person's name and the phone in a contact line: ``Son: Given Surname, Quellow,
  519-555-0104``.

The town: one or two capitalised words (or a hyphenated compound), no frequent word, no word that
is never a name or a place (``from Home``, ``at Work``, ``in Emergency``), no listed given name
unless it is also a listed place (``a call from Maribel 705-555-0105`` is a person).
"""

from __future__ import annotations

import re

from phi.core import P_TOWN, Collector
from phi.index import TextIndex
from phi.lexicon import Lexicon

_WORD = r"[A-ZÀ-Þ][a-zà-ÿ'’]+"
_PREFIX = r"(?:Le|La|Les|St\.?|Ste\.?|Saint|Sainte|Fort|Port|Mount|Mont)[ \t-]"
_TOWN = rf"((?:{_PREFIX})?{_WORD}(?:[ \t-]{_WORD})?)"
#: read back from the phone: the town, maybe a comma or bracket and a label ("cell", "h")
_BEFORE_RE = re.compile(
    rf"(?:(?<![\w'’-])(?:in|from|at|near|à|de)|(?P<comma>,))[ \t]+{_TOWN}"
    r"[ \t]*(?:[,(]|[—–])?[ \t]*(?:(?:cell|home|work|tel\.?|ph\.?|c|h|w)[ \t]*[:.]?[ \t]*)?\(?\Z"
)


def _word_ok(word: str, lex: Lexicon) -> bool:
    low = word.lower().replace("’", "'")
    if low in lex.places:
        return True
    return (
        low not in lex.frequent
        and not lex.never_name(low)
        and low not in lex.first_names_all
        and low not in lex.regions
    )


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    phones = [k for k in c.cands if k.kind == "PHONE"]
    if not phones:
        return
    text = c.text
    names = {k.end for k in c.cands if k.kind == "NAME"}
    for k in phones:
        m = _BEFORE_RE.search(text, max(0, k.start - 50), k.start)
        if m is None:
            continue
        town = m.group(2)
        low = town.lower().replace("’", "'")
        if low not in lex.places and not all(
            _word_ok(w, lex)
            for w in re.split(r"[ \t-]+", town)
            if w not in ("Le", "La", "Les", "St", "St.", "Ste", "Ste.", "Saint", "Sainte")
        ):
            continue
        if m.group("comma") is not None and m.start("comma") not in names:
            continue  # "Name, Town, phone": only right after a person's name
        c.add(m.start(2), m.end(2), "ADDRESS", "a town just before a phone number", P_TOWN)
