"""A workplace named by a proper name before a trade written in lower case (since 1.17.0):
``Quenneville's lobster pound``, ``Arbright & Mowle marine railway``, ``Vostrikov feedlot``,
``the Lodestar truck stop``. Rural workplaces are written that way in notes (the trade in lower
case, the owner's or the place's name before it): a place a person can be found (FACILITY).

The name is a possessive (``X's``), two names joined by ``&``/``and``, a word no list knows, or a
capitalised everyday word after ``the`` in mid-sentence (``the Lodestar truck stop``); never a
word opening a sentence (``Lobster pound closed``), a region or a word that is never a name,
nor an everyday word alone (``Big feedlot``).
"""

from __future__ import annotations

import re

from phi.core import P_FACILITY, Collector
from phi.index import TextIndex
from phi.lexicon import Lexicon

_HEADS = (
    r"lobster[ \t]+pound|fish[ \t]+plant|fish[ \t]+mart|fish[ \t]+market|truck[ \t]+stop|"
    r"marine[ \t]+railway|boat[ \t]?yard|shipyard|saw[ \t]?mill|feed[ \t]+mill|feed[ \t]?lot|"
    r"pellet[ \t]+plant|packing[ \t]+plant|meat[ \t]+plant|gravel[ \t]+pit|grain[ \t]+elevator|"
    r"cannery|creamery|hatchery|abattoir|lumber[ \t]?yard|machine[ \t]+shop|body[ \t]+shop|"
    r"general[ \t]+store|corner[ \t]+store|gas[ \t]+bar|dairy[ \t]+farm|hog[ \t]+barn|"
    r"mink[ \t]+farm|chicken[ \t]+barn|greenhouses?|sugar[ \t]+shack|cabane[ \t]+à[ \t]+sucre"
)
_NAME = r"[A-ZÀ-ÖØ-Þ][\w-]*"
_TRADE_RE = re.compile(
    rf"(?<![\w'’-])((?:{_NAME}[ \t]+(?:&|and)[ \t]+)?{_NAME}(['’]s)?)[ \t]+({_HEADS})(?![\w-])"
)
_THE_RE = re.compile(r"(?i)(?:^|[^\w])the[ \t]+$")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:;|>*#\-–•]\s*|\n\s*)$")


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for m in _TRADE_RE.finditer(text):
        name = m.group(1)
        words = [w for w in re.findall(r"[^\W\d_]+", name) if w.lower() not in ("and", "s")]
        low = [w.lower() for w in words]
        if any(w in lex.regions or lex.never_name(w) for w in low):
            continue
        before = text[max(0, m.start() - 6) : m.start()]
        joined = "&" in name or " and " in name
        if m.group(2) and all(
            w in lex.frequent and w not in lex.surnames_all and w not in lex.first_names_all
            for w in low
        ):
            continue  # "Mom's greenhouse", "Farmer's market"
        if not (m.group(2) or joined):
            if _SENTENCE_START_RE.search(text[max(0, m.start() - 4) : m.start()]):
                continue
            if all(w in lex.frequent for w in low) and not _THE_RE.search(before):
                continue
        c.add(m.start(1), m.end(3), "FACILITY", "a workplace: a name before its trade", P_FACILITY)
