"""A nickname in quotes right after a name found (since 1.20.0).

``Surname, Given ("Nick")``, ``Given Surname « Nick »``, a CSV cell's doubled quotes (the
name, then two quotes, the nickname and two quotes), the nickname maybe on the next line in
brackets: one or two
capitalised words in quotes or guillemets just after a name any rule found with good evidence
are the person's nickname, then found wherever the note writes them again (the rule runs before
names are spread). Never an everyday word alone in quotes after a name that is only a word's
mention (the name must be a name, the nickname capitalised and no clinical, drug or never-name
word).
"""

from __future__ import annotations

import re

from phi.core import P_NAME, Collector
from phi.index import TextIndex
from phi.lexicon import Lexicon

#: from a name's end: spaces (a line break), an optional bracket, a quote, the nickname, its quote
_NICK_AFTER_RE = re.compile(
    r"[ \t]*\n?[ \t]*\(?[ \t]*(?:\"\"|[\"“”«‘'])[ \t\u00a0]*"
    r"([A-ZÀ-Þ][a-zà-ÿ'’-]{1,20}(?:[ \t][A-ZÀ-Þ][a-zà-ÿ'’-]{1,20})?)"
    r"[ \t\u00a0]*(?:\"\"|[\"“”»’'])"
)


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    if not any(q in text for q in ('"', "“", "«", "‘")):
        return
    ends = {k.end for k in c.cands if k.kind == "NAME" and k.prio >= P_NAME}
    for end in sorted(ends):
        m = _NICK_AFTER_RE.match(text, end)
        if m is None:
            continue
        nick = m.group(1)
        low = [w.lower() for w in nick.split()]
        if any(
            w in lex.clinical
            or w in lex.drugs
            or (lex.never_name(w) and w not in lex.first_names_all)
            for w in low
        ):
            continue
        c.add(m.start(1), m.end(1), "NAME", "a nickname in quotes after a name", P_NAME)
