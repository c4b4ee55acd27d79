"""Who sends a case's recommendations to its presenter. The program names it on its case form
settings (CaseFormConfig.recommendations_sender); the program's admins always can. The case
page states the rule with the names, and cases.services.send_recommendations enforces it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from echohub.accounts.models import User
from echohub.cases.models import CaseFormConfig
from echohub.programs.models import HubMember, HubRole, Membership, Program, Role
from echohub.programs.rules import roles_of

SENDERS = {
    "chair_coordinators": _("The hub chair and the coordinators"),
    "chair": _("The hub chair only"),
    "coordinators": _("The coordinators only"),
    "experts": _("Any hub expert, the chair and the coordinators"),
}
DEFAULT = "chair_coordinators"
_CHAIR = {"chair_coordinators", "chair", "experts"}
_COORDINATORS = {"chair_coordinators", "coordinators", "experts"}


def sender_rule(program: Program) -> str:
    """The program's choice (the default when it has none stored)."""
    stored = (
        CaseFormConfig.objects.filter(program=program)
        .values_list("recommendations_sender", flat=True)
        .first()
    )
    return stored if stored in SENDERS else DEFAULT


def _chairs(program: Program) -> Any:
    """Active chairs of the program's hubs who still hold an active role in the program."""
    return HubMember.objects.filter(
        hub__program=program, hub_role=HubRole.CHAIR, is_active=True
    ).filter(user__memberships__program=program, user__memberships__is_active=True)


def may_send(user: Any, program: Program, rule: str | None = None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser and user.is_active:
        return True
    roles = roles_of(user, program)
    if not roles:
        return False
    rule = rule or sender_rule(program)
    if Role.PROGRAM_ADMIN in roles:
        return True
    if rule in _COORDINATORS and Role.COORDINATOR in roles:
        return True
    if rule == "experts" and Role.EXPERT in roles:
        return True
    return rule in _CHAIR and _chairs(program).filter(user=user).exists()


def senders(program: Program, rule: str | None = None) -> dict[str, Any]:
    """The rule in words and the people it names, for the page: {"rule", "label", "chairs",
    "others"} (others: coordinators or experts as the rule says; admins always can)."""
    rule = rule or sender_rule(program)
    chairs = (
        list(User.objects.filter(pk__in=_chairs(program).values("user")).order_by("last_name"))
        if rule in _CHAIR
        else []
    )
    wanted = Q(role=Role.PROGRAM_ADMIN)
    if rule in _COORDINATORS:
        wanted |= Q(role=Role.COORDINATOR)
    if rule == "experts":
        wanted |= Q(role=Role.EXPERT)
    members = Membership.objects.filter(wanted, program=program, is_active=True)
    others = list(
        User.objects.filter(pk__in=members.values("user"))
        .exclude(pk__in=[c.pk for c in chairs])
        .order_by("last_name", "first_name")
    )
    return {"rule": rule, "label": SENDERS[rule], "chairs": chairs, "others": others}
