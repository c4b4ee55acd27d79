"""Numbers that are identifiers by their label, and numbers that never are.

- A value after a label that names a person's number: employee, staff, user, encounter, visit,
  order, Rx, claim, resident, member, reference, accreditation, registration and licence
  numbers, and a patient's bed or room (``rm 214B``, ``bed 9``, ``chambre 118, lit 2``).
- Ontario health numbers grouped like phone numbers (``17 5841 3478``) when the check digit holds.
- Never: clinic hours (``0900-1600``), a DIN, NDC or lot number, a meeting room (``salle B-104``).
"""

from __future__ import annotations

import re

from phi import checksums
from phi.core import P_CHECKED, P_LABELLED, Collector
from phi.index import TextIndex, anchored, category
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
_BED_NOT_BEFORE_RE = re.compile(r"(?i)(?:salle|meeting|exam|conference|waiting|board)\s*$")
_HN_GROUPED_RE = re.compile(r"(?<![\w-])(\d{2})[ -](\d{4})[ -](\d{4})(?![\w-])")
_UNIT_AFTER_RE = re.compile(
    r"[ \t]*(?:mg|mcg|ml|mL|g|kg|mm|cm|m|h|hr|hrs|min|days?|x)(?!\w)|[ \t]*[%/]"
)


_C_CODE = category("product code label", "din ndc lot lots npn upc sku noc product item form")
_C_NUM_LABEL = category(
    "number label (numbers)",
    """emp employee staff user worker badge encounter enc visit order rx prescription claim
    resident member client reference ref insurer accreditation registration reg college licence
    license lic certificate policy file case account status treaty band enrolment enrollment
    tribal medicaid medicare mbi nihb odsp wsib cspaat rencontre visite réclamation reclamation
    ordonnance dossier employé d membre référence permis carte""",
)
_C_NO = category("number word", "no n num numéro numero")
_C_BED = category("bed or room", "bed rm room chambre lit bunkhouse cabin cell ch")


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for m in anchored(_HOURS_RE, text, idx.nums(4)):
        c.veto(m.start(), m.end(), _NUMERIC_KINDS)
    for m in anchored(_CODE_LABEL_RE, text, idx.at(_C_CODE)):
        for g in (1, 2):
            if m.group(g):
                c.veto(m.start(g), m.end(g), _NUMERIC_KINDS)
    for rx, starts in ((_LABELLED_RE, idx.at(_C_NUM_LABEL)), (_NO_LABEL_RE, idx.at(_C_NO))):
        for m in anchored(rx, text, starts):
            s, e = m.start(1), m.end(1)
            if _UNIT_AFTER_RE.match(text, e):
                continue  # a quantity (``Rx 30 mg``), not a number
            c.add(s, e, "ID", "a number after a label that names a person's number", P_LABELLED)
    for m in anchored(_BED_RE, text, idx.at(_C_BED)):
        if _BED_NOT_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()):
            continue
        c.add(m.start(1), m.end(1), "ID", "a patient's bed or room number", P_LABELLED)
    for m in anchored(_HN_GROUPED_RE, text, idx.nums(2, after=" -")):
        value = m.group(1) + m.group(2) + m.group(3)
        if checksums.ontario_hn_valid(value):
            c.add(
                m.start(),
                m.end(),
                "HEALTH_NUMBER",
                "Ontario health number (check digit)",
                P_CHECKED,
            )
