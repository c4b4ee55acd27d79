"""Numbers that are identifiers by their label, and numbers that never are.

- A value after a label that names a person's number: employee, staff, user, encounter, visit,
  order, Rx, claim, resident, member, reference, accreditation, registration and licence
  numbers, and a patient's bed or room (``rm 214B``, ``bed 9``, ``chambre 118, lit 2``).
- Ontario health numbers grouped like phone numbers (``17 5841 3478``) when the check digit holds.
- Never: clinic hours (``0900-1600``), a DIN, NDC or lot number, a meeting room (``salle B-104``).
"""

from __future__ import annotations

import re
from typing import Any

from phi import checksums
from phi.core import P_CHECKED, P_LABELLED, Collector, finditer_folded, folded
from phi.lexicon import Lexicon

_NUMERIC_KINDS = frozenset({"ID", "MRN", "AGE", "PHONE", "HEALTH_NUMBER", "DATE"})

_HOURS_RE = re.compile(
    r"(?<![\w/.-])(?:[01]\d|2[0-4])[0-5]\d[ \t]?[-–][ \t]?(?:[01]\d|2[0-4])[0-5]\d(?![\w/-])"
)
_CODE_LABEL_RE = re.compile(
    r"(?<![\w])(?i:din|ndc|lot|lots|lot\s+numbers?|npn|upc|sku|noc|product\s+codes?|item|"
    r"form)(?![\w])[^\n\d]{0,40}?(?<![\w-])((?:[A-Z]{0,3}\d[A-Z0-9]*)(?:[-.][A-Z0-9]+){0,3})"
    r"(?:[ \t]*,[ \t]*([A-Z0-9-]{3,14}))?"
)

_LABEL = (
    r"(?:emp(?:loyee)?\.?|staff|user|worker|badge|encounter|enc\.?|visit|order|rx|"
    r"prescription|claim|resident|member|client|reference|ref\.?|insurer\s+ref\.?|accreditation|"
    r"registration|reg\.?|college\s+reg\.?|licen[cs]e|lic\.?|certificate|policy|"
    r"policy\s*/\s*certificate|file|case|account|status(?:\s+card)?|treaty|band\s+(?=no|num|#)|"
    r"enrol(?:l)?ment|tribal\s+enrol(?:l)?ment|medicaid|medicare(?:\s+mbi)?|mbi|nihb|odsp|"
    r"wsib(?:\s+claim)?|cspaat|rencontre|visite|réclamation|ordonnance|dossier|"
    r"employé|d['’]employé|membre|référence|permis|carte)"
)
_LABELLED_RE = re.compile(
    rf"(?i)(?<![\w]){_LABEL}[ \t]*(?:(?:id|no\.?|n[°o]|number|num\.?|nbr|#)[ \t]*)?"
    r"(?:de[ \t]+|d['’][ \t]*)?[:#=]?[ \t]*#?[ \t]*"
    r"((?=[A-Z0-9.-]*\d[A-Z0-9.-]*\d)[A-Z]{0,4}[-]?\d[A-Z0-9]*(?:[-.][A-Z0-9]+){0,3})(?![\w-])"
)
_NO_LABEL_RE = re.compile(
    r"(?i)(?<![\w])(?:no|n[°o]|num[ée]ro)[ \t]*(?:de[ \t]+|d['’])?(?:employ[ée]e?|"
    r"r[ée]clamation|dossier|membre|client|ordonnance|rencontre|permis|licence|certificat)"
    r"[ \t]*[:#]?[ \t]*((?=[A-Z0-9-]*\d[A-Z0-9-]*\d)[A-Z]{0,4}-?\d[A-Z0-9]*(?:-[A-Z0-9]+){0,3})"
    r"(?![\w-])"
)
_BED_RE = re.compile(
    r"(?i)(?<![\w])(?<!meeting )(?<!exam )(?<!conference )(?<!waiting )(?<!board )"
    r"(?:bed|rm\.?|room|chambre|lit|bunkhouse(?:\s+room)?|cabin|cell|room/bed|ch\./lit)"
    r"[ \t]*(?:#|no\.?)?[ \t]*:?[ \t]*"
    r"([A-Z]?-?\d{1,4}[A-Z]?(?:-[A-Z0-9]{1,4})?)(?![\w-]|[.,]\d)"
)
_LABELLED_LOW = folded(_LABELLED_RE)
_NO_LABEL_LOW = folded(_NO_LABEL_RE)
_BED_LOW = folded(_BED_RE)
_BED_NOT_BEFORE_RE = re.compile(r"(?i)(?:salle|meeting|exam|conference|waiting|board)\s*$")
_HN_GROUPED_RE = re.compile(r"(?<![\w-])(\d{2})[ -](\d{4})[ -](\d{4})(?![\w-])")
_UNIT_AFTER_RE = re.compile(
    r"[ \t]*(?:mg|mcg|ml|mL|g|kg|mm|cm|m|h|hr|hrs|min|days?|x)(?!\w)|[ \t]*[%/]"
)


def recognize(c: Collector, lex: Lexicon, idx: Any) -> None:
    text = c.text
    for m in _HOURS_RE.finditer(text):
        c.veto(m.start(), m.end(), _NUMERIC_KINDS)
    for m in _CODE_LABEL_RE.finditer(text):
        for g in (1, 2):
            if m.group(g):
                c.veto(m.start(g), m.end(g), _NUMERIC_KINDS)
    for rx, low in ((_LABELLED_RE, _LABELLED_LOW), (_NO_LABEL_RE, _NO_LABEL_LOW)):
        for m in finditer_folded(c, rx, low):
            s, e = m.start(1), m.end(1)
            if _UNIT_AFTER_RE.match(text, e):
                continue  # a quantity (``Rx 30 mg``), not a number
            c.add(s, e, "ID", "a number after a label that names a person's number", P_LABELLED)
    for m in finditer_folded(c, _BED_RE, _BED_LOW):
        if _BED_NOT_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()):
            continue
        c.add(m.start(1), m.end(1), "ID", "a patient's bed or room number", P_LABELLED)
    for m in _HN_GROUPED_RE.finditer(text):
        value = m.group(1) + m.group(2) + m.group(3)
        if checksums.ontario_hn_valid(value):
            c.add(
                m.start(),
                m.end(),
                "HEALTH_NUMBER",
                "Ontario health number (check digit)",
                P_CHECKED,
            )
