"""A large synthetic ECHO network for benchmarks (`echohub generate_network`).

Bulk inserts in batches, so it works the same on SQLite and PostgreSQL and stays fast: every
account gets one precomputed password hash, rows are built in memory a few programs at a time
and written with bulk_create. Everything is made up; emails are @echohub-network.test.

Shape (defaults: 200 programs, 50,000 people, 300 sessions per program):
- each program: 1-2 hubs, 8 hub members (experts from a shared pool), a program admin and a
  coordinator, 15 spoke sites, weekly sessions in cycles of 30 (half in the past), each with an
  announcement, a didactic (with a slide link) and a case slot;
- every other person is a participant in 1-3 programs, at one of its sites;
- registrations (approved for a tenth of the participants, some pending and declined) and
  audit entries for the series, sites, hub members, registrations and didactics.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from echohub.accounts.models import User
from echohub.core.models import AuditEntry
from echohub.demo import content as C
from echohub.demo.activity import case_titles
from echohub.programs.models import (
    Hub,
    HubMember,
    HubRole,
    Membership,
    Program,
    Registration,
    RegistrationStatus,
    Role,
    Site,
)
from echohub.scheduling.models import AgendaItem, AgendaKind, Resource, Series, Session
from echohub.scheduling.recurrence import local_to_utc, zone

SLUG_PREFIX: Final[str] = "net-"
EMAIL_DOMAIN: Final[str] = "echohub-network.test"
PASSWORD: Final[str] = "echo-network-2026"  # noqa: S105 - synthetic benchmark accounts only
TIME_ZONES: Final[tuple[str, ...]] = (
    "America/Toronto", "America/Toronto", "America/Winnipeg", "America/Edmonton",
    "America/Vancouver", "America/Halifax",
)  # fmt: skip
TOPICS: Final[tuple[str, ...]] = (
    "Chronic Pain", "Hepatitis C", "Dementia Care", "Mental Health", "Addiction Medicine",
    "Palliative Care", "Diabetes", "Heart Failure", "Autism", "Long COVID", "Wound Care",
    "Perinatal Mental Health", "Infectious Disease", "Geriatrics", "Kidney Care", "COPD",
    "Concussion", "2SLGBTQ+ Health", "Eating Disorders", "Child and Youth Mental Health",
)  # fmt: skip
CASE_TITLES: Final[tuple[str, ...]] = case_titles(C.CP_CASES)
REGIONS: Final[tuple[str, ...]] = (
    "Toronto", "Central", "East", "West", "North East", "North West",
)  # fmt: skip
PLACES: Final[tuple[str, ...]] = (
    "Birchwood", "Cedar Falls", "Maple Ridge", "Stonebrook", "Otter Lake", "Pine Hollow",
    "Silver Birch", "Moose River", "Eagle Bay", "Red Cedar", "Willow Creek", "Granite Point",
    "Aspen Grove", "Heron Bay", "Fox Hollow", "Juniper Flats", "Loon Lake", "Elm Ridge",
)  # fmt: skip
SITE_KINDS: Final[tuple[tuple[str, str], ...]] = (
    ("fht", "Family Health Team"), ("chc", "Community Health Centre"), ("clinic", "Clinic"),
    ("nursing_station", "Nursing Station"), ("npled", "Nurse Practitioner-Led Clinic"),
)  # fmt: skip
RURALITY: Final[tuple[str, ...]] = ("urban", "suburban", "rural", "remote")
HUB_ROLES: Final[tuple[str, ...]] = (
    HubRole.CHAIR, HubRole.FACILITATOR, HubRole.DIDACTIC_PRESENTER, HubRole.EXPERT,
    HubRole.EXPERT, HubRole.EXPERT, HubRole.EXPERT, HubRole.EXPERT,
)  # fmt: skip
EXPERT_DISCIPLINES: Final[tuple[str, ...]] = (
    "specialist_physician", "family_physician", "psychologist", "physiotherapist",
    "social_worker", "occupational_therapist", "pharmacist", "registered_nurse",
)  # fmt: skip
SITES_PER_PROGRAM: Final[int] = 15
CYCLE: Final[int] = 30
PROGRAM_CHUNK: Final[int] = 10  # programs whose sessions and agendas are built at once

M = TypeVar("M", bound=Model)


class NetworkExists(Exception):
    """A generated network is already in the database (use --reset)."""


@dataclass(frozen=True)
class NetworkSize:
    programs: int = 200
    people: int = 50_000
    sessions_per_program: int = 300
    seed: int = 1


@dataclass
class NetworkStats:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, name: str, n: int) -> None:
        self.rows[name] = self.rows.get(name, 0) + n

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def network_present() -> bool:
    return Program.objects.filter(slug__startswith=SLUG_PREFIX).exists()


@transaction.atomic
def delete_network() -> tuple[int, int]:
    """Delete the generated programs (everything in them cascades) and generated accounts."""
    programs = Program.objects.filter(slug__startswith=SLUG_PREFIX)
    n_programs = programs.count()
    AuditEntry.objects.filter(program__in=programs).delete()
    programs.delete()
    users = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
    n_users = users.count()
    users.delete()
    return n_programs, n_users


def _batches(items: Sequence[M], size: int) -> Iterator[Sequence[M]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Writer:
    """bulk_create in batches, counting rows."""

    def __init__(self, stats: NetworkStats) -> None:
        self.stats = stats
        self.batch = 2000 if connection.vendor == "postgresql" else 1000

    def write(self, name: str, objs: list[M]) -> list[M]:
        if not objs:
            return objs
        model = type(objs[0])
        made: list[M] = []
        for chunk in _batches(objs, self.batch):
            made.extend(model._default_manager.bulk_create(chunk))
        self.stats.add(name, len(objs))
        return made


def _audit(actor_id: int | None, action: str, obj_type: str, obj_id: int, program_id: int,
           text: str = "") -> AuditEntry:  # fmt: skip
    return AuditEntry(
        actor_id=actor_id,
        action=action,
        program_id=program_id,
        object_type=obj_type,
        object_id=str(obj_id),
        object_repr=text[:200],
    )


def generate_network(
    size: NetworkSize, *, progress: Callable[[str], object] | None = None
) -> NetworkStats:
    """Build the network. Raises NetworkExists when one is already there."""
    if network_present():
        raise NetworkExists("A generated network is already in this database.")
    say = progress or (lambda _msg: None)
    rng = random.Random(size.seed)
    stats = NetworkStats()
    out = _Writer(stats)
    started = time.perf_counter()
    now = timezone.now()

    def step(msg: str) -> None:
        say(f"[{time.perf_counter() - started:6.1f} s] {msg}")

    # People ----------------------------------------------------------------------------------
    step(f"{size.people:,} people")
    password = make_password(PASSWORD)
    professions = [p for p, _w in C.PARTICIPANT_PROFESSIONS]
    weights = [w for _p, w in C.PARTICIPANT_PROFESSIONS]
    n_experts = max(4, min(size.people // 10, size.programs * 4))
    with transaction.atomic():
        users = []
        for i in range(size.people):
            expert = i < n_experts
            profession = (
                EXPERT_DISCIPLINES[i % len(EXPERT_DISCIPLINES)]
                if expert
                else rng.choices(professions, weights)[0]
            )
            users.append(
                User(
                    email=f"person{i:06d}@{EMAIL_DOMAIN}",
                    first_name=rng.choice(C.FIRST_NAMES),
                    last_name=rng.choice(C.LAST_NAMES),
                    profession=profession,
                    credentials=C.CREDENTIALS.get(profession, ""),
                    licence_number=f"NET-{i:06d}",
                    password=password,
                )
            )
        user_ids = [u.pk for u in out.write("people", users)]
        del users
    expert_ids = user_ids[:n_experts]
    expert_index = {uid: i for i, uid in enumerate(expert_ids)}
    participant_ids = user_ids[n_experts:]

    # Programs, hubs, sites, staff ----------------------------------------------------------
    step(f"{size.programs:,} programs with hubs, sites and hub teams")
    with transaction.atomic():
        programs = out.write(
            "programs",
            [
                Program(
                    slug=f"{SLUG_PREFIX}{i:04d}",
                    name=f"{TOPICS[i % len(TOPICS)]} ECHO – {REGIONS[i % len(REGIONS)]} {i}",
                    summary=f"Case-based telementoring on {TOPICS[i % len(TOPICS)].lower()}.",
                    description="A synthetic program generated for benchmarks.",
                    time_zone=TIME_ZONES[i % len(TIME_ZONES)],
                    is_public=i % 10 != 9,
                    registration_open=i % 4 != 3,
                    contact_email=f"program{i:04d}@{EMAIL_DOMAIN}",
                )
                for i in range(size.programs)
            ],
        )
        hubs = out.write(
            "hubs",
            [
                Hub(
                    program=p,
                    name=f"{TOPICS[i % len(TOPICS)]} hub {h + 1}",
                    institution=f"{rng.choice(PLACES)} University Health Centre",
                )
                for i, p in enumerate(programs)
                for h in range(1 + i % 2)
            ],
        )
        hubs_of: dict[int, list[Hub]] = {}
        for hub in hubs:
            hubs_of.setdefault(hub.program_id, []).append(hub)
        sites = out.write(
            "sites",
            [
                Site(
                    program=p,
                    name=f"{PLACES[s % len(PLACES)]} {kind[1]} {s + 1}",
                    kind=kind[0],
                    region=REGIONS[(i + s) % len(REGIONS)],
                    rurality=RURALITY[s % len(RURALITY)],
                    population_served="Synthetic population",
                )
                for i, p in enumerate(programs)
                for s in range(SITES_PER_PROGRAM)
                for kind in [SITE_KINDS[s % len(SITE_KINDS)]]
            ],
        )
        site_ids_of: dict[int, list[int]] = {}
        for site in sites:
            site_ids_of.setdefault(site.program_id, []).append(site.pk)

        team_of: dict[int, list[int]] = {}
        staff_of: dict[int, tuple[int, int]] = {}  # program -> (admin, coordinator)
        members: list[HubMember] = []
        memberships: list[Membership] = []
        audits: list[AuditEntry] = []
        for p in programs:
            team = rng.sample(expert_ids, min(len(HUB_ROLES), len(expert_ids)))
            team_of[p.pk] = team
            admin, coordinator = rng.sample(expert_ids, 2)
            staff_of[p.pk] = (admin, coordinator)
            for n, (uid, hub_role) in enumerate(zip(team, HUB_ROLES, strict=False)):
                members.append(
                    HubMember(
                        hub=hubs_of[p.pk][n % len(hubs_of[p.pk])],
                        user_id=uid,
                        hub_role=hub_role,
                        discipline=EXPERT_DISCIPLINES[expert_index[uid] % len(EXPERT_DISCIPLINES)],
                    )
                )
                memberships.append(Membership(program=p, user_id=uid, role=Role.EXPERT))
            memberships.append(Membership(program=p, user_id=admin, role=Role.PROGRAM_ADMIN))
            memberships.append(Membership(program=p, user_id=coordinator, role=Role.COORDINATOR))
            audits.append(_audit(None, "program.created", "programs.program", p.pk, p.pk, p.name))
            for site_id in site_ids_of[p.pk]:
                audits.append(_audit(coordinator, "site.created", "programs.site", site_id, p.pk))
        members = out.write("hub members", members)
        for m in members:
            pid = m.hub.program_id
            audits.append(
                _audit(staff_of[pid][1], "hub_member.added", "programs.hubmember", m.pk, pid)
            )
        out.write("memberships", memberships)
        out.write("audit entries", audits)
        del memberships, audits, members

    # Participants and registrations --------------------------------------------------------
    step("participants (each in 1-3 programs) and registrations")
    program_ids = [p.pk for p in programs]
    participants_of: dict[int, list[int]] = {pid: [] for pid in program_ids}
    with transaction.atomic():
        memberships = []
        registrations: list[Registration] = []
        for uid in participant_ids:
            k = rng.choices((1, 2, 3), (50, 35, 15))[0]
            for pid in rng.sample(program_ids, min(k, len(program_ids))):
                site_id = rng.choice(site_ids_of[pid])
                participants_of[pid].append(uid)
                consent = rng.random() < 0.6
                memberships.append(
                    Membership(
                        program_id=pid,
                        user_id=uid,
                        role=Role.PARTICIPANT,
                        site_id=site_id,
                        consent_research=consent,
                    )
                )
                if rng.random() < 0.1:
                    registrations.append(
                        Registration(
                            program_id=pid,
                            email=f"person{uid}@{EMAIL_DOMAIN}",
                            first_name="Synthetic",
                            last_name=f"Person {uid}",
                            profession="registered_nurse",
                            licence_number=f"NET-R{uid}",
                            site_id=site_id,
                            consent_research=consent,
                            status=RegistrationStatus.APPROVED,
                            decided_at=now,
                            decided_by_id=staff_of[pid][1],
                            user_id=uid,
                        )
                    )
            if len(memberships) >= 20_000:
                out.write("memberships", memberships)
                memberships = []
        out.write("memberships", memberships)
        for pid in program_ids:
            for j in range(12):
                registrations.append(
                    Registration(
                        program_id=pid,
                        email=f"applicant{pid}-{j}@{EMAIL_DOMAIN}",
                        first_name=rng.choice(C.FIRST_NAMES),
                        last_name=rng.choice(C.LAST_NAMES),
                        profession=rng.choices(professions, weights)[0],
                        licence_number=f"NET-A{pid}-{j}",
                        site_id=rng.choice(site_ids_of[pid]),
                        consent_research=j % 2 == 0,
                        status=RegistrationStatus.DECLINED
                        if j >= 10
                        else RegistrationStatus.PENDING,
                        decided_at=now if j >= 10 else None,
                        decided_by_id=staff_of[pid][1] if j >= 10 else None,
                    )
                )
        registrations = out.write("registrations", registrations)
        audits = []
        for r in registrations:
            audits.append(
                _audit(None, "registration.submitted", "programs.registration", r.pk, r.program_id)
            )
            if r.status != RegistrationStatus.PENDING:
                audits.append(
                    _audit(
                        r.decided_by_id,
                        f"registration.{r.status}",
                        "programs.registration",
                        r.pk,
                        r.program_id,
                    )
                )
        out.write("audit entries", audits)
        del memberships, registrations, audits

    # Series, sessions, agendas -------------------------------------------------------------
    step(f"{size.programs * size.sessions_per_program:,} sessions with agendas")
    for chunk_start in range(0, len(programs), PROGRAM_CHUNK):
        chunk = programs[chunk_start : chunk_start + PROGRAM_CHUNK]
        with transaction.atomic():
            _sessions_for(chunk, size, rng, now, out, team_of, staff_of, participants_of)
        done = chunk_start + len(chunk)
        if done % 50 == 0 or done == len(programs):
            step(f"  sessions for {done}/{len(programs)} programs")
    stats.seconds = time.perf_counter() - started
    step(f"done: {stats.total:,} rows")
    return stats


def _sessions_for(
    programs: Iterable[Program],
    size: NetworkSize,
    rng: random.Random,
    now: dt.datetime,
    out: _Writer,
    team_of: dict[int, list[int]],
    staff_of: dict[int, tuple[int, int]],
    participants_of: dict[int, list[int]],
) -> None:
    n = size.sessions_per_program
    series_rows: list[Series] = []
    plans: list[tuple[Program, list[tuple[dt.datetime, dt.datetime]], int]] = []
    for p in programs:
        tz = zone(p.time_zone)
        weekday = rng.randrange(5)
        start_time = dt.time(rng.choice((8, 12, 12, 13, 16)), rng.choice((0, 30)))
        minutes = rng.choice((60, 90, 90, 120))
        today = now.astimezone(tz).date()
        first = today - dt.timedelta(weeks=n // 2)
        first += dt.timedelta(days=(weekday - first.weekday()) % 7)
        slots = []
        for k in range(n):
            start = local_to_utc(first + dt.timedelta(weeks=k), start_time, tz)
            slots.append((start, start + dt.timedelta(minutes=minutes)))
        plans.append((p, slots, len(series_rows)))
        for c in range(0, n, CYCLE):
            day = first + dt.timedelta(weeks=c)
            series_rows.append(
                Series(
                    program=p,
                    title=f"Cycle {c // CYCLE + 1}",
                    weekday=weekday,
                    first_date=day,
                    count=min(CYCLE, n - c),
                    start_time=start_time,
                    duration_minutes=minutes,
                    time_zone=p.time_zone,
                    video_url=f"https://meet.example.org/{p.slug}",
                )
            )
    series_rows = out.write("series", series_rows)
    sessions: list[Session] = []
    for p, slots, series_offset in plans:
        for k, (start, end) in enumerate(slots):
            sessions.append(
                Session(
                    program=p,
                    series=series_rows[series_offset + k // CYCLE],
                    number=k % CYCLE + 1,
                    title=f"Cycle {k // CYCLE + 1} – Session {k % CYCLE + 1}",
                    starts_at=start,
                    ends_at=end,
                    time_zone=p.time_zone,
                    video_url=f"https://meet.example.org/{p.slug}",
                    status="cancelled" if k % 97 == 96 else "scheduled",
                    cancel_reason="Statutory holiday" if k % 97 == 96 else "",
                )
            )
    sessions = out.write("sessions", sessions)
    items: list[AgendaItem] = []
    for s in sessions:
        pid = s.program_id
        team = team_of[pid]
        people = participants_of[pid]
        past = s.ends_at <= now
        items.append(
            AgendaItem(
                session=s,
                kind=AgendaKind.ANNOUNCEMENT,
                position=1,
                title="Welcome and announcements",
                duration_minutes=5,
            )
        )
        items.append(
            AgendaItem(
                session=s,
                kind=AgendaKind.DIDACTIC,
                position=2,
                title=C.CP_TOPICS[(s.number or 1) - 1][0],
                presenter_id=team[(s.number or 0) % len(team)],
                duration_minutes=20,
            )
        )
        items.append(
            AgendaItem(
                session=s,
                kind=AgendaKind.CASE,
                position=3,
                title=f"Case: {rng.choice(CASE_TITLES)}" if past else "Case presentation (open)",
                presenter_id=rng.choice(people) if past and people else None,
                duration_minutes=30,
            )
        )
    items = out.write("agenda items", items)
    resources = []
    audits = []
    for item in items:
        if item.kind == AgendaKind.DIDACTIC:
            resources.append(
                Resource(
                    agenda_item=item,
                    title=f"Slides: {item.title}"[:200],
                    url=f"https://example.org/slides/{item.pk}",
                )
            )
            pid = item.session.program_id
            audits.append(
                _audit(staff_of[pid][1], "agenda.item_added", "scheduling.agendaitem", item.pk, pid)
            )
    for series in series_rows:
        pid = series.program_id
        audits.append(_audit(staff_of[pid][1], "series.created", "scheduling.series", series.pk,
                             pid, series.title))  # fmt: skip
    out.write("resources", resources)
    out.write("audit entries", audits)


def describe(stats: NetworkStats) -> str:
    parts = ", ".join(f"{n:,} {name}" for name, n in stats.rows.items())
    return f"{stats.total:,} rows in {stats.seconds:.1f} s ({parts})"
