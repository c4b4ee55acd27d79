"""Spoke sites of a program."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from echohub.api.access import caller, program_for
from echohub.api.errors import reject_nulls
from echohub.api.pagination import Pagination
from echohub.api.schemas import READ_ERRORS, WRITE_ERRORS
from echohub.core.limits import NameStr, OptionalNameStr
from echohub.programs import queries, services
from echohub.programs.models import Program, Rurality, Site, SiteKind
from echohub.programs.rules import sees_only_aggregates

router = Router(tags=["sites"])


class SiteOut(Schema):
    id: int
    name: str
    kind: SiteKind
    region: str
    rurality: Rurality
    population_served: str
    is_active: bool
    participant_count: int | None = Field(
        0,
        description="Active participants at this site; always null for a viewer who sees only "
        "aggregates (an evaluator): a live count read twice tells one person joining or leaving, "
        "and counts of 1 to 4 would stand for fewer than 5 people (the small-cell rule).",
    )

    @staticmethod
    def resolve_participant_count(obj: Site, context: dict[str, Any]) -> int | None:
        user = getattr(context["request"], "auth", None)
        if sees_only_aggregates(user, obj.program):
            return None
        return getattr(obj, "participant_count", 0) or 0


class SiteIn(Schema):
    name: NameStr = Field(min_length=1, max_length=200)
    # Never assumed: a site created without them says "Not stated" until someone who knows
    # the site answers (the web form asks for both).
    kind: SiteKind = SiteKind.NOT_STATED
    region: str = Field(min_length=1, max_length=100)
    rurality: Rurality = Rurality.NOT_STATED
    population_served: str = Field("", max_length=200)
    is_active: bool = True


class SitePatch(Schema):
    """Only the fields sent are changed."""

    name: OptionalNameStr = Field(None, min_length=1, max_length=200)
    kind: SiteKind | None = None
    region: str | None = Field(None, min_length=1, max_length=100)
    rurality: Rurality | None = None
    population_served: str | None = Field(None, max_length=200)
    is_active: bool | None = None


def _site(program: Program, site_id: int) -> Site:
    site = queries.sites_of(program).filter(pk=site_id).first()
    if site is None:
        raise Http404
    return site


@router.get(
    "/programs/{slug}/sites",
    response={200: list[SiteOut], **READ_ERRORS},
    summary="List sites",
    description="Requires `sites.view`.",
)
@paginate(Pagination)
def list_sites(
    request: HttpRequest,
    slug: str,
    q: str = Query("", max_length=100, description="Part of the name."),
    region: str = Query("", max_length=100),
    rurality: Rurality | None = None,
    kind: SiteKind | None = None,
    active: bool | None = Query(None, description="Only active (true) or inactive (false)."),
) -> Any:
    program = program_for(request, slug, "sites.view")
    qs = queries.sites_of(
        program, q=q.strip(), region=region.strip(), rurality=rurality or "", kind=kind or ""
    )
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.order_by("name", "pk")


@router.get(
    "/programs/{slug}/sites/{site_id}",
    response={200: SiteOut, **READ_ERRORS},
    summary="Get a site",
    description="Requires `sites.view`.",
)
def get_site(request: HttpRequest, slug: str, site_id: int) -> Site:
    program = program_for(request, slug, "sites.view")
    return _site(program, site_id)


@router.post(
    "/programs/{slug}/sites",
    response={201: SiteOut, **WRITE_ERRORS},
    summary="Add a site",
    description="Requires `sites.manage`. Names are unique in a program (`duplicate_site`).",
)
def create_site(request: HttpRequest, slug: str, payload: SiteIn) -> Status[Site]:
    program = program_for(request, slug, "sites.manage")
    site = services.save_site(actor=caller(request), program=program, **payload.model_dump())
    return Status(201, _site(program, site.pk))


@router.patch(
    "/programs/{slug}/sites/{site_id}",
    response={200: SiteOut, **WRITE_ERRORS},
    summary="Change a site",
    description="Requires `sites.manage`. Send only the fields to change.",
)
def update_site(request: HttpRequest, slug: str, site_id: int, payload: SitePatch) -> Site:
    program = program_for(request, slug, "sites.manage")
    site = _site(program, site_id)
    fields = payload.model_dump(exclude_unset=True)
    reject_nulls(fields)
    services.save_site(actor=caller(request), program=program, site=site, **fields)
    return _site(program, site_id)
