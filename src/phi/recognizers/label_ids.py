"""Codes after labels the other rules do not read (since 1.18.0), and a labelled code's list.

- A vehicle's plate after its province's or state's code (``truck plate NS KRT42``): Canada
  Post's and USPS's two-letter codes.
- Tags of equipment lent to a person (``cylinder tags QRM-4410``, ``asset tag: HX-20931``) and a
  cemetery plot (``plot F-7-31``): a code with a hyphen or both letters and digits.
- An identifier's ``ID`` whose series has two letter groups (``ID: WB-K30318``).
- A number stated after its label and ``is`` (``the claim number is 42 118 907``).
- Since 1.21.0: a ticket's, an incident's, a referral's, a merge batch's or a custody form's code
  after its label (``ticket INC0412277``, ``referral (RF-26-30917)``).
- A chart's number after ``Dossier`` and the name of the clinic that keeps it (``Dossier CLSC :
  CLSC-N 40271``): MRN.
- The rest of a list of codes after a labelled one, of the very same shape (``serial R 71QX0042, L
  71QX0057``, ``tags QRM-4410 to QRM-4417``): the same letters, digits and joiners, in place.
"""

from __future__ import annotations

import re

from phi.core import P_LABELLED, Collector
from phi.index import TextIndex
from phi.lexicon import Lexicon

#: Canada Post's province and territory codes and USPS's state codes
_REGIONS = (
    "AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT|AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA"
    "|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
_PLATE_RE = re.compile(
    rf"(?i)plate[ \t]*(?:#|no\.?)?[ \t]*:?[ \t]*((?-i:(?:{_REGIONS})[ \t-]"
    r"(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{2,4}(?:[ -]?[A-Z0-9]{2,4})?))(?![\w-])"
)
_TAG_RE = re.compile(
    r"(?i)(?:tags?|plot)[ \t]*(?:#|no\.?)?[ \t]*:?[ \t]*"
    r"((?-i:(?=[A-Z0-9-]*\d)(?=[0-9-]*[A-Z])[A-Z0-9]{1,5}-[A-Z0-9]{1,6}(?:-[A-Z0-9]{1,6}){0,2}"
    r"|[A-Z]{1,4}\d{3,}))(?![\w-])"
)
#: Since 1.21.0: a ticket's, an incident's, a referral's or a merge batch's code after its label,
#: maybe in brackets (``ticket INC7730415``, ``referral (RF-26-30917)``, ``merge batch
#: QX-2026-W10-02``): three digits or more, a letter or a joiner among them.
_TICKET_RE = re.compile(
    r"(?i)(?:ticket|incident|referral|référence|merge[ \t]+batch|print[ \t]+batch|custody[ \t]+form"
    r"|service[ \t]+request)[ \t]*(?:#|no\.?|number|id)?[ \t]*[:(]?[ \t]*"
    r"((?-i:(?=[A-Z0-9-]*[A-Z-])(?=(?:[A-Z-]*\d){3})[A-Z0-9]{1,12}(?:-[A-Z0-9]{1,8}){0,4}|\d{5,12}))(?![\w-])"
)
#: Since 1.22.0: a vendor's or a submission's batch, a fax or call log's entry, a coroner's or
#: an office's file note (``vendor batch QX-2027Q3-40112``, ``fax log 3310-02``, ``file note
#: CR-40917``), the same code shapes as a ticket's.
_LOG_RE = re.compile(
    r"(?i)(?:vendor[ \t]+batch|submission[ \t]+batch|upload[ \t]+batch|billing[ \t]+batch"
    r"|fax[ \t]+log|call[ \t]+log|file[ \t]+note)[ \t]*(?:#|no\.?|number|id|entry)?"
    r"[ \t]*[:(]?[ \t]*"
    r"((?-i:(?=[A-Z0-9-]*[A-Z-])(?=(?:[A-Z-]*\d){3})[A-Z0-9]{1,12}(?:-[A-Z0-9]{1,8}){0,4}|\d{5,12}))"
    r"(?![\w-])"
)
#: Since 1.22.0: an audio conference's number (``conference 4417 2093#``), a workplace
#: insurer's firm number (``Firm number: 481 2290``), Quebec's place-of-service code and a
#: professional's billing number (``code de lieu 93117``, ``No de professionnel : 1-23456-7``).
_CONFERENCE_RE = re.compile(
    r"(?i)(?<!\w)(?:audio[ \t]+)?conference[ \t]*(?:id|no\.?|number|#)?[ \t]*:?[ \t]*"
    r"(\d{3,4}[ -]\d{3,4}(?:[ -]\d{3,4})?)#?(?![\w-])"
)
_FIRM_RE = re.compile(
    r"(?i)(?<!\w)firm[ \t]+(?:number|no\.?|#)[ \t]*:?[ \t]*(\d{3}[ -]?\d{4}|\d{6,9})(?![\w-])"
)
_QC_CODES_RE = re.compile(
    r"(?i)(?<!\w)(?:code[ \t]+(?:de[ \t]+|du[ \t]+)?(?:lieu|localité|localite|établissement"
    r"|etablissement)|(?:no|n°|numéro|numero)[ \t]+(?:de[ \t]+|du[ \t]+)?(?:professionnel"
    r"|dispensateur|facturation))[ \t]*:?[ \t]*(\d-\d{5}-\d|\d{5,9})(?![\w-])"
)
_ID_TWO_GROUPS_RE = re.compile(r"ID[ \t]*[:#][ \t]*([A-Z]{1,4}-[A-Z]{1,3}\d{4,}[A-Z0-9]*)(?![\w-])")
#: read back from " is " or " was ": the label before it, then the number after it
_IS_BEFORE_RE = re.compile(
    r"(?i)(?<![\w-])(?:claim|file|case|policy|member|account|certificate|licen[cs]e|registration"
    r"|badge|employee|permit)[ \t]+(?:number|no\.?|#)\Z"
)
_IS_VALUE_RE = re.compile(
    r"[ \t]+(?:is|was)[ \t]+(\d{2,3}(?:[ ]\d{3}){2,3}|\d{6,12})(?![\w-]|[.,]\d)"
)
_DOSSIER_RE = re.compile(
    r"(?:[Dd]ossier|[Cc]hart)[ \t]+[A-Z]{2,5}[ \t]*:[ \t]*"
    r"([A-Z]{2,5}(?:-[A-Z]{1,3})?[ \t-]?\d{4,})(?![\w-])"
)
#: what joins the codes of a list: a comma, "and", "to", a dash; a side ("R", "L") may lead each
_NEXT_RE = re.compile(
    r"[ \t]*(?:,|;|and|to|through|thru|et|à|-|–|/|&)[ \t]*(?:(?:R|L|OD|OS|left|right)[ \t]+)?"
    r"([A-Za-z0-9][A-Za-z0-9-]{3,24})(?![\w-])"
)


def _shape(code: str) -> str:
    return "".join("9" if ch.isdigit() else "A" if ch.isalpha() else ch for ch in code)


def _at_words(c: Collector, rx: re.Pattern[str], *words: str) -> list[re.Match[str]]:
    """Matches of ``rx`` tried only where one of ``words`` starts a word (found with str.find)."""
    text, lower = c.text, c.lower
    out = []
    for word in words:
        pos = lower.find(word) if word.islower() else text.find(word)
        while pos >= 0:
            if pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in "_-"):
                m = rx.match(text, pos)
                if m is not None:
                    out.append(m)
            pos = lower.find(word, pos + 1) if word.islower() else text.find(word, pos + 1)
    return out


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    for m in _at_words(c, _PLATE_RE, "plate"):
        c.add(m.start(1), m.end(1), "ID", "a plate after its province's code", P_LABELLED)
    for m in _at_words(c, _TAG_RE, "tag", "plot"):
        c.add(m.start(1), m.end(1), "ID", "a tag's or plot's code", P_LABELLED)
    for m in _at_words(
        c,
        _TICKET_RE,
        "ticket",
        "incident",
        "referral",
        "référence",
        "merge",
        "print",
        "custody",
        "service",
    ):
        c.add(
            m.start(1), m.end(1), "ID", "a ticket's or referral's code after its label", P_LABELLED
        )
    for m in _at_words(
        c, _LOG_RE, "vendor", "submission", "upload", "billing", "fax", "call", "file"
    ):
        c.add(m.start(1), m.end(1), "ID", "a batch's, log's or file note's code", P_LABELLED)
    for rx, words_, why in (
        (_CONFERENCE_RE, ("conference", "audio"), "an audio conference's number"),
        (_FIRM_RE, ("firm",), "a firm number"),
        (_QC_CODES_RE, ("code", "no ", "n°", "numéro", "numero"), "a place or billing number"),
    ):
        for m in _at_words(c, rx, *words_):
            c.add(m.start(1), m.end(1), "ID", why, P_LABELLED)
    for m in _at_words(c, _ID_TWO_GROUPS_RE, "ID"):
        c.add(m.start(1), m.end(1), "ID", "an identifier of two letter groups", P_LABELLED)
    text = c.text
    for word in (" is ", " was "):
        pos = text.find(word)
        while pos >= 0:
            value = _IS_VALUE_RE.match(text, pos)
            if value is not None and _IS_BEFORE_RE.search(text, max(0, pos - 40), pos):
                c.add(
                    value.start(1),
                    value.end(1),
                    "ID",
                    "a number after its label and 'is'",
                    P_LABELLED,
                )
            pos = text.find(word, pos + 1)
    for m in _at_words(c, _DOSSIER_RE, "Dossier ", "dossier ", "Chart ", "chart "):
        c.add(m.start(1), m.end(1), "MRN", "a chart number after its clinic", P_LABELLED)
    _lists(c)
    _wing_rooms(c)


#: Since 1.22.0: a room numbered with its wing's two letters (``Room LW-208``)
_WING_ROOM_RE = re.compile(r"[A-Z]{2}-\d{2,4}")


def _wing_rooms(c: Collector) -> None:
    """Since 1.22.0: once a room is found with its wing's letters (``Room LW-208``), the other
    rooms of that wing are rooms too, wherever they are written (``LW-211 X: for transfer``)."""
    text = c.text
    shapes = {
        (text[k.start : k.start + 3], k.end - k.start - 3)
        for k in c.cands
        if k.kind == "ID" and _WING_ROOM_RE.fullmatch(text[k.start : k.end])
    }
    for prefix, width in shapes:
        for m in re.finditer(rf"(?<![\w-]){re.escape(prefix)}\d{{{width}}}(?![\w-])", text):
            c.add(m.start(), m.end(), "ID", "a room of the same wing", P_LABELLED)


def _lists(c: Collector) -> None:
    """The codes after a labelled code of an ID's or MRN's kind, of its very shape."""
    text = c.text
    ids = [k for k in c.cands if (k.kind == "ID" or k.kind == "MRN") and k.prio >= P_LABELLED]
    seen = {(k.start, k.end) for k in ids}
    todo = [(k.end, text[k.start : k.end], k.kind) for k in ids if k.end - k.start >= 5]
    while todo:
        end, code, kind = todo.pop()
        if not any(ch.isdigit() for ch in code):
            continue
        m = _NEXT_RE.match(text, end)
        if m is None or m.group(1) == code:
            continue
        # a side before the first code is read apart: "R 71QX0042, L 71QX0057"
        if _shape(m.group(1)) not in (_shape(code), _shape(code.split()[-1])):
            continue
        if (m.start(1), m.end(1)) in seen:
            continue
        seen.add((m.start(1), m.end(1)))
        c.add(m.start(1), m.end(1), kind, "the next code of a labelled code's list", P_LABELLED)
        todo.append((m.end(1), m.group(1), kind))
