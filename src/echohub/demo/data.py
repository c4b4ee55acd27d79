"""The demo: two synthetic ECHO programs, built through the services as a coordinator would.

Everything is made up and deterministic: names come from the word lists in `content` through a
seeded random generator, so two loads give the same people, sites and agendas. Only the dates
depend on "now" and the stage:

- ``enrolment``: the pain cycle starts in about three weeks; many registrations wait for review.
- ``running`` (default): the 12th weekly session was the last one; 18 are still to come; a
  session is on now and runs live on the console (the Thursday one when loaded during it, else
  an extra session today, outside the cycle: `_session_on_now`).
- ``completed``: all 30 sessions of the pain cycle are over.

People, programs, hubs, sites, registrations, series and agendas go through the services
(`programs.services`, `scheduling.services`), so the audit log, memberships and invitations
look as they would in real use. Only the accounts themselves are bulk-created, with one
precomputed password hash (hashing ~170 times would take seconds). Emails the services queue
are dropped (dummy email backend) while loading.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import random
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify

from echohub.accounts.models import User
from echohub.cases.models import Case
from echohub.community.models import Thread
from echohub.core import audit
from echohub.core.models import AuditEntry
from echohub.demo import activity as demo_activity
from echohub.demo import content as C
from echohub.demo import credits as demo_credits
from echohub.demo import surveys as demo_surveys
from echohub.programs import services as program_services
from echohub.programs.models import (
    Announcement,
    Hub,
    HubMember,
    Membership,
    Program,
    Registration,
    Role,
    Rurality,
    Site,
    SiteKind,
)
from echohub.scheduling import services as scheduling_services
from echohub.scheduling.models import AgendaKind, Frequency, Session
from echohub.scheduling.recurrence import Recurrence, local_to_utc, zone

DEMO_PASSWORD: Final[str] = "echo-demo-2026"  # noqa: S105 - published demo password, demo use only
STAGES: Final[tuple[str, ...]] = ("enrolment", "running", "completed")
DEMO_SLUGS: Final[tuple[str, ...]] = (C.CP_SLUG, C.MHA_SLUG)
SEED: Final[int] = 2026
TIME_ZONE: Final[str] = "America/Toronto"

CP_SESSIONS: Final[int] = 30
CP_WEEKDAY: Final[int] = 3  # Thursday
CP_START: Final[dt.time] = dt.time(12, 30)
CP_MINUTES: Final[int] = 90
CP_PAST: Final[dict[str, int]] = {"enrolment": 0, "running": 12, "completed": 30}
# At stage "running", loaded outside the weekly session's time: an extra session today, on now.
EXTRA_MINUTES: Final[int] = 60

MHA_SESSIONS: Final[int] = 8
MHA_WEEKDAY: Final[int] = 1  # Tuesday, the 2nd of each month
MHA_START: Final[dt.time] = dt.time(12, 0)
MHA_MINUTES: Final[int] = 90
# The smaller program runs a few months behind, so it has upcoming sessions at every stage.
MHA_PAST: Final[dict[str, int]] = {"enrolment": 0, "running": 3, "completed": 6}

CP_PARTICIPANTS: Final[int] = 120  # including the demo participant
MHA_SHARED: Final[int] = 10  # pain participants also in the second program (with the demo one)
MHA_ONLY: Final[int] = 15
CP_PENDING: Final[dict[str, int]] = {"enrolment": 40, "running": 6, "completed": 2}
MHA_PENDING: Final[dict[str, int]] = {"enrolment": 8, "running": 2, "completed": 1}
DECLINED: Final[int] = 2

# Sites named at registration: (name, region, kind, rurality), as the applicant gives them.
NEW_SITES: Final[tuple[tuple[str, str, str, str], ...]] = (
    ("Moose River Family Health Team", "North East", SiteKind.FAMILY_HEALTH_TEAM, Rurality.REMOTE),
    ("Silver Birch Community Health Centre", "North West", SiteKind.COMMUNITY_HEALTH_CENTRE,
     Rurality.RURAL),
    ("Pine Hollow Medical Clinic", "Central", SiteKind.CLINIC, Rurality.SUBURBAN),
    ("Otter Creek Nurse Practitioner-Led Clinic", "East", SiteKind.NURSE_PRACTITIONER_CLINIC,
     Rurality.RURAL),
    ("Saugeen Flats Family Practice", "West", SiteKind.CLINIC, Rurality.RURAL),
)  # fmt: skip


class DemoError(Exception):
    """The demo cannot be loaded (e.g. it is already there)."""


# The cast: who is in the demo (pure, no database) ------------------------------------------


def _members_from_the_start(programs: Iterable[Program]) -> None:
    """The demo's people joined before their program's first session (they are created as it
    loads, after sessions dated in the past): "My attendance" lists the sessions since someone
    joined, so without this the demo's absences would not show."""
    for program in programs:
        first = (
            Session.objects.filter(program=program)
            .order_by("starts_at")
            .values_list("starts_at", flat=True)
            .first()
        )
        if first is not None:
            joined = first - dt.timedelta(days=14)
            Membership.objects.filter(program=program, created_at__gt=joined).update(
                created_at=joined
            )


@dataclass(frozen=True)
class PersonSpec:
    key: str
    email: str
    first_name: str
    last_name: str
    profession: str
    licence_number: str

    @property
    def credentials(self) -> str:
        return C.CREDENTIALS.get(self.profession, "")


@dataclass(frozen=True)
class Applicant:
    person: PersonSpec
    site_name: str | None  # an existing site of the program, or None for a new site
    new_site: tuple[str, str, str, str] | None  # (name, region, kind, rurality) for a new site
    consent: bool


@dataclass
class Cast:
    accounts: dict[str, PersonSpec] = field(default_factory=dict)
    team: dict[str, PersonSpec] = field(default_factory=dict)
    cp_participants: list[Applicant] = field(default_factory=list)
    mha_participants: list[Applicant] = field(default_factory=list)
    cp_applicants: list[Applicant] = field(default_factory=list)  # pending pool
    mha_applicants: list[Applicant] = field(default_factory=list)
    declined: list[Applicant] = field(default_factory=list)

    def people(self) -> list[PersonSpec]:
        """Everyone who gets an account (applicants do not)."""
        seen: dict[str, PersonSpec] = {}
        for spec in [
            *self.accounts.values(),
            *self.team.values(),
            *(a.person for a in self.cp_participants),
            *(a.person for a in self.mha_participants),
        ]:
            seen.setdefault(spec.email, spec)
        return list(seen.values())


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9-]", "", plain.lower())


class _Names:
    """Unique (first, last) pairs drawn from the word lists by a seeded generator."""

    def __init__(self, rng: random.Random, reserved: Iterable[tuple[str, str]]) -> None:
        self.rng = rng
        self.used = set(reserved)
        self.licence = 0

    def person(self, key: str, profession: str) -> PersonSpec:
        while True:
            first = self.rng.choice(C.FIRST_NAMES)
            last = self.rng.choice(C.LAST_NAMES)
            if (first, last) not in self.used:
                break
        self.used.add((first, last))
        self.licence += 1
        return PersonSpec(
            key=key,
            email=f"{_ascii(first)}.{_ascii(last)}@example.org",
            first_name=first,
            last_name=last,
            profession=profession,
            licence_number=f"DEMO-{self.licence:05d}",
        )


def build_cast(seed: int = SEED) -> Cast:
    """Everyone in the demo, the same for the same seed (and independent of the stage)."""
    rng = random.Random(seed)
    cast = Cast()
    for key, (email, first, last, profession, _label) in C.ACCOUNTS.items():
        cast.accounts[key] = PersonSpec(key, email, first, last, profession, "")
    names = _Names(rng, [(s.first_name, s.last_name) for s in cast.accounts.values()])
    for key, _hub, _role, discipline, _bio in C.CP_TEAM:
        if key not in cast.accounts:
            cast.team[key] = names.person(key, discipline)
    for key, _role, discipline, _bio in C.MHA_TEAM:
        if key not in cast.team:
            cast.team[key] = names.person(key, discipline)

    professions = [p for p, _w in C.PARTICIPANT_PROFESSIONS]
    weights = [w for _p, w in C.PARTICIPANT_PROFESSIONS]
    site_names = [s[0] for s in C.SITES]

    def participant(key: str, sites: list[str]) -> Applicant:
        profession = rng.choices(professions, weights)[0]
        return Applicant(names.person(key, profession), rng.choice(sites), None, rng.random() < 0.6)

    cast.cp_participants.append(
        Applicant(cast.accounts["participant"], C.PARTICIPANT_SITE, None, True)
    )
    for i in range(1, CP_PARTICIPANTS):
        cast.cp_participants.append(participant(f"cp{i}", site_names))
    # Shared: the demo participant and others from the pain program, at their site's twin.
    twins = [a for a in cast.cp_participants[1:] if a.site_name in C.MHA_SITES]
    shared = [cast.cp_participants[0], *twins[: MHA_SHARED - 1]]
    cast.mha_participants.extend(shared)
    for i in range(MHA_ONLY):
        cast.mha_participants.append(participant(f"mha{i}", list(C.MHA_SITES)))

    def applicant(key: str, sites: list[str]) -> Applicant:
        base = participant(key, sites)
        if rng.random() < 0.2:
            return Applicant(base.person, None, rng.choice(NEW_SITES), base.consent)
        return base

    cast.cp_applicants = [
        applicant(f"apply{i}", site_names) for i in range(max(CP_PENDING.values()))
    ]
    cast.mha_applicants = [
        applicant(f"mapply{i}", list(C.MHA_SITES)) for i in range(max(MHA_PENDING.values()))
    ]
    cast.declined = [participant(f"declined{i}", site_names) for i in range(DECLINED)]
    return cast


def demo_emails(seed: int = SEED) -> list[str]:
    return [p.email for p in build_cast(seed).people()]


# Dates -------------------------------------------------------------------------------------


def _last_ended(now: dt.datetime, weekday: int, start: dt.time, minutes: int) -> dt.date:
    """The latest local date on `weekday` whose session (start + minutes) has ended by `now`."""
    tz = zone(TIME_ZONE)
    today = now.astimezone(tz).date()
    day = today - dt.timedelta(days=(today.weekday() - weekday) % 7)
    if local_to_utc(day, start, tz) + dt.timedelta(minutes=minutes) > now:
        day -= dt.timedelta(weeks=1)
    return day


def cp_first_date(stage: str, now: dt.datetime) -> dt.date:
    if stage == "enrolment":
        soon = now.astimezone(zone(TIME_ZONE)).date() + dt.timedelta(days=21)
        return soon + dt.timedelta(days=(CP_WEEKDAY - soon.weekday()) % 7)
    last = _last_ended(now, CP_WEEKDAY, CP_START, CP_MINUTES)
    return last - dt.timedelta(weeks=CP_PAST[stage] - 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def mha_first_date(stage: str, now: dt.datetime) -> dt.date:
    tz = zone(TIME_ZONE)
    today = now.astimezone(tz).date()
    days = []
    for offset in range(-14, 15):
        month_index = today.year * 12 + today.month - 1 + offset
        days.append(_nth_weekday(month_index // 12, month_index % 12 + 1, MHA_WEEKDAY, 2))
    length = dt.timedelta(minutes=MHA_MINUTES)
    ended = [d for d in days if local_to_utc(d, MHA_START, tz) + length <= now]
    if stage == "enrolment":
        return next(d for d in days if d >= today + dt.timedelta(days=14))
    return ended[-MHA_PAST[stage]]


def cycle_title(first: dt.date, language: str = "en") -> str:
    year = first.year if first.month >= 7 else first.year - 1
    if language == "fr":
        return f"Cycle {year}-{year + 1}"
    return f"{year}–{(year + 1) % 100:02d} cycle"


# Loading -----------------------------------------------------------------------------------


def demo_present() -> bool:
    return Program.objects.filter(slug__in=DEMO_SLUGS).exists()


@dataclass
class _Ctx:
    rng: random.Random
    users: dict[str, User]  # email -> user
    cast: Cast
    now: dt.datetime
    # Each follow-up slot with the title of the case it follows up, linked once cases exist.
    follow_ups: list[tuple[int, str]] = field(default_factory=list)


def _ensure_users(cast: Cast) -> dict[str, User]:
    """Accounts for everyone in the cast, sharing one precomputed password hash."""
    specs = cast.people()
    existing = {u.email: u for u in User.objects.filter(email__in=[s.email for s in specs])}
    password = make_password(DEMO_PASSWORD)
    superuser_email = cast.accounts["superuser"].email
    new = [
        User(
            email=s.email,
            first_name=s.first_name,
            last_name=s.last_name,
            profession=s.profession,
            licence_number=s.licence_number,
            credentials=s.credentials,
            time_zone=TIME_ZONE,
            password=password,
            is_staff=s.email == superuser_email,
            is_superuser=s.email == superuser_email,
        )
        for s in specs
        if s.email not in existing
    ]
    User.objects.bulk_create(new, batch_size=500)
    return {u.email: u for u in User.objects.filter(email__in=[s.email for s in specs])}


def _create_program(
    ctx: _Ctx, fields: dict[str, Any], hubs: Iterable[tuple[str, str, str]]
) -> tuple[Program, list[Hub]]:
    """Programs and hubs have no service yet (they are set up by a site admin)."""
    actor = ctx.users[ctx.cast.accounts["superuser"].email]
    program = Program.objects.create(**fields, is_public=True, registration_open=True)
    audit.record(actor=actor, action="program.created", obj=program, program=program)
    made = []
    for name, institution, description in hubs:
        hub = Hub.objects.create(
            program=program, name=name, institution=institution, description=description
        )
        audit.record(actor=actor, action="hub.created", obj=hub, program=program)
        made.append(hub)
    return program, made


def _user(ctx: _Ctx, key: str) -> User:
    spec = ctx.cast.accounts.get(key) or ctx.cast.team[key]
    return ctx.users[spec.email]


def _staff_roles(ctx: _Ctx, program: Program) -> None:
    superuser = _user(ctx, "superuser")
    admin = _user(ctx, "program_admin")
    program_services.set_roles(
        actor=superuser, program=program, user=admin, roles={Role.PROGRAM_ADMIN}
    )
    program_services.set_roles(
        actor=admin, program=program, user=_user(ctx, "coordinator"), roles={Role.COORDINATOR}
    )
    program_services.set_roles(
        actor=admin, program=program, user=_user(ctx, "evaluator"), roles={Role.EVALUATOR}
    )


def _sites(ctx: _Ctx, program: Program, names: Iterable[str]) -> dict[str, Site]:
    coordinator = _user(ctx, "coordinator")
    by_name = {s[0]: s for s in C.SITES}
    made = {}
    for name in names:
        _name, kind, region, rurality, population = by_name[name]
        made[name] = program_services.save_site(
            actor=coordinator,
            program=program,
            name=name,
            kind=kind,
            region=region,
            rurality=rurality,
            population_served=population,
        )
    return made


def _register(
    ctx: _Ctx, program: Program, sites: dict[str, Site], applicant: Applicant
) -> Registration:
    person = applicant.person
    new_name, region, kind, rurality = applicant.new_site or ("", "", "", "")
    return program_services.submit_registration(
        program=program,
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
        profession=person.profession,
        licence_number=person.licence_number,
        site=sites[applicant.site_name] if applicant.site_name else None,
        new_site_name=new_name,
        region=region,
        new_site_kind=kind,
        new_site_rurality=rurality,
        consent_research=applicant.consent,
    )


def _people(
    ctx: _Ctx,
    program: Program,
    sites: dict[str, Site],
    participants: list[Applicant],
    pending: list[Applicant],
    declined: list[Applicant],
) -> None:
    coordinator = _user(ctx, "coordinator")
    for applicant in participants:
        registration = _register(ctx, program, sites, applicant)
        program_services.approve_registration(actor=coordinator, registration=registration)
    for applicant in declined:
        registration = _register(ctx, program, sites, applicant)
        program_services.decline_registration(
            actor=coordinator,
            registration=registration,
            note="This program is for clinicians practising in Ontario; please see the "
            "national program instead.",
        )
    for applicant in pending:
        _register(ctx, program, sites, applicant)


def _series(
    ctx: _Ctx,
    program: Program,
    *,
    rule: Recurrence,
    description: str,
    video_url: str,
    description_fr: str = "",
) -> list[Session]:
    series = scheduling_services.create_series(
        actor=_user(ctx, "coordinator"),
        program=program,
        title=cycle_title(rule.first_date),
        title_fr=cycle_title(rule.first_date, "fr"),
        rule=rule,
        description=description,
        description_fr=description_fr,
        video_url=video_url,
    )
    return list(Session.objects.filter(series=series).order_by("starts_at"))


def _agendas(
    ctx: _Ctx,
    program: Program,
    sessions: list[Session],
    topics: tuple[tuple[str, str], ...],
    cases: tuple[C.CaseSpec, ...],
    case_slots: int,
    presenters: list[User],
    topics_fr: tuple[str, ...] = (),
) -> None:
    """Announcement, a didactic with its slides, and case slots (filled in past sessions);
    the program's own texts in English and French (a case keeps its presenter's title)."""
    t = C.AGENDA_TEXT
    coordinator = _user(ctx, "coordinator")
    demo_participant = _user(ctx, "participant")
    case_minutes = 60 // case_slots
    titles = demo_activity.case_titles(cases)  # "{mme}" filled from the case's medications
    presented: list[str] = []
    french = topics_fr or ("",) * len(topics)
    for session, (topic, presenter_key), topic_fr in zip(sessions, topics, french, strict=True):
        n = session.number or 0
        past = session.ends_at <= ctx.now
        save = scheduling_services.save_agenda_item
        save(
            actor=coordinator,
            session=session,
            kind=AgendaKind.ANNOUNCEMENT,
            title=t["welcome"][0],
            title_fr=t["welcome"][1],
            presenter=_user(ctx, "facilitator") if program.slug == C.CP_SLUG else None,
            duration_minutes=5,
            notes=C.CP_ANNOUNCEMENTS[n % len(C.CP_ANNOUNCEMENTS)],
            notes_fr=C.CP_ANNOUNCEMENTS_FR[n % len(C.CP_ANNOUNCEMENTS_FR)],
            position=1,
        )
        didactic = save(
            actor=coordinator,
            session=session,
            kind=AgendaKind.DIDACTIC,
            title=topic,
            title_fr=topic_fr,
            presenter=_user(ctx, presenter_key),
            duration_minutes=20,
            notes="",
            position=2,
        )
        scheduling_services.add_resource(
            actor=coordinator,
            item=didactic,
            title=t["slides"][0].format(topic),
            title_fr=t["slides"][1].format(topic_fr) if topic_fr else "",
            url=f"https://example.org/echo/{program.slug}/didactics/{n:02d}-{slugify(topic)}",
        )
        for slot in range(case_slots):
            position = 3 + slot
            if not past:
                save(
                    actor=coordinator,
                    session=session,
                    kind=AgendaKind.CASE,
                    title=t["open_slot"][0],
                    title_fr=t["open_slot"][1],
                    presenter=None,
                    duration_minutes=case_minutes,
                    notes=t["open_slot_notes"][0],
                    notes_fr=t["open_slot_notes"][1],
                    position=position,
                )
                continue
            if slot == 1 and n % 3 == 0 and presented:
                # Titled without the case (the agenda reaches people who may not read it);
                # linked to its case by demo_activity.link_follow_up_slots once it exists.
                follow_up = save(
                    actor=coordinator,
                    session=session,
                    kind=AgendaKind.FOLLOW_UP,
                    title=t["follow_up"][0],
                    title_fr=t["follow_up"][1],
                    presenter=None,
                    duration_minutes=case_minutes,
                    notes=t["follow_up_notes"][0],
                    notes_fr=t["follow_up_notes"][1],
                    position=position,
                )
                ctx.follow_ups.append(
                    (follow_up.pk, presented[-2 if len(presented) > 1 else -1][:200])
                )
                continue
            title = titles[len(presented) % len(titles)]
            presenter = demo_participant if n == 2 and slot == 0 else ctx.rng.choice(presenters)
            save(
                actor=coordinator,
                session=session,
                kind=AgendaKind.CASE,
                title=t["case"][0].format(title),
                presenter=presenter,
                duration_minutes=case_minutes,
                notes=t["case_notes"][0],
                notes_fr=t["case_notes"][1],
                position=position,
            )
            presented.append(title)


def _load_chronic_pain(ctx: _Ctx, stage: str) -> Program:
    cast = ctx.cast
    program, hubs = _create_program(ctx, dict(C.CP), C.CP_HUBS)
    _staff_roles(ctx, program)
    coordinator = _user(ctx, "coordinator")
    for key, hub_index, hub_role, discipline, bio in C.CP_TEAM:
        program_services.save_hub_member(
            actor=coordinator,
            hub=hubs[hub_index],
            user=_user(ctx, key),
            hub_role=hub_role,
            discipline=discipline,
            bio=bio,
        )
    sites = _sites(ctx, program, [s[0] for s in C.SITES])
    _people(
        ctx,
        program,
        sites,
        cast.cp_participants,
        cast.cp_applicants[: CP_PENDING[stage]],
        cast.declined,
    )
    sessions = _series(
        ctx,
        program,
        rule=Recurrence(
            frequency=Frequency.WEEKLY,
            weekday=CP_WEEKDAY,
            first_date=cp_first_date(stage, ctx.now),
            start_time=CP_START,
            duration_minutes=CP_MINUTES,
            time_zone=TIME_ZONE,
            count=CP_SESSIONS,
        ),
        description="Thirty weekly sessions on Thursdays at 12:30: one didactic and case "
        "discussions each week.",
        description_fr="Trente séances hebdomadaires le jeudi à 12 h 30\u00a0: une présentation "
        "didactique et des discussions de cas chaque semaine.",
        video_url="https://meet.example.org/echo-chronic-pain",
    )
    participants = [ctx.users[a.person.email] for a in cast.cp_participants[1:]]
    _agendas(ctx, program, sessions, C.CP_TOPICS, C.CP_CASES, 2, participants, C.CP_TOPICS_FR)
    if stage == "running":
        _session_on_now(ctx, program)
    _announcement(ctx, program, C.CP_ANNOUNCEMENT_EMAIL)
    return program


def _session_on_now(ctx: _Ctx, program: Program) -> Session:
    """The session the demo runs live (`echohub.live.demo`) must be on now, and the weekly one
    is only on Thursday at 12:30: loaded at any other time, the program holds an extra session
    today, outside its cycle (the cycle keeps its 30 Thursdays), that started a quarter of an
    hour ago (rounded to 5 minutes; never before the end of a session just over, so nothing
    overlaps: one starting within the hour is startable now and is taken instead)."""
    from echohub.live.demo import STARTED_AGO, session_on_now

    on_now = session_on_now(program, ctx.now)
    if on_now is not None:
        return on_now
    start = ctx.now - STARTED_AGO
    start = start.replace(minute=start.minute - start.minute % 5, second=0, microsecond=0)
    latest_end = (
        Session.objects.filter(program=program, ends_at__lte=ctx.now)
        .order_by("-ends_at")
        .values_list("ends_at", flat=True)
        .first()
    )
    start = max(start, latest_end or start)
    coordinator = _user(ctx, "coordinator")
    t, extra = C.AGENDA_TEXT, C.EXTRA_SESSION
    session = scheduling_services.add_session(
        actor=coordinator,
        program=program,
        title=extra["title"][0],
        title_fr=extra["title"][1],
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=EXTRA_MINUTES),
        video_url=Session.objects.filter(program=program, series__isnull=False)
        .values_list("video_url", flat=True)
        .first()
        or "",
    )
    items = (
        (AgendaKind.ANNOUNCEMENT, t["welcome"], "facilitator", 5, ("", "")),
        (AgendaKind.DIDACTIC, extra["didactic"], "pharmacist", 20, ("", "")),
        (AgendaKind.CASE, t["open_slot"], None, 35, t["open_slot_notes"]),
    )
    for position, (kind, (title, title_fr), presenter, minutes, notes) in enumerate(items, 1):
        scheduling_services.save_agenda_item(
            actor=coordinator,
            session=session,
            kind=kind,
            title=title,
            title_fr=title_fr,
            presenter=_user(ctx, presenter) if presenter else None,
            duration_minutes=minutes,
            notes=notes[0],
            notes_fr=notes[1],
            position=position,
        )
    return session


def _load_mha(ctx: _Ctx, stage: str) -> Program:
    cast = ctx.cast
    program, hubs = _create_program(ctx, dict(C.MHA), [C.MHA_HUB])
    _staff_roles(ctx, program)
    coordinator = _user(ctx, "coordinator")
    for key, hub_role, discipline, bio in C.MHA_TEAM:
        program_services.save_hub_member(
            actor=coordinator,
            hub=hubs[0],
            user=_user(ctx, key),
            hub_role=hub_role,
            discipline=discipline,
            bio=bio,
        )
    sites = _sites(ctx, program, C.MHA_SITES)
    _people(
        ctx, program, sites, cast.mha_participants, cast.mha_applicants[: MHA_PENDING[stage]], []
    )
    sessions = _series(
        ctx,
        program,
        rule=Recurrence(
            frequency=Frequency.MONTHLY_WEEKDAY,
            weekday=MHA_WEEKDAY,
            week_of_month=2,
            first_date=mha_first_date(stage, ctx.now),
            start_time=MHA_START,
            duration_minutes=MHA_MINUTES,
            time_zone=TIME_ZONE,
            count=MHA_SESSIONS,
        ),
        description="Eight monthly sessions on the second Tuesday.",
        description_fr="Huit séances mensuelles, le deuxième mardi du mois.",
        video_url="https://meet.example.org/echo-mha",
    )
    participants = [ctx.users[a.person.email] for a in cast.mha_participants[1:]]
    _agendas(ctx, program, sessions, C.MHA_TOPICS, C.MHA_CASES, 1, participants, C.MHA_TOPICS_FR)
    _announcement(ctx, program, C.MHA_ANNOUNCEMENT_EMAIL)
    return program


def _announcement(
    ctx: _Ctx, program: Program, texts: tuple[tuple[str, str], tuple[str, str]]
) -> None:
    """A bilingual announcement in the program's history (sent a week ago, to everyone)."""
    (subject, body), (subject_fr, body_fr) = texts
    people = Membership.objects.filter(program=program, is_active=True)
    Announcement.objects.create(
        program=program,
        author=_user(ctx, "coordinator"),
        subject=subject,
        body=body,
        subject_fr=subject_fr,
        body_fr=body_fr,
        audience={"series": None, "roles": [], "professions": [], "regions": []},
        audience_label="Everyone in the program",
        recipient_count=people.values("user").distinct().count(),
        sent_at=ctx.now - dt.timedelta(days=7),
    )


@dataclass(frozen=True)
class DemoSummary:
    stage: str
    programs: int
    people: int
    sites: int
    sessions: int
    past_sessions: int
    pending_registrations: int
    audit_entries: int


@contextlib.contextmanager
def _quiet_mail() -> Iterator[None]:
    """Drop the emails the services queue (and the job log lines they would print)."""
    task_logger = logging.getLogger("django_tasks")
    level = task_logger.level
    task_logger.setLevel(logging.WARNING)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            yield
    finally:
        task_logger.setLevel(level)


# Each area's own demo content, added in this order after the core of the demo (its `add`).
DEMO_EXTENSIONS: Final = (
    "echohub.library.demo.add",
    "echohub.search.demo.add",
    "echohub.community.demo.add",
    "echohub.mentoring.demo.add",
    "echohub.live.demo.add",
)


def load_demo(*, stage: str = "running", now: dt.datetime | None = None) -> DemoSummary:
    """Load both demo programs. Raises DemoError when they are already there."""
    if stage not in STAGES:
        raise DemoError(f"Unknown stage {stage!r}; choose one of {', '.join(STAGES)}.")
    now = now or timezone.now()
    with _quiet_mail(), transaction.atomic():
        if demo_present():
            raise DemoError("The demo programs are already loaded.")
        cast = build_cast()
        ctx = _Ctx(rng=random.Random(SEED + 1), users=_ensure_users(cast), cast=cast, now=now)
        programs = [_load_chronic_pain(ctx, stage), _load_mha(ctx, stage)]
        demo_activity.add_attendance(
            programs=programs, now=now, seed=SEED + 5, actor=_user(ctx, "coordinator")
        )
        demo_activity.add_cases(programs=programs, now=now, seed=SEED + 6)
        demo_activity.link_follow_up_slots(
            follow_ups=ctx.follow_ups, actor=_user(ctx, "coordinator")
        )
        demo_activity.ask_for_follow_ups(
            programs=programs, now=now, prefer=_user(ctx, "participant")
        )
        demo_surveys.add_surveys(programs=programs, now=now, seed=SEED + 7)
        # After the attendance: a rule computes its awards for every ended session.
        demo_credits.add_credit_rules(programs=programs, actor=_user(ctx, "program_admin"))
        for offset, loader in enumerate(DEMO_EXTENSIONS, start=8):
            import_string(loader)(programs=programs, now=now, seed=SEED + offset)
        _members_from_the_start(programs)
    sessions = Session.objects.filter(program__in=programs)
    return DemoSummary(
        stage=stage,
        programs=len(programs),
        people=len(ctx.users),
        sites=Site.objects.filter(program__in=programs).count(),
        sessions=sessions.count(),
        past_sessions=sessions.filter(ends_at__lte=now).count(),
        pending_registrations=Registration.objects.filter(
            program__in=programs, status="pending"
        ).count(),
        audit_entries=AuditEntry.objects.filter(program__in=programs).count(),
    )


@dataclass(frozen=True)
class ResetSummary:
    programs: int
    users: int
    kept_users: int
    audit_entries: int


@transaction.atomic
def reset_demo() -> ResetSummary:
    """Delete the demo programs (with everything inside them), their audit entries, and the demo
    accounts. Nothing else: an account that also belongs to a program outside the demo is kept."""
    programs = Program.objects.filter(slug__in=DEMO_SLUGS)
    program_ids = list(programs.values_list("pk", flat=True))
    in_other_programs = Membership.objects.exclude(program_id__in=program_ids).values("user_id")
    on_other_hubs = HubMember.objects.exclude(hub__program_id__in=program_ids).values("user_id")
    candidates = User.objects.filter(email__in=demo_emails())
    users = candidates.exclude(Q(pk__in=in_other_programs) | Q(pk__in=on_other_hubs))
    kept = candidates.count() - users.count()
    audit_count, _ = AuditEntry.objects.filter(program_id__in=program_ids).delete()
    # Series, sessions, agendas, sites, hubs, memberships, registrations, invitations cascade.
    n_programs = len(program_ids)
    # Cases protect their program from accidental deletion; the demo's go first, on purpose.
    # So do discussion threads their topic (a topic is never deleted under its threads).
    Thread.objects.filter(program_id__in=program_ids).delete()
    Case.objects.filter(program_id__in=program_ids).delete()
    Program.objects.filter(pk__in=program_ids).delete()
    user_ids = list(users.values_list("pk", flat=True))
    User.objects.filter(pk__in=user_ids).delete()
    return ResetSummary(
        programs=n_programs, users=len(user_ids), kept_users=kept, audit_entries=audit_count
    )
