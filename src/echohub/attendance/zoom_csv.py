"""Parse a Zoom participants report (CSV from the web portal). Plain Python: no Django import.

Every layout the portal writes is accepted:

- per-join rows ``Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest``
  with or without ``Recording Consent``, ``In Waiting Room`` and other extra columns;
- the same preceded by a meeting-data block (``Meeting ID,Topic,Start Time,...``), a blank line;
- meeting columns and participant columns in one header (the meeting id is then on every row);
- "Show unique users": ``Name (Original Name),User Email,Total Duration (Minutes),Guest`` (no
  join/leave times: such rows carry only a duration);
- a webinar's attendee report: title lines ("Attendee Report", "Report Generated:"), the
  webinar block (``Topic,Webinar ID,Actual Start Time,...``), then one table per section (host,
  panelists, attendees, other attended) under its own header; rows with ``Attended`` "No"
  (times "--") are registrants who never came;
- the same headers in French (``Nom (nom d'origine)``, ``Heure d'arrivée``, ``Durée``...),
  durations as ``h:mm:ss``, French clock times ("12 h 31") and "1:31 p.m."; "1:00" is read as
  h:mm or mm:ss by the row's own join-to-leave span, refused without one;
- BigBlueButton's learning-dashboard download (``Name,Moderator,...,Join,Left,Duration`` and
  poll questions): one row per user, first join, last leave, time online; times as the
  browser writes them ("1/8/2026, 12:30:00 PM"); the "Anonymous" poll row is no participant;
- a Jitsi occupant log (``room_name,name,email,joined_at,left_at``, Unix seconds or ms): one
  room's, the session's when it is known (a whole server's log holds parallel rooms' people);
- a row with no leave time ("", "-": still in the meeting at the export) keeps its join and no
  leave (never counted on its own); a totals row a spreadsheet adds is no participant;
- meeting ids as Excel rewrites them ("'812...", '="812..."', "8.12346E+10": read only when
  they fit the session's id), and any cell written as a text formula ('="01/08/2026 12:31"');
- Zoom's portal in German, Spanish, Portuguese, Japanese and Italian (``Nome (nome
  originale)``, ``Ora di ingresso``; the meeting's bare ``ID`` beside its ``Argomento``);
- durations in words ("1h 9m", "1 hr 9 min", "69 mins", "29m") as well as numbers and clocks;
- Microsoft Teams, Google Meet and Webex files without join and leave times are refused
  naming the platform (a Webex file with join and leave times is read by them).

Times are written in the Zoom account's time zone without an offset; several formats occur
("01/08/2026 12:11:04 PM", "01/08/2026 12:11", "2026-01-08 12:11:04", "Jan 8, 2026 12:11 PM",
24-hour; "15/01/2026 12:11" day first, recognised when a day in the file is over 12,
"15.01.2026 12:11", and French month names, "8 janv. 2026 12:11"). A file of several meetings
(blocks or a Meeting ID column) is refused unless the session's meeting id picks one.
Comma, semicolon (a report re-saved by a European Excel) and tab separators
are read. UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark and Windows-1252
(Latin-1) are read; a file in another code page (Shift-JIS, GBK, Windows-1251...) is refused with
a request for UTF-8 rather than read into garbled names. Anything that cannot be read exactly raises
:class:`~echohub.attendance.errors.AttendanceError` naming the row; nothing is half-parsed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from echohub.attendance.errors import AttendanceError, gettext_noop

__all__ = [
    "MAX_REPORT_BYTES",
    "MAX_SEGMENT",
    "ParticipantRow",
    "Report",
    "decode_report",
    "meeting_id_fits",
    "meeting_ids_equal",
    "parse_time",
    "parse_zoom_report",
    "row_fingerprint",
]

SOURCE = "zoom_csv"
# Longer than any teleECHO session can plausibly run: a longer row is corrupt data.
MAX_SEGMENT = timedelta(hours=24)
# More records than any real report holds (1,000 people re-joining 20 times each): reading stops
# there instead of spending minutes and gigabytes on a generated file.
MAX_RECORDS = 20_000
# Bytes: more than any one session's report (20,000 rows of long names and e-mails); a larger
# file is refused before it is decoded, so memory and time stay bounded.
MAX_REPORT_BYTES = 8 * 1024 * 1024
# Zoom rounds "Duration (Minutes)" down; allow some slack before calling it inconsistent.
DURATION_SLACK_MINUTES = 2

_TIME_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %I:%M:%S %p",
    "%Y-%m-%d %I:%M %p",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%b %d, %Y %I:%M:%S %p",
    "%b %d, %Y %I:%M %p",
    "%b %d, %Y %H:%M:%S",
    "%b %d, %Y %H:%M",
    "%B %d, %Y %I:%M:%S %p",
    "%B %d, %Y %I:%M %p",
    "%d %b %Y %H:%M:%S",
    "%d %b %Y %H:%M",
    "%d %b %Y %I:%M:%S %p",  # "8 janvier 2026 1 h 40 p.m." (a French 12-hour clock)
    "%d %b %Y %I:%M %p",
    # Excel's "d-mmm-yy" and "d-mmm-yyyy" ("8-Jan-26 12:31"), a re-saved report's dates.
    "%d-%b-%y %H:%M:%S",
    "%d-%b-%y %H:%M",
    "%d-%b-%y %I:%M:%S %p",
    "%d-%b-%y %I:%M %p",
    "%d-%b-%Y %H:%M:%S",
    "%d-%b-%Y %H:%M",
    "%d-%b-%Y %I:%M:%S %p",
    "%d-%b-%Y %I:%M %p",
    # Excel's long date ("Thursday, January 8, 2026 12:31 PM"): the weekday is not checked.
    "%A, %B %d, %Y %I:%M:%S %p",
    "%A, %B %d, %Y %I:%M %p",
    "%A, %B %d, %Y %H:%M:%S",
    "%A, %B %d, %Y %H:%M",
)


@dataclass(frozen=True, slots=True)
class ParticipantRow:
    """One participant row of a report (a join segment, or a unique-user total).

    ``row`` is 1-based among participant rows after the header (blank lines not counted),
    ``line`` the physical line in the file. ``join``/``leave`` are aware datetimes, or both
    ``None`` in the unique-users layout where only ``duration_minutes`` is known.
    ``registrant_id``/``user_id``/``join_token`` are empty for CSV reports; the REST API and
    our own BBB/Jitsi joins fill them. ``fingerprint`` is stable across re-imports of the same
    report (see :func:`row_fingerprint`). ``attended`` is False for a webinar registrant the
    report says did not attend ("Attended: No", no times): never attendance.
    """

    row: int
    line: int
    name: str
    email: str
    join: datetime | None
    leave: datetime | None
    duration_minutes: int | None
    waiting_room: bool = False
    guest: bool | None = None
    source: str = SOURCE
    #: The time online to the second where the report gives it ("00:40:00": BigBlueButton's
    #: dashboard, Excel): no rounding slack is then needed (see reconcile.online_minutes_within).
    duration_seconds: int | None = None
    registrant_id: str = ""
    user_id: str = ""
    join_token: str = ""
    raw: tuple[tuple[str, str], ...] = ()
    fingerprint: str = ""
    attended: bool = True
    #: "poll_answers": the learning dashboard's "Anonymous" row (no person, no times);
    #: "repeated_hour": times that fit both hours repeated when clocks go back (review).
    note: str = ""


@dataclass(frozen=True, slots=True)
class Report:
    """A parsed report: participant rows in file order plus what the file said about itself."""

    rows: tuple[ParticipantRow, ...]
    layout: str  # "segments" or "unique_users"
    meeting_id: str | None
    meeting_start: datetime | None
    encoding: str
    columns: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=())
    meeting_end: datetime | None = None


# Column name (folded: lower case, single spaces) -> our field.
_COLUMN_NAMES = {
    "name (original name)": "name",
    "user name (original name)": "name",
    "time in session (minutes)": "duration",
    "name": "name",
    "participant": "name",
    "participant name": "name",
    "display name": "name",
    "user email": "email",
    "email": "email",
    "e-mail": "email",
    "email address": "email",
    "join time": "join",
    "leave time": "leave",
    "duration (minutes)": "duration",
    "duration(minutes)": "duration",
    "duration (mins)": "duration",
    "duration": "duration",
    "total duration (minutes)": "total_duration",
    "total duration(minutes)": "total_duration",
    "total duration": "total_duration",
    "guest": "guest",
    "in waiting room": "waiting_room",
    "registrant id": "registrant_id",
    "registrant_id": "registrant_id",
    "status": "status",
    "attended": "attended",
    "a participe": "attended",
    "is guest": "guest",
    # BigBlueButton's learning dashboard ("Download Session Data"): one row per user, the
    # first join, the last leave ("-" while online) and the time online.
    "join": "join",
    "joined": "join",
    "left": "leave",
    "moderator": "moderator",
    # Newer dashboards name the first column "User" (French "Utilisateur").
    "user": "name",
    # The dashboard in French: its translations are community-made and change between
    # versions, so the likely words are all read. A dashboard whose first join or last leave
    # is not recognised is refused (its Duration is time online, never minutes in the session).
    "moderateur": "moderator",
    "moderateur(trice)": "moderator",
    "utilisateur": "name",
    "utilisatrice": "name",
    "utilisateur(trice)": "name",
    "rejoint": "join",
    "a rejoint": "join",
    "rejoindre": "join",
    "arrivee": "join",
    "connexion": "join",
    "entree": "join",
    "parti": "leave",
    "quitte": "leave",
    "a quitte": "leave",
    "depart": "leave",
    "deconnexion": "leave",
    "sortie": "leave",
    "gauche": "leave",  # "Left" translated as the side; only read beside a join column
    # A Jitsi occupant log (event_sync's fields; Unix times).
    "joined_at": "join",
    "joined at": "join",
    "left_at": "leave",
    "left at": "leave",
    # The room each occupant was in: a log of a whole Jitsi server holds every room's people,
    # and only the session's own room is its attendance (see _check_rooms).
    "room_name": "room",
    "room_jid": "room",
    "est un invite": "guest",
    "est invite": "guest",
    "first name": "first_name",
    "last name": "last_name",
    "prenom": "first_name",
    "nom de famille": "last_name",
    # Zoom and Excel in French (France and Canada); accents, apostrophes and case are folded.
    "nom (nom d'origine)": "name",
    "nom (nom original)": "name",
    "nom d'utilisateur (nom d'origine)": "name",
    "nom d'utilisateur (nom original)": "name",
    "nom du participant": "name",
    "nom d'affichage": "name",
    "e-mail de l'utilisateur": "email",
    "courriel de l'utilisateur": "email",
    "courriel": "email",
    "adresse courriel": "email",
    "adresse e-mail": "email",
    "adresse electronique": "email",
    "heure d'arrivee": "join",
    "heure de connexion": "join",
    "heure d'entree": "join",
    "heure de participation": "join",
    "heure de depart": "leave",
    "heure de deconnexion": "leave",
    "heure de sortie": "leave",
    "duree (minutes)": "duration",
    "duree (min)": "duration",
    "duree": "duration",
    "temps dans la session (minutes)": "duration",
    "duree totale (minutes)": "total_duration",
    "duree totale": "total_duration",
    "invite": "guest",
    "invite(e)": "guest",
    "dans la salle d'attente": "waiting_room",
    "en salle d'attente": "waiting_room",
    "salle d'attente": "waiting_room",
    # Zoom's report exported with the web portal in another language, as parsers written for
    # those exports name the columns (hunt 12; only names seen in such a parser are read):
    # German ("Name (ursprünglicher Name)", "E-Mail", "Beitrittszeit", "Austrittszeit",
    # "Dauer (Minuten)"); Spanish, older and newer wording ("Nombre (nombre original)", "E-mail
    # del usuario" or "Correo electrónico", "Hora para unirse" or "Hora de entrada", "Hora
    # para salir" or "Hora de salida", "Duración (minutos)", "Duración total (minutos)",
    # "Invitado", "En sala de espera"); Brazilian Portuguese ("Nome (nome original)", "E-mail",
    # "Ingressar na hora", "Hora de saída", "Duração (minutos)", "Convidado", "Na sala de
    # espera"); Japanese ("名前 (元の名前)", "ユーザーメール", "参加時刻", "退出時刻",
    # "所要時間（分）"). Accents and full-width brackets are folded like every header.
    "name (ursprunglicher name)": "name",
    "beitrittszeit": "join",
    "austrittszeit": "leave",
    "dauer (minuten)": "duration",
    "nombre (nombre original)": "name",
    "e-mail del usuario": "email",
    "correo electronico": "email",
    "hora para unirse": "join",
    "hora de entrada": "join",
    "hora para salir": "leave",
    "hora de salida": "leave",
    "duracion (minutos)": "duration",
    "duracion total (minutos)": "total_duration",
    "invitado": "guest",
    "en sala de espera": "waiting_room",
    "nome (nome original)": "name",
    "ingressar na hora": "join",
    "hora de saida": "leave",
    "duracao (minutos)": "duration",
    "convidado": "guest",
    "na sala de espera": "waiting_room",
    "名前 (元の名前)": "name",
    "ユーザーメール": "email",
    "参加時刻": "join",
    "退出時刻": "leave",
    "所要時間（分）": "duration",
    # Italian (hunt 13), as a parser written for that export names its columns: "Nome (nome
    # originale)", "E-mail", "Ora di ingresso", "Ora di uscita", "Durata (minuti)", "Guest"
    # (left in English); the meeting's "Argomento", "ID", "Ora di inizio", "Ora di fine".
    "nome (nome originale)": "name",
    "ora di ingresso": "join",
    "ora di uscita": "leave",
    "durata (minuti)": "duration",
}
# Known columns we read nothing from (no warning for these).
_KNOWN_IGNORED_NAMES = {
    "room",
    "room name",
    "event_name",
    "occupant_jid",
    "id",
    "activity score",
    "talk time",
    "webcam time",
    "messages",
    "reactions",
    "emojis",
    "poll votes",
    "answers",
    "raise hands",
    "score d'activite",
    "temps de parole",
    "temps de webcam",
    "temps webcam",
    "temps de camera",
    "temps en ligne",
    "emoticones",
    "reponses",
    "votes",
    "votes aux sondages",
    "votes de sondage",
    "mains levees",
    "main levee",
    "mains levee",
    "registration time",
    "recording disclaimer response",
    "approval status",
    "source name",
    "job title",
    "organization",
    "phone",
    "country/region name",
    "recording consent",
    "marketing opt-in",
    "meeting id",
    "topic",
    "start time",
    "end time",
    "participants",
    "user name",
    "department",
    "group",
    "has zoom rooms",
    "creation time",
    "source",
    "location",
    "network type",
    "device",
    "sujet",
    "heure de debut",
    "heure de fin",
    "consentement a l'enregistrement",
    "pays/region",
    # The meeting's columns of an Italian export, alone or beside the participant's.
    "ora di fine",
    "argomento",
    "organizzatore",
    "nome organizzatore",
    "e-mail organizzatore",
    "partecipanti",
    "digita",
    "type",
    "host name",
    "host email",
}


def _squash(cell: str) -> str:
    """Header cell for look-up: no BOM, quotes, accents, case or whitespace, one apostrophe
    ("Name(Original name)", "HEURE D’ARRIVÉE" as "heured'arrivee")."""
    text = cell.replace("\ufeff", "").strip().strip('"')
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in text if not unicodedata.combining(char))
    return "".join(text.replace("’", "'").replace("`", "'").casefold().split())


_COLUMNS = {_squash(name): key for name, key in _COLUMN_NAMES.items()}
_KNOWN_IGNORED = {_squash(name) for name in _KNOWN_IGNORED_NAMES}
_MEETING_HEADERS = {
    _squash(name)
    for name in ("meeting id", "webinar id", "id de reunion", "id de la reunion", "id du webinaire")
}
_END_TIMES = {
    _squash(name)
    for name in (
        "end time",
        "actual end time",
        "heure de fin",
        "heure de fin reelle",
        "ora di fine",
    )
}
_START_TIMES = {
    _squash(name)
    for name in (
        "start time",
        "actual start time",
        "heure de debut",
        "heure de debut reelle",
        "ora di inizio",
    )
}
#: A meeting's topic column: beside it, a bare "ID" is the meeting's id (Zoom's Italian
#: export names it so, "Argomento,ID,...", and its English one-header export "Topic,Type,ID").
_TOPICS = {_squash(name) for name in ("topic", "sujet", "argomento")}


def _meeting_id_columns(folded: list[str]) -> list[int]:
    """Where a header row (folded cells) names the meeting id: "Meeting ID" and its
    translations, or a bare "ID" in a row that also names the meeting's topic."""
    found = [i for i, cell in enumerate(folded) if cell in _MEETING_HEADERS]
    if not found and any(cell in _TOPICS for cell in folded):
        found = [i for i, cell in enumerate(folded) if cell == "id"]
    return found


_KNOWN_IGNORED |= _MEETING_HEADERS | _START_TIMES
#: Yes and no as reports and spreadsheets write them, folded: Excel writes its booleans in the
#: workbook's language (French VRAI/FAUX, Spanish VERDADERO/FALSO, German WAHR/FALSCH).
_YES = {
    "yes",
    "y",
    "true",
    "1",
    "oui",
    "vrai",
    "verdadero",
    "wahr",
    "si",
    "sí",
    "sì",
    "ja",
    "sim",
    "vero",
}
#: Names of a totals or summary row a spreadsheet adds (folded: no spaces, accents or case),
#: perhaps with what it counts in brackets and its value ("Total (minutes)", "Total
#: participants: 7"). Never a bare number: a phone number is a person's line.
_SUMMARY_WORDS = (
    "total|totals|totaux|grandtotal|subtotal|sous-total|sum|somme|totalgeneral|summe|gesamt"
    "|average|avg|mean|moyenne|count|nombre|participants|totalparticipants|uniqueparticipants"
    "|participantsuniques|nombredeparticipants|totaldesparticipants|uniqueusers"
)
_TOTALS = re.compile(rf"|(?:{_SUMMARY_WORDS})(?:\([^()]*\))?:?(?:\d[\d.,]*)?")
_NUMBER = re.compile(r"\d[\d.,]*")


def _footer(record: list[str], name_at: int) -> bool:
    """Whether a row shorter than the table is a summary line under it: a summary label in the
    name's column with its count, in the same cell ("Total participants: 7") or the next
    ("Total participants:", "7"), and nothing else. A row cut short (a name, a name and an
    e-mail) is no footer: it is refused as truncated."""
    filled = [(i, cell.strip()) for i, cell in enumerate(record) if cell.strip()]
    if not filled or filled[0][0] != name_at or len(filled) > 2:
        return False
    label = _squash(filled[0][1])
    if len(filled) == 2:
        position, value = filled[1]
        if position != name_at + 1 or not _NUMBER.fullmatch(value):
            return False
        label += value
    words = re.fullmatch(rf"(?:{_SUMMARY_WORDS})(?:\([^()]*\))?:?(\d[\d.,]*)", label)
    return words is not None


#: A time cell that says "no time" (still in the meeting: the leave is not known yet).
_NO_TIME = {"", "-", "--", "\u2013", "\u2014"}
_NO = {"no", "n", "false", "0", "non", "", "faux", "falso", "falsch", "nein", "nao", "não"}


def _fold_header(cell: str) -> str:
    return _squash(cell)


def meeting_ids_equal(a: str, b: str) -> bool:
    """Compare meeting ids ignoring spaces and dashes ("812 3456 7890" == "81234567890") and
    what Excel adds to a number kept as text ("'81234567890", '="81234567890"', "…890.0")."""
    return _plain_meeting_id(a) == _plain_meeting_id(b)


_EXCEL_TEXT = re.compile(r"""=\s*"(?P<formula>[^"]*)"|['’‘](?P<quoted>.*)""")
_SCIENTIFIC = re.compile(r"(?P<lead>\d)(?:[.,](?P<rest>\d+))?[eE]\+?(?P<exp>\d{1,2})")
#: Fewer significant digits than this left by Excel are too few to tell two meetings apart.
_MIN_SHORTENED_DIGITS = 5


def _plain_meeting_id(text: str) -> str:
    value = text.strip()
    excel = _EXCEL_TEXT.fullmatch(value)
    if excel:
        value = excel["formula"] if excel["formula"] is not None else excel["quoted"]
    value = re.sub(r"[\s\-]", "", value)
    if re.fullmatch(r"\d+\.0+", value):  # a number column re-saved as "81234567890.0"
        value = value.split(".")[0]
    return value


def meeting_id_fits(report: str, session: str) -> bool:
    """Whether the report's meeting id is the session's: equal (see :func:`meeting_ids_equal`),
    or shortened by Excel's General format ("8.12346E+10") to enough leading digits that
    round the session's id to exactly that."""
    if meeting_ids_equal(report, session):
        return True
    return _shortened(report) is not None and _shortened_fits(report, session)


def _shortened(text: str) -> re.Match[str] | None:
    return _SCIENTIFIC.fullmatch(_plain_meeting_id(text))


def _shortened_fits(report: str, session: str) -> bool:
    found = _shortened(report)
    wanted = _plain_meeting_id(session)
    if found is None or not wanted.isdigit() or wanted.startswith("0"):
        return False
    digits = found["lead"] + (found["rest"] or "")
    if len(digits) < _MIN_SHORTENED_DIGITS or int(found["exp"]) + 1 != len(wanted):
        return False
    cut = len(wanted) - len(digits)
    if cut <= 0:
        return int(digits) == int(wanted) * 10**-cut
    rounded = (int(wanted) + 5 * 10 ** (cut - 1)) // 10**cut  # Excel rounds half up
    return rounded == int(digits)


def _check_meeting(
    found: str, meeting_id: str, warnings: list[str], *, row: int | None, line: int | None
) -> None:
    """Refuse a report (or row) of another meeting; a meeting id Excel shortened is read when
    it fits the session's (said in a warning) and refused, in words, when it cannot be told."""
    if meeting_ids_equal(found, meeting_id):
        return
    if _shortened(found) is not None:
        if _shortened_fits(found, meeting_id):
            warning = (
                f"the meeting ID was shortened by Excel to {found.strip()}: checked on its "
                "first digits only"
            )
            if warning not in warnings:
                warnings.append(warning)
            return
        raise AttendanceError(
            "wrong_meeting",
            gettext_noop(
                "the report's meeting ID was changed by Excel to %(report)s, which is not "
                "meeting %(session)s of this session (or too little of it is left to tell). "
                "Download the report from Zoom again and upload it without opening it in Excel"
            ),
            params={"report": found.strip(), "session": meeting_id},
            row=row,
            line=line,
        )
    if row is None:
        raise AttendanceError(
            "wrong_meeting",
            gettext_noop(
                "the report is for meeting %(report)s, the session is meeting %(session)s"
            ),
            params={"report": found, "session": meeting_id},
            line=line,
        )
    raise AttendanceError(
        "wrong_meeting",
        gettext_noop("is for meeting %(report)s, the session is meeting %(session)s"),
        params={"report": found, "session": meeting_id},
        row=row,
        line=line,
    )


#: Files people upload by mistake, told apart by their first bytes (published signatures).
_NOT_CSV = (
    (
        b"\x89PNG",
        gettext_noop(
            "This file is a PNG image, not a CSV report. Upload the participants report "
            "exported as CSV (in Zoom: Reports, Usage, the meeting's participants, Export)."
        ),
    ),
    (
        b"\xff\xd8\xff",
        gettext_noop(
            "This file is a JPEG image, not a CSV report. Upload the participants report "
            "exported as CSV (in Zoom: Reports, Usage, the meeting's participants, Export)."
        ),
    ),
    (
        b"GIF8",
        gettext_noop(
            "This file is a GIF image, not a CSV report. Upload the participants report "
            "exported as CSV (in Zoom: Reports, Usage, the meeting's participants, Export)."
        ),
    ),
    (
        b"%PDF",
        gettext_noop(
            "This file is a PDF document, not a CSV report. Upload the participants report "
            "exported as CSV (in Zoom: Reports, Usage, the meeting's participants, Export)."
        ),
    ),
    (
        b"PK\x03\x04",
        gettext_noop(
            "This file is an Excel workbook or a zip archive (save the sheet as CSV first), "
            "not a CSV report. Upload the participants report exported as CSV (in Zoom: "
            "Reports, Usage, the meeting's participants, Export)."
        ),
    ),
    (
        b"\xd0\xcf\x11\xe0",
        gettext_noop(
            "This file is an old Excel or Word file (save the sheet as CSV first), not a CSV "
            "report. Upload the participants report exported as CSV (in Zoom: Reports, Usage, "
            "the meeting's participants, Export)."
        ),
    ),
)


def check_size(size: int) -> None:
    """Refuse a file larger than :data:`MAX_REPORT_BYTES` (``too_large``), before reading it."""
    if size > MAX_REPORT_BYTES:
        raise AttendanceError(
            "too_large",
            gettext_noop(
                "the file is %(size)s MB, more than the %(limit)s MB a participants report of "
                "one session ever needs: check that this is the right file"
            ),
            params={
                "size": f"{size / 1024 / 1024:.1f}",
                "limit": MAX_REPORT_BYTES // 1024 // 1024,
            },
        )


def decode_report(data: bytes) -> tuple[str, str]:
    """Decode report bytes; return (text, encoding name). Raises ``bad_encoding``."""
    for magic, refusal in _NOT_CSV:
        if data.startswith(magic):
            raise AttendanceError("bad_encoding", refusal)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise AttendanceError(
                "bad_encoding",
                gettext_noop("not valid UTF-16: %(error)s"),
                params={"error": error},
            ) from None
    if b"\x00" in data:
        bare = _utf16_without_mark(data)
        if bare is not None:
            return bare
        raise AttendanceError(
            "bad_encoding",
            gettext_noop(
                "This file is not a text (CSV) report: it holds binary data. Upload the "
                "participants report exported as CSV (in Zoom: Reports, Usage, the meeting's "
                "participants, Export)."
            ),
        )
    try:
        return data.decode("utf-8-sig"), (
            "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        )
    except UnicodeDecodeError:
        pass
    # Not UTF-8: Excel's "CSV" on a Western Windows writes Windows-1252. Read it as that only
    # when the result looks like Western text; a file in another code page (Shift-JIS, GBK,
    # Windows-1251...) would decode into plausible-looking garbage names, so it is refused.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise AttendanceError("bad_encoding", _NOT_WESTERN) from None
    if any(ord(char) < 32 and char not in "\r\n\t" for char in text):
        raise AttendanceError(
            "bad_encoding",
            gettext_noop(
                "This file is not a CSV report: it holds control characters. Upload the "
                "participants report exported as CSV (in Zoom: Reports, Usage, the meeting's "
                "participants, Export)."
            ),
        )
    if not looks_western(text):
        raise AttendanceError("bad_encoding", _NOT_WESTERN)
    return text, "cp1252"


def _utf16_without_mark(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without its byte-order mark (some exports and "Unicode text" saves
    do): Western text has a zero as every other byte, all on the same side. The text is read
    only when it decodes whole, into printable text; else None (binary data)."""
    if len(data) % 2:
        return None
    sample = data[:4096]
    pairs = len(sample) // 2
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd * 10 >= pairs * 9 and even == 0:
        encoding = "utf-16-le"
    elif even * 10 >= pairs * 9 and odd == 0:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if any(ord(char) < 32 and char not in "\r\n\t" for char in text):
        return None
    return text, encoding


# A word as Western European text writes it: Latin letters (ASCII, Latin-1 and the few in
# Windows-1252), digits and inner apostrophes, hyphens, dots or @ (emails), with punctuation
# only at its edges.
_LATIN = (
    "A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
)
_WESTERN_WORD = re.compile(
    rf"[\"'‘’“”«»‹›(\[¡¿]*[{_LATIN}]+(?:['’.\-@_/&+][{_LATIN}]+)*[\"'‘’“”«»‹›)\].,;:!?™®©°%€£¥]*"
)
_STANDALONE = re.compile(r"[\-–—…•·|/&+#*=%€£¥°§©®™()\[\]\"'‘’“”«»]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def looks_western(text: str) -> bool:
    """Whether decoded text reads as Western European: every token with a non-ASCII character
    is a Latin word (or stand-alone punctuation), and no word is mostly accented letters (a
    Cyrillic or Greek name read as Windows-1252 is: "Èâàí Ïåòðîâ")."""
    for token in re.split(r"[\s,;\t]+", text):
        if not _NON_ASCII.search(token):
            continue
        if _STANDALONE.fullmatch(token):
            continue
        if not _WESTERN_WORD.fullmatch(token):
            return False
        letters = [c for c in token if c.isalpha()]
        accented = sum(1 for c in letters if ord(c) > 127)
        if len(letters) >= 3 and accented * 4 >= len(letters) * 3:
            return False
    return True


# No guess at the code page: on a few names, detectors (charset-normalizer, chardet) often name
# the wrong one (EUC-JP as Korean, Shift-JIS as Central European).
_NOT_WESTERN = gettext_noop(
    "This file is not in UTF-8 and its text does not read as Western European (it may be in a "
    "Japanese, Chinese, Korean, Cyrillic, Greek or Central European code page): names would be "
    "garbled, so nothing was imported. Export the report from Zoom again, or in Excel use Save "
    "As, 'CSV UTF-8', then upload it."
)


_FAST_US = re.compile(
    r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2}) (\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"(?: ?([AaPp])\.?[Mm]\.?)?"
)
_FAST_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?")
# "08/01/2026" or "08-01-2026" (Dutch, Danish or Indian Excel): month or day first.
_SLASH_DATE = re.compile(r"\s*(\d{1,2})[/\-](\d{1,2})[/\-](\d{4}|\d{2})\b")


def _fast_time(value: str, *, day_first: bool = False) -> datetime | None:
    """The common report formats without strptime (five times faster); None if not one.
    "01/08/2026" is month first unless ``day_first``; "08.01.2026" is always day first."""
    match = _FAST_US.fullmatch(value)
    if match:
        month, separator, day, year, hour, minute, second, half = match.groups()
        if day_first or separator == ".":
            month, day = day, month
    else:
        match = _FAST_ISO.fullmatch(value)
        if not match:
            return None
        year, month, day, hour, minute, second = match.groups()
        half = None
    hours = int(hour)
    if half is not None:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if half in "Pp" else 0)
    # "1/8/26 12:30": a date Excel rewrote in its short (two-digit year) format.
    full_year = int(year) + (2000 if len(year) == 2 else 0)
    try:
        return datetime(full_year, int(month), int(day), hours, int(minute), int(second or 0))
    except ValueError:
        return None


def _day_first(values: Iterable[str], near: datetime | None = None) -> bool:
    """Whether slash dates are day first ("13/01/2026", as Zoom and Excel write them in
    European and most other locales): some first number is over 12 and no second number is.
    When every number is 12 or less the file cannot tell: the reading whose first date is
    nearer ``near`` (the session's start) wins, month first (Zoom's US format) without it or
    on a tie. A misread date lies weeks from the session and the report is refused as
    another day's."""
    first_over = second_over = False
    first: tuple[int, int, int] | None = None
    for value in values:
        match = _SLASH_DATE.match(value)
        if match:
            a, b = int(match.group(1)), int(match.group(2))
            first_over = first_over or a > 12
            second_over = second_over or b > 12
            if first is None:
                year = match.group(3)
                first = (a, b, int(year) + (2000 if len(year) == 2 else 0))
    if first_over or second_over or first is None or near is None:
        return first_over and not second_over
    a, b, year = first
    try:
        as_month_first = datetime(year, a, b)
        as_day_first = datetime(year, b, a)
    except ValueError:
        return False
    day = near.replace(tzinfo=None)
    return abs(as_day_first - day) < abs(as_month_first - day)


_AMBIGUOUS_DATES = gettext_noop(
    "the dates in this report can be read day first or month first: “%(written)s” is "
    "%(taken)s or %(other)s, and this program has a session then too, so the file cannot say "
    "which meeting it is. Choose how its dates are written under “Dates in this file” (day "
    "first, 31/12, or month first, 12/31) and import it again, on the session it belongs to; "
    "or write the dates of the join and leave columns as year, month, day (such as "
    "2026-01-08 12:30)"
)

#: How a report's slash dates are read: ``auto`` (the file's own numbers, then the reading
#: nearer the session), ``day`` (31/12/2026) or ``month`` (12/31/2026), as the coordinator
#: chose on the import form.
DATE_ORDERS = ("auto", "day", "month")


def _check_other_reading(
    values: list[str], zone: ZoneInfo, *, day_first: bool, others: Iterable[datetime]
) -> None:
    """Refuse a report whose slash dates read both ways (every day and month 12 or less, as
    "01/07/2026": 7 January or 1 July) when the reading not taken lies within
    :data:`OTHER_READING_SKEW` of another session's start (``others``): which meeting the
    report is of cannot be told, and the session it was uploaded to would be credited with
    the other one's attendance (hunt 8)."""
    starts = [start.astimezone(UTC) for start in others]
    if not starts:
        return
    first = next((value for value in values if _SLASH_DATE.match(value)), None)
    if first is None or not _order_unknown(values):
        return  # no slash date, or a day or month over 12 says the order
    try:
        taken = _TimeParser(zone, day_first=day_first)(first)
        other = _TimeParser(zone, day_first=not day_first)(first)
    except ValueError:
        return  # the other reading is no date ("13/..." or a 31st): one reading only
    if taken.date() == other.date():
        return  # "05/05/2026"
    if any(abs(other.astimezone(UTC) - start) <= OTHER_READING_SKEW for start in starts):
        raise AttendanceError(
            "ambiguous_dates",
            _AMBIGUOUS_DATES,
            params={"written": first.strip(), "taken": taken, "other": other},
        )


_NOT_IN_ORDER_DAY = gettext_noop(
    "join/leave time “%(join)s” / “%(leave)s” is no date read day first (31/12/2026), as "
    "chosen under “Dates in this file”: choose month first or automatic and import it again"
)
_NOT_IN_ORDER_MONTH = gettext_noop(
    "join/leave time “%(join)s” / “%(leave)s” is no date read month first (12/31/2026), as "
    "chosen under “Dates in this file”: choose day first or automatic and import it again"
)


#: How near another session's start the reading not taken of a date must lie to be that
#: session's report (the engine's own window for a report's times).
OTHER_READING_SKEW = timedelta(hours=12)


def _order_unknown(values: Iterable[str]) -> bool:
    """Whether no slash date of ``values`` has a number over 12 before or after its first
    separator ("01/07/2026" alone): the file itself cannot say day first from month first."""
    for value in values:
        match = _SLASH_DATE.match(value)
        if match and (int(match.group(1)) > 12 or int(match.group(2)) > 12):
            return False
    return True


# Years a report's times can be in: videoconference reports, not history or corrupt cells.
_YEARS = (1990, 2200)


class _TimeParser:
    """Parse naive local timestamps, trying the format that worked last first (fast path)."""

    def __init__(self, zone: ZoneInfo, *, day_first: bool = False) -> None:
        self.zone = zone
        self.day_first = day_first
        #: The order was chosen (not guessed): a slash date that does not read that way
        #: ("25/12/2026" month first) is refused, never read by another format.
        self.order_given = False
        self.last_format: str | None = None

    def __call__(self, text: str) -> datetime:
        moment = self._parse(text)
        # "9999-12-31 23:59" is a corrupt cell, not a meeting (and has no UTC instant).
        if not _YEARS[0] <= moment.year <= _YEARS[1]:
            raise ValueError(f"year out of range {text!r}")
        return moment

    def _parse(self, text: str) -> datetime:
        unix = text.strip()
        if unix.isdecimal() and unix.isascii() and len(unix) in (10, 13):
            # Unix seconds or milliseconds (a Jitsi occupant log): an instant, no zone to guess.
            return datetime.fromtimestamp(int(unix) / (1000 if len(unix) == 13 else 1), tz=UTC)
        serial = _EXCEL_SERIAL.fullmatch(unix)
        if serial:
            # "46030.5208333333": Excel's own number for a date and time (a cell it formats as
            # General or Number), counted in days from 30 December 1899, in the same clock
            # as the other cells. A whole number is a date without its time: not read.
            days = float(f"{serial[1]}.{serial[2]}")
            seconds = round(days * 86400)
            return (_EXCEL_EPOCH + timedelta(seconds=seconds)).replace(tzinfo=self.zone)
        value = _clock(_DATE_COMMA.sub(r"\1 ", " ".join(text.split()), count=1))
        named = (value[-1:].isalpha() and value[-2:].upper() not in {"AM", "PM"}) or (
            "GMT" in value or "UTC" in value
        )
        suffix = _ZONE_SUFFIX.fullmatch(value) if named else None
        if suffix and suffix["zone"].upper() not in {"AM", "PM"}:
            return _in_named_zone(self._parse(suffix["rest"]), suffix, text)
        fast = _fast_time(value, day_first=self.day_first)
        if fast is not None:
            return fast.replace(tzinfo=self.zone)
        if (self.day_first or self.order_given) and _SLASH_DATE.match(value):
            raise ValueError(f"unrecognised time {text!r}")  # not the other order's formats
        if _CUT_TIME.search(value):  # "12:3": strptime would read 12:03
            raise ValueError(f"truncated time {text!r}")
        formats = _TIME_FORMATS if self.last_format is None else (self.last_format, *_TIME_FORMATS)
        for fmt in formats:
            try:
                parsed = datetime.strptime(value, fmt)
            except ValueError:
                continue
            self.last_format = fmt
            return parsed.replace(tzinfo=self.zone)
        return parse_time(value, self.zone)


# Excel's serial date and time: days since 1899-12-30 with the time as the fraction (a point or,
# in a French or German Excel, a comma); five digits of days are the years 1927 to 2173.
_EXCEL_SERIAL = re.compile(r"(\d{5})[.,](\d{1,12})")
_EXCEL_EPOCH = datetime(1899, 12, 30)
# A time of day alone ("12:30", "12:30:05 PM", "12 h 30"): a date lost in a spreadsheet.
_CLOCK_ONLY = re.compile(
    r"\d{1,2}(?::\d{2}(?::\d{2})?| ?h ?\d{2})(?: ?[AaPp]\.? ?[Mm]\.?)?", re.IGNORECASE
)
_CUT_TIME = re.compile(r":\d(?!\d)")
# A browser's date and time ("1/8/2026, 12:30:00 PM", "8.1.2026, 12:30:00"): the comma goes.
_DATE_COMMA = re.compile(r"^(\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}), ?(?=\d)")
# French clock times ("12 h 31", "12h31", "12 h 31 min 05 s") and the "p.m." of Canadian
# Windows ("1:31:00 p.m."): said as "12:31" and "PM" before the formats are tried.
_FRENCH_CLOCK = re.compile(
    r"(?<![\d:])(\d{1,2}) ?h ?(\d{2})(?: ?min ?(\d{2})(?: ?s)?)?( [AP]M)?$", re.IGNORECASE
)
# A French long date's weekday ("jeudi 8 janvier 2026 12 h 31", Excel's long date in French):
# it says nothing the date does not.
# Abbreviated only with its dot ("jeu. 8 janv. 2026"): "Mar 14, 2027" is March, never mardi.
_FRENCH_WEEKDAY = re.compile(
    r"^(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche),?"
    r"|(?:lun|mar|mer|jeu|ven|sam|dim)\.,?) (?=\d{1,2}(?:er)? [^\W\d_])",
    re.IGNORECASE,
)
_DOTTED_HALF = re.compile(r" ?\b([ap])\. ?m\.?$", re.IGNORECASE)


# A French Zoom or Windows writes the month's name: "8 janv. 2026 12:30:00", "1er déc. 2026
# 12 h 30", "8 janvier 2026 à 12:30". Said as "8 Jan 2026 12:30:00" before the formats are tried.
_FRENCH_MONTHS = {
    "janv": "Jan",
    "janvier": "Jan",
    "fev": "Feb",
    "fevr": "Feb",
    "fevrier": "Feb",
    "mars": "Mar",
    "avr": "Apr",
    "avril": "Apr",
    "mai": "May",
    "juin": "Jun",
    "juil": "Jul",
    "juillet": "Jul",
    "aout": "Aug",
    "sept": "Sep",
    "septembre": "Sep",
    "oct": "Oct",
    "octobre": "Oct",
    "nov": "Nov",
    "novembre": "Nov",
    "dec": "Dec",
    "decembre": "Dec",
}
_FRENCH_DATE = re.compile(
    r"(\d{1,2})(?:er)? ([^\W\d_]{3,9})\.? (\d{4}),?(?: [àa])? (?=\d)", re.IGNORECASE
)


def _french_month(match: re.Match[str]) -> str:
    word = unicodedata.normalize("NFKD", match[2].casefold())
    month = _FRENCH_MONTHS.get("".join(char for char in word if not unicodedata.combining(char)))
    return f"{match[1]} {month} {match[3]} " if month else match[0]


def _clock(value: str) -> str:
    if value[:1].isalpha():
        value = _FRENCH_WEEKDAY.sub("", value, count=1)
    if value[:1].isdigit() and _FRENCH_DATE.match(value):
        value = _FRENCH_DATE.sub(_french_month, value, count=1)
    if "." in value:
        value = _DOTTED_HALF.sub(lambda m: " " + m[1].upper() + "M", value, count=1)
    if "h" in value or "H" in value:
        # "12 h 31", also on a 12-hour clock ("1 h 40 p.m.", hunt 12: refused before).
        value = _FRENCH_CLOCK.sub(
            lambda m: f"{m[1]}:{m[2]}" + (f":{m[3]}" if m[3] else "") + (m[4] or "").upper(),
            value,
            count=1,
        )
    return value


# A zone written after the time: "12:31 PM EST", "17:31 UTC", "12:31 GMT-5", "GMT-05:00".
_ZONE_SUFFIX = re.compile(
    r"(?P<rest>.*(?:\d|[AP]M)) ?(?P<zone>(?P<utc>UTC|GMT|Z)(?:(?P<sign>[+\-])(?P<hours>\d{1,2})"
    r"(?::?(?P<minutes>\d{2}))?)?|[A-Z]{2,5})",
    re.IGNORECASE,
)


def _in_named_zone(moment: datetime, suffix: re.Match[str], text: str) -> datetime:
    """``moment`` (read in the account's zone) said in the zone written after it: UTC or GMT
    with an offset, or the account zone's own abbreviation at that moment (EST in winter, EDT
    in summer). Another abbreviation is refused: "CST" names three zones, guessing one would
    shift every row."""
    naive = moment.replace(tzinfo=None)
    if suffix["utc"]:
        offset = timedelta(hours=int(suffix["hours"] or 0), minutes=int(suffix["minutes"] or 0)) * (
            -1 if suffix["sign"] == "-" else 1
        )
        if offset > timedelta(hours=14) or offset < timedelta(hours=-12):
            raise ValueError(f"impossible offset {text!r}")
        return naive.replace(tzinfo=timezone(offset))
    zone = suffix["zone"].upper()
    for fold in (0, 1):
        candidate = moment.replace(fold=fold)
        if (candidate.tzname() or "").upper() == zone:
            return candidate
    raise ValueError(f"time zone {zone!r} is not the account's {text!r}")


def parse_time(text: str, zone: ZoneInfo) -> datetime:
    """Parse one report timestamp written in ``zone`` (or with its own offset). Raises
    ``ValueError`` when no known format fits."""
    value = _clock(_DATE_COMMA.sub(r"\1 ", " ".join(text.split()), count=1))
    if _CUT_TIME.search(value):  # "12:3": strptime would read 12:03
        raise ValueError(f"truncated time {text!r}")
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=zone)
        except ValueError:
            continue
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"unrecognised time {text!r}") from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=zone)


def _utc(moment: datetime) -> datetime:
    """``moment`` in UTC. Two times in the same ``ZoneInfo`` are compared and subtracted on the
    wall clock (Python ignores the offset and ``fold`` then): across a daylight-saving change
    "01:30 to 03:30" would be two hours instead of one. Every span is measured in UTC."""
    return moment.astimezone(UTC)


def _skipped(moment: datetime) -> bool:
    """Whether a local time falls in the hour skipped when clocks go forward ("02:30" on the
    night of the change): no clock in its zone ever showed it. Times with a fixed offset
    (UTC, "GMT-5") never are."""
    if not isinstance(moment.tzinfo, ZoneInfo):
        return False
    wall = moment.replace(tzinfo=None)
    return all(
        _utc(moment.replace(fold=fold)).astimezone(moment.tzinfo).replace(tzinfo=None) != wall
        for fold in (0, 1)
    )


def _folds(moment: datetime) -> tuple[datetime, ...]:
    """The instants a local time can mean: two in the hour repeated when clocks go back."""
    other = moment.replace(fold=1 - moment.fold)
    if other.utcoffset() == moment.utcoffset():
        return (moment,)
    return (moment, other) if moment.fold == 0 else (other, moment)


def _duration_hint(text: str) -> float | None:
    """Minutes a duration cell says, to choose among the readings of a repeated hour: a
    number, or a clock "01:45:00" (BigBlueButton's dashboard, Excel). Before, a clock gave no
    hint, the shortest reading was taken and a dashboard row online 105 minutes across the
    change was refused as lasting 49 (hunt 11)."""
    clock = _CLOCK_DURATION.fullmatch(text.strip())
    if clock:
        hours, mins, secs = (int(part) for part in clock.groups())
        return hours * 60 + mins + secs / 60 if mins < 60 and secs < 60 else None
    worded = _worded_minutes(text)
    if worded is not None:
        return worded
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return None


def _resolve_folds(
    join: datetime, leave: datetime, minutes: float | None
) -> tuple[datetime, datetime, bool]:
    """Read times in the hour repeated when clocks go back (no offset in the report): the
    readings where the leave is not before the join, the one closest to the row's "Duration
    (Minutes)" when given, else the shortest (never more minutes than the person could have).
    The third value is True when two readings fit equally (01:10 to 01:40, in either hour):
    which one cannot be told, and the row goes to review (hunt 8)."""
    joins, leaves = _folds(join), _folds(leave)
    if len(joins) == len(leaves) == 1:
        return join, leave, False  # the common case: no time in a repeated hour
    options = [(first, last) for first in joins for last in leaves if _utc(last) >= _utc(first)]
    if not options:
        return join, leave, False

    def span_of(pair: tuple[datetime, datetime]) -> float:
        return (_utc(pair[1]) - _utc(pair[0])).total_seconds() / 60

    if minutes is not None:
        # A reading shorter than the time the row says it was online cannot be (a dashboard's
        # time online is its span or less: 43 min online read as 34 min was refused).
        possible = [pair for pair in options if span_of(pair) + DURATION_SLACK_MINUTES >= minutes]
        options = possible or options

    def key(pair: tuple[datetime, datetime]) -> tuple[float, float]:
        span = span_of(pair)
        return (abs(span - minutes) if minutes is not None else 0.0, span)

    best = min(options, key=key)
    ties = {(_utc(a), _utc(b)) for a, b in options if key((a, b)) == key(best)}
    return best[0], best[1], len(ties) > 1


def row_fingerprint(
    *,
    source: str,
    name: str,
    email: str,
    join: datetime | None,
    leave: datetime | None,
    duration_minutes: int | None,
    waiting_room: bool,
    occurrence: int,
) -> str:
    """A stable id for a report row: the same row in a re-imported report gets the same id.

    Built from the row's content (not its position), plus ``occurrence`` (0 for the first row
    with this content in the report, 1 for an exact duplicate, ...). Unique within a session.
    """
    parts = [
        source,
        " ".join(name.split()),
        email.strip().casefold(),
        join.isoformat() if join else "",
        leave.isoformat() if leave else "",
        "" if duration_minutes is None else str(duration_minutes),
        "w" if waiting_room else "",
        str(occurrence),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def _waiting_status(value: str) -> bool:
    """A Status cell saying the person was still waiting to be let in ("in_waiting_room",
    "In Waiting Room", "Waiting", "En attente", "Dans la salle d'attente"): never attendance,
    however the export or a spreadsheet wrote it."""
    words = re.sub(r"[\s_\-]+", " ", value.casefold()).strip()
    return "waiting" in words or "attente" in words or "attesa" in words


def _flag(value: str, *, column: str, row: int, line: int) -> bool:
    folded = value.strip().casefold()
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise AttendanceError(
        "bad_value",
        gettext_noop("%(column)s must be Yes or No, not “%(value)s”"),
        params={"column": column, "value": value},
        row=row,
        line=line,
    )


def _duration(
    value: str, *, column: str, row: int, line: int, span: float | None = None
) -> int | None:
    """Whole minutes of a duration cell: minutes ("60", "60 min", "59,5"), "h:mm:ss", or
    "1:00", which is hours and minutes in some exports and minutes and seconds in others: the
    reading that fits the row's join-to-leave ``span`` (minutes) is taken; without a span, or
    when neither reading fits it, the report is refused rather than guessed."""
    text = value.strip()
    if not text:
        return None
    worded = _worded_minutes(text)  # "1h 9m", "1 hr 9 min" (hunt 13: refused before)
    if worded is not None:
        if worded > MAX_SEGMENT.total_seconds() / 60:
            raise AttendanceError(
                "absurd_duration",
                gettext_noop(
                    "%(column)s of %(minutes)s minutes is longer than %(limit)s (corrupt row?)"
                ),
                params={"column": column, "minutes": f"{worded:g}", "limit": MAX_SEGMENT},
                row=row,
                line=line,
            )
        return int(worded)
    text = _MINUTES_UNIT.sub("", text)  # "60 min", "60 minutes"
    two_parts = _TWO_PART_DURATION.fullmatch(text)
    if two_parts:
        return _two_part_duration(two_parts, value, column=column, row=row, line=line, span=span)
    clock = _CLOCK_DURATION.fullmatch(text)
    try:
        if clock:  # "01:15:30": Zoom's dashboard and Excel write minutes as a clock
            hours, mins, secs = (int(part) for part in clock.groups())
            if mins > 59 or secs > 59:
                raise ValueError(text)
            number = float(hours * 60 + mins + secs / 60)
        else:
            number = float(text.replace(",", "."))
    except ValueError:
        raise AttendanceError(
            "bad_duration",
            gettext_noop(
                "%(column)s is not a number: “%(value)s”: export the report again and upload "
                "it without opening it in a spreadsheet, or write the minutes as a number"
            ),
            params={"column": column, "value": value},
            row=row,
            line=line,
        ) from None
    if not clock and 0 < number < 1 and len(text) > 4:
        # "0.0416666667": a clock duration ("1:00:00") a spreadsheet saved as its own number,
        # the fraction of a day. Read so when it fits within the row's join and leave (a
        # second online in an hour's span is no reading); a fraction of a minute that fits a
        # span of under a minute stays one; anything else is refused, never guessed.
        day = round(number * 86400) / 60
        if span is not None and day <= span + 1 and abs(number - span) > 1:
            return int(day)  # time online, as long as the span or shorter (reconnects)
        if span is None or abs(number - span) > 1:
            raise AttendanceError(
                "bad_duration",
                gettext_noop(
                    "%(column)s “%(value)s” is a fraction of a minute, or %(minutes)s minutes "
                    "if a spreadsheet wrote a time as a fraction of a day: the row cannot "
                    "say which. Export the report again and upload it without opening it in "
                    "a spreadsheet"
                ),
                params={"column": column, "value": value, "minutes": f"{day:g}"},
                row=row,
                line=line,
            )
    if number != number or number < 0:  # NaN or negative
        raise AttendanceError(
            "negative_duration",
            gettext_noop("%(column)s is negative or not a number: “%(value)s”"),
            params={"column": column, "value": value},
            row=row,
            line=line,
        )
    if number > MAX_SEGMENT.total_seconds() / 60:
        raise AttendanceError(
            "absurd_duration",
            gettext_noop(
                "%(column)s of %(minutes)s minutes is longer than %(limit)s (corrupt row?)"
            ),
            params={"column": column, "minutes": text, "limit": MAX_SEGMENT},
            row=row,
            line=line,
        )
    return int(number)


_CLOCK_DURATION = re.compile(r"(\d{1,3}):(\d{2}):(\d{2})")


def _clock_seconds(value: str) -> int | None:
    """Seconds of a duration written as a clock with seconds ("00:40:00"), else None (minutes
    only: Zoom rounds them, so a span may exceed them by its rounding)."""
    clock = _CLOCK_DURATION.fullmatch(_MINUTES_UNIT.sub("", value.strip()))
    if clock is None:
        return None
    hours, mins, secs = (int(part) for part in clock.groups())
    return hours * 3600 + mins * 60 + secs


_TWO_PART_DURATION = re.compile(r"(\d{1,4}):([0-5]\d)")


def _two_part_duration(
    parts: re.Match[str], value: str, *, column: str, row: int, line: int, span: float | None
) -> int:
    """ "1:00": 60 minutes (h:mm) or 1 minute (mm:ss), told apart by the row's own span."""
    first, second = int(parts[1]), int(parts[2])
    readings = sorted({first * 60 + second, first + second / 60})
    if len(readings) == 1:  # "0:00"
        return int(readings[0])
    if span is None:
        raise AttendanceError(
            "ambiguous_duration",
            gettext_noop(
                "%(column)s “%(value)s” can be hours and minutes or minutes and seconds, and "
                "the row has no join and leave times to tell which: export the durations in "
                "minutes (or as h:mm:ss) and upload the report again"
            ),
            params={"column": column, "value": value.strip()},
            row=row,
            line=line,
        )
    best = min(readings, key=lambda minutes: abs(minutes - span))
    if abs(best - span) > DURATION_SLACK_MINUTES:
        raise AttendanceError(
            "duration_mismatch",
            gettext_noop(
                "%(column)s “%(value)s” fits neither as hours and minutes nor as minutes and "
                "seconds the join/leave span of %(span)s min: check this row's times and "
                "duration, or export the report again and upload it without opening it in a "
                "spreadsheet"
            ),
            params={"column": column, "value": value.strip(), "span": round(span)},
            row=row,
            line=line,
        )
    return int(best)


_MINUTES_UNIT = re.compile(r"(?<=\d) ?(?:minutes?|mins?|mn|m)\.?$", re.IGNORECASE)
# A duration in hours and minutes said in words ("1h 9m", "1 hr 9 min", "1 h 09 min 05 s",
# "2 hours", "1 heure 5 minutes"): how Webex, Google Meet, Teams and people write it.
_WORDED_DURATION = re.compile(
    r"(?P<hours>\d{1,3}) ?(?:h|hrs?|hours?|heures?|std\.?|stunden?)\.?,?"
    r"(?: ?(?P<minutes>\d{1,2}) ?(?:m|mins?|minutes?|mn)\.?)?"
    r"(?: ?(?P<seconds>\d{1,2}) ?(?:s|secs?|seconds?|secondes?)\.?)?",
    re.IGNORECASE,
)


def _worded_minutes(text: str) -> float | None:
    """Minutes of a duration said in hours and minutes (see _WORDED_DURATION), else None."""
    found = _WORDED_DURATION.fullmatch(" ".join(text.split()))
    if found is None:
        return None
    minutes, seconds = int(found["minutes"] or 0), int(found["seconds"] or 0)
    if minutes > 59 or seconds > 59:
        return None
    return int(found["hours"]) * 60 + minutes + seconds / 60


def _delimiter(text: str) -> str:
    """The report's field separator. Zoom writes commas; a report opened in Excel and saved
    again on a French (or other European) Windows has semicolons, and Excel's "Unicode text"
    (UTF-16) has tabs. The separator is the one that makes a participant header of one of the
    first lines; a comma when none does (the refusal then names the first unknown row)."""
    lines = [line for line in text.splitlines()[:40] if line.strip()]
    for delimiter in (",", ";", "\t"):
        for line in lines:
            if delimiter != "," and delimiter not in line:
                continue
            try:
                record = next(csv.reader([line], delimiter=delimiter))
            except (csv.Error, StopIteration):
                continue
            if _participant_header(record) is not None:
                return delimiter
    return ","


def _refuse_json(text: str) -> None:
    """Refuse JSON (the body of an API call or a webhook: Zoom's report API, BigBlueButton's
    analytics callback) in words; read as CSV it was "',' expected after '\"'"."""
    if text.lstrip()[:1] not in ("{", "["):
        return
    try:
        json.loads(text)
    except ValueError:
        return
    raise AttendanceError(
        "not_csv",
        gettext_noop(
            "This file is JSON data (what an API or a webhook sends), not a CSV report. "
            "Upload the participants report exported as CSV (in Zoom: Reports, Usage, the "
            "meeting's participants, Export)."
        ),
    )


_FORMULA_TEXT = re.compile(r'=\s*"(?P<text>[^"]*)"')


def _unformula(cell: str) -> str:
    """'="01/08/2026 12:31:00 PM"' as the text it stands for: a cell an export wrote as a
    formula so that Excel keeps it as text (its times were refused as not understood and its
    dates were left out when telling day-first from month-first, hunt 13)."""
    found = _FORMULA_TEXT.fullmatch(cell.strip()) if cell[:1] == "=" else None
    return found["text"] if found is not None else cell


def _read_csv(text: str) -> list[tuple[int, list[str]]]:
    """All CSV records with the physical line number where each starts."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=_delimiter(text))
    records: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for record in reader:
            if len(records) == MAX_RECORDS:
                raise AttendanceError(
                    "too_many_rows",
                    gettext_noop(
                        "the file has more than %(count)s rows: a participants report of one "
                        "session never does. Check that this is the right file."
                    ),
                    params={"count": MAX_RECORDS},
                    line=line,
                )
            if any(cell[:1] == "=" for cell in record):
                record = [_unformula(cell) for cell in record]
            records.append((line, record))
            line = reader.line_num + 1
    except csv.Error as error:
        said = str(error)
        if said == "unexpected end of data":
            # The cell opened where its record starts, not where the file ended.
            raise AttendanceError("malformed_csv", _UNCLOSED_QUOTE, line=line) from None
        if said.startswith("field larger than field limit"):
            raise AttendanceError(
                "malformed_csv",
                _HUGE_CELL,
                params={"limit": csv.field_size_limit()},
                line=line,
            ) from None
        if "expected after" in said:
            raise AttendanceError(
                "malformed_csv", _TEXT_AFTER_QUOTE, line=reader.line_num or line
            ) from None
        raise AttendanceError(
            "malformed_csv",
            gettext_noop("cannot read the CSV: %(error)s"),
            params={"error": error},
            line=reader.line_num or line,
        ) from None
    return records


# Python's csv module says these in its own words ("unexpected end of data", "',' expected
# after '\"'"): people read what is wrong in the file and what to do.
_UNCLOSED_QUOTE = gettext_noop(
    "cannot read the CSV: a cell starting on this line opens with a quotation mark that is "
    "never closed, so the rest of the file cannot be read (the file was cut short or edited "
    "by hand). Export the report again and upload it without editing it"
)
_HUGE_CELL = gettext_noop(
    "cannot read the CSV: a cell starting on this line is longer than %(limit)s characters: "
    "a quotation mark that is never closed, most likely (the file was cut short or edited by "
    "hand). Export the report again and upload it without editing it"
)
_TEXT_AFTER_QUOTE = gettext_noop(
    "cannot read the CSV: a cell on this line has text after its closing quotation mark (such "
    'as “"Ana" Lima”), so where it ends cannot be told (the file was edited by hand or written '
    "by another program). Export the report again and upload it without editing it"
)


def _is_blank(record: list[str]) -> bool:
    return all(not cell.strip() for cell in record)


# Column names read by what they say rather than word for word (folded as headers are): a
# waiting-room flag ("Waiting Room", "In waiting room?", "Dans la salle d'attente ?", "Salle
# d'attente (oui/non)", Spanish, German), ignored, credited the time people waited to be let
# in; an e-mail column ("Adresse e-mail de l'utilisateur", "Participant Email"), ignored, left
# rows matched by name alone. Never the host's or organiser's e-mail (the meeting's, on every
# row).
_WAITING_COLUMN = re.compile(
    r"(?:was|is)?(?:in|inthe|dansla|en|enla|im|na|nella)?"
    r"(?:waitingroom|salled'attente|saladeespera|warteraum|salad'attesa)\??(?:\([^()]*\))?\??"
)
_EMAIL_COLUMN = re.compile(r"e-?mail|courriel|adresseelectronique")
_HOST_COLUMN = re.compile(r"host|hote|organi[sz]|animat|owner|proprietaire")


def _participant_header(record: list[str]) -> dict[str, int] | None:
    """Column positions if ``record`` is a participant header, else None."""
    folded = [_fold_header(cell) for cell in record]
    fields: dict[str, int] = {}
    keys = [_COLUMNS.get(cell) for cell in folded]
    # "Nom": the name (a French dashboard), or the family name beside "Prénom" (Zoom's French
    # registrant columns), never a surname read as a whole name.
    keys = [
        ("last_name" if "first_name" in keys else "name") if cell == "nom" else key
        for cell, key in zip(folded, keys, strict=True)
    ]
    for index, cell in enumerate(record):
        named = _HEADER_ZONE.match(cell) if keys[index] is None else None
        if named and _COLUMNS.get(_fold_header(named["base"])) in ("join", "leave"):
            keys[index] = _COLUMNS[_fold_header(named["base"])]  # "Join Time (UTC)"
    name_index = next((i for i, key in enumerate(keys) if key == "name"), None)
    if name_index is None and "last_name" in keys:
        name_index = next((i for i, key in enumerate(keys) if key == "first_name"), None)
    if name_index is None:
        return None
    for index, cell in enumerate(folded):
        if keys[index] is not None:
            continue
        if "waiting_room" not in keys and _WAITING_COLUMN.fullmatch(cell):
            keys[index] = "waiting_room"  # "Waiting Room", "Salle d'attente (oui/non)"
        elif (
            "email" not in keys
            and index > name_index  # the meeting's own columns come before the name
            and _EMAIL_COLUMN.search(cell)
            and not _HOST_COLUMN.search(cell)
        ):
            keys[index] = "email"  # "Adresse e-mail de l'utilisateur", "Participant Email"
    # Meeting columns may share the header ("User Email" of the host, "Duration (Minutes)" of
    # the meeting): a participant field prefers its first column from the name on.
    positions: dict[str, list[int]] = {}
    meeting_ids = _meeting_id_columns(folded)
    for index in range(len(folded)):
        if index in meeting_ids:
            fields.setdefault("meeting_id", index)
            continue
        key = keys[index]
        if key is not None:
            positions.setdefault(key, []).append(index)
    for key, found in positions.items():
        fields[key] = next((i for i in found if i >= name_index), found[0])
    has_times = "join" in fields or "leave" in fields
    if not has_times and "total_duration" not in fields and "duration" not in fields:
        return None
    return fields


_DASHBOARD_HEADER = gettext_noop(
    "this looks like a BigBlueButton dashboard download, but its columns were not recognised "
    "(it is in another language): download it again with the dashboard in English, or name "
    "its columns “Name”, “Join”, “Left” and “Duration”"
)
_DASHBOARD_COLUMNS = gettext_noop(
    "this looks like a BigBlueButton dashboard download, but its first-join and last-leave "
    "columns were not recognised: download it again with the dashboard in English, or name "
    "those columns “Join” and “Left”"
)


# "Join Time (UTC)", "Leave Time (America/Toronto)": a time column naming its zone.
_HEADER_ZONE = re.compile(r"^\s*(?P<base>[^()]*?)\s*\((?P<zone>[^()]*)\)\s*$")
_OFFSET_ZONE = re.compile(r"(?:UTC|GMT|Z)(?:[+\-]\d{1,2}(?::?\d{2})?)?", re.IGNORECASE)


def _column_zone(
    header: list[str], fields: dict[str, int], zone: ZoneInfo, line: int, year: int
) -> tuple[str, str] | tuple[str, ZoneInfo] | None:
    """The zone the join and leave columns name in their header, if any: ("suffix", text) to
    write after each time (UTC, GMT-5, the account zone's own abbreviation) or ("zone",
    ZoneInfo) for a zone name. Refuses a zone not understood, or two different ones."""
    named = {
        _HEADER_ZONE.match(header[fields[key]])["zone"].strip()  # type: ignore[index]
        for key in ("join", "leave")
        if key in fields
        and _COLUMNS.get(_fold_header(header[fields[key]])) is None
        and _HEADER_ZONE.match(header[fields[key]])
    }
    if not named:
        return None
    text = sorted(named)[0]
    own = {(datetime(year, month, 1, 12, tzinfo=zone).tzname() or "").upper() for month in (1, 7)}
    if len(named) == 1 and _OFFSET_ZONE.fullmatch(text):
        return ("suffix", text.upper())
    if len(named) == 1 and text.upper() in own:
        return ("suffix", text.upper())
    if len(named) == 1 and "/" in text:
        try:
            return ("zone", ZoneInfo(text))
        except (ZoneInfoNotFoundError, ValueError):
            pass
    raise AttendanceError(
        "bad_time_zone",
        gettext_noop(
            "the join and leave columns name a time zone that is not understood: "
            "“%(zone)s”. Name it UTC, an offset such as UTC-5, or a zone such as "
            "America/Toronto, or remove it and choose the zone on the import page"
        ),
        params={"zone": " / ".join(sorted(named))},
        line=line,
    )


def _in_column_zone(
    times: _TimeParser, text: str, column_zone: tuple[str, str] | tuple[str, ZoneInfo] | None
) -> datetime:
    """One join or leave time, in the zone its column names (see :func:`_column_zone`)."""
    if column_zone is None:
        return times(text)
    kind, value = column_zone
    if kind == "suffix":
        return times(f"{text} {value}")
    moment = times(text)
    assert isinstance(value, ZoneInfo)
    # A time with its own offset keeps it; a bare one is a clock time in the column's zone.
    return moment.replace(tzinfo=value) if moment.tzinfo is times.zone else moment


# Column names only a Microsoft Teams attendance report writes (folded as headers are).
_TEAMS_COLUMNS = {
    _squash(name)
    for name in ("User Action", "In-Meeting Duration", "Participant ID (UPN)", "First Join")
}


# Google Meet's attendance report (and the attendance extensions people use with Meet):
# times of day without a date, a duration written "1 hr 5 min".
_MEET_COLUMNS = {
    _squash(name) for name in ("Time joined", "Time exited", "First Seen", "Time in Call")
}
# Webex's attendee report: columns only it writes.
_WEBEX_COLUMNS = {
    _squash(name)
    for name in ("Attendee Type", "Attendance duration", "Connection type", "Joined from")
}

_MEET_REFUSAL = gettext_noop(
    "this is a Google Meet attendance report: echohub reads Zoom participant reports, "
    "BigBlueButton dashboard downloads and Jitsi logs. Enter this session's attendance by "
    "hand (or by roll call for a shared room)"
)
_WEBEX_REFUSAL = gettext_noop(
    "this is a Webex attendee report without join and leave times: minutes outside the "
    "session cannot be told apart. Export the Webex report with each attendee's join and "
    "leave times, or enter this session's attendance by hand"
)

_ANY_SEPARATOR = re.compile(r"[\t,;|]")


def _refuse_other_platform(records: list[tuple[int, list[str]]]) -> None:
    """Refuse, saying so, a report of a platform echohub does not read (Microsoft Teams)."""
    for line, record in records[:60]:
        # Cells split on any separator: the file may have been read with another one.
        cells = _ANY_SEPARATOR.split(",".join(record))
        if any(_fold_header(cell) in _MEET_COLUMNS for cell in cells):
            raise AttendanceError("other_platform", _MEET_REFUSAL, line=line)
        if any(_fold_header(cell) in _WEBEX_COLUMNS for cell in cells):
            # No header read: a Webex report without join and leave times (it was told to
            # export from Zoom, hunt 13).
            raise AttendanceError("other_platform", _WEBEX_REFUSAL, line=line)
        if any(
            _fold_header(cell) in _TEAMS_COLUMNS or "(upn)" in _fold_header(cell) for cell in cells
        ):
            # "(UPN)" too: Teams' participant id in any language ("ID du participant (UPN)"),
            # a French Teams report was told it had no Zoom header (hunt 13).
            raise AttendanceError(
                "other_platform",
                gettext_noop(
                    "this is a Microsoft Teams attendance report: echohub reads Zoom "
                    "participant reports, BigBlueButton dashboard downloads and Jitsi logs. "
                    "Enter this session's attendance by hand (or by roll call for a shared "
                    "room)"
                ),
                line=line,
            )


def _no_header(record: list[str], line: int) -> AttendanceError:
    """The refusal of a file without a participant header, saying in people's words which
    columns were looked for and what the first row it could not read holds."""
    cells = [" ".join(cell.split()) for cell in record if cell.strip()]
    if len(cells) == 1 and _ANY_SEPARATOR.search(cells[0]):
        # One cell: the file was split on another separator than its own (";" or tab).
        cells = [cell.strip() for cell in _ANY_SEPARATOR.split(cells[0]) if cell.strip()]
    found = ", ".join(f"“{cell[:40]}”" for cell in cells[:8])
    if len(cells) > 8:
        found += ", …"
    return AttendanceError(
        "missing_header",
        gettext_noop(
            "no participant header found: echohub looks for a row of column names with the "
            "participant's name (such as “Name (Original Name)”) and when each person joined "
            "and left (“Join Time” and “Leave Time”) or their total time (“Total Duration "
            "(Minutes)”), as Zoom names them in English, French, German, Spanish, Portuguese "
            "or Japanese, and in Italian. The first row it could not read holds: %(found)s. "
            "Upload the participants report exported as CSV (in Zoom: Reports, Usage, the "
            "meeting's participants, Export)"
        ),
        params={"found": found},
        line=line,
    )


def parse_zoom_report(
    data: bytes | str,
    *,
    time_zone: str,
    meeting_id: str | None = None,
    source: str = SOURCE,
    near: datetime | None = None,
    room: str | None = None,
    others: Iterable[datetime] = (),
    date_order: str = "auto",
) -> Report:
    """Parse a Zoom participants report. ``time_zone`` is the account's IANA zone (the report's
    times are written in it); ``near`` (aware: the session's start) settles whether slash dates
    whose numbers are all 12 or less are day or month first; when ``meeting_id`` is given, a
    report whose meeting-data block (or Meeting ID column) names another meeting is refused
    (``wrong_meeting``); a Jitsi log whose rows name rooms (``room_name``) must hold one room,
    ``room`` (the session's) when it is given (``other_room``); ``others`` (aware: the
    program's other sessions' starts) refuses dates that read both day and month first when the
    reading not taken falls on one of them (``ambiguous_dates``) unless ``date_order`` (one of
    :data:`DATE_ORDERS`) says how they are written: then they are read that way only, and a
    date impossible in that order is refused naming its row (``bad_time``).

    Raises :class:`AttendanceError` with codes ``bad_encoding``, ``malformed_csv``,
    ``missing_header``, ``missing_column``, ``truncated_row``, ``malformed_row``, ``bad_time``,
    ``bad_duration``, ``negative_duration``, ``absurd_duration``, ``duration_mismatch``,
    ``bad_value``, ``wrong_meeting``, ``empty_report``, ``bad_time_zone``, ``too_many_rows``,
    ``other_room``, ``not_csv``, ``ambiguous_dates``, ``bad_date_order``.
    """
    if date_order not in DATE_ORDERS:
        raise AttendanceError(
            "bad_date_order",
            gettext_noop("unknown order of dates “%(order)s”"),
            params={"order": date_order},
        )
    try:
        zone = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise AttendanceError(
            "bad_time_zone",
            gettext_noop("unknown time zone “%(zone)s”"),
            params={"zone": time_zone},
        ) from None
    check_size(len(data))
    if isinstance(data, bytes):
        text, encoding = decode_report(data)
    else:
        text, encoding = data.removeprefix("\ufeff"), "str"
    _refuse_json(text)
    records = _read_csv(text)
    warnings: list[str] = []
    if encoding == "cp1252":
        warnings.append(f"the file is not UTF-8: read as {encoding}")
    times = _TimeParser(zone, day_first=date_order == "day")
    times.order_given = date_order != "auto"

    # 1. Meeting-data preamble (optional), then the participant header.
    report_meeting_id: str | None = None
    meeting_start: datetime | None = None
    start_text = end_text = ""
    meeting_end: datetime | None = None
    header_at: int | None = None
    fields: dict[str, int] = {}
    first_title: tuple[int, list[str]] | None = None
    index = 0
    while index < len(records):
        line, record = records[index]
        if _is_blank(record):
            index += 1
            continue
        found = _participant_header(record)
        if found is not None:
            header_at, fields = index, found
            break
        folded = [_fold_header(cell) for cell in record]
        ids = _meeting_id_columns(folded)
        if ids and header_at is None:
            values = records[index + 1][1] if index + 1 < len(records) else []
            if not values or _is_blank(values) or _participant_header(values) is not None:
                raise AttendanceError(
                    "malformed_csv",
                    gettext_noop("the meeting-data block has no values row"),
                    line=line,
                )
            report_meeting_id = values[ids[0]].strip() if ids[0] < len(values) else ""
            starts = [i for i, cell in enumerate(folded) if cell in _START_TIMES]
            if starts and starts[0] < len(values):
                start_text = values[starts[0]].strip()
            ends = [i for i, cell in enumerate(folded) if cell in _END_TIMES]
            if ends and ends[0] < len(values):
                end_text = values[ends[0]].strip()
            index += 2
            continue
        if _is_title(record):  # "Attendee Report", "Report Generated:,...", "Host Details"
            first_title = first_title or (line, record)
            index += 1
            continue
        if any(_COLUMNS.get(cell) == "moderator" for cell in folded):
            raise AttendanceError("missing_header", _DASHBOARD_HEADER, line=line)
        _refuse_other_platform(records)
        raise _no_header(record, line)
    if header_at is None and first_title is not None:
        _refuse_other_platform(records)
        raise _no_header(first_title[1], first_title[0])
    if header_at is None:
        raise AttendanceError(
            "missing_header", gettext_noop("no participant header found: empty report")
        )

    header_line, header = records[header_at]
    column_zone = _column_zone(
        header, fields, zone, header_line, near.year if near is not None else 2026
    )
    folded_header = {_fold_header(cell) for cell in header}
    if folded_header & _MEET_COLUMNS:
        # A name and a duration column would read as Zoom's unique users: never credited.
        raise AttendanceError("other_platform", _MEET_REFUSAL, line=header_line)
    first = _section(header_line, header, fields)
    layout = first.layout
    if layout == "unique_users" and folded_header & _WEBEX_COLUMNS:
        raise AttendanceError("other_platform", _WEBEX_REFUSAL, line=header_line)
    data_records, sections, later_meetings = _split_sections(records, header_at, first)
    # Each table names its own zone (a webinar's panelist table may say "Join Time (UTC)"
    # where the attendee table says nothing): a row is read in the zone of its own header.
    column_zones = {first.line: column_zone}
    for section in sections[1:]:
        column_zones[section.line] = _column_zone(
            section.header,
            section.fields,
            zone,
            section.line,
            near.year if near is not None else 2026,
        )
    for section in sections:
        for warning in _section_warnings(section):
            if warning not in warnings:
                warnings.append(warning)
    blocks = [
        (records[0][0], report_meeting_id or ""),
        *((block_line, block_id) for block_line, block_id, _start, _end in later_meetings),
    ]
    for block_line, block_id in blocks:
        if block_id and meeting_id:
            _check_meeting(block_id, meeting_id, warnings, row=None, line=block_line)
    # Without the session's meeting id, the file must still be of one meeting.
    meetings: list[tuple[str, int | None, int | None]] = [
        (block_id, None, block_line) for block_line, block_id in blocks if block_id.strip()
    ]

    # 2. Participant rows.
    if layout == "segments" and not times.order_given:
        date_cells = [
            record[section.fields[key]]
            for _line, record, section in data_records
            for key in ("join", "leave")
            if section.fields[key] < len(record)
        ]
        times.day_first = _day_first(
            date_cells, near.astimezone(zone) if near is not None else None
        )
        _check_other_reading(date_cells, zone, day_first=times.day_first, others=others)
        if times.day_first:
            warnings.append("dates read day first (DD/MM/YYYY)")
    if start_text:
        try:
            meeting_start = times(start_text)
        except ValueError:
            warnings.append(f"meeting start time {start_text!r} not understood")
    if end_text and meeting_start is not None:
        try:
            meeting_end = times(end_text)
        except ValueError:
            meeting_end = None  # only a cross-check of the zone: no end, no check
    if near is not None and any(start for _line, _id, start, _end in later_meetings):
        # Several meetings' blocks in one file (a morning and a noon session exported
        # together): the one that started nearest the session is its meeting, whichever
        # block comes first. Before, the first block decided: the morning's first and the
        # file was refused as written in another time zone, the noon's first and it was read
        # (hunt 12).
        meeting_start, meeting_end = _nearest_meeting(
            [(meeting_start, meeting_end)]
            + [_meeting_times(times, start, end) for _l, _i, start, end in later_meetings],
            near,
        )
    for section in sections:
        _check_unread_times(section, data_records, times.zone)
    rows: list[ParticipantRow] = []
    read_in_chosen_zone = False  # a time without its own zone, read in the form's
    rooms: dict[str, tuple[str, int, int]] = {}  # folded room -> (as written, row, line)
    seen: Counter[tuple[object, ...]] = Counter()
    row_number = 0
    blank_lines: list[int] = []
    for line, record, section in data_records:
        if _is_blank(record):
            blank_lines.append(line)
            continue
        row_number += 1
        header, fields, width = section.header, section.fields, section.width
        needed, duration_key = section.needed, section.duration_key
        name_at = fields.get("name", fields.get("first_name", 0))
        if _footer(record, name_at):
            # "Total participants: 7" under the table: read as the totals row it is, also
            # padded to the table's width by a spreadsheet with its count in the next cell
            # ("Total participants:;7;;;;": refused as a time not understood, hunt 12).
            label = " ".join(cell.strip() for cell in record if cell.strip())
            record = [""] * max(needed, width)
            record[name_at] = label
        if len(record) < needed or len(record) < width:
            raise AttendanceError(
                "truncated_row",
                gettext_noop(
                    "has %(count)s of %(width)s columns (truncated file or broken quoting)"
                ),
                params={"count": len(record), "width": width},
                row=row_number,
                line=line,
            )
        if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
            raise AttendanceError(
                "malformed_row",
                gettext_noop(
                    "has %(count)s columns but the header has %(width)s (unquoted comma?)"
                ),
                params={"count": len(record), "width": len(header)},
                row=row_number,
                line=line,
            )

        def cell(key: str, record: list[str] = record, fields: dict[str, int] = fields) -> str:
            position = fields.get(key)
            return record[position].strip() if position is not None else ""

        row_meeting = cell("meeting_id")
        if meeting_id and row_meeting:
            _check_meeting(row_meeting, meeting_id, warnings, row=row_number, line=line)
        elif row_meeting:
            meetings.append((row_meeting, row_number, line))
        if cell("room"):
            rooms.setdefault(_room_key(cell("room")), (cell("room"), row_number, line))
        name = cell("name")
        if not name:  # a registrant's report: the names they registered with
            name = " ".join(f"{cell('first_name')} {cell('last_name')}".split())
        email = cell("email")
        join = leave = None
        attended = "attended" not in fields or _flag(
            cell("attended"), column="Attended", row=row_number, line=line
        )
        note = ""
        if (
            not email
            and _TOTALS.fullmatch(_squash(name).rstrip(":"))
            and (
                (layout == "unique_users" and name)  # a nameless total is a nameless person
                or (layout == "segments" and cell("join") in _NO_TIME and cell("leave") in _NO_TIME)
            )
        ):
            # A totals row added in a spreadsheet ("Total,,,,185"): nobody's attendance.
            attended, note = False, "totals"
        elif (
            "moderator" in fields
            and not cell("moderator")
            and all(cell(key) in _NO_TIME for key in ("join", "leave", duration_key))
        ):
            # The dashboard's "Anonymous" row: anonymous poll answers, nobody's attendance.
            attended, note = False, "poll_answers"
        if not attended:  # a webinar registrant who never came: no times ("--")
            pass
        elif layout == "segments":
            join_text, leave_text = cell("join"), cell("leave")
            # No leave time: the person was still in the meeting when the report was
            # exported (BigBlueButton's dashboard writes "-"). When they left is unknown: the
            # row keeps its join and no leave, and is never counted on its own.
            still_in = leave_text in _NO_TIME and join_text not in _NO_TIME
            own_zone = column_zones[section.line]
            try:
                join = _in_column_zone(times, join_text, own_zone)
                leave = None if still_in else _in_column_zone(times, leave_text, own_zone)
                if own_zone is None and any(
                    moment is not None and moment.tzinfo is times.zone for moment in (join, leave)
                ):
                    read_in_chosen_zone = True
            except ValueError:
                if times.order_given and any(
                    _SLASH_DATE.match(text) for text in (join_text, leave_text)
                ):
                    raise AttendanceError(
                        "bad_time",
                        _NOT_IN_ORDER_DAY if times.day_first else _NOT_IN_ORDER_MONTH,
                        params={"join": join_text, "leave": leave_text},
                        row=row_number,
                        line=line,
                    ) from None
                if any(_CLOCK_ONLY.fullmatch(text.strip()) for text in (join_text, leave_text)):
                    raise AttendanceError(
                        "bad_time",
                        gettext_noop(
                            "join/leave time “%(join)s” / “%(leave)s” has a time of day but no "
                            "date (a spreadsheet may have kept only the time when it changed "
                            "the column's format): export the report again and upload it "
                            "without opening it in a spreadsheet"
                        ),
                        params={"join": join_text, "leave": leave_text},
                        row=row_number,
                        line=line,
                    ) from None
                raise AttendanceError(
                    "bad_time",
                    gettext_noop(
                        "join/leave time not understood: “%(join)s” / “%(leave)s”. Dates and "
                        "times are read as Zoom writes them (such as 01/08/2026 12:30:00 PM, "
                        "2026-01-08 12:30, Jan 8, 2026 12:30 PM or 8 janv. 2026 12:30): export "
                        "the report again and upload it without opening it in a spreadsheet"
                    ),
                    params={"join": join_text, "leave": leave_text},
                    row=row_number,
                    line=line,
                ) from None
            for moment, written in ((join, join_text), (leave, leave_text)):
                if moment is not None and _skipped(moment):
                    raise AttendanceError(
                        "bad_time",
                        gettext_noop(
                            "“%(time)s” never showed on a clock in %(zone)s: the clocks "
                            "moved forward past it that night. The report's times are in "
                            "another time zone: import it again choosing the zone they "
                            "were written in"
                        ),
                        params={"time": written, "zone": str(moment.tzinfo)},
                        row=row_number,
                        line=line,
                    )
        if join is not None and leave is not None:
            hint = _duration_hint(cell("duration")) if duration_key == "duration" else None
            join, leave, unsure = _resolve_folds(join, leave, hint)
            if unsure and attended and not note:
                note = "repeated_hour"
            utc_join, utc_leave = _utc(join), _utc(leave)
            if utc_leave < utc_join:
                raise AttendanceError(
                    "negative_duration",
                    gettext_noop("leaves (%(leave)s) before joining (%(join)s)"),
                    params={"join": join_text, "leave": leave_text},
                    row=row_number,
                    line=line,
                )
            if utc_leave - utc_join > MAX_SEGMENT:
                raise AttendanceError(
                    "absurd_duration",
                    gettext_noop("lasts %(span)s, longer than %(limit)s (corrupt row?)"),
                    params={"span": utc_leave - utc_join, "limit": MAX_SEGMENT},
                    row=row_number,
                    line=line,
                )
        column_title = header[fields[duration_key]].strip() if duration_key in fields else ""
        span_minutes = (
            (_utc(leave) - _utc(join)).total_seconds() / 60
            if join is not None and leave is not None
            else None
        )
        duration = (
            _duration(
                cell(duration_key),
                column=column_title,
                row=row_number,
                line=line,
                span=span_minutes,
            )
            if duration_key in fields and attended
            else None
        )
        if layout == "unique_users" and duration is None and attended:
            raise AttendanceError(
                "bad_duration",
                gettext_noop("%(column)s is empty"),
                params={"column": column_title},
                row=row_number,
                line=line,
            )
        if join is not None and leave is not None and duration is not None:
            span = (_utc(leave) - _utc(join)).total_seconds() / 60
            if duration > span + DURATION_SLACK_MINUTES:
                raise AttendanceError(
                    "duration_mismatch",
                    gettext_noop(
                        "%(column)s says %(minutes)s min but join/leave span %(span)s min: "
                        "check this row's times and duration, or export the report again and "
                        "upload it without opening it in a spreadsheet"
                    ),
                    params={"column": column_title, "minutes": duration, "span": round(span)},
                    row=row_number,
                    line=line,
                )
        waiting = False
        if "waiting_room" in fields:
            waiting = _flag(
                cell("waiting_room"), column="In Waiting Room", row=row_number, line=line
            )
        if "status" in fields and _waiting_status(cell("status")):
            waiting = True
        guest = None
        if "guest" in fields and cell("guest"):
            guest = _flag(cell("guest"), column="Guest", row=row_number, line=line)
        content = (name, email.casefold(), join, leave, duration, waiting, attended)
        occurrence = seen[content]
        seen[content] += 1
        rows.append(
            ParticipantRow(
                row=row_number,
                line=line,
                name=name,
                email=email,
                join=join,
                leave=leave,
                duration_minutes=duration,
                duration_seconds=_clock_seconds(cell(duration_key))
                if duration is not None
                else None,
                waiting_room=waiting,
                guest=guest,
                source=source,
                registrant_id=cell("registrant_id"),
                raw=tuple(zip(header, record, strict=False)),
                attended=attended,
                note=note,
                fingerprint=row_fingerprint(
                    source=source,
                    name=name if attended else f"{name}\x1fabsent",
                    email=email,
                    join=join,
                    leave=leave,
                    duration_minutes=duration,
                    waiting_room=waiting,
                    occurrence=occurrence,
                ),
            )
        )
    if not rows:
        raise AttendanceError(
            "empty_report", gettext_noop("the report has a header but no participant rows")
        )
    _check_rooms(rooms, room)
    if not meeting_id:
        _one_meeting(meetings)
    trailing = _trailing(blank_lines, records)
    inner_blanks = [line for line in blank_lines if line not in trailing]
    if inner_blanks:
        warnings.append(f"blank lines ignored: {', '.join(map(str, inner_blanks[:10]))}")
    open_rows = [
        row.row
        for row in rows
        if row.join is not None and row.leave is None and not row.waiting_room
    ]
    if open_rows:
        warnings.append(
            "rows without a leave time (still in the meeting when the report was exported), "
            "not counted until a coordinator decides: " + ", ".join(map(str, open_rows[:20]))
        )
    if "moderator" in first.fields and read_in_chosen_zone:
        # The dashboard writes times in the zone of the browser that downloaded it, neither
        # the server's nor (always) the session's: say which zone they were read in. Times
        # whose column or cell names their zone ("Join (UTC)", "17:30 UTC") were read in it:
        # nothing was chosen for them (hunt 9: "read in America/Toronto" over UTC columns).
        warnings.append(
            f"BigBlueButton dashboard: times read in {time_zone}; the dashboard writes them in "
            "the time zone of the computer that downloaded it: if that computer was in another "
            "time zone, remove this import and import the file again choosing that zone"
        )
    if layout == "unique_users":
        warnings.append(
            "unique-users layout: no join/leave times, minutes come from Total Duration and "
            "cannot be clipped to the session; export without 'Show unique users' for segments"
        )
    return Report(
        rows=tuple(rows),
        layout=layout,
        meeting_id=report_meeting_id,
        meeting_start=meeting_start,
        encoding=encoding,
        columns=tuple(cell.strip() for cell in header),
        warnings=tuple(warnings),
        meeting_end=meeting_end,
    )


def _one_meeting(meetings: list[tuple[str, int | None, int | None]]) -> None:
    """Refuse a file holding several meetings' participants (meeting blocks or a Meeting ID
    column naming different meetings) when the session has no meeting id to tell which is its
    own: every meeting's people would be credited to this session."""
    if not meetings:
        return
    first = meetings[0][0]
    for found, row, line in meetings[1:]:
        if meeting_id_fits(found, first) or meeting_id_fits(first, found):
            continue
        raise AttendanceError(
            "wrong_meeting",
            gettext_noop(
                "the file holds the participants of several meetings (%(first)s and "
                "%(other)s) and this session has no meeting ID saved to tell which one is its "
                "own: upload the report of this session's meeting alone, or save the "
                "session's meeting ID first"
            ),
            params={"first": first.strip(), "other": found.strip()},
            row=row,
            line=line,
        )


def _room_key(text: str) -> str:
    """A video room's name as Prosody and our sessions compare it: without the conference
    domain of its address ("echo-pain@conference.meet.example.org"), spaces or case."""
    return "".join(text.strip().split("@", 1)[0].split()).casefold()


def _check_rooms(rooms: dict[str, tuple[str, int, int]], room: str | None) -> None:
    """Refuse a log holding another room's occupants (a log of a whole Jitsi server has every
    room's people): their minutes are not this session's, and a program member in a parallel
    room would be credited for a session they did not attend."""
    wanted = _room_key(room) if room else ""
    if wanted:
        other = next((found for key, found in rooms.items() if key != wanted), None)
        if other is None:
            return
        written, row, line = other
        raise AttendanceError(
            "other_room",
            gettext_noop(
                "is in the room “%(found)s”, but this session's room is “%(room)s”: the log "
                "holds other rooms' occupants, who did not attend this session. Keep only the "
                "rows of room “%(room)s” (or export that room's log) and upload it again"
            ),
            params={"found": written, "room": room},
            row=row,
            line=line,
        )
    if len(rooms) > 1:
        names = [written for written, _row, _line in rooms.values()]
        raise AttendanceError(
            "other_room",
            gettext_noop(
                "the log holds the occupants of several rooms (%(rooms)s) and this session "
                "has no room saved to tell which one is its own: keep only the rows of the "
                "session's room and upload it again, or save the session's room first"
            ),
            params={"rooms": ", ".join(f"“{name}”" for name in names[:5])},
        )


# Columns of times that are never a person's time in the meeting: when they registered, when
# an account was made.
_NOT_ATTENDANCE_TIMES = {
    _squash(name)
    for name in ("registration time", "creation time", "heure d'inscription", "date d'inscription")
}
# A cell that may be a date and time: a digit and a clock ("12:30", "12 h 30").
_HAS_CLOCK = re.compile(r"\d.*(?::\d{2}|\d ?h ?\d{2})", re.IGNORECASE)
_UNREAD_TIMES = gettext_noop(
    "the columns %(columns)s hold times that echohub does not read as join and leave times, "
    "and without them a Duration would be credited even for time outside the session: name "
    "those columns “Join Time” and “Leave Time” and upload the report again (from a "
    "BigBlueButton dashboard, upload its users table, whose columns are “Join” and “Left”)"
)


def _check_unread_times(
    section: _Section, data_records: list[tuple[int, list[str], _Section]], zone: ZoneInfo
) -> None:
    """A table read as totals (no join or leave column) whose other columns hold dates and
    times (BigBlueButton's timeline sheet: "Started at", "Ended at"; "Date & Time Joined") is
    refused: its Duration may lie outside the session, and a total is credited whole (hunt 7:
    90 minutes online from 10:00 to 11:30 were credited to a session from 12:30 to 14:00)."""
    if section.layout != "unique_users":
        return
    used = set(section.fields.values())
    exempt = set(_NOT_ATTENDANCE_TIMES)
    if "meeting_id" in section.fields:  # the meeting's own start and end on each line
        exempt |= _START_TIMES | _END_TIMES
    unread = [
        position
        for position, cell in enumerate(section.header)
        if position not in used and cell.strip() and _squash(cell) not in exempt
    ]
    if not unread:
        return
    parsers = (_TimeParser(zone), _TimeParser(zone, day_first=True))
    found: list[int] = []
    for _line, record, owner in data_records:
        if owner is not section:
            continue
        for position in unread:
            if position in found or position >= len(record):
                continue
            value = record[position].strip()
            if not _HAS_CLOCK.search(value):
                continue
            for parse in parsers:
                try:
                    parse(value)
                except (ValueError, AttendanceError):
                    continue
                found.append(position)
                break
    if found:
        raise AttendanceError(
            "unread_times",
            _UNREAD_TIMES,
            params={"columns": ", ".join(f"“{section.header[i].strip()}”" for i in sorted(found))},
            line=section.line,
        )


@dataclass(frozen=True, slots=True)
class _Section:
    """One participant table of a report: a meeting report has one; a webinar report has one
    per section (host, panelists, attendees, other attended), each under its own header."""

    line: int
    header: list[str]
    fields: dict[str, int]
    layout: str
    duration_key: str
    width: int
    needed: int


def _section(line: int, header: list[str], fields: dict[str, int]) -> _Section:
    """A participant header's table; refuses one that lacks what a report needs."""
    if "moderator" in fields and ("join" not in fields or "leave" not in fields):
        # A BigBlueButton dashboard's Duration is time online (before the session too):
        # without its first join and last leave nothing can be clipped to the session.
        raise AttendanceError("missing_column", _DASHBOARD_COLUMNS, line=line)
    if "join" in fields and "leave" not in fields:
        raise AttendanceError(
            "missing_column", gettext_noop("'Leave Time' column is missing"), line=line
        )
    if "leave" in fields and "join" not in fields:
        raise AttendanceError(
            "missing_column", gettext_noop("'Join Time' column is missing"), line=line
        )
    layout = "segments" if "join" in fields else "unique_users"
    duration_key = "total_duration" if "total_duration" in fields else "duration"
    if layout == "unique_users" and duration_key not in fields:
        raise AttendanceError(
            "missing_column",
            gettext_noop("neither join/leave times nor a duration column"),
            line=line,
        )
    width = len(header)
    while width and not header[width - 1].strip():
        width -= 1  # a trailing comma on the header line
    if "moderator" in fields:
        # BigBlueButton's dashboard writes its poll questions into the header unquoted (a
        # question with a comma is two cells): rows need only reach the columns we read.
        width = min(width, max(fields.values()) + 1)
    return _Section(line, header, fields, layout, duration_key, width, max(fields.values()) + 1)


def _section_warnings(section: _Section) -> list[str]:
    # 'Total Duration' with join/leave times: a row online for less than its span had gaps,
    # and the engine counts only what it surely spent in the session (and says which rows).
    warnings = []
    if "email" not in section.fields:
        warnings.append("no 'User Email' column: rows can only be matched by name")
    used = set(section.fields.values())
    unknown = [
        cell.strip()
        for position, cell in enumerate(section.header)
        if position not in used
        and cell.strip()
        and _fold_header(cell) not in _KNOWN_IGNORED
        and _fold_header(cell) not in _COLUMNS
    ]
    if unknown:
        warnings.append(f"ignored unknown columns: {', '.join(unknown)}")
    return warnings


def _is_title(record: list[str]) -> bool:
    """A section title or a report's caption: one cell ("Attendee Details") or a label and
    its value ("Report Generated:,01/08/2026 03:05 PM")."""
    cells = [cell.strip() for cell in record]
    filled = [i for i, cell in enumerate(cells) if cell]
    return filled == [0] or (filled == [0, 1] and cells[0].endswith(":"))


def _meeting_times(
    times: Callable[[str], datetime], start: str, end: str
) -> tuple[datetime | None, datetime | None]:
    """A later meeting-data block's start and end, None where absent or not understood."""
    found: list[datetime | None] = []
    for text in (start, end):
        try:
            found.append(times(text) if text else None)
        except ValueError:
            found.append(None)
    return found[0], found[1] if found[0] is not None else None


def _nearest_meeting(
    blocks: list[tuple[datetime | None, datetime | None]], near: datetime
) -> tuple[datetime | None, datetime | None]:
    """Of the meetings a file's blocks describe, the one that started nearest ``near``."""
    timed = [(start, end) for start, end in blocks if start is not None]
    if not timed:
        return None, None
    return min(timed, key=lambda block: abs(_utc(block[0]) - _utc(near)))


def _split_sections(
    records: list[tuple[int, list[str]]], header_at: int, first: _Section
) -> tuple[list[tuple[int, list[str], _Section]], list[_Section], list[tuple[int, str, str, str]]]:
    """The records after the first participant header, each with the table it belongs to;
    later headers (and a title line just before one) start a new table and are not rows, and
    so does a later meeting-data block (two exports pasted into one file): its (line, meeting
    id, start time, end time as written) is returned for checking."""
    section = first
    sections = [first]
    rows: list[tuple[int, list[str], _Section]] = []
    meetings: list[tuple[int, str, str, str]] = []
    skip = 0
    for position in range(header_at + 1, len(records)):
        if skip:
            skip -= 1
            continue
        line, record = records[position]
        # A row's join and leave cells hold digits; a header's never do (cheap test first).
        if not _is_blank(record) and not any(
            record[i][:1].isdigit() for i in _time_positions(section) if i < len(record)
        ):
            ids = _meeting_id_columns([_fold_header(cell) for cell in record])
            if ids and position + 1 < len(records) and _participant_header(record) is None:
                values = records[position + 1][1]
                if not _is_blank(values) and _participant_header(values) is None:
                    meeting = values[ids[0]].strip() if ids[0] < len(values) else ""
                    folded = [_fold_header(cell) for cell in record]
                    said = [
                        next(
                            (
                                values[i].strip()
                                for i, cell in enumerate(folded)
                                if cell in names and i < len(values)
                            ),
                            "",
                        )
                        for names in (_START_TIMES, _END_TIMES)
                    ]
                    meetings.append((line, meeting, said[0], said[1]))
                    skip = 1
                    continue
            found = _participant_header(record)
            if found is not None:
                section = _section(line, record, found)
                if section.layout != first.layout:
                    # One table with join and leave times, one without: the one without
                    # lacks them (a refusal, never a sum of totals and segments).
                    plain = first if first.layout == "unique_users" else section
                    raise AttendanceError(
                        "missing_column",
                        gettext_noop("'Join Time' column is missing"),
                        line=plain.line,
                    )
                sections.append(section)
                continue
            if _is_title(record) and _header_follows(records, position):
                continue
        rows.append((line, record, section))
    return rows, sections, meetings


def _time_positions(section: _Section) -> tuple[int, ...]:
    keys = ("join", "leave") if section.layout == "segments" else (section.duration_key,)
    return tuple(section.fields[key] for key in keys if key in section.fields)


def _header_follows(records: list[tuple[int, list[str]]], position: int) -> bool:
    for _line, record in records[position + 1 :]:
        if not _is_blank(record):
            return _participant_header(record) is not None
    return False


def _trailing(blank_lines: Iterable[int], records: list[tuple[int, list[str]]]) -> set[int]:
    """Blank lines after the last non-blank record (harmless end-of-file padding)."""
    last = max((line for line, record in records if not _is_blank(record)), default=0)
    return {line for line in blank_lines if line > last}
