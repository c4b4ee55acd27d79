"""Reusable reads for programs, people and sites."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from echohub.accounts.models import User
from echohub.programs.models import (
    HubMember,
    Membership,
    Program,
    Region,
    Registration,
    Site,
    region_key,
)


def people_in(
    program: Program, *, q: str = "", role: str = "", profession: str = "", site: Site | None = None
) -> QuerySet[User]:
    """People with an active role in `program`, with their memberships prefetched."""
    members = Membership.objects.filter(program=program, is_active=True)
    if role:
        members = members.filter(role=role)
    if site is not None:
        members = members.filter(site=site)
    qs = User.objects.filter(pk__in=members.values("user_id"))
    if profession:
        qs = qs.filter(profession=profession)
    if q:
        for word in q.split()[:5]:
            qs = qs.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(licence_number__icontains=word)
            )
    return qs.order_by("last_name", "first_name", "pk").prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(program=program, is_active=True).select_related(
                "site"
            ),
            to_attr="program_memberships",
        )
    )


def sites_of(
    program: Program, *, q: str = "", region: str = "", rurality: str = "", kind: str = ""
) -> QuerySet[Site]:
    qs = program.sites.annotate(
        participant_count=Count(
            "memberships", filter=Q(memberships__is_active=True, memberships__role="participant")
        )
    )
    if q:
        qs = qs.filter(name__icontains=q)
    if region:
        # One region of the managed list, however it is spelled ("north-west" = "North West").
        key = region_key(region)
        names = [n for n in Region.objects.values_list("name", flat=True) if region_key(n) == key]
        qs = qs.filter(region__in=names)
    if rurality:
        qs = qs.filter(rurality=rurality)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("name")


def hub_team(program: Program) -> list[Any]:
    hubs = program.hubs.prefetch_related(
        Prefetch(
            "members",
            queryset=HubMember.objects.filter(is_active=True)
            .select_related("user")
            .order_by("hub_role", "user__last_name"),
        )
    )
    return list(hubs)


def registrations_of(program: Program, *, status: str = "", q: str = "") -> QuerySet[Registration]:
    qs = program.registrations.select_related("site")
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(
            Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(email__icontains=q)
            | Q(licence_number__icontains=q)
        )
    return qs.order_by("-created_at", "-pk")


def programs_of(user: Any) -> list[Program]:
    if not user.is_authenticated:
        return []
    mine = Membership.objects.filter(user=user, is_active=True).values("program_id")
    return list(Program.objects.filter(pk__in=mine).order_by("name"))


def invitation_names(invitation: Any) -> dict[str, str]:
    """The name to put in an invitation's form: the account's (an approved registration made
    it from what the person typed), else the person's latest registration in the program."""
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is not None and (user.first_name or user.last_name):
        return {"first_name": user.first_name, "last_name": user.last_name}
    registration = (
        Registration.objects.filter(
            program_id=invitation.program_id, email__iexact=invitation.email
        )
        .order_by("-created_at")
        .first()
    )
    if registration is None:
        return {}
    return {"first_name": registration.first_name, "last_name": registration.last_name}
