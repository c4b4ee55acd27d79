"""Labels before a number: "OHIP #:", "MRN", "WSIB claim #:", "SIN (from the form):".

:func:`_label_kind` reads the label just before a number and says which kind of identifier it
names; :func:`_negative_label` says the number is a product code (DIN, NDC, lot, ICD, form...).
"""

from __future__ import annotations

import re

_LABEL_GROUPS: tuple[tuple[str, str], ...] = (
    (
        "HEALTH_NUMBER",
        r"ohip|hcn|hin|health\s+card(?:\s+number)?|health\s+(?:number|no\.?|#)|health\s+insurance"
        r"(?:\s+number)?|version\s+code|carte\s+(?:santé|sante|soleil)|numéro\s+d'assurance\s+maladie"
        r"|nam|ramq|phn|personal\s+health\s+number|msp|ahcip|mcp|hsn|no\s+de\s+carte\s+santé",
    ),
    (
        "SIN",
        r"sin|social\s+insurance(?:\s+number)?|nas|numéro\s+d'assurance\s+sociale|assurance\s+sociale",
    ),
    ("SSN", r"ssn|ss#|social\s+security(?:\s+number)?|soc\.?\s*sec\.?"),
    (
        "MRN",
        r"mrn|medical\s+record(?:\s+number)?|chart|hospital\s+(?:number|no\.?|#)|patient\s+id|pt\s+id"
        r"|dossier\s+(?:médical|medical)|no\s+de\s+dossier|n°\s+de\s+dossier|unit\s+number|emr\s+id",
    ),
    (
        "ID",
        r"claim|certificate|cert|policy|member|account|acct|licen[cs]e|permis|plate|plaque|serial|s/n"
        r"|rx|prescription|registration|npi|dea|cpso|cno|ocp|cpsbc|cpsa|cmq|oiiq|opq|medicaid|medicare"
        r"|mbi|saaq|cnesst|csst|icbc|wcb|wsib|file|dossier|case\s+(?:number|no\.?|#)|reference|ref"
        r"|beneficiary|insurer|subscriber|group|badge|employee|student|passport|licence\s+plate|vin"
        r"|device|pacemaker|implant|identifier|id|ident|band",
    ),
)

_LABEL_RES = tuple(
    (
        kind,
        re.compile(
            rf"(?i)(?<![\w])(?:{pat})(?:\s+(?:#|no\.?|n°|number|num(?:é|e)ro|id))?"
            r"(?:\s+[a-z]{2,12}){0,2}[\s#:.°-]{0,6}(?:no\.?\s*)?\(?$"
        ),
    )
    for kind, pat in _LABEL_GROUPS
)

_NEG_LABEL_RE = re.compile(
    r"(?i)(?<![\w])(?:din|din-?pin|ndc|npn|lot|batch|icd(?:-?1[01])?|lu(?:\s+code)?|code|form|session|"
    r"room|bed|page|step|item|upc|gtin|imprint|version|cpt|hcpcs|ref\s+range|fax\s+cover|ticket|"
    r"invoice|order|postal|zip|model|catalog(?:ue)?|cat\.?|part)[\s#:.°-]{0,4}(?:no\.?\s*)?$"
)

_PAREN_TAIL_RE = re.compile(r"\([^()\n]{0,90}\)[\s:#]*$")


def _label_window(text: str, start: int) -> str:
    lo = max(0, start - 120)
    window = text[lo:start]
    nl = window.rfind("\n")
    if nl >= 0:
        window = window[nl + 1 :]
    window = (
        _PAREN_TAIL_RE.sub("", window) if window.endswith((")", ") ", "): ", ") : ")) else window
    )
    return window[-60:]


def _label_kind(text: str, start: int) -> str | None:
    window = _label_window(text, start)
    if not window.strip():
        return None
    for kind, rx in _LABEL_RES:
        if rx.search(window):
            return kind
    return None


def _negative_label(text: str, start: int) -> bool:
    window = text[max(0, start - 30) : start]
    return bool(_NEG_LABEL_RE.search(window))
