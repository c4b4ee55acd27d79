"""Small helpers for the phi tests."""

from __future__ import annotations

import phi


def kinds(text: str) -> list[tuple[str, str]]:
    """(kind, text) of every finding."""
    return [(f.kind, f.text) for f in phi.scan(text)]


def found(text: str, needle: str, kind: str | None = None) -> bool:
    """True when a finding covers ``needle`` exactly (and has ``kind``, when given)."""
    start = text.index(needle)
    end = start + len(needle)
    return any(
        f.start <= start and f.end >= end and (kind is None or f.kind == kind)
        for f in phi.scan(text)
    )


def touched(text: str, needle: str) -> bool:
    """True when any finding shares a character with ``needle``."""
    start = text.index(needle)
    end = start + len(needle)
    return any(f.start < end and start < f.end for f in phi.scan(text))


def candidates(recognizer: object, text: str) -> list[tuple[str, str]]:
    """(text, kind) of what one recognizer alone proposes for ``text`` (before overlaps are
    resolved), in order."""
    from phi.core import Collector
    from phi.index import TextIndex
    from phi.lexicon import lexicon
    from phi.recognizers import registry

    registry()  # every recognizer registers the words it starts from
    lex = lexicon()
    c = Collector(text)
    recognizer(c, lex, TextIndex(text, lex))  # type: ignore[operator]
    return [(text[k.start : k.end], k.kind) for k in c.cands]


def vetoed(recognizer: object, text: str, needle: str, kind: str) -> bool:
    """True when ``recognizer`` vetoes ``kind`` over ``needle``."""
    from phi.core import Collector
    from phi.index import TextIndex
    from phi.lexicon import lexicon
    from phi.recognizers import registry

    registry()
    lex = lexicon()
    c = Collector(text)
    recognizer(c, lex, TextIndex(text, lex))  # type: ignore[operator]
    start = text.index(needle)
    return any(s <= start and start + len(needle) <= e and kind in ks for s, e, ks in c.vetoes)


def proposals(recognizer: object, text: str) -> list[tuple[str, str, str, int]]:
    """(text, kind, reason, priority) of what one recognizer alone proposes for ``text``."""
    from phi.core import Collector
    from phi.index import TextIndex
    from phi.lexicon import lexicon
    from phi.recognizers import registry

    registry()
    lex = lexicon()
    c = Collector(text)
    recognizer(c, lex, TextIndex(text, lex))  # type: ignore[operator]
    return [(text[k.start : k.end], k.kind, k.reason, k.prio) for k in c.cands]


def resolved(recognizer: object, text: str) -> list[tuple[str, str]]:
    """(text, kind) of what one recognizer alone would report, overlaps resolved."""
    from phi.core import Collector, resolve
    from phi.index import TextIndex
    from phi.lexicon import lexicon
    from phi.recognizers import registry

    registry()
    lex = lexicon()
    c = Collector(text)
    recognizer(c, lex, TextIndex(text, lex))  # type: ignore[operator]
    return [(f.text, f.kind) for f in resolve(text, c.cands, c.vetoes)]
