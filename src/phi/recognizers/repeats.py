"""Rules of 1.17.0: a code found once is found everywhere, ISO date-times, and famous titles.

- **A code found once is found everywhere.** A chart, file, health or other identifying number
  found by its label (``Clinic file: WC-27614``) is found again wherever the note writes it,
  with or without its dash or dot (``WC27614``), also inside a file name or a path where
  underscores and backslashes join it to other words (``2027-04-05_WC27614_sacrum_01.jpg``,
  ``\\\\share\\photos\\WC27614\\``), and its number alone when a letter prefix stood before a
  number of six digits or more (``SC-58820417`` → ``pt-58820417``, ``Patient/58820417``).
- **A code of the same series as a labelled one.** ``Chart FSHC-40391`` and elsewhere
  ``(FSHC-40277)``: the same letters, the same joiner and a number of as many digits (four or
  more, the prefix two letters or more) are the same kind of number.
- **ISBT 128 donation identification numbers** (blood and tissue labels, the published
  eye-readable form ``W1234 27 123456 7``: a facility's letter and four digits, the year's two
  digits, a six-digit serial and an optional flag or check character, spaced): an ID; an ISBT
  128 product code on the same line (``E0336V00``) is none.
- **ISO 8601 date-times.** ``2027-04-28T09:10:00-06:00`` (FHIR and JSON exports): the date up
  to the day is a date, the ``T`` and the time outside.
- **Famous titles are no person and no place.** A trophy or a cup (``the Stanley Cup``, ``the
  Grey Cup``, ``la coupe Stanley``) and a newspaper (``the Boston Globe``, ``the Globe and
  Mail``), from a general list (``data/famous_titles.txt``) or by their shape (``the <Word>
  Cup|Trophy|Bowl``, ``the <Word> Globe|Times|Herald|Tribune|Gazette|Chronicle``): a name or a
  town found inside one is dropped.
"""

from __future__ import annotations

import re
from functools import cache

from phi.core import P_DATE, P_NUMBER, Collector
from phi.index import TextIndex
from phi.lexicon import Lexicon, cue_words

_CODE_KINDS = frozenset({"MRN", "ID", "HEALTH_NUMBER"})
_NAME_PLACE = frozenset({"NAME", "ADDRESS"})
_ALNUM = r"[^\W_]"
_SERIES_RE = re.compile(r"([A-Z]{2,6})([-/])(\d{4,10})")
_PREFIXED_RE = re.compile(r"([A-Za-z]{1,5})[-. ]?(\d{6,})")


# a run of letters and digits, single dashes or dots between them (an underscore, a slash or a
# backslash ends it): a code is a run's tail from one of its parts on, ending with the run
_RUN_RE = re.compile(r"[^\W_]+(?:[-.][^\W_]+)*")
_SPLIT_RE = re.compile(r"[-.]")
_SERIES_ANY_RE = re.compile(r"(?<![\w-])([A-Z]{2,6})([-/])(\d{4,10})(?![\w-])")


def codes_again(c: Collector) -> None:
    """One pass over the text whatever the number of codes (a tail of each run looked up)."""
    text = c.text
    seen: dict[str, str] = {}
    series: dict[tuple[str, str, int], str] = {}
    held = bytearray(len(text))  # where a code was already found
    for k in c.cands:
        if k.kind not in _CODE_KINDS:
            continue
        held[k.start : k.end] = b"\x01" * (k.end - k.start)
        code = text[k.start : k.end]
        compact = "".join(ch for ch in code if ch.isalnum())
        digits = sum(ch.isdigit() for ch in compact)
        if len(compact) < 5 or digits < 4:
            continue
        seen.setdefault(compact.upper(), k.kind)
        m = _PREFIXED_RE.fullmatch(code)
        if m:
            seen.setdefault(m.group(2), k.kind)
        m = _SERIES_RE.fullmatch(code)
        if m:
            series.setdefault((m.group(1).upper(), m.group(2), len(m.group(3))), k.kind)
    if not seen:
        return
    for m in _RUN_RE.finditer(text):
        run = m.group()
        if len(run) < 5 or not any(ch.isdigit() for ch in run):
            continue
        offset = 0
        for part in _SPLIT_RE.split(run):
            kind = seen.get(run[offset:].replace("-", "").replace(".", "").upper())
            if kind is not None:
                a, b = m.start() + offset, m.end()
                if held.find(1, a, b) < 0:
                    c.add(a, b, kind, "a code found once, written again", P_NUMBER)
                break
            offset += len(part) + 1
    if series:
        for m in _SERIES_ANY_RE.finditer(text):
            kind = series.get((m.group(1), m.group(2), len(m.group(3))))
            if kind is not None and held.find(1, m.start(), m.end()) < 0:
                c.add(m.start(), m.end(), kind, "a code of a labelled code's series", P_NUMBER)


_ISO_DATETIME_RE = re.compile(
    r"(?<![\w-])((?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))T[0-2]\d:[0-5]\d"
)


def iso_datetimes(c: Collector) -> None:
    for m in _ISO_DATETIME_RE.finditer(c.text):
        c.add(m.start(1), m.end(1), "DATE", "an ISO 8601 date-time's date", P_DATE)


_TITLE_HEADS_RE = re.compile(
    r"(?:Cup|Trophy|Bowl|Globe|Times|Herald|Tribune|Gazette|Chronicle|Courier|Examiner|"
    r"Telegraph|Observer)(?![\w-])"
)
# the words before a head, read back from it: "the" and one or two capitalised words
_SHAPE_BACK_RE = re.compile(r"(?<![\w-])(?:the|The)[ \t]+((?:[A-Z][\w'’.-]*[ \t]+){1,2})$")


@cache
def _titles() -> tuple[str, ...]:
    return tuple(sorted({t.lower() for t in cue_words("famous_titles.txt")}, key=len, reverse=True))


def famous_titles(c: Collector) -> None:
    """Titles looked up with ``str.find`` (one fast pass per title, no alternation tried at
    every position); shapes read back from their head."""
    text, low = c.text, c.lower
    n = len(text)
    same = len(low) == n
    if same:
        for title in _titles():
            pos = low.find(title)
            while pos >= 0:
                end = pos + len(title)
                before = low[pos - 1] if pos else " "
                after = low[end] if end < n else " "
                if not (before.isalnum() or before in "_-") and not (
                    after.isalnum() or after in "_-"
                ):
                    c.veto(pos, end, _NAME_PLACE)
                pos = low.find(title, end)
    for m in _TITLE_HEADS_RE.finditer(text):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_-"):
            continue
        b = _SHAPE_BACK_RE.search(text, max(0, m.start() - 60), m.start())
        if b is not None:
            c.veto(b.start(1), m.end(), _NAME_PLACE)


_ISBT_DIN_RE = re.compile(r"(?<![\w-])[A-Z]\d{4} \d{2} \d{6}(?: [0-9A-Z]{1,2})?(?![\w-])")
_ISBT_PRODUCT_RE = re.compile(r"(?<![\w-])[A-Z]\d{4}[A-Z0-9]\d{2}(?![\w-])")


def isbt_numbers(c: Collector) -> None:
    text = c.text
    lines: set[int] = set()
    for m in _ISBT_DIN_RE.finditer(text):
        c.add(m.start(), m.end(), "ID", "an ISBT 128 donation identification number", P_NUMBER)
        lines.add(text.rfind("\n", 0, m.start()) + 1)
    for m in _ISBT_PRODUCT_RE.finditer(text):
        line = text.rfind("\n", 0, m.start()) + 1
        if line in lines:
            c.veto(m.start(), m.end(), frozenset({"ID"}))


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    iso_datetimes(c)
    isbt_numbers(c)
    codes_again(c)
    famous_titles(c)
