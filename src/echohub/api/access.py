"""The API's door to the permission rules (echohub.programs.rules): nothing else decides."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from echohub.accounts.models import User
from echohub.programs import rules
from echohub.programs.models import Program


def caller(request: HttpRequest) -> User:
    """The authenticated user (set by the bearer token or the session)."""
    user: Any = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise Http404
    return user


def program_for(request: HttpRequest, slug: str, perm: str | None = None) -> Program:
    """`slug` if the caller may see it and holds `perm`: else 404 (outsider) or 403 (member)."""
    return rules.program_for(getattr(request, "auth", None), slug, perm)


def can(request: HttpRequest, program: Program, perm: str) -> bool:
    return rules.has_perm(getattr(request, "auth", None), program, perm)


def perms_for_roles(roles: frozenset[str] | set[str]) -> list[str]:
    """The permissions a set of roles grants (for listing many programs without a query each)."""
    return sorted(perm for perm, holders in rules.PERMISSIONS.items() if holders & roles)
