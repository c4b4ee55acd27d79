"""Checks shared by the held-out sets' tests (test_heldout4/5/6.py): the gold spans of a kind,
the markup's soundness, and the check digits of invented numbers, computed here (never with
the scanner's own validators, so a wrong validator cannot bless a wrong gold number)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Mapping

from phi import KINDS
from phi.evaluation import Document


def assert_set_whole(
    docs: list[Document],
    *,
    notes: int,
    styles: Collection[str],
    kind_counts: Mapping[str, int],
    total: int,
    french: Collection[str] = (),
) -> None:
    """The set as its README counts it: its notes, one style per first letter, the two clean
    notes k1 and k2, its French notes, its spans of each kind and in all."""
    assert len(docs) == notes
    assert {d.name[0] for d in docs} == set(styles)
    assert sorted(d.name for d in docs if not d.gold) == ["k1.txt", "k2.txt"]
    assert set(french) <= {d.name for d in docs}
    assert Counter(kind for d in docs for _s, _e, kind in d.gold) == kind_counts
    assert sum(kind_counts.values()) == total


def assert_outside(docs: list[Document], bad: re.Pattern[str], french: Collection[str]) -> None:
    """No gold span starts with a label, title or weekday (`bad`); in the French notes, none
    starts with the title `M.`."""
    for d in docs:
        for start, end, _kind in d.gold:
            span = d.text[start:end]
            assert not bad.match(span), (d.name, span)
            assert d.name not in french or not span.startswith("M. "), (d.name, span)


def spans(docs: list[Document], kind: str) -> dict[str, list[str]]:
    """The gold spans of `kind`, as text, by note name."""
    found: dict[str, list[str]] = {}
    for d in docs:
        for start, end, k in d.gold:
            if k == kind:
                found.setdefault(d.name, []).append(d.text[start:end])
    return found


def luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def bc_phn(digits: str) -> bool:
    weights = (2, 4, 8, 5, 10, 9, 7, 3)
    total = sum(int(d) * w % 11 for d, w in zip(digits[1:9], weights, strict=True))
    return len(digits) == 10 and digits[0] == "9" and (11 - total % 11) % 11 == int(digits[9])


def assert_markup_sound(docs: list[Document]) -> None:
    """No bracket left over, known kinds, spans trimmed, on one line, never overlapping."""
    for d in docs:
        assert "[[" not in d.text and "]]" not in d.text, d.name
        previous_end = 0
        for start, end, kind in sorted(d.gold):
            assert kind in KINDS, (d.name, kind)
            span = d.text[start:end]
            assert span and span == span.strip() and "\n" not in span, (d.name, span)
            assert start >= previous_end, (d.name, span)  # no overlap
            previous_end = end
