"""Who may do what in a program: the one place every view and API endpoint asks.

Permissions are per program and follow from a person's roles in it (Membership). A person with
no role in a program sees only what the public sees; non-public things then answer 404, never 403,
so outsiders learn nothing about what exists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from echohub.programs.models import Membership, Program, Role

ADMIN, COORD, EXPERT, PART, EVAL = (
    Role.PROGRAM_ADMIN,
    Role.COORDINATOR,
    Role.EXPERT,
    Role.PARTICIPANT,
    Role.EVALUATOR,
)

# permission -> roles that hold it
PERMISSIONS: dict[str, frozenset[str]] = {
    "program.view_member_area": frozenset({ADMIN, COORD, EXPERT, PART, EVAL}),
    "program.edit": frozenset({ADMIN}),
    "sessions.view": frozenset({ADMIN, COORD, EXPERT, PART, EVAL}),
    "sessions.manage": frozenset({ADMIN, COORD}),
    "registrations.review": frozenset({ADMIN, COORD}),
    "sites.view": frozenset({ADMIN, COORD, EXPERT, EVAL}),
    "sites.manage": frozenset({ADMIN, COORD}),
    "people.view": frozenset({ADMIN, COORD, EXPERT}),
    "people.manage": frozenset({ADMIN, COORD}),
    "roles.grant_admin": frozenset({ADMIN}),
    "hub.manage": frozenset({ADMIN, COORD}),
    "audit.view": frozenset({ADMIN}),
    "announcements.send": frozenset({ADMIN, COORD}),
    "cases.present": frozenset({ADMIN, COORD, EXPERT, PART}),
    "cases.view_all": frozenset({ADMIN, COORD, EXPERT}),
    "cases.review": frozenset({ADMIN, COORD}),
    "cases.recommend": frozenset({ADMIN, COORD, EXPERT}),
    "cases.aggregate": frozenset({ADMIN, COORD, EXPERT, EVAL}),
    "attendance.view": frozenset(
        {ADMIN, COORD}
    ),  # names and emails: evaluators get aggregates (issue 7)
    "attendance.manage": frozenset({ADMIN, COORD}),
    "credits.view": frozenset({ADMIN, COORD}),
    "credits.manage": frozenset({ADMIN, COORD}),
    "surveys.manage": frozenset({ADMIN, COORD}),
    "evaluation.view": frozenset({ADMIN, COORD, EVAL}),  # dashboards and reports (aggregates)
    "evaluation.export": frozenset({ADMIN, EVAL}),  # research exports (consented, pseudonymous)
    # Library (issue 15): members read it; evaluators see what DESIGN lets them (no case text).
    "library.view": frozenset({ADMIN, COORD, EXPERT, PART, EVAL}),
    "library.manage": frozenset({ADMIN, COORD}),
    # Community and mentoring (issue 16): clinicians' spaces; evaluators get aggregates only.
    "community.post": frozenset({ADMIN, COORD, EXPERT, PART}),
    "community.moderate": frozenset({ADMIN, COORD}),
    "mentoring.ask": frozenset({ADMIN, COORD, EXPERT, PART}),
    "mentoring.coordinate": frozenset({ADMIN, COORD}),
    # The live session (issue 17): the console is the hub's; the live page is for members.
    "live.run": frozenset({ADMIN, COORD, EXPERT}),
}

_CACHE_ATTR = "_echohub_roles_cache"


def roles_of(user: Any, program: Program) -> frozenset[str]:
    """The active roles `user` holds in `program` (cached on the user object per request)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault(_CACHE_ATTR, {})
    if program.pk not in cache:
        cache[program.pk] = frozenset(
            Membership.objects.filter(user=user, program=program, is_active=True).values_list(
                "role", flat=True
            )
        )
    return cache[program.pk]


def is_member(user: Any, program: Program) -> bool:
    return bool(getattr(user, "is_superuser", False)) or bool(roles_of(user, program))


def has_perm(user: Any, program: Program, perm: str) -> bool:
    if perm not in PERMISSIONS:
        raise KeyError(f"Unknown permission {perm!r}")
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return bool(roles_of(user, program) & PERMISSIONS[perm])


def perms_of(user: Any, program: Program) -> set[str]:
    return {perm for perm in PERMISSIONS if has_perm(user, program, perm)}


class Forbidden(Exception):
    """A member lacks the permission: 403 (members may know the thing exists)."""

    def __init__(self, perm: str = "", program: Program | None = None) -> None:
        super().__init__(perm)
        self.perm = perm
        self.program = program


def program_for(user: Any, slug: str, perm: str | None = None) -> Program:
    """The program `slug` if `user` may see it (and holds `perm`), else Http404 / Forbidden.

    Outsiders (no role) get 404 for anything but a public program's public page.
    """
    program = Program.objects.filter(slug=slug).first()
    if program is None:
        raise Http404
    if perm is None:
        if program.is_public or is_member(user, program):
            return program
        raise Http404
    if has_perm(user, program, perm):
        return program
    if is_member(user, program):
        raise Forbidden(perm, program)
    raise Http404


def visible_programs(user: Any) -> QuerySet[Program]:
    """Programs a user can see listed: public ones, and every one they belong to.
    (A subquery, not a join: no DISTINCT over every membership row.)"""
    qs = Program.objects.all()
    if getattr(user, "is_superuser", False):
        return qs
    if user is not None and user.is_authenticated:
        mine = Membership.objects.filter(user=user, is_active=True).values("program_id")
        return qs.filter(Q(is_public=True) | Q(pk__in=mine))
    return qs.filter(is_public=True)


def sees_only_aggregates(user: Any, program: Program) -> bool:
    """Whether `user` may see only aggregates of the program's people (an evaluator): the
    figures about people they see pass the small-cell rule (core.smallcells). Whoever may list
    the people themselves (`people.view`) sees exact counts."""
    return not has_perm(user, program, "people.view")


def access_help(user: Any, program: Program, perm: str) -> dict[str, Any]:
    """What the 403 page tells this viewer: the roles the page is for, their own roles, and
    who can grant the missing role (they themselves, when they manage roles and the role is
    not program admin; else the program's admins, or admins and coordinators)."""
    needed = [r for r in Role if r in PERMISSIONS.get(perm, frozenset())]
    mine = roles_of(user, program)
    admin_only = needed == [Role.PROGRAM_ADMIN]
    can_grant = has_perm(user, program, "roles.grant_admin" if admin_only else "people.manage")
    grantors: list[str] = []
    if not can_grant:
        granting = [ADMIN] if admin_only else [ADMIN, COORD]
        members = (
            Membership.objects.filter(program=program, role__in=granting, is_active=True)
            .exclude(user=user)
            .select_related("user")
            .order_by("role", "user__last_name", "user__first_name")
        )
        seen: set[int] = set()
        for m in members[:12]:
            if m.user_id not in seen and len(grantors) < 3:
                seen.add(m.user_id)
                grantors.append(
                    f"{m.user.get_full_name() or m.user.email} ({m.get_role_display()})"
                )
    return {
        "needed_roles": [r.label for r in needed],
        "your_roles": [r.label for r in Role if r in mine],
        "can_grant": can_grant,
        "grantors": grantors,
        "contact_email": program.contact_email,
    }
