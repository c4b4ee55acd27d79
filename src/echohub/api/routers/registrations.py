"""Registrations: anyone may ask to join a public program; coordinators review."""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from echohub.accounts.professions import Profession
from echohub.api.access import caller, program_for
from echohub.api.errors import ApiError
from echohub.api.pagination import Pagination
from echohub.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    Email,
    ErrorOut,
    SiteRef,
    UtcDatetime,
    ValidationErrorOut,
)
from echohub.api.throttles import REGISTRATION_RATE, registration_throttle
from echohub.core.limits import BlankNameStr, NameStr
from echohub.programs import queries, rules, services
from echohub.programs.models import Program, Registration, RegistrationStatus

router = Router(tags=["registrations"])


class RegistrationOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    profession: Profession
    licence_number: str
    site: SiteRef | None
    new_site_name: str
    region: str
    consent_research: bool
    status: RegistrationStatus
    created_at: UtcDatetime
    decided_at: UtcDatetime | None
    decided_by_id: int | None
    decision_note: str
    user_id: int | None = Field(description="The account, once approved.")


class RegistrationIn(Schema):
    email: Email
    first_name: NameStr = Field(min_length=1, max_length=100)
    last_name: NameStr = Field(min_length=1, max_length=100)
    profession: Profession
    licence_number: str = Field(min_length=1, max_length=40)
    site_id: int | None = Field(None, description="Your site, if listed; else name a new one.")
    new_site_name: BlankNameStr = Field("", max_length=200)
    region: str = Field("", max_length=100, description="Required with a new site.")
    consent_research: bool = False


class RegistrationReceipt(Schema):
    status: RegistrationStatus
    program: str
    message: str


class DecisionIn(Schema):
    note: str = Field("", max_length=2000, description="Sent to the person.")


class RegistrationOptionOut(Schema):
    value: str
    label: str


class RegistrationOptionsOut(Schema):
    program: str
    registration_open: bool
    sites: list[SiteRef]
    professions: list[RegistrationOptionOut]


def _public_program(slug: str) -> Program:
    """A public program by slug (anonymous callers): else 404."""
    return rules.program_for(None, slug)


def _registration(program: Program, registration_id: int) -> Registration:
    registration = queries.registrations_of(program).filter(pk=registration_id).first()
    if registration is None:
        raise Http404
    return registration


@router.get(
    "/programs/{slug}/registrations",
    response={200: list[RegistrationOut], **READ_ERRORS},
    summary="List registrations",
    description="Newest first. Requires `registrations.review`.",
)
@paginate(Pagination)
def list_registrations(
    request: HttpRequest,
    slug: str,
    status: RegistrationStatus | None = None,
    q: str = Query("", max_length=100, description="Part of a name, email or licence number."),
) -> object:
    program = program_for(request, slug, "registrations.review")
    return queries.registrations_of(program, status=status or "", q=q.strip())


@router.get(
    "/programs/{slug}/registrations/{registration_id}",
    response={200: RegistrationOut, **READ_ERRORS},
    summary="Get a registration",
    description="Requires `registrations.review`.",
)
def get_registration(request: HttpRequest, slug: str, registration_id: int) -> Registration:
    program = program_for(request, slug, "registrations.review")
    return _registration(program, registration_id)


@router.get(
    "/programs/{slug}/registration-options",
    auth=None,
    response={200: RegistrationOptionsOut, 404: ErrorOut},
    summary="Choices for the registration form (public)",
    description="The program's active sites and the professions. No authentication.",
)
def registration_options(request: HttpRequest, slug: str) -> dict[str, object]:
    program = _public_program(slug)
    return {
        "program": program.slug,
        "registration_open": program.registration_open,
        "sites": list(program.sites.filter(is_active=True).order_by("name", "pk")),
        "professions": [{"value": v, "label": str(label)} for v, label in Profession.choices],
    }


@router.post(
    "/programs/{slug}/registrations",
    auth=None,
    throttle=registration_throttle,
    response={
        201: RegistrationReceipt,
        400: ErrorOut,
        404: ErrorOut,
        422: ValidationErrorOut,
        429: ErrorOut,
    },
    summary="Register to join a program (public)",
    description=(
        "No authentication. The program must be public with registration open. Errors: "
        "`registration_closed`, `invalid_site`, `site_required`, `region_required`, "
        "`throttled` (429: at most "
        f"{REGISTRATION_RATE} per address). The answer is the same whether or not the address "
        "is already a participant or has a registration waiting (its holder is told by email); "
        "it carries no registration id."
    ),
)
def submit_registration(
    request: HttpRequest, slug: str, payload: RegistrationIn
) -> Status[dict[str, str]]:
    program = _public_program(slug)
    site = None
    if payload.site_id is not None:
        site = program.sites.filter(pk=payload.site_id, is_active=True).first()
        if site is None:
            raise ApiError("invalid_site", _("Choose a site of this program."), field="site_id")
    # The same answer whatever the address (status, keys, message): an address already a
    # participant, or with a registration waiting, is told by email, never here. The receipt
    # carries no id, for a new registration either.
    services.submit_public_registration(
        program=program,
        email=payload.email,
        first_name=payload.first_name,
        last_name=payload.last_name,
        profession=payload.profession.value,
        licence_number=payload.licence_number,
        site=site,
        new_site_name=payload.new_site_name,
        region=payload.region,
        consent_research=payload.consent_research,
    )
    return Status(
        201,
        {
            "status": RegistrationStatus.PENDING,
            "program": program.slug,
            "message": "Thank you: a coordinator will review your registration.",
        },
    )


@router.post(
    "/programs/{slug}/registrations/{registration_id}/approve",
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary="Approve a registration",
    description=(
        "Creates the account and participant role and emails the person. Requires "
        "`registrations.review`. Errors: `registration_decided` (409)."
    ),
)
def approve(
    request: HttpRequest, slug: str, registration_id: int, payload: DecisionIn
) -> Registration:
    program = program_for(request, slug, "registrations.review")
    registration = _registration(program, registration_id)
    services.approve_registration(
        actor=caller(request), registration=registration, note=payload.note
    )
    return _registration(program, registration_id)


@router.post(
    "/programs/{slug}/registrations/{registration_id}/decline",
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary="Decline a registration",
    description=(
        "Emails the person. Requires `registrations.review`. Errors: `registration_decided` (409)."
    ),
)
def decline(
    request: HttpRequest, slug: str, registration_id: int, payload: DecisionIn
) -> Registration:
    program = program_for(request, slug, "registrations.review")
    registration = _registration(program, registration_id)
    services.decline_registration(
        actor=caller(request), registration=registration, note=payload.note
    )
    return _registration(program, registration_id)
