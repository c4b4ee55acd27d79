"""People in a program: their roles, invitations and role changes."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from echohub.accounts.models import Invitation, User
from echohub.accounts.professions import Profession
from echohub.api.access import caller, can, program_for
from echohub.api.errors import ApiError
from echohub.api.pagination import Pagination
from echohub.api.schemas import DB_ID_MAX, READ_ERRORS, WRITE_ERRORS, Email, SiteRef, UtcDatetime
from echohub.core.limits import BlankNameStr
from echohub.programs import queries, rules, services
from echohub.programs.models import Membership, Program, Role

router = Router(tags=["people"])


class PersonOut(Schema):
    """A person in a program, as people.view holders see them."""

    id: int
    email: str
    first_name: str
    last_name: str
    full_name: str
    profession: str
    credentials: str
    roles: list[Role] = Field(description="Active roles in this program.")
    site: SiteRef | None = Field(None, description="Their site in this program, if any.")

    @staticmethod
    def resolve_roles(obj: User) -> list[str]:
        return sorted(m.role for m in getattr(obj, "program_memberships", []))

    @staticmethod
    def resolve_site(obj: User) -> Any:
        sites = [m.site for m in getattr(obj, "program_memberships", []) if m.site is not None]
        return sites[0] if sites else None


class InvitationIn(Schema):
    email: Email
    role: Role
    first_name: BlankNameStr = Field("", max_length=100)
    last_name: BlankNameStr = Field("", max_length=100)


class InvitationOut(Schema):
    id: int
    email: str
    role: Role
    program: str = Field(description="The program's slug.")
    created_at: UtcDatetime
    expires_at: UtcDatetime

    @staticmethod
    def resolve_program(obj: Invitation) -> str:
        return obj.program.slug


class RolesIn(Schema):
    roles: list[Role] = Field(description="Exactly the roles the person should hold; [] removes.")
    site_id: int | None = Field(None, description="Their site (participants).")


def _with_memberships(program: Program, users: QuerySet[User]) -> QuerySet[User]:
    return users.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(program=program, is_active=True).select_related(
                "site"
            ),
            to_attr="program_memberships",
        )
    )


@router.get(
    "/programs/{slug}/people",
    response={200: list[PersonOut], **READ_ERRORS},
    summary="List people",
    description="People with an active role in the program. Requires `people.view`.",
)
@paginate(Pagination)
def list_people(
    request: HttpRequest,
    slug: str,
    q: str = Query("", max_length=100, description="Words in name, email or licence number."),
    role: Role | None = None,
    profession: Profession | None = None,
    site: int | None = Query(None, ge=1, le=DB_ID_MAX, description="A site id."),
) -> QuerySet[User]:
    program = program_for(request, slug, "people.view")
    site_obj = None
    if site is not None:
        site_obj = program.sites.filter(pk=site).first()
        if site_obj is None:
            return User.objects.none()
    return queries.people_in(
        program, q=q, role=role or "", profession=profession or "", site=site_obj
    )


@router.post(
    "/programs/{slug}/invitations",
    response={201: InvitationOut, **WRITE_ERRORS},
    summary="Invite a person",
    description=(
        "Emails an invitation link to join in a role. Requires `people.manage`; inviting a "
        "program admin requires `roles.grant_admin`. Errors: `already_member`, `too_many` "
        "(429: 200 invitations a day per sender, 3 a day per address and program)."
    ),
)
def invite(request: HttpRequest, slug: str, payload: InvitationIn) -> Status[Invitation]:
    program = program_for(request, slug, "people.manage")
    if payload.role == Role.PROGRAM_ADMIN and not can(request, program, "roles.grant_admin"):
        raise rules.Forbidden("roles.grant_admin")
    invitation = services.invite_person(
        actor=caller(request),
        program=program,
        email=payload.email,
        role=payload.role.value,
        first_name=payload.first_name,
        last_name=payload.last_name,
    )
    return Status(201, invitation)


@router.put(
    "/programs/{slug}/people/{user_id}/roles",
    response={200: PersonOut, **WRITE_ERRORS},
    summary="Set a person's roles",
    description=(
        "Gives the person exactly these roles (others are deactivated). Requires "
        "`people.manage`; adding or removing admin requires `roles.grant_admin`. "
        "Errors: `last_admin`, `invalid_site`, `permission_denied`. New people join by invitation."
    ),
)
def set_roles(request: HttpRequest, slug: str, user_id: int, payload: RolesIn) -> User:
    program = program_for(request, slug, "people.manage")
    # Only people who hold or held a role here; anyone else joins through an invitation.
    person = User.objects.filter(pk=user_id, memberships__program=program).distinct().first()
    if person is None:
        raise Http404
    site = None
    if payload.site_id is not None:
        site = program.sites.filter(pk=payload.site_id).first()
        if site is None:
            raise ApiError("invalid_site", _("Choose a site of this program."), field="site_id")
    services.set_roles(
        actor=caller(request),
        program=program,
        user=person,
        roles={r.value for r in payload.roles},
        site=site,
    )
    return _with_memberships(program, User.objects.filter(pk=person.pk)).get()
