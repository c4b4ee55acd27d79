"""Numbers: health numbers, SIN and SSN, licences, and numbers that are identifiers by their label.

Formatted numbers (:func:`formatted`), exact rules kept from the first scanner:

- HEALTH_NUMBER: Ontario (10 digits, Luhn, optional version code), BC PHN (mod 11), Quebec RAMQ
  (4 letters + a real encoded birth date); any 10 digits after a health-card label.
- SIN (Luhn, labels widen it), SSN (area/group/serial); Ontario driver's licence shape; DEA and
  NPI check digits; any 8-14 digit number; an alphanumeric code with six digits or more; a
  value after a label (MRN, chart, claim, plate, licence, Rx#, CPSO...). Never after DIN, NDC,
  lot, ICD, form or LU code (``labels.py``).

Numbers by their label (:func:`labelled`):

- A value after a label that names a person's number: employee, staff, user, encounter, visit,
  order, Rx, claim, resident, member, reference, accreditation, registration and licence
  numbers, and a patient's bed or room (``rm 214B``, ``bed 9``, ``chambre 118, lit 2``).
- Ontario health numbers grouped like phone numbers (``17 5841 3478``) when the check digit holds.
- Never: clinic hours (``0900-1600``), a DIN, NDC or lot number, a meeting room (``salle B-104``).
"""

from __future__ import annotations

import re

from phi import checksums
from phi.core import (
    P_CHECKED,
    P_LABELLED,
    P_NUMBER,
    Collector,
)
from phi.index import (
    TextIndex,
    anchored,
    category,
    word_start_ok,
)
from phi.lexicon import Lexicon
from phi.recognizers.dates import _MONTH_NAMES_EN, _MONTH_NAMES_FR
from phi.recognizers.labels import _label_kind, _negative_label

# Ontario / BC style: 10 digits as 4-3-3 (or plain), optional version code.
_HN10_RE = re.compile(r"(?<![\w-])([1-9]\d{3})([ -]?)(\d{3})\2(\d{3})(?:[ -]?([A-Z]{2}))?(?![\w-])")

# PEI health number: 8 digits, often written 4-4 ("1234 5678"); a health number only after a label.
_HN8_RE = re.compile(r"(?<![\w.,/:-])\d{4}[ -]\d{4}(?![\w-]|[.,/:]\d)")

# (1.9.0) a code of capitals and digits after a label: "Clinic #: AB-12345", "ID T-1234", "licence
# XYZ Q-20123", "file C-12-0345", "#AB1234"; three digits or more (never "PHQ-9", "ICD-10")
_PREFIXED_RE = re.compile(
    r"(?<![\w-])(?:[A-Z]{1,5}(?:-\d{2,6}){1,2}|[A-Z]{1,5}\d{4,8})(?![\w-]|[.,/]\d)"
)
_PREFIXED_LABEL_RE = re.compile(
    r"(?i)(?:#[ \t]*:?|(?<![\w])(?:no\.?|n°|ids?|numbers?|num[ée]ro|profile|file|account|client"
    r"|member|case|registration|(?:permis|licen[cs]e|reg\.?)(?:[ \t]+[a-z]{2,6})?)[ \t]*[:#]?)"
    r"[ \t]*$"
)
_PREFIXED_CHAIN_RE = re.compile(r"(?i)(?<![\w])(?:and|et|or|ou)[ \t]+$|,[ \t]*$|&[ \t]*$")

_RAMQ_RE = re.compile(r"(?<![\w-])[A-Z]{4}[ -]?\d{4}[ -]?\d{4}(?![\w-])")

_NINE_RE = re.compile(r"(?<![\w-])(\d{3})([ -]?)(\d{3})\2(\d{3})(?![\w-])")

_SSN_RE = re.compile(r"(?<![\w-])\d{3}([ -])\d{2}\1\d{4}(?![\w-])")

_ON_DL_RE = re.compile(r"(?<![\w-])[A-Z]\d{4}[- ]?\d{5}[- ]?\d{5}(?![\w-])")

_DEA_RE = re.compile(r"(?<![\w-])[A-Z][A-Z9]\d{7}(?![\w-])")

_DIGITS_RE = re.compile(r"(?<![\w.,/-])\d{7,14}(?![\w-]|[.,/]\d)")

_DASHED_RE = re.compile(r"(?<![\w.,/-])\d{2,8}(?:-\d{2,8}){1,3}(?![\w-]|[.,/]\d)")

_NPI_BEFORE_RE = re.compile(r"(?i)npi\W{0,4}$")

_ALNUM_RE = re.compile(
    r"(?<![\w-])(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{1,5}(?:-?[A-Z0-9]{2,12}){1,3}(?![\w-])"
)

_LABELLED_TOKEN_RE = re.compile(
    r"[ \t]*(?:[#:]|no\.?|n°)?[ \t]*\(?"
    r"((?:[A-Z]{1,4}[- ]?)?\d[0-9A-Z]{1,14}(?:[-/][0-9A-Z]{1,12}){0,3}|[A-Z]{1,4}[- ]\d{1,4}"
    r"|[A-Z]{2,4}[ -]?\d{2,4}|\d{2,4}[ -]?[A-Z]{2,4})(?![\w-])"
)


def formatted(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """Health numbers, SIN, SSN, licences, DEA and NPI numbers, numbers by shape and label."""
    text = c.text
    # Ontario health numbers and BC PHNs (4-3-3 or ten digits)
    for m in anchored(_HN10_RE, text, idx.nums(4, 10)):
        digits = m.group(1) + m.group(3) + m.group(4)
        version = m.group(5)
        label = _label_kind(text, m.start())
        if _negative_label(text, m.start()):
            continue
        if digits[0] == "9" and checksums.bc_phn_valid(digits) and not version:
            c.add(
                m.start(), m.end(), "HEALTH_NUMBER", "BC PHN (mod-11 check digit valid)", P_CHECKED
            )
        elif checksums.luhn_valid(digits):
            end = m.end() if version else m.end(4)
            reason = "Ontario health number (Luhn check digit valid)"
            if version:
                reason = "Ontario health number with version code (Luhn check digit valid)"
            if label == "ID" and checksums.npi_valid(digits):
                continue  # handled as an NPI below
            c.add(m.start(), end, "HEALTH_NUMBER", reason, P_CHECKED)
        elif label == "HEALTH_NUMBER" or version:
            c.add(
                m.start(),
                m.end(),
                "HEALTH_NUMBER",
                "health number (labelled; check digit invalid)",
                P_LABELLED,
            )
    # PEI health numbers: 8 digits grouped 4-4 after a health-number label
    for m in anchored(_HN8_RE, text, idx.nums(4)):
        if _label_kind(text, m.start()) == "HEALTH_NUMBER" and not _negative_label(text, m.start()):
            c.add(
                m.start(), m.end(), "HEALTH_NUMBER", "8-digit health number (labelled)", P_LABELLED
            )
    _prefixed_codes(c, idx)
    # Quebec RAMQ: 4 letters + YYMMDD (+50 for women) + 2 digits
    for m in anchored(_RAMQ_RE, text, idx.cap_starts):
        born = checksums.ramq_birth_date(m.group())
        if born is None:
            continue
        date, _sex = born
        reason = "Quebec RAMQ number (valid encoded birth date)"
        if _date_in_text(c.lower[max(0, m.start() - 3000) : m.end() + 3000], date):
            reason = "Quebec RAMQ number (encoded birth date matches a date in the text)"
        c.add(m.start(), m.end(), "HEALTH_NUMBER", reason, P_CHECKED)
    # SSN (dashed or spaced 3-2-4)
    for m in anchored(_SSN_RE, text, idx.nums(3)):
        if checksums.ssn_valid(m.group()) and not _negative_label(text, m.start()):
            c.add(
                m.start(),
                m.end(),
                "SSN",
                "US Social Security number (valid area/group/serial)",
                P_CHECKED,
            )
    # Nine digits: SIN (Luhn) or a labelled SSN/SIN
    for m in anchored(_NINE_RE, text, idx.nums(3, 9)):
        token = m.group()
        if _negative_label(text, m.start()):
            continue
        label = _label_kind(text, m.start())
        if label == "SSN" and checksums.ssn_valid(token):
            c.add(m.start(), m.end(), "SSN", "US Social Security number (labelled)", P_CHECKED)
        elif checksums.sin_valid(token):
            c.add(m.start(), m.end(), "SIN", "Canadian SIN (Luhn check digit valid)", P_CHECKED)
        elif label == "SIN":
            c.add(m.start(), m.end(), "SIN", "SIN (labelled; check digit invalid)", P_LABELLED)
        elif label in ("HEALTH_NUMBER", "MRN", "ID"):
            c.add(
                m.start(),
                m.end(),
                label,
                f"{label.lower().replace('_', ' ')} (labelled)",
                P_LABELLED,
            )
        elif m.group(2):
            c.add(m.start(), m.end(), "ID", "nine-digit identifier (3-3-3 grouping)", P_NUMBER)
    # Ontario driver's licence: A1234-12345-12345
    for m in anchored(_ON_DL_RE, text, idx.cap_starts):
        c.add(m.start(), m.end(), "ID", "Ontario driver's licence number format", P_CHECKED)
    # DEA registration numbers
    for m in anchored(_DEA_RE, text, idx.cap_starts):
        if checksums.dea_valid(m.group()):
            c.add(
                m.start(), m.end(), "ID", "DEA registration number (check digit valid)", P_CHECKED
            )
    # Labelled identifiers of any shape: "MRN: KLM-004417", "plate BXRT 482", "Rx# 2207814"
    _labelled_tokens(c, idx)
    # Long digit runs and dashed numbers: any 8-14 digit identifier (clinical.md section 6.1)
    for m in anchored(_DIGITS_RE, text, idx.nums(7, 8, 9, 10, 11, 12, 13, 14)):
        token = m.group()
        if _negative_label(text, m.start()):
            continue
        label = _label_kind(text, m.start())
        if (
            len(token) == 10
            and checksums.npi_valid(token)
            and label in ("ID", None)
            and (label == "ID" or _NPI_BEFORE_RE.search(text, max(0, m.start() - 10), m.start()))
        ):
            c.add(m.start(), m.end(), "ID", "NPI (Luhn check digit valid)", P_CHECKED)
            continue
        if label is not None:
            c.add(
                m.start(),
                m.end(),
                label,
                f"{label.lower().replace('_', ' ')} (labelled number)",
                P_LABELLED,
            )
        elif len(token) >= 8:
            c.add(m.start(), m.end(), "ID", f"{len(token)}-digit identifier", P_NUMBER)
    for m in anchored(_DASHED_RE, text, idx.nums(2, 3, 4, 5, 6, 7, 8, after="-")):
        token = m.group()
        ndigits = sum(ch.isdigit() for ch in token)
        if ndigits < 7 or _negative_label(text, m.start()):
            continue
        if re.fullmatch(r"(?:1[89]|20)\d\d-(?:(?:1[89]|20)\d\d|\d\d)", token):
            continue  # a range of years
        label = _label_kind(text, m.start())
        if label is not None:
            c.add(
                m.start(),
                m.end(),
                label,
                f"{label.lower().replace('_', ' ')} (labelled number)",
                P_LABELLED,
            )
        elif ndigits >= 8:
            c.add(m.start(), m.end(), "ID", "dashed identifier number", P_NUMBER - 5)
    for m in anchored(_ALNUM_RE, text, idx.cap_starts):
        token = m.group()
        ndigits = sum(ch.isdigit() for ch in token)
        if ndigits < 6 or _negative_label(text, m.start()):
            continue
        label = _label_kind(text, m.start())
        kind = label or "ID"
        c.add(m.start(), m.end(), kind, "alphanumeric identifier", P_NUMBER - 5)


_TRIGGER_PHRASES = [
    "mrn",
    "chart",
    "medical",
    "hospital",
    "patient",
    "claim",
    "certificate",
    "policy",
    "member",
    "licence",
    "license",
    "permis",
    "plate",
    "plaque",
    "serial",
    "s/n",
    "rx",
    "registration",
    "npi",
    "dea",
    "cpso",
    "cno",
    "ocp",
    "cpsbc",
    "cmq",
    "medicaid",
    "medicare",
    "file",
    "dossier",
    "case",
    "account",
    "beneficiary",
    "device",
    "band",
    "status",
]

_LABEL_TRIGGER_RE = re.compile(
    r"(?i)(?:mrn|chart|medical\s+record(?:\s+number)?|hospital\s+number|patient\s+id"
    r"|claim|certificate|policy|member\s+id|licen[cs]e|permis|plate|plaque|serial|s/n|rx|registration"
    r"|npi|dea|cpso|cno|ocp|cpsbc|cmq|medicaid(?:\s+id)?|medicare(?:\s+id)?|file|dossier|case\s+number"
    r"|account|beneficiary|device\s+id|band\s+number|status\s+number)"
)
_C_TRIGGER = category("number label", _TRIGGER_PHRASES)
_ADDRESS_BEFORE_RE = re.compile(r"(?i)(?:address|adresse)[ \t]+(?:on|in|au|du|de)?[ \t]*$")


# after a trigger: "#", "no", ":" and up to two short words ("on file:", "SAAQ :") before the value
_TRIGGER_TAIL_RE = re.compile(
    r"(?:[ \t]*(?:#|no\.?|n°|number|id)?[ \t]*:?)(?:[ \t]+[A-Za-z]{2,8}){0,2}[ \t]*[:#]?"
)


def _prefixed_codes(c: Collector, idx: TextIndex) -> None:
    """A code of capitals and digits after an identifier's label on its line ("Clinic #:",
    "interpreter ID", "licence <BODY>"), or after such a code and "and" ("IDs AB-123 and
    AB-456")."""
    text = c.text
    last_end = -1
    for m in anchored(_PREFIXED_RE, text, idx.cap_starts):
        token = m.group()
        if sum(ch.isdigit() for ch in token) < 3:
            continue
        lo = max(0, m.start() - 30, text.rfind("\n", 0, m.start()) + 1)
        if _negative_label(text, m.start()):
            continue
        chained = last_end >= 0 and bool(_PREFIXED_CHAIN_RE.search(text, last_end, m.start()))
        chained = chained and m.start() - last_end <= 8
        if not chained and _PREFIXED_LABEL_RE.search(text, lo, m.start()) is None:
            continue
        kind = _label_kind(text, m.start()) or "ID"
        if kind not in ("ID", "MRN"):
            kind = "ID"
        c.add(m.start(), m.end(), kind, "code after an identifier's label", P_LABELLED)
        last_end = m.end()


def _labelled_tokens(c: Collector, idx: TextIndex) -> None:
    text = c.text
    for p in idx.at(_C_TRIGGER):
        if not word_start_ok(text, p):
            continue
        m = _LABEL_TRIGGER_RE.match(text, p)
        if m is None:
            continue
        if _ADDRESS_BEFORE_RE.search(text, max(0, p - 24), p):
            continue  # "Home address on file: 41-2853 X Court": a unit and a civic number
        pos = m.end()
        tm = _TRIGGER_TAIL_RE.match(text, pos)
        pos2 = tm.end() if tm else pos
        order = (pos2, pos)
        if pos2 != pos:
            v1, v2 = _LABELLED_TOKEN_RE.match(text, pos), _LABELLED_TOKEN_RE.match(text, pos2)
            if v1 is not None and v2 is not None and v1.end() == v2.end():
                order = (pos, pos2)  # "chart: PRD 55108": the series in capitals is the number's
        for start_at in order:
            vm = _LABELLED_TOKEN_RE.match(text, start_at)
            if vm is None:
                continue
            value = vm.group(1)
            ndigits = sum(ch.isdigit() for ch in value)
            word = m.group().lower()
            plate = word.startswith(("plate", "plaque"))
            if ndigits < (2 if plate else 4):
                continue
            if re.fullmatch(r"(?:19|20)\d\d", value):
                continue
            kind = (
                "MRN"
                if word.startswith(("mrn", "chart", "medical", "hospital", "patient"))
                else "ID"
            )
            if word.startswith("dossier") and "saaq" not in text[m.start() : m.end() + 12].lower():
                kind = "MRN" if _label_kind(text, m.end()) == "MRN" else "ID"
            c.add(vm.start(1), vm.end(1), kind, f"identifier after '{m.group()}'", P_LABELLED)
            break


def _date_in_text(low: str, date: object) -> bool:
    import datetime as dt

    if not isinstance(date, dt.date):
        return False
    forms = {
        date.isoformat(),
        f"{date.year}/{date.month:02d}/{date.day:02d}",
        f"{date.day:02d}/{date.month:02d}/{date.year}",
        f"{date.month:02d}/{date.day:02d}/{date.year}",
        f"{date.day} {_MONTH_NAMES_FR[date.month - 1]} {date.year}",
        f"{date.day} {_MONTH_NAMES_EN[date.month - 1]} {date.year}",
        f"{_MONTH_NAMES_EN[date.month - 1]} {date.day}, {date.year}",
    }
    return any(f.lower() in low for f in forms)


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
    r"employé|d['’]employé|membre|référence|permis|carte|"
    # since 1.7.0: research and billing numbers, a college's or an order's permit number
    r"participant|subject|screening|randomi[sz]ation|billing|permit|"
    r"cpso|cpsa|cpsbc|cpsm|cpss|cpsns|cpsnb|cpsnl|cmq|opq|oiiq|cno|ocp|"
    # since 1.19.0 more of Quebec's professional orders (the Office des professions' list):
    # occupational therapists, physiotherapists, optometrists, dentists, nursing assistants...
    r"oeq|oppq|ooq|odq|oiiaq|opiq|otstcfq|oaq|odlq|ohdq|ordq|optsq|"
    # since 1.8.0: a facility's, a card's or a badge's number, a letter's reference (N/Réf.,
    # V/Réf.), an investigation's or an incident's file
    r"facility|card|matricule|[nv]/r[ée]f\.?|investigation|enquête|enquete|incident|beneficiary|"
    r"dossier[ \t]+d['’](?:investigation|enquête|enquete))"
)
_LABELLED_RE = re.compile(
    rf"(?i)(?<![\w]){_LABEL}[ \t]*(?:(?:id|no\.?|n[°o]|number|num\.?|nbr|#)[ \t]*)?"
    r"(?:de[ \t]+|d['’][ \t]*)?(?:\([^()\n]{1,24}\)[ \t]*)?[:#=]?[ \t]*#?[ \t]*"
    # (1.7.0) a prefix in capitals before the number: a policy's series and a space ("ABC
    # 1234567"), or two dashed codes ("YT-PCP-0917")
    # (1.22.0) or a register's letter and a space: "K 40917"
    r"((?-i:[A-Z]{1,4}[ ](?=\d{5,}(?![\w-]))|(?:[A-Z]{1,4}-){2}(?=\d))?"
    r"(?=[A-Z0-9./-]*\d[A-Z0-9.-]*\d)[A-Z]{0,4}(?:(?<=[A-Z])/|-)?\d[A-Z0-9]*(?:[-.][A-Z0-9]+){0,3})"
    r"(?![\w-])"
)
#: The labels added in 1.7.0 name a number of four digits or more that is no year.
_NEW_LABEL_RE = re.compile(
    r"(?i)participant|subject|screening|randomi[sz]ation|billing|permit|cpso|cpsa|cpsbc|cpsm|"
    r"cpss|cpsns|cpsnb|cpsnl|cmq|opq|oiiq|cno|ocp|oeq|oppq|ooq|odq|oiiaq|opiq|otstcfq|oaq|"
    r"odlq|ohdq|ordq|optsq|facility|card|matricule|[nv]/r[ée]f|"
    r"investigation|enquête|enquete|incident|beneficiary"
)
#: A count, not a number of a person's: "visit 10", "case # 14", "order 2".
_COUNT_LABEL_RE = re.compile(r"(?i)visit|visite|case|encounter|enc|rencontre|order|session")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_NO_LABEL_RE = re.compile(
    r"(?i)(?<![\w])(?:no|n[°o]|num[ée]ro)[ \t]*(?:de[ \t]+|d['’])?(?:employ[ée]e?|"
    r"r[ée]clamation|dossier|membre|client|ordonnance|rencontre|permis|licence|certificat)"
    # the order's or college's acronym after the word: "no de permis OPQ : 123456" (1.7.0)
    r"(?:[ \t]+(?-i:[A-Z]{2,5}))?"
    r"[ \t]*[:#]?[ \t]*((?=[A-Z0-9-]*\d[A-Z0-9-]*\d)[A-Z]{0,4}-?\d[A-Z0-9]*(?:-[A-Z0-9]+){0,3})"
    r"(?![\w-])"
)
_BED_RE = re.compile(
    r"(?i)(?<![\w])(?<!meeting )(?<!exam )(?<!conference )(?<!waiting )(?<!board )"
    r"(?:bed|rm\.?|room|chambre|lit|bunkhouse(?:\s+room)?|cabin|cell|room/bed|ch\./lit|"
    # since 1.19.0 a stretcher's or gurney's place in an emergency room ("civière C-12")
    r"stretcher|gurney|civière|civiere|brancard)"
    r"[ \t]*(?:#|no\.?)?[ \t]*:?[ \t]*"
    # (1.22.0) a wing's two letters before the room's number: "Room LW-208"
    r"((?-i:[A-Z]{2}-\d{2,4}(?![\w-]))|"
    r"[A-Z]?-?\d{1,4}[A-Z]?(?:-[A-Z0-9]{1,4})?(?:[ ][A-F](?![\w'’.-]))?)(?![\w-]|[.,]\d)"
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
    ordonnance dossier employé d membre référence permis carte participant subject screening
    randomisation randomization billing permit cpso cpsa cpsbc cpsm cpss cpsns cpsnb cpsnl cmq
    opq oiiq cno ocp oeq oppq ooq odq oiiaq opiq otstcfq oaq odlq ohdq ordq optsq
    facility card matricule n v investigation enquête enquete incident
    beneficiary""",
)
_C_NO = category("number word", "no n num numéro numero")
#: A videoconference's meeting number (Zoom, Teams, Webex: 9 to 11 digits in groups of 3 or 4)
#: after its label: it leads to the visit, so it identifies it (1.8.0).
_MEETING_ID_RE = re.compile(
    r"(?i:meeting|webinar|conference|réunion|reunion)[ \t]+(?i:id|number|no\.?|#|n°)[ \t]*[:#]?"
    r"[ \t]*(\d{3}[ -]?\d{3,4}[ -]?\d{3,4}(?:[ -]?\d{1,4})?)(?![\w-]|[.,]\d)"
    r"|(?i:id|numéro|numero|n°)[ \t]+(?i:de[ \t]+(?:la[ \t]+)?)(?i:réunion|reunion|conférence)"
    r"[ \t]*:?[ \t]*(\d{3}[ -]?\d{3,4}[ -]?\d{3,4}(?:[ -]?\d{1,4})?)(?![\w-]|[.,]\d)"
)
_C_MEETING = category(
    "a meeting's number (1.8.0)", "meeting webinar conference réunion reunion id numéro numero"
)
_PHONE_SHAPE_RE = re.compile(r"(?:1[-.])?\d{3}[-.]\d{3}[-.]\d{4}$")

_C_BED = category(
    "bed or room",
    "bed rm room chambre lit bunkhouse cabin cell ch stretcher gurney civière civiere brancard",
)


def labelled(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """Numbers named by their label (employee, claim, order, bed...); hours, DINs, lots vetoed."""
    text = c.text
    for m in anchored(_HOURS_RE, text, idx.nums(4)):
        c.veto(m.start(), m.end(), _NUMERIC_KINDS)
    for m in anchored(_CODE_LABEL_RE, text, idx.at(_C_CODE)):
        for g in (1, 2):
            if m.group(g) and not _PHONE_SHAPE_RE.match(m.group(g)):
                # (1.11.0) "completed form to: 1-800-..." is a phone, not the form's code
                c.veto(m.start(g), m.end(g), _NUMERIC_KINDS)
    for rx, starts in ((_LABELLED_RE, idx.at(_C_NUM_LABEL)), (_NO_LABEL_RE, idx.at(_C_NO))):
        for m in anchored(rx, text, starts):
            s, e = m.start(1), m.end(1)
            if _UNIT_AFTER_RE.match(text, e):
                continue  # a quantity (``Rx 30 mg``), not a number
            if _ADDRESS_BEFORE_RE.search(text, max(0, m.start() - 24), m.start()):
                continue  # "address on file: 12-345 X Street"
            if len(m.group(1)) <= 2 and _COUNT_LABEL_RE.match(text, m.start()):
                continue  # "after visit 10", "case # 14": which one, not whose
            if _NEW_LABEL_RE.match(text, m.start()) and (
                sum(ch.isdigit() for ch in m.group(1)) < 4 or _YEAR_RE.fullmatch(m.group(1))
            ):
                continue  # "CPSO 12 mo", "OPQ 2026": a count or a year, no one's number
            c.add(s, e, "ID", "a number after a label that names a person's number", P_LABELLED)
    for m in anchored(_MEETING_ID_RE, text, idx.at(_C_MEETING)):
        g = 1 if m.group(1) else 2
        c.add(m.start(g), m.end(g), "ID", "a videoconference's meeting number", P_LABELLED)
    for m in anchored(_BED_RE, text, idx.at(_C_BED)):
        if _BED_NOT_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()):
            continue
        if m.group(0)[:3].lower() in ("str", "gur", "civ", "bra") and not any(
            ch.isalpha() for ch in m.group(1)
        ):
            continue  # (1.19.0) a stretcher's place has a letter: "stretcher 2 hours" is none
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
