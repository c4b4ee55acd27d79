"""Codes that prove a step was done, practitioners' numbers, an age after a birth date (1.23.0).

- A receipt's or a confirmation's code after its word (``upload receipt RX-40712``, ``fax
  confirmation CF-33391``, ``reçu no 48120``): letters and a dash before four digits or more, or
  five digits or more. Never ``receipt of the forms`` or ``confirmation 2 pages``.
- A mail item's tracking number after ``registered mail``, ``tracking`` or ``courrier
  recommandé``: Canada Post's domestic 16 digits (maybe in groups of four), or the UPU S10 shape
  of international mail (two letters, eight digits, the S10 check digit, two letters).
- A worker's number after a role and ``No.``/``#`` (``Paramedic No. 41-2290``, ``Officer #
  5521``, ``Volunteer no. 88-104``): the ambulance, police and volunteer registers.
- A practitioner's registration in brackets after a credential or a regulatory college's
  acronym (``NP (BCCNM NP-31877)``, ``(OPPQ P-04421)``): a capital or three, maybe a dash, and
  four to seven digits. Never a scale's number (``(PHQ-9)``, ``(GAD-7)``: fewer than four digits).
- A notary's minute number (Quebec's acts are numbered ``minute``): ``(minute 6638)``, ``minute no
  6638``, after ``notaire`` or ``notarié`` in the same sentence.
- A contract's, a certificate's or a policy's number in groups after its label (``No de
  certificat : 0044 551 902``, ``certificate no. 0044 551 902``): the whole of it, not its first
  group.
- A chart's number of letters, a dash and digits after ``Chart:``/``Dossier :`` (``Chart:
  QXRT-33018``): MRN.
- An age over 89 in brackets right after a date of birth (``Date of birth: 3 May 1935 (92)``,
  ``née le 9 mai 1935 (92 ans)``).
"""

from __future__ import annotations

import re

from phi.core import P_AGE, P_LABELLED, Collector
from phi.index import TextIndex
from phi.lexicon import Lexicon

#: a code: capitals and a dash before four digits or more, or five digits or more
_CODE = r"(?:[A-Z]{1,4}-?\d{4,10}|\d{5,12})"
_PROOF_RE = re.compile(
    r"(?i)(?:receipt|confirmation|reçu|recu)[ \t]*(?:#|no\.?|n°|number|numéro)?[ \t]*:?[ \t]*"
    rf"((?-i:{_CODE}))(?![\w-])"
)
_TRACKING_RE = re.compile(
    r"(?i)(?:registered[ \t]+mail|tracking|courrier[ \t]+recommandé|courrier[ \t]+recommande"
    r"|xpresspost|priority[ \t]+post)[ \t]*(?:#|no\.?|n°|number|numéro|pin)?[ \t]*:?[ \t]*"
    r"(\d{4}[ ]\d{4}[ ]\d{4}[ ]\d{4}|\d{16}|(?-i:[A-Z]{2}[ ]?\d{3}[ ]?\d{3}[ ]?\d{3}[ ]?[A-Z]{2}))"
    r"(?![\w-])"
)
_ROLE_NO_RE = re.compile(
    r"(?i)(?<![\w-])(?:paramedic|medic|officer|constable|firefighter|volunteer|bénévole|benevole"
    r"|responder|driver|staff|badge)[ \t]+(?:no\.?|#|number|numéro|n°)[ \t]*:?[ \t]*"
    r"(\d{2,3}-\d{3,6}|(?-i:[A-Z]{1,3})-?\d{3,7}|\d{4,8})(?![\w-])"
)
_REGISTRATION_RE = re.compile(r"\((?:[A-Z]{3,6}[ \t]+)?((?:[A-Z]{1,3}-?)\d{4,7})\)")
#: a credential or a college's acronym just before the bracket (``NP (``)
_CREDENTIAL_BEFORE_RE = re.compile(r"(?<![\w-])[A-Z]{2,5}[ \t]*\Z")
_MINUTE_RE = re.compile(
    r"(?i)(?<![\w-])minute[ \t]*(?:no\.?|n°|numéro|#)?[ \t]*:?[ \t]*(\d{3,6})(?![\w,.-])"
)
_GROUPED_RE = re.compile(
    r"(?i)(?<![\w-])(?:(?:no|n°|numéro|numero)[ \t]+(?:de[ \t]+|du[ \t]+)?"
    r"(?:certificat|contrat|police|membre)|(?:certificate|contract|policy|member)[ \t]+"
    r"(?:no\.?|#|number))[ \t]*:?[ \t]*(\d{2,5}(?:[ ]\d{3,4}){1,3})(?![\w-])"
)
_CHART_RE = re.compile(
    r"(?i)(?<![\w-])(?:chart|dossier)[ \t]*(?:#|no\.?)?[ \t]*:[ \t]*((?-i:[A-Z]{2,6}-\d{4,9}))"
    r"(?![\w-])"
)
_BIRTH_RE = re.compile(
    r"(?i)(?:date[ \t]+of[ \t]+birth|birth[ \t]*date|\bDOB|\bborn|\bnée?|naissance|\bDDN)\b"
)
_AGE_AFTER_RE = re.compile(
    r"[ \t]*\([ \t]*(9\d|1[01]\d)(?:[ \t]*(?:y|yo|ans|years?|yrs?))?[ \t]*\)"
)
#: S10 (UPU): weights of the eight serial digits; the check digit is 11 - sum % 11 (10 -> 0,
#: 11 -> 5)
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_ok(code: str) -> bool:
    """An international mail item's number (UPU S10: ``RR 123 456 785 CA``) with its check."""
    digits = [ch for ch in code if ch.isdigit()]
    if len(digits) != 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], _S10_WEIGHTS, strict=True))
    check = 11 - total % 11
    check = {10: 0, 11: 5}.get(check, check)
    return check == int(digits[8])


def at_words(c: Collector, rx: re.Pattern[str], *words: str) -> list[re.Match[str]]:
    """Matches of ``rx`` tried only where one of ``words`` starts a word (lower case)."""
    text, lower = c.text, c.lower
    out = []
    for word in words:
        pos = lower.find(word)
        while pos >= 0:
            if pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in "_-"):
                m = rx.match(text, pos)
                if m is not None:
                    out.append(m)
            pos = lower.find(word, pos + 1)
    return out


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for m in at_words(c, _PROOF_RE, "receipt", "confirmation", "reçu", "recu"):
        c.add(m.start(1), m.end(1), "ID", "a receipt's or a confirmation's code", P_LABELLED)
    for m in at_words(
        c, _TRACKING_RE, "registered", "tracking", "courrier", "xpresspost", "priority"
    ):
        code = m.group(1)
        if code[0].isalpha() and not s10_ok(code):
            continue
        c.add(m.start(1), m.end(1), "ID", "a mail item's tracking number", P_LABELLED)
    for m in at_words(
        c,
        _ROLE_NO_RE,
        "paramedic",
        "medic",
        "officer",
        "constable",
        "firefighter",
        "volunteer",
        "bénévole",
        "benevole",
        "responder",
        "driver",
        "staff",
        "badge",
    ):
        c.add(m.start(1), m.end(1), "ID", "a worker's number after the role", P_LABELLED)
    name_ends: set[int] = set()
    pos = text.find("(")
    while pos >= 0:
        rm = _REGISTRATION_RE.match(text, pos)
        if rm is not None and not name_ends:
            name_ends = {k.end for k in c.cands if k.kind == "NAME"} or {-2}
        if rm is not None and (
            _CREDENTIAL_BEFORE_RE.search(text, max(0, pos - 8), pos)
            or pos in name_ends
            or pos - 1 in name_ends
        ):
            c.add(
                rm.start(1),
                rm.end(1),
                "ID",
                "a practitioner's registration in brackets",
                P_LABELLED,
            )
        pos = text.find("(", pos + 1)
    for m in at_words(c, _MINUTE_RE, "minute"):
        stop = max(text.rfind(".", 0, m.start()), text.rfind("\n\n", 0, m.start()))
        before = c.lower[max(stop + 1, m.start() - 160, 0) : m.start()]
        if "notai" in before or "notari" in before:
            c.add(m.start(1), m.end(1), "ID", "a notary's minute number", P_LABELLED)
    stems = ("certific", "contra", "polic", "membre", "member")
    grouped_labels = ("no", "n°", "numéro", "numero", "certificate", "contract", "policy", "member")
    for m in at_words(c, _GROUPED_RE, *grouped_labels) if any(w in c.lower for w in stems) else ():
        c.add(m.start(1), m.end(1), "ID", "a labelled number in groups, whole", P_LABELLED)
    for m in at_words(c, _CHART_RE, "chart", "dossier"):
        c.add(m.start(1), m.end(1), "MRN", "a chart's code of letters and digits", P_LABELLED)
    for k in [k for k in c.cands if k.kind == "DATE"]:
        am = _AGE_AFTER_RE.match(text, k.end)
        if am is None:
            continue
        line = text.rfind("\n", 0, k.start) + 1
        if _BIRTH_RE.search(text, max(line, k.start - 60), k.start):
            c.add(am.start(1), am.end(1), "AGE", "an age over 89 after a date of birth", P_AGE)
