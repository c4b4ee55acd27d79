"""The API of the library: talks, clinical tools and past cases the caller may read.

Who reads what comes from `echohub.library.selectors` (the same as the pages): anything else is
404. Past cases: evaluators get none (not even a count); a case's presenter is named only to
callers the cases app already shows the case to (`NamedCaseEntryOut`), everyone else gets
`CaseEntryOut`, which has no presenter field. Every list of past cases writes one
`case.list_read` audit entry per program with the ids returned, every case entry a `case.read`.
"""

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from echohub.api.access import caller
from echohub.api.pagination import Pagination
from echohub.api.schemas import READ_ERRORS, UtcDatetime
from echohub.cases.models import Case, CaseTheme
from echohub.core import audit
from echohub.core.clinical_text import localized_plan
from echohub.core.limits import CODE_MAX
from echohub.library import selectors
from echohub.library.models import Talk, Tool
from echohub.programs.models import Program

router = Router(tags=["library"])

BASE = "/library"


# --- Output --------------------------------------------------------------------------------


class ProgramRef(Schema):
    slug: str
    name: str


class TalkOut(Schema):
    id: int
    program: ProgramRef
    title: str
    title_fr: str
    presenter: str = Field(description="The presenter's name (a member or a guest speaker).")
    given_on: dt.date
    theme: str
    tags: list[str]
    has_slides: bool
    recorded: bool = Field(description="True only when the presenter agreed to be recorded.")
    url: str


class TalkDetailOut(TalkOut):
    learning_objectives: str
    key_points: str
    session_id: int | None
    agenda_item_id: int | None
    slides_url: str | None
    recording_url: str | None = Field(
        description="The recording's link or download, only when the presenter agreed."
    )


class ToolOut(Schema):
    id: int
    program: ProgramRef | None = Field(description="None: a tool for every program.")
    title: str
    title_fr: str
    description: str
    source: str
    link: str
    file_url: str | None
    checked_on: dt.date | None
    review_by: dt.date | None
    due_for_review: bool
    theme: str
    tags: list[str]


class CaseEntryOut(Schema):
    """A past case as a reader who may not know who presented it sees it."""

    id: int
    program: ProgramRef
    title: str
    theme: str
    age_band: str
    sent_at: UtcDatetime | None
    recommendations: int
    url: str


class NamedCaseEntryOut(CaseEntryOut):
    """A past case for a reader the cases app already shows it to: with its presenter."""

    presenter: str


class LibraryRecommendationOut(Schema):
    discipline: str
    text: str


class LibraryFollowUpOut(Schema):
    created_at: UtcDatetime
    what_changed: str
    mme_total: float | None


class CaseEntryDetailOut(CaseEntryOut):
    summary: dict[str, str] = Field(description="The de-identified summary, field by field.")
    questions: str
    mme_total: float | None
    recommendations_by_discipline: list[LibraryRecommendationOut]
    recommendations_summary: str
    taper_plan: dict[str, Any] | None
    follow_ups: list[LibraryFollowUpOut]


class NamedCaseEntryDetailOut(CaseEntryDetailOut):
    presenter: str


# --- helpers -------------------------------------------------------------------------------


def _program(request: HttpRequest, slug: str | None) -> Program | None:
    if not slug:
        return None
    program = selectors.readable_programs(caller(request)).filter(slug=slug).first()
    if program is None:
        raise Http404
    return program


def _ref(program: Program | None) -> dict[str, str] | None:
    return {"slug": program.slug, "name": str(program)} if program else None


def _talk(talk: Talk) -> dict[str, Any]:
    return {
        "id": talk.pk,
        "program": _ref(talk.program),
        "title": talk.title,
        "title_fr": talk.title_fr,
        "presenter": talk.presenter_display,
        "given_on": talk.given_on,
        "theme": talk.theme,
        "tags": [t.name for t in talk.tags.all()],
        "has_slides": bool(talk.slides),
        "recorded": talk.is_recorded,
        "url": talk.get_absolute_url(),
    }


def _tool(tool: Tool, today: dt.date, slug: str) -> dict[str, Any]:
    from django.urls import reverse

    return {
        "id": tool.pk,
        "program": _ref(tool.program),
        "title": tool.title,
        "title_fr": tool.title_fr,
        "description": tool.description,
        "source": tool.source,
        "link": tool.url,
        "file_url": reverse(
            "library:tool_file",
            kwargs={"slug": tool.program.slug if tool.program else slug, "pk": tool.pk},
        )
        if tool.file
        else None,
        "checked_on": tool.checked_on,
        "review_by": tool.review_by,
        "due_for_review": bool(tool.review_by and tool.review_by <= today),
        "theme": tool.theme,
        "tags": [t.name for t in tool.tags.all()],
    }


def _case(case: Case, named: bool) -> dict[str, Any]:
    from django.urls import reverse

    out = {
        "id": case.pk,
        "program": _ref(case.program),
        "title": case.title,
        "theme": case.theme,
        "age_band": case.age_band,
        "sent_at": case.sent_at,
        "recommendations": getattr(case, "n_recs", None) or case.recommendations.count(),
        "url": reverse("library:case", kwargs={"slug": case.program.slug, "pk": case.pk}),
    }
    if named:
        out["presenter"] = case.presenter.full_name
    return out


# --- talks ---------------------------------------------------------------------------------


@router.get(
    BASE + "/talks",
    response={200: list[TalkOut], **READ_ERRORS},
    summary="List library talks",
    description=(
        "Talks the caller may read, newest first: of their programs and of the programs that "
        "share their library. `program` narrows to one program's library."
    ),
)
@paginate(Pagination)
def list_library_talks(
    request: HttpRequest,
    program: str | None = Query(None, max_length=CODE_MAX, description="A program's slug."),
    theme: CaseTheme | None = Query(None),  # noqa: B008
    tag: str | None = Query(None, max_length=60),
    year: int | None = Query(None, ge=1990, le=2100),
) -> Any:
    qs = selectors.talks_for(caller(request)).select_related("program", "presenter")
    chosen = _program(request, program)
    if chosen is not None:
        qs = qs.filter(program=chosen)
    if theme:
        qs = qs.filter(theme=theme)
    if tag:
        qs = qs.filter(tags__name=tag.strip().lower())
    if year:
        qs = qs.filter(given_on__year=year)
    return _LazyList(qs.prefetch_related("tags").order_by("-given_on", "-pk"), _talk)


@router.get(
    BASE + "/talks/{talk_id}",
    response={200: TalkDetailOut, **READ_ERRORS},
    summary="Get a library talk",
)
def get_library_talk(request: HttpRequest, talk_id: int) -> dict[str, Any]:
    from django.urls import reverse

    talk = (
        selectors.talks_for(caller(request))
        .select_related("program", "presenter")
        .filter(pk=talk_id)
        .first()
    )
    if talk is None:
        raise Http404
    kw = {"slug": talk.program.slug, "pk": talk.pk}
    recording = None
    if talk.is_recorded:
        recording = talk.recording_url or reverse(
            "library:talk_file", kwargs={**kw, "what": "recording"}
        )
    return {
        **_talk(talk),
        "learning_objectives": talk.learning_objectives,
        "key_points": talk.key_points,
        "session_id": talk.session_id,
        "agenda_item_id": talk.agenda_item_id,
        "slides_url": reverse("library:talk_file", kwargs={**kw, "what": "slides"})
        if talk.slides
        else None,
        "recording_url": recording,
    }


# --- tools ---------------------------------------------------------------------------------


@router.get(
    BASE + "/tools",
    response={200: list[ToolOut], **READ_ERRORS},
    summary="List clinical tools",
    description=(
        "Clinical tools and references the caller may read: of their programs, of programs "
        "sharing their library, and those for every program. `program` narrows to one "
        "program's tools and those for every program."
    ),
)
@paginate(Pagination)
def list_library_tools(
    request: HttpRequest,
    program: str | None = Query(None, max_length=CODE_MAX, description="A program's slug."),
    theme: CaseTheme | None = Query(None),  # noqa: B008
    tag: str | None = Query(None, max_length=60),
) -> Any:
    from django.utils import timezone

    user = caller(request)
    qs = selectors.tools_for(user).select_related("program")
    chosen = _program(request, program)
    if chosen is not None:
        qs = qs.filter(Q(program=chosen) | Q(program__isnull=True))
    if theme:
        qs = qs.filter(theme=theme)
    if tag:
        qs = qs.filter(tags__name=tag.strip().lower())
    today = timezone.localdate()
    fallback = chosen or selectors.readable_programs(user).order_by("pk").first()
    slug = fallback.slug if fallback else ""
    return _LazyList(
        qs.prefetch_related("tags").order_by("title", "pk"), lambda t: _tool(t, today, slug)
    )


@router.get(
    BASE + "/tools/{tool_id}",
    response={200: ToolOut, **READ_ERRORS},
    summary="Get a clinical tool",
)
def get_library_tool(request: HttpRequest, tool_id: int) -> dict[str, Any]:
    from django.utils import timezone

    user = caller(request)
    tool = selectors.tools_for(user).select_related("program").filter(pk=tool_id).first()
    if tool is None:
        raise Http404
    fallback = selectors.readable_programs(user).order_by("pk").first()
    return _tool(tool, timezone.localdate(), fallback.slug if fallback else "")


# --- past cases ----------------------------------------------------------------------------


class _AuditedCases(Pagination):
    """Pagination that writes the `case.list_read` entries of the page (one per program)."""

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        items = list(page["items"])
        page["items"] = items
        by_program: dict[int | None, list[int]] = {}
        for item in items:
            by_program.setdefault(item["_program_id"], []).append(item["id"])
        audit.record_reads(
            actor=caller(request),
            action="case.list_read",
            object_type=Case._meta.label_lower,
            ids=[],
            view="api.library.cases",
            by_program=by_program,
        )
        return page


@router.get(
    BASE + "/cases",
    response={200: list[NamedCaseEntryOut | CaseEntryOut], **READ_ERRORS},
    summary="List past cases",
    description=(
        "Cases whose recommendations were sent, that the caller may read as library entries: "
        "of their programs (clinicians only: evaluators get an empty list) and of programs "
        "sharing their library. `presenter` appears only where the caller could see it "
        "before. Every page read is audit-logged (the ids it lists)."
    ),
)
@paginate(_AuditedCases)
def list_library_cases(
    request: HttpRequest,
    program: str | None = Query(None, max_length=CODE_MAX, description="A program's slug."),
    theme: CaseTheme | None = Query(None),  # noqa: B008
) -> Any:
    user = caller(request)
    qs = (
        selectors.case_entries_for(user)
        .select_related("program", "presenter")
        .annotate(n_recs=Count("recommendations", distinct=True))
    )
    chosen = _program(request, program)
    if chosen is not None:
        qs = qs.filter(program=chosen)
    if theme:
        qs = qs.filter(theme=theme)
    return _CaseList(qs, user)


@router.get(
    BASE + "/cases/{case_id}",
    response={200: NamedCaseEntryDetailOut | CaseEntryDetailOut, **READ_ERRORS},
    summary="Get a past case",
    description=(
        "The de-identified summary, the questions, the recommendations by discipline, any "
        "taper plan and the follow-ups. Every read is audit-logged (`case.read`)."
    ),
)
def get_library_case(request: HttpRequest, case_id: int) -> Any:
    user = caller(request)
    case = (
        selectors.case_entries_for(user)
        .select_related("program", "presenter")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404
    audit.record(actor=user, action="case.read", obj=case, program=case.program)
    entry = selectors.case_entry(user, case)
    named = entry["show_presenter"]
    out = {
        **_case(case, named),
        "summary": {str(label): text for label, text in entry["summary_fields"]},
        "questions": case.questions,
        "mme_total": float(case.mme_total) if case.mme_total is not None else None,
        "recommendations_by_discipline": [
            {"discipline": r.discipline, "text": r.text} for r in entry["recommendations"]
        ],
        "recommendations_summary": case.recommendations_summary,
        "taper_plan": localized_plan(case.taper_plan, keep_values=True)
        if case.taper_plan
        else None,
        "follow_ups": [
            {
                "created_at": f.created_at,
                "what_changed": f.what_changed,
                "mme_total": float(f.mme_total) if f.mme_total is not None else None,
            }
            for f in entry["follow_ups"]
        ],
    }
    return NamedCaseEntryDetailOut(**out) if named else CaseEntryDetailOut(**out)


# --- lazy lists (paginated by the database, converted per page) ----------------------------


class _LazyList:
    """A queryset the paginator slices, converting only the rows of the page."""

    def __init__(self, qs: QuerySet[Any], convert: Any) -> None:
        self.qs, self.convert = qs, convert

    def count(self) -> int:
        return self.qs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list[Any]:
        return [self.convert(row) for row in self.qs[item]]


class _CaseList(_LazyList):
    def __init__(self, qs: QuerySet[Case], user: Any) -> None:
        super().__init__(qs, None)
        self.user = user

    def __getitem__(self, item: slice) -> list[Any]:
        rows = list(self.qs[item])
        named = selectors.presenter_visible_ids(self.user, rows)
        out: list[Any] = []
        for case in rows:
            data = _case(case, case.pk in named)
            data["_program_id"] = case.program_id
            out.append(data)
        return out
