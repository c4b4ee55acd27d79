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
