"""One pass over a text that every recognizer shares: where its keywords and its numbers start.

Regular expressions that begin with a look-behind or a long alternation of words are tried at
every position of the text; on case notes of a few kilobytes that is most of the scanner's time.
Instead, a recognizer registers the words it starts from (:func:`category`), the text is read
once into a :class:`TextIndex`, and the recognizer tries its pattern only where one of its words
(or a digit run of the right length) starts: ``anchored(rx, text, idx.at(WEEKDAY))``.

A word is looked up by its first run of letters, in lower case; a category may ask to see only
capitalised occurrences (``capital_only``), e.g. given names or facility keywords.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from phi.lexicon import Lexicon

ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

_KEY_RE = re.compile(r"[^\W\d_]+")
_NUM_RUN_RE = re.compile(r"\d(?<![^\W_]\d)\d*")
_DIGIT_RE = re.compile(r"\d")
_PHONE_START_RE = re.compile(r"[(+](?=[ \t]?\d)")
_CAP_START_RE = re.compile(r"[A-Z](?<![\w-][A-Z])(?=[A-Z0-9 -]{0,5}\d)")

# name -> (bit, words or a function of the lexicon giving words, capital only)
_CATEGORIES: dict[str, tuple[int, Iterable[str] | Callable[[Lexicon], Iterable[str]], bool]] = {}
_TABLE: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] | None = None
_TABLE_LEX: Lexicon | None = None


def first_word(phrase: str) -> str | None:
    """The lookup key of a phrase: its first run of letters, lower case."""
    m = _KEY_RE.search(phrase)
    return m.group().lower() if m else None


def category(
    name: str,
    words: str | Iterable[str] | Callable[[Lexicon], Iterable[str]],
    *,
    capital_only: bool = False,
) -> int:
    """Register the words (or phrases: their first word counts) a recognizer starts from, and
    return the category's bit for :meth:`TextIndex.at`. ``words`` may be one string of words
    separated by spaces, or a function of the lexicon (given names, places)."""
    global _TABLE
    if name in _CATEGORIES:
        return _CATEGORIES[name][0]
    bit = 1 << len(_CATEGORIES)
    if isinstance(words, str):
        words = tuple(words.split())
    elif not callable(words):
        words = tuple(words)
    _CATEGORIES[name] = (bit, words, capital_only)
    _TABLE = None
    return bit


def _table(lex: Lexicon) -> dict[str, tuple[tuple[int, ...], tuple[int, ...]]]:
    """Lookup key -> (categories when capitalised, categories in lower case)."""
    global _TABLE, _TABLE_LEX
    if _TABLE is not None and _TABLE_LEX is lex:
        return _TABLE
    bits: dict[str, int] = {}
    capital_only = 0
    for bit, words, cap in _CATEGORIES.values():
        if cap:
            capital_only |= bit
        for w in words(lex) if callable(words) else words:
            # most entries are one lower-case word: their key is themselves
            fw = w if w.isalpha() and w.islower() else first_word(w)
            if fw:
                bits[fw] = bits.get(fw, 0) | bit

    split: dict[int, tuple[tuple[int, ...], tuple[int, ...]]] = {}
    for b in set(bits.values()):
        lower = b & ~capital_only
        split[b] = (
            tuple(1 << i for i in range(b.bit_length()) if b >> i & 1),
            tuple(1 << i for i in range(lower.bit_length()) if lower >> i & 1),
        )
    _TABLE = {w: split[b] for w, b in bits.items()}
    _TABLE_LEX = lex
    return _TABLE


class TextIndex:
    """Start offsets of the words of a text, by category, and of its digit runs, by length."""

    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text = text
        self.lower = low = text.lower()
        table = _table(lex)
        hits: dict[int, list[int]] = {}
        get = table.get
        same = len(low) == len(text)
        for m in _KEY_RE.finditer(low if same else text):
            entry = get(m.group() if same else m.group().lower())
            if entry:
                start = m.start()
                for b in entry[0] if text[start].isupper() else entry[1]:
                    lst = hits.get(b)
                    if lst is None:
                        hits[b] = [start]
                    else:
                        lst.append(start)
        self.hits = hits
        by_len: dict[int, list[int]] = {}
        for m in _NUM_RUN_RE.finditer(text):
            n = m.end() - m.start()
            lst = by_len.get(n)
            if lst is None:
                by_len[n] = [m.start()]
            else:
                lst.append(m.start())
        self.num_by_len = by_len
        self._text_len = len(text)
        self._nums: dict[tuple[tuple[int, ...], str], list[int]] = {}
        self._phone_starts: list[int] | None = None
        self._cap_starts: list[int] | None = None

    @property
    def phone_starts(self) -> list[int]:
        if self._phone_starts is None:
            starts = (
                [m.start() for m in _PHONE_START_RE.finditer(self.text)]
                if ("(" in self.text or "+" in self.text)
                else []
            )
            self._phone_starts = starts + self.nums(1, after=" \t.-") + self.nums(3, 10, 11)
        return self._phone_starts

    @property
    def cap_starts(self) -> list[int]:
        """Capital letters starting a word with a digit close by (codes, postal codes)."""
        if self._cap_starts is None:
            self._cap_starts = (
                [m.start() for m in _CAP_START_RE.finditer(self.text)]
                if _DIGIT_RE.search(self.text)
                else []
            )
        return self._cap_starts

    def nums(self, *lengths: int, after: str = "") -> list[int]:
        """Starts of digit runs (at a word start) of the given lengths, optionally only those
        followed by one of the characters in ``after``. (Do not modify the list returned.)"""
        key = (lengths, after)
        cached = self._nums.get(key)
        if cached is not None:
            return cached
        out: list[int] = []
        text = self.text
        for n in lengths:
            starts = self.num_by_len.get(n)
            if not starts:
                continue
            if after:
                limit = self._text_len - n
                out += [p for p in starts if p < limit and text[p + n] in after]
            else:
                out += starts
        self._nums[key] = out
        return out

    def at(self, bit: int) -> list[int]:
        """Starts of the words of a category (see :func:`category`)."""
        return self.hits.get(bit, [])

    def at_any(self, *bits: int) -> list[int]:
        out: list[int] = []
        for b in bits:
            out.extend(self.hits.get(b, ()))
        return sorted(set(out)) if len(bits) > 1 else out


def word_start_ok(text: str, pos: int) -> bool:
    """True when ``pos`` starts a word (not inside one, nor after a hyphen or apostrophe)."""
    return pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in "_-'’.@/")


def after_elision(text: str, pos: int) -> bool:
    """True when ``pos`` starts a word right after a French elided article or preposition
    (``l'Hôpital``, ``d'Ottawa``, ``à l’Hôpital``)."""
    return (
        pos >= 2
        and text[pos - 1] in "'’"
        and text[pos - 2] in "lLdD"
        and (pos == 2 or not text[pos - 3].isalnum())
    )


def anchored(rx: re.Pattern[str], text: str, starts: Iterable[int]) -> list[re.Match[str]]:
    """Matches of ``rx`` that begin at one of ``starts`` (an index of candidate positions)."""
    match = rx.match
    out = []
    for p in starts:
        m = match(text, p)
        if m is not None:
            out.append(m)
    return out


def scan_at(rx: re.Pattern[str], text: str, starts: Iterable[int]) -> list[re.Match[str]]:
    """What ``rx.finditer(text)`` finds, when every match begins at one of ``starts``: matches
    tried only there, left to right, never inside the previous match."""
    match = rx.match
    out = []
    end = -1
    for p in sorted(starts):
        if p < end:
            continue
        m = match(text, p)
        if m is not None:
            out.append(m)
            end = m.end() if m.end() > p else p + 1
    return out


class Phrases:
    """A long alternation of phrases (``before(?:phrase|phrase...)after``, case-insensitive),
    split by first word: at a word the index found, only the phrases that start with that word
    are tried. Matches what the whole alternation would match there, longest phrase first."""

    def __init__(self, phrases: Iterable[str], *, before: str = "", after: str = "") -> None:
        groups: dict[str, list[str]] = {}
        for phrase in sorted(phrases, key=len, reverse=True):
            key = first_word(phrase)
            if key:
                groups.setdefault(key, []).append(phrase)
        self._groups = groups
        self._before, self._after = before, after
        self._compiled: dict[str, re.Pattern[str]] = {}

    def match(self, text: str, pos: int) -> re.Match[str] | None:
        km = _KEY_RE.match(text, pos)
        if km is None:
            return None
        key = km.group().lower()
        rx = self._compiled.get(key)
        if rx is None:
            group = self._groups.get(key)
            if group is None:
                return None
            alternation = "|".join(re.escape(p) for p in group)
            rx = re.compile(f"(?i){self._before}(?:{alternation}){self._after}")
            self._compiled[key] = rx
        return rx.match(text, pos)


def line_starts(text: str, positions: Iterable[int]) -> list[int]:
    """The starts of the lines holding these positions, in order, once each."""
    out: list[int] = []
    line_end = -1
    for p in sorted(positions):
        if p <= line_end:
            continue
        out.append(text.rfind("\n", 0, p) + 1)
        line_end = text.find("\n", p)
        if line_end < 0:
            break
    return out
