"""Research exports: consent-filtered, pseudonymous datasets in long format, streamed as one zip.

Privacy rules (issue 7, "Research exports"):

* **Consent**: a person is in an export only with a *participant* membership in the program
  whose ``consent_research`` is set (active or not). Everyone else is absent from every file;
  cases are exported only for consenting presenters.
* **Anonymous survey responses** carry no person, so their consent cannot be checked. They
  are left out unless the exporter ticks "include anonymous responses"; then they appear with
  a blank ``pid``, and a blank session and day (probe 1213): the session an anonymous response
  followed, or its day, beside the attendance rows (pid, session, date) would tie it to the
  people of that session, one person where one consenting participant attended; the export's
  dates choose them by whole months.
* **Pseudonyms**: ``P-`` + 12 base32 characters of HMAC-SHA256(Study.key, "user:<id>"): stable
  within a study, unlinkable across studies, never the account id. Responses (``R-``) and
  cases (``C-``) are pseudonymised the same way.
* **No contact data**: no names, emails, licence numbers, phone numbers or account ids; ages
  only as the bands cases already store; months instead of dates for role starts. Free-text
  answers pass the identifier scanner (:mod:`phi`): what it finds becomes ``[KIND]``.
* **k-anonymity (k = 5, probe 1214)**: people.csv's quasi-identifiers (profession, region,
  rurality, site kind, role start month, active) could single out the only dietitian of a
  rural region, and the pid then links to their answers and attendance. Every combination of
  them in people.csv holds 5 or more people (:func:`k_anonymous`): the people of a smaller
  combination are generalised one step at a time, least useful column first
  (:data:`GENERALISATION_STEPS`), and where the fully blank combination still holds 1 to 4
  people, people of combinations larger than 5 (else a whole smallest combination) are blanked
  with them. Nobody is dropped: their answers still count. With fewer than 5 consenting people
  every quasi-identifier is blank. case_outcomes repeats the presenter's profession and region:
  there they are the people.csv value, or blank where the case's differs.
* **Sessions are quasi-identifiers too (probe 1219)**: who came to which session is known to
  everyone on those calls, so nothing tied to a pid says which sessions its person attended.
  attendance.csv has one row per person: the sessions they attended in the program's whole
  months that are over, whatever the export's dates, as a band (``sessions_attended``), which is
  one more quasi-identifier of the k-anonymity. Responses carry no session and no day (their
  month; the dates choose them by whole months); a survey someone answered more than once, or
  sent after every session, is exported without pids (the number of a person's responses is
  how many sessions they came to). case_outcomes names its presenter by ``presenter_id``, not
  the pid (a case is recognisable to everyone who heard it). Questions about the respondent
  (profession, region, site, town, age, years in practice...: :func:`is_quasi_identifier`) are
  withheld from survey_answers and free_text, the README naming them.

Files: CSV is plain UTF-8 without a byte-order mark (what R, Python, Stata, SPSS and REDCap
read; Excel users take the XLSX). XLSX is written by XlsxWriter in constant-memory mode into
a temporary file per dataset, then streamed into the zip; a dataset longer than a sheet
(1,048,575 rows under the header) continues on more sheets (``name``, ``name_2``, ...).
Cells are written as strings or numbers, never as formulas.

Everything is generated lazily: rows come from chunked queries (``iterator()`` on
``values_list``), pseudonyms are cached per person (bounded by people, not rows), and the zip
is produced while the response is sent, so memory stays flat with size.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import hmac
import io
import os
import re
import tempfile
import unicodedata
import zipfile
import zoneinfo
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from echohub.accounts.professions import Profession
from echohub.cases.models import AgeBand, Case, CaseScore, CaseStatus, CaseTheme, FollowUp
from echohub.core import csvsafe
from echohub.core.audit import record
from echohub.core.errors import Conflict, DomainError
from echohub.core.models import AuditEntry
from echohub.evaluation.models import Answer, Question, QuestionKind, Response, Study, Survey
from echohub.evaluation.privacy import frozen_attendance
from echohub.evaluation.redcap import (
    DICTIONARY_COLUMNS,
    REDCAP_COLUMNS,
    QuestionInfo,
    Variable,
    dictionary_rows,
    redcap_rows,
)
from echohub.programs.models import Membership, Program, Role, Rurality, SiteKind

CHUNK = 2000
CSV_FLUSH_BYTES = 64 * 1024
FILE_CHUNK = 256 * 1024
#: Data rows per XLSX sheet (Excel's 1,048,576 rows less the header row).
XLSX_MAX_ROWS = 1_048_575
FORMATS = ("csv", "xlsx")
#: Above this many rows the counts page suggests CSV: an XLSX file is complete before it streams.
XLSX_SLOW_ROWS = 200_000

ADVICE = (("all", "All of it"), ("some", "Some of it"), ("none", "None of it"))


# Pseudonyms --------------------------------------------------------------------------------


def pseudonym(key: str, kind: str, pk: int, prefix: str = "P") -> str:
    """`prefix`, a dash and 12 base32 characters (60 bits) of HMAC-SHA256 with the study key."""
    digest = hmac.new(key.encode(), f"{kind}:{pk}".encode(), hashlib.sha256).digest()
    return f"{prefix}-{base64.b32encode(digest).decode()[:12]}"


# Studies -----------------------------------------------------------------------------------


def create_study(*, actor: Any, program: Program, name: str, description: str = "") -> Study:
    name = name.strip()
    if not name:
        raise DomainError("name_required", _("Give the study a name."), field="name")
    with transaction.atomic():
        if Study.objects.filter(program=program, name__iexact=name).exists():
            raise DomainError(
                "study_exists", _("This program already has a study of that name."), field="name"
            )
        try:
            with transaction.atomic():  # a savepoint: the race below leaves the rest usable
                study = Study.objects.create(
                    program=program,
                    name=name,
                    description=description.strip(),
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError:
            # The same name created a moment ago by a parallel request (unique constraint).
            raise Conflict(
                "study_exists", _("This program already has a study of that name."), field="name"
            ) from None
        record(actor=actor, action="study.create", obj=study, program=program)
    return study


# Datasets ----------------------------------------------------------------------------------


def _choices(enum: Any) -> tuple[tuple[str, str], ...]:
    return tuple((str(v), str(label)) for v, label in enum.choices)


PROFESSION = Variable("profession", "Profession", "category", _choices(Profession))
PID = Variable("pid", "Pseudonymous participant id (blank: anonymous response)")
RID = Variable("rid", "Pseudonymous response id (groups the answers of one response)")
SESSION_ID = Variable(
    "session_id", "Session id (echohub's session number, not personal)", "integer"
)
SESSION_NUMBER = Variable("session_number", "Session number in its series", "integer")
#: A response's session and day beside its pid would list the sessions its person attended
#: (probe 1219): the columns stay, for the scripts that read them, and are always blank.
NO_SESSION_ID = Variable(
    "session_id", "Session id: always blank (README)", "integer", note="Always blank."
)
NO_SESSION_NUMBER = Variable(
    "session_number", "Session number: always blank (README)", "integer", note="Always blank."
)
SUBMITTED_MONTH = Variable("submitted_month", "Month the response was submitted", "month")

#: sessions_attended's values: the fine bands, then the coarse ones (ATTENDANCE_BANDS below).
BAND_LABELS = ("0", "1-2", "3-5", "6-10", "11-20", "21-40", "41+", "1-5", "6-20", "21+")

VARIABLES: dict[str, tuple[Variable, ...]] = {
    "people": (
        Variable("pid", "Pseudonymous participant id"),
        PROFESSION,
        Variable("region", "Region of the person's site"),
        Variable("rurality", "Rurality of the site", "category", _choices(Rurality)),
        Variable("site_kind", "Kind of site", "category", _choices(SiteKind)),
        Variable(
            "role_start_month",
            "Month the participant role started",
            "month",
            note="YYYY (the year only) or blank where generalised for k-anonymity (README).",
        ),
        Variable("active", "Participant role still active", "boolean"),
    ),
    "attendance": (
        Variable("pid", "Pseudonymous participant id"),
        Variable(
            "sessions_attended",
            "Sessions of the program attended (a band), in whole months that are over",
            "category",
            tuple((band, band) for band in BAND_LABELS),
            note="1-5, 6-20, 21+ or blank where generalised for k-anonymity (README). Whatever "
            "the export's dates.",
        ),
    ),
    "survey_answers": (
        PID,
        RID,
        Variable("survey_id", "Survey id", "integer"),
        Variable("survey_title", "Survey title"),
        Variable("question_code", "Question variable name (see the survey rows below)"),
        Variable("question_kind", "Question kind", "category", _choices(QuestionKind)),
        Variable("row_key", "Matrix row key (blank for other questions)"),
        Variable("value_number", "Numeric answer (scale point, number)", "number"),
        Variable("value_text", "Chosen option's value (one row per option for multiple choice)"),
        NO_SESSION_ID,
        NO_SESSION_NUMBER,
        SUBMITTED_MONTH,
    ),
    "free_text": (
        PID,
        RID,
        Variable("survey_id", "Survey id", "integer"),
        Variable("survey_title", "Survey title"),
        Variable("question_code", "Question variable name"),
        Variable("question_text", "Question as asked"),
        NO_SESSION_ID,
        SUBMITTED_MONTH,
        Variable(
            "text",
            "The free-text answer",
            "notes",
            note="Identifiers found by echohub's scanner are replaced by [KIND], e.g. [PHONE].",
        ),
    ),
    "case_outcomes": (
        Variable("case_id", "Pseudonymous case id"),
        Variable(
            "presenter_id",
            "Pseudonymous id of the presenter: the same for their cases, not their pid",
            note="Not the pid of the other files (README, probe 1219).",
        ),
        Variable("theme", "Case theme", "category", _choices(CaseTheme)),
        Variable(
            "presenter_profession", "Presenter's profession", "category", _choices(Profession)
        ),
        Variable("region", "Region of the presenting site"),
        Variable("age_band", "Patient age band", "category", _choices(AgeBand)),
        Variable("status", "Case status", "category", _choices(CaseStatus)),
        Variable("timepoint", "presentation, or follow_up_1, follow_up_2, ..."),
        Variable("timepoint_index", "0 at presentation, n at the n-th follow-up", "integer"),
        Variable("timepoint_date", "Date of the timepoint (program time zone)", "date"),
        Variable("mme_per_day", "Total opioid MME/day at the timepoint", "number"),
        Variable("peg", "PEG score at the timepoint (0-10)", "number"),
        Variable(
            "days_to_recommendations", "Days from submission to recommendations sent", "integer"
        ),
        Variable("advice_followed", "Close-out: advice followed", "category", ADVICE),
        Variable("plan_changed", "Close-out: treatment plan changed", "boolean"),
        Variable("referral_avoided", "Close-out: referral avoided", "boolean"),
    ),
}

# k-anonymity of the people file ---------------------------------------------------------

#: Every combination of people.csv's quasi-identifiers holds at least this many people.
K_ANONYMITY = 5
#: people.csv's quasi-identifiers, in the file's order (its columns after pid).
QUASI_IDENTIFIERS = ("profession", "region", "rurality", "site_kind", "role_start_month", "active")
#: attendance.csv's one column after pid (probe 1219): which sessions a person attended is
#: known to everyone on those calls, so a list of them beside the pid was a unique key; the
#: number of them, as a band, is one more quasi-identifier of the same k-anonymity.
ATTENDANCE_QI = "sessions_attended"
#: Every quasi-identifier released per person, people.csv's then attendance.csv's.
RELEASED_QIS = (*QUASI_IDENTIFIERS, ATTENDANCE_QI)
#: Bands of sessions attended: (lowest count, label), fine then coarse (each coarse band is a
#: union of fine ones).
ATTENDANCE_BANDS: tuple[tuple[int, str], ...] = (
    (0, "0"), (1, "1-2"), (3, "3-5"), (6, "6-10"), (11, "11-20"), (21, "21-40"), (41, "41+"),
)  # fmt: skip
COARSE_BANDS = {
    "0": "0", "1-2": "1-5", "3-5": "1-5", "6-10": "6-20", "11-20": "6-20", "21-40": "21+",
    "41+": "21+",
}  # fmt: skip
#: How a person of a combination held by fewer than K_ANONYMITY people is generalised, one
#: step at a time, least useful column first: the start month to its year, sessions attended
#: to a coarser band, the site kind, the start year, the region, sessions attended, the
#: profession to "other", the rurality, active, the profession. After the last step every
#: quasi-identifier is blank.
GENERALISATION_STEPS: tuple[tuple[str, str], ...] = (
    ("role_start_month", "year"),
    (ATTENDANCE_QI, "coarse"),
    ("site_kind", "blank"),
    ("role_start_month", "blank"),
    ("region", "blank"),
    (ATTENDANCE_QI, "blank"),
    ("profession", "other"),
    ("rurality", "blank"),
    ("active", "blank"),
    ("profession", "blank"),
)

QuasiIds = tuple[Any, ...]
#: people.csv's quasi-identifiers all blank (active is a boolean: None).
BLANK: QuasiIds = ("", "", "", "", "", None)


def attendance_band(sessions: int) -> str:
    """The band of ATTENDANCE_BANDS holding `sessions`."""
    label = ATTENDANCE_BANDS[0][1]
    for lowest, name in ATTENDANCE_BANDS:
        if sessions >= lowest:
            label = name
    return label


def _blank(width: int) -> QuasiIds:
    """Every quasi-identifier of a tuple of `width` (people.csv's six, or with attendance)."""
    return (BLANK + ("",) * len(RELEASED_QIS))[:width]


def _generalised(values: QuasiIds, level: int) -> QuasiIds:
    """`values` (in RELEASED_QIS order, people.csv's six or all of them) after the first
    `level` generalisation steps."""
    out = list(values)
    for column, how in GENERALISATION_STEPS[:level]:
        i = RELEASED_QIS.index(column)
        if i >= len(out):
            continue
        if how == "year":
            out[i] = str(out[i] or "")[:4]
        elif how == "coarse":
            out[i] = COARSE_BANDS.get(str(out[i]), "")
        elif how == "other":
            out[i] = Profession.OTHER.value if out[i] else ""
        else:
            out[i] = None if column == "active" else ""
    return tuple(out)


def k_anonymous(people: dict[int, QuasiIds], k: int = K_ANONYMITY) -> dict[int, QuasiIds]:
    """The quasi-identifiers to release per person, such that every combination released is
    held by `k` or more of `people` (or, with fewer than `k` people, every one is blank).

    The people of a combination held by fewer than `k` are generalised one more step
    (GENERALISATION_STEPS) until none is left; then, if the fully blank combination holds 1
    to `k` - 1 people, people of combinations larger than `k` (else the smallest whole
    combinations) are blanked too, so the blank ones are not 1 to 4 people either."""
    level = dict.fromkeys(people, 0)
    released = dict(people)
    top = len(GENERALISATION_STEPS)
    sizes: Counter[QuasiIds] = Counter()
    while True:
        sizes = Counter(released.values())
        raising = [
            uid for uid, values in released.items() if sizes[values] < k and level[uid] < top
        ]
        if not raising:
            break
        for uid in raising:
            level[uid] += 1
            released[uid] = _generalised(people[uid], level[uid])
    blank = _blank(len(next(iter(people.values()), BLANK)))
    short = k - sizes.get(blank, 0)
    if short <= 0 or short == k or len(people) < k:
        return released
    members: dict[QuasiIds, list[int]] = {}
    for uid in sorted(released):
        members.setdefault(released[uid], []).append(uid)
    members.pop(blank, None)
    # People beyond k of the largest combinations first (those stay k or more) ...
    for values in sorted(members, key=lambda v: (-len(members[v]), repr(v))):
        spare = len(members[values]) - k
        while spare > 0 and short > 0:
            released[members[values].pop()] = blank
            spare -= 1
            short -= 1
    # ... else whole combinations, the smallest first.
    for values in sorted(members, key=lambda v: (len(members[v]), repr(v))):
        if short <= 0:
            break
        for uid in members[values]:
            released[uid] = blank
        short -= len(members[values])
    return released


# Questions about the respondent -----------------------------------------------------------

#: Words of a question (code or text, English or French, accents dropped) that ask about the
#: respondent: their answer is a quasi-identifier (probe 1219).
ABOUT_RESPONDENT_WORDS = frozenset(
    {
        "profession",
        "professions",
        "occupation",
        "discipline",
        "disciplines",
        "specialty",
        "speciality",
        "specialite",
        "credential",
        "credentials",
        "job",
        "region",
        "regions",
        "rural",
        "rurality",
        "ruralite",
        "site",
        "clinic",
        "clinique",
        "workplace",
        "employer",
        "employeur",
        "organization",
        "organisation",
        "organisme",
        "town",
        "city",
        "ville",
        "village",
        "municipality",
        "municipalite",
        "county",
        "comte",
        "district",
        "postal",
        "province",
        "territory",
        "territoire",
        "age",
        "gender",
        "genre",
        "sex",
        "sexe",
        "ethnicity",
        "ethnic",
        "ethnique",
        "indigenous",
        "autochtone",
        "language",
        "langue",
        "birth",
        "naissance",
    }
)
ABOUT_RESPONDENT_PHRASES = re.compile(
    r"\b(?:your role|votre role|how old|practice setting|work setting"
    r"|where do you (?:work|practi[cs]e)|ou (?:travaillez|pratiquez)"
    r"|(?:lieu|milieu) de (?:travail|pratique)"
    r"|years? .*\b(?:practice|practising|practicing|experience|pratique)"
    r"|annees? .*\b(?:pratique|experience))\b"
)


def _plain(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower())
    letters = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", letters).split())


def is_quasi_identifier(code: str, text: str, text_fr: str = "") -> bool:
    """Whether a survey question asks about the respondent (profession, region, site, town,
    age, years in practice, gender, language...): beside a pid its answer gives back what
    people.csv's k-anonymity generalised, and beside a response it singles its person out
    (probe 1219). Errs on the side of withholding."""
    for part in (code.replace("_", " ").replace("-", " "), text, text_fr):
        plain = _plain(part)
        if set(plain.split()) & ABOUT_RESPONDENT_WORDS or ABOUT_RESPONDENT_PHRASES.search(plain):
            return True
    return False


#: Marked for translation (gettext_noop): the pages translate them, the README keeps English.
DATASET_TITLES = {
    "people": gettext_noop("People (consenting participants)"),
    "attendance": gettext_noop("Attendance per session"),
    "survey_answers": gettext_noop("Survey answers (long format)"),
    "free_text": gettext_noop("Free-text answers (qualitative analysis)"),
    "case_outcomes": gettext_noop("Case outcomes per timepoint"),
}
DATASETS = tuple(VARIABLES)


@dataclass(frozen=True)
class ExportOptions:
    datasets: tuple[str, ...] = DATASETS
    fmt: str = "csv"
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    survey_ids: tuple[int, ...] = ()
    include_anonymous: bool = False

    def describe(self) -> dict[str, Any]:
        """The options as plain values (audit log, README): no content."""
        return {
            "datasets": list(self.datasets),
            "format": self.fmt,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "surveys": list(self.survey_ids),
            "include_anonymous": self.include_anonymous,
        }


@dataclass
class Export:
    """One export of one study: counts, rows per dataset, dictionaries, the zip."""

    study: Study
    options: ExportOptions
    program: Program = field(init=False)
    tz: zoneinfo.ZoneInfo = field(init=False)
    written: dict[str, int] = field(default_factory=dict)
    _pids: dict[int, str] = field(default_factory=dict)
    _released: dict[int, QuasiIds] | None = None
    _withheld: list[tuple[int, int, str, str]] | None = None
    _unlinked: set[int] | None = None
    #: The quasi-identifiers k-anonymity generalised somewhere (README), once people are read.
    generalised: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.program = self.study.program
        self.tz = zoneinfo.ZoneInfo(self.program.time_zone)

    # Filters -----------------------------------------------------------------------------

    def consenting(self) -> QuerySet[Membership]:
        """The consent rule: participants of the program who consented (active or not)."""
        return Membership.objects.filter(
            program=self.program, role=Role.PARTICIPANT, consent_research=True
        )

    def consenting_count(self) -> int:
        return self.consenting().count()

    def _consenting_ids(self) -> QuerySet[Membership, Any]:
        return self.consenting().values("user_id")

    def _bounds(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """The date range as aware datetimes in the program's time zone (end exclusive)."""
        o = self.options
        start = dt.datetime.combine(o.date_from, dt.time(), self.tz) if o.date_from else None
        end = (
            dt.datetime.combine(o.date_to + dt.timedelta(days=1), dt.time(), self.tz)
            if o.date_to
            else None
        )
        return start, end

    def _date(self, value: dt.datetime | None) -> dt.date | None:
        return value.astimezone(self.tz).date() if value else None

    def pid(self, user_id: int | None) -> str:
        if user_id is None:
            return ""
        found = self._pids.get(user_id)
        if found is None:
            found = self._pids[user_id] = pseudonym(self.study.key, "user", user_id)
        return found

    def presenter_id(self, user_id: int | None) -> str:
        """A presenter's id in case_outcomes: stable over their cases, unlinkable to their pid
        (probe 1219). Who presented a case is known to everyone on that call, and the case
        (theme, age band, MME) is recognisable, so beside the pid it tied the presenter to
        their answers."""
        return "" if user_id is None else pseudonym(self.study.key, "presenter", user_id, "PR")

    def surveys(self) -> QuerySet[Survey]:
        qs = Survey.objects.filter(program=self.program)
        if self.options.survey_ids:
            qs = qs.filter(pk__in=self.options.survey_ids)
        return qs.order_by("pk")

    def questions(self) -> list[QuestionInfo]:
        """The questions of the exported surveys (metadata: small, loaded once)."""
        qs = (
            Question.objects.filter(survey__in=self.surveys())
            .select_related("survey")
            .order_by("survey_id", "position", "pk")
        )
        return [
            QuestionInfo(
                survey_id=q.survey_id,
                survey_title=q.survey.title,
                code=q.code,
                kind=q.kind,
                text=q.text,
                required=q.required,
                options=tuple(
                    (str(o.get("value", "")), str(o.get("label", ""))) for o in q.options
                ),
                rows=tuple((str(r.get("key", "")), str(r.get("label", ""))) for r in q.rows),
                min_value=q.min_value,
                max_value=q.max_value,
            )
            for q in qs
        ]

    # Querysets (shared by counts and rows) ----------------------------------------------

    def _answers(self, *, free_text: bool) -> QuerySet[Answer]:
        o = self.options
        qs = Answer.objects.filter(question__survey__program=self.program)
        if free_text:
            qs = qs.filter(question__kind=QuestionKind.TEXT).exclude(text="")
        else:
            qs = qs.exclude(question__kind=QuestionKind.TEXT)
        who = Q(response__user_id__in=self._consenting_ids())
        if o.include_anonymous:
            who |= Q(response__user__isnull=True, response__survey__anonymous=True)
        qs = qs.filter(who).exclude(question_id__in=self.withheld_ids())
        if o.survey_ids:
            qs = qs.filter(question__survey_id__in=o.survey_ids)
        # Responses carry no day (module docstring): the dates choose them by whole months,
        # else two exports a day apart would give their day back (anonymous ones since probe
        # 1213, named ones since probe 1219).
        if o.date_from:
            qs = qs.filter(response__submitted_on__gte=o.date_from.replace(day=1))
        if o.date_to:
            after = (o.date_to.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            qs = qs.filter(response__submitted_on__lt=after)
        return qs

    def withheld(self) -> list[tuple[int, str, str]]:
        """The program's questions that ask about the respondent (survey, code, text): their
        answers are quasi-identifiers and are not exported (probe 1219)."""
        if self._withheld is None:
            self._withheld = [
                (pk, survey, code, text)
                for pk, survey, code, text, text_fr in Question.objects.filter(
                    survey__program=self.program
                )
                .order_by("survey_id", "position", "pk")
                .values_list("pk", "survey_id", "code", "text", "text_fr")
                if is_quasi_identifier(code, text, text_fr)
            ]
        return [(survey, code, text) for _pk, survey, code, text in self._withheld]

    def withheld_ids(self) -> list[int]:
        self.withheld()
        return [pk for pk, *_rest in self._withheld or []]

    def unlinked_surveys(self) -> set[int]:
        """Surveys whose responses are exported without pids (probe 1219): those sent after
        every session and those someone answered more than once, whatever the export's dates
        (the number of a person's responses is how many sessions they came to)."""
        if self._unlinked is None:
            repeated = (
                Response.objects.filter(survey__program=self.program, user__isnull=False)
                .values("survey_id", "user_id")
                .annotate(n=Count("pk"))
                .filter(n__gt=1)
                .values_list("survey_id", flat=True)
            )
            after = Survey.objects.filter(program=self.program, send_after_sessions=True)
            self._unlinked = set(repeated) | set(after.values_list("pk", flat=True))
        return self._unlinked

    def _month(self, day: dt.date | None) -> str:
        return day.strftime("%Y-%m") if day else ""

    def _cases(self) -> QuerySet[Case]:
        qs = Case.objects.filter(
            program=self.program, presenter_id__in=self._consenting_ids()
        ).exclude(status=CaseStatus.DRAFT)
        start, end = self._bounds()
        if start:
            qs = qs.filter(submitted_at__gte=start)
        if end:
            qs = qs.filter(submitted_at__lt=end)
        return qs

    # Counts ------------------------------------------------------------------------------

    def count(self, dataset: str) -> int:
        if dataset == "people":
            return self.consenting_count()
        if dataset == "attendance":  # one row per person (probe 1219)
            return self.consenting_count()
        if dataset == "survey_answers":
            return self._answers(free_text=False).count()
        if dataset == "free_text":
            return self._answers(free_text=True).count()
        if dataset == "case_outcomes":
            cases = self._cases()
            return cases.count() + FollowUp.objects.filter(case__in=cases).count()
        raise ValueError(dataset)

    def counts(self) -> dict[str, int]:
        return {name: self.count(name) for name in self.options.datasets}

    # Rows --------------------------------------------------------------------------------

    def rows(self, dataset: str) -> Iterator[tuple[Any, ...]]:
        producer: Callable[[], Iterator[tuple[Any, ...]]] = getattr(self, f"_rows_{dataset}")
        return producer()

    def released(self) -> dict[int, QuasiIds]:
        """Each consenting person's quasi-identifiers as people.csv gives them: k-anonymous
        over the whole consenting population (module docstring), read once per export."""
        if self._released is None:
            qs = (
                self.consenting()
                .order_by("user_id")
                .values_list(
                    "user_id", "user__profession", "site__region", "site__rurality",
                    "site__kind", "created_at", "is_active",
                )
            )  # fmt: skip
            attended = self.sessions_attended()
            people: dict[int, QuasiIds] = {}
            for uid, profession, region, rurality, kind, created, active in qs.iterator(CHUNK):
                month = created.astimezone(self.tz).strftime("%Y-%m") if created else ""
                people[uid] = (
                    profession or "",
                    region or "",
                    rurality or "",
                    kind or "",
                    month,
                    active,
                    attendance_band(attended.get(uid, 0)),
                )
            self._released = k_anonymous(people)
            self.generalised = tuple(
                name
                for i, name in enumerate(RELEASED_QIS)
                if any(self._released[uid][i] != values[i] for uid, values in people.items())
            )
        return self._released

    def sessions_attended(self) -> dict[int, int]:
        """Sessions each consenting person attended, over the program's whole months that are
        over, whatever the export's dates (probe 1219): counts over the export's dates, two
        exports a session apart would give each pid's sessions back by difference, and a
        month under way would tell a week apart who came this week."""
        first = timezone.now().astimezone(self.tz).date().replace(day=1)
        before = dt.datetime.combine(first, dt.time(), self.tz)
        # as taken once each session's month was over: a late import or review would move a
        # pid's band between two exports (probe 1223)
        qs = (
            frozen_attendance(self.program)
            .filter(
                session__program=self.program,
                session__starts_at__lt=before,
                user_id__in=self._consenting_ids(),
            )
            .values("user_id")
            .annotate(n=Count("session_id", distinct=True))
            .values_list("user_id", "n")
        )
        return dict(qs)

    def _rows_people(self) -> Iterator[tuple[Any, ...]]:
        width = len(QUASI_IDENTIFIERS)
        for uid, values in self.released().items():
            yield (self.pid(uid), *values[:width])

    def _rows_attendance(self) -> Iterator[tuple[Any, ...]]:
        """One row per person of people.csv (nobody left out): their band of sessions
        attended as k-anonymity released it, never the sessions themselves (probe 1219)."""
        column = RELEASED_QIS.index(ATTENDANCE_QI)
        for uid, values in self.released().items():
            yield (self.pid(uid), values[column])

    def _response_id(self) -> Callable[[int], str]:
        last: list[Any] = [None, ""]

        def rid(pk: int) -> str:  # answers come grouped by response: remember the last one
            if last[0] != pk:
                last[0], last[1] = pk, pseudonym(self.study.key, "response", pk, "R")
            return str(last[1])

        return rid

    def _rows_survey_answers(self) -> Iterator[tuple[Any, ...]]:
        titles = dict(self.surveys().values_list("pk", "title"))
        meta = {
            pk: (code, kind)
            for pk, code, kind in Question.objects.filter(survey__program=self.program).values_list(
                "pk", "code", "kind"
            )
        }
        qs = (
            self._answers(free_text=False)
            .order_by("response_id", "pk")
            .values_list(
                "response__user_id", "response_id", "response__survey_id", "question_id",
                "row_key", "number", "text", "response__session_id", "response__session__number",
                "response__submitted_on",
            )
        )  # fmt: skip
        rid = self._response_id()
        unlinked = self.unlinked_surveys()
        for uid, resp, survey, qid, row_key, number, text, _sid, _snum, on in qs.iterator(CHUNK):
            # No session, no day, and no pid for a survey answered more than once (module
            # docstring).
            pid = "" if survey in unlinked else self.pid(uid)
            code, kind = meta.get(qid, ("", ""))
            yield (
                pid, rid(resp), survey, titles.get(survey, ""), code, kind, row_key,
                number, text, None, None, self._month(on),
            )  # fmt: skip

    def _rows_free_text(self) -> Iterator[tuple[Any, ...]]:
        titles = dict(self.surveys().values_list("pk", "title"))
        meta = {
            pk: (code, text)
            for pk, code, text in Question.objects.filter(
                survey__program=self.program, kind=QuestionKind.TEXT
            ).values_list("pk", "code", "text")
        }
        qs = (
            self._answers(free_text=True)
            .order_by("response_id", "pk")
            .values_list(
                "response__user_id", "response_id", "response__survey_id", "question_id",
                "response__session_id", "response__submitted_on", "text",
            )
        )  # fmt: skip
        rid = self._response_id()
        # The identifier scanner (names, phone numbers, emails... in what people wrote), as the
        # insights pages redact comments.
        from echohub.evaluation.redaction import redact_text

        unlinked = self.unlinked_surveys()
        for uid, resp, survey, qid, _sid, on, raw in qs.iterator(CHUNK):
            pid = "" if survey in unlinked else self.pid(uid)  # as in survey_answers
            text = redact_text(raw)
            code, question = meta.get(qid, ("", ""))
            yield (
                pid, rid(resp), survey, titles.get(survey, ""), code, question, None,
                self._month(on), text,
            )  # fmt: skip

    def _rows_case_outcomes(self) -> Iterator[tuple[Any, ...]]:
        qs = (
            self._cases()
            .order_by("pk")
            .values_list(
                "pk", "presenter_id", "theme", "presenter_profession", "region", "age_band",
                "status", "submitted_at", "sent_at", "mme_total", "advice_followed",
                "plan_changed", "referral_avoided",
            )
        )  # fmt: skip
        batch: list[tuple[Any, ...]] = []
        for case in qs.iterator(CHUNK):
            batch.append(case)
            if len(batch) >= CHUNK // 4:
                yield from self._case_batch(batch)
                batch = []
        if batch:
            yield from self._case_batch(batch)

    def _case_batch(self, batch: list[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
        ids = [c[0] for c in batch]
        follow_ups: dict[int, list[tuple[int, dt.datetime, Any]]] = {}
        for case_id, fu_id, created, mme in (
            FollowUp.objects.filter(case_id__in=ids)
            .order_by("case_id", "created_at", "pk")
            .values_list("case_id", "pk", "created_at", "mme_total")
        ):
            follow_ups.setdefault(case_id, []).append((fu_id, created, mme))
        peg: dict[tuple[int, int | None], Any] = {}
        for case_id, fu_id, total in (
            CaseScore.objects.filter(case_id__in=ids, instrument="peg")
            .order_by("pk")
            .values_list("case_id", "follow_up_id", "total")
        ):
            peg[(case_id, fu_id)] = total  # the last score of a timepoint wins
        released = self.released()
        for (
            pk, presenter, theme, profession, region, age_band, status, submitted, sent, mme,
            advice, changed, avoided,
        ) in batch:  # fmt: skip
            # The presenter's profession and region beside their pid: people.csv's (k-anonymous)
            # value, or blank where the case's differs (module docstring).
            shown = released.get(presenter, BLANK)
            profession = profession if (profession or "") == shown[0] else ""
            region = region if (region or "") == shown[1] else ""
            days = (sent - submitted).days if sent and submitted else None
            head = (
                pseudonym(self.study.key, "case", pk, "C"), self.presenter_id(presenter), theme,
                profession, region, age_band, status,
            )  # fmt: skip
            tail = (days, advice, changed, avoided)
            yield (*head, "presentation", 0, self._date(submitted), mme, peg.get((pk, None)), *tail)
            for n, (fu_id, created, fu_mme) in enumerate(follow_ups.get(pk, []), start=1):
                yield (
                    *head, f"follow_up_{n}", n, self._date(created), fu_mme,
                    peg.get((pk, fu_id)), *tail,
                )  # fmt: skip

    def counted(self, dataset: str) -> Iterator[tuple[Any, ...]]:
        """The rows of `dataset`, counting them into `written` (for the README)."""
        self.written[dataset] = 0
        for row in self.rows(dataset):
            self.written[dataset] += 1
            yield row

    # Files -------------------------------------------------------------------------------

    def header(self, dataset: str) -> list[str]:
        return [v.name for v in VARIABLES[dataset]]

    def dictionary_chunks(self) -> Iterator[bytes]:
        chosen = [(name, VARIABLES[name]) for name in self.options.datasets]
        questions = self.questions() if self._has_surveys() else []
        return csv_chunks(DICTIONARY_COLUMNS, dictionary_rows(chosen, questions))

    def redcap_chunks(self) -> Iterator[bytes]:
        chosen = [(name, VARIABLES[name]) for name in self.options.datasets]
        questions = self.questions() if self._has_surveys() else []
        return csv_chunks(REDCAP_COLUMNS, redcap_rows(chosen, questions))

    def _has_surveys(self) -> bool:
        return bool({"survey_answers", "free_text"} & set(self.options.datasets))

    def readme(
        self, *, role: str, audit_id: int | None, expected: dict[str, int]
    ) -> Iterator[bytes]:
        """README.txt, produced last so its counts are the rows actually written. The exporter
        is named by role and audit entry (their account is in echohub's audit log), so the zip
        holds no name or email."""
        o = self.options
        when = timezone.now().astimezone(self.tz)
        anonymity: list[str] = []
        if self._released is not None:  # people, attendance or case_outcomes were written
            anonymity = [
                "",
                f"k-anonymity (k = {K_ANONYMITY}): every combination of people.csv's "
                f"{', '.join(QUASI_IDENTIFIERS)} and attendance.csv's {ATTENDANCE_QI} holds "
                f"{K_ANONYMITY} or more people, so that "
                "no pid can be tied to a person by them (e.g. the only dietitian of a rural "
                "region, or the only one who came to two given sessions). Where a combination "
                "held fewer, its people were generalised one step "
                "at a time, the least useful column first: role_start_month to its year "
                f"(YYYY), {ATTENDANCE_QI} to a coarser band (1-5, 6-20, 21+), site_kind blank, "
                f"role_start_month blank, region blank, {ATTENDANCE_QI} blank, profession "
                "'other', rurality blank, active blank, profession blank; where the fully blank "
                f"combination still held 1 to {K_ANONYMITY - 1} people, people of larger "
                f"combinations were blanked with them. With fewer than {K_ANONYMITY} consenting "
                "people every one of them is blank. Nobody is left out: a generalised or blank "
                "value is not a missing person. case_outcomes gives the presenter's profession "
                "and region as people.csv does, or blank where the case's value differs.",
                "case_outcomes' presenter_id ('PR-', the same HMAC over the presenter) groups "
                "one presenter's cases and is not their pid: who presented a case is known to "
                "everyone on that call, so beside the pid a case would tie its presenter to "
                "their answers.",
                "Generalised in this export: "
                + (", ".join(self.generalised) if self.generalised else "nothing")
                + ".",
            ]
        lines = [
            f"Research export: {self.study.name}",
            f"Program: {self.program}",
            f"Exported: {when:%Y-%m-%d %H:%M %Z} by the program's {role} recorded in echohub's "
            f"audit log (entry {audit_id})",
            "",
            "Datasets (rows written):",
            *(
                f"  {name}.{o.fmt}: {self.written.get(name, 0)} rows - {DATASET_TITLES[name]}"
                for name in o.datasets
            ),
            "",
            "Filters:",
            f"  dates: {o.date_from or 'any'} to {o.date_to or 'any'} (program time zone "
            f"{self.program.time_zone}; sessions by start, responses by submission day, cases "
            "by submission)",
            f"  surveys: {', '.join(map(str, o.survey_ids)) or 'all'}",
            "",
            "Consent rule: only people holding a participant role in the program who consented "
            "to evaluation research (active or not) are included; cases only of consenting "
            "presenters.",
            "Anonymous survey responses: "
            + (
                "included with a blank pid, and a blank session and day (they carry no person; "
                "consent cannot be checked; their session or day beside the attendance rows would "
                "tie them to the people of that session)."
                if o.include_anonymous
                else "left out (they carry no person, so their consent cannot be checked)."
            ),
            "",
            "Pseudonyms: pid = 'P-' + 12 base32 characters of HMAC-SHA256 keyed with this "
            "study's secret over the account; rid (responses, 'R-') and case_id ('C-') the same "
            "way. Stable within this study, different in every other study, never the account "
            "id. The key stays in echohub.",
            "No contact data (names, emails, licence numbers, phone numbers) and no ages: "
            "patient ages are bands; role starts are months. In free-text answers, identifiers "
            "found by echohub's scanner (names, phone numbers, emails, health numbers...) are "
            "replaced by their kind in brackets, e.g. [PHONE].",
            *anonymity,
            *self._readme_sessions(),
            "",
            "Format: long format, one observation per row. "
            + (
                "CSV: UTF-8 without byte-order mark, comma-separated, RFC 4180 quoting; "
                "blank = missing; booleans 1/0."
                if o.fmt == "csv"
                else "XLSX: one workbook per dataset; a dataset longer than 1,048,575 rows "
                "continues on further sheets (name_2, ...); blank = missing; booleans 1/0."
            ),
            "data_dictionary.csv: every variable (label, type, allowed values) and every "
            "survey question (question_code values).",
            "redcap_data_dictionary.csv: the same as a REDCap data dictionary (import it in "
            "REDCap's Data Dictionary tool); survey questions are fields of one form per survey.",
        ]
        if self.written != {k: v for k, v in expected.items() if k in self.written}:
            lines += ["", "Note: the data changed while the export ran; counts above are exact."]
        yield ("\r\n".join(lines) + "\r\n").encode()

    def _readme_sessions(self) -> list[str]:
        """What the export leaves out so that no pid carries the sessions its person attended
        or what they said about themselves (probe 1219)."""
        lines = []
        if "attendance" in self.options.datasets:
            lines += [
                "",
                f"Attendance: attendance.csv has one row per person of people.csv: "
                f"{ATTENDANCE_QI}, the number of the program's sessions they attended in the "
                "whole months that are over (whatever this export's dates), as a band, never "
                "which sessions: a list of sessions is known to everyone on those calls and "
                "would be a key to the pid.",
            ]
        if self._has_surveys():
            unlinked = sorted(
                self.unlinked_surveys() & set(self.surveys().values_list("pk", flat=True))
            )
            lines += [
                "",
                "Survey responses: no session and no day (session_id and session_number are "
                "always blank), the month only (submitted_month); the dates choose responses by "
                "whole months. A survey someone answered more than once, or sent after every "
                "session, is exported without pids (rid only): the number of a person's "
                "responses is how many sessions they came to. Such surveys here: "
                + (", ".join(map(str, unlinked)) or "none")
                + ".",
            ]
            withheld = [
                (survey, code, text)
                for survey, code, text in self.withheld()
                if not self.options.survey_ids or survey in self.options.survey_ids
            ]
            lines.append(
                "Questions about the respondent (profession, discipline, region, site, town, "
                "age, years in practice, gender, language...) are quasi-identifiers: their "
                "answers are not exported (people.csv gives profession, region, rurality and "
                "site kind k-anonymously). Withheld here: "
                + ("; ".join(f"survey {s} {code} ({text})" for s, code, text in withheld) or "none")
                + "."
            )
        return lines

    def dataset_chunks(self, dataset: str) -> Iterator[bytes]:
        header = self.header(dataset)
        if self.options.fmt == "xlsx":
            return xlsx_chunks(dataset, header, self.counted(dataset))
        return csv_chunks(header, self.counted(dataset))

    def zip_stream(
        self, *, role: str, audit_id: int | None, expected: dict[str, int]
    ) -> Iterable[bytes]:
        """The zip, written as it is read: datasets, dictionaries, README last."""
        import zipstream

        zs = zipstream.ZipStream(compress_type=zipfile.ZIP_DEFLATED)  # zlib default level
        # An XLSX file is a zip already: stored as is, not compressed a second time.
        stored = {"compress_type": zipfile.ZIP_STORED} if self.options.fmt == "xlsx" else {}
        for dataset in self.options.datasets:
            zs.add(self.dataset_chunks(dataset), f"{dataset}.{self.options.fmt}", **stored)
        zs.add(self.dictionary_chunks(), "data_dictionary.csv")
        zs.add(self.redcap_chunks(), "redcap_data_dictionary.csv")
        zs.add(self.readme(role=role, audit_id=audit_id, expected=expected), "README.txt")
        return zs


def audit_export(*, actor: Any, export: Export, counts: dict[str, int]) -> AuditEntry:
    """Who exported which study, with which options, how many rows: never any content."""
    return record(
        actor=actor,
        action="study.export",
        obj=export.study,
        program=export.program,
        changes={
            **export.options.describe(),
            **{f"rows_{name}": n for name, n in counts.items()},  # the log keeps flat values
        },
    )


def filename(export: Export) -> str:
    from django.utils.text import slugify

    stamp = timezone.now().astimezone(export.tz).strftime("%Y%m%d-%H%M")
    return f"{export.program.slug}-{slugify(export.study.name) or 'study'}-{stamp}.zip"


# Writers -----------------------------------------------------------------------------------


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return csvsafe.cell(value)


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """CSV (UTF-8, no BOM) in chunks of about 64 KB; text cells neutralised (core.csvsafe)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(csvsafe.row(header))
    for row in rows:
        # Ints go as they are, strings through csvsafe (no formula can run when the file is
        # opened in a spreadsheet: free text, labels and names typed by people), the rest
        # through _csv_value.
        writer.writerow(
            [
                v if type(v) is int else csvsafe.cell(v) if type(v) is str else _csv_value(v)
                for v in row
            ]
        )
        if buf.tell() >= CSV_FLUSH_BYTES:
            yield buf.getvalue().encode()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode()


def xlsx_chunks(name: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """One XLSX workbook written in constant-memory mode to a temporary file, then read back
    in chunks (and the file removed, also when the download stops half-way)."""
    import xlsxwriter

    fd, path = tempfile.mkstemp(prefix="echohub-export-", suffix=".xlsx")
    os.close(fd)
    try:
        workbook = xlsxwriter.Workbook(
            path,
            {
                "constant_memory": True,
                "tmpdir": os.path.dirname(path),
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        sheets = 1
        sheet = _sheet(workbook, name, 1, header)
        r = 0
        for row in rows:
            if r == XLSX_MAX_ROWS:
                sheets += 1
                sheet = _sheet(workbook, name, sheets, header)
                r = 0
            r += 1
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, bool):
                    sheet.write_number(r, c, 1 if value else 0)
                elif isinstance(value, int | float | Decimal):
                    sheet.write_number(r, c, float(value))
                elif isinstance(value, dt.date):
                    sheet.write_string(r, c, value.isoformat())
                else:  # a quote before text that a spreadsheet would read as a formula
                    sheet.write_string(r, c, csvsafe.cell(str(value)))
        workbook.close()
        with open(path, "rb") as f:
            while chunk := f.read(FILE_CHUNK):
                yield chunk
    finally:
        os.unlink(path)


def _sheet(workbook: Any, name: str, n: int, header: Sequence[str]) -> Any:
    sheet = workbook.add_worksheet(name[:31] if n == 1 else f"{name[:27]}_{n}")
    for c, title in enumerate(header):
        sheet.write_string(0, c, title)
    return sheet
