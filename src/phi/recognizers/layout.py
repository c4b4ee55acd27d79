"""Layout: where a word sits says what it is.

- Space-aligned tables (EMR printouts, dispensing histories, audit logs): the header of a column
  decides its cells. A column headed Patient, Seen by, User, Prescriber or RPh holds names (or
  login handles, initials, ``SURNAME, I``); one headed Enc #, Rx #, Order #, Emp #, Bed or Room
  holds identifying numbers; one headed Date holds dates. Columns headed DIN, NDC, Lot, Qty,
  Sig or Dose are vetoed: nothing in them is an identifier, whatever its shape.
- Chat and message logs: the speaker before the colon (``Mon 5/2 08:14  Dana (home care): ...``,
  ``12:01:07  From  dr.nguyen  to  Everyone:``, a Teams header ``mchen  2024-02-27 08:31``).
"""

from __future__ import annotations

import re

from phi.core import P_AGE, P_DATE, P_LABELLED, P_NAME, P_STREET, P_TOWN, Collector
from phi.index import TextIndex, line_starts, scan_at
from phi.lexicon import Lexicon

_SPLIT_RE = re.compile(r"\S+(?: \S+)*")  # cells: runs separated by two spaces or more
_DASHES_RE = re.compile(r"[ \t]*[-=_]{8,}[ \t]*$")
# a pipe table's rule under its header, once its pipes are read as spaces: "  ---  :---:  ----"
_PIPE_RULE_RE = re.compile(r"[ \t]*[:+]?[-=]+[:+]?(?:[ \t]+[:+]?[-=]+[:+]?)+[ \t]*$")
# a pipe table's line (Markdown or a typed log): its pipes are read as column gaps (1.7.0)
_PIPE_LINE_RE = re.compile(r"^[ \t]*\|[^|\n]*\|[^|\n]*\|")
# since 1.13.0 also a typed export whose cells are split by spaced pipes with no pipe first
# ("sent_at  | to  | chart"), and a rule of dashes joined by plus signs ("-----+-----+----")
_BARE_PIPE_LINE_RE = re.compile(r"^[^|\n]+ \| [^|\n]*\S[^|\n]* \| ")
_PLUS_RULE_RE = re.compile(r"[ \t|]*[-=]{3,}[-=+:|]*[+|][-=+:| \t]*$")

_NAME_HEADERS = frozenset(
    re.split(
        r"\s*[|\n]\s*",
        """patient|patient name|pt|pt name|name|nom|client|resident|résident|seen by|user|user id|
    userid|username|login|utilisateur|util|prescriber|prescripteur|prescr|provider|md|physician|
    médecin|rph|pharmacist|pharm|pharmacien|tech|by|par|staff|staff name|clinician|therapist|
    ther|author|auteur|intervenant|intervenante|nurse|inf|signed by|initials|init|accessed by|
    entered by|reviewed by|done by|treated by|tx by|employee|employé|worker|contact|caller|from|
    sender|de|à|to|attending|seen|who|family md|doctor|dr|nok|rn|np|ot|sw|rt|at|psw|lpn|rpn|
    ath ther|first name|last name|surname|given name|family name|prénom|nom de famille|
    patient first name|patient last name|patient surname|given|given names|forename|
    forenames|first|firstname|lastname|student|student name|pupil|child|child name|élève|
    enfant|parent|guardian|parent/guardian|parent or guardian|mother|father|parent/tuteur|
    tuteur|caller name|presenter|presented by|présentateur|présentatrice|présenté par|
    surgeon|chirurgien|chirurgienne|referring|referring md|referred by|ordering md|
    usager|usagère|bénéficiaire""".strip(),
    )
)
#: Since 1.19.0: columns that hold a person's name and nothing else (a surname, a given name, a
#: student): a cell in lower case there is a name too (``varnstedt``, ``brazdil, oskarine``),
#: unless an everyday, clinical or never-name word.
_PERSON_HEADERS = frozenset(
    re.split(
        r"\s*\|\s*",
        """surname|given|given name|given names|forename|forenames|first|first name|firstname|
    last name|lastname|family name|prénom|nom de famille|student|student name|pupil|élève|
    patient first name|patient last name|patient surname|patient name|pt name|name|nom|patient|
    pt|client|resident|résident|usager|usagère|bénéficiaire""",
    )
)
_ID_HEADERS = frozenset(
    re.split(
        r"\s*[|\n]\s*",
        """enc|enc #|enc no|encounter|encounter #|encounter no|visit|visit #|visit no|visit id|rx|
    rx #|rx no|no rx|order|order #|order no|claim|claim #|claim no|emp|emp #|emp no|emp id|
    employee #|employee id|employee no|staff #|staff id|staff no|bed|room|rm|lit|chambre|ch|ch/lit|
    ch./lit|room/bed|bed/room|account|acct|req|req #|requisition|accession|episode|user #|
    badge|rencontre|no rencontre|no de rencontre|visite|no visite|ordonnance|no ordonnance|
    réclamation|licence|license|lic|reg #|reg no|cpso|npi|dea|prescriber id|id|client id|
    member id|record|event id|case #|registration no|registration #|student no|
    student #|student id|no|#|call|call #|call no|appel|no appel|ticket|ticket #|
    ticket no|no billet|billet""".strip(),
    )
)
_BED_HEADERS = frozenset(
    [
        "bed",
        "room",
        "rm",
        "lit",
        "chambre",
        "ch",
        "ch/lit",
        "ch./lit",
        "room/bed",
        "bed/room",
        "chambre/lit",
        "unit/bed",
    ]
)
_MRN_HEADERS = frozenset(
    [
        "mrn",
        "chart",
        "chart #",
        "chart no",
        "dossier",
        "no dossier",
        "file",
        "file #",
        "file no",
        "pt id",
        "patient id",
        "chart number",
        "file number",
        "mrn #",
        "hcn",
        "dossier #",
        "no de dossier",
    ]
)
#: Since 1.15.0: columns of health card numbers, of towns and of street addresses, read in CSV
#: exports and pipe tables (cells by rank); a space-aligned table leaves them to other rules.
_HEALTH_HEADERS = frozenset(
    re.split(
        r"\s*[|\n]\s*",
        """phin|phn|hin|ohip|ohip no|health card|health card no|health card number|health number|
    health no|health #|hc #|hc no|personal health number|carte santé|no carte santé|
    no de carte santé|carte soleil|nam|ramq|no ramq|msp|msp no|ahcip|mcp|mcp no|hsn|medicare no|
    medicare number""".strip(),
    )
)
_TOWN_HEADERS = frozenset(
    re.split(
        r"\s*[|\n]\s*",
        """town|city|municipality|community|village|ville|municipalité|localité|town/city|
    city/town|hometown|home town|home community|reserve|first nation""".strip(),
    )
)
_ADDRESS_HEADERS = frozenset(
    re.split(
        r"\s*[|\n]\s*",
        """address|adresse|street|street address|civic address|mailing address|home address|
    addr|address 1|address line 1|adresse postale|adresse civique""".strip(),
    )
)
#: A column of the people who did something: "tested by", "checked by", "saisi par".
_DONE_BY_RE = re.compile(r"^[^\W\d_]{3,15}(?:[ _][^\W\d_]{2,10})? (?:by|par)$")
#: Since 1.13.0: a column of ages (only ages over 89 are identifiers).
_AGE_HEADERS = frozenset(["age", "âge", "age (y)", "age (yrs)", "âge (ans)", "ans", "yrs"])
_DATE_HEADERS_RE = re.compile(
    r"(?i)(?:date|fill|filled|dispensed|start|stop|end|début|fin|dob|ddn|jour|when|admit|"
    r"discharge|visit date|service)"
)
_VETO_HEADERS = frozenset(
    re.split(
        r"\s*[|\n]\s*",
        """din|ndc|lot|lot #|qty|quantity|qté|days|jours|sig|dose|dosage|strength|drug|medication|
    médicament|mme|score|pain|peg|form|code|product|unit|units|ds|day supply|days supply|refills|
    rep|renouv|size|mg|total|result|résultat|value|valeur|range|ref range|time|heure|session|
    hours|heures""".strip(),
    )
)
_HEADER_WORD_RE = re.compile(r"^(?:[^\W\d_]|#)[^\d\n]{0,27}(?:[- ]\d{1,2})?$")
_DATE_CELL_RE = re.compile(
    r"(?i)^(?:\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{2,4})?|\d{1,2}[- ]?[a-zé]{3,5}\.?(?:[- ]?\d{2,4})?|"
    r"[a-zé]{3,5}\.? \d{1,2}(?:,? \d{2,4})?)(?: \d{1,2}:\d{2}(?::\d{2})?)?$"
)


#: Two numbers that make no day and month either way ("6/52": six weeks, "23/30": a score).
_RATIO_CELL_RE = re.compile(
    r"(?:\d{1,2}/(?:3[2-9]|[4-9]\d)|(?:1[3-9]|[2-9]\d)/(?:1[3-9]|[2-9]\d))$"
)


def _norm(header: str) -> str:
    h = header.lower().strip().rstrip(":").strip()
    h = re.sub(r"\s*#\s*$", " #", h).strip()
    h = h.replace("n°", "no").replace("no.", "no")
    h = re.sub(r"(?<=[a-zé])\.(?=\s)", "", h)  # since 1.19.0: "reg. no", "tél. no"
    return h


def _column_kind(header: str) -> str | None:
    kind = _column_kind_fine(header)
    return "NAME" if kind == "PERSON" else kind


def _column_kind_fine(header: str) -> str | None:
    """The kind of a column by its header; "PERSON" for a column of names only (1.19.0)."""
    h = _norm(header)
    if "isbt" in h or "donation" in h:
        return None  # (1.17.0) a blood or tissue donation's number (ISBT 128), no drug's DIN
    if "(" in h:
        # "patient (first)", "age (y)": the words before the bracket name the column
        h = _norm(re.sub(r"[ \t]*\([^()]*\)", "", h)) or h
    bare = h.rstrip(" #").rstrip(".")
    if h in _VETO_HEADERS or bare in _VETO_HEADERS:
        return "VETO"
    if h in _MRN_HEADERS or bare in _MRN_HEADERS:
        return "MRN"
    if h in _BED_HEADERS or bare in _BED_HEADERS:
        return "SHORT_ID"
    if h in _HEALTH_HEADERS or bare in _HEALTH_HEADERS:
        return "HEALTH"
    if h in _TOWN_HEADERS or bare in _TOWN_HEADERS:
        return "TOWN"
    if h in _ADDRESS_HEADERS or bare in _ADDRESS_HEADERS:
        return "STREET"
    if h in _ID_HEADERS or bare in _ID_HEADERS:
        return "ID"
    if h in _PERSON_HEADERS or bare in _PERSON_HEADERS:
        return "PERSON"
    if h in _NAME_HEADERS or bare in _NAME_HEADERS or _DONE_BY_RE.match(h):
        return "NAME"
    if h in _AGE_HEADERS or bare in _AGE_HEADERS:
        return "AGE"
    if _DATE_HEADERS_RE.search(h):
        return "DATE"
    return None


def _cells(line: str, offset: int) -> list[tuple[int, int, str]]:
    out = []
    for m in _SPLIT_RE.finditer(line):
        out.append((offset + m.start(), offset + m.end(), m.group()))
    return out


def _is_header(cells: list[tuple[int, int, str]]) -> bool:
    if len(cells) < 3:
        return False
    known = 0
    for _s, _e, cell in cells:
        cell = re.sub(r"[ \t]*\([^()]*\)", "", cell)  # Pain (0-10)
        if len(cell) > 28 or not _HEADER_WORD_RE.match(cell):
            return False
        if _column_kind(cell) is not None:
            known += 1
    return known >= 2


_CREDENTIALS = frozenset(
    [
        "rn",
        "rpn",
        "lpn",
        "md",
        "do",
        "np",
        "pa",
        "pt",
        "ot",
        "rph",
        "psw",
        "sw",
        "msw",
        "rsw",
        "dr",
        "cc",
        "ccc",
        "ed",
        "er",
        "icu",
        "fp",
        "gp",
        "rt",
        "slp",
    ]
)


def _name_cell_ok(cell: str, lex: Lexicon) -> bool:
    if not any(ch.isalpha() for ch in cell) or len(cell) > 40 or len(cell) < 2:
        return False
    if not cell.strip("Xx*, .-"):
        return False  # a redaction mark (XXXXXXX, XXXXX)
    words = re.findall(r"[^\W\d_]+", cell.lower())
    if not words:
        return False
    if len(cell) >= 2 and cell.isupper() and len(words) == 1 and len(cell) <= 3:
        # initials (KM, JW) unless a credential or role (RN, MD, RPh)
        return words[0] not in _CREDENTIALS
    return not all(w in lex.clinical or w in lex.common or w in lex.drugs for w in words)


def tables(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    lines: list[tuple[int, str]] = []
    pos = 0
    piped = "|" in text
    pipes: set[int] = set()  # lines whose cells are split by pipes
    for k, line in enumerate(text.split("\n")):
        if piped and (_PIPE_LINE_RE.match(line) or _BARE_PIPE_LINE_RE.match(line)):
            pipes.add(k)
            line = line.replace("|", " ")  # the same length: positions hold
        lines.append((pos, line))
        pos += len(line) + 1
    i = 0
    n = len(lines)
    while i < n:
        off, line = lines[i]
        if (
            i + 1 < n
            and (line.count(",") >= 2 or line.count(";") >= 2)
            and (lines[i + 1][1].count(",") >= 2 or lines[i + 1][1].count(";") >= 2)
        ):
            # a CSV export with a header row (since 1.14.0): its columns read by rank
            done = _csv_table(c, lex, lines, i)
            if done > i:
                i = done
                continue
        if i + 1 < n and line.count("\t") >= 2 and lines[i + 1][1].count("\t") >= 2:
            # a spreadsheet pasted as tab-separated text (since 1.19.0): cells by rank
            done = _csv_table(c, lex, lines, i, "\t")
            if done > i:
                i = done
                continue
        if "  " not in line:
            i += 1
            continue
        piped_header = i in pipes
        header = _pipe_cells(text, off, len(line)) if piped_header else _cells(line, off)
        if not _is_header(header):
            i += 1
            continue
        cols = [(s - off, _column_kind_fine(cell)) for s, _e, cell in header]
        kinds = [kind for _s, kind in cols]
        j = i + 1
        if j < n and (
            _DASHES_RE.match(lines[j][1])
            or _PIPE_RULE_RE.match(lines[j][1])
            or _PLUS_RULE_RE.match(lines[j][1])
        ):
            j += 1
        rows = 0
        initials: list[tuple[int, int, str]] = []  # (start, end, cell) in a name column
        while j < n and lines[j][1].strip() and not _DASHES_RE.match(lines[j][1]):
            roff, rline = lines[j]
            if piped_header and j in pipes:
                # a pipe table's cell belongs to the column of its rank, however the text is
                # aligned (since 1.13.0)
                row = _pipe_cells(text, roff, len(rline))
                if len(row) < 2:
                    break
                _row_ranked(c, lex, row, kinds, initials)
                rows += 1
                j += 1
                continue
            row = _cells(rline, roff)
            if len(row) < 2:
                break
            if len(row) == len(cols):
                # as many cells as the header: each belongs to the column of its rank, however
                # the row is aligned (since 1.15.0: typed schedules drift from their header)
                _row(
                    c,
                    lex,
                    row,
                    roff,
                    [(s - roff, kinds[k]) for k, (s, _e, _t) in enumerate(row)],
                    initials,
                )
            else:
                _row(c, lex, row, roff, cols, initials)
            rows += 1
            j += 1
        _credential_initials(c, initials)
        if rows and kinds and kinds[0] in ("ID", "MRN") and cols[0][0] == 0:
            _later_rows(c, lines, i + 1, j, kinds[0])
        i = j if rows else i + 1


def _later_rows(
    c: Collector, lines: list[tuple[int, str]], first: int, end: int, kind: str
) -> None:
    """Since 1.22.0: a table whose first column holds numbers of one length goes on below a
    section heading (a pharmacy profile's "stopped prescriptions"): a later line that opens with a
    number of that length and a column gap has it in the same column."""
    lengths = set()
    for k in range(first, end):
        m = _LEAD_NUMBER_RE.match(lines[k][1])
        if m is None:
            if _DASHES_RE.match(lines[k][1]):
                continue
            return
        lengths.add(len(m.group(1)))
    if len(lengths) != 1 or min(lengths) < 5:
        return
    width = lengths.pop()
    for k in range(end, min(len(lines), end + 30)):
        off, line = lines[k]
        m = _LEAD_NUMBER_RE.match(line)
        if m is not None and len(m.group(1)) == width:
            c.add(off, off + width, kind, f"in a column headed like an {kind} number", P_LABELLED)


_LEAD_NUMBER_RE = re.compile(r"(\d{5,12})[ \t]{2,}\S")


def _csv_cells(line: str, off: int, sep: str = ",") -> list[tuple[int, int, str]]:
    """The cells of a CSV line split by ``sep`` (a comma, or a semicolon as French exports
    write), in rank order: a separator inside double quotes belongs to the cell, the quotes and
    the spaces around a cell stay outside it."""
    out: list[tuple[int, int, str]] = []
    start = 0
    if '"' not in line:
        for raw in line.split(sep):
            lead = len(raw) - len(raw.lstrip())
            cell = raw.strip()
            out.append((off + start + lead, off + start + lead + len(cell), cell))
            start += len(raw) + 1
        return out
    quoted = False
    for k, ch in enumerate(line + sep):
        if ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            raw = line[start:k]
            lead = len(raw) - len(raw.lstrip())
            cell = raw.strip()
            if len(cell) >= 2 and cell[0] == '"' and cell[-1] == '"':
                lead += 1
                cell = cell[1:-1].strip()
            out.append((off + start + lead, off + start + lead + len(cell), cell))
            start = k + 1
    return out


def _csv_table(
    c: Collector, lex: Lexicon, lines: list[tuple[int, str]], i: int, sep: str = ""
) -> int:
    """Read a CSV table whose header is line ``i``; return the index of the line after it (or
    ``i`` when line ``i`` heads no CSV table). Every row holds as many cells as the header, so
    prose with commas is never read as a table."""
    off, line = lines[i]
    if not sep:
        sep = "," if line.count(",") >= line.count(";") else ";"
    header = _csv_cells(line, off, sep)
    if len(header) < 3 or any(not cell or "  " in cell for _s, _e, cell in header):
        return i
    named = [(s, e, cell.replace("_", " ")) for s, e, cell in header]
    if not _is_header(named):
        return i
    kinds = [_column_kind_fine(cell) for _s, _e, cell in named]
    j = i + 1
    rows = 0
    initials: list[tuple[int, int, str]] = []
    while j < len(lines) and lines[j][1].strip():
        roff, rline = lines[j]
        row = _csv_cells(rline, roff, sep)
        if len(row) != len(header):
            break
        _row_ranked(c, lex, row, kinds, initials)
        rows += 1
        j += 1
    if not rows:
        return i
    _credential_initials(c, initials)
    return j


def _pipe_cells(text: str, off: int, length: int) -> list[tuple[int, int, str]]:
    """The cells of a pipe table's line, in rank order (empty cells kept, edges dropped)."""
    line = text[off : off + length]
    out: list[tuple[int, int, str]] = []
    pos = 0
    parts = line.split("|")
    for k, part in enumerate(parts):
        if (k == 0 or k == len(parts) - 1) and not part.strip():
            pos += len(part) + 1
            continue
        lead = len(part) - len(part.lstrip())
        cell = part.strip()
        out.append((off + pos + lead, off + pos + lead + len(cell), cell))
        pos += len(part) + 1
    return out


#: A title before a name in a cell, and a credential after it (``Dr. X``, ``X Y, NP``).
_CELL_TITLE_RE = re.compile(r"(?i)^(?:dr|dre|mr|mrs|ms|mme|m|mlle)\.?[ \t]+(?=[^\W\d_])")
_CELL_CREDENTIAL_RE = re.compile(r",?[ \t]+(?:RN|RPN|LPN|NP|MD|RPh|PSW|IP|inf\.?|DVM|PA)$")


#: Where a name in a cell stops: a nickname in brackets or quotes, a second person, a suffix.
_CELL_CUT_RE = re.compile(
    r"[ \t]*[(\"“«+;&/]|[ \t]+(?:-|and|et|or|ou)[ \t]|,?[ \t]+(?:Jr|Sr|jr|sr)\.?$"
)


def _ranked_name_ok(cell: str, lex: Lexicon) -> bool:
    """A name cell of a pipe table: no digit, each word capitalised or a listed name."""
    if any(ch.isdigit() for ch in cell):
        return False
    if 2 <= len(cell) <= 3 and cell.isalpha() and cell.islower():
        return cell not in lex.frequent and not lex.never_name(cell)  # initials: "cjw"
    found = re.findall(r"[^\W\d_][^\W\d_'’.-]*", cell)
    whole = cell.isupper() and any(len(w) >= 2 for w in found)
    for w in found:
        low = w.lower()
        if len(w) == 1 and w.isupper() and whole:
            continue  # (1.25.0) an initial beside a surname in capitals: "SURNAME I", a bed log
        listed = low in lex.first_names_all or low in lex.surnames_all
        if w[0].isupper():
            if lex.never_name(low) and not listed:
                return False
        elif not listed or low in lex.frequent or lex.never_name(low):
            return False
    return True


#: Since 1.19.0: an age after a name in its cell, in brackets (``Surname, Given (94)``): only
#: ages over 89 are identifiers.
_CELL_AGE_RE = re.compile(r"[ \t]*\((\d{2,3})(?:[ \t]*(?:y|yo|yrs?|ans))?\)")


def _age_after_name(c: Collector, s: int, cell: str, at: int) -> None:
    m = _CELL_AGE_RE.match(cell, at)
    if m and 90 <= int(m.group(1)) <= 125:
        c.add(s + m.start(1), s + m.end(1), "AGE", "in brackets after a name, over 89", P_AGE)


#: A name cell in lower case (since 1.19.0, a column that holds only names): each word a name's
#: shape (``d'arvenne``, ``quill-oberly``), none an everyday, clinical or never-name word.
_LOWER_NAME_RE = re.compile(r"[a-zà-ÿ][a-zà-ÿ'’-]+(?:,?[ \t][a-zà-ÿ][a-zà-ÿ'’-]+)?")


def _lower_name_ok(cell: str, lex: Lexicon) -> bool:
    if not _LOWER_NAME_RE.fullmatch(cell):
        return False
    for w in re.findall(r"[^\W\d_]{2,}", cell):
        # a frequent word that is a listed given name or surname is a name in this column
        # (since 1.21.0), an everyday word is not
        listed = w in lex.first_names_all or w in lex.surnames_all
        if (w in lex.frequent and not listed) or w in lex.common or w in lex.clinical:
            return False
        if w in lex.drugs or lex.never_name(w):
            return False
    return True


def _row_ranked(
    c: Collector,
    lex: Lexicon,
    row: list[tuple[int, int, str]],
    kinds: list[str | None],
    initials: list[tuple[int, int, str]],
) -> None:
    for k, (s, e, cell) in enumerate(row):
        if k >= len(kinds) or not cell:
            continue
        kind = kinds[k]
        person = kind == "PERSON"
        if person:
            kind = "NAME"
        if kind == "NAME":
            if cell.startswith("(") or cell.startswith("{"):
                continue  # "(auto)", "(inbound)", a template's placeholder
            m = _CELL_TITLE_RE.match(cell)
            if m:
                s, cell = s + m.end(), cell[m.end() :]
            m = _CELL_CREDENTIAL_RE.search(cell)
            if m and m.start() > 0:
                e, cell = s + m.start(), cell[: m.start()]
            cut = _CELL_CUT_RE.search(cell)
            if cut:
                _age_after_name(c, s, cell, cut.start())
                cell = cell[: cut.start()].rstrip(" ,")
                e = s + len(cell)
            if not cell or not (
                _ranked_name_ok(cell, lex) or (person and _lower_name_ok(cell, lex))
            ):
                continue
        elif kind in ("HEALTH", "TOWN", "STREET"):
            _ranked_place_or_number(c, lex, s, e, cell, kind)
            continue
        _row(c, lex, [(s, e, cell)], s, [(0, kind)], initials)


#: A health card number in its column: 8 to 12 digits, grouped or not, with an optional
#: version code (``1234 567 890 AB``), or a Quebec RAMQ number (4 letters and 8 digits).
_HEALTH_CELL_RE = re.compile(
    r"(?:\d[ -]?){7,11}\d(?:[ -]?[A-Z]{1,2})?|[A-Z]{4}[ -]?\d{4}[ -]?\d{4}"
)
#: A town's cell: one to four words, each capitalised (``Baie-Sainte-Anne``, ``St. Paul``) or a
#: particle (``de``, ``la``, ``du``, ``sur``, ``on``).
_TOWN_CELL_RE = re.compile(
    r"[A-ZÀ-Ý][\w'’.-]*(?:[ -](?:(?:de|du|des|la|le|les|sur|on|of|the|au|aux|à)[ -])?"
    r"[A-ZÀ-Ý][\w'’.-]*){0,3}"
)


def _ranked_place_or_number(
    c: Collector, lex: Lexicon, s: int, e: int, cell: str, kind: str
) -> None:
    if kind == "HEALTH":
        if _HEALTH_CELL_RE.fullmatch(cell):
            c.add(s, e, "HEALTH_NUMBER", "in a column headed like a health card number", P_LABELLED)
        return
    if kind == "TOWN":
        if len(cell) > 40 or not _TOWN_CELL_RE.fullmatch(cell):
            return
        words = [w.lower() for w in re.findall(r"[^\W\d_]+", cell)]
        if all(w in lex.common or w in lex.clinical or w in lex.frequent for w in words):
            return  # "Unknown", "Same", "Other", "N A"
        c.add(s, e, "ADDRESS", "in a column of towns", P_TOWN + 4)
        return
    # a street address: a number and a word, or a rural box or lot ("Box 12", "NE 9-21-1E")
    if (
        4 <= len(cell) <= 60
        and any(ch.isdigit() for ch in cell)
        and any(ch.isalpha() for ch in cell)
        and not _DATE_CELL_RE.match(cell)
    ):
        c.add(s, e, "ADDRESS", "in a column of street addresses", P_STREET + 2)


def _column_of(cols: list[tuple[int, str | None]], start: int, end: int) -> str | None:
    best, best_overlap = None, 0
    for k, (cs, kind) in enumerate(cols):
        ce = cols[k + 1][0] if k + 1 < len(cols) else 10**9
        overlap = min(end, ce) - max(start, cs)
        if overlap > best_overlap:
            best, best_overlap = kind, overlap
    return best


#: Credentials that are also people's initials often enough: in a column where other cells are
#: initials, they are initials too ("RT", "DC", "PA" beside "JQ" and "AM" in a "By" column).
#: The roles a column of names would hold (RN, MD, NP, Dr, RPh, PSW...) stay roles.
_ROLE_CELLS = frozenset(["rn", "md", "np", "dr", "rph", "psw", "rpn", "lpn", "pt", "ot", "sw"])


def _credential_initials(c: Collector, cells: list[tuple[int, int, str]]) -> None:
    if not any(cell.lower() not in _CREDENTIALS for _s, _e, cell in cells):
        return
    for s, e, cell in cells:
        low = cell.lower()
        if low in _CREDENTIALS and low not in _ROLE_CELLS:
            c.add(s, e, "NAME", "initials in a column of initials", P_NAME + 2)


#: Since 1.22.0: a credential or role in brackets closing a name cell ("Zarnowski R. (IPS)").
_CELL_ROLE_RE = re.compile(r"[ \t]*\((?:[A-Z]{2,5}|[a-zé]{3,20})\)$")


def _row(
    c: Collector,
    lex: Lexicon,
    row: list[tuple[int, int, str]],
    roff: int,
    cols: list,
    initials: list[tuple[int, int, str]] | None = None,
) -> None:
    for s, e, cell in row:
        kind = _column_of(cols, s - roff, e - roff)
        if kind == "PERSON":
            kind = "NAME"
        if (
            initials is not None
            and kind == "NAME"
            and 2 <= len(cell) <= 3
            and cell.isalpha()
            and cell.isupper()
        ):
            initials.append((s, e, cell))
        if kind is None or cell in ("-", "--", "n/a", "N/A", "—"):
            continue
        if kind == "VETO":
            c.veto(s, e, frozenset({"ID", "MRN", "AGE", "PHONE"}))
        elif kind == "AGE":
            if cell.isdigit() and 90 <= int(cell) <= 125:
                c.add(s, e, "AGE", "in an age column, over 89", P_AGE)
        elif kind in ("ID", "MRN", "SHORT_ID"):
            if kind == "SHORT_ID":
                kind = "ID"
            elif sum(ch.isdigit() for ch in cell) < 3:
                continue  # a visit's rank (1, 2, 3), not its number
            if any(ch.isdigit() for ch in cell) and len(cell) <= 24:
                c.add(s, e, kind, f"in a column headed like an {kind} number", P_LABELLED)
        elif kind == "NAME" and _name_cell_ok(cell, lex):
            if (role := _CELL_ROLE_RE.search(cell)) is not None and role.start() > 1:
                e = s + role.start()  # (1.22.0) "Zarnowski R. (IPS)": the credential is no name
            c.add(s, e, "NAME", "in a column of people's names", P_NAME + 2)
        elif (
            kind == "DATE"
            and _DATE_CELL_RE.match(cell)
            and any(ch.isdigit() for ch in cell)
            and not _RATIO_CELL_RE.match(cell)
        ):
            end = s + len(cell.split(" ")[0]) if ":" in cell else e
            c.add(s, end, "DATE", "in a date column", P_DATE)


# --------------------------------------------------------------------------------------------
# Chat and message logs
# --------------------------------------------------------------------------------------------

_STAMP = (
    r"(?:\[?(?:(?:mon|tue|wed|thu|fri|sat|sun|lun|mar|mer|jeu|ven|sam|dim)[a-z]*\.?[ \t]+)?"
    r"(?:\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{2,4})?[ \t,]+)?"
    r"\d{1,2}[:h]\d{2}(?::\d{2})?(?:[ \t]*[ap]\.?m\.?)?\]?[ \t]+)"
)
_SPEAKER_RE = re.compile(
    rf"(?im)^[ \t]*(?:{_STAMP}|\[)"
    r"(?:from[ \t]+)?"
    r"([^\W\d_][\w.'’-]*(?:[ \t][^\W\d_][\w.'’-]*){0,2})"
    r"(?:[ \t]*\([^()\n]{1,40}\))?(?:[ \t]*\]|[ \t]+to[ \t]+[^\n:]{1,60})?[ \t]*:"
)
_PLAIN_SPEAKER_RE = re.compile(
    r"(?m)^([^\W\d_][\w'’-]*(?:[ \t][^\W\d_][\w'’-]*){0,2})(?:[ \t]*\([^()\n]{1,40}\))?:[ \t]"
)
_TEAMS_RE = re.compile(
    r"(?m)^([a-z][a-z0-9._-]{2,30}|[^\W\d_][\w'’-]+(?:[ \t][^\W\d_][\w'’-]+){0,2})[ \t]{2,}"
    r"(?:\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}(?:/\d{2,4})?)?[ \t]*\d{1,2}:\d{2}[ \t]*$"
)
#: Since 1.15.0: a phone chat export's turn, ``23/01/2027, 19:02 - name: text`` (the date, a
#: comma, the time, a dash, then the speaker).
_EXPORT_TURN_RE = re.compile(
    r"(?im)^[ \t]*\[?\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4},?[ \t]+\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:[ \t]*[ap]\.?m\.?)?\]?[ \t]+[-–][ \t]+"
    r"([^\W\d_][\w.'’-]*(?:[ \t][^\W\d_][\w.'’-]*){0,2})[ \t]*:"
)
#: Since 1.15.0: a person mentioned by handle in a chat (``@jdoe_r``, ``@ana.k``), never an
#: email's domain (a word before the ``@``).
_MENTION_RE = re.compile(r"(?<![\w.@/+-])@([A-Za-z][\w.'-]{0,30}[A-Za-z0-9])(?![\w@]|\.\w)")
_NOT_SPEAKERS = frozenset(
    re.split(
        r"\s*[|\n]\s*",
        """me|moi|i|you|we|hub|spoke|everyone|all|host|coordinator|coordinatrice|coordonnatrice|
    chair|facilitator|presenter|pharmacist|physician|np|md|rn|admin|system|note|notes|plan|
    re|subject|objet|to|from|cc|date|sent|q|a|question|answer|patient|pt|client|summary|
    update|assessment|impression|reason|history|meds|médicaments|diagnostic|diagnosis|dx|tx|
    p.s|ps|nb|important|attention|edit|edited|rappel|reminder|caller|appelant|appelante|
    callback|dispatch|dispatcher|operator|triage|ward|unit|family|famille|nurse|infirmière|
    infirmier|paramedic|paramédic|ems|lab|labo|pharmacy|pharmacie""".strip(),
    )
)


#: A role or title written before a speaker's name in a message log.
_ROLE_PREFIX_RE = re.compile(
    r"(?i)(?:rn|rpn|np|md|psw|sw|rsw|ot|pt|rph|pharm|dr|dre|nurse|inf|infirmière|infirmier|"
    r"mr|mrs|ms|mme|m)\.?[ \t]+"
)


def _speaker_ok(name: str, lex: Lexicon) -> bool:
    words = [w for w in re.split(r"[ \t]+", name) if w]
    low = [w.lower() for w in words]
    if not words or low[0] in _NOT_SPEAKERS:
        return False
    if any(w in _NOT_SPEAKERS for w in low):
        return False
    for w in low:
        core = w.strip(".")
        if core in lex.first_names_all or core in lex.surnames_all:
            continue
        if lex.never_name(core) or core in lex.drugs:
            return False
    return True


_FORM_FIELD_RE = re.compile(r"[ \t]{2,}[^\W\d_][\w.#/ ]{0,20}:(?:[ \t]|$)")


def _said(text: str, pos: int) -> bool:
    """Does the turn from ``pos`` say something in words: not a number, and not a form's row
    of fields ("Qty: 56   Refills: 0")?"""
    end = text.find("\n", pos)
    line = text[pos : end if end >= 0 else len(text)].lstrip(" \t")
    if not line or not (line[0].isalpha() or line[0] in "\"'“«(@"):
        return False
    return _FORM_FIELD_RE.search(line[:200]) is None


def mentions(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """A person mentioned by handle: ``@name``, ``@name_x``, ``@name.k`` (since 1.15.0). A
    handle made of one everyday word (``@home``, ``@noon``) or a capitalised word (an
    organisation's account) is none."""
    text = c.text
    if "@" not in text:
        return
    for m in _MENTION_RE.finditer(text):
        handle = m.group(1)
        if not handle.islower():
            continue
        words = re.findall(r"[^\W\d_]+", handle)
        if not words or len(words[0]) < 2:
            continue
        if len(words) == 1 and not any(ch.isdigit() for ch in handle):
            low = words[0]
            if low in lex.frequent or lex.never_name(low) or low in lex.drugs:
                continue
        elif lex.never_name(words[0]) and words[0] not in lex.first_names_all:
            continue
        c.add(m.start(1), m.end(1), "NAME", "a person's handle mentioned in a chat", P_NAME)


def speakers(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    seen: dict[str, int] = {}
    spans: list[tuple[int, int, str]] = []
    # every speaker pattern starts a line that holds a colon (after the name, or in the time)
    colons: list[int] = []
    pos = text.find(":")
    while pos >= 0:
        colons.append(pos)
        pos = text.find(":", pos + 1)
    if not colons:
        return
    lines = line_starts(text, colons)
    for rx in (_SPEAKER_RE, _TEAMS_RE, _EXPORT_TURN_RE):
        for m in scan_at(rx, text, lines):
            name, start = m.group(1), m.start(1)
            role = _ROLE_PREFIX_RE.match(name)
            if role is not None and role.end() < len(name):
                # "RN Bryony:", "Dr. Quillane:": the role or title, then the person
                name, start = name[role.end() :], start + role.end()
            if _speaker_ok(name, lex):
                spans.append((start, m.end(1), name))
    plain = [(m.start(1), m.end(1), m.group(1)) for m in scan_at(_PLAIN_SPEAKER_RE, text, lines)]
    for _s, _e, name in plain:
        seen[name] = seen.get(name, 0) + 1
    said = {n for _s, e, n in plain if seen[n] >= 2 and _said(text, text.find(":", e) + 1)}
    for s, e, name in plain:
        # a bare "Name: ..." line counts as a chat turn when the same speaker recurs and says
        # something in words at least once ("Rx: 7730185   Date: ..." is a form's field)
        if seen[name] >= 2 and name in said and _speaker_ok(name, lex):
            spans.append((s, e, name))
    for s, e, _name in spans:
        c.add(s, e, "NAME", "the person speaking in a chat or message log", P_NAME)
