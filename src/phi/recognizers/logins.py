"""Logins built from a name found elsewhere in the note (since 1.20.0).

A hospital's or a vendor's login joins a person's initial to the first letters of each part of a
compound surname (``Given First-Second`` → ``gfirsec``, ``gfirstsecond``, ``gfirsts``: up to six
letters of each part, or the whole first part and up to three of the second), or to the whole
surname, with the accents dropped. Once a full name is found (a given name and a surname, the
surname maybe hyphenated), each of those logins is looked up in the note in lower case (found by
its first four letters with ``str.find``), alone (no letter, digit, dot, ``@`` or hyphen touching
it): ``(fdumgue)``, ``Opened ... by istrachany``. Never a login of fewer than five letters, nor
one that is a frequent or never-name word.
"""

from __future__ import annotations

import re
from functools import lru_cache

from phi.core import P_NAME, Collector
from phi.index import TextIndex
from phi.lexicon import Lexicon
from phi.recognizers.places import _FOLD

_FULL_NAME_RE = re.compile(
    r"([A-ZÀ-Þ][a-zà-ÿ'’]+)[ \t]+(?:[A-Z]\.[ \t]+)?"
    r"([A-ZÀ-Þ][a-zà-ÿ'’]+(?:[- ][A-ZÀ-Þ][a-zà-ÿ'’]+)?)\Z"
)
#: a login's whole run of letters; nothing word-like may touch it after
_RUN_RE = re.compile(r"[a-z]{5,24}(?![\w@-])")
#: every run of lower-case letters (a long text with many names is read once)
_LETTERS_RE = re.compile(r"[a-z]{5,24}")


def _fold(word: str) -> str:
    return "".join(ch for ch in word.lower().translate(_FOLD) if ch.isalpha())


@lru_cache(maxsize=4096)
def _logins(given: str, surname: str) -> frozenset[str]:
    g = _fold(given)
    parts = [p for p in (_fold(x) for x in re.split(r"[- ]", surname)) if p]
    if not g or not parts:
        return frozenset()
    whole = "".join(parts)
    forms = {g[0] + whole, g[0] + whole[:7], g[0] + parts[0]}
    if len(parts) == 2:
        first, second = parts
        # up to six letters of each part, or the whole first part and a letter or three
        for a in range(2, min(len(first), 6) + 1):
            for b in range(1, min(len(second), 6) + 1):
                forms.add(g[0] + first[:a] + second[:b])
        for b in range(1, min(len(second), 3) + 1):
            forms.add(g[0] + first + second[:b])
    return frozenset(f for f in forms if len(f) >= 5)


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    names = {
        text[k.start : k.end].strip()
        for k in c.cands
        if k.kind == "NAME" and k.prio >= P_NAME and " " in text[k.start : k.end].strip()
    }
    forms: set[str] = set()
    for name in names:
        m = _FULL_NAME_RE.search(name)
        if m is not None:
            forms |= _logins(m.group(1), m.group(2))
    # each form looked up by its first four letters (str.find, rare in a note), then read whole
    by_prefix: dict[str, set[str]] = {}
    for form in forms:
        if form not in lex.frequent and not lex.never_name(form):
            by_prefix.setdefault(form[:4], set()).add(form)
    if len(by_prefix) > 8:
        # many names (a long text): the text's runs of lower-case letters read once instead
        runs = set(_LETTERS_RE.findall(text))
        wanted = {f for options in by_prefix.values() for f in options} & runs
        for form in wanted:
            pos = text.find(form)
            while pos >= 0:
                _take(c, text, pos, {form})
                pos = text.find(form, pos + 1)
        return
    for prefix, options in by_prefix.items():
        pos = text.find(prefix)
        while pos >= 0:
            _take(c, text, pos, options)
            pos = text.find(prefix, pos + 1)


def _take(c: Collector, text: str, pos: int, options: set[str]) -> None:
    """The login at ``pos`` when it stands alone and is one of ``options``."""
    if pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in "._@/-"):
        run = _RUN_RE.match(text, pos)
        if run is not None and run.group() in options:
            c.add(pos, run.end(), "NAME", "a login built from a name found", P_NAME)
