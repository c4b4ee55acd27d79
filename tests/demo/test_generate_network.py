"""`echohub generate_network` at a tiny size: consistent data, refusal, --reset."""

from __future__ import annotations

import itertools
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F

from echohub.accounts.models import User
from echohub.core.models import AuditEntry
from echohub.programs.models import HubMember, Membership, Program, Registration, Role
from echohub.scheduling.models import AgendaItem, AgendaKind, Resource, Session
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

TINY = ["--programs", "3", "--people", "50", "--sessions-per-program", "5"]


def generate(*extra: str) -> str:
    out = StringIO()
    call_command("generate_network", *TINY, *extra, stdout=out)
    return out.getvalue()


def test_tiny_network_is_consistent() -> None:
    out = generate("--seed", "7")

    assert "Generated" in out and "people" in out
    programs = Program.objects.filter(slug__startswith="net-")
    assert programs.count() == 3
    assert User.objects.filter(email__endswith="@echohub-network.test").count() == 50
    assert len({u.password for u in User.objects.all()}) == 1  # one precomputed hash
    for program in programs:
        assert program.hubs.exists()
        assert program.sites.count() == 15
        assert program.sessions.count() == 5
        roles = set(Membership.objects.filter(program=program).values_list("role", flat=True))
        assert {Role.PROGRAM_ADMIN, Role.COORDINATOR, Role.EXPERT, Role.PARTICIPANT} <= roles
        assert Registration.objects.filter(program=program, status="pending").count() == 10

    # Memberships point at sites of their own program; each participant is in 1-3 programs.
    participants = Membership.objects.filter(role=Role.PARTICIPANT)
    assert not participants.exclude(site__program=F("program")).exists()
    per_person = participants.values("user").annotate(n=Count("program", distinct=True))
    assert {row["n"] for row in per_person} <= {1, 2, 3}
    # Hub members are experts of the same program.
    for member in HubMember.objects.select_related("hub"):
        assert Membership.objects.filter(
            program_id=member.hub.program_id, user_id=member.user_id, role=Role.EXPERT
        ).exists()

    # Sessions: weekly, half past and half upcoming, each with three agenda items.
    assert Session.objects.filter(ends_at__gt=F("starts_at")).count() == 15
    for program in programs:
        starts = list(program.sessions.order_by("starts_at").values_list("starts_at", flat=True))
        gaps = {(b - a).days for a, b in itertools.pairwise(starts)}
        assert gaps <= {6, 7}  # one week, give or take a DST hour
    assert AgendaItem.objects.count() == 45
    assert Resource.objects.count() == AgendaItem.objects.filter(kind=AgendaKind.DIDACTIC).count()
    didactics = AgendaItem.objects.filter(kind=AgendaKind.DIDACTIC)
    assert not didactics.filter(presenter__isnull=True).exists()

    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"program.created", "series.created", "registration.approved"} <= actions
    assert not AuditEntry.objects.filter(program__isnull=True).exists()


def test_refuses_a_second_network_and_reset_replaces_only_it() -> None:
    other = ProgramFactory(slug="other-program")
    generate()
    names = sorted(User.objects.values_list("email", "first_name", "last_name"))

    with pytest.raises(CommandError, match="already"):
        generate()

    out = generate("--reset")
    assert "Deleted the generated network: 3 programs, 50 people" in out
    assert sorted(User.objects.values_list("email", "first_name", "last_name")) == names
    assert Program.objects.filter(pk=other.pk).exists()
    assert Program.objects.count() == 4
