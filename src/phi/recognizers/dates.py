"""Dates the main date rules leave out, and ages over 89 in words and in more sentence shapes.

- Day/month with no year (``5/2``, ``le 3/4``) after a weekday, before a clock time at the start
  of a chat line, or after a date word (``on``, ``le``, ``prochain rendez-vous le``); never a
  score or duration (``7/10``, ``for 6/12``, ``x 4/52``).
- A bare day after a weekday (``Wed the 14th``, ``mardi le 12``) or ``on the 29th``.
- Month and day with no year in any case (``jan 9``, ``Feb 27``), two-digit years (``Dec '23``,
  ``feb 3 58``, ``03.11.61`` after a birth-date label), year and month (``2019-06``) and
  day-month (``03-Feb``).
- Ages over 89: number words in English and French (``ninety-four``, ``one hundred and three``,
  ``quatre-vingt-douze``, ``cent un``) and numbers after ``is``, ``turned``, ``she's``, ``at``,
  ``âgée de``... or before ``ans``.
"""

from __future__ import annotations

import re

from phi.core import P_AGE, P_DATE, Collector
from phi.index import TextIndex, anchored, category
from phi.lexicon import Lexicon

_WEEKDAY = (
    r"(?=[mtwfsldjvMTWFSLDJV])(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|lun|mar|mer|jeu|ven|sam|dim|lundi|mardi|mercredi|jeudi|vendredi|samedi|"
    r"dimanche)\.?"
)
_MON = (
    r"(?=[jfmasondJFMASOND])(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
    r"july|august|september|october|november|december|janv|févr|fevr|avr|juil|déc|janvier|"
    r"février|avril|juin|juillet|août|septembre|octobre|novembre|décembre)\.?"
)
_DM = r"(?:3[01]|[12]\d|0?[1-9])/(?:3[01]|[12]\d|0?[1-9])(?![ \t]*(?:mg|mcg|ml|units?|%)(?!\w))"
_DM_WEEKDAY_RE = re.compile(rf"(?i)(?<![\w]){_WEEKDAY}[ \t]+({_DM})(?![\w/]|[.,]\d)")
_DM_TIME_RE = re.compile(
    rf"(?im)^[ \t]*(?:[-*•][ \t]*)?\[?({_DM})\]?[ \t,]+\d{{1,2}}[:h]\d\d(?![\d/])"
)
_DM_CUE_RE = re.compile(
    rf"(?i)(?<![\w])(?:on|le|du|au|since|until|till|depuis|jusqu['’]au|jusqu['’]à|dès le|"
    rf"visit|appt|appointment|rendez-vous|rdv|seen|vu|vue)[ \t]+(?:the[ \t]+)?({_DM})(?<!/10)"
    r"(?![\w/]|[.,]\d)"
)
_ORDINAL_RE = re.compile(
    rf"(?i)(?<![\w])(?:{_WEEKDAY}[ \t]+(?:the[ \t]+)?|(?:on|by|before|after|until|since|"
    r"from|till)[ \t]+the[ \t]+)((?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th))(?![\w])"
)
_FR_DAY_RE = re.compile(
    r"(?i)(?<![\w])(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)[ \t]+(?:le[ \t]+)?"
    r"((?:3[01]|[12]\d|0?[1-9])(?:er)?)(?![\w:/.,]|[ \t]*h\d|[ \t]*(?:h|heures?|mg|ans)(?!\w))"
)
_MONTH_DAY_RE = re.compile(
    rf"(?i)(?<![\w./-])({_MON}[ \t]+(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
    r"(?:(?:,?[ \t]+|[ \t]*['’])(?:19|20)?\d\d)?)"
    r"(?![\w:/]|[.,]\d|[ \t]*(?:mg|mcg|ml|tabs?|caps?|pills?|units?|%|x\b))"
)
_MONTH_APOS_YEAR_RE = re.compile(rf"(?i)(?<![\w])({_MON}[ \t]*['’]\d\d)(?![\w])")
_DAY_MON_RE = re.compile(rf"(?i)(?<![\w./-])((?:3[01]|[12]\d|0?[1-9])-{_MON})(?![\w-])")
_YEAR_MONTH_RE = re.compile(r"(?<![\w./-])((?:19|20)\d\d-(?:0[1-9]|1[0-2]))(?![\w-]|[./]\d)")
_DOB_DOTTED_RE = re.compile(
    r"(?i)(?<![\w])(?:dob|d\.o\.b\.?|ddn|born|né|née|date of birth|date de naissance)"
    r"[ \t]*:?[ \t]*((?:3[01]|[12]\d|0?[1-9])[./-](?:3[01]|[12]\d|0?[1-9])[./-]\d\d)(?![\w.]|/\d)"
)

_UNITS_AFTER = (
    r"(?![ \t]*(?:mg|mcg|µg|ml|mL|g|kg|lb|lbs|%|percent|pour|minutes?|mins?|hours?|hrs?|days?|"
    r"jours?|weeks?|months?|metres?|meters?|m|km|cm|mm|times|fois|pills?|tabs?|tablets?|units?|"
    r"mme|/10|/)(?![\w]))(?![ \t]*(?:or|and|et)[ \t]+(?:older|over|above|more|plus)|\+|s\b)"
)
_EN_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_AGE_WORDS = (
    rf"(?:ninety(?:[- ]{_EN_UNITS})?|one[- ]hundred(?:[- ](?:and[- ])?(?:{_EN_UNITS}|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))?|"
    r"quatre-vingt-(?:dix|onze|douze|treize|quatorze|quinze|seize|dix-sept|dix-huit|dix-neuf)|"
    r"cent(?:[- ](?:un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze))?)"
)
_AGE_WORD_RE = re.compile(rf"(?i)(?<![\w-])({_AGE_WORDS})(?![\w-]){_UNITS_AFTER}")
_AGE_NUM = r"(9\d|1[01]\d)"
_AGE_CUE_BEFORE_RE = re.compile(
    r"(?i)(?:(?<![\w])(?:she|he|who|they|mom|mum|mother|father|dad|wife|husband|grandmother|"
    r"grandfather|grandma|grandpa|patient|pt|resident|aunt|uncle|sister|brother|friend|"
    r"neighbour|neighbor)[ \t]+(?:is|was|turned|turns|will[ \t]+be)|she['’]s|he['’]s|turned|"
    r"turns|aged?|âgée?[ \t]+de|a[ \t]+eu|(?:^|[,)])[ \t]*(?:who[ \t]+)?is|age[ \t]*[:/]|"
    r"age/sex[ \t]*:|also|is[ \t]+almost|is[ \t]+nearly|(?<![\w])at)[ \t]+"
    r"(?:almost|nearly|now|about|just|only)?[ \t]*$"
)
_AGE_NUM_RE = re.compile(rf"(?<![\w.,/-]){_AGE_NUM}(?![\w.,]\d|[\w]){_UNITS_AFTER}")
_AGE_ANS_RE = re.compile(rf"(?<![\w.,/-]){_AGE_NUM}[ \t]+ans(?![\w])")
_AGE_PAREN_RE = re.compile(rf"\((?i:age[ \t]*)?({_AGE_NUM}|(?i:{_AGE_WORDS}))\)")
_KIN_BEFORE_RE = re.compile(
    r"(?i)(?:mother|father|grandmother|grandfather|grandma|grandpa|mamaw|papaw|mère|père|"
    r"grand-mère|grand-père|wife|husband|aunt|uncle|tante|oncle)[ \t]*$"
)


_QUANTITY_RE = re.compile(r"(?<![\w.,])\d{2,3}[ \t]?(?:m|km|cm|mm|mg|mcg|ml|kg|lb|lbs|g|%)(?![\w])")


_C_WEEKDAY = category(
    "weekday",
    """mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday
    saturday sunday lun mar mer jeu ven sam dim lundi mardi mercredi jeudi vendredi samedi
    dimanche""",
)
_C_MON = category(
    "month",
    """january february march april may june july august september october november december
    janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre
    décembre decembre jan feb mar apr jun jul aug sep sept oct nov dec janv févr fevr avr juil
    déc""",
)
_C_DM_CUE = category(
    "day-month cue",
    "on le du au since until till depuis jusqu dès visit appt appointment rendez rdv seen vu vue",
)
_C_ORD_CUE = category("ordinal cue", "on by before after until since from till")
_C_DOB = category("birth-date label", "dob d ddn born né née date")
_C_AGE_WORD = category("age word", "ninety one quatre cent")


def _add(c: Collector, matches: list[re.Match[str]], kind: str, reason: str, prio: int) -> None:
    for m in matches:
        c.add(m.start(1), m.end(1), kind, reason, prio)


def _line_starts(text: str, positions: list[int]) -> list[int]:
    out: list[int] = []
    for p in sorted(positions):
        ls = text.rfind("\n", 0, p) + 1
        if not out or out[-1] != ls:
            out.append(ls)
    return out


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    two_three = idx.nums(2, 3)
    for m in anchored(_QUANTITY_RE, text, two_three):
        c.veto(m.start(), m.end(), frozenset({"AGE"}))  # 100 m, 95 kg, 90 mg
    weekdays = idx.at(_C_WEEKDAY)
    months = idx.at(_C_MON)
    for m in anchored(_DM_WEEKDAY_RE, text, weekdays):
        # "mar. 19/3" is Tuesday the 19th; "Mar. 3/24" is March 2024, read by the date rules
        second = int(m.group(1).split("/")[1])
        prio = P_DATE + 1 if second <= 12 else P_DATE - 1
        c.add(m.start(1), m.end(1), "DATE", "a day and month after a weekday", prio)
    dm_starts = idx.nums(1, 2, after="/")
    if dm_starts:
        dm_set = set(dm_starts)
        _add(
            c,
            [
                m
                for m in anchored(_DM_TIME_RE, text, _line_starts(text, dm_starts))
                if m.start(1) in dm_set
            ],
            "DATE",
            "a day and month before a time",
            P_DATE + 1,
        )
        _add(
            c,
            anchored(_DM_CUE_RE, text, idx.at(_C_DM_CUE)),
            "DATE",
            "a day and month after a date word",
            P_DATE,
        )
    _add(
        c,
        anchored(_ORDINAL_RE, text, sorted(set(weekdays + idx.at(_C_ORD_CUE)))),
        "DATE",
        "a day of the month after a weekday",
        P_DATE,
    )
    _add(
        c,
        anchored(_FR_DAY_RE, text, weekdays),
        "DATE",
        "a day of the month after a weekday",
        P_DATE,
    )
    _add(c, anchored(_MONTH_DAY_RE, text, months), "DATE", "a month and day", P_DATE)
    _add(
        c,
        anchored(_MONTH_APOS_YEAR_RE, text, months),
        "DATE",
        "a month and a two-digit year",
        P_DATE,
    )
    _add(
        c, anchored(_DAY_MON_RE, text, idx.nums(1, 2, after="-")), "DATE", "a day and month", P_DATE
    )
    _add(
        c,
        anchored(_YEAR_MONTH_RE, text, idx.nums(4, after="-")),
        "DATE",
        "a year and month",
        P_DATE,
    )
    _add(c, anchored(_DOB_DOTTED_RE, text, idx.at(_C_DOB)), "DATE", "a birth date", P_DATE)
    _add(
        c,
        anchored(_AGE_WORD_RE, text, idx.at(_C_AGE_WORD)),
        "AGE",
        "an age over 89 in words",
        P_AGE,
    )
    ages = [p for p in two_three if text[p] in "91"]
    for m in anchored(_AGE_NUM_RE, text, ages):
        if _AGE_CUE_BEFORE_RE.search(text, max(0, m.start() - 40), m.start()):
            c.add(m.start(1), m.end(1), "AGE", "an age over 89", P_AGE)
    _add(c, anchored(_AGE_ANS_RE, text, ages), "AGE", "an age over 89", P_AGE)
    if "(" in text:
        for m in _AGE_PAREN_RE.finditer(text):
            if _KIN_BEFORE_RE.search(text, max(0, m.start() - 20), m.start()):
                c.add(m.start(1), m.end(1), "AGE", "an age over 89 beside a relative", P_AGE)
