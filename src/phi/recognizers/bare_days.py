"""Days written without their month (since 1.18.0), and a range's second date.

- French: a day after ``le`` ending its phrase (``le 15 ;``, ``(le 11)``, ``| le 7 |``, ``le 19
  à 10 h 40``), or after a part of a day or a week (``la nuit du 29``, ``le matin du 3``,
  ``jusqu'au 12.``). Never a day followed by a unit, a slash, an ordinal's letter or more digits
  (``le 15 mg``, ``le 7/10``, ``le 2e``, ``au 3793, route``), nor by a comma and a number (``le 2,
  5 mg``: a decimal comma with a space), never after ``au`` alone (an address).
- English: an ordinal day after ``the`` ending its phrase (``the 12th.``, ``til the 10th``,
  ``| the 12th 09:05 |``, ``closed the 21st for training``), or after a weekday whatever follows
  (``Saturday the 22nd``, ``saturday the twenty eighth``). Never an ordinal before a noun (``the
  5th dose``, ``the 2nd time``, ``the 95th percentile``, ``the 10th Ave``) nor in a list of them
  (``the 2nd, 3rd and 4th toes``); the suffix must be the number's (``the 22th`` is no day).
- A month and year after ``mid-``, ``early-``, ``late-`` (``mid-March 2027``).
- The second date of a range ``Mar 6-Apr 2`` (the first one is found by the date rules).
"""

from __future__ import annotations

import re

from phi.core import P_DATE, Collector
from phi.index import TextIndex
from phi.lexicon import Lexicon

#: before a French day: ``le``, or a part of a day or a week and ``du`` (read back from the day)
_FR_BEFORE_RE = re.compile(
    r"(?<![\w'’-])(?:[Ll]e|(?:nuit|matin|soir|soirée|journée|après-midi|avant-midi|fin de semaine"
    r"|week-end|semaine|jour)[ \t\u00a0]+du|jusqu['’]au|à partir du|dès le|depuis le)"
    r"[ \t\u00a0\r\n]+\Z"
)
#: the day, and what may end its phrase: punctuation, a table's bar, the line's end, a time, a
#: second day ("du 3 au 5")
_FR_DAY_RE = re.compile(
    r"(1er|3[01]|[12]\d|0?[1-9])(?![\w/.,:%°-]\w|[\w/%°])"
    r"(?=[ \t\u00a0]*(?:[;)|\]]|,[ \t](?![ \t\u00a0]*\d)|\.(?:[ \t\r\n]|$)|[\r\n]|$)"
    r"|[ \t\u00a0]+(?:à|vers|entre)[ \t\u00a0]+\d{1,2}[ \t\u00a0]*h(?![a-zà-ÿ])"
    r"|[ \t\u00a0]+(?:au|et)[ \t\u00a0]+(?:le[ \t\u00a0]+)?(?:1er|\d{1,2})(?![\w/.,:]))"
)

#: before an English ordinal day: ``the``, and maybe a weekday (read back from the day)
_EN_BEFORE_RE = re.compile(
    r"(?i)(?<![\w'’-])(?:((?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|tues|wed|thu"
    r"|thur|thurs|fri|sat|sun)\.?,?[ \t]+)?the[ \t]+\Z"
)
_EN_ORD_RE = re.compile(r"(?i)(3[01]|[12]\d|0?[1-9])(st|nd|rd|th)(?![\w'’-])")
_EN_END_RE = re.compile(
    r"(?i)[ \t]*(?:[;:)!?\]|]|\.(?:[ \t\r\n]|$)|,(?![ \t]*(?:and[ \t]+|or[ \t]+)?\d{1,2}(?:st|nd"
    r"|rd|th)\b)|[\r\n]|$)"
    r"|[ \t]+(?:at|for|when|before|after|til|till|until)\b"
    r"(?![ \t]+(?:least|most|a[ \t]+time|times|time|dose|doses|day|week|month|year)\b)"
    r"|[ \t]+\d{1,2}(?::\d\d|[ \t]*[ap]\.?m\b|h\d\d)"
)
_ORDINAL_WORDS = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth"
    r"|thirtieth|twenty[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|thirty[- ]first)"
)
_EN_WORDS_RE = re.compile(
    rf"(?i)(?<![\w'’-])(?:mon|tues|wednes|thurs|fri|satur|sun)day[ \t]+the[ \t]+({_ORDINAL_WORDS})"
    r"(?![\w'’-])"
)

_MONTHS = (
    r"(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|may|june"
    r"|july|august|september|october|november|december)"
)
#: read back from a year: "mid-March " before it
_MID_BEFORE_RE = re.compile(rf"(?i)(?<![\w'’-])(?:mid|early|late|end)-({_MONTHS}\.?[ \t]+)\Z")
_YEAR_RE = re.compile(r"(?:19|20)\d\d(?![\w/-])")
#: read back from the second date's day: "Mar 6-Apr " before it
_RANGE_BEFORE_RE = re.compile(
    rf"(?i)(?<![\w'’-]){_MONTHS}\.?[ \t]+(?:3[01]|[12]\d|0?[1-9])[ \t]?[-–][ \t]?"
    rf"({_MONTHS}\.?[ \t]+)\Z"
)
_RANGE_DAY_RE = re.compile(r"(?:3[01]|[12]\d|0?[1-9])(?![\w/.,:]\d|[\w/:])")


_EN_NEXT_RE = re.compile(
    r"(?i)[ \t]*(?:and|or|to|through|thru|-|–)[ \t]*(?:the[ \t]+)?(3[01]|[12]\d|0?[1-9])"
    r"(st|nd|rd|th)(?![\w'’-])"
)


def _suffix_ok(n: int, suffix: str) -> bool:
    if 11 <= n % 100 <= 13:
        return suffix == "th"
    return suffix == {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _ordinal_ends(text: str, end: int) -> tuple[bool, tuple[int, int] | None]:
    """Whether an ordinal's phrase ends at ``end``, and the second ordinal of a range or a
    choice of days read with it ("the 12th or 13th.")."""
    if _EN_END_RE.match(text, end):
        return True, None
    m = _EN_NEXT_RE.match(text, end)
    if m and _suffix_ok(int(m.group(1)), m.group(2).lower()) and _EN_END_RE.match(text, m.end()):
        return True, (m.start(1), m.end(2))
    return False, None


#: (1.18.0) a day and month d/m heading a log entry ("17/04: ...", "Note 30/11: ...") or named
#: as a note's date ("see note 11/11)")
_DM_ENTRY_RE = re.compile(r"(\d{1,2})/(\d{1,2})(?![\w/.,-]|[.,]\d)")
_DM_LINE_START_RE = re.compile(r"(?:^|\n)[ \t]*(?:[-*•][ \t]*)?(?:(?i:note)[ \t]+)?\Z")
_DM_NOTE_RE = re.compile(r"(?i)(?<![\w-])(?:see[ \t]+)?note[ \t]+\Z")


def _day_month_entry(c: Collector, p: int) -> None:
    text = c.text
    m = _DM_ENTRY_RE.match(text, p)
    if m is None:
        return
    day, month = int(m.group(1)), int(m.group(2))
    if not (1 <= day <= 31 and 1 <= month <= 12) or (day <= 12 and len(m.group(2)) == 1):
        return  # "3/3", "1/2": a score or a fraction as much as a date
    after = text[m.end() : m.end() + 2]
    lo = max(0, p - 14)
    unlike_score = day > 12 or m.group(2).startswith("0")  # "10/10: worst" is a score
    if after[:1] == ":" and unlike_score and _DM_LINE_START_RE.search(text, lo, p):
        c.add(p, m.end(), "DATE", "a day and month heading a log entry", P_DATE)
    elif after[:1] in (")", ":", ",", ";") and _DM_NOTE_RE.search(text, lo, p):
        c.add(p, m.end(), "DATE", "a note's day and month", P_DATE)


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """Tried only at numbers of one or two digits (and years), read back from there."""
    text, lower = c.text, c.lower
    n = len(text)
    for p in idx.nums(1, 2):
        lo = max(0, p - 30)
        prev = text[p - 1] if p else ""
        if text.startswith("/", p + 1) or text.startswith("/", p + 2):
            _day_month_entry(c, p)
            continue
        if prev in " \t\u00a0\r\n" and p >= 3:
            near = lower[max(0, p - 6) : p]
            m = (
                _FR_DAY_RE.match(text, p)
                if ("le" in near or "du" in near or "au" in near)
                else None
            )
            if m and _FR_BEFORE_RE.search(text, lo, p):
                c.add(m.start(1), m.end(1), "DATE", "a day without its month (French)", P_DATE)
                continue
            tail = lower[p + 1 : p + 4]
            m = (
                _EN_ORD_RE.match(text, p)
                if ("th" in tail or "st" in tail or "nd" in tail or "rd" in tail)
                else None
            )
            if m:
                before = _EN_BEFORE_RE.search(text, lo, p)
                if before and _suffix_ok(int(m.group(1)), m.group(2).lower()):
                    ends, second = _ordinal_ends(text, m.end())
                    if before.group(1) is not None or ends:
                        c.add(p, m.end(), "DATE", "an ordinal day without its month", P_DATE)
                        if second is not None:
                            c.add(*second, "DATE", "an ordinal day without its month", P_DATE)
                continue
            if "-" in text[lo:p] or "–" in text[lo:p]:
                m = _RANGE_DAY_RE.match(text, p)
                before = m and _RANGE_BEFORE_RE.search(text, max(0, p - 40), p)
                if m and before:
                    c.add(before.start(1), m.end(), "DATE", "the second date of a range", P_DATE)
    if "-" in text:
        for p in idx.nums(4):
            if p >= 6 and text[p - 1] in " \t" and _YEAR_RE.match(text, p):
                before = _MID_BEFORE_RE.search(text, max(0, p - 25), p)
                if before:
                    c.add(before.start(1), p + 4, "DATE", "a month and year after mid-", P_DATE)
    if "day the " in c.lower:
        pos = c.lower.find("day the ")
        while pos >= 0:
            m = _EN_WORDS_RE.search(text, max(0, pos - 9), min(n, pos + 40))
            if m is not None:
                c.add(m.start(1), m.end(1), "DATE", "a weekday and its day in words", P_DATE)
            pos = c.lower.find("day the ", pos + 8)
