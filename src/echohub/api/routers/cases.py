"""Case presentations: the whole workflow, from the draft to the close-out.

The same services as the case pages (echohub.cases.services); who sees which case comes from
echohub.cases.queries.visible_cases, so anyone else gets 404. Reading a case's content writes a
`case.read` audit entry; writes return a summary (no clinical text) and are audited by their
services. Text refused by the identifier scanner answers 400 `phi_found` with the findings:
their field, offsets, kind and reason, never the flagged text itself.
"""

from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AfterValidator

from echohub.api.access import caller, can, program_for
from echohub.api.errors import ApiError, body, reject_nulls
from echohub.api.pagination import Pagination
from echohub.api.schemas import (
    DB_ID_MAX,
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    PersonRef,
    SiteRef,
    UtcDatetime,
    finding_out,
)
from echohub.api.typed_numbers import NumberOrTyped, as_typed
from echohub.cases import formconfig, queries, services
from echohub.cases.models import (
    CLINICAL_TEXT_FIELDS,
    AgeBand,
    Case,
    CaseMedication,
    CaseScore,
    CaseStatus,
    CaseTheme,
    Discipline,
    FollowUp,
    PainDuration,
    PainType,
    PhiOverride,
    Recommendation,
    SexGender,
    WorkStatus,
)
from echohub.cases.queries import mme_of
from echohub.core import audit
from echohub.core.clinical_text import localized_plan
from echohub.core.limits import CASE_TEXT_MAX, CODE_MAX, MED_TEXT_READ
from echohub.programs.models import Program
from echohub.programs.rules import perms_of

router = Router(tags=["cases"])

TEXT_MAX = CASE_TEXT_MAX  # core.limits: the services check the same
BASE = "/programs/{slug}/cases"


# --- Output ---------------------------------------------------------------------------------------


class FindingOut(Schema):
    field: str = Field(description="The field the finding is in (`text` for a single text).")
    start: int = Field(description="Offset of the first flagged character in that field.")
    end: int = Field(description="Offset after the last flagged character.")
    kind: str = Field(description="What it looks like: NAME, HEALTH_NUMBER, DATE, ...")
    reason: str
    key: str = Field(description="Send it to `/overrides` to explain why it is not identifying.")
    overridden: bool


class UncountedRowOut(Schema):
    row: str = Field(description="The medication row as entered (drug, dose, unit).")
    reason: str = Field(description="Why the MME calculator cannot count it.")


class PhiFoundOut(ErrorOut):
    findings: list[FindingOut] = Field(
        default_factory=list, description="With `phi_found`: what the scanner flagged."
    )
    uncounted: list[UncountedRowOut] = Field(
        default_factory=list,
        description="With `mme_uncounted`: the opioid rows the total would leave out.",
    )


class CaseOut(Schema):
    """A case in lists and after a change: no clinical text but its short title."""

    id: int
    number: str = Field(description="Given when the case is first scheduled.")
    title: str
    status: CaseStatus
    version: int = Field(description="Send it back with PATCH (optimistic locking).")
    presenter: PersonRef
    site: SiteRef | None
    region: str
    session_id: int | None
    theme: CaseTheme | Literal[""] = Field(description="What the case is mainly about.")
    mme_total: float | None = Field(
        description="Total MME/day at presentation, stored when the medication rows are saved "
        "(null: no row converts)."
    )
    created_at: UtcDatetime
    updated_at: UtcDatetime
    submitted_at: UtcDatetime | None
    sent_at: UtcDatetime | None
    closed_at: UtcDatetime | None


class GuidepostOut(Schema):
    code: str
    threshold: int | float | None = Field(description="MME/day it shows at (null: not dose).")
    guideline: str
    text: str
    source: str


class ExcludedRowOut(Schema):
    position: int = Field(description="The medication row's position.")
    drug: str
    reason_code: str = Field(description="Stable: unknown_drug, benzodiazepine, unit_unknown, ...")
    reason: str


class MmeOut(Schema):
    table: str
    table_name: str
    total_mme_per_day: int | float
    total_computed: bool = Field(
        True,
        description="False when opioids are listed but none could be counted: the total "
        "is then not computed (show it so, never as 0).",
    )
    total_partial: bool = Field(
        False, description="True when some opioid rows are counted and others are not."
    )
    warnings: list[dict[str, str]] = Field(
        default_factory=list, description="Soft warnings (implausible doses or frequencies)."
    )
    guideposts: list[GuidepostOut]
    excluded: list[ExcludedRowOut] = Field(description="Rows left out of the total, and why.")
    caveat: str
    prn_rule: str
    notes: list[str]


class MedicationOut(Schema):
    id: int
    position: int
    drug: str
    formulation: str
    dose: str = Field(description="A decimal, as text (exact).")
    unit: str
    times_per_day: str | None
    frequency: str
    as_needed: bool
    strengths: str = Field("", description="Strengths on hand, e.g. `5, 10, 20`.")
    purpose: str = Field("", description="`pain`, `oud` (opioid use disorder) or empty.")
    concentration: str | None = Field(None, description="mg/mL for a dose in mL.")
    mme_per_day: int | float | None = Field(description="Null when the row is not counted.")
    factor: int | float | None
    table: str | None = Field(None, description="The factor table the factor comes from.")
    excluded_reason_code: str | None
    excluded_reason: str | None
    notes: list[str]


class ScoreOut(Schema):
    instrument: str
    total: str = Field(description="A decimal, as text.")
    band: str
    items: list[Any]


class RecommendationOut(Schema):
    id: int
    discipline: Discipline
    text: str
    author: PersonRef
    version: int = Field(description="Send it back when changing the text (optimistic locking).")
    updated_at: UtcDatetime


class FollowUpOut(Schema):
    id: int
    created_at: UtcDatetime
    reported_by: PersonRef
    what_changed: str
    medications: list[MedicationOut]
    mme: MmeOut | None
    mme_total: float | None = Field(description="Stored total MME/day of this follow-up.")
    scores: list[ScoreOut]


class OverrideOut(Schema):
    field: str
    kind: str
    reason: str
    at: UtcDatetime


class ExtraAnswerOut(Schema):
    label: str
    kind: Literal["text", "choice"]
    value: str


class FormFieldOut(Schema):
    name: str
    shown: bool
    required: bool = Field(description="Required at submission.")
    label: str = Field(description="The program's label (empty: `default_label`).")
    label_fr: str = Field("", description="The same in French (empty: none).")
    help: str
    help_fr: str = ""
    default_label: str


class FormQuestionOut(Schema):
    name: str = Field(description="Send the answer in `extra` under this name.")
    label: str = Field(description="English (empty when only `label_fr` is given).")
    label_fr: str = ""
    kind: Literal["text", "choice"]
    choices: list[str] = Field(description="The values to send (and their English names).")
    choices_fr: list[str] = Field(
        default_factory=list, description="French names of `choices`, by position."
    )
    required: bool
    help: str
    help_fr: str = ""


class FormConfigOut(Schema):
    is_default: bool = Field(description="True: the chronic pain template as shipped.")
    fields: list[FormFieldOut]
    sections: dict[str, bool] = Field(description="`medications`, `scores`: shown or not.")
    questions: list[FormQuestionOut]


class CaseDetailOut(CaseOut):
    presenter_profession: str
    age_band: AgeBand | Literal[""]
    sex_gender: SexGender | Literal[""]
    pain_locations: str
    pain_duration: PainDuration | Literal[""]
    pain_type: PainType | Literal[""]
    working_diagnoses: str
    function: str
    work_status: WorkStatus | Literal[""]
    treatments_pharmacological: str
    treatments_physical: str
    treatments_psychological: str
    treatments_interventional: str
    mental_health: str
    substance_use: str
    social_context: str
    patient_goals: str
    questions: str
    mme_table: str
    attest_deidentified: bool
    patient_agreed: bool
    extra: dict[str, ExtraAnswerOut] = Field(
        description="Answers to the program's own questions, by question name (answers to "
        "questions removed since are kept)."
    )
    medications: list[MedicationOut]
    mme: MmeOut | None = Field(description="Null when there are no medication rows.")
    scores: list[ScoreOut]
    overrides: list[OverrideOut] = Field(description="Findings the presenter explained.")
    reviewed_at: UtcDatetime | None
    review_comments: str
    presented_at: UtcDatetime | None
    acknowledged_at: UtcDatetime | None
    recommendations: list[RecommendationOut]
    recommendations_summary: str
    taper_plan: dict[str, Any] | None = Field(
        None,
        description="The taper plan attached to the recommendations (as `POST "
        "/clinical/taper` returns it), with its warnings, safety advice and caveat.",
    )
    hours_to_recommendations: float | None
    plain_language_summary: str
    follow_ups: list[FollowUpOut]
    advice_followed: str
    plan_changed: bool | None
    referral_avoided: bool | None
    closeout_comments: str


class OverrideCreatedOut(Schema):
    field: str
    kind: str
    reason: str


# --- Input ----------------------------------------------------------------------------------------


def _mme_table(value: str) -> str:
    from clinical import TABLES

    if value not in TABLES:
        raise ValueError("Choose one of: " + ", ".join(sorted(TABLES)) + ".")
    return value


class MedicationIn(Schema):
    """The texts' limits are enforced by the service (`too_long`, naming the row and the
    field), never by cutting."""

    drug: str = Field(min_length=1, max_length=MED_TEXT_READ, description="At most 100 characters.")
    formulation: str = Field("", max_length=MED_TEXT_READ, description="At most 40 characters.")
    dose: NumberOrTyped = Field(
        description='Per administration, in `unit`: a number, or as typed ("2,5", "½").'
    )
    unit: str = Field(
        min_length=1,
        max_length=MED_TEXT_READ,
        description="mg, mcg, mcg/h, mL, ... At most 10 characters.",
    )
    times_per_day: NumberOrTyped | None = None
    frequency: str = Field(
        "",
        max_length=MED_TEXT_READ,
        description="Or a frequency such as `q6h`. At most 100 characters.",
    )
    as_needed: bool = False
    strengths: list[NumberOrTyped] = Field(
        default_factory=list, max_length=20, description="Strengths on hand, in `unit`."
    )
    purpose: Literal["", "pain", "oud"] = Field(
        "", description="Why the opioid is taken: pain, or opioid use disorder treatment."
    )
    concentration: NumberOrTyped | None = Field(
        None, description='mg/mL when `unit` is mL (or as on the label, "10 mg/5 mL").'
    )


class ScoreIn(Schema):
    instrument: str = Field(min_length=1, max_length=30, description="peg, phq9, gad7, pcs, ...")
    items: list[int] = Field(
        default_factory=list, max_length=50, description="Item answers (free instruments)."
    )
    total: Decimal | None = Field(None, description="The total (licensed instruments).")


Text = Annotated[str, Field(max_length=TEXT_MAX)]


class CasePatch(Schema):
    """Only the fields sent are changed; `medications` and `scores`, when sent, replace all
    rows (the presentation's, not the follow-ups')."""

    version: int = Field(description="The version you last read: 409 `stale_draft` if older.")
    title: str | None = Field(None, max_length=200)
    age_band: AgeBand | Literal[""] | None = None
    sex_gender: SexGender | Literal[""] | None = None
    pain_locations: Text | None = None
    pain_duration: PainDuration | Literal[""] | None = None
    pain_type: PainType | Literal[""] | None = None
    working_diagnoses: Text | None = None
    function: Text | None = None
    work_status: WorkStatus | Literal[""] | None = None
    treatments_pharmacological: Text | None = None
    treatments_physical: Text | None = None
    treatments_psychological: Text | None = None
    treatments_interventional: Text | None = None
    mental_health: Text | None = None
    substance_use: Text | None = None
    social_context: Text | None = None
    patient_goals: Text | None = None
    questions: Text | None = None
    theme: CaseTheme | Literal[""] | None = None
    extra: dict[str, Annotated[str, Field(max_length=5000)]] | None = Field(
        None,
        description="Answers to the program's own questions by name (see `GET .../cases/form`); "
        "only the names sent change, an empty answer clears one.",
    )
    mme_table: Annotated[str, Field(max_length=CODE_MAX), AfterValidator(_mme_table)] | None = None
    attest_deidentified: bool | None = None
    patient_agreed: bool | None = None
    medications: list[MedicationIn] | None = Field(None, max_length=30)
    scores: list[ScoreIn] | None = Field(None, max_length=12)


class OverrideIn(Schema):
    key: str = Field(min_length=1, max_length=200, description="A finding's `key`.")
    reason: str = Field(max_length=300, description="Why it is not identifying (5+ characters).")


class ReviewIn(Schema):
    decision: Literal["approve", "return"]
    comments: str = Field("", max_length=TEXT_MAX, description="Required when returning.")
    theme: CaseTheme | None = Field(None, description="Set or correct the case's theme.")


class ScheduleIn(Schema):
    session_id: int = Field(description="An upcoming session of the program with a free slot.")


class RecommendationIn(Schema):
    discipline: Discipline
    text: str = Field(max_length=TEXT_MAX)
    version: int = Field(
        ge=0,
        le=2**31 - 1,
        description="The version you last read, 0 when the discipline has no text yet: 409 "
        "`stale_recommendation` if someone saved since (required, so no one overwrites another "
        "expert's text unseen).",
    )


class SendIn(Schema):
    summary: str = Field("", max_length=TEXT_MAX, description="For the presenter (optional).")


class SummaryIn(Schema):
    text: str = Field(max_length=TEXT_MAX)


class FollowUpIn(Schema):
    what_changed: str = Field(max_length=TEXT_MAX)
    medications: list[MedicationIn] = Field(default_factory=list, max_length=30)
    scores: list[ScoreIn] = Field(default_factory=list, max_length=12)


class CloseIn(Schema):
    advice_followed: Literal["all", "some", "none"]
    plan_changed: bool
    referral_avoided: bool
    comments: str = Field("", max_length=TEXT_MAX)


# --- Helpers --------------------------------------------------------------------------------------


def _case(request: HttpRequest, program: Program, case_id: int) -> Case:
    """The case if the caller may see it, else 404 (nothing tells it exists)."""
    case = queries.visible_cases(caller(request), program).filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case


def _summary(case_id: int) -> Case:
    return Case.objects.select_related("presenter", "site").get(pk=case_id)


def _phi_refused(err: services.PhiFound) -> Status[dict[str, Any]]:
    return Status(
        400, body(err.code, err.message, err.field, findings=[finding_out(f) for f in err.findings])
    )


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def _medication_rows(rows: list[MedicationIn] | None) -> list[dict[str, Any]] | None:
    if rows is None:
        return None
    return [
        {
            **row.model_dump(),
            # as typed: "1.5e1" stays text and is refused in words (a Decimal read it as 15)
            "dose": as_typed(row.dose),
            "times_per_day": as_typed(row.times_per_day),
            "strengths": [as_typed(s) for s in row.strengths],
            "concentration": as_typed(row.concentration),
        }
        for row in rows
    ]


def _score_rows(rows: list[ScoreIn] | None) -> list[dict[str, Any]] | None:
    if rows is None:
        return None
    return [{**row.model_dump(), "total": _decimal(row.total)} for row in rows]


def _medications(rows: list[CaseMedication], table: str) -> tuple[list[dict[str, Any]], Any]:
    """Each row with its own MME (or why it is left out), and the total with its guideposts."""
    mme = mme_of(rows, table)
    counted = {r["index"]: r for r in mme.get("rows", [])}
    excluded = {r["index"]: r for r in mme.get("excluded", [])}
    out = []
    for index, m in enumerate(rows):
        row, left_out = counted.get(index), excluded.get(index)
        out.append(
            {
                "id": m.pk,
                "position": m.position,
                "drug": m.drug,
                "formulation": m.formulation,
                "dose": _decimal(m.dose),
                "unit": m.unit,
                "times_per_day": _decimal(m.times_per_day),
                "frequency": m.frequency,
                "as_needed": m.as_needed,
                "strengths": m.strengths,
                "purpose": m.purpose,
                "concentration": _decimal(m.concentration),
                "mme_per_day": row["mme_per_day"] if row else None,
                "factor": row["factor"] if row else None,
                "table": row["table"] if row else None,
                "excluded_reason_code": left_out["reason_code"] if left_out else None,
                "excluded_reason": left_out["reason"] if left_out else None,
                "notes": list(row["notes"]) if row else [],
            }
        )
    if not mme:
        return out, None
    summary = {
        **mme,
        "excluded": [
            {
                "position": rows[e["index"]].position,
                "drug": rows[e["index"]].drug,
                "reason_code": e["reason_code"],
                "reason": e["reason"],
            }
            for e in mme["excluded"]
        ],
    }
    return out, summary


def _scores(rows: list[CaseScore]) -> list[dict[str, Any]]:
    return [
        {"instrument": s.instrument, "total": _decimal(s.total), "band": s.band, "items": s.items}
        for s in rows
    ]


#: What only the presenter and the hub read (the web page shows them to no one else): the
#: privacy reviewer's comments, the patient summary, the close-out and the presenter's reasons
#: for keeping flagged text.
OWNER_AND_HUB_ONLY: dict[str, Any] = {
    "review_comments": "",
    "plain_language_summary": "",
    "closeout_comments": "",
    "advice_followed": "",
    "plan_changed": None,
    "referral_avoided": None,
}


def _for_audience(data: dict[str, Any], case: Case, user: Any, perms: set[str]) -> dict[str, Any]:
    """The detail as the caller's page would show it: another participant reading a case
    presented in their program gets neither the review, the patient summary, the close-out
    nor the overrides; overrides go to the presenter and the privacy reviewers only."""
    owner = case.presenter_id == user.pk
    if not owner and "cases.view_all" not in perms:
        data.update(OWNER_AND_HUB_ONLY)
    if not owner and "cases.review" not in perms:
        data["overrides"] = []
    return data


def _detail(request: HttpRequest, program: Program, case_id: int) -> dict[str, Any]:
    user = caller(request)
    case = (
        queries.visible_cases(user, program)
        .prefetch_related(
            "medications",
            "scores",
            "phi_overrides",
            Prefetch("recommendations", queryset=Recommendation.objects.select_related("author")),
            Prefetch("follow_ups", queryset=FollowUp.objects.select_related("reported_by")),
        )
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404
    audit.record(
        actor=user, action="case.read", obj=case, program=program, changes={"view": "api.case"}
    )
    meds = [m for m in case.medications.all() if m.follow_up_id is None]
    medications, mme = _medications(meds, case.mme_table)
    follow_ups = []
    for f in case.follow_ups.all():
        f_meds, f_mme = _medications(
            [m for m in case.medications.all() if m.follow_up_id == f.pk], case.mme_table
        )
        follow_ups.append(
            {
                "id": f.pk,
                "created_at": f.created_at,
                "reported_by": f.reported_by,
                "what_changed": f.what_changed,
                "medications": f_meds,
                "mme": f_mme,
                "mme_total": f.mme_total,
                "scores": _scores([s for s in case.scores.all() if s.follow_up_id == f.pk]),
            }
        )
    recs = {r.discipline: r for r in case.recommendations.all()}
    data = {
        **{name: getattr(case, name) for name in _CASE_ATTRS},
        "presenter": case.presenter,
        "site": case.site,
        "medications": medications,
        "mme": mme,
        "scores": _scores([s for s in case.scores.all() if s.follow_up_id is None]),
        "overrides": list(case.phi_overrides.all()),
        "recommendations": [recs[d] for d in Discipline.values if d in recs],
        "hours_to_recommendations": services.hours_to_recommendations(case),
        "taper_plan": localized_plan(case.taper_plan, keep_values=True)
        if case.taper_plan
        else None,
        "follow_ups": follow_ups,
    }
    return _for_audience(data, case, user, perms_of(user, program))


_CASE_ATTRS = [
    "id",
    "number",
    "status",
    "version",
    "region",
    "session_id",
    "created_at",
    "updated_at",
    "submitted_at",
    "sent_at",
    "closed_at",
    "presenter_profession",
    *CLINICAL_TEXT_FIELDS,
    *services.CHOICE_FIELDS,
    *services.BOOLEAN_FIELDS,
    "reviewed_at",
    "review_comments",
    "presented_at",
    "acknowledged_at",
    "recommendations_summary",
    "plain_language_summary",
    "advice_followed",
    "plan_changed",
    "referral_avoided",
    "closeout_comments",
    "mme_total",
    "extra",
]


def _split_key(key: str) -> tuple[str, str, str]:
    field, kind, digest = [*key.split(":", 2), "", ""][:3]
    return field, kind, digest


# --- Endpoints ------------------------------------------------------------------------------------

PHI_ERRORS: dict[int, Any] = {**WRITE_ERRORS, 400: PhiFoundOut}


class AuditedPagination(Pagination):
    """Pagination that writes one `case.list_read` audit entry naming the cases of the page."""

    def paginate_queryset(
        self, queryset: QuerySet[Case], pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        items = list(page["items"])
        page["items"] = items
        audit.record_reads(
            actor=caller(request),
            action="case.list_read",
            object_type=Case._meta.label_lower,
            ids=[c.pk for c in items],
            view="api.cases.list",
            program=items[0].program_id if items else None,
        )
        return page


@router.get(
    BASE,
    response={200: list[CaseOut], **READ_ERRORS},
    summary="List cases",
    description=(
        "The cases the caller may see, most recently changed first: their own, and for the hub "
        "every submitted one; participants also see the cases scheduled in the program's "
        "sessions. Every page read is audit-logged (the ids it lists). Requires `cases.present`."
    ),
)
@paginate(AuditedPagination)
def list_cases(
    request: HttpRequest,
    slug: str,
    status: CaseStatus | None = None,
    mine: bool = Query(False, description="Only cases the caller presents."),
    session: int | None = Query(None, ge=1, le=DB_ID_MAX, description="A session id."),
    # ninja declares query parameters this way; an enum default is immutable (B008 is for
    # mutable defaults, and does not know that CaseTheme | None is immutable).
    theme: CaseTheme | None = Query(None, description="Only cases with this theme."),  # noqa: B008
) -> QuerySet[Case]:
    program = program_for(request, slug, "cases.present")
    qs = queries.visible_cases(caller(request), program)
    if status is not None:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(presenter=caller(request))
    if session is not None:
        qs = qs.filter(session_id=session)
    if theme is not None:
        qs = qs.filter(theme=theme)
    return qs.order_by("-updated_at", "-pk")


@router.post(
    BASE,
    response={201: CaseOut, **WRITE_ERRORS},
    summary="Start a case",
    description="An empty draft presented by the caller. Requires `cases.present`.",
)
def create_case(request: HttpRequest, slug: str) -> Status[Case]:
    program = program_for(request, slug, "cases.present")
    case = services.start_case(actor=caller(request), program=program)
    return Status(201, _summary(case.pk))


@router.get(
    BASE + "/form",
    response={200: FormConfigOut, **READ_ERRORS},
    summary="The program's case form",
    description=(
        "Which fields are shown and required at submission, their labels and help, and the "
        "program's own questions (answer them in `extra`). The chronic pain template unless "
        "the program configured its own. Requires `cases.present`."
    ),
)
def get_form_config(request: HttpRequest, slug: str) -> dict[str, Any]:
    program = program_for(request, slug, "cases.present")
    return formconfig.config_of(program).to_dict()


@router.get(
    BASE + "/{case_id}",
    response={200: CaseDetailOut, **READ_ERRORS},
    summary="Get a case",
    description=(
        "Its content, medications with each row's MME (or why it is left out), the total with "
        "its guideposts, scores, recommendations and follow-ups. Every read is audit-logged. "
        "Requires `cases.present`."
    ),
)
def get_case(request: HttpRequest, slug: str, case_id: int) -> dict[str, Any]:
    program = program_for(request, slug, "cases.present")
    return _detail(request, program, case_id)


@router.patch(
    BASE + "/{case_id}",
    response={200: CaseOut, **WRITE_ERRORS},
    summary="Save the draft",
    description=(
        "The presenter only, while the case is a draft or returned. Errors: `stale_draft` "
        "(409: changed since `version`), `case_locked` (409), `invalid_number`, "
        "`invalid_medication`, `invalid_score`."
    ),
)
def update_case(request: HttpRequest, slug: str, case_id: int, payload: CasePatch) -> Case:
    program = program_for(request, slug, "cases.present")
    case = _case(request, program, case_id)
    data = payload.model_dump(exclude_unset=True, exclude={"version"})
    reject_nulls(data)  # `medications: []` clears the rows; null is refused, not ignored
    for rows in ("medications", "scores"):
        data.pop(rows, None)
    services.save_draft(
        actor=caller(request),
        case=case,
        data=data,
        medications=_medication_rows(payload.medications),
        scores=_score_rows(payload.scores),
        version=payload.version,
    )
    return _summary(case.pk)


@router.get(
    BASE + "/{case_id}/findings",
    response={200: list[FindingOut], **READ_ERRORS},
    summary="Identifier findings",
    description=(
        "What the identifier scanner flags in the case's text fields now, with offsets into "
        "each field (never the flagged text). The presenter, and the privacy reviewers "
        "(`cases.review`)."
    ),
)
def case_findings(request: HttpRequest, slug: str, case_id: int) -> list[dict[str, Any]]:
    program = program_for(request, slug, "cases.present")
    case = _case(request, program, case_id)
    if case.presenter_id != caller(request).pk and not can(request, program, "cases.review"):
        raise ApiError(
            "permission_denied", _("Only the presenter and the reviewers see these."), status=403
        )
    return [finding_out(f) for f in services.case_findings(case)]


@router.post(
    BASE + "/{case_id}/overrides",
    response={201: OverrideCreatedOut, **WRITE_ERRORS},
    summary="Explain a finding",
    description=(
        "The presenter says why a finding is not identifying; it then no longer blocks "
        "submission while that text is unchanged. Errors: `unknown_finding` (the key matches "
        "no current finding), `reason_required`."
    ),
)
def override_finding(
    request: HttpRequest, slug: str, case_id: int, payload: OverrideIn
) -> Status[PhiOverride]:
    program = program_for(request, slug, "cases.present")
    case = _case(request, program, case_id)
    user = caller(request)
    if case.presenter_id != user.pk:
        raise ApiError(
            "permission_denied", _("Only the presenter can explain a finding."), status=403
        )
    if payload.key not in {f.key for f in services.case_findings(case)}:
        raise ApiError(
            "unknown_finding", _("No current finding has this key: check again."), field="key"
        )
    field, kind, digest = _split_key(payload.key)
    override = services.override_finding(
        actor=user, case=case, field=field, kind=kind, text_hash=digest, reason=payload.reason
    )
    return Status(201, override)


@router.post(
    BASE + "/{case_id}/submit",
    response={200: CaseOut, **PHI_ERRORS},
    summary="Submit for privacy review",
    description=(
        "The presenter only. Errors: `phi_found` (400, with `findings`: fix or explain each), "
        "`incomplete`, `attestation_required`, `consent_required`, `case_locked` (409), "
        "`mme_uncounted` (400, with `uncounted`: opioid rows the MME calculator cannot count, "
        "so the hub would see a partial total; correct them, or send again with "
        "`partial_mme=true` to submit as it is). Buprenorphine is never counted and never asked "
        "about."
    ),
)
def submit_case(
    request: HttpRequest, slug: str, case_id: int, partial_mme: bool = False
) -> Case | Status[dict[str, Any]]:
    program = program_for(request, slug, "cases.present")
    case = _case(request, program, case_id)
    try:
        services.submit_case(actor=caller(request), case=case, count_confirmed=partial_mme)
    except services.PhiFound as err:
        return _phi_refused(err)
    except services.UncountedOpioids as err:
        return Status(400, body(err.code, err.message, err.field, uncounted=err.rows))
    return _summary(case.pk)


@router.post(
    BASE + "/{case_id}/review",
    response={200: CaseOut, **WRITE_ERRORS},
    summary="Approve or return a submitted case",
    description=(
        "Requires `cases.review`. Errors: `comments_required` (returning), `not_submitted` (409)."
    ),
)
def review_case(request: HttpRequest, slug: str, case_id: int, payload: ReviewIn) -> Case:
    program = program_for(request, slug, "cases.review")
    case = _case(request, program, case_id)
    services.review_case(
        actor=caller(request),
        case=case,
        approve=payload.decision == "approve",
        comments=payload.comments,
        theme=payload.theme,
    )
    return _summary(case.pk)


@router.post(
    BASE + "/{case_id}/schedule",
    response={200: CaseOut, **WRITE_ERRORS},
    summary="Schedule an approved case",
    description=(
        "Into the session's first free case slot; numbers the case. Requires `cases.review`. "
        "Errors: `invalid_session`, `session_unavailable`, `session_full` (409), "
        "`not_approved` (409)."
    ),
)
def schedule_case(request: HttpRequest, slug: str, case_id: int, payload: ScheduleIn) -> Case:
    program = program_for(request, slug, "cases.review")
    case = _case(request, program, case_id)
    session = program.sessions.filter(pk=payload.session_id).first()
    if session is None:
        raise ApiError(
            "invalid_session", _("Choose a session of this program."), field="session_id"
        )
    services.schedule_case(actor=caller(request), case=case, session=session)
    return _summary(case.pk)


@router.post(
    BASE + "/{case_id}/presented",
    response={200: CaseOut, **WRITE_ERRORS},
    summary="Mark a case presented",
    description="Requires `cases.review`. Errors: `not_scheduled` (409).",
)
def mark_presented(request: HttpRequest, slug: str, case_id: int) -> Case:
    program = program_for(request, slug, "cases.review")
    case = _case(request, program, case_id)
    services.mark_presented(actor=caller(request), case=case)
    return _summary(case.pk)


@router.post(
    BASE + "/{case_id}/recommendations",
    response={200: RecommendationOut, **PHI_ERRORS},
    summary="Write a discipline's recommendations",
    description=(
        "One text per discipline; send the `version` you read (0 for a first text). Requires "
        "`cases.recommend`. Errors: `phi_found` (400, with `findings` in `text`), "
        "`text_required`, `stale_recommendation` (409), `case_not_open` (409)."
    ),
)
def save_recommendation(
    request: HttpRequest, slug: str, case_id: int, payload: RecommendationIn
) -> Recommendation | Status[dict[str, Any]]:
    program = program_for(request, slug, "cases.recommend")
    case = _case(request, program, case_id)
    try:
        rec = services.save_recommendation(
            actor=caller(request),
            case=case,
            discipline=payload.discipline,
            text=payload.text,
            version=payload.version or None,
        )
    except services.PhiFound as err:
        return _phi_refused(err)
    return Recommendation.objects.select_related("author").get(pk=rec.pk)


@router.post(
    BASE + "/{case_id}/send",
    response={200: CaseOut, **WRITE_ERRORS},
    summary="Send the recommendations",
    description=(
        "Emails the presenter. Requires `cases.review`. Errors: `no_recommendations`, "
        "`case_not_open` (409)."
    ),
)
def send_recommendations(request: HttpRequest, slug: str, case_id: int, payload: SendIn) -> Case:
    program = program_for(request, slug, "cases.review")
    case = _case(request, program, case_id)
    services.send_recommendations(actor=caller(request), case=case, summary=payload.summary)
    return _summary(case.pk)


@router.post(
    BASE + "/{case_id}/acknowledge",
    response={200: CaseOut, **WRITE_ERRORS},
    summary="Acknowledge the recommendations",
    description="The presenter only. Errors: `not_sent` (409).",
)
def acknowledge(request: HttpRequest, slug: str, case_id: int) -> Case:
    program = program_for(request, slug, "cases.present")
    case = _case(request, program, case_id)
    services.acknowledge(actor=caller(request), case=case)
    return _summary(case.pk)


@router.put(
    BASE + "/{case_id}/plain-summary",
    response={200: CaseOut, **PHI_ERRORS},
    summary="Save the plain-language summary for the patient",
    description="The presenter only. Errors: `phi_found` (400, with `findings` in `text`).",
)
def save_plain_summary(
    request: HttpRequest, slug: str, case_id: int, payload: SummaryIn
) -> Case | Status[dict[str, Any]]:
    program = program_for(request, slug, "cases.present")
    case = _case(request, program, case_id)
    try:
        services.save_plain_summary(actor=caller(request), case=case, text=payload.text)
    except services.PhiFound as err:
        return _phi_refused(err)
    return _summary(case.pk)


@router.post(
    BASE + "/{case_id}/follow-ups",
    response={201: CaseOut, **PHI_ERRORS},
    summary="Report a follow-up",
    description=(
        "What changed since the recommendations, with the medications and scores now. The "
        "presenter only. Errors: `phi_found` (400, with `findings` in `what_changed`), "
        "`text_required`, `invalid_number`, `invalid_medication`, `invalid_score`, "
        "`not_sent` (409)."
    ),
)
def add_follow_up(
    request: HttpRequest, slug: str, case_id: int, payload: FollowUpIn
) -> Status[Any]:
    program = program_for(request, slug, "cases.present")
    case = _case(request, program, case_id)
    try:
        services.add_follow_up(
            actor=caller(request),
            case=case,
            what_changed=payload.what_changed,
            medications=_medication_rows(payload.medications) or [],
            scores=_score_rows(payload.scores) or [],
        )
    except services.PhiFound as err:
        return _phi_refused(err)
    return Status(201, _summary(case.pk))


@router.post(
    BASE + "/{case_id}/close",
    response={200: CaseOut, **WRITE_ERRORS},
    summary="Close a case",
    description="With the close-out answers. The presenter only. Errors: `not_sent` (409).",
)
def close_case(request: HttpRequest, slug: str, case_id: int, payload: CloseIn) -> Case:
    program = program_for(request, slug, "cases.present")
    case = _case(request, program, case_id)
    services.close_case(
        actor=caller(request),
        case=case,
        advice_followed=payload.advice_followed,
        plan_changed=payload.plan_changed,
        referral_avoided=payload.referral_avoided,
        comments=payload.comments,
    )
    return _summary(case.pk)
