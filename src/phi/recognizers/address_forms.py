"""Address forms the older street rules do not read (1.6.0), from published Canadian formats.

- Rural lots: ``con 6 lot 14``, ``Lot 14, Concession 6``, ``pt lot 3 conc 2``; a county or
  regional road with its number in lower case (``3395 county rd 46``).
- A unit before the civic number with a dash (Canada Post: ``#701 - 3871 X St``, ``701-3871``);
  numbered roads (``6080 No. 3 Rd``); a house on a reserve after an address label (``Home:
  house 31, <settlement>``).
- Streets named without a number: French (``boulevard des X``, ``rue de la X``, ``chemin du X``,
  ``rang Saint-X``), English with a direction (``X St N``, ``X Ave NW``), and in lower case
  after ``on`` (``on <word> street``) when the word is no everyday word.
- A civic number said in words (``eighty two <word> street``) in transcribed messages.
- A town in lower case after a street line or after ``in``/``from``/``near`` when the gazetteer
  holds it and it is no frequent word.
"""

from __future__ import annotations

import re

from phi.core import P_STREET, P_TOWN, Collector
from phi.index import TextIndex, category, word_start_ok
from phi.lexicon import Lexicon
from phi.recognizers.common import _UP

_CON_LOT_RE = re.compile(
    r"(?i)(?<![\w'’-])(?:(?:con|conc|concession)\.?[ \t]*\d{1,2}[a-z]?[ \t]*,?[ \t]*"
    r"(?:pt[ \t]+|part[ \t]+)?lot[ \t]*\d{1,3}[a-z]?"
    r"|(?:pt[ \t]+|part[ \t]+)?lot[ \t]*\d{1,3}[a-z]?[ \t]*,?[ \t]*"
    r"(?:con|conc|concession)\.?[ \t]*\d{1,2}[a-z]?)(?![\w'’-])"
)
_C_CON_LOT = category("concession or lot", "con conc concession lot pt part")
_COUNTY_ROAD_RE = re.compile(
    r"(?i)(?<![\w'’-])\d{1,6}[ \t]+(?:county|regional|district|township|municipal)[ \t]+"
    r"(?:rd|road)\.?[ \t]+#?\d{1,3}[a-z]?(?![\w'’-])"
)
_C_COUNTY = category("county road", "county regional district township municipal")
_UNIT_DASH_RE = re.compile(r"#[ \t]?\d{1,5}[A-Z]?[ \t]*[-–][ \t]*(?=\d)")
_NUMBERED_ROAD_RE = re.compile(
    r"(?<![\w'’-])(?:\d{1,6}[ \t]+)?No\.?[ \t]*\d{1,2}[ \t]+(?:Rd|Road|Hwy|Highway)\.?(?![\w'’-])"
)
_C_NO = category("numbered road", "no", capital_only=True)
_HOUSE_RE = re.compile(
    r"(?i:home|address|adresse|domicile|residence|lives[ \t]+at|lives[ \t]+in)[ \t]*:?[ \t]*"
    r"((?i:house|maison|unit|lot)[ \t]+\d{1,4}[A-Za-z]?)(?![\w'’-])"
    rf"(?:[ \t]*,[ \t]*({_UP}[\w'’-]+(?:[ \t]+{_UP}[\w'’-]+){{0,2}})(?=[ \t]*[;,.\n]|$))?"
)
_C_HOUSE = category("address label", "home address adresse domicile residence lives")
_FR_STREET_RE = re.compile(
    r"(?<![\w'’-])(?:boulevard|boul\.|rue|chemin|ch\.|rang|avenue|av\.|route|montée|côte)"
    r"[ \t]+(?:des|de[ \t]+la|du|de[ \t]+l['’]|d['’]|de|Saint-|Sainte-|St-|Ste-)[ \t]*"
    rf"({_UP}[\w'’-]+)(?:[ \t]+(?:{_UP}[\w'’-]+))?"
)
_C_FR_STREET = category(
    "French street word", "boulevard boul rue chemin ch rang avenue av route montée côte"
)
_DIRECTION_STREET_RE = re.compile(
    rf"(?<![\w'’-])({_UP}[a-z'’-]{{2,}})[ \t]+(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Dr|Drive|"
    r"Cres|Crescent)\.?[ \t]+(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)(?![\w'’-])"
)
_C_STREET_TYPE = category(
    "street type", "st street ave avenue rd road blvd dr drive cres crescent", capital_only=True
)
_LOWER_ON_STREET_RE = re.compile(
    r"(?<![\w'’-])on[ \t]+([a-z][a-z'’-]{2,20})[ \t]+(street|avenue|road|drive|crescent|boulevard)"
    r"(?![\w'’-])"
)
_NUM_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|oh)"
)
_SPOKEN_STREET_RE = re.compile(
    rf"(?<![\w'’-])(?:live|lives|living|at)[ \t]+((?:{_NUM_WORD}[ \t-]+){{1,5}}"
    r"[a-z][a-z'’-]{2,20}[ \t]+(?:street|avenue|road|drive|crescent|lane|court|boulevard|way))"
    r"(?![\w'’-])"
)
_TOWN_AFTER_RE = re.compile(
    r"[ \t]*(?:,|in|à)[ \t]*\n?[ \t]*([a-zà-ÿ][a-zà-ÿ'’-]{3,24})(?![\w'’-])"
)
_C_PLACE = category("place", lambda lex: lex.places)  # the gazetteer's (see places.py)
_LOWER_TOWN_CUE_RE = re.compile(
    r"(?<![\w'’-])(?:in|from|near|to|moved[ \t]+to)[ \t]+([a-z][a-z'’-]{3,24})(?![\w'’-])"
)


def streets(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """Rural lots, county roads, numbered roads, reserve houses, streets without a number."""
    text = c.text
    for p in idx.at(_C_CON_LOT):
        m = _CON_LOT_RE.match(text, p) if word_start_ok(text, p) else None
        if m is not None:
            c.add(m.start(), m.end(), "ADDRESS", "a concession and lot", P_STREET)
    for p in idx.at(_C_COUNTY):
        m = _COUNTY_ROAD_RE.search(text, max(0, p - 8), p + 40)
        if m is not None:
            c.add(m.start(), m.end(), "ADDRESS", "a civic number on a county road", P_STREET)
    for p in idx.at(_C_NO):
        m = _NUMBERED_ROAD_RE.search(text, max(0, p - 8), p + 20)
        if m is not None and m.end() > p:
            c.add(m.start(), m.end(), "ADDRESS", "a numbered road", P_STREET)
    for p in idx.at(_C_HOUSE):
        if not word_start_ok(text, p):
            continue
        m = _HOUSE_RE.match(text, p)
        if m is None:
            continue
        c.add(m.start(1), m.end(1), "ADDRESS", "a house number after an address label", P_STREET)
        if m.group(2):
            ws = m.group(2).split()
            if any(w.lower() not in lex.frequent and not lex.never_name(w) for w in ws):
                c.add(m.start(2), m.end(2), "ADDRESS", "a community after a house", P_TOWN)
    for p in idx.at(_C_FR_STREET):
        if not word_start_ok(text, p):
            continue
        m = _FR_STREET_RE.match(text, p)
        if m is None or lex.never_name(m.group(1)):
            continue
        c.add(m.start(), m.end(), "ADDRESS", "a French street named without a number", P_TOWN)
    for p in idx.at(_C_STREET_TYPE):
        m = _DIRECTION_STREET_RE.search(text, max(0, p - 26), p + 16)
        if m is None or m.end() < p or lex.never_name(m.group(1)):
            continue
        c.add(m.start(), m.end(), "ADDRESS", "a street and its direction", P_TOWN)
    low = c.lower
    if " street" in low or " road" in low or " avenue" in low or " drive" in low:
        for m in _LOWER_ON_STREET_RE.finditer(text):
            w = m.group(1)
            if w in lex.common or lex.never_name(w) or w in ("the", "this", "that", "main"):
                continue
            c.add(m.start(1), m.end(2), "ADDRESS", "a street in lower case after 'on'", P_TOWN)
        for m in _SPOKEN_STREET_RE.finditer(text):
            c.add(m.start(1), m.end(1), "ADDRESS", "a civic number said in words", P_STREET)


def units_and_towns(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """A unit with a dash before a street line; a town in lower case after a street line or a
    place word, when the gazetteer holds it (run after the street rules)."""
    text = c.text
    street_starts = {k.start: k for k in c.cands if k.kind == "ADDRESS"}
    if "#" in text:
        for m in _UNIT_DASH_RE.finditer(text):
            k = street_starts.get(m.end())
            if k is not None:
                c.add(m.start(), k.end, "ADDRESS", "a unit before a street line", P_STREET)
    for k in [k for k in c.cands if k.kind == "ADDRESS" and k.prio >= P_STREET]:
        tm = _TOWN_AFTER_RE.match(text, k.end)
        if tm is None:
            continue
        w = tm.group(1)
        if w in lex.places and not lex.never_name(w) and w not in lex.regions:
            c.add(tm.start(1), tm.end(1), "ADDRESS", "a town after a street line", P_TOWN)
    for p in idx.at(_C_PLACE):
        if not text[p].islower():
            continue
        lm = _LOWER_TOWN_CUE_RE.search(text, max(0, p - 12), p + 26)
        if lm is None or lm.start(1) != p:
            continue
        w = lm.group(1)
        if (
            w in lex.places
            and w not in lex.frequent
            and not lex.never_name(w)
            and w not in lex.first_names_all
            and w not in lex.regions
        ):
            c.add(
                lm.start(1), lm.end(1), "ADDRESS", "a town in lower case after a place word", P_TOWN
            )
