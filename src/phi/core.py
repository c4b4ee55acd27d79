"""What every recognizer shares: the finding, the candidate collector and the priorities.

Each recognizer adds candidate spans with a priority to one :class:`Collector`; overlapping
candidates are resolved by priority, then length (see :func:`resolve`). A recognizer may also
*veto* a stretch of text for some kinds (a DIN column, a clinic's opening hours), so that no
candidate of those kinds lying inside it is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

# Plain words a clinician reads, one per kind (the ``reason`` field keeps the rule's own words).
PLAIN_REASONS = {
    "NAME": "looks like a person's name",
    "DATE": "looks like a date tied to a person (birth, visit, admission)",
    "AGE": "an age over 89, which identifies a person",
    "PHONE": "looks like a phone or fax number",
    "EMAIL": "an email address",
    "ADDRESS": "looks like a street address, town or community",
    "POSTAL_CODE": "looks like a postal or ZIP code",
    "HEALTH_NUMBER": "looks like a health card number",
    "SIN": "looks like a social insurance number",
    "SSN": "looks like a social security number",
    "MRN": "looks like a chart or file number",
    "URL": "a web address",
    "IP": "a computer's network (IP) address",
    "ID": "looks like an identifying number (claim, employee, licence, order, bed or room)",
    "FACILITY": "names a clinic, hospital, workplace or other place a person can be found",
}


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One identifier found in a text: ``text == source[start:end]`` (end exclusive).

    ``reason`` names the rule that decided; :attr:`why` says it in words for the clinician.
    """

    start: int
    end: int
    kind: str
    text: str
    reason: str

    @property
    def why(self) -> str:
        return PLAIN_REASONS.get(self.kind, "looks like an identifier")


# Priorities: higher wins an overlap; on a tie the longer span wins.
P_EMAIL = 100
P_URL = 99
P_IP = 95
P_CHECKED = 90  # checksum-validated numbers
P_PHONE = 85
P_POSTAL = 80
P_DATE = 75
P_LABELLED = 72
P_AGE = 65
P_NUMBER = 60
P_FACILITY = 50
P_STREET = 48
P_NAME = 45
P_NAME_PAIR = 42
P_TOWN = 40
P_NAME_WEAK = 35


@dataclass(slots=True)
class Cand:
    start: int
    end: int
    kind: str
    reason: str
    prio: int


class Collector:
    """Candidate spans for one text, and the stretches vetoed for some kinds."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lower = text.lower()
        self.cands: list[Cand] = []
        self.vetoes: list[tuple[int, int, frozenset[str]]] = []

    def add(self, start: int, end: int, kind: str, reason: str, prio: int) -> None:
        text = self.text
        # Trim spaces and stray punctuation at either end; never keep an empty span.
        while start < end and not (text[start].isalnum() or text[start] in "(+"):
            start += 1
        while end > start and not (text[end - 1].isalnum() or text[end - 1] in ")/"):
            end -= 1
        if end > start:
            self.cands.append(Cand(start, end, kind, reason, prio))

    def veto(self, start: int, end: int, kinds: frozenset[str]) -> None:
        """No candidate of ``kinds`` lying wholly inside ``[start, end)`` is reported."""
        self.vetoes.append((start, end, kinds))


def _veto_masks(n: int, vetoes: list[tuple[int, int, frozenset[str]]]) -> dict[str, bytearray]:
    masks: dict[str, bytearray] = {}
    for start, end, kinds in vetoes:
        for kind in kinds:
            mask = masks.get(kind)
            if mask is None:
                mask = masks[kind] = bytearray(n)
            mask[start:end] = b"\x01" * (end - start)
    return masks


def resolve(
    text: str, cands: list[Cand], vetoes: list[tuple[int, int, frozenset[str]]]
) -> list[Finding]:
    if vetoes:
        masks = _veto_masks(len(text), vetoes)
        cands = [
            k
            for k in cands
            if (mask := masks.get(k.kind)) is None or mask.find(0, k.start, k.end) >= 0
        ]
    cands.sort(key=lambda k: (-k.prio, -(k.end - k.start), k.start))
    taken = bytearray(len(text))
    chosen: list[Cand] = []
    for cand in cands:
        if taken.find(1, cand.start, cand.end) >= 0:
            continue
        taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
        chosen.append(cand)
    chosen.sort(key=lambda k: k.start)
    merged: list[Cand] = []
    for cand in chosen:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.kind == cand.kind == "NAME"
            and text[last.end : cand.start] == " "
        ):
            # two names found apart, one space between them: one person's full name
            # ("Anika" as a given name, "Kent" as a given name doing what people do)
            best = last if last.prio >= cand.prio else cand
            merged[-1] = Cand(last.start, cand.end, "NAME", best.reason, best.prio)
            continue
        merged.append(cand)
    return [Finding(k.start, k.end, k.kind, text[k.start : k.end], k.reason) for k in merged]
