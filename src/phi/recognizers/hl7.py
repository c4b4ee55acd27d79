"""Fields of HL7 v2 messages by their position (since 1.21.0): lab results, ADT and orders pasted
from an interface queue.

An HL7 v2 segment is a line that starts with a three-character segment ID and the field
separator (``PID|1||...``); its fields are numbered from the separator (``MSH`` counts the
separator itself as field 1). Components are split by ``^``, repetitions by ``~``. The
published data types say what a field holds (HL7 v2.3 to v2.8, chapters 2A, 3, 4 and 7):

- ``XPN`` (a person's name, ``family^given^middle``): PID-5, PID-6 (mother's maiden name),
  PID-9 (alias), NK1-2 → one NAME over the family, given and middle names;
- ``XCN`` (a clinician or staff member, ``id^family^given^middle``): PV1-7/8/9/17, ORC-10/11/12,
  OBR-10/16/28/32/33/34, OBX-16 → the id (ID when it has digits; a login, NAME, when it is
  letters alone) and the name (NAME);
- ``CX`` (an identifier with its type, ``id^^^authority^type``): PID-2/3/4 repetitions → MRN
  for the types MR/MRN/PI/PT, HEALTH_NUMBER for JHN/HC/PHN/HN, SIN for SS/SIN, else ID;
  PID-18 (account), PV1-19 (visit) → ID;
- ``EI`` (order numbers): ORC-2/3, OBR-2/3 → ID;
- ``XAD`` (an address, ``street^other^city^province^postal``): PID-11, NK1-4 → the street and
  the other designation and the city, each its own ADDRESS (the province is left);
- ``TS``/``DTM`` (a date and time, ``YYYYMMDD[HHMM[SS]]``): MSH-7, PID-7 (birth), PID-29 (death),
  ORC-9, OBR-6/7/8/14/22, OBX-14, PV1-44/45 and the like → DATE;
- ``HD`` (a facility): MSH-4 and MSH-6 → FACILITY when it is a name of several words (a
  namespace code such as ``LAB01`` is left; a name of everyday words only when its last word is a
  facility's head such as ``LAB`` or ``HOSPITAL``).

Values that are everyday words (``UNKNOWN``, ``NONE``) and numbers without digits are left.
"""

from __future__ import annotations

import re

from phi.core import P_DATE, P_LABELLED, P_NAME, P_STREET, Collector
from phi.index import TextIndex
from phi.lexicon import Lexicon

_SEGMENT_RE = re.compile(r"^([A-Z][A-Z0-9]{2})\|[^\n]*", re.MULTILINE)

# segment -> field number -> data type read here
_XPN = "XPN"
_XCN = "XCN"
_CX = "CX"
_ID = "ID"  # the first component is an identifier (EI, CX without a type read)
_XAD = "XAD"
_HD = "HD"
_TS = "TS"
_FIELDS: dict[str, dict[int, str]] = {
    "MSH": {4: _HD, 6: _HD, 7: _TS},
    "PID": {
        2: _CX,
        3: _CX,
        4: _CX,
        5: _XPN,
        6: _XPN,
        7: _TS,
        9: _XPN,
        11: _XAD,
        18: _ID,
        20: _ID,
        29: _TS,
    },
    "NK1": {2: _XPN, 4: _XAD, 16: _TS},
    "GT1": {3: _XPN, 5: _XAD, 8: _TS},
    "IN1": {16: _XPN, 18: _TS, 19: _XAD},
    "PV1": {7: _XCN, 8: _XCN, 9: _XCN, 17: _XCN, 19: _ID, 44: _TS, 45: _TS, 50: _ID},
    "ORC": {2: _ID, 3: _ID, 4: _ID, 9: _TS, 10: _XCN, 11: _XCN, 12: _XCN},
    "OBR": {
        2: _ID,
        3: _ID,
        6: _TS,
        7: _TS,
        8: _TS,
        10: _XCN,
        14: _TS,
        16: _XCN,
        22: _TS,
        28: _XCN,
        32: _XCN,
        33: _XCN,
        34: _XCN,
    },
    "OBX": {14: _TS, 16: _XCN},
    "TXA": {4: _TS, 5: _XCN, 9: _XCN, 10: _XCN, 11: _XCN, 12: _ID},
}

_TYPES = {
    "MR": "MRN",
    "MRN": "MRN",
    "PI": "MRN",
    "PT": "MRN",
    "JHN": "HEALTH_NUMBER",
    "HC": "HEALTH_NUMBER",
    "PHN": "HEALTH_NUMBER",
    "HN": "HEALTH_NUMBER",
    "SS": "SIN",
    "SIN": "SIN",
}

# TS/DTM: YYYYMMDD, then hours, minutes, seconds and a zone at will
_TS_RE = re.compile(
    r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])?(?:[0-5]\d){0,2}"
    r"(?:\.\d{1,4})?(?:[+-]\d{4})?"
)
# the head word of a facility's name in MSH-4/6 (a name of several everyday words)
_HEADS = frozenset(
    [
        "lab",
        "laboratory",
        "laboratories",
        "hospital",
        "clinic",
        "centre",
        "center",
        "health",
        "fht",
        "chc",
        "hôpital",
        "laboratoire",
        "clinique",
    ]
)
_NAME_PART_RE = re.compile(r"[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*)*")
_LOGIN_RE = re.compile(r"[a-z][a-z._-]{1,19}")


def _components(field: str, start: int) -> list[tuple[int, str]]:
    """(offset, text) of each component of one repetition."""
    out: list[tuple[int, str]] = []
    pos = start
    for comp in re.split(r"(\^)", field):
        if comp != "^":
            out.append((pos, comp))
        pos += len(comp)
    return out


def _everyday(value: str, lex: Lexicon) -> bool:
    words = re.findall(r"[^\W\d_]+", value)
    return not words or all(w.lower() in lex.frequent or w.lower() in lex.common for w in words)


def _name(c: Collector, lex: Lexicon, parts: list[tuple[int, str]], reason: str) -> None:
    """One NAME over the name components given (family, given, middle), trailing empties left."""
    parts = [(p, s) for p, s in parts if s]
    if not parts or not all(_NAME_PART_RE.fullmatch(s) for _p, s in parts):
        return
    if all(_everyday(s, lex) for _p, s in parts):
        return
    start = parts[0][0]
    end = parts[-1][0] + len(parts[-1][1])
    c.add(start, end, "NAME", reason, P_NAME + 10)


def _ident(c: Collector, pos: int, value: str, kind: str, reason: str) -> None:
    if sum(ch.isdigit() for ch in value) >= 3 and re.fullmatch(r"[\w./-]+", value):
        c.add(pos, pos + len(value), kind, reason, P_LABELLED)


def _field(c: Collector, lex: Lexicon, seg: str, kind: str, pos: int, field: str) -> None:
    rep_pos = pos
    for rep in field.split("~"):
        comps = _components(rep, rep_pos)
        rep_pos += len(rep) + 1
        first_pos, first = comps[0]
        if kind == _XPN:
            _name(c, lex, comps[:3], f"a person's name in HL7 {seg}")
        elif kind == _XCN:
            if first and any(ch.isdigit() for ch in first):
                _ident(c, first_pos, first, "ID", f"a clinician's number in HL7 {seg}")
            elif (
                first
                and len(comps) == 1
                and _LOGIN_RE.fullmatch(first)
                and not _everyday(first, lex)
            ):
                c.add(first_pos, first_pos + len(first), "NAME", "a login in HL7", P_NAME)
            _name(c, lex, comps[1:4], f"a clinician's name in HL7 {seg}")
        elif kind == _CX:
            code = comps[4][1].upper() if len(comps) > 4 else ""
            _ident(c, first_pos, first, _TYPES.get(code, "ID"), f"an identifier in HL7 {seg}")
        elif kind == _ID:
            _ident(c, first_pos, first, "ID", f"a number in HL7 {seg}")
        elif kind == _XAD:
            for i in (0, 1, 2):
                if i < len(comps):
                    p, s = comps[i]
                    if s.strip() and not _everyday(s, lex) and re.search(r"[^\W\d_]{2}", s):
                        c.add(p, p + len(s), "ADDRESS", f"an address in HL7 {seg}", P_STREET)
        elif kind == _HD and " " in first.strip():
            last = first.split()[-1].lower()
            if last in _HEADS or not _everyday(first, lex):
                c.add(first_pos, first_pos + len(first), "FACILITY", "HL7 MSH", P_LABELLED)
        elif kind == _TS and _TS_RE.fullmatch(first):
            c.add(first_pos, first_pos + len(first), "DATE", f"a date in HL7 {seg}", P_DATE)


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    if "|" not in text or "^" not in text:
        return
    for m in _SEGMENT_RE.finditer(text):
        seg = m.group(1)
        fields = _FIELDS.get(seg)
        if fields is None:
            continue
        line = m.group()
        pos = m.start()
        offset = 1 if seg == "MSH" else 0  # MSH-1 is the separator itself
        for number, raw in enumerate(line.split("|")):
            kind = fields.get(number + offset)
            if kind is not None and raw:
                _field(c, lex, seg, kind, pos, raw)
            pos += len(raw) + 1
