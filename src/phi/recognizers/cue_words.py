"""A lone name after a clear cue (1.12.0): what the development sets still missed.

- A listed given name or surname that is no word after words of reaching a person (``call X``,
  ``ask for X``, ``spoke with X``, ``talk to X``) when the clause closes after it (the line's
  end, a stop, a comma, a bracket, ``back``) or says where the person is (``at <Place>``, ``at
  the clinic``); a word no list knows (no frequent, clinical, drug, eponym, place or holiday
  word) only where the person is said to be; after ``with``, ``via``, ``through`` only a listed
  name where the person is said to be.
- A listed name before the desk or the service where the person works (``X in HR``, ``X at the
  pharmacy``, ``X from reception``), or a word no list knows opening a clause there.

Never a bare capitalised word: the cue and the closing of the clause both count.
"""

from __future__ import annotations

import re

from phi.core import P_NAME, Collector
from phi.index import TextIndex, category, word_start_ok
from phi.lexicon import Lexicon
from phi.recognizers.loose_context import _name_shape, _unknown_word

_WORD = r"[A-ZÀ-Þ][a-zà-ÿ'’]{2,20}(?:-[A-ZÀ-Þ][a-zà-ÿ'’]{2,20})?"

# --- words of reaching a person ---------------------------------------------------------------

_C_REACH = category(
    "words of reaching a person before a name (1.12.0)",
    "call called calling phone phoned text texted ask asked spoke speak speaking talk talked "
    "talking through via with",
)
_REACH_RE = re.compile(
    r"(?:(?:[Cc]all|[Cc]alled|[Cc]alling|[Pp]hone|[Pp]honed|[Tt]ext|[Tt]exted)(?:[ \t]+back)?"
    r"|[Aa]sk(?:ed)?[ \t]+for"
    r"|(?:[Ss]poke|[Ss]peak|[Ss]peaking|[Tt]alk|[Tt]alked|[Tt]alking)[ \t]+(?:with|to|w/)"
    r"|through|via|with)"
    rf"[ \t]+({_WORD})"
    # the clause closes after the name, or says where the person is
    r"(?=[ \t]*(?:$|[.,;:!?)]|[ \t]+(?:back|today|tomorrow|later)(?![\w'’-]))"
    r"|[ \t]+(?:at|from)[ \t]+(?:the[ \t]+)?[A-Za-zÀ-ÿ])",
    re.M,
)
#: After these only a listed given name counts ("with Ozempic at bedtime" is a drug, and an
#: unknown brand may follow "with" or "via").
_WEAK_CUES = ("through", "via", "with")
#: Where a person is: a capitalised place or a service's desk ("call X at <Place> Health
#: Centre", "with X at the clinic").
_WHERE_RE = re.compile(
    r"[ \t]+(?:at|from)[ \t]+(?:the[ \t]+(?:pharmacy|clinic|office|front|desk|reception|shelter|"
    r"hub|depot|band[ \t]+office|school|station|centre|center)(?![\w'’-])|[A-ZÀ-Þ])"
)


def _given_word(w: str, lex: Lexicon) -> bool:
    """A listed given name or surname that no list calls a word."""
    low = w.lower()
    return (
        (low in lex.first_names_all or low in lex.surnames_all)
        and low not in lex.wordlike_names
        and not lex.never_name(low)
        and low not in lex.places
        and low not in lex.holidays
        and (low not in lex.frequent or low in lex.first_names)
    )


def _reach(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """A listed name after the words of reaching a person; a word no list knows only where the
    person is said to be (``call X at <Place> Health Centre``); after ``with``, ``via`` and
    ``through`` only a listed name, and only where the person is said to be."""
    text = c.text
    for p in idx.at(_C_REACH):
        if not word_start_ok(text, p) or not (text[p].islower() or text[p + 1 : p + 2].islower()):
            continue
        m = _REACH_RE.match(text, p)
        if m is None:
            continue
        w = m.group(1)
        if not _name_shape(w):
            continue
        where = _WHERE_RE.match(text, m.end(1)) is not None
        listed = _given_word(w, lex)
        if text[p : m.start(1)].split()[0] in _WEAK_CUES:
            if not (where and listed):
                continue
        elif not (listed or (where and _unknown_word(w, lex))):
            continue
        c.add(m.start(1), m.end(1), "NAME", "a name after words of reaching a person", P_NAME)


# --- a person before the desk or service where they work --------------------------------------

_C_DESK = category(
    "a desk or service after a person's name (1.12.0)",
    "hr payroll reception dispatch intake bookings booking scheduling billing records admin "
    "pharmacy",
)
_DESK_RE = re.compile(
    rf"(?<![\w'’-])({_WORD})[ \t]+(?:in|at|from)[ \t]+(?:the[ \t]+)?"
    r"(?:medical[ \t]+)?$"
)
_DESK_WORD_RE = re.compile(
    r"(?:HR|payroll|reception|dispatch|intake|bookings?|scheduling|billing|records|admin|pharmacy)"
    r"(?![\w'’-])"
)


def _desks(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for p in idx.at(_C_DESK):
        if not word_start_ok(text, p) or not _DESK_WORD_RE.match(text, p):
            continue
        m = _DESK_RE.search(text, max(0, p - 40), p)
        if m is None:
            continue
        w = m.group(1)
        if not _name_shape(w):
            continue
        if not _given_word(w, lex):
            # a word no list knows only opening a clause: "...; X at the pharmacy confirmed"
            i = m.start(1) - 1
            while i >= 0 and text[i] in " \t":
                i -= 1
            if not _unknown_word(w, lex) or (i >= 0 and text[i] not in ";,.(\n"):
                continue
        c.add(m.start(1), m.end(1), "NAME", "a name before the desk where the person works", P_NAME)


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    _reach(c, lex, idx)
    _desks(c, lex, idx)
