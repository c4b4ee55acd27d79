"""People listed in brackets (since 1.20.0): a crew, a team or bearers named one by one.

``6 bearers (X, Y Z., W, V U, KR)``: a bracketed list of three items or more, each a
capitalised word, a given name and a surname or its initial, or initials in capitals, is a list
of people when two of its items or more start with a listed given name and none is a word any
list calls a thing (an everyday, clinical or drug word, a place, a never-name word). Every item
is a name. The list of 1.2's ``staff (X, Y)`` rule holds one-word items only.
"""

from __future__ import annotations

import re

from phi.core import P_NAME, Collector
from phi.index import TextIndex
from phi.lexicon import Lexicon

_UPW = r"[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?"
_ITEM = rf"(?:{_UPW}(?:[ \t]+(?:{_UPW}|[A-Z]\.))?|[A-Z]{{2,3}})"
_LIST_RE = re.compile(
    rf"\(((?:{_ITEM})(?:[ \t]*,[ \t]*(?:{_ITEM})){{2,}}"
    rf"(?:,?[ \t]+(?:and|et|&)[ \t]+(?:{_ITEM}))?)\)"
)
_ITEM_RE = re.compile(_ITEM)


def _given(word: str, lex: Lexicon) -> bool:
    low = word.lower()
    return low in lex.first_names_all and not lex.never_name(low) and low not in lex.wordlike_names


def _thing(word: str, lex: Lexicon) -> bool:
    """A word that names no person here: a place, a drug, a clinical or never-name word (a
    frequent word may be a given name no list holds: the listed names around it decide)."""
    low = word.lower().rstrip(".")
    if low in lex.places or low in lex.drugs or low in lex.clinical or low in lex.regions:
        return True
    if low in lex.first_names_all or low in lex.surnames_all:
        return False
    return lex.never_name(low) or low in lex.common


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    if "(" not in text or "," not in text:
        return
    for lm in _LIST_RE.finditer(text):
        body = lm.group(1)
        items = list(_ITEM_RE.finditer(body))
        if len(items) < 3:
            continue
        words = [w for i in items for w in i.group().split() if len(w) > 2 or not w.endswith(".")]
        if any(_thing(w, lex) for w in words):
            continue
        firsts = [i.group().split()[0] for i in items]
        given = [w for w in firsts if _given(w, lex)]
        # two listed given names, one of them no frequent word ("Brodie", not only "Jude")
        if len(given) < 2 or all(w.lower() in lex.frequent for w in given):
            continue
        for i in items:
            c.add(lm.start(1) + i.start(), lm.start(1) + i.end(), "NAME", "people listed", P_NAME)


#: (1.21.0) An attendance line: its label opening the line, maybe in bold.
_ATTENDANCE_RE = re.compile(
    r"(?im)^[ \t]*[*_]{0,2}(?:attendance|attendees|present|in attendance|participants|"
    r"présents|présences|participant\(e\)s)[ \t]*[*_]{0,2}[ \t]*:[ \t]*[*_]{0,2}(.+)$"
)
#: An attendee with a role or a discipline in brackets after the name: ``X (Path)``, ``X, Y
#: (home care RN)``, ``Fr. X (spiritual care)``; a title before the name is left out.
_ATTENDEE_RE = re.compile(
    rf"(?:^|[,;][ \t]*)(?:(?:Dr|Dre|Fr|Rev|Sr|Mr|Mrs|Ms|Mme|M)\.?[ \t]+)?"
    rf"({_UPW}(?:[ \t]+(?:{_UPW}|[A-Z]\.)){{0,3}}(?:,[ \t]+{_UPW})?)[ \t]*\([^()\n]{{1,40}}\)"
)
_HEADS = frozenset(
    [
        "hospital",
        "centre",
        "center",
        "clinic",
        "health",
        "station",
        "office",
        "services",
        "service",
        "team",
        "unit",
        "program",
        "programme",
        "pharmacy",
        "nursing",
        "outpost",
        "lodge",
        "house",
        "band",
        "council",
    ]
)


def attendance(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """Each attendee named before a bracketed role on an attendance line."""
    text = c.text
    if "(" not in text:
        return
    for lm in _ATTENDANCE_RE.finditer(text):
        body_start = lm.start(1)
        for am in _ATTENDEE_RE.finditer(lm.group(1)):
            words = [w.strip(",.") for w in am.group(1).split()]
            words = [w for w in words if len(w) > 1]
            if not words or any(_thing(w, lex) or w.lower() in _HEADS for w in words):
                continue
            if all(w.lower() in lex.frequent for w in words):
                continue  # "Social Work (2)", "Home Care (lead)"
            c.add(body_start + am.start(1), body_start + am.end(1), "NAME", "an attendee", P_NAME)
