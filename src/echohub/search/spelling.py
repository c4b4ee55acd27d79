"""A spelling suggestion for a search that found nothing ("buprenorphne" -> "buprénorphine").

The words offered come only from general vocabulary that ships with echohub: the bilingual
glossary of the library (data/glossary_en_fr.tsv) and the clinical package's drug names. They
never come from the library's own documents, so a suggestion cannot reveal a word of something
the reader may not open. The page offers a suggestion only when searching it finds results the
reader may open (search.views)."""

from __future__ import annotations

import difflib
import functools
import re

from clinical import drugs
from echohub.search.glossary import GLOSSARY_FILE
from echohub.search.query import fold

#: Words shorter than this are neither corrected nor offered (too many near neighbours).
MIN_LENGTH = 5
#: How alike a typed word and a known word must be (difflib's ratio) to be offered.
CUTOFF = 0.8
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
#: A query with any of these is read as search syntax (phrases, alternatives, exclusions):
#: no suggestion is made for it.
_SYNTAX = re.compile(r'["\-]|\b(?:or|ou|not)\b', re.IGNORECASE)


@functools.cache
def vocabulary() -> dict[str, str]:
    """Each known word, folded and lower-case -> the word as written (accents kept)."""
    words: dict[str, str] = {}
    for line in GLOSSARY_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        for term in line.split("\t"):
            for word in _WORD.findall(term.replace("'", " ").replace("’", " ")):
                if len(word) >= MIN_LENGTH:
                    words.setdefault(fold(word.lower()), word.lower())
    names = (
        drugs.OPIOIDS | drugs.BENZODIAZEPINES | drugs.GABAPENTINOIDS | drugs.SEQUESTERED_ANTAGONISTS
    )
    for name in names:
        for word in _WORD.findall(name):
            if len(word) >= MIN_LENGTH:
                words.setdefault(fold(word.lower()), word.lower())
    return words


def suggest(q: str) -> str | None:
    """`q` with each unknown word replaced by the closest known word, or None when no word
    changes (or when `q` uses search syntax: quotes, OR, NOT, a minus sign)."""
    q = " ".join(q.split())
    if not q or len(q) > 200 or _SYNTAX.search(q):
        return None
    known = vocabulary()
    keys = list(known)
    changed = False
    out = []
    for word in q.split(" "):
        key = fold(word.lower())
        if len(key) < MIN_LENGTH or key in known or not _WORD.fullmatch(word):
            out.append(word)
            continue
        close = difflib.get_close_matches(key, keys, n=1, cutoff=CUTOFF)
        if close:
            out.append(known[close[0]])
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else None
