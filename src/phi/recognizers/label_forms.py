"""Identifiers in forms and shapes unseen notes wrote (1.11.0).

- A health number grouped 4-5, 5-4 or 4-3-3 (leading zeros allowed) after a health label
  (``HSN``, ``MSI``, ``PHIN``, ``Medicare``...).
- A code after the label of a person's or a document's number: practitioner, college, accession,
  passport, invoice, requisition, certificate, incident, a centre's number, a cell.
- A French file label before a code (``Dossier de santé : X``): MRN.
- Dates: ``Sep-30-1991``, ``Jan.14.27``, ``1959 11 04`` (year first, spaced), a range of days and
  months ``20/02-27/02``, a day and month before a clock time (``16/12 22:00``), the first day of
  a French range (``du 1er au 14 mars``).
- Toll-free and international phones (``1-800-...``, ``+44 20 ...``).
- ``now 96``: an age over 89 after ``now``.
- A hospital named ``<Place> Memorial`` with no head after it, or (1.20.0) with its head
  (``<Place> Memorial Regional Hospital``) when every word of it is a frequent word.
- Staff initials spelled out in a key (``AB : Given Surname``), and each cell of them.
- ``(née X)``: a maiden name.
- A lower-case given name and an initial (``given x.``).
- Children named with ages in brackets, two together (``X (11) and Y (7)``, ``X (13 ans)``).
"""

from __future__ import annotations

import itertools
import re

from phi.core import (
    P_AGE,
    P_DATE,
    P_FACILITY,
    P_LABELLED,
    P_NAME,
    P_PHONE,
    P_TOWN,
    Collector,
)
from phi.index import TextIndex, category, scan_at, word_start_ok
from phi.lexicon import Lexicon
from phi.recognizers.common import _everyday, words
from phi.recognizers.loose_context import _plain
from phi.recognizers.places import town_after_street

_NB = r"[ \t\u00a0\u202f]"

# --- a health number grouped after a health label ---------------------------------------------

_C_HEALTH = category(
    "a health number's label",
    "hsn msi phin medicare ohip phn ahcip hcn ramq mcp yhcip health carte",
)
# (1.13.0) also 4-4-4 (twelve digits) and 5-5 (ten), and the French "carte santé" labels
_HEALTH_RE = re.compile(
    r"(?i:hsn|msi|phin|medicare|ohip|phn|ahcip|hcn|ramq|mcp|yhcip|health[ \t]+(?:card|number)"
    r"|carte[ \t]+(?:de[ \t]+)?santé|carte[ \t]+d'assurance[ \t-]maladie)"
    r"(?![\w])[^\n\d]{0,16}?"
    # (1.22.0) and 3-3-3-3, Newfoundland and Labrador's twelve-digit MCP number
    r"(?<![\w-])(\d{3}[ -]\d{3}[ -]\d{3}[ -]\d{3}|\d{4}[ -]\d{4}[ -]\d{4}|\d{4}[ -]\d{5}"
    r"|\d{5}[ -]\d{5}|\d{5}[ -]\d{4}"
    r"|\d{4}[ -]\d{3}[ -]\d{3})(?![\w-]|[ -]\d)"
)

# --- a lettered plan or insurer number after its label (1.13.0) --------------------------------

_C_PLAN = category(
    "a plan's or insurer's label",
    "assurance insurance insurer plan régime policy police coverage couverture benefits",
)
_PLAN_RE = re.compile(
    r"(?i:assurance|insurance|insurer|plan|régime|policy|police|coverage|couverture|benefits)"
    r"(?:[ \t]+(?i:no|number|numéro|#|id))?[ \t]*[:#][ \t]*"
    r"([A-Z]{2,6}[ -]?\d{2,}(?:[ -]\d{2,}){0,3})(?![\w-])"
)

_DOSING = frozenset(
    [
        "bid",
        "tid",
        "qid",
        "od",
        "qd",
        "qam",
        "qpm",
        "prn",
        "hs",
        "qhs",
        "po",
        "iv",
        "im",
        "sc",
        "sl",
        "mg",
        "mcg",
        "ml",
        "iu",
    ]
)

# --- a code after the label of a number -------------------------------------------------------

_CODE_LABELS = (
    r"practitioner|prescriber|college|accession|passport|invoice|facture|requisition|réquisition"
    r"|certificate|certificat|incident|centre|center|site|specimen|sample|échantillon|offender"
)
_C_CODE_LABEL = category(
    "a label before a code",
    "practitioner prescriber college accession passport invoice facture requisition réquisition "
    "certificate certificat incident centre center site specimen sample échantillon offender",
)
_CODE_RE = re.compile(
    rf"(?i:{_CODE_LABELS})(?:[ \t]+(?i:site|code))?"
    r"(?:[ \t]*(?i:no\.?|n°|nº|#|number|num(?:é|e)ro|id|code))?[ \t]*:?[ \t]*"
    # a code with a digit: 'AB-12-3456', 'K4L7R', '41096', 'HK 482917'
    r"(?<![\w-])((?=[\w-]*\d)[A-Z0-9][A-Z0-9-]{3,20}(?<!-)|[A-Z]{1,2}[ ]\d{6,8})(?![\w-])"
)
#: A cell or a unit before a letter and a number: "Cell: B-12", "Unit/Cell: C-Pod 4".
_CELL_RE = re.compile(
    r"(?i:unit/cell|cellule|cell)[ \t]*(?:#|no\.?)?[ \t]*:[ \t]*"
    r"([A-Z](?:-?[A-Za-z]{0,6})?[ -]?\d{1,4})(?![\w-])"
)
_C_CELL = category("a cell", "unit cell cellule")

# --- a French file label: MRN -----------------------------------------------------------------

_DOSSIER_RE = re.compile(
    r"(?i:dossier|n°[ \t]+de[ \t]+dossier)(?:[ \t]+(?:de|du|d['’])?[ \t]*[a-zà-ÿ]{2,12}){0,3}"
    rf"{_NB}*:?{_NB}*"
    r"(?<![\w-])((?=[\w-]*\d)[A-Z0-9][A-Z0-9-]{3,20}(?<!-))(?![\w-])"
)
_C_DOSSIER = category("a file", "dossier")

# --- dates ------------------------------------------------------------------------------------

_MON3 = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
_DATE_RES = (
    # Sep-30-1991
    re.compile(rf"(?<![\w-])({_MON3}-(?:0?[1-9]|[12]\d|3[01])-(?:19|20)\d\d)(?![\w-])"),
    # Jan.14.27
    re.compile(rf"(?<![\w.])({_MON3}\.(?:0?[1-9]|[12]\d|3[01])\.\d\d)(?![\w.]|\.\d)"),
)
_C_MON = category("a month's short name", "jan feb mar apr may jun jul aug sep sept oct nov dec")
#: Year first, spaced: "1959 11 04".
_YMD_SPACED_RE = re.compile(
    r"(?<![\w.,/-])(?<!\d )((?:19|20)\d\d (?:0[1-9]|1[0-2]) (?:0[1-9]|[12]\d|3[01]))"
    r"(?![\w.,/]| \d|[ \t]*(?:mg|mcg|g|ml|mL|units?|x)(?![\w]))"
)
#: A range of days and months: "20/02-27/02"; a day and month before a clock time.
_DM_RANGE_RE = re.compile(r"(?<![\w/.-])(\d\d)/(\d\d)[ \t]*[-–][ \t]*(\d\d)/(\d\d)(?![\w/.-])")
_DM_TIME_RE = re.compile(r"(?<![\w/.:-])(\d\d?/\d\d?)[ \t]+\d\d?[:h]\d\d(?![\w/])")
_FR_RANGE_RE = re.compile(
    r"(?i:du|from)[ \t]+(1er|\d\d?)[ \t]+(?i:au|to)[ \t]+\d\d?(?:er)?[ \t]+"
    r"(?i:janv|janvier|févr|février|mars|avril|avr|mai|juin|juil|juillet|août|sept|septembre"
    r"|oct|octobre|nov|novembre|déc|décembre)(?![\w])"
)
_C_DU = category("the start of a range", "du")

# --- phones -----------------------------------------------------------------------------------

_TOLL_RE = re.compile(r"(?<![\w+-])(1[ -]8(?:00|33|44|55|66|77|88)[ -]\d{3}[ -]\d{4})(?![\w-])")
#: Starts with its literal "+" (fast); what comes before it is checked in code.
_INTL_RE = re.compile(r"\+(?!1[ -(])\d{1,3}(?:[ .-]\d{2,4}){2,4}(?![\w]|[.-]\d)")

# --- an age after "now" -----------------------------------------------------------------------

_NOW_AGE_RE = re.compile(
    r"(?i:now|maintenant)[ \t]+(9\d|1[01]\d)(?![\w%/:]|[.,]\d|[ \t]*(?:%|mg|kg|lb|/))"
)
_C_NOW = category("now", "now maintenant")
#: A relative or a resident before "now <age>" in the same clause.
_KIN_BEFORE_RE = re.compile(
    r"(?i)(?<![\w])(?:grand(?:mother|father|ma|pa|-mère|-père)|mother|father|mom|mum|dad"
    r"|aunt|auntie|uncle|husband|wife|sister|brother|mère|père|tante|oncle|résidente?|resident)"
    r"(?![\w])[^\n.;]{0,60}$"
)

#: (1.16.0) an age over 89 said of a person just named: "X Y is 96 and still ...", "X Y, is
#: 94 and lives with them", "X turned 91 in May" (never a measure: "is 92%", "was 98.6")
_NAME_AGE_RE = re.compile(
    r",?[ \t]+(?:is|was|turns|turned|just[ \t]+turned|will[ \t]+be|a|aura|avait)[ \t]*\n?[ \t]*"
    r"(9\d|1[01]\d)(?![\w%/:]|[.,]\d)"
    r"(?=[ \t]*(?:and|et|but|,|;|\.|\)|years?|yrs?|y/o|yo|ans|this|today|now|in|on|$))",
    re.M,
)


def _ages_after_names(c: Collector) -> None:
    text = c.text
    for k in [k for k in c.cands if k.kind == "NAME"]:
        m = _NAME_AGE_RE.match(text, k.end)
        if m is not None:
            c.add(m.start(1), m.end(1), "AGE", "an age over 89 said of a person named", P_AGE)


# --- <Place> Memorial ---------------------------------------------------------------------------

_MEMORIAL_RE = re.compile(
    # (1.16.0) a person's initials may come first: "the X.Y. Surname Memorial"
    r"(?<![\w'’.-])((?:(?:[A-Z]\.){1,3}[ \t]?)?[A-ZÀ-Þ][a-zà-ÿ'’-]{2,20}"
    r"(?:[ \t]+(?:District|Regional|Community|General|County|Union|Health))?[ \t]+Memorial)"
    r"(?![\w'’-])"
    # no capitalised word after it, unless a programme's acronym before a lower-case head:
    # "<Place> Memorial ABC clinic"
    r"(?![ \t]+(?![A-Z]{2,6}[ \t]+(?:clinic|unit|program|programme|service|lab|team)(?![\w]))"
    # (1.15.0) a date may follow the name: "at X Memorial Feb 12"
    r"(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?[ \t]+\d)"
    r"[A-ZÀ-Þ0-9])"
)
#: (1.20.0) the same name with its hospital's head after it ("<Place> Memorial Regional
#: Hospital"), which the facility rules leave when every word of it is a frequent word
_MEMORIAL_HEAD_RE = re.compile(
    r"(?<![\w'’.-])((?:(?:[A-Z]\.){1,3}[ \t]?)?[A-ZÀ-Þ][a-zà-ÿ'’-]{2,20}"
    r"(?:[ \t]+(?:District|Regional|Community|General|County|Union|Health))?[ \t]+Memorial"
    r"(?:[ \t]+(?:Regional|District|Community|General|County|Union))?"
    r"[ \t]+(?:Hospital|Health[ \t]+Cent(?:re|er)|Medical[ \t]+Cent(?:re|er)))(?![\w'’-])"
)
_C_MEMORIAL = category("memorial", "memorial", capital_only=True)
_MEMORIAL_COMPASS = words("northern southern eastern western central north south east west")

# --- staff initials spelled out in a key ---------------------------------------------------------

#: Found from each colon or equals sign (few), then read back to the initials and on to the name.
#: (1.16.0) initials may keep a surname's Mc or Mac ("TMc"), and the surname its inner capital
_KEY_BACK_RE = re.compile(r"(?<![\w'’.-])([A-ZÀ-Þ]{2,3}|[a-zà-ÿ]{2,3}|[A-Z]Ma?c)[ \t\u00a0]?$")
_KEY_NAME_RE = re.compile(
    r"[ \t\u00a0]?([A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?"
    # (1.19.0) a surname's particle in lower case: "Given de Surname", "Given van Surname"
    r"(?:[ \t](?:de|da|di|du|van|von|der|den|la|le)(?=[ \t][A-ZÀ-Þ]))?"
    r"(?:[ \t](?:Ma?c(?=[A-Z]))?[A-ZÀ-Þ][a-zà-ÿ'’]+"
    r"(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?){1,2})(?=[ \t]*(?:[,;(]|$)"
    # (1.16.0) or the person's phone number: "TM = Given Surname 709 555 0144;"
    r"|[ \t]+\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}(?!\d)"
    # (1.18.0) or the person's credential: "cs = Given Surname LPN." (a key of a care team)
    r"|[ \t]+(?:RN|RPN|LPN|NP|MD|PSW|RPh|RT|RD|OT|PT|SW|MSW|inf\.|infirmière|infirmier)"
    r"(?:[ \t]*[,;.()]|[ \t]*$))",
    re.M,
)
#: (1.18.0) a credential after the name of a key: the initials stand for a member of the staff
#: even when no list knows the name ("zc = Given Surname RN;")
_KEY_CREDENTIAL_RE = re.compile(r"[ \t]+(?:RN|RPN|LPN|NP|MD|PSW|RPh|RT|RD|OT|PT|SW|MSW)\b")
#: A colon or equals sign before two capitalised words (a name): the only separators worth
#: reading back from (a charset first, so the engine skips to them fast).
_KEY_SEP_RE = re.compile(
    r"[:=](?=[ \t\u00a0]?[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?,?[ \t]"
    r"(?:(?:de|da|di|du|van|von|der|den|la|le)[ \t])?[A-ZÀ-Þ])"
)


def _initials_of(name: str) -> set[str]:
    """The initials a name may be written with: every part of a hyphenated given name, the
    surname's first part or all of its parts ("Anne-Marie Roy-Lee": "amr", "amrl")."""
    ws = name.split()
    given = "".join(p[0] for w in ws[:-1] for p in w.split("-") if p)
    sur = [p[0] for p in ws[-1].split("-") if p]
    firsts = "".join(w[0] for w in ws)
    found = {(given + sur[0]).lower(), (given + "".join(sur)).lower(), firsts.lower()}
    # (1.16.0) a Mc or Mac surname keeps its prefix in the initials: "TMc" for "T... McX"
    for prefix in ("Mc", "Mac"):
        if ws[-1].startswith(prefix) and ws[-1][len(prefix) : len(prefix) + 1].isupper():
            found.add((given + prefix).lower())
    # (1.19.0) the given name's initial and the surname's first two letters ("rtk" for "R... Tk...")
    if len(ws) == 2 and len(ws[-1]) >= 4 and len(given) == 1:
        found.add((given + ws[-1][:2]).lower())
    return found


# --- (née X) ----------------------------------------------------------------------------------

_NEE_RE = re.compile(
    r"(?<![\w-])(?:née|nee|born)[ \t]+([A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?)(?![\w'’-])"
)
_C_NEE = category("née", "née nee")

# --- a lower-case given name and an initial ----------------------------------------------------

#: Found from " x." (a literal space first: fast), then read back to the given name.
_LOWER_INIT_RE = re.compile(r" [a-z]\.(?![\w.])")
_LOWER_GIVEN_BACK_RE = re.compile(r"(?<![\w'’.@/-])[a-zà-ÿ]{2,15}$")

# --- children with ages -------------------------------------------------------------------------

#: Found from each bracketed age (a literal bracket first), then read back to the name; two
#: such children joined by "and", "et" or "&" on one line.
_AGE_BRACKET_RE = re.compile(r"\(\d{1,2}(?:[ \t]*(?:ans|yo|y/o|yrs?))?[,)]")
_CHILD_BACK_RE = re.compile(r"(?<![\w'’-])([A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?)[ \t]*$")
_CHILD_JOIN_RE = re.compile(r"[^\n()]{0,80}?(?:\)[^\n()]{0,4})?[ \t]+(?:and|et|&)[ \t]+")


def _name_like(w: str, lex: Lexicon) -> bool:
    low = w.lower()
    if lex.never_name(low) or low in lex.places:
        return False
    return not (low in lex.frequent and low not in lex.first_names_all)


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for m in scan_at(_HEALTH_RE, text, idx.at(_C_HEALTH)):
        c.add(
            m.start(1), m.end(1), "HEALTH_NUMBER", "grouped digits after a health label", P_LABELLED
        )
    for m in scan_at(_PLAN_RE, text, idx.at(_C_PLAN)):
        letters = re.match(r"[A-Z]+", m.group(1))
        low = letters.group().lower() if letters else ""
        if low in _DOSING or low in lex.drugs or low in lex.clinical or low in lex.frequent:
            continue  # "Plan: BID 250 250 ...", "Plan: PEG 3350 17 g" are regimens
        if re.match(r"[ \t]?(?:g|mg|mcg|ml|mL|units?|x)\b", text[m.end(1) : m.end(1) + 7]):
            continue
        if word_start_ok(text, m.start()) and sum(ch.isdigit() for ch in m.group(1)) >= 6:
            c.add(m.start(1), m.end(1), "ID", "a lettered plan number after its label", P_LABELLED)
    for m in scan_at(_CODE_RE, text, idx.at(_C_CODE_LABEL)):
        if not word_start_ok(text, m.start()):
            continue
        c.add(m.start(1), m.end(1), "ID", "a code after the label of a number", P_LABELLED)
    for m in scan_at(_CELL_RE, text, idx.at(_C_CELL)):
        if word_start_ok(text, m.start()):
            c.add(m.start(1), m.end(1), "ID", "a cell after its label", P_LABELLED)
    for m in scan_at(_DOSSIER_RE, text, idx.at(_C_DOSSIER)):
        if word_start_ok(text, m.start()):
            c.add(m.start(1), m.end(1), "MRN", "a code after a French file label", P_LABELLED)
    months = idx.at(_C_MON)
    for rx in _DATE_RES:
        for m in scan_at(rx, text, months):
            c.add(m.start(1), m.end(1), "DATE", "a month's short name, day and year", P_DATE)
    nums4 = idx.nums(4)
    for m in scan_at(_YMD_SPACED_RE, text, nums4):
        c.add(m.start(1), m.end(1), "DATE", "a year, month and day spaced", P_DATE)
    if "/" in text:
        for m in scan_at(_DM_RANGE_RE, text, idx.nums(2, after="/")):
            a, b, x, y = (int(m.group(i)) for i in range(1, 5))
            if b == y == 10 or not (
                1 <= a <= 31 and 1 <= x <= 31 and 1 <= b <= 12 and 1 <= y <= 12
            ):
                continue  # "05/10-07/10": a score out of ten
            c.add(m.start(1), m.end(2), "DATE", "a range of days and months", P_DATE)
            c.add(m.start(3), m.end(4), "DATE", "a range of days and months", P_DATE)
        for m in scan_at(_DM_TIME_RE, text, idx.nums(1, 2, after="/")):
            n1, n2 = (int(x) for x in m.group(1).split("/"))
            if (0 < n1 <= 31 and 0 < n2 <= 12) or (0 < n1 <= 12 and 0 < n2 <= 31):
                c.add(m.start(1), m.end(1), "DATE", "a day and month before a time", P_DATE)
    for m in scan_at(_FR_RANGE_RE, text, idx.at(_C_DU)):
        if word_start_ok(text, m.start()):
            c.add(m.start(1), m.end(1), "DATE", "the first day of a range", P_DATE)
    if "1-8" in text or "1 8" in text:
        for m in scan_at(_TOLL_RE, text, idx.nums(1, after="- ")):
            c.add(m.start(1), m.end(1), "PHONE", "a toll-free number", P_PHONE)
    if "+" in text:
        for m in _INTL_RE.finditer(text):
            if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_+"):
                continue
            digits = sum(ch.isdigit() for ch in m.group())
            if 9 <= digits <= 15:
                c.add(m.start(), m.end(), "PHONE", "an international number", P_PHONE)
    for m in scan_at(_NOW_AGE_RE, text, idx.at(_C_NOW)):
        # a relative before it: "grandmother, <name>, now 96" (never "pulse now 96")
        if word_start_ok(text, m.start()) and _KIN_BEFORE_RE.search(
            text, max(0, m.start() - 60), m.start()
        ):
            c.add(m.start(1), m.end(1), "AGE", "an age over 89 after 'now'", P_AGE)
    _ages_after_names(c)
    for p in idx.at(_C_MEMORIAL):
        lo = max(0, p - 45, text.rfind("\n", 0, p) + 1)
        mm = _MEMORIAL_RE.search(text, lo, p + 8)
        if mm is not None and mm.end() == p + 8:
            mm = _MEMORIAL_RE.match(text, mm.start())  # again, seeing what follows the head
        if mm is None or mm.end() != p + 8:
            mm = _MEMORIAL_HEAD_RE.search(text, lo, min(len(text), p + 60))
            if mm is None or not mm.start() < p < mm.end():
                continue
        first = re.sub(r"^(?:[A-Z]\.)+[ \t]?", "", mm.group(1)).split()[0]
        low = first.lower()
        # (1.16.0) also a listed surname that is a frequent word ("X Memorial" after a family
        # name) or a region or compass word ("Western Memorial"); never a common or clinical word
        named = (
            low not in lex.common
            and low not in lex.clinical
            and low not in lex.drugs
            and (
                low in _MEMORIAL_COMPASS
                or (low in lex.regions and low not in lex.frequent)
                or low in lex.surnames_all
            )
        )
        if not _name_like(first, lex) and low not in lex.places and not named:
            continue
        if lex.never_name(low) and low not in lex.places and not named:
            continue
        c.add(mm.start(1), mm.end(1), "FACILITY", "a hospital named <place> Memorial", P_FACILITY)
    _keys(c, lex)
    _extend_addresses(c, lex)
    _cities_abroad(c, lex, idx)
    _french_schools(c, lex, idx)
    _more_names(c, lex, idx)
    _false_positives(c, lex)
    for m in scan_at(_NEE_RE, text, idx.at(_C_NEE)):
        if _name_like(m.group(1), lex) or m.group(1).lower() in lex.surnames_all:
            c.add(m.start(1), m.end(1), "NAME", "a maiden name after 'née'", P_NAME)
    for m in _LOWER_INIT_RE.finditer(text):
        gm = _LOWER_GIVEN_BACK_RE.search(text, max(0, m.start() - 16), m.start())
        if gm is None:
            continue
        given = gm.group()
        if given not in lex.first_names_all or given in lex.frequent or lex.never_name(given):
            continue
        c.add(gm.start(), m.end(), "NAME", "a lower-case given name and an initial", P_NAME)
    if "(" in text:
        _children(c, lex)


#: What a street line found may carry around it: a rural route before its site, a unit and a
#: dash before the civic number, a kilometre after a road, an apartment after a comma; a French
#: compound village after the comma that closes the street line.
_RR_BEFORE_RE = re.compile(r"(?<![\w])(?:RR|R\.R\.)[ \t]*\d{1,2},?[ \t]+$")
_UNIT_BEFORE_RE = re.compile(
    r"(?<![\w])(?i:unit|suite|bay|apt\.?|app\.?)[ \t]*\d{1,4}[A-Za-z]?[ \t]*[-–][ \t]*$"
)
_KM_AFTER_RE = re.compile(r"[ \t]+km[ \t]*\d{1,3}(?:[.,]\d)?(?![\w])")
_APT_AFTER_RE = re.compile(
    r",[ \t]*(?i:apt|app|appt|unit|suite|logement)\.?[ \t]*#?[ \t]*\d{1,4}[A-Za-z]?(?![\w])"
)
#: (1.16.0) a rural route after a site or box: "Site 14, Box 3, RR 1"
_RR_AFTER_RE = re.compile(r",[ \t]*(?:RR|R\.R\.)[ \t]*#?[ \t]*\d{1,2}(?![\w])")
_FR_VILLAGE_AFTER_RE = re.compile(
    r",[ \t]*([A-ZÀ-Þ][a-zà-ÿ'’]+(?:-(?:[A-ZÀ-Þ][a-zà-ÿ'’]+|de|du|des|la|le|les|sur|en|à|aux))*"
    r"-[A-ZÀ-Þ][a-zà-ÿ'’]+)(?=[ \t]*(?:\(|,|\n|$|[ \t]{2}|[A-Z]{2}\b))"
)
_STREET_WORD_RE = re.compile(
    r"(?i)(?<![\w])(?:chemin|rue|route|rang|boulevard|boul\.?|avenue|av\.?|montée|côte|allée"
    r"|impasse|place|promenade)(?![\w])"
)


def _extend_addresses(c: Collector, lex: Lexicon) -> None:
    text = c.text
    for k in [k for k in c.cands if k.kind == "ADDRESS"]:
        start, end = k.start, k.end
        lo = max(0, start - 16)
        if text.startswith(("Site", "Box"), start):
            m = _RR_BEFORE_RE.search(text, lo, start)
            if m is not None:
                start = m.start()
        if text[start].isdigit():
            m = _UNIT_BEFORE_RE.search(text, lo, start)
            if m is not None:
                start = m.start()
        m = _KM_AFTER_RE.match(text, end)
        if m is not None and text[end - 2 : end].lower() in ("rd", "ad", "ay", "wy"):
            end = m.end()
        m = _APT_AFTER_RE.match(text, end)
        if m is not None and any(ch.isdigit() for ch in text[k.start : k.end]):
            end = m.end()
        if text.startswith(("Site", "Box", "PO Box", "P.O. Box"), k.start):
            m = _RR_AFTER_RE.match(text, end)
            if m is not None:
                end = m.end()
                town_after_street(c, lex, end)
        if (start, end) != (k.start, k.end):
            c.add(start, end, "ADDRESS", "a street line with its route, unit or km", k.prio)
        if _STREET_WORD_RE.search(text, k.start, k.end):
            v = _FR_VILLAGE_AFTER_RE.match(text, k.end)
            if v is not None and not any(lex.never_name(w) for w in v.group(1).split("-")):
                c.add(v.start(1), v.end(1), "ADDRESS", "a village after a French street", P_TOWN)


# --- a city abroad before its country -------------------------------------------------------------

#: Countries often named after a city in travel and family histories (general knowledge).
_COUNTRIES = (
    "Nigeria|Ghana|Kenya|Uganda|Tanzania|Ethiopia|Somalia|Senegal|Cameroon|Congo|Rwanda|Burundi"
    "|Zimbabwe|Zambia|Malawi|Mozambique|South Africa|Egypt|Morocco|Algeria|Tunisia|Mali"
    "|Côte d['’]Ivoire|Ivory Coast|Haiti|Jamaica|Cuba|Mexico|Guatemala|Honduras|El Salvador"
    "|Nicaragua|Colombia|Venezuela|Peru|Brazil|Chile|Argentina|Bolivia|Ecuador|India|Pakistan"
    "|Bangladesh|Sri Lanka|Nepal|Tibet|China|Japan|Korea|Vietnam|Viet Nam|Thailand|Cambodia"
    "|Laos|Philippines|Indonesia|Malaysia|Lebanon|Liban|Syria|Syrie|Iraq|Irak|Iran|Afghanistan"
    "|Turkey|Turquie|Israel|Jordan|Ukraine|Poland|Pologne|Russia|Romania|Roumanie|Portugal"
    "|Italy|Italie|Spain|Espagne|Greece|Grèce|France|Germany|Allemagne|Ireland|Irlande"
    "|Scotland|Écosse|England|Angleterre|Wales|Netherlands|Belgium|Belgique|Switzerland|Suisse"
    "|Norway|Sweden|Finland|Denmark|Iceland|Australia|New Zealand"
)
_CITY = r"[A-ZÀ-Þ][a-zà-ÿ'’-]{2,20}(?:[ \t][A-ZÀ-Þ][a-zà-ÿ'’-]{2,20})?"
_CITY_ABROAD_RE = re.compile(
    rf"(?<![\w'’.-])({_CITY})(?:[ \t]+(?:and|et|&)[ \t]+({_CITY}))?"
    rf",[ \t]*(?:{_COUNTRIES})(?![\w])"
)
_C_COUNTRY = category(
    "a country after a city",
    lambda lex: [w.split()[0].lower() for w in re.sub(r"\[[^]]*\]", "'", _COUNTRIES).split("|")],
    capital_only=True,
)


def _cities_abroad(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for p in idx.at(_C_COUNTRY):
        lo = max(0, p - 60, text.rfind("\n", 0, p) + 1)
        for m in _CITY_ABROAD_RE.finditer(text, lo, p + 40):
            if m.end() < p or m.start() > p:
                continue
            for g in (1, 2):
                city = m.group(g)
                if city is None:
                    continue
                ws = city.split()
                if any(
                    (w.lower() in lex.frequent and w.lower() not in lex.places) or lex.never_name(w)
                    for w in ws
                ):
                    continue
                c.add(m.start(g), m.end(g), "ADDRESS", "a city before its country", P_TOWN)


# --- French schools, GMF, community health centres ------------------------------------------------

_FR_NAME = r"[A-ZÀ-Þ](?:[a-zà-ÿ'’]+|\.)(?:-[A-ZÀ-Þ](?:[a-zà-ÿ'’]+|\.))*"
_FR_LINK = r"(?:de[ \t]+la[ \t]+|de[ \t]+l['’]|du[ \t]+|des[ \t]+|d['’])"
_FR_SCHOOL_RE = re.compile(
    r"(?<![\w'’-])((?:École|Ecole|Polyvalente|GMF|Centre[ \t]+de[ \t]+santé[ \t]+communautaire)"
    r"(?:[ \t]+(?:primaire|secondaire|élémentaire|intermédiaire|publique))?"
    rf"[ \t]+(?:{_FR_LINK}|de[ \t]+)?(?:(?:Le|La|Les)[ \t]+|L['’])?{_FR_NAME}"
    rf"(?:[ ]{_FR_LINK}{_FR_NAME}|[ ]{_FR_NAME}){{0,3}})(?![\w'’-])"
)
_C_FR_SCHOOL = category(
    "a French school or clinic", "école ecole polyvalente gmf centre", capital_only=True
)
#: Words of a school's or a clinic's kind, never its name ("École Secondaire").
_FR_KIND_WORDS = words(
    """primaire secondaire élémentaire intermédiaire publique privée française anglaise
    internationale familiale médecine santé services service"""
)


def _french_schools(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for m in scan_at(_FR_SCHOOL_RE, text, idx.at(_C_FR_SCHOOL)):
        ws = re.findall(r"[^\W\d_][\w.-]*", m.group(1))[1:]
        names = [w for w in ws if w[0].isupper() and w not in ("Le", "La", "Les")]
        if not names or all(w.lower() in _FR_KIND_WORDS for w in names):
            continue
        # a region may name a centre ("de l'<région>"); an everyday or clinical word may not
        if any(_everyday(w, lex) and w.lower() not in lex.places for w in names):
            continue
        c.add(m.start(1), m.end(1), "FACILITY", "a French school, GMF or health centre", P_FACILITY)


# --- false positives: generic service names, form labels, eponyms of documents ------------------

_WORD_RE = re.compile(r"[^\W\d_]+")
#: What an eponym names when it is not a person: "<Name> manual", "<Name> scale".
_EPONYM_THING_RE = re.compile(
    r"[ \t]+(?:manual|scale|protocol|criteria|score|index|method|technique|questionnaire"
    r"|inventory|classification|algorithm|regimen|maneuver|manoeuvre|taper[ \t]+schedule)(?![\w])"
)
_LABEL_AFTER_RE = re.compile(r"[ \t]*:")
_TITLE_BEFORE_RE = re.compile(r"(?i)(?:dr|dre|mr|mrs|ms|mme|m)\.?[ \t]+$")


def _generic(w: str, lex: Lexicon) -> bool:
    low = w.lower()
    if low in lex.places or low in lex.first_names_all or low in lex.surnames_all:
        return False
    return low in lex.frequent or low in lex.clinical or low in lex.common


def _participle(w: str, lex: Lexicon) -> bool:
    """A verb's -ing form ("Dispensing", "Referring"), never a place or a name ("Kipling")."""
    low = w.lower()
    if not low.endswith("ing") or low in lex.places:
        return False
    if low in lex.surnames_all or low in lex.first_names_all:
        return False
    stem = low[:-3]
    return any(x in lex.frequent for x in (stem, stem + "e", stem[:-1]) if len(x) > 2)


def _false_positives(c: Collector, lex: Lexicon) -> None:
    text = c.text
    n = len(text)
    _fac = frozenset({"FACILITY"})
    _name = frozenset({"NAME"})
    for k in list(c.cands):
        end = k.end
        # cheap looks at what follows first: a colon, or a space before a lower-case word
        if k.kind == "FACILITY":
            if _LABEL_AFTER_RE.match(text, end) is None:
                continue
            ws = _WORD_RE.findall(text[k.start : end])
            if len(ws) == 2 and _participle(ws[0], lex) and _generic(ws[1], lex):
                # "Dispensing pharmacy:", "Referring clinic:": a form's label
                c.veto(k.start, end, _fac)
        elif (
            k.kind == "NAME"
            and end + 1 < n
            and text[end] == " "
            and text[end + 1].islower()
            and _EPONYM_THING_RE.match(text, end)
            and " " not in text[k.start : end]
            and not _TITLE_BEFORE_RE.search(text, max(0, k.start - 6), k.start)
        ):
            c.veto(k.start, end, _name)  # "the <Name> manual"


# --- more names: French logins, witnesses' initials, lower-case names after a role, CO, ----------
# --- "Surname-Surname, Given" after a label --------------------------------------------------

_C_LOGIN = category(
    "before a login or initials", "entré entrée saisi saisie witness witnessed témoin"
)
_C_ROLE_LOWER = category(
    "a lower-case role before a name",
    "counsellor counselor nurse worker pharmacist therapist coach driver receptionist student",
)
_C_CO = category("a correctional officer", "co", capital_only=True)
#: "Entré par nsb", "Witness: OM": a login or initials after a French action or a witness.
_LOGIN_RE = re.compile(
    r"(?:(?i:entrée?|saisie?)[ \t]+(?i:par)[ \t]*:?|(?i:witness(?:ed[ \t]+by)?|témoin)[ \t]*:)"
    r"[ \t]*([A-Z]{2,3}|[a-z]{2,3}|[a-z][a-z0-9._-]{2,29}[a-z0-9])(?![\w@'’-]|\.\w)"
)
#: A lower-case listed given name after a lower-case role: "counsellor maude".
_LOWER_AFTER_ROLE_RE = re.compile(
    r"(?:counsel+or|nurse|worker|pharmacist|therapist|coach|driver|receptionist|student)"
    r"[ \t]+([a-zà-ÿ]{3,15})(?![\w'’-])"
)
#: A correctional officer's surname: "officer CO Varga".
_CO_RE = re.compile(r"CO[ \t]+([A-ZÀ-Þ][a-zà-ÿ'’]{2,20}(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?)(?![\w'’-])")
#: "Surname-Surname, Given" in mixed case after a label's colon.
_HYPHEN_SURNAME_FIRST_RE = re.compile(
    r"[ \t]*([A-ZÀ-Þ][a-zà-ÿ'’]+-[A-ZÀ-Þ][a-zà-ÿ'’]+,[ \t]*([A-ZÀ-Þ][a-zà-ÿ'’]+))(?![\w'’-])"
)


#: Given names that are also words after a role ("nurse will call", "driver may").
_FUNCTION_WORDS = words(
    """will may can bill mark art grace hope faith joy rose june april august sunny dawn
    rich pat sue guy ray jack max frank earl page chase lane reed wade gene carol don
    ken norm sam tim val kit lee dee ed al an la le de du"""
)


#: A name before its role in brackets: "delivery by X (driver)".
_ROLE_AFTER_RE = re.compile(
    r"\((?:driver|chauffeur|nurse|infirmière|infirmier|RN|LPN|RPN|pharmacist|pharmacien"
    r"|pharmacienne|counsel+or|social[ \t]+worker|interpreter|interprète|receptionist"
    r"|secretary|secrétaire|coach|volunteer|bénévole"
    # (1.16.0) more roles of care and office, and a role followed by a shift or a place in the
    # same brackets: "X (hygiéniste)", "X (RN, days)", "X (PSW, evenings)"
    r"|hygienist|hygiéniste|dental[ \t]+hygienist|paramedic|paramédic|PSW|NP|MOA|HCA|CHR|PCA"
    r"|aide|préposée|préposé|dietitian|diététiste|nutritionniste|physio|physiotherapist"
    r"|physiothérapeute|ergothérapeute|OT|PT|SW|technician|technologist|midwife|sage-femme"
    r"|doula|chaplain|aumônier|clerk|commis|dispatcher|répartiteur|répartitrice)"
    r"(?:[ \t]*,[ \t]*[a-zà-ÿ][a-zà-ÿ ]{1,20})?\)"
)
#: (1.16.0) Services and places of a hospital written short, before a role in brackets.
_SERVICE_WORDS = words(
    """emerg emergency triage peds ortho neuro rheum derm onc psych gyne obs cardio resp physio
    rehab outpatients inpatients icu ccu nicu picu pacu ward wards clinic intake telehealth
    urgence urgences soins dialysis dialyse oncology oncologie imaging radiology pharmacy
    pharmacie reception accueil nights days evenings weekends"""
)
_NAME_BEFORE_ROLE_RE = re.compile(r"(?<![\w'’.-])([A-ZÀ-Þ][a-zà-ÿ'’]{2,20})[ \t]*$")


def _more_names(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    if "(" in text:
        for m in _ROLE_AFTER_RE.finditer(text):
            nm = _NAME_BEFORE_ROLE_RE.search(text, max(0, m.start() - 24), m.start())
            if nm is None:
                continue
            w = nm.group(1)
            low = w.lower()
            if _everyday(w, lex) or lex.never_name(w) or low in lex.places:
                continue
            if low not in lex.first_names_all and _plain(low) not in lex.first_names_all:
                # (1.16.0) or a word no list knows: a name no list holds ("X (hygiéniste)")
                if low in lex.frequent or _plain(low) in lex.frequent or low in lex.clinical:
                    continue
                if low in _SERVICE_WORDS:
                    continue  # "Triage (RN)", "Emerg (RN, nights)": a service, not a person
                if low in lex.surnames_all and text[nm.start(1) - 2 : nm.start(1)] == ". ":
                    continue  # a surname after a title is read by the title rules
            c.add(
                nm.start(1), nm.end(1), "NAME", "a given name before its role in brackets", P_NAME
            )
    for m in scan_at(_LOGIN_RE, text, idx.at(_C_LOGIN)):
        w = m.group(1)
        if not word_start_ok(text, m.start()) or lex.never_name(w):
            continue
        # initials in capitals may spell a frequent word ("OM"); a lower-case login may not
        if (w.isupper() and _everyday(w, lex)) or (w.islower() and w in lex.frequent):
            continue
        reason = "a login or initials after a witness or an entry"
        c.add(m.start(1), m.end(1), "NAME", reason, P_NAME)
    for m in scan_at(_LOWER_AFTER_ROLE_RE, text, idx.at(_C_ROLE_LOWER)):
        w = m.group(1)
        if not word_start_ok(text, m.start()):
            continue
        if w not in lex.first_names_all or _everyday(w, lex) or lex.never_name(w):
            continue
        if w in lex.frequent and w in _FUNCTION_WORDS:
            continue
        c.add(m.start(1), m.end(1), "NAME", "a lower-case given name after a role", P_NAME)
    for m in scan_at(_CO_RE, text, idx.at(_C_CO)):
        w = m.group(1)
        if not word_start_ok(text, m.start()) or _generic(w, lex) or lex.never_name(w):
            continue
        c.add(m.start(1), m.end(1), "NAME", "a surname after CO (correctional officer)", P_NAME)
    # "Surname-Surname, Given" after a colon: read in _keys, which visits every colon


def _children(c: Collector, lex: Lexicon) -> None:
    text = c.text
    kids: list[tuple[re.Match[str], re.Match[str]]] = []
    for b in _AGE_BRACKET_RE.finditer(text):
        nm = _CHILD_BACK_RE.search(text, max(0, b.start() - 40), b.start())
        if nm is not None:
            kids.append((nm, b))
    for (n1, b1), (n2, _b2) in itertools.pairwise(kids):
        if _CHILD_JOIN_RE.fullmatch(text, b1.end(), n2.start()) is None:
            continue
        kid1, kid2 = n1.group(1), n2.group(1)
        if not (_name_like(kid1, lex) and _name_like(kid2, lex)):
            continue
        if not (kid1.lower() in lex.first_names_all or kid2.lower() in lex.first_names_all):
            continue
        c.add(n1.start(1), n1.end(1), "NAME", "a child named with an age", P_NAME)
        c.add(n2.start(1), n2.end(1), "NAME", "a child named with an age", P_NAME)


def _listed(w: str, lex: Lexicon) -> bool:
    return w in lex.first_names_all or w in lex.surnames_all


def _surname_first(c: Collector, lex: Lexicon, pos: int) -> None:
    """``Label: Surname-Surname, Given`` in mixed case, the given name listed."""
    m = _HYPHEN_SURNAME_FIRST_RE.match(c.text, pos)
    if m is None:
        return
    sur, given = m.group(1).split(",")[0], m.group(2)
    low = given.lower()
    if low not in lex.first_names_all and _plain(low) not in lex.first_names_all:
        return
    if any(_everyday(p, lex) for p in sur.split("-")):
        return
    c.add(m.start(1), m.end(1), "NAME", "Surname-Surname, Given after a label", P_NAME)


def _rare_name(name: str, lex: Lexicon) -> bool:
    """No everyday word, and one word at least no frequent word ("Tension Artérielle" is)."""
    ws = [w.lower() for w in name.replace("-", " ").split() if not w.islower()]  # not "de"
    if any(_everyday(w, lex) for w in ws):
        return False
    return any(w not in lex.frequent and _plain(w) not in lex.frequent for w in ws)


#: (1.16.0) a given name spelled out by the full name in a key: "X = X Surname"
_GIVEN_KEY_RE = re.compile(
    r"(?<![\w'’-])([A-ZÀ-Þ][a-zà-ÿ'’]{2,20})[ \t]*=[ \t]*(\1[ \t]+"
    r"((?:Ma?c(?=[A-Z]))?[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?))(?![\w'’-])"
)


def _given_keys(c: Collector, lex: Lexicon) -> None:
    """``X = X Surname``: a key spelling a given name out as the full name (1.16.0)."""
    for m in _GIVEN_KEY_RE.finditer(c.text):
        given, surname = m.group(1), m.group(3)
        if any(lex.never_name(w) for w in (given, *surname.split("-"))):
            continue
        c.add(m.start(1), m.end(1), "NAME", "a given name spelled out in a key", P_NAME)
        c.add(m.start(2), m.end(2), "NAME", "the full name a given name stands for", P_NAME)


def _keys(c: Collector, lex: Lexicon) -> None:
    """``AB : Given Surname``: initials spelled out by the name they stand for, then every cell
    holding the same initials."""
    text = c.text
    if ":" not in text and "=" not in text:
        return
    if "=" in text:
        _given_keys(c, lex)
    found: set[str] = set()
    pending: list[tuple[int, int, int, int, str]] = []
    keys_at: list[int] = []
    n = len(text)
    for sep in _KEY_SEP_RE.finditer(text):
        p = sep.start()
        # most colons close a longer label ("Date:"): count the letters before it first
        q = p - 1 if p and text[p - 1] in " \t\u00a0" else p
        k = 0
        while k < 4 and q - k - 1 >= 0 and text[q - k - 1].isalpha():
            k += 1
        if k not in (2, 3, 4):
            continue
        f = p + 1 if p + 1 < n and text[p + 1] in " \t\u00a0" else p
        if f + 1 >= n or not text[f + 1].isupper():
            continue
        if text.find("-", p, p + 40) > 0:
            _surname_first(c, lex, p + 1)
        if k == 4:
            continue  # a longer label: no initials before it
        back = _KEY_BACK_RE.search(text, max(0, p - 5), p)
        if back is None:
            continue
        fwd = _KEY_NAME_RE.match(text, p + 1)
        if fwd is None:
            continue
        ini, name = back.group(1), fwd.group(1)
        if ini.lower() not in _initials_of(name):
            continue
        # the initials spell the name out: a frequent word may be part of it ("Paradis"), a
        # clinical or everyday capitalised term may not
        parts = [w for w in name.replace("-", " ").split() if not w.islower()]  # not "de"
        if any(lex.never_name(w) for w in parts):
            continue
        credential = _KEY_CREDENTIAL_RE.match(text, fwd.end(1)) is not None
        if not credential and not any(
            _listed(w.lower(), lex) or _listed(_plain(w.lower()), lex) for w in parts
        ):
            # "TA : Tension Artérielle": no part of it is a listed name; kept aside, it counts
            # only in a key that already spelled out a listed name nearby
            pending.append((back.start(1), back.end(1), fwd.start(1), fwd.end(1), ini))
            continue
        c.add(back.start(1), back.end(1), "NAME", "staff initials in a key", P_NAME)
        c.add(fwd.start(1), fwd.end(1), "NAME", "the name that initials stand for", P_NAME)
        found.add(ini)
        keys_at.append(back.start(1))
    # (1.21.0) initials or a login another rule already found as a person's (a collector's login
    # in an HL7 field, a log's author) make their key a key of names too
    named = (
        {text[k.start : k.end] for k in c.cands if k.kind == "NAME" and k.prio >= P_NAME}
        if pending
        else set()
    )
    for s1, e1, s2, e2, ini in pending:
        if (any(abs(s1 - at) < 160 for at in keys_at) or ini in named) and _rare_name(
            text[s2:e2], lex
        ):
            c.add(s1, e1, "NAME", "staff initials in a key of names", P_NAME)
            c.add(s2, e2, "NAME", "the name that initials stand for", P_NAME)
            found.add(ini)
    for ini in found:
        for m in re.finditer(rf"(?<![\w'’.-]){re.escape(ini)}(?![\w'’-])", text):
            c.add(m.start(), m.end(), "NAME", "staff initials spelled out in a key", P_NAME)
