"""Codes and congregations by their shape (since 1.20.0).

- A code of two or more groups of capitals joined by dashes and closed by a group of two digits
  or more (``FRG-PMH-8958``, ``SHM-EDTRI-02``): a site's, a workstation's or a log's identifier
  wherever it stands; never a month's abbreviation among its groups (a date), a group of
  ``RADS`` (``BI-RADS-4`` is a category), a single closing digit (``ASA-PS-3``) or digits inside
  (``ICD-10-CA``).
- A device's serial after ``SN``, ``S/N`` or ``serial`` written as letters, digits and a check
  letter with spaces between (``SN BBL 237924 V``), which the label rules read only joined.
- A congregation by its name and denomination (``Holy X Anglican Church``, ``St. X's
  Anglican``): a dedication or a saint's possessive before the denomination; never the
  denomination alone or after a nationality (``the Anglican Church``, ``Ukrainian Catholic
  Church``).
"""

from __future__ import annotations

import re

from phi.core import P_FACILITY, P_LABELLED, Collector
from phi.index import TextIndex, category
from phi.lexicon import Lexicon
from phi.recognizers.common import words

_MONTHS = (
    "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|SEPT|OCT|NOV|DEC|"
    "JANV|FEV|FÉV|AVR|MAI|JUIN|JUIL|AOU|AOÛ|DÉC"
)
_DASHED_RE = re.compile(r"(?<![\w-])((?:[A-Z]{2,8}-){2,3}\d{2,8})(?![\w-]|[.,]\d)")
_MONTH_GROUP_RE = re.compile(rf"(?:^|-)(?:{_MONTHS}|RADS)-")

_SERIAL_RE = re.compile(
    r"(?<![\w/])(?:SN|S/N|[Ss]erial(?:[ \t]+(?:[Nn]o\.?|#|[Nn]umber))?)[ \t]*[:#]?[ \t]*"
    r"([A-Z]{1,4}[ \t]\d{4,10}[ \t][A-Z0-9])(?![\w-])"
)


#: where such a code's digits start: a dash before two digits (a literal's search, no scan)
_DASH_DIGITS_RE = re.compile(r"-\d\d")
#: its groups of capitals, read back from that dash
_GROUPS_BEFORE_RE = re.compile(r"(?<![\w-])(?:[A-Z]{2,8}-){1,2}[A-Z]{2,8}\Z")


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for d in _DASH_DIGITS_RE.finditer(text):
        p = d.start()
        if p < 5 or not text[p - 1].isupper():
            continue
        back = _GROUPS_BEFORE_RE.search(text, max(0, p - 27), p)
        if back is None:
            continue
        m = _DASHED_RE.match(text, back.start())
        if m is not None and not _MONTH_GROUP_RE.search(m.group(1)):
            c.add(m.start(1), m.end(1), "ID", "a code of capitals' groups and digits", P_LABELLED)
    for word in ("SN", "S/N", "erial"):
        p = text.find(word)
        while p >= 0:
            start = p - 1 if word == "erial" else p
            m = _SERIAL_RE.match(text, max(0, start))
            if m is not None:
                c.add(m.start(1), m.end(1), "ID", "a device's serial after its label", P_LABELLED)
            p = text.find(word, p + 1)


# --- a congregation by its name and denomination -----------------------------------------------

_DENOMINATIONS = (
    "Anglican Catholic United Lutheran Baptist Pentecostal Presbyterian Mennonite Orthodox "
    "Wesleyan Moravian Adventist Evangelical Methodist Episcopal"
)
_C_DENOMINATION = category("denomination", _DENOMINATIONS, capital_only=True)
_DENOMINATION_WORDS = words(_DENOMINATIONS.lower())
#: words of a dedication, frequent words that name a church all the same ("Holy Trinity",
#: "Sacred Heart", "Our Lady of Good Hope", "Christ the King")
_DEDICATION = words(
    "holy trinity sacred heart our lady good shepherd christ king grace redeemer saviour "
    "resurrection assumption immaculate conception ascension nativity annunciation transfiguration "
    "cross spirit family faith hope peace victory covenant calvary bethel zion emmanuel "
    "immanuel bethany gospel st st. saint ste ste. all saints first"
)
#: what follows the denomination: the house's head (``Church``, ``Chapel``...), or nothing
_HEAD_AFTER_RE = re.compile(
    r"[ \t]+(?:Church|Chapel|Parish|Assembly|Cathedral|Tabernacle|Mission|Congregation|"
    r"Fellowship|Temple)(?![\w'’-])"
)
#: one capitalised word of the name, read back from the denomination
_WORD_BEFORE_RE = re.compile(r"(?:^|(?<=[ \t(,;:]))([A-Z][\w'’.-]*)[ \t]+\Z")
#: a saint's possessive just before it: "St. X's", "Saint X's"
_SAINT_POSSESSIVE_RE = re.compile(r"(?:St\.?|Saint|Ste\.?)[ \t]+[A-Z][a-z]+['’]s\Z")
#: peoples and languages before a denomination make a church's kind ("Ukrainian Catholic")
_KINDS_BEFORE = words(
    "roman greek ukrainian russian coptic armenian syriac eastern free reformed christian "
    "canadian united african korean chinese filipino polish hungarian german anglo old new the"
)


def congregations(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """A congregation named by a dedication, a saint or a place before its denomination: with a
    house's head after it (``Holy X Anglican Church``) or after a saint's possessive (``St. X's
    Anglican``); never the denomination alone or after a people's name."""
    text = c.text
    for p in idx.at(_C_DENOMINATION):
        word_end = p
        while word_end < len(text) and text[word_end].isalpha():
            word_end += 1
        if text[p:word_end].lower() not in _DENOMINATION_WORDS:
            continue
        head = _HEAD_AFTER_RE.match(text, word_end)
        ls = text.rfind("\n", 0, p) + 1
        saint = _SAINT_POSSESSIVE_RE.search(text, max(ls, p - 40), p - 1) if p > ls + 1 else None
        if saint is not None and text[saint.end() : p].strip(" \t") == "":
            c.add(saint.start(), head.end() if head else word_end, "FACILITY", _WHY, P_FACILITY)
            continue
        if head is None:
            continue
        start, at, named = p, p, False
        for _ in range(4):
            m = _WORD_BEFORE_RE.search(text, max(ls, at - 30), at)
            if m is None:
                break
            low = m.group(1).lower()
            if low in _KINDS_BEFORE or low in _DENOMINATION_WORDS:
                break
            if (
                low in _DEDICATION
                or low.rstrip("'’s") in _DEDICATION
                or low in lex.surnames_all
                or low in lex.places
            ):
                named = True
            elif low in lex.frequent or lex.never_name(low):
                break
            elif not text[max(ls, m.start(1) - 2) : m.start(1)].strip(" \t") or re.search(
                r"[.!?:][ \t]+\Z", text[max(ls, m.start(1) - 3) : m.start(1)]
            ):
                break  # a word no list knows opening a sentence: "Attends X Church"
            else:
                named = True
            start = at = m.start(1)
        if named and start < p:
            c.add(start, head.end(), "FACILITY", _WHY, P_FACILITY)


_WHY = "a congregation by its name and denomination"
