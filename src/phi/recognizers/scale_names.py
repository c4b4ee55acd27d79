"""Names of eponymous clinical scales are no person and no place (since 1.15.0); run last.
The parts of a Glasgow coma score written spaced (``E4 V5 M6``, ``Y4 V4 M6``) are no postal code.

A word of ``data/scales.txt`` (``Zarit``, ``Tampa``, ``Barthel``...) found as a name or a town
is dropped when a word of measurement stands beside it: after it, at most two words on
(``Zarit burden score``, ``Barthel index``, ``Tampa scale``), or before it with ``of``/``de``
(``échelle de kinésiophobie de Tampa``, ``the scale of Braden``). Elsewhere the word stays a
possible name or place, and so does a word after a title (``Mrs. Katz test results``).
"""

from __future__ import annotations

import re
from functools import cache

from phi.core import Collector
from phi.index import TextIndex
from phi.lexicon import Lexicon, cue_words

_NAME_PLACE = frozenset({"NAME", "ADDRESS"})

_MEASURE = (
    r"(?:scale|scales|score|scores|scoring|index|inventory|questionnaire|test|criteria|"
    r"classification|grade|grading|stage|staging|rating|échelle|echelle|indice|inventaire|"
    r"critères|criteres|grille|épreuve|epreuve|questionnaire|stadification)"
)
_AFTER_RE = re.compile(
    rf"(?i)(?:['’]s)?(?:[ \t-]+[^\W\d_][\w'’-]*){{0,2}}?[ \t-]+{_MEASURE}(?![\w-])"
)
#: A title before the word makes it a person's name (``Mrs. Katz test results``).
_TITLE_RE = re.compile(r"(?i)(?<![\w])(?:dr|dre|mr|mrs|ms|mme|mlle|m|prof|nurse)\.?[ \t]+$")
_BEFORE_RE = re.compile(
    rf"(?i)(?<![\w-]){_MEASURE}(?:[ \t]+[^\W\d_][\w'’-]*){{0,3}}?[ \t]+(?:of|de|du|d['’])[ \t]*$"
)


#: The eye, verbal and motor parts of a Glasgow score, spaced (``E4 V5 M6``, French ``Y4 V4
#: M6``): no postal code and no code.
_GCS_PARTS_RE = re.compile(r"(?<![\w-])[EYey]\d[ \t,]+[Vv]\d{1,2}T?[ \t,]+[Mm]\d(?![\w-])")
_NOT_CODES = frozenset({"POSTAL_CODE", "ID"})


@cache
def _scales() -> frozenset[str]:
    words: set[str] = set()
    for line in cue_words("scales.txt"):
        words.update(line.lower().split())
    return frozenset(words)


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for m in _GCS_PARTS_RE.finditer(text):
        c.veto(m.start(), m.end(), _NOT_CODES)
    scales = _scales()
    for k in list(c.cands):
        if k.kind not in _NAME_PLACE:
            continue
        word = text[k.start : k.end]
        if word.lower() not in scales:
            continue
        if _TITLE_RE.search(text, max(0, k.start - 8), k.start):
            continue
        if _AFTER_RE.match(text, k.end, min(len(text), k.end + 60)) or _BEFORE_RE.search(
            text[max(0, k.start - 60) : k.start]
        ):
            c.veto(k.start, k.end, _NAME_PLACE)
