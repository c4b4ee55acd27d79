"""Mailing address blocks (since 1.21.0): a letter's window-envelope address, as Canada Post's
addressing guidelines lay it out, read from its last line up.

The last line holds the municipality, the province's two-letter code and the postal code, alone
(``ALVINSTON ON  N0N 1A0``). Above it stand, in this order from the bottom: one or two delivery
lines (a civic number and street, a unit, ``PO BOX``, ``RR``, ``SITE``, ``COMP``, ``GD``), maybe a
``C/O`` line with the person who receives the mail, and the addressee's line, opened by a title
(``MR``, ``MRS``, ``MS``, ``DR``, ``MME``, ``M.``). Each delivery line is an ADDRESS, the
municipality an ADDRESS, the addressee and the ``C/O`` person NAME (a mail-merge field left in
the name, ``<<PREFERRED_NAME>>``, splits it in two). Without a title the addressee's line is a name
only when a word of it is a listed given name or surname and none is an everyday word (a clinic's
name above its address stays unread).
"""

from __future__ import annotations

import re

from phi.core import P_NAME, P_STREET, P_TOWN, Collector
from phi.index import TextIndex
from phi.lexicon import Lexicon
from phi.recognizers.common import _PROV_ABBR

_LAST_RE = re.compile(
    rf"^[ \t]*([A-ZÀ-Ý][\w'’.-]*(?:[ \t]+[A-ZÀ-Ý0-9][\w'’.-]*){{0,3}})[ \t]+(?:{_PROV_ABBR})"
    r"[ \t]+[A-Z]\d[A-Z][ -]?\d[A-Z]\d[ \t]*$",
    re.MULTILINE,
)
_DELIVERY_RE = re.compile(
    r"(?i)[ \t]*(?:\d[\w-]*[ \t]+\S.*|(?:p\.?[ \t]?o\.?[ \t]+box|box|rr|r\.r\.|site|comp|gd|"
    r"general[ \t]+delivery|apt|unit|suite|app\.?|bureau|cp|c\.p\.|case[ \t]+postale)\b.*)"
)
_CARE_OF_RE = re.compile(r"(?i)[ \t]*(?:c/o|a/s|care[ \t]+of)[ \t]+(\S.*)")
_TITLE_RE = re.compile(
    r"[ \t]*(?:MR|MRS|MS|MISS|DR|MME|MLLE|M|Mr|Mrs|Ms|Miss|Dr|Mme|Mlle)\.?[ \t]+(\S.*)"
)
_MERGE_FIELD_RE = re.compile(r"<<[^<>\n]*>>|\{\{[^{}\n]*\}\}|«[A-Z_]+»")
_NAME_WORDS_RE = re.compile(r"[^\W\d_][\w'’.-]*(?:[ \t]+[^\W\d_][\w'’.-]*){0,4}")


def _lines_up(text: str, start: int, count: int) -> list[tuple[int, str]]:
    """The ``count`` lines before the line that starts at ``start``, nearest first."""
    out: list[tuple[int, str]] = []
    end = start - 1
    while end >= 0 and len(out) < count:
        begin = text.rfind("\n", 0, end) + 1
        out.append((begin, text[begin:end]))
        end = begin - 1
    return out


def _everyday(word: str, lex: Lexicon) -> bool:
    w = word.lower().strip(".")
    listed = w in lex.first_names_all or w in lex.surnames_all
    return (w in lex.frequent and not listed) or w in lex.common or w in lex.clinical


def _names(c: Collector, lex: Lexicon, pos: int, value: str, *, titled: bool) -> bool:
    """NAME over each stretch of ``value`` between merge fields; False when it is no name."""
    parts: list[tuple[int, str]] = []
    at = 0
    for m in [*_MERGE_FIELD_RE.finditer(value), None]:
        end = m.start() if m is not None else len(value)
        chunk = value[at:end]
        stripped = chunk.strip()
        if stripped:
            parts.append((pos + at + chunk.index(stripped), stripped))
        if m is not None:
            at = m.end()
    if not parts or not all(_NAME_WORDS_RE.fullmatch(s) for _p, s in parts):
        return False
    words = [w for _p, s in parts for w in s.split()]
    if any(w.lower() in lex.common or w.lower() in lex.clinical for w in words):
        return False
    if not titled and (
        any(_everyday(w, lex) for w in words)
        or not any(w.lower() in lex.first_names_all or w.lower() in lex.surnames_all for w in words)
    ):
        return False
    for p, s in parts:
        c.add(p, p + len(s), "NAME", "the addressee of a mailing address block", P_NAME + 5)
    return True


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for m in _LAST_RE.finditer(text):
        above = _lines_up(text, m.start(), 4)
        k = 0
        streets: list[tuple[int, str]] = []
        while k < len(above) and k < 2 and _DELIVERY_RE.fullmatch(above[k][1]):
            streets.append(above[k])
            k += 1
        if not streets:
            continue
        for p, line in streets:
            c.add(p, p + len(line), "ADDRESS", "a delivery line of a mailing address", P_STREET)
        c.add(m.start(1), m.end(1), "ADDRESS", "the municipality of a mailing address", P_TOWN)
        if k < len(above):
            care = _CARE_OF_RE.fullmatch(above[k][1])
            if care is not None:
                _names(c, lex, above[k][0] + care.start(1), care.group(1).rstrip(), titled=True)
                k += 1
        if k < len(above):
            p, line = above[k]
            titled = _TITLE_RE.fullmatch(line)
            if titled is not None:
                _names(c, lex, p + titled.start(1), titled.group(1).rstrip(), titled=True)
            elif line.strip():
                stripped = line.strip()
                _names(c, lex, p + line.index(stripped), stripped, titled=False)
