"""Names by their label (since 1.13.0):

- a surname in capitals after a label of the surname alone (``Surname: X-Y``, ``Last name:``,
  ``Family name:``, ``Nom :``, ``Nom de famille :``), closed by two spaces or the line’s
  end; never an everyday or clinical word in capitals (``Nom : INCONNU``, ``Surname: UNKNOWN``);
- nicknames in quotes after a label of what a person is called (``Goes by: "X"``, ``Known as:``,
  ``also known as: "X", "Y"``, ``AKA:``, ``Nickname:``, ``Surnom :``, ``Dit :``).
"""

from __future__ import annotations

import re

from phi.core import P_NAME, Collector
from phi.index import TextIndex, category, scan_at, word_start_ok
from phi.lexicon import Lexicon

_C_SURNAME_LABEL = category(
    "a label of the surname alone", "surname last family nom", capital_only=False
)
_SURNAME_RE = re.compile(
    r"(?i:surname|last[ \t]+name|family[ \t]+name|nom[ \t]+de[ \t]+famille|nom)[ \t]*:[ \t]*"
    r"([A-ZÀ-Þ][A-ZÀ-Þ'’]+(?:[- ][A-ZÀ-Þ][A-ZÀ-Þ'’]+){0,2})(?=[ \t]*(?:\n|\r|$)|[ \t]{2,})"
)
_C_NICK_LABEL = category(
    "a label of what a person is called", "goes known aka a.k.a nickname surnom dit dite also"
)
_NICK_LABEL_RE = re.compile(
    r"(?i:goes[ \t]+by|(?:also[ \t]+)?known[ \t]+as|a\.?k\.?a\.?|nickname|surnom|dite?)"
    r"[ \t]*:[ \t]*(?=[\"“«])"
)
_QUOTED_RE = re.compile(r"[\"“«][ \t\u00a0]?([^\"”»\n]{1,25}?)[ \t\u00a0]?[\"”»]")


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for m in scan_at(_SURNAME_RE, text, idx.at(_C_SURNAME_LABEL)):
        if not word_start_ok(text, m.start()):
            continue
        name = m.group(1)
        parts = [p.lower() for p in re.split(r"[- ]", name) if p]
        if any(
            p in lex.frequent or p in lex.clinical or p in lex.common for p in parts
        ) and not any(p in lex.surnames_all for p in parts):
            continue
        c.add(m.start(1), m.end(1), "NAME", "a surname in capitals after its label", P_NAME + 2)
    for m in scan_at(_NICK_LABEL_RE, text, idx.at(_C_NICK_LABEL)):
        if not word_start_ok(text, m.start()):
            continue
        pos = m.end()
        while True:
            q = _QUOTED_RE.match(text, pos)
            if q is None:
                break
            nick = q.group(1)
            if (
                nick[:1].isupper()
                and not any(ch.isdigit() for ch in nick)
                and len(nick.split()) <= 3
            ):
                c.add(q.start(1), q.end(1), "NAME", "a nickname in quotes after its label", P_NAME)
            sep = re.match(r"[ \t]*(?:,|and|et|or|ou)[ \t]*", text[q.end() : q.end() + 8])
            if sep is None:
                break
            pos = q.end() + sep.end()
