"""Searching across English and French: each word (or quoted phrase) of a query that the
library's bilingual glossary knows is also searched in the other language, as an alternative of
its own group ("sevrage" reads as "sevrage or taper or tapering or withdrawal"). The glossary
(data/glossary_en_fr.tsv) is general clinical vocabulary written for echohub, not drawn from any
library. Exclusions are widened the same way ("sleep -insomnia" keeps out the French rows on
"insomnie" too, now that "sleep" finds "sommeil"), never into a word the query asks for."""

from __future__ import annotations

import functools
from pathlib import Path

from echohub.search.query import _WORD, MAX_TERMS, STOPWORDS, Query, fold

GLOSSARY_FILE = Path(__file__).with_name("data") / "glossary_en_fr.tsv"
#: At most this many other-language alternatives are added for one word of the query.
MOST_PER_TERM = 4


def _key(text: str) -> tuple[str, ...]:
    words = (fold(w.lower()) for w in _WORD.findall(text.replace("'", " ")))
    return tuple(w for w in words if w not in STOPWORDS)


def _singular(words: tuple[str, ...]) -> tuple[str, ...]:
    last = words[-1]
    if len(last) > 3 and last[-1] in "sx":
        return (*words[:-1], last[:-1])
    return words


@functools.cache
def glossary() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Each term (its folded words, stop words left out) -> its other-language terms."""
    pairs: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for line in GLOSSARY_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, _, french = line.partition("\t")
        en, fr = _key(english), _key(french)
        if not en or not fr or en == fr:
            continue
        for a, b in ((en, fr), (fr, en)):
            for key in {a, _singular(a)}:
                known = pairs.setdefault(key, [])
                if b not in known:
                    known.append(b)
    return {k: tuple(v) for k, v in pairs.items()}


def across_languages(query: Query) -> tuple[Query, list[tuple[str, ...]]]:
    """`query` with each known term's other-language terms added to its group, and the
    terms added (to say so on the page). The query's own terms come first in each group."""
    known = glossary()
    terms = sum(len(group) for group in query.groups) + len(query.excluded)
    added: list[tuple[str, ...]] = []
    groups = []
    typed = {tuple(fold(w) for w in alt) for group in query.groups for alt in group}
    excluded = {tuple(fold(w) for w in words) for words in query.excluded}
    exclusions = list(query.excluded)
    for words in query.excluded:
        key = tuple(fold(w) for w in words)
        for other in (known.get(key) or known.get(_singular(key)) or ())[:MOST_PER_TERM]:
            if other in excluded or other in typed or terms >= MAX_TERMS:
                continue
            excluded.add(other)
            exclusions.append(other)
            terms += 1
    for group in query.groups:
        alternatives = list(group)
        seen = {tuple(fold(w) for w in alt) for alt in group} | excluded
        for alt in group:
            key = tuple(fold(w) for w in alt)
            others = known.get(key) or known.get(_singular(key)) or ()
            for other in others[:MOST_PER_TERM]:
                if other in seen or terms >= MAX_TERMS:
                    continue
                seen.add(other)
                alternatives.append(other)
                added.append(other)
                terms += 1
        groups.append(alternatives)
    return Query(groups, exclusions, query.text), added
