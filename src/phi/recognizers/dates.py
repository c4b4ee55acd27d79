"""Dates and ages over 89.

Full dates (:func:`full_dates`), kept from the first scanner: day-month-year, month-day,
month-year in English and French, ISO, numeric d/m/y and m/d/y, dotted, compact (``03Mar2024``);
month/day (``4/15``) only after a date cue; never years alone, weekdays, seasons or durations.
Ages (:func:`ages`): 90 and over next to "year-old", "y/o", "ans", "Age:" or after a relative.

Partial dates and more ages (:func:`recognize`):

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

from phi.core import (
    P_AGE,
    P_DATE,
    Collector,
)
from phi.index import (
    ASCII_LETTERS,
    TextIndex,
    anchored,
    category,
    word_start_ok,
)
from phi.lexicon import Lexicon

_MONTH_NAMES_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

_MONTH_NAMES_FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]

_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre"
    r"|décembre|decembre"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|janv|févr|fevr|avr|juil|déc)\.?"
)

_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th|er|re|e)?"

_YEAR = r"(?:1[89]\d\d|20\d\d)"

_MONTH_WORDS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "janvier",
    "février",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "decembre",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "janv",
    "févr",
    "fevr",
    "avr",
    "juil",
    "déc",
]

_DATE_MONTH_FIRST_RE = re.compile(
    # (1.8.0) a range of days: "Jan 19-21", "Oct 16-18 2026"
    rf"(?i)(?:(?P<md>{_MONTH}[ \t]+{_DAY}(?:[ \t]?[-–][ \t]?{_DAY}(?![\w/.-]))?"
    rf"(?:,?[ \t]+{_YEAR}|,?[ \t]+'\d\d|/(?:{_YEAR}|\d\d))?)"
    rf"|(?P<my>{_MONTH}[ \t]+(?:(?:of|de|du)[ \t]+)?{_YEAR}))(?![\w])"
)

_DATE_COMPACT_RE = re.compile(
    rf"(?i)(?:{_YEAR}[-/. ]?{_MONTH}[-/. ]?(?:3[01]|[12]\d|0?[1-9])"
    rf"|(?:3[01]|[12]\d|0?[1-9]){_MONTH}(?:{_YEAR}|\d\d))(?![\w])"
)

_DATE_DAY_FIRST_RE = re.compile(
    rf"(?i)\d(?<![\w.,/-]\d)\d?(?:st|nd|rd|th|er|re|e)?(?:"
    rf"(?P<dm>(?:[ \t]+(?:of|de))?[ \t]+{_MONTH}(?:,?[ \t]+{_YEAR}|[ \t]+'\d\d)?)"
    rf"|(?P<dmy>[-/.]{_MONTH}[-/.](?:{_YEAR}|\d\d)))(?![\w])"
)

_AMBIGUOUS_MONTHS = frozenset(["may", "mar", "march", "jan", "sept", "dec", "aug", "mai"])

_UNIT_AFTER_RE = re.compile(
    r"[ \t]*(?:mg|mcg|µg|ug|g|kg|ml|mL|l|units?|tabs?|caps?|%|mm|cm|km|h|hr|hrs|hours?|min|mins|"
    r"minutes?|days?|weeks?|wks?|months?|years?|yrs?|ans|jours|semaines|mois|heures|fois|x|times|"
    r"pills?|doses?|patients?|sessions?|visits?|co\.?|comprimés?|/)(?![\w])",
)

_ISO_DATE_RE = re.compile(
    r"(?<![\w./-])(?:1[89]\d\d|20\d\d)([-/.])(?:1[0-2]|0?[1-9])\1(?:3[01]|[12]\d|0?[1-9])(?![\w]|[-/.]\d)"
)

_NUM_DATE_RE = re.compile(r"(?<![\w./-])(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?![\w]|[-/.]\d)")

_MONTH_DAY_NUM_RE = re.compile(
    r"(?<![\w./-])(?:3[01]|[12]\d|0?[1-9])/(?:3[01]|[12]\d|0?[1-9])(?![\w/]|[.-]\d)"
)

_MONTH_DAY_CUE_RE = re.compile(
    r"(?i)(?<![\w])(?:on|appt|appointment|visit|visited|seen|since|until|till|due|dated|date|next|"
    r"booked|scheduled|surgery|f/u|follow-up|le|du|depuis|rdv|dos|admitted|discharged)[ \t:]*$"
)

#: Since 1.22.0: a clock time's minutes right after a month-first date's number, and a day
#: before its month ("9 Mar 14:20"): the number is the hour, the date is "9 Mar".
_CLOCK_AFTER_RE = re.compile(r"[:h]\d\d(?!\d)")
_DAY_BEFORE_RE = re.compile(r"(?<![\w.:/-])(?:3[01]|[12]\d|0?[1-9])[ \t]+$")

_WEAK_DATE_CUES = frozenset(["on", "since", "until", "till", "next", "date", "du", "depuis", "le"])

_MONTH_YEAR_NUM_RE = re.compile(r"(?<![\w./-])(?:0?[1-9]|1[0-2])/(?:19|20)\d\d(?![\w]|[-/.]\d)")

_C_MONTH = category("month", _MONTH_WORDS)


def full_dates(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """Dates with a month name or a full numeric form."""
    text = c.text
    matches: list[re.Match[str]] = []
    for p in idx.at(_C_MONTH):
        if word_start_ok(text, p):
            mm = _DATE_MONTH_FIRST_RE.match(text, p)
            if mm is not None:
                matches.append(mm)
    for mm in anchored(_DATE_DAY_FIRST_RE, text, idx.nums(1, 2, after=" \t-/.snrtehSNRTEH")):
        day = int(re.match(r"\d+", mm.group()).group())  # type: ignore[union-attr]
        if 1 <= day <= 31:
            matches.append(mm)
    for m in matches:
        token = m.group()
        month_word = re.search(r"(?i)[^\W\d_]{3,}", token)
        mw = month_word.group().lower() if month_word else ""
        mw_raw = month_word.group() if month_word else ""
        if mw in ("of", "de", "du"):
            continue
        has_year = bool(re.search(r"\d{4}|'\d\d", token))
        if mw in _AMBIGUOUS_MONTHS and not has_year:
            # "may 2", "Mar 2", "sept 3": need a capital, no unit after, and for "may" a year
            if mw == "may" and (mw_raw == "may" or mw_raw == "MAY"):
                continue
            if _UNIT_AFTER_RE.match(text, m.end()):
                continue
            if mw == "sept" and m.groupdict().get("dm"):
                continue  # French "7 sept" is usually a number
        if not has_year and _UNIT_AFTER_RE.match(text, m.end()):
            continue
        if (
            not has_year
            and _CLOCK_AFTER_RE.match(text, m.end())
            and _DAY_BEFORE_RE.search(text, max(0, m.start() - 4), m.start())
        ):
            continue  # (1.22.0) "Thu 9 Mar 14:20": the day is before the month, 14 is the hour
        if m.groupdict().get("my") and mw == "may" and mw_raw == "may":
            continue
        c.add(
            m.start(),
            m.end(),
            "DATE",
            "calendar date (day or month more specific than a year)",
            P_DATE,
        )
    for m in anchored(
        _DATE_COMPACT_RE,
        text,
        idx.nums(1, 2, after=ASCII_LETTERS) + idx.nums(4, after="-/. " + ASCII_LETTERS),
    ):
        if m.group()[-1:].isdigit():
            c.add(m.start(), m.end(), "DATE", "compact date with a month name", P_DATE)
    for m in anchored(_ISO_DATE_RE, text, idx.nums(4)):
        c.add(m.start(), m.end(), "DATE", "numeric date (year first)", P_DATE)
    for m in anchored(_NUM_DATE_RE, text, idx.nums(1, 2, after="/.-")):
        a, sep, b, y = int(m.group(1)), m.group(2), int(m.group(3)), m.group(4)
        if len(y) == 2 and sep == ".":
            continue
        if len(y) == 4 and not (1850 <= int(y) <= 2099):
            continue
        valid = (1 <= a <= 12 and 1 <= b <= 31) or (1 <= b <= 12 and 1 <= a <= 31)
        if not valid:
            continue
        if len(y) == 2 and _UNIT_AFTER_RE.match(text, m.end()):
            continue
        c.add(m.start(), m.end(), "DATE", "numeric date", P_DATE)
    for m in anchored(_MONTH_DAY_NUM_RE, text, idx.nums(1, 2, after="/")):
        a_s, b_s = m.group().split("/")
        a_n, b_n = int(a_s), int(b_s)
        if not ((a_n <= 12 and b_n <= 31) or (b_n <= 12 and a_n <= 31)):
            continue
        cue = _MONTH_DAY_CUE_RE.search(text, max(0, m.start() - 16), m.start())
        if cue is None or _UNIT_AFTER_RE.match(text, m.end()):
            continue
        if b_n in (5, 10) and cue.group().strip(" \t:").lower() in _WEAK_DATE_CUES:
            continue  # "on 6/10" is more often a score than a date
        c.add(m.start(), m.end(), "DATE", "month and day after a date cue", P_DATE - 5)
    for m in anchored(_MONTH_YEAR_NUM_RE, text, idx.nums(1, 2, after="/")):
        c.add(m.start(), m.end(), "DATE", "month and year", P_DATE - 5)
    # (1.7.0) a legal document's date: "the 2nd day of October, 2026", "ce 3e jour de mai 2026"
    low = c.lower
    if " day of" in low or " jour d" in low:
        for m in anchored(_LEGAL_DATE_RE, text, idx.nums(1, 2)):
            c.add(m.start(), m.end(), "DATE", "a day of a month (legal form)", P_DATE)
    # (1.7.0) a month's abbreviation and a year joined by a dash: "JUN-1968", "Oct-2025"
    if "-19" in text or "-20" in text:
        for m in anchored(_MON_DASH_YEAR_RE, text, idx.at(_C_MONTH)):
            if word_start_ok(text, m.start()):
                c.add(m.start(), m.end(), "DATE", "month and year", P_DATE - 5)


_LEGAL_DATE_RE = re.compile(
    rf"(?i){_DAY}[ \t]+(?:day|jour)[ \t]+(?:of|de|d['’])[ \t]*{_MONTH}(?:,?[ \t]+{_YEAR})?(?![\w])"
)
_MON_DASH_YEAR_RE = re.compile(
    r"(?i)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|janv|févr|fevr|avr|juil|déc)"
    r"-(?:1[89]\d\d|20\d\d)(?![\w-])"
)


_NUM_WORDS = (
    r"(?:ninety(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one[- ]hundred"
    r"(?:[- ](?:and[- ])?(?:one|two|three|four|five|six|seven|eight|nine|ten))?"
    r"|quatre-vingt-dix(?:-(?:neuf|huit|sept|six|cinq|quatre|trois|deux))?|quatre-vingt-onze"
    r"|quatre-vingt-douze|quatre-vingt-treize|quatre-vingt-quatorze|quatre-vingt-quinze"
    r"|quatre-vingt-seize|quatre-vingt-dix-sept|cent|centenaire)"
)

_AGE_NUM_ANY = rf"(?:9\d|1[01]\d|{_NUM_WORDS})"

_AGE_TAIL = (
    r"(?=[ \t]*(?:-|‑)?[ \t]*(?:years?[- ]old|year[- ]old|yrs?[- ]old|y/o|y\.o\.|yo\b|yoa\b|"
    r"ans\b|an\b|-year|years?\s+of\s+age|yr\b|y\b(?!/)|[FM]\b))"
)

_AGE_AFTER_RE = re.compile(rf"(?i)(9\d(?<![\w.,/-]9\d)|1(?<![\w.,/-]1)[01]\d){_AGE_TAIL}")

_AGE_WORDS_AFTER_RE = re.compile(rf"(?i)(?<![\w.,/-])({_NUM_WORDS}){_AGE_TAIL}")

_AGE_COMMA_RE = re.compile(r"(?:9\d|1[01]\d)(?=[ \t]*(?:y|yo|ans|F|M)?[ \t]*[,);])")

_AGE_KIN_BEFORE_RE = re.compile(
    r"(?i)(?<![\w])(?:mother|father|mom|mum|dad|husband|wife|spouse|partner|sister|brother|aunt|uncle|"
    r"grandmother|grandfather|grandma|grandpa|mère|père|mari|époux|épouse|conjointe?|sœur|soeur|frère|"
    r"tante|oncle|grand-mère|grand-père|patient|patiente|client|cliente|resident|résidente?)"
    r"(?:[ \t]+[A-ZÀ-Þ][\w'’-]*){0,3}[ \t]*[,(][ \t]*$"
)

_AGE_NUMBER_RE = re.compile(
    r"(?:9\d|1[01]\d)(?![\w.,/-]|\s*(?:\+|or older|or over|and older|and over|et plus|ou plus|s\b))"
)

_AGE_LABEL_BEFORE_RE = re.compile(r"(?i)(?<![\w])(?:age[d]?|âgée?|âge|turned)[ \t]*[:=]?[ \t]*$")


def ages(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """Ages over 89 in digits next to an age word, a relative or an age label."""
    text = c.text
    low = c.lower
    starts = [p for p in idx.nums(2, 3) if text[p] in "91"]
    found = anchored(_AGE_AFTER_RE, text, starts)
    if "ninety" in low or "hundred" in low or "quatre-vingt" in low or "centenaire" in low:
        found.extend(_AGE_WORDS_AFTER_RE.finditer(text))
    if found:
        for m in found:
            tail = text[m.end(1) : m.end(1) + 12].lower()
            if tail.lstrip().startswith(("ans et plus", "and older", "or older", "+")):
                continue
            c.add(m.start(1), m.end(1), "AGE", "exact age over 89", P_AGE)
    for m in anchored(_AGE_COMMA_RE, text, starts):
        if _AGE_KIN_BEFORE_RE.search(text, max(0, m.start() - 40), m.start()):
            c.add(m.start(), m.end(), "AGE", "exact age over 89 after a relative", P_AGE)
    for m in anchored(_AGE_NUMBER_RE, text, starts):
        if _AGE_LABEL_BEFORE_RE.search(text, max(0, m.start() - 14), m.start()):
            c.add(m.start(), m.end(), "AGE", "exact age over 89", P_AGE)


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
_FR_BARE_DAY_RE = re.compile(
    r"le[ \t]+((?:3[01]|[12]\d|0?[1-9])(?:er)?)"
    r"(?=[ \t]*[.;](?![ \t]*\d)|[ \t]+(?:et|ou)[ \t]+le[ \t]+\d|[ \t]*,[ \t]+[a-zà-ÿ])"
)
_FR_MONTH_IN_TEXT_RE = re.compile(
    r"(?i)(?<![\w])(?:janvier|février|fevrier|mars|avril|juin|juillet|août|aout|septembre|"
    r"octobre|novembre|décembre|decembre|janv|févr|fevr|avr|juil|sept|oct|nov|déc|dec)\.?(?![\w])"
)
_C_LE = category("a French article before a bare day (1.7.0)", "le")
_MONTH_DAY_RE = re.compile(
    rf"(?i)(?<![\w./-])({_MON}[ \t]+(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
    r"(?:[-–](?:3[01]|[12]\d|0?[1-9])(?![\w/.-]))?"
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
    r"mme|/10|/|degrees?|deg|°)(?![\w]))"
    r"(?![ \t]*(?:or|and|et)[ \t]+(?:older|over|above|more|plus)|\+|s\b)"
)
_EN_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_AGE_WORDS = (
    rf"(?:ninety(?:[- ]{_EN_UNITS})?|one[- ]hundred(?:[- ](?:and[- ])?(?:{_EN_UNITS}|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))?|"
    r"quatre-vingt-(?:dix|onze|douze|treize|quatorze|quinze|seize|dix-sept|dix-huit|dix-neuf)|"
    r"cent(?:[- ](?:un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze))?)"
)
_AGE_WORD_RE = re.compile(rf"(?i)(?<![\w-])({_AGE_WORDS})(?![\w-]){_UNITS_AFTER}")
#: Before a number said in words, what makes it a measurement or part of a larger number, not
#: an age: a vital sign's name (blood pressure, saturation, pulse, heart or breathing rate,
#: temperature, glucose, weight), "over" (a pressure, or an age range already), "pour" (cent),
#: or a French number word before "cent" (deux cent, trois cents).
_AGE_WORD_NOT_AFTER_RE = re.compile(
    r"(?i)(?<![\w])(?:bp|b/p|blood[ \t]+pressure|over|sur|sats?|saturation|o2|spo2|sao2|pulse|"
    r"hr|heart[ \t]+rate|rate|rr|resp(?:irations?)?|temp(?:erature)?|glucose|sugars?|weight|"
    r"weighs|weighed|pour|fc|ta|tension|pouls|fréquence|deux|trois|quatre|cinq|six|sept|huit|"
    r"neuf)(?:[ \t]+(?:was|is|of|at|était|est|de))?[ \t]*[:=]?[ \t]*$"
)
_AGE_NUM = r"(9\d|1[01]\d)"
_AGE_CUE_BEFORE_RE = re.compile(
    r"(?i)(?:(?<![\w])(?:she|he|who|they|mom|mum|mother|father|dad|wife|husband|grandmother|"
    r"grandfather|grandma|grandpa|patient|pt|resident|aunt|uncle|sister|brother|friend|"
    r"neighbour|neighbor)[ \t]+(?:is|was|turned|turns|will[ \t]+be)|she['’]s|he['’]s|turned|"
    # (1.21.0) a letter or a message to the person: "because you are 95", "I'm 92"
    r"(?<![\w])(?:you[ \t]+are|you['’]re|i[ \t]+am|i['’]m)|"
    r"turns|turning|aged?|âgée?[ \t]+de|a[ \t]+eu|(?:^|[,)])[ \t]*(?:who[ \t]+)?is|age[ \t]*[:/]|"
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


# A number with a unit is a quantity, not an age: 100 m, 95 kg, 90 mg, and the morphine
# equivalents opioid notes are full of (90 MME, 120 MED, 200 OME: the guideline thresholds).
_QUANTITY_RE = re.compile(
    r"(?<![\w.,])\d{2,3}[ \t]?"
    r"(?:m|km|cm|mm|mg|mcg|ml|kg|lb|lbs|g|%|MME|MED|OME|MEQ|mme|med|ome|meq)(?![\w])"
)


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
    # (1.7.0) a bare day in a French note that names its month elsewhere: "une chute le 21."
    if " le " in text and _FR_MONTH_IN_TEXT_RE.search(text):
        _add(
            c,
            anchored(_FR_BARE_DAY_RE, text, idx.at(_C_LE)),
            "DATE",
            "a day of the month in a French note",
            P_DATE - 5,
        )
    for m in anchored(_AGE_WORD_RE, text, idx.at(_C_AGE_WORD)):
        if _AGE_WORD_NOT_AFTER_RE.search(text, max(0, m.start() - 40), m.start()):
            continue  # a vital sign ("BP one fifty over ninety", "sat ninety-two"), "deux cent"
        c.add(m.start(1), m.end(1), "AGE", "an age over 89 in words", P_AGE)
    ages = [p for p in two_three if text[p] in "91"]
    for m in anchored(_AGE_NUM_RE, text, ages):
        if _AGE_CUE_BEFORE_RE.search(text, max(0, m.start() - 40), m.start()):
            c.add(m.start(1), m.end(1), "AGE", "an age over 89", P_AGE)
    _add(c, anchored(_AGE_ANS_RE, text, ages), "AGE", "an age over 89", P_AGE)
    if "(" in text:
        for m in _AGE_PAREN_RE.finditer(text):
            if _KIN_BEFORE_RE.search(text, max(0, m.start() - 20), m.start()):
                c.add(m.start(1), m.end(1), "AGE", "an age over 89 beside a relative", P_AGE)
