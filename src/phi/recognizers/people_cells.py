"""People in cells, logs and stamps, and where they are from (since 1.23.0).

- ``Surname, Given`` in title case anywhere (a receipts table's therapist, a list of staff): a
  listed surname, a comma, a listed given name (the curated list, no word-like given name such
  as ``Rose``); never a word, a place or a region before the comma (``Stable, Alert``,
  ``Listowel, Debra``).
- A login at the head of a timestamped remark line of a dispatch or log printout (``04:12:09
  JHODGE3  CALLER STATES``): capitals built from an initial and a listed surname (or a surname
  and an initial), maybe with one to three digits, then a gap of two spaces or more.
- A login after a clerk's or an agent's label (``Commis : elussier``, ``Clerk: dsampson2``), and a
  login in brackets before the date of its entry (``Note de la réception (elussier, 12 mai
  2027``): lower case, no ordinary word.
- A form's initial field (``Initial: K``, ``Middle initial: K.``): the letter.
- Initials with periods in brackets after a clock time (``10 h 35 (J.R.)``, ``09:40 (J.R.)``): who
  ticked the line.
- A stamp in capitals (``DR B. WILKERSON``): the initial and the surname after ``DR``.
- A town after a person's name, closing the sentence or the line: ``bought from X Y of Brackmere.``,
  ``his niece X Y, Brackmere.``: one or two capitalised words no list holds as a word, a given
  name or a region (or a listed place).
"""

from __future__ import annotations

import re

from phi.core import P_NAME, P_NAME_PAIR, P_TOWN, Collector
from phi.index import TextIndex
from phi.lexicon import Lexicon
from phi.recognizers.proof_codes import at_words

_CAP = r"[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?"
_SURNAME_GIVEN_RE = re.compile(rf"(?<![\w'’-])({_CAP}),[ \t]+({_CAP})(?![\w'’-])")
_COMMA_RE = re.compile(r"[a-zà-ÿ'’], (?=[A-ZÀ-Þ])")
_CAD_LOGIN_RE = re.compile(r"[ \t]*\d{1,2}:\d\d(?::\d\d)?[ \t]+([A-Z]{4,14}\d{0,3})(?=[ \t]{2})")
_CAD_LINE_RE = re.compile(r"\n" + _CAD_LOGIN_RE.pattern)
_CLERK_LOGIN_RE = re.compile(
    r"(?i)(?<![\w-])(?:commis|clerk|agent|agente|opérateur|opératrice|operator|préposée?)"
    r"[ \t]*:[ \t]*((?-i:[a-z][a-z._]{2,14}\d{0,3}))(?![\w@.-]|\.\w)"
)
_BRACKET_LOGIN_RE = re.compile(r"\(((?-i:[a-z][a-z._]{3,14}\d{0,3})),[ \t]*")
_INITIAL_FIELD_RE = re.compile(
    r"(?i)(?<![\w-])(?:middle[ \t]+initial|initiale?|init\.)[ \t]*:[ \t]*"
    r"((?-i:[A-Z]))\.?(?=[ \t]*(?:\n|\Z|[ \t]{2}|\|))"
)
_TICK_INITIALS_RE = re.compile(r"(?<!\d)\d{1,2}(?:[ \t]*h[ \t]*|:)\d\d[ \t]*\(((?:[A-Z]\.){2,3})\)")
_CAPS_DR_RE = re.compile(r"(?<![\w-])DR\.?[ \t]+([A-Z]\.[ \t]*[A-Z][A-Z'’-]{2,})(?![\w'’-])")
_TOWN = (
    r"((?:St\.?[ \t]|Saint-|Sainte-|Fort[ \t]|Port[ \t])?"
    r"[A-ZÀ-Þ][a-zà-ÿ'’]+(?:[ \t-][A-ZÀ-Þ][a-zà-ÿ'’]+)?)"
)
_TOWN_AFTER_NAME_RE = re.compile(rf"(?:[ \t]+of|,)[ \t]+{_TOWN}(?=[ \t]*(?:[.;]|\n|\Z))")


def _plain(word: str, lex: Lexicon) -> bool:
    """No word of the language, clinical term, region or given name: it may name a place."""
    low = word.lower().replace("’", "'")
    return (
        low not in lex.frequent
        and not lex.never_name(low)
        and low not in lex.first_names_all
        and low not in lex.regions
    )


def _surname_given(surname: str, given: str, lex: Lexicon) -> bool:
    s, g = surname.lower(), given.lower()
    if s not in lex.surnames_all or lex.never_name(s) or s in lex.places or s in lex.regions:
        return False
    if s in lex.frequent and s not in lex.surnames:
        return False  # an ordinary word that is also somebody's surname somewhere
    return g in lex.first_names and g not in lex.wordlike_names and not lex.never_name(g)


def _built_from_name(login: str, lex: Lexicon) -> bool:
    letters = login.rstrip("0123456789").lower()
    return letters[1:] in lex.surnames_all or letters[:-1] in lex.surnames_all


def _handle_ok(handle: str, lex: Lexicon) -> bool:
    letters = handle.rstrip("0123456789").lower()
    parts = [p for p in re.split(r"[._]", letters) if p]
    return bool(parts) and not any(
        p in lex.frequent or lex.never_name(p) or p in lex.drugs for p in parts
    )


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for cm in _COMMA_RE.finditer(text):
        # only a comma between two capitalised words: "Surname, Given"
        pos = cm.start() + 1
        m = _SURNAME_GIVEN_RE.search(text, max(0, pos - 30), pos + 40)
        while m is not None and m.end(1) < pos:
            m = _SURNAME_GIVEN_RE.search(text, m.end(1), pos + 40)
        if m is not None and m.end(1) == pos and _surname_given(m.group(1), m.group(2), lex):
            why = "surname, given name (both listed)"
            c.add(m.start(1), m.end(2), "NAME", why, P_NAME_PAIR)
    if ":" in text:
        # only lines that open with a clock time: "04:12:09 LOGIN  remark"
        heads = [_CAD_LOGIN_RE.match(text, 0), *_CAD_LINE_RE.finditer(text)]
        for m in heads:
            if m is not None and _built_from_name(m.group(1), lex):
                c.add(m.start(1), m.end(1), "NAME", "a login heading a log line", P_NAME)
        for m in at_words(
            c, _CLERK_LOGIN_RE, "commis", "clerk", "agent", "opérat", "operat", "prépos"
        ):
            if _handle_ok(m.group(1), lex):
                c.add(m.start(1), m.end(1), "NAME", "a login after a clerk's label", P_NAME)
        for m in at_words(c, _INITIAL_FIELD_RE, "middle", "init"):
            c.add(m.start(1), m.end(1), "NAME", "a form's initial field", P_NAME)
    dates = {k.start for k in c.cands if k.kind == "DATE"}
    pos = text.find("(")
    while pos >= 0 and dates:
        bm = _BRACKET_LOGIN_RE.match(text, pos)
        if bm is not None and bm.end() in dates and _handle_ok(bm.group(1), lex):
            c.add(bm.start(1), bm.end(1), "NAME", "a login before the date of its entry", P_NAME)
        pos = text.find("(", pos + 1)
    for m in _TICK_INITIALS_RE.finditer(text) if ".)" in text else ():
        c.add(m.start(1), m.end(1), "NAME", "initials ticking a line after its time", P_NAME)
    if "DR" in text:
        for m in _CAPS_DR_RE.finditer(text):
            surname = m.group(1).split(".")[-1].strip().lower()
            if not lex.never_name(surname) and surname not in lex.frequent:
                c.add(m.start(1), m.end(1), "NAME", "a name after DR in a stamp", P_NAME)
    for k in [k for k in c.cands if k.kind == "NAME"]:
        tm = _TOWN_AFTER_NAME_RE.match(text, k.end)
        if tm is None:
            continue
        town = tm.group(1)
        low = town.lower().replace("’", "'")
        words = [w for w in re.split(r"[ \t-]+", town) if w not in ("St", "St.", "Saint", "Sainte")]
        if low in lex.places or all(_plain(w, lex) for w in words):
            c.add(tm.start(1), tm.end(1), "ADDRESS", "a town after a person's name", P_TOWN)
