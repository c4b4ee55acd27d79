"""Reading what people type into a search box, as PostgreSQL's `websearch_to_tsquery` does:
words (all must match), "quoted phrases", `or` (or French `ou`) between alternatives, `-word`
or `NOT word` to exclude.
`parse` never raises, whatever the input; `to_fts5` writes the FTS5 query for SQLite, quoting
every word so no user text is read as FTS5 syntax."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: At most this much of the query is read, and at most this many terms kept (a pasted page
#: is still a query, just not a slow one).
MAX_CHARS = 1000
MAX_TERMS = 32

_WORD = re.compile(r"\w+", re.UNICODE)

#: Accent folding, the same on both sides of a match: PostgreSQL builds each vector from
#: `translate(text, ACCENTED, PLAIN)` (indexing.py) and reads queries folded here, so
#: "equivalents" finds "équivalents"; SQLite's tokenizer folds them itself (remove_diacritics).
ACCENTED = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸ"
PLAIN = "aaaaaaceeeeiiiinooooouuuuyyAAAAAACEEEEIIIINOOOOOUUUUYY"
_FOLD = str.maketrans(ACCENTED, PLAIN)


def fold(text: str) -> str:
    """`text` without the accents of ACCENTED."""
    return text.translate(_FOLD)


_TOKEN = re.compile(r'"[^"]*"?|-?[^\s"]+', re.UNICODE)


def wordset(text: str) -> frozenset[str]:
    """The words of `text` (a word list kept as a paragraph)."""
    return frozenset(text.split())


#: Words dropped from queries on SQLite, as PostgreSQL's English and French configurations drop
#: their stop words (so "the and" finds nothing on both).
STOPWORDS = wordset(
    """a an and are as at be but by for from had has have he her his i if in into is it its
    of on or our she so than that the their them then there these they this to was we were
    what when where which who will with you your
    au aux avec ce ces dans de des du elle en est et il ils je la le les leur lui mais me
    même mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te
    tes toi ton tu un une vos votre vous à
    c j l m n qu s t"""
)


@dataclass
class Query:
    #: Each group is a list of alternatives (joined by OR); groups are joined by AND. An
    #: alternative is a tuple of words: one word, or a phrase.
    groups: list[list[tuple[str, ...]]] = field(default_factory=list)
    excluded: list[tuple[str, ...]] = field(default_factory=list)
    text: str = ""

    @property
    def empty(self) -> bool:
        """Nothing to look for (no words, only stop words, or only exclusions)."""
        return not self.groups

    def any_word(self) -> Query:
        """The same query with its groups joined by OR instead of AND (exclusions kept)."""
        alternatives = list(dict.fromkeys(alt for group in self.groups for alt in group))
        return Query([alternatives] if alternatives else [], list(self.excluded), self.text)

    def words(self) -> list[str]:
        return [w for group in self.groups for alt in group for w in alt]


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(text) if w.lower() not in STOPWORDS)


def parse(text: str) -> Query:
    """The query in `text`: never raises; unbalanced quotes close at the end, a lone `-`,
    `or` or `not` is ignored, stop words are dropped. `not x` is read as `-x` and `ou` as
    `or` (the same on both databases: the parsed form is what each engine is given)."""
    text = (text or "").replace("\x00", " ")[:MAX_CHARS]
    query = Query(text=text.strip())
    pending_or = False
    pending_not = False
    terms = 0
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        negative = False
        if token.startswith("-") and len(token) > 1:
            negative, token = True, token[1:]
        if token.startswith('"'):
            words = _words(token.strip('"'))
        elif token.lower() in ("or", "ou") and not negative:
            pending_or = bool(query.groups)
            continue
        elif token.lower() == "not" and not negative:
            pending_not = True
            continue
        else:
            words = _words(token)
        if not words or terms >= MAX_TERMS:
            continue
        terms += 1
        if pending_not:
            negative, pending_not = True, False
        if negative:
            query.excluded.append(words)
            pending_or = False
        elif pending_or and query.groups:
            query.groups[-1].append(words)
            pending_or = False
        else:
            query.groups.append([words])
    return query


def _fts5_alt(words: tuple[str, ...]) -> str:
    # Every word is quoted (FTS5 strings double an inner quote; \w+ words hold none).
    return '"' + " ".join(words) + '"'


def to_fts5(query: Query) -> str:
    """The FTS5 MATCH expression of `query` ("" when it is empty)."""
    if query.empty:
        return ""
    groups = ["(" + " OR ".join(_fts5_alt(a) for a in group) + ")" for group in query.groups]
    expr = "(" + " AND ".join(groups) + ")"
    for words in query.excluded:
        expr += " NOT " + _fts5_alt(words)
    return expr


def to_websearch(query: Query) -> str:
    """The query rewritten for `websearch_to_tsquery` from its parsed form (bounded, no stray
    syntax), so both databases read the same words the same way."""
    if query.empty:
        return ""
    parts = []
    for group in query.groups:
        alts = [f'"{" ".join(a)}"' if len(a) > 1 else a[0] for a in group]
        parts.append(" or ".join(alts))
    parts += [f'-"{" ".join(w)}"' if len(w) > 1 else f"-{w[0]}" for w in query.excluded]
    return fold(" ".join(parts))
