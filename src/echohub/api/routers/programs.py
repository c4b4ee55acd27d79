"""Programs the caller can see."""

from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from echohub.api.access import caller, program_for
from echohub.api.pagination import Pagination
from echohub.api.schemas import READ_ERRORS, PersonRef
from echohub.programs import queries, rules
from echohub.programs.models import Hub, HubMember, HubRole, Membership, Program

router = Router(tags=["programs"])


class ProgramOut(Schema):
    """The program's own texts come in English (`name`) and French (`name_fr`); either may be
    empty. `content_languages` says which the program writes in (its default first)."""

    slug: str
    name: str
    name_fr: str
    summary: str
    summary_fr: str
    description: str
    description_fr: str
    audience: str
    audience_fr: str
    how_to_join: str
    how_to_join_fr: str
    content_languages: str = Field(description="en, fr, en+fr or fr+en (the default first).")
    time_zone: str
    is_public: bool
    registration_open: bool
    contact_email: str
    url: str = Field(description="The program's page in the web UI (absolute).")

    @staticmethod
    def resolve_url(obj: Program) -> str:
        return settings.SITE_URL + obj.get_absolute_url()


class ProgramDetailOut(ProgramOut):
    my_roles: list[str] = Field(description="The caller's active roles in this program.")
    my_permissions: list[str] = Field(description="What the caller may do in this program.")

    @staticmethod
    def resolve_my_roles(obj: Program, context: dict[str, Any]) -> list[str]:
        return sorted(rules.roles_of(context["request"].auth, obj))

    @staticmethod
    def resolve_my_permissions(obj: Program, context: dict[str, Any]) -> list[str]:
        return sorted(rules.perms_of(context["request"].auth, obj))


class HubMemberOut(Schema):
    id: int
    person: PersonRef
    hub_role: HubRole
    discipline: str
    bio: str

    @staticmethod
    def resolve_person(obj: HubMember) -> Any:
        return obj.user


class HubOut(Schema):
    id: int
    name: str
    institution: str
    description: str
    members: list[HubMemberOut] = Field(description="Active members, by hub role.")

    @staticmethod
    def resolve_members(obj: Hub) -> Any:
        return obj.members.all()


@router.get(
    "/programs",
    response={200: list[ProgramOut], **READ_ERRORS},
    summary="List programs",
    description="Public programs and every program the caller belongs to, by name.",
)
@paginate(Pagination)
def list_programs(
    request: HttpRequest,
    q: str = Query("", max_length=100, description="Words in the name or summary."),
    mine: bool = Query(False, description="Only programs the caller holds a role in."),
) -> QuerySet[Program]:
    user = caller(request)
    qs: QuerySet[Program] = rules.visible_programs(user)
    if mine:
        qs = qs.filter(
            pk__in=Membership.objects.filter(user=user, is_active=True).values("program_id")
        )
    for word in q.split()[:5]:
        qs = qs.filter(
            Q(name__icontains=word)
            | Q(name_fr__icontains=word)
            | Q(summary__icontains=word)
            | Q(summary_fr__icontains=word)
        )
    return qs.order_by("name", "pk")


@router.get(
    "/programs/{slug}",
    response={200: ProgramDetailOut, **READ_ERRORS},
    summary="Get a program",
    description="With the caller's roles and permissions in it. Private programs: members only.",
)
def get_program(request: HttpRequest, slug: str) -> Program:
    return program_for(request, slug)


@router.get(
    "/programs/{slug}/hubs",
    response={200: list[HubOut], **READ_ERRORS},
    summary="List the hub teams",
    description="The interprofessional experts running the program, as on its public page.",
)
def list_hubs(request: HttpRequest, slug: str) -> list[Hub]:
    return queries.hub_team(program_for(request, slug))
