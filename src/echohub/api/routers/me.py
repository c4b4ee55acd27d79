"""The caller: who they are, their programs, roles and permissions."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from echohub.api.access import caller, perms_for_roles
from echohub.api.schemas import AUTH_ERRORS
from echohub.programs import rules
from echohub.programs.models import Membership

router = Router(tags=["me"])


class MyProgramOut(Schema):
    slug: str
    name: str
    roles: list[str]
    permissions: list[str]


class MeOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    full_name: str
    profession: str
    credentials: str
    time_zone: str
    is_superuser: bool = Field(description="Deployment-wide administrator: every permission.")
    programs: list[MyProgramOut]


@router.get(
    "/me",
    response={200: MeOut, **AUTH_ERRORS},
    summary="Who am I",
    description="The caller, with each program they hold an active role in.",
)
def me(request: HttpRequest) -> dict[str, Any]:
    user = caller(request)
    grouped: dict[int, dict[str, Any]] = {}
    memberships = (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("program")
        .order_by("program__name", "program_id", "role")
    )
    for m in memberships:
        entry = grouped.setdefault(
            m.program_id, {"slug": m.program.slug, "name": str(m.program), "roles": set()}
        )
        entry["roles"].add(m.role)
    programs = []
    for entry in grouped.values():
        roles: set[str] = entry["roles"]
        perms = sorted(rules.PERMISSIONS) if user.is_superuser else perms_for_roles(roles)
        programs.append({**entry, "roles": sorted(roles), "permissions": perms})
    return {
        "id": user.pk,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "full_name": user.full_name,
        "profession": user.profession,
        "credentials": user.credentials,
        "time_zone": user.time_zone,
        "is_superuser": user.is_superuser,
        "programs": programs,
    }
