"""The case workflow: draft -> submitted (identifier check) -> privacy review -> scheduled ->
presented -> recommendations sent -> follow-up -> closed."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from clinical import ClinicalInputError, read_number
from clinical.mme import ABSURD_ABOVE, IN_WORDS, INEXACT_CONCENTRATION, SCIENTIFIC_NOTATION
from echohub.accounts.models import User
from echohub.cases import formconfig
from echohub.cases.models import (
    CLINICAL_TEXT_FIELDS,
    Case,
    CaseFormConfig,
    CaseMedication,
    CaseScore,
    CaseStatus,
    CaseTheme,
    Discipline,
    FollowUp,
    PhiOverride,
    Recommendation,
)
from echohub.cases.queries import mme_input, stored_mme_total
from echohub.core import audit, clinical_text, limits
from echohub.core.errors import Conflict, DomainError, PermissionDenied
from echohub.core.limits import CASE_TEXT_MAX, TooLong, check_lengths
from echohub.core.mail import queue_email
from echohub.core.phi_check import FieldFinding, check_fields
from echohub.core.phi_check import text_hash as keyed_hash
from echohub.programs.models import Membership, Program, Role
from echohub.programs.rules import has_perm
from echohub.scheduling.models import AgendaItem, AgendaKind, Session, SessionStatus

PRESENTER_ROLES = (Role.PARTICIPANT, Role.EXPERT, Role.COORDINATOR, Role.PROGRAM_ADMIN)
CHOICE_FIELDS = [
    "theme",
    "age_band",
    "sex_gender",
    "pain_duration",
    "pain_type",
    "work_status",
    "mme_table",
]
BOOLEAN_FIELDS = ["attest_deidentified", "patient_agreed"]
DRAFT_FIELDS = CLINICAL_TEXT_FIELDS + CHOICE_FIELDS + BOOLEAN_FIELDS
EDITABLE = {CaseStatus.DRAFT, CaseStatus.RETURNED}


class PhiFound(DomainError):
    """Submission refused: these findings must be fixed or overridden with a reason."""

    def __init__(self, findings: list[FieldFinding]) -> None:
        super().__init__(
            "phi_found",
            ngettext(
                "The case may contain identifying information (%(n)d finding). Fix or explain it.",
                "The case may contain identifying information (%(n)d findings). "
                "Fix or explain each one.",
                len(findings),
            )
            % {"n": len(findings)},
        )
        self.findings = findings


class UncountedOpioids(DomainError):
    """Submission held: opioid rows the MME calculator cannot count, so the hub would see a
    partial total (or none). The presenter corrects them or confirms (`count_confirmed`).
    Buprenorphine is never counted by design (its note says why) and is not asked about."""

    def __init__(self, rows: list[dict[str, str]]) -> None:
        listed = "; ".join(f"{r['row']} ({r['reason']})" for r in rows)
        super().__init__(
            "mme_uncounted",
            _(
                "Not counted in the total MME/day: %(rows)s. Correct these rows, or submit "
                "as it is: the hub then sees the total marked partial."
            )
            % {"rows": listed},
            field="medications",
        )
        self.rows = rows


def uncounted_opioids(case: Case) -> list[dict[str, str]]:
    """The presentation's opioid rows the calculator cannot count, each as its row's words and
    the reason in the reader's language. Left out: buprenorphine (never counted, by design),
    opioid-use-disorder treatment (never counted in MME, clinical.md §1.1), and rows that name
    no opioid (acetaminophen 2 tablets, naproxen: a presentation's other medications, which
    the calculator lists as not counted)."""
    from clinical import ClinicalInputError, calculate_mme

    meds = list(case.medications.filter(follow_up__isnull=True))
    data = mme_input(meds)
    if not data:
        return []

    def words(m: Any) -> str:
        dose = m.dose
        if isinstance(dose, Decimal):  # 1.000 as 1, 2.500 as 2.5 (2,5 in French)
            dose = number_format(Decimal(f"{dose.normalize():f}"))
        return " ".join(str(x) for x in (m.drug, dose, m.unit) if x not in (None, "")).strip()

    try:
        result = calculate_mme(data, table=case.mme_table)
    except ClinicalInputError as err:  # a row it cannot read at all: every row is uncounted
        reason = clinical_text.input_error(err.code, err.message)
        return [{"row": words(m), "reason": reason} for m in meds]
    return [
        {
            "row": words(meds[e.index]) if e.index < len(meds) else e.row.drug,
            "reason": clinical_text.message(e.reason_code, e.reason),
        }
        for e in result.uncounted_opioids
        if e.reason_code != "buprenorphine" and _names_an_opioid(e.row.drug)
    ]


def _names_an_opioid(drug: str) -> bool:
    """True when `drug` names an opioid: a generic or brand the calculator reads as one, an
    opioid among other words, a combination product (which may hold one: the safer side for
    a brand sold with and without codeine), or a tablet whose name fixes its opioid content.
    Acetaminophen, naproxen, vitamin D: False (the calculator lists them as unknown drugs,
    a presentation's other medications)."""
    from clinical.drugs import OPIOIDS, read_combination_tablet, read_drug_name

    name = read_drug_name(drug)
    return (
        name.kind in ("opioid", "combination")
        or bool(name.mentions & OPIOIDS)
        or read_combination_tablet(drug) is not None
    )


MME_TABLES = ("cdc2022", "cdc2016", "cdc-analytic")


def _check_theme(theme: Any) -> None:
    if theme not in (None, "") and theme not in CaseTheme.values:
        raise DomainError("invalid_theme", _("Unknown case theme."), field="theme")


def _require(actor: User, case: Case, perm: str) -> None:
    """Services check the role table too, whoever calls them (web, API, CLI)."""
    if not has_perm(actor, case.program, perm):
        raise PermissionDenied(_("Your role in this program does not allow this."))


def _membership(program: Program, user: User) -> Membership | None:
    return (
        Membership.objects.select_related("site")
        .filter(program=program, user=user, is_active=True, role__in=PRESENTER_ROLES)
        .order_by("role")
        .first()
    )


@transaction.atomic
def start_case(*, actor: User, program: Program, reuse_blank: bool = False) -> Case:
    """A new draft case for `actor`. With `reuse_blank` (the page's "Present a new case"
    button), a draft of theirs in this program that was opened and never saved is given again
    instead of leaving one more untitled draft behind each time (the API always creates)."""
    membership = _membership(program, actor)
    if membership is None:
        raise PermissionDenied(_("Only people registered in this program can present a case."))
    if reuse_blank:
        blank = (
            Case.objects.select_for_update()
            .filter(
                program=program,
                presenter=actor,
                status=CaseStatus.DRAFT,
                version=1,  # never saved (each save adds one)
                edit_seq=0,
                title="",
            )
            .order_by("-created_at", "-pk")
            .first()
        )
        if blank is not None:
            return blank
    recent = Case.objects.filter(
        presenter=actor, created_at__gte=timezone.now() - dt.timedelta(days=1)
    )
    limits.check_daily_cap(used=recent.count(), cap=limits.DRAFTS_PER_DAY, what=_("case drafts"))
    site = membership.site
    case = Case.objects.create(
        program=program,
        presenter=actor,
        presenter_profession=actor.profession,
        site=site,
        region=site.region if site else "",
    )
    audit.record(actor=actor, action="case.started", obj=case, program=program)
    return case


def _row_field(row: int, name: str) -> str:
    """The field a medication row's refusal names: "medications[0].dose" for row 1's dose (the
    form puts the message on that row's field; the API returns it as `field`)."""
    return f"medications[{row - 1}].{name}"


#: A number that could be read two ways, a factor of 1,000 apart: "1.000", "2,500".
_THOUSANDS_OR_DECIMAL = re.compile(r"^(?:\d+,\d{3,}|[1-9]\d{0,2}\.\d{3})$")


def _decimal(value: Any, what: str, row: int, name: str = "dose") -> Decimal | None:
    """A row's number as typed, read as the calculators read it (clinical.read_number): a
    decimal comma, "½", a label's "10 mg/5 mL" for a concentration; never a guess."""
    if value in (None, ""):
        return None
    text = value if isinstance(value, Decimal | int) else str(value).strip()
    try:
        number = read_number(text, name=name if name in ABSURD_ABOVE else "dose")
    except ClinicalInputError as err:
        if isinstance(text, str) and _THOUSANDS_OR_DECIMAL.match(text):
            message = _(
                "Medication row %(row)d: %(what)s “%(text)s” could be read two ways (a "
                "thousands separator or a decimal mark): write it as 1 or 1000, 2.5 or 2500."
            ) % {"row": row, "what": what, "text": text}
        elif err.reason == SCIENTIFIC_NOTATION:
            message = _(
                "Medication row %(row)d: %(what)s “%(text)s” is written in scientific notation, "
                "which is not read (a typo would be read as another number): write it in digits, "
                "e.g. 100 or 0.2."
            ) % {"row": row, "what": what, "text": text}
        elif err.reason == IN_WORDS:
            message = _(
                "Medication row %(row)d: %(what)s “%(text)s” is written in words, in Roman "
                "numerals or with a fraction character other than ½, ¼ and ¾, which is not "
                "read: write it in digits, e.g. 2, 1.5 or 1 ½."
            ) % {"row": row, "what": what, "text": text}
        elif err.reason == INEXACT_CONCENTRATION:
            message = _(
                "Medication row %(row)d: %(what)s “%(text)s” is not an exact number of mg per "
                "mL: give the mg per mL as a number."
            ) % {"row": row, "what": what, "text": text}
        elif err.code in ("mme.absurd_number", "mme.not_positive"):
            message = _(
                "Medication row %(row)d: %(what)s must be a positive, plausible number."
            ) % {
                "row": row,
                "what": what,
            }
        else:
            message = _("Medication row %(row)d: %(what)s is not a number.") % {
                "row": row,
                "what": what,
            }
        raise DomainError("invalid_number", message, field=_row_field(row, name)) from None
    if number > 100000:
        raise DomainError(
            "invalid_number",
            _("Medication row %(row)d: %(what)s must be a positive, plausible number.")
            % {"row": row, "what": what},
            field=_row_field(row, name),
        )
    return number


def _medication_rows(rows: list[dict[str, Any]]) -> list[CaseMedication]:
    out = []
    for i, row in enumerate(rows, start=1):
        drug = _row_text(row, i, "drug")
        typed = ("dose", "formulation", "times_per_day", "frequency", "strengths", "concentration")
        if not drug and not any(str(row.get(name) or "").strip() for name in typed):
            continue  # an empty line of the form (its unit list always holds a choice)
        if not drug:
            raise DomainError(
                "invalid_medication",
                _("Medication row %(row)d: name the drug.") % {"row": i},
                field=_row_field(i, "drug"),
            )
        dose = _decimal(row.get("dose"), _("the dose"), i)
        if dose is None:
            raise DomainError(
                "invalid_medication",
                _("Medication row %(row)d: give the dose.") % {"row": i},
                field=_row_field(i, "dose"),
            )
        unit = _row_text(row, i, "unit")
        if not unit:
            raise DomainError(
                "invalid_medication",
                _("Medication row %(row)d: give the unit.") % {"row": i},
                field=_row_field(i, "unit"),
            )
        out.append(
            CaseMedication(
                position=i,
                drug=drug,
                formulation=_row_text(row, i, "formulation"),
                dose=dose,
                unit=unit,
                times_per_day=_times_per_day(row.get("times_per_day"), i),
                frequency=_row_text(row, i, "frequency"),
                as_needed=bool(row.get("as_needed")),
                strengths=_strengths(row.get("strengths"), i),
                purpose=_purpose(row.get("purpose"), i),
                concentration=_decimal(
                    row.get("concentration"), _("the concentration"), i, "concentration"
                ),
            )
        )
    return out


#: A medication row's texts over their limit: one whole sentence each (in French the field's
#: gender changes the words around it).
_TOO_LONG = {
    "drug": gettext_noop(
        "Medication row %(row)d: the drug name is too long (%(length)d characters; at most "
        "%(limit)d). Shorten it."
    ),
    "formulation": gettext_noop(
        "Medication row %(row)d: the formulation is too long (%(length)d characters; at most "
        "%(limit)d). Shorten it."
    ),
    "unit": gettext_noop(
        "Medication row %(row)d: the unit is too long (%(length)d characters; at most "
        "%(limit)d). Shorten it."
    ),
    "frequency": gettext_noop(
        "Medication row %(row)d: the frequency is too long (%(length)d characters; at most "
        "%(limit)d). Shorten it."
    ),
}


def _row_text(row: dict[str, Any], i: int, name: str) -> str:
    """A medication row's text as typed (outer spaces aside), or a refusal naming the row and
    the field when it is longer than the column holds: clinical text is never cut (a frequency
    cut short can say something the clinician did not write)."""
    text = str(row.get(name) or "").strip()
    limit = getattr(CaseMedication._meta.get_field(name), "max_length", None) or 0
    if len(text) > limit:
        raise DomainError(
            "too_long",
            _(_TOO_LONG[name]) % {"row": i, "length": len(text), "limit": limit},
            field=_row_field(i, name),
        )
    return text


def _times_per_day(value: Any, row: int) -> Decimal | None:
    times = _decimal(value, _("times per day"), row, "times_per_day")
    if times is not None and times > 24:
        raise DomainError(
            "invalid_number",
            _("Medication row %(row)d: at most 24 doses a day (one an hour).") % {"row": row},
            field=_row_field(row, "times_per_day"),
        )
    return times


def read_medication_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Medication rows as typed (form or API) -> the clinical calculators' input rows, with the
    same validation as a case (no state change: the stand-alone calculator)."""
    from echohub.cases.queries import mme_input

    return mme_input(_medication_rows(rows))


def _strengths(value: Any, row: int) -> str:
    """Strengths on hand as "5, 10, 20" (a list or comma-separated text of positive numbers)."""
    if value in (None, ""):
        return ""
    parts = value if isinstance(value, list | tuple) else str(value).replace(";", ",").split(",")
    numbers = []
    for part in parts:
        if str(part).strip() == "":
            continue
        number = _decimal(part, _("each strength"), row, "strengths")
        if number is not None:
            numbers.append(number)
    text = ", ".join(f"{n.normalize():f}" for n in sorted(set(numbers)))
    if len(text) > 100 or len(numbers) > 20:
        raise DomainError(
            "invalid_medication",
            _("Medication row %(row)d: list at most 20 strengths.") % {"row": row},
            field=_row_field(row, "strengths"),
        )
    return text


def _purpose(value: Any, row: int) -> str:
    text = str(value or "").strip().casefold()
    if text in ("", "pain", "oud"):
        return text
    raise DomainError(
        "invalid_medication",
        _("Medication row %(row)d: the purpose is pain or opioid use disorder treatment.")
        % {"row": row},
        field=_row_field(row, "purpose"),
    )


#: The name people know each instrument by (its key is a code: "peg", "bpi-severity"), as the
#: case form's instrument list shows it (cases.forms.INSTRUMENTS; a test keeps the two alike).
INSTRUMENT_LABELS = {
    "peg": "PEG",
    "phq9": "PHQ-9",
    "phq2": "PHQ-2",
    "gad7": "GAD-7",
    "start_back": "STarT Back",
    "taps1": "TAPS-1",
    "bpi-severity": "BPI severity",
    "bpi-interference": "BPI interference",
    "pcs": "PCS",
    "ort": "ORT",
    "ort-oud": "ORT-OUD",
    "comm": "COMM",
    "promis": "PROMIS T-score",
    "dn4": "DN4",
}


def instrument_label(key: str) -> str:
    """An instrument's name for messages; a key no instrument has is shown as it was given."""
    return INSTRUMENT_LABELS.get(key, key)


def _score_rows(rows: list[dict[str, Any]]) -> list[CaseScore]:
    from clinical import ClinicalInputError, record_licensed_total, score_instrument
    from clinical.instruments import FREE_INSTRUMENTS

    out = []
    for row in rows:
        instrument = str(row.get("instrument") or "").strip()
        if not instrument:
            continue
        items = row.get("items") or []
        label = instrument_label(instrument)
        try:
            if instrument in FREE_INSTRUMENTS and items:
                result = score_instrument(instrument, items)
            else:
                total = row.get("total")
                if total in (None, ""):
                    raise DomainError("invalid_score", _("Give the %(i)s total.") % {"i": label})
                if instrument in FREE_INSTRUMENTS:
                    raise DomainError(
                        "invalid_score",
                        _("Enter the %(i)s items so it can be scored exactly.") % {"i": label},
                    )
                result = record_licensed_total(instrument, total)
        except ClinicalInputError as err:
            said = clinical_text.input_error(err.code, err.message)
            raise DomainError("invalid_score", f"{label}{_(':')} {said}") from None
        data = result.to_dict()
        out.append(
            CaseScore(
                instrument=instrument,
                total=Decimal(str(data["score"])),
                band=str(data.get("band_label") or "")[:60],
                items=list(items),
            )
        )
    return out


def _check_text_limits(data: dict[str, Any]) -> None:
    """Every text of a case within its limit (core.limits): the web form, the API and the CLI
    refuse the same, naming the field, before anything is scanned or stored."""
    for field in DRAFT_FIELDS:
        value = data.get(field)
        if isinstance(value, str):
            db_limit = getattr(Case._meta.get_field(field), "max_length", None)
            limit = min(db_limit or CASE_TEXT_MAX, CASE_TEXT_MAX)
            if len(value) > limit:
                raise TooLong(field, limit)
    extra = data.get("extra")
    if isinstance(extra, dict):
        for key, value in extra.items():
            if isinstance(value, str) and len(value) > formconfig.ANSWER_MAX:
                raise TooLong(f"extra_{key}", formconfig.ANSWER_MAX)


@transaction.atomic
def save_draft(
    *,
    actor: User,
    case: Case,
    data: dict[str, Any],
    medications: list[dict[str, Any]] | None = None,
    scores: list[dict[str, Any]] | None = None,
    version: int | None = None,
    window: tuple[str, int] | None = None,
) -> Case:
    """Save what the presenter typed. Refuses (without losing the caller's text) when another
    tab saved a newer version in between.

    `window` is (the editing window's random token, its count of saves so far). The same
    window's own saves are never a conflict, even when the version it sent is behind because an
    earlier save of its own had not answered yet; a save of that window older than one already
    stored (requests overtaking each other) changes nothing and returns the case as it is."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.presenter_id != actor.pk:
        raise PermissionDenied(_("Only the presenter can edit this case."))
    own = window is not None and bool(case.edit_window) and window[0] == case.edit_window
    if own and window is not None and window[1] <= case.edit_seq:
        return case  # an older save of this window, overtaken by a newer one already stored
    if case.status not in EDITABLE:
        raise Conflict("case_locked", _("This case was submitted and can no longer be edited."))
    if version is not None and version != case.version and not own:
        raise Conflict(
            "stale_draft",
            _("This case was changed in another window. Copy your changes, then reload the page."),
        )
    _check_text_limits(data)
    if "mme_table" in data and data["mme_table"] not in MME_TABLES:
        raise DomainError("invalid_table", _("Unknown MME table."), field="mme_table")
    _check_theme(data.get("theme"))
    extra = _extra_answers(case, data["extra"]) if data.get("extra") is not None else None
    meds = _medication_rows(medications) if medications is not None else None
    score_rows = _score_rows(scores) if scores is not None else None
    for field in DRAFT_FIELDS:
        if field in data:
            value = data[field]
            setattr(
                case, field, bool(value) if field in BOOLEAN_FIELDS else str(value or "").strip()
            )
    if extra is not None:
        case.extra = extra
    case.version += 1
    if window is not None:
        case.edit_window, case.edit_seq = window
    if meds is not None or "mme_table" in data:
        rows = meds if meds is not None else list(case.medications.filter(follow_up__isnull=True))
        case.mme_total = stored_mme_total(rows, case.mme_table)
    case.save()
    if meds is not None:
        case.medications.filter(follow_up__isnull=True).delete()
        for m in meds:
            m.case = case
        CaseMedication.objects.bulk_create(meds)
    if score_rows is not None:
        case.scores.filter(follow_up__isnull=True).delete()
        for s in score_rows:
            s.case = case
        CaseScore.objects.bulk_create(score_rows)
    audit.record(
        actor=actor,
        action="case.draft_saved",
        obj=case,
        program=case.program,
        changes={"version": case.version},
    )
    return case


def _extra_answers(case: Case, answers: dict[str, Any]) -> dict[str, Any]:
    """The case's answers to the program's questions with `answers` ({name: value}) applied.
    Answers to questions the program later removed are kept as they are."""
    config = formconfig.config_of(case.program)
    out = dict(case.extra or {})
    for name, value in answers.items():
        question = config.question(name)
        text = str(value or "").strip()
        if question is None:
            kept = out.get(name)
            if not isinstance(kept, dict):
                raise DomainError(
                    "invalid_question", _("This program has no question “%(n)s”.") % {"n": name}
                )
            # An answer to a question the program removed: kept; its author may still correct
            # or clear it.
            if text:
                changed = text != kept.get("value")
                kind = "text" if changed else kept.get("kind", "text")  # typed text: scanned
                out[name] = {**kept, "kind": kind, "value": text[: formconfig.ANSWER_MAX]}
            else:
                out.pop(name)
            continue
        if len(text) > formconfig.ANSWER_MAX:
            raise DomainError(
                "too_long",
                _("“%(q)s”: at most %(n)d characters.")
                % {"q": question.display_label(), "n": formconfig.ANSWER_MAX},
                field=question.key,
            )
        unchanged = text == (out.get(name) or {}).get("value")  # an answer kept as it was
        if question.kind == "choice" and text and text not in question.choices and not unchanged:
            raise DomainError(
                "invalid_choice",
                _("“%(q)s”: choose one of the answers offered.") % {"q": question.display_label()},
                field=question.key,
            )
        if text:
            # Free text typed earlier stays free text (scanned), whatever the question became.
            was_text = unchanged and (out.get(name) or {}).get("kind") == "text"
            kind = "text" if was_text else question.kind
            out[name] = {"label": question.label or question.label_fr, "kind": kind, "value": text}
        else:
            out.pop(name, None)
    return out


def extra_text(case: Case) -> dict[str, str]:
    """The free-text answers to the program's questions, keyed as the form and the identifier
    check name them (`extra_<name>`)."""
    return {
        f"extra_{name}": str(answer.get("value") or "")
        for name, answer in (case.extra or {}).items()
        if isinstance(answer, dict) and answer.get("kind", "text") == "text"
    }


def case_findings(case: Case) -> list[FieldFinding]:
    """Every clinical text field (shown or hidden by the program's form: hidden text is still
    kept) and every free-text answer to the program's questions."""
    overrides = case.phi_overrides.values_list("field", "kind", "text_hash")
    texts = {f: getattr(case, f) for f in CLINICAL_TEXT_FIELDS}
    texts.update(extra_text(case))
    return check_fields(texts, overrides)


@transaction.atomic
def override_finding(
    *, actor: User, case: Case, field: str, kind: str, text_hash: str, reason: str
) -> PhiOverride:
    if case.presenter_id != actor.pk:
        raise PermissionDenied(_("Only the presenter can explain a finding."))
    if case.status not in EDITABLE:
        raise Conflict("case_locked", _("This case was submitted and can no longer be edited."))
    if field not in CLINICAL_TEXT_FIELDS and field not in extra_text(
        Case.objects.only("extra").get(pk=case.pk)
    ):
        raise DomainError("invalid_field", _("Unknown field."))
    reason = reason.strip()
    if len(reason) < 5:
        raise DomainError(
            "reason_required", _("Say briefly why this is not identifying."), field="reason"
        )
    if check_fields({"reason": reason}):
        # The reason is text like any other: it must not carry what it explains away.
        raise DomainError(
            "reason_identifying",
            _(
                "Your reason itself looks like it contains an identifier (a name, date, place "
                'or number). Say why in general words, e.g. "a drug brand, not a person".'
            ),
            field="reason",
        )
    override, _created = PhiOverride.objects.get_or_create(
        case=case,
        field=field,
        kind=kind,
        text_hash=text_hash,
        defaults={"reason": reason[:300], "actor": actor},
    )
    audit.record(
        actor=actor,
        action="case.phi_overridden",
        obj=case,
        program=case.program,
        # The reason's keyed hash, never its text (identifiers never reach the audit log).
        changes={"field": field, "kind": kind, "reason_hash": keyed_hash(reason[:300])[:16]},
    )
    return override


REQUIRED_TO_SUBMIT = {
    "title": _("Give the case a short title."),
    "age_band": _("Choose the patient's age band."),
    "sex_gender": _("Choose the patient's sex / gender."),
    "questions": _("Write your questions for the hub."),
}


class IncompleteCase(DomainError):
    """Everything a submission still lacks: the first problem's code, message and field (as
    one DomainError, for callers that show one), and all of them in `problems`."""

    def __init__(self, problems: list[DomainError]) -> None:
        first = problems[0]
        super().__init__(first.code, first.message, field=first.field)
        self.problems = problems


@transaction.atomic
def submit_case(*, actor: User, case: Case, count_confirmed: bool = False) -> Case:
    """Send the draft to the privacy review. Refused while a required field, the attestation
    or the patient's agreement is missing, or an identifier finding is open; held
    (`UncountedOpioids`) while an opioid row cannot be counted in the MME total, until the
    presenter confirms with `count_confirmed`."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.presenter_id != actor.pk:
        raise PermissionDenied(_("Only the presenter can submit this case."))
    if case.status not in EDITABLE:
        raise Conflict("case_locked", _("This case was already submitted."))
    config = formconfig.config_of(case.program)
    # Everything missing at once, so one submission tells the presenter all there is to do.
    missing: list[DomainError] = []
    for field in config.required():
        if not getattr(case, field):
            message = REQUIRED_TO_SUBMIT.get(field) or _("Complete “%(f)s”.") % {
                "f": config.label(field)
            }
            missing.append(DomainError("incomplete", str(message), field=field))
    for question in config.questions:
        answer = (case.extra or {}).get(question.name) or {}
        if question.required and not answer.get("value"):
            missing.append(
                DomainError(
                    "incomplete",
                    _("Answer “%(q)s”.") % {"q": question.display_label()},
                    field=question.key,
                )
            )
    if not case.attest_deidentified:
        missing.append(
            DomainError(
                "attestation_required",
                _("Confirm that the case is de-identified."),
                field="attest_deidentified",
            )
        )
    if not case.patient_agreed:
        missing.append(
            DomainError(
                "consent_required",
                _("Record that the patient agreed to the presentation."),
                field="patient_agreed",
            )
        )
    if missing:
        raise IncompleteCase(missing)
    open_findings = [f for f in case_findings(case) if not f.overridden]
    if open_findings:
        raise PhiFound(open_findings)
    if not count_confirmed:
        uncounted = uncounted_opioids(case)
        if uncounted:
            raise UncountedOpioids(uncounted)
    previous = case.status
    case.status = CaseStatus.SUBMITTED
    case.submitted_at = timezone.now()
    case.save()
    audit.record(
        actor=actor,
        action="case.submitted",
        obj=case,
        program=case.program,
        changes={"status": [previous, "submitted"]},
    )
    return case


@transaction.atomic
def review_case(
    *, actor: User, case: Case, approve: bool, comments: str = "", theme: str | None = None
) -> Case:
    """Approve or return a submitted case; the reviewer may also set or correct its theme
    (None leaves it as the presenter chose)."""
    _require(actor, case, "cases.review")
    _check_theme(theme)
    case = Case.objects.select_for_update().select_related("program", "presenter").get(pk=case.pk)
    if case.status != CaseStatus.SUBMITTED:
        raise Conflict("not_submitted", _("Only a submitted case can be reviewed."))
    check_lengths({"comments": comments}, CASE_TEXT_MAX)
    if not approve and not comments.strip():
        raise DomainError(
            "comments_required", _("Tell the presenter what to change."), field="comments"
        )
    changes: dict[str, Any] = {}
    if theme is not None and theme != case.theme:
        changes["theme"] = [case.theme, theme]
        case.theme = theme
    case.status = CaseStatus.APPROVED if approve else CaseStatus.RETURNED
    case.reviewed_at = timezone.now()
    case.review_comments = comments.strip()
    case.save()
    audit.record(
        actor=actor,
        action="case.approved" if approve else "case.returned",
        obj=case,
        program=case.program,
        changes=changes or None,
    )
    queue_email(
        to=case.presenter.email,
        subject=(
            gettext_noop("Your case was approved")
            if approve
            else gettext_noop("Your case needs changes")
        ),
        subject_values={},
        template="cases/email/reviewed.txt",
        context={"case": case, "approved": approve, "case_path": case.get_absolute_url()},
        program=case.program,
    )
    return case


def _next_number(program: Program, year: int) -> str:
    prefix = "".join(w[0] for w in program.slug.split("-") if w)[:4].upper() or "C"
    taken = Case.objects.filter(program=program, number__startswith=f"{prefix}-{year}-").count()
    return f"{prefix}-{year}-{taken + 1:03d}"


def _in(language: str, message: str) -> str:
    """`message` from the catalogue in `language`, whatever the request's language."""
    with translation.override(language):
        return _(message)


def _slot_title(language: str, case: Case) -> str:
    """'Case CP-2026-001: title' in `language` (French: 'Cas CP-2026-001 : title')."""
    with translation.override(language):
        return f"{_(gettext_noop('Case'))} {case.number}{_(':')} {case.title}"[:200]


@transaction.atomic
def schedule_case(*, actor: User, case: Case, session: Session) -> Case:
    _require(actor, case, "cases.review")
    case = Case.objects.select_for_update().select_related("program").get(pk=case.pk)
    if case.status not in (CaseStatus.APPROVED, CaseStatus.SCHEDULED):
        raise Conflict("not_approved", _("Only an approved case can be scheduled."))
    if session.program_id != case.program_id:
        raise DomainError(
            "invalid_session", _("Choose a session of this program."), field="session"
        )
    if session.status != SessionStatus.SCHEDULED or session.starts_at <= timezone.now():
        raise DomainError(
            "session_unavailable", _("That session is past or cancelled."), field="session"
        )
    slot = (
        AgendaItem.objects.select_for_update(of=("self",))
        .filter(session=session, kind=AgendaKind.CASE, case__isnull=True)
        .order_by("position")
        .first()
    )
    if slot is None:
        raise Conflict(
            "session_full", _("That session has no free case slot. Choose another or add a slot.")
        )
    if case.agenda_item_id:  # the slot it leaves is open again, in both languages
        AgendaItem.objects.filter(pk=case.agenda_item_id).update(
            title=_in("en", gettext_noop("Case presentation (open slot)")),
            title_fr=_in("fr", gettext_noop("Case presentation (open slot)")),
            presenter=None,
        )
    if not case.number:
        case.number = _next_number(case.program, session.starts_at.year)
    case.session, case.agenda_item, case.status = session, slot, CaseStatus.SCHEDULED
    case.save()
    # The case named in both languages, whoever schedules it (a French slot title left as the
    # open slot's never named the case to French readers).
    slot.title, slot.title_fr = _slot_title("en", case), _slot_title("fr", case)
    slot.presenter = case.presenter
    slot.notes = slot.notes_fr = ""  # an open slot's invitation to submit no longer applies
    slot.save(update_fields=["title", "title_fr", "presenter", "notes", "notes_fr", "updated_at"])
    audit.record(
        actor=actor,
        action="case.scheduled",
        obj=case,
        program=case.program,
        changes={"session": session.pk, "number": case.number},
    )
    queue_email(
        to=case.presenter.email,
        subject=gettext_noop("Your case %(n)s is scheduled"),
        subject_values={"n": case.number},
        template="cases/email/scheduled.txt",
        context={
            "case": case,
            "session": session,
            "case_path": case.get_absolute_url(),
            "session_path": session.get_absolute_url(),
        },
        program=case.program,
    )
    return case


@transaction.atomic
def mark_presented(*, actor: User, case: Case) -> Case:
    _require(actor, case, "cases.review")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != CaseStatus.SCHEDULED:
        raise Conflict("not_scheduled", _("Only a scheduled case can be marked as presented."))
    case.status, case.presented_at = CaseStatus.PRESENTED, timezone.now()
    case.save()
    audit.record(actor=actor, action="case.presented", obj=case, program=case.program)
    return case


@transaction.atomic
def save_recommendation(
    *, actor: User, case: Case, discipline: str, text: str, version: int | None = None
) -> Recommendation:
    """Write one discipline's recommendations. `version` is the one the writer read (None or 0
    when the discipline had no text yet): a text saved in between refuses the save with
    `stale_recommendation`, so a second expert never overwrites the first unseen."""
    _require(actor, case, "cases.recommend")
    # The case row locked: two first texts for one discipline are serialised too.
    case = Case.objects.select_for_update().select_related("program").get(pk=case.pk)
    if discipline not in Discipline.values:
        raise DomainError("invalid_discipline", _("Unknown discipline."), field="discipline")
    if case.status not in (CaseStatus.SCHEDULED, CaseStatus.PRESENTED):
        raise Conflict(
            "case_not_open",
            _("Recommendations are written once the case is scheduled, until they are sent."),
        )
    check_lengths({"text": text}, CASE_TEXT_MAX)
    if not text.strip():
        raise DomainError("text_required", _("Write the recommendations."), field="text")
    open_findings = [f for f in check_fields({"text": text}) if not f.overridden]
    if open_findings:
        raise PhiFound(open_findings)
    rec = (
        Recommendation.objects.select_for_update().filter(case=case, discipline=discipline).first()
    )
    if rec is None:
        rec = Recommendation.objects.create(
            case=case, discipline=discipline, text=text.strip(), author=actor
        )
    else:
        if not version or version != rec.version:
            raise Conflict(
                "stale_recommendation",
                _(
                    "%(who)s changed these recommendations meanwhile. "
                    "Copy your text, reload and merge."
                )
                % {"who": rec.author},
            )
        rec.text, rec.author, rec.version = text.strip(), actor, rec.version + 1
        rec.save()
    audit.record(
        actor=actor,
        action="case.recommendation_saved",
        obj=case,
        program=case.program,
        changes={"discipline": discipline, "version": rec.version},
    )
    return rec


@transaction.atomic
def send_recommendations(*, actor: User, case: Case, summary: str = "") -> Case:
    from echohub.cases import senders

    check_lengths({"summary": summary}, CASE_TEXT_MAX)
    if not senders.may_send(actor, case.program):  # the program names who sends
        raise PermissionDenied(
            _("In this program, the recommendations are sent by: %(who)s.")
            % {"who": str(senders.SENDERS[senders.sender_rule(case.program)]).lower()}
        )
    case = Case.objects.select_for_update().select_related("presenter", "program").get(pk=case.pk)
    if case.status not in (CaseStatus.PRESENTED, CaseStatus.SCHEDULED):
        raise Conflict("case_not_open", _("These recommendations were already sent."))
    if not case.recommendations.exists():
        raise DomainError(
            "no_recommendations", _("Write at least one discipline's recommendations first.")
        )
    case.status, case.sent_at = CaseStatus.RECOMMENDATIONS_SENT, timezone.now()
    case.recommendations_summary = summary.strip()
    if case.presented_at is None:
        case.presented_at = case.session.starts_at if case.session else case.sent_at
    case.save()
    audit.record(actor=actor, action="case.recommendations_sent", obj=case, program=case.program)
    queue_email(
        to=case.presenter.email,
        subject=gettext_noop("Recommendations for case %(n)s"),
        subject_values={"n": case.number},
        template="cases/email/recommendations.txt",
        context={"case": case, "case_path": case.get_absolute_url()},
        program=case.program,
    )
    return case


def hours_to_recommendations(case: Case) -> float | None:
    if case.sent_at is None or case.session is None:
        return None
    return round((case.sent_at - case.session.ends_at) / dt.timedelta(hours=1), 1)


@transaction.atomic
def acknowledge(*, actor: User, case: Case) -> Case:
    case = Case.objects.select_for_update().select_related("program").get(pk=case.pk)
    if case.presenter_id != actor.pk:
        raise PermissionDenied(_("Only the presenter acknowledges the recommendations."))
    if case.status != CaseStatus.RECOMMENDATIONS_SENT or case.acknowledged_at:
        raise Conflict("not_sent", _("There is nothing to acknowledge."))
    case.acknowledged_at = timezone.now()
    case.save(update_fields=["acknowledged_at", "updated_at"])
    audit.record(actor=actor, action="case.acknowledged", obj=case, program=case.program)
    return case


@transaction.atomic
def save_plain_summary(*, actor: User, case: Case, text: str) -> Case:
    case = Case.objects.select_for_update().select_related("program").get(pk=case.pk)
    if case.presenter_id != actor.pk:
        raise PermissionDenied(_("Only the presenter writes the patient summary."))
    open_findings = [f for f in check_fields({"plain_language_summary": text}) if not f.overridden]
    if open_findings:
        raise PhiFound(open_findings)
    case.plain_language_summary = text.strip()
    case.save(update_fields=["plain_language_summary", "updated_at"])
    audit.record(actor=actor, action="case.plain_summary_saved", obj=case, program=case.program)
    return case


@transaction.atomic
def add_follow_up(
    *,
    actor: User,
    case: Case,
    what_changed: str,
    medications: list[dict[str, Any]],
    scores: list[dict[str, Any]],
) -> FollowUp:
    case = Case.objects.select_for_update().select_related("program").get(pk=case.pk)
    if case.presenter_id != actor.pk:
        raise PermissionDenied(_("Only the presenter reports a follow-up."))
    if case.status not in (CaseStatus.RECOMMENDATIONS_SENT, CaseStatus.FOLLOWED_UP):
        raise Conflict("not_sent", _("A follow-up comes after the recommendations."))
    check_lengths({"what_changed": what_changed}, CASE_TEXT_MAX)
    if not what_changed.strip():
        raise DomainError("text_required", _("Say what changed."), field="what_changed")
    open_findings = [f for f in check_fields({"what_changed": what_changed}) if not f.overridden]
    if open_findings:
        raise PhiFound(open_findings)
    meds, score_rows = _medication_rows(medications), _score_rows(scores)
    follow_up = FollowUp.objects.create(
        case=case,
        reported_by=actor,
        what_changed=what_changed.strip(),
        mme_total=stored_mme_total(meds, case.mme_table),
    )
    for m in meds:
        m.case, m.follow_up = case, follow_up
    CaseMedication.objects.bulk_create(meds)
    for s in score_rows:
        s.case, s.follow_up = case, follow_up
    CaseScore.objects.bulk_create(score_rows)
    case.status = CaseStatus.FOLLOWED_UP
    case.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="case.followed_up", obj=case, program=case.program)
    return follow_up


@transaction.atomic
def close_case(
    *,
    actor: User,
    case: Case,
    advice_followed: str,
    plan_changed: bool,
    referral_avoided: bool,
    comments: str = "",
) -> Case:
    check_lengths({"comments": comments}, CASE_TEXT_MAX)
    case = Case.objects.select_for_update().select_related("program").get(pk=case.pk)
    if case.presenter_id != actor.pk:
        raise PermissionDenied(_("Only the presenter closes the case."))
    if case.status not in (CaseStatus.RECOMMENDATIONS_SENT, CaseStatus.FOLLOWED_UP):
        raise Conflict("not_sent", _("A case is closed after its recommendations."))
    if advice_followed not in ("all", "some", "none"):
        raise DomainError(
            "invalid_answer", _("Say whether the advice was followed."), field="advice_followed"
        )
    case.advice_followed, case.plan_changed, case.referral_avoided = (
        advice_followed,
        plan_changed,
        referral_avoided,
    )
    case.closeout_comments = comments.strip()
    case.status, case.closed_at = CaseStatus.CLOSED, timezone.now()
    case.save()
    audit.record(actor=actor, action="case.closed", obj=case, program=case.program)
    return case


def next_position(session: Session) -> int:
    return (session.agenda_items.aggregate(p=Max("position"))["p"] or 0) + 1


TAPER_OPEN = (
    CaseStatus.SCHEDULED,
    CaseStatus.PRESENTED,
    CaseStatus.RECOMMENDATIONS_SENT,
    CaseStatus.FOLLOWED_UP,
)


#: The regimen planner's argument names -> the taper form's fields.
TAPER_FIELDS = {"rule": "rule", "percent": "percent", "interval": "interval",
                "duration": "duration"}  # fmt: skip
#: Stored plans with this version carry every drug's dose per step (clinical.regimen).
TAPER_PLAN_VERSION = 2


def build_taper_plan(
    *,
    case: Case,
    rule: str,
    start_date: dt.date,
    percent: Decimal | None = None,
    interval: str | None = None,
    duration: str | None = "long-term",
) -> dict[str, Any]:
    """The taper plan of the case's current regimen (no state change: the preview).

    Every opioid row is tapered as a regimen, with the strengths on hand given on each row
    (or the Canadian strengths, said so); methadone, opioid use disorder treatment and rapid
    rules for long-term use are refused with a reason (the plan's ``refused``).
    """
    from clinical import ClinicalInputError
    from clinical.regimen import plan_regimen_taper
    from echohub.cases.queries import mme_input

    rows = mme_input(list(case.medications.filter(follow_up__isnull=True)))
    if not rows:
        raise DomainError(
            "no_mme", _("The case lists no opioid with an MME/day to taper from."), field="rule"
        )
    try:
        plan = plan_regimen_taper(
            rows,
            start_date=start_date,
            rule=rule,
            table=case.mme_table,
            duration=duration or None,
            percent=percent,
            interval=interval or None,
        )
    except ClinicalInputError as err:
        if err.code == "taper.nothing_to_taper":
            raise DomainError(
                "no_mme",
                _("The case lists no opioid with an MME/day to taper from."),
                field="rule",
            ) from None
        field = TAPER_FIELDS.get(err.field or "")
        said = clinical_text.input_error(err.code, err.message)
        raise DomainError("invalid_taper", said, field=field) from None
    return {**plan.to_dict(), "version": TAPER_PLAN_VERSION}


@transaction.atomic
def attach_taper_plan(
    *,
    actor: User,
    case: Case,
    rule: str,
    start_date: dt.date,
    percent: Decimal | None = None,
    interval: str | None = None,
    duration: str | None = "long-term",
) -> Case:
    """Attach a taper plan to the hub's recommendations (replacing any earlier one). A plan
    the planner refuses (methadone, OUD treatment, a rapid rule for long-term use) cannot be
    attached: the reason is given instead."""
    _require(actor, case, "cases.recommend")
    case = Case.objects.select_for_update().select_related("program").get(pk=case.pk)
    if case.status not in TAPER_OPEN:
        raise Conflict("case_not_open", _("A taper plan is attached once the case is scheduled."))
    plan = build_taper_plan(
        case=case,
        rule=rule,
        start_date=start_date,
        percent=percent,
        interval=interval,
        duration=duration,
    )
    if plan["refused"]:
        raise DomainError("taper_refused", plan["refused"]["message"], field="rule")
    case.taper_plan = plan
    case.save(update_fields=["taper_plan", "updated_at"])
    audit.record(
        actor=actor,
        action="case.taper_plan_attached",
        obj=case,
        program=case.program,
        changes={
            "rule": plan["rule"]["key"],
            "percent": plan["percent"],
            "interval": plan["interval"],
            "duration": plan["duration"],
            "start_date": plan["start_date"],
            "steps": len(plan["steps"]),
            "warnings": sorted({w["code"] for w in plan["warnings"]}),
        },
    )
    return case


@transaction.atomic
def remove_taper_plan(*, actor: User, case: Case) -> Case:
    _require(actor, case, "cases.recommend")
    case = Case.objects.select_for_update().select_related("program").get(pk=case.pk)
    case.taper_plan = {}
    case.save(update_fields=["taper_plan", "updated_at"])
    audit.record(actor=actor, action="case.taper_plan_removed", obj=case, program=case.program)
    return case


@transaction.atomic
def save_form_config(
    *,
    actor: User,
    program: Program,
    fields: dict[str, dict[str, Any]],
    sections: dict[str, Any],
    questions: list[dict[str, Any]],
) -> formconfig.FormConfig:
    """Store the program's own case form. Cases keep every answer and field they hold."""
    if not has_perm(actor, program, "cases.review"):
        raise PermissionDenied(_("Your role in this program does not allow this."))
    config = formconfig.validate(fields, sections, questions)
    stored_fields, stored_sections, stored_questions = formconfig.to_stored(config)
    CaseFormConfig.objects.update_or_create(
        program=program,
        defaults={
            "fields": stored_fields,
            "sections": stored_sections,
            "questions": stored_questions,
            "updated_by": actor,
        },
    )
    audit.record(
        actor=actor,
        action="cases.form_configured",
        obj=program,
        program=program,
        changes={
            "hidden": sorted(n for n, f in config.fields.items() if not f.shown),
            "required": config.required(),
            "questions": [q.name for q in config.questions],
        },
    )
    return formconfig.config_of(program)


@transaction.atomic
def reset_form_config(*, actor: User, program: Program) -> formconfig.FormConfig:
    """Back to the chronic pain template (answers already given stay on their cases)."""
    if not has_perm(actor, program, "cases.review"):
        raise PermissionDenied(_("Your role in this program does not allow this."))
    CaseFormConfig.objects.filter(program=program).delete()
    audit.record(actor=actor, action="cases.form_reset", obj=program, program=program)
    return formconfig.default_config()


@transaction.atomic
def set_recommendations_sender(*, actor: User, program: Program, sender: str) -> str:
    """Name who sends the program's recommendations (one of cases.senders.SENDERS)."""
    from echohub.cases import senders

    if not has_perm(actor, program, "cases.review"):
        raise PermissionDenied(_("Your role in this program does not allow this."))
    if sender not in senders.SENDERS:
        raise DomainError(
            "invalid_sender", _("Choose who sends the recommendations."), field="sender"
        )
    stored, _created = CaseFormConfig.objects.get_or_create(program=program)
    before = stored.recommendations_sender
    if before != sender:
        stored.recommendations_sender = sender
        stored.updated_by = actor
        stored.save(update_fields=["recommendations_sender", "updated_by", "updated_at"])
        audit.record(
            actor=actor,
            action="cases.recommendations_sender_set",
            obj=program,
            program=program,
            changes={"recommendations_sender": [before, sender]},
        )
    return sender
