"""Values of JSON exports by their key (since 1.17.0): FHIR and EMR exports pasted in a note.

The key names the value, as a label does in prose (FHIR R4 ``Address``, ``HumanName`` and
``Patient``; common EMR export keys):

- ``"city"``, ``"town"``, ``"municipality"``, ``"district"`` → a town (ADDRESS);
- ``"line": [ "...", "..." ]`` (FHIR ``Address.line``) → each string a street line (ADDRESS);
- ``"age"``, ``"_age"``, ``"ageYears"`` of 90 or more → AGE;
- ``"name": { "text": "..." }`` (FHIR ``HumanName.text``) → a name (NAME).

Values that are codes, everyday words or empty are left (``"city": "unknown"``,
``"city": "N/A"``).
"""

from __future__ import annotations

import re

from phi.core import P_AGE, P_DATE, P_NAME, P_TOWN, Collector
from phi.index import TextIndex
from phi.lexicon import Lexicon

_TOWN_RE = re.compile(
    r"\"(?:city|town|municipality|district)\"[ \t]*:[ \t]*\""
    r"([A-ZÀ-ÖØ-Þ][\w'’.-]*(?:[ \t][A-ZÀ-ÖØ-Þ][\w'’.-]*){0,3})\"",
    re.IGNORECASE,
)
_LINE_RE = re.compile(r"\"line\"[ \t]*:[ \t]*\[([^\[\]\n]{1,200})\]")
_STRING_RE = re.compile(r"\"([^\"\n]{2,80})\"")
_AGE_RE = re.compile(r"\"_?age(?:Years)?\"[ \t]*:[ \t]*\"?(9\d|1[0-2]\d)\"?(?!\d)", re.IGNORECASE)
_NAME_TEXT_RE = re.compile(
    r"\"name\"[ \t]*:[ \t]*\{[ \t]*\"text\"[ \t]*:[ \t]*\""
    r"([A-ZÀ-ÖØ-Þ][\w'’-]+(?:[ \t,]{1,2}[A-ZÀ-ÖØ-Þ][\w'’.-]*){1,3})\""
)


def _everyday(value: str, lex: Lexicon) -> bool:
    words = re.findall(r"[^\W\d_]+", value)
    return all(w.lower() in lex.frequent or w.lower() in lex.common for w in words)


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    if '":' not in text and '" :' not in text:
        return
    for m in _TOWN_RE.finditer(text):
        value = m.group(1)
        if value.lower() in lex.frequent and value.lower() not in lex.places:
            continue
        c.add(m.start(1), m.end(1), "ADDRESS", "a town by its JSON key", P_TOWN + 5)
    for m in _LINE_RE.finditer(text):
        for s in _STRING_RE.finditer(m.group(1)):
            value = s.group(1)
            if not any(ch.isdigit() for ch in value):
                continue  # a street line holds a number (civic, box, lot, legal land location)
            start = m.start(1) + s.start(1)
            c.add(start, start + len(value), "ADDRESS", "a street line by its JSON key", P_DATE + 1)
    for m in _AGE_RE.finditer(text):
        c.add(m.start(1), m.end(1), "AGE", "an age over 89 by its JSON key", P_AGE)
    for m in _NAME_TEXT_RE.finditer(text):
        if _everyday(m.group(1), lex):
            continue
        c.add(m.start(1), m.end(1), "NAME", "a name's text by its JSON key", P_NAME)
