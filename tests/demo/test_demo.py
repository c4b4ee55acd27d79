"""`echohub demo`: what each stage promises, determinism, refusing to load twice, --reset."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from echohub.accounts.models import User
from echohub.core.models import AuditEntry
from echohub.demo.data import DEMO_PASSWORD
from echohub.programs.models import HubMember, Membership, Program, Registration, Role
from echohub.scheduling.models import AgendaKind, Resource, Session
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

TORONTO = zoneinfo.ZoneInfo("America/Toronto")
# A Thursday evening: that day's 12:30 session is over. The 30-week cycle then runs from
# September 2026 to March 2027, across the November fall-back and the March spring-forward.
NOW = dt.datetime(2026, 11, 19, 20, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen() -> Iterator[dt.datetime]:
    with time_machine.travel(NOW, tick=False):
        yield NOW


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def upcoming(program: Program) -> int:
    return Session.objects.filter(program=program, ends_at__gt=NOW).count()


def participant_has_upcoming_session_in_both_programs() -> bool:
    user = User.objects.get(email="participant@example.org")
    program_ids = Membership.objects.filter(user=user, role=Role.PARTICIPANT).values("program_id")
    programs = Program.objects.filter(pk__in=program_ids)
    return programs.count() == 2 and all(upcoming(p) > 0 for p in programs)


def test_running_stage_builds_the_pain_program_as_promised() -> None:
    out = run_demo()

    assert "Loaded the demo" in out
    assert DEMO_PASSWORD in out and "demo use only" in out
    for email in ("admin@example.org", "coordinator@example.org", "participant@example.org"):
        assert email in out
    assert Program.objects.count() == 2
    cp = Program.objects.get(slug="chronic-pain")
    assert cp.name == "Chronic Pain & Opioid Stewardship"
    assert cp.time_zone == "America/Toronto" and cp.is_public and cp.registration_open
    assert cp.description and cp.audience and cp.how_to_join

    # Hubs and the interprofessional hub team
    assert cp.hubs.count() == 2
    team = HubMember.objects.filter(hub__program=cp)
    assert team.count() >= 10
    assert {"chair", "facilitator"} <= set(team.values_list("hub_role", flat=True))
    assert {
        "specialist_physician",
        "family_physician",
        "psychologist",
        "physiotherapist",
        "social_worker",
        "occupational_therapist",
        "pharmacist",
        "registered_nurse",
    } <= set(team.values_list("discipline", flat=True))
    roles = Membership.objects.filter(program=cp)
    for role in (Role.PROGRAM_ADMIN, Role.COORDINATOR, Role.EVALUATOR):
        assert roles.filter(role=role).count() == 1

    # Sites across Ontario Health regions, with rurality and kinds
    sites = cp.sites.all()
    assert sites.count() == 25
    assert set(sites.values_list("region", flat=True)) == {
        "Toronto", "Central", "East", "West", "North East", "North West",
    }  # fmt: skip
    assert set(sites.values_list("rurality", flat=True)) == {"urban", "suburban", "rural", "remote"}
    assert {"fht", "chc", "nursing_station"} <= set(sites.values_list("kind", flat=True))

    # Participants: ~120, mixed professions, sites, some research consent; a few pending
    participants = roles.filter(role=Role.PARTICIPANT)
    assert participants.count() == 120
    assert participants.filter(site__isnull=True).count() == 0
    assert len(set(participants.values_list("user__profession", flat=True))) >= 8
    consenting = participants.filter(consent_research=True).count()
    assert 30 < consenting < 120
    assert Registration.objects.filter(program=cp, status="pending").count() == 6

    # 30 weekly sessions, Thursday 12:30–14:00 Toronto time on both sides of a DST change (the
    # cycle's; the extra session on now, outside it, is test_running_stage_runs_live_...'s)
    sessions = list(Session.objects.filter(program=cp, series__isnull=False).order_by("starts_at"))
    assert len(sessions) == 30
    local = [(s.starts_at.astimezone(TORONTO), s.ends_at.astimezone(TORONTO)) for s in sessions]
    assert {(a.weekday(), a.time(), b.time()) for a, b in local} == {
        (3, dt.time(12, 30), dt.time(14, 0))
    }
    assert {a.utcoffset() for a, _b in local} == {dt.timedelta(hours=-4), dt.timedelta(hours=-5)}
    assert {s.starts_at.astimezone(dt.UTC).time() for s in sessions} == {
        dt.time(16, 30), dt.time(17, 30),
    }  # fmt: skip
    assert [s.ends_at <= NOW for s in sessions] == [True] * 12 + [False] * 18

    # Agendas: announcement, didactic with a hub presenter and a resource, case slots
    hub_people = set(team.values_list("user_id", flat=True))
    for session in sessions:
        items = list(session.agenda_items.all())
        kinds = [i.kind for i in items]
        assert kinds[:2] == [AgendaKind.ANNOUNCEMENT, AgendaKind.DIDACTIC]
        assert set(kinds[2:]) <= {AgendaKind.CASE, AgendaKind.FOLLOW_UP} and len(kinds) == 4
        assert items[1].presenter_id in hub_people
        if session.ends_at <= NOW:
            assert items[2].presenter is not None  # past cases were presented
    didactics = [s.agenda_items.get(kind=AgendaKind.DIDACTIC).title for s in sessions]
    assert len(set(didactics)) == 30 and "Opioid tapering: when and how" in didactics
    urls = Resource.objects.filter(agenda_item__session__program=cp).values_list("url", flat=True)
    assert len(urls) == 30 and all(u.startswith("https://example.org/") for u in urls)

    # Built through the services: the audit log tells the story
    actions = set(AuditEntry.objects.filter(program=cp).values_list("action", flat=True))
    assert {
        "registration.submitted",
        "registration.approved",
        "registration.declined",
        "site.created",
        "hub_member.added",
        "series.created",
        "agenda.item_added",
        "roles.changed",
    } <= actions

    # Accounts: made-up addresses, one shared demo password, a superuser
    assert not User.objects.exclude(email__endswith="@example.org").exists()
    admin = User.objects.get(email="admin@example.org")
    assert admin.is_staff and admin.is_superuser and admin.check_password(DEMO_PASSWORD)
    assert User.objects.get(email="evaluator@example.org").check_password(DEMO_PASSWORD)


def test_running_stage_has_a_second_program_shared_with_the_first() -> None:
    run_demo("--stage", "running")

    mha = Program.objects.get(slug="mental-health-addictions")
    assert mha.hubs.count() == 1
    assert HubMember.objects.filter(hub__program=mha).count() == 5
    assert mha.sites.count() == 6
    participants = Membership.objects.filter(program=mha, role=Role.PARTICIPANT)
    assert participants.count() == 25
    sessions = list(Session.objects.filter(program=mha).order_by("starts_at"))
    assert len(sessions) == 8
    for s in sessions:  # the 2nd Tuesday of consecutive months, at noon in Toronto
        start = s.starts_at.astimezone(TORONTO)
        assert start.weekday() == 1 and 8 <= start.day <= 14 and start.time() == dt.time(12)
    assert len({(s.starts_at.year, s.starts_at.month) for s in sessions}) == 8
    assert sum(s.ends_at <= NOW for s in sessions) == 3

    in_both = (
        Membership.objects.filter(program__slug="chronic-pain", role=Role.PARTICIPANT)
        .filter(user__in=participants.values("user"))
        .count()
    )
    assert in_both >= 5
    assert participant_has_upcoming_session_in_both_programs()


def test_enrolment_stage_starts_in_about_three_weeks_with_many_registrations_waiting() -> None:
    run_demo("--stage", "enrolment")

    cp = Program.objects.get(slug="chronic-pain")
    first = Session.objects.filter(program=cp).order_by("starts_at").first()
    assert first is not None
    assert dt.timedelta(days=20) <= first.starts_at - NOW <= dt.timedelta(days=28)
    assert not Session.objects.filter(ends_at__lte=NOW).exists()
    assert Registration.objects.filter(program=cp, status="pending").count() >= 30
    assert participant_has_upcoming_session_in_both_programs()


def test_completed_stage_has_every_pain_session_in_the_past() -> None:
    run_demo("--stage", "completed")

    cp = Program.objects.get(slug="chronic-pain")
    assert Session.objects.filter(program=cp, ends_at__lte=NOW).count() == 30
    last = Session.objects.filter(program=cp).order_by("starts_at").last()
    assert last is not None and NOW - last.ends_at < dt.timedelta(days=7)
    mha = Program.objects.get(slug="mental-health-addictions")
    assert upcoming(mha) > 0  # the smaller program runs a few months behind


def snapshot() -> tuple[list[str], list[str], list[str]]:
    people = sorted(User.objects.values_list("email", "first_name", "last_name").iterator())
    sites = sorted(Program.objects.get(slug="chronic-pain").sites.values_list("name", flat=True))
    agenda = list(
        Session.objects.filter(program__slug="chronic-pain")
        .order_by("starts_at", "agenda_items__position")
        .values_list("agenda_items__title", "agenda_items__presenter__email")
    )
    return [str(p) for p in people], sites, [str(a) for a in agenda]


def test_load_refuses_twice_and_reset_rebuilds_the_same_demo_leaving_the_rest() -> None:
    other = ProgramFactory(slug="other-program")
    outsider = UserFactory(email="someone@example.test")
    MembershipFactory(program=other, user=outsider)
    entry = AuditEntry.objects.create(
        action="program.created", program=other, object_type="programs.program", object_id="1"
    )

    run_demo()
    first = snapshot()
    # A demo participant who also joined a program outside the demo keeps their account.
    participant = User.objects.get(email="participant@example.org")
    MembershipFactory(program=other, user=participant)

    out = run_demo()
    assert "already loaded" in out
    # 30 + 8 sessions in the two cycles, and the pain program's extra session on now (NOW is
    # a Thursday afternoon after that day's session: it runs live, test_running_stage_runs...).
    assert Program.objects.count() == 3 and Session.objects.count() == 39

    out = run_demo("--reset")
    assert "Removed the demo: 2 programs" in out and "kept 1" in out
    assert snapshot() == first  # deterministic: same people, sites and agendas
    assert Program.objects.filter(slug="other-program").exists()
    assert User.objects.filter(email="someone@example.test").exists()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert Membership.objects.filter(program=other).count() == 2


def test_ended_sessions_have_imported_attendance_and_presented_cases() -> None:
    from echohub.attendance.models import Attendance, AttendanceRow, ImportBatch
    from echohub.cases.models import Case, CaseStatus

    run_demo()
    cp = Program.objects.get(slug="chronic-pain")
    ended = Session.objects.filter(program=cp, ends_at__lte=NOW)
    # Every ended session has a Zoom report imported through the attendance service.
    assert ImportBatch.objects.filter(session__in=ended).values("session").distinct().count() == (
        ended.count()
    )
    assert Attendance.objects.filter(session__in=ended).count() > 10 * ended.count()
    assert AttendanceRow.objects.filter(session__in=ended, status="review").exists()
    assert not Attendance.objects.filter(session__program=cp, session__ends_at__gt=NOW).exists()
    # One case per filled case slot, numbered like the workflow numbers them, with stored MME.
    slots = ended.filter(
        agenda_items__kind=AgendaKind.CASE, agenda_items__presenter__isnull=False
    ).count()
    cases = Case.objects.filter(program=cp)
    assert cases.count() == slots > 0
    assert all(c.number.startswith("CP-2026-") for c in cases)
    assert not cases.filter(mme_total__isnull=True).exists()
    assert cases.filter(status=CaseStatus.CLOSED).exists()
    assert not cases.exclude(status=CaseStatus.PRESENTED).filter(sent_at__isnull=True).exists()
    # --reset removes the cases with their programs.
    run_demo("--reset")
    assert Case.objects.filter(program__slug="chronic-pain").count() == cases.count()
