"""Places in capitals, in a route's list, and a street named alone in brackets (since 1.23.0).

- A facility in capitals named after its town (a stamp, a printout's header): ``WINGHAM REGIONAL
  PAIN CENTRE``, ``PETROLIA DISTRICT HOSPITAL``: capital words ending in a facility's head word,
  the first ones a listed town (not a region). Never ``CENTRAL DISPATCH CENTRE``
  (no town) nor ``ONTARIO HEALTH CENTRE`` (a province).
- A letterhead line in capitals of a practice's kind and its town (``PHYSIO BELLETERRE``,
  ``PHARMACIE DE VAL-BRUME``): the kind (physio, pharmacy, clinic, dental, chiropractic,
  optometry, in English or French) and a listed town (or a town found in the note), alone on
  the line.
- The stops of a route, in brackets and joined by dashes (``(Brackmere - Grande Anse -
  Petrolia)``): when one stop is a listed town, the others of one or two capitalised words are
  towns too, unless a word is never a name (a clinical or common word) or the one word is a
  frequent word; two stops at least (``(Bath - Dress - Toilet)``: a town, then a routine).
- A street named alone in brackets (``lives on her road (Larchmont Street)``): one
  or two capitalised words and a street type of Canada Post's list, spelled out.
"""

from __future__ import annotations

import re

from phi.core import P_FACILITY, P_STREET, P_TOWN, Collector
from phi.index import TextIndex
from phi.lexicon import Lexicon

_CAPS_FACILITY_RE = re.compile(
    r"(?<![\w'’-])((?:[A-Z][A-Z'’.-]+[ \t]+){1,5}"
    r"(?:CENTRE|CENTER|HOSPITAL|CLINIC|PHARMACY|LODGE|MANOR|INFIRMARY))(?![\w'’-])"
)
_LETTERHEAD_RE = re.compile(
    r"(?m)^[ \t]*((?:PHYSIO|PHYSIOTHÉRAPIE|PHYSIOTHERAPIE|PHYSIOTHERAPY|PHARMACIE|PHARMACY|CLINIQUE"
    r"|CLINIC|DENTAL|DENTAIRE|CHIROPRACTIC|CHIROPRATIQUE|OPTOMETRY|OPTOMÉTRIE|OPTOMETRIE)"
    r"(?:[ \t]+(?:DE|DU|DES|D['’]))?[ \t]+([A-ZÀ-Þ][A-ZÀ-Þ'’ -]*[A-ZÀ-Þ]))[ \t]*$"
)
_ROUTE_RE = re.compile(r"\(([A-ZÀ-Þ][\w'’ .-]*?(?:[ \t]+[-–][ \t]+[A-ZÀ-Þ][\w'’ .-]*?){2,8})\)")
#: the stops between " - " (a hyphen inside a name stays: "Saint-Orme")
_STOPS_SPLIT_RE = re.compile(r"[ \t]+[-–][ \t]+")
_STOP_RE = re.compile(r"[A-ZÀ-Þ][a-zà-ÿ'’]+(?:[ \t-][A-ZÀ-Þ][a-zà-ÿ'’]+)?")
#: Canada Post's street types, spelled out (Canada Post Addressing Guidelines, street types)
_STREET_RE = re.compile(
    r"\(([A-Z][a-z'’]+(?:[ \t][A-Z][a-z'’]+)?[ \t]+(?:Street|Road|Avenue|Drive|Crescent|Lane"
    r"|Boulevard|Court|Terrace|Concession|Sideroad|Line))\)"
)


def _town(words: str, lex: Lexicon) -> bool:
    low = words.lower().replace("’", "'")
    return low in lex.places and low not in lex.regions


def _stop_ok(stop: str, lex: Lexicon) -> bool:
    words = stop.replace("-", " ").split()
    return _town(stop, lex) or not (
        any(lex.never_name(w) for w in words)
        or (len(words) == 1 and words[0].lower() in lex.frequent)
    )


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    if not text.islower():
        heads = ("CENTRE", "CENTER", "HOSPITAL", "CLINIC", "PHARMACY", "LODGE", "MANOR", "INFIRM")
        for m in _CAPS_FACILITY_RE.finditer(text) if any(h in text for h in heads) else ():
            words = list(re.finditer(r"\S+", m.group(1)))
            for i in range(len(words) - 1):
                rest = [w.group() for w in words[i:-1]]
                if any(_town(" ".join(rest[:n]), lex) for n in (1, 2, 3) if n <= len(rest)):
                    # the facility starts at its town ("TO X DISTRICT HOSPITAL")
                    start = m.start(1) + words[i].start()
                    why = "a facility in capitals after its town"
                    c.add(start, m.end(1), "FACILITY", why, P_FACILITY)
                    break
        kinds = ("PHYSIO", "PHARM", "CLINI", "DENTA", "CHIRO", "OPTOM")
        for m in _LETTERHEAD_RE.finditer(text) if any(k in text for k in kinds) else ():
            found = {text[k.start : k.end].lower() for k in c.cands if k.kind == "ADDRESS"}
            if _town(m.group(2), lex) or m.group(2).lower() in found:
                c.add(
                    m.start(1),
                    m.end(1),
                    "FACILITY",
                    "a practice's letterhead in capitals",
                    P_FACILITY,
                )
    pos = text.find("(")
    while pos >= 0:
        close = text.find(")", pos)
        if close < 0:
            break
        start, inner = pos, text[pos:close]
        pos = text.find("(", pos + 1)
        if inner.count(" - ") + inner.count(" – ") < 2:
            continue
        for m in _ROUTE_RE.finditer(text, start, close + 1):
            stops, at = [], m.start(1)
            for sep in [*_STOPS_SPLIT_RE.finditer(text, m.start(1), m.end(1)), None]:
                stop = text[at : sep.start() if sep else m.end(1)]
                stops.append((at + len(stop) - len(stop.lstrip()), stop.strip()))
                at = sep.end() if sep else at
            if not all(_STOP_RE.fullmatch(s) for _a, s in stops):
                continue
            if not any(_town(s, lex) for _a, s in stops):
                continue
            towns = [(a, s) for a, s in stops if _stop_ok(s, lex)]
            if len(towns) < 2:
                continue  # "(Bath - Dress - Toilet)": one town, then a routine
            for a, s in towns:
                c.add(a, a + len(s), "ADDRESS", "a stop of a route", P_TOWN)
    for m in _STREET_RE.finditer(text):
        first = m.group(1).split()[0].lower()
        if not lex.never_name(first):
            c.add(m.start(1), m.end(1), "ADDRESS", "a street named alone in brackets", P_STREET)
