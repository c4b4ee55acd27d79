"""Every read of a case is audited, on every surface that shows it, for every role that may
read it there: roles x surfaces.

One case goes through the hub's week (submitted, reviewed, scheduled, presented, recommended
by two disciplines, sent, followed up, with a plain-language summary), its session is live on
its slot, and a second case like it was sent too (so "similar cases" has something to show).
Each surface is then read by each role. Where the role may read it (status 200), the same
request must have written an audit entry naming the reader (`actor`), the case (`object_id`,
or the `ids` of a list read) and the surface (the `view` in `changes`, or an action that is
itself the surface, e.g. the letter's `case.letter_downloaded`); where the role may not, the
answer names nothing of the case and no read is written. Surface names tell surfaces apart.

The surfaces: the case page, its print view (patient summary), the letter (the export holding
case text), the hub's preparation view, the case list, the session page and its htmx agenda
partial, the home page, the follow-ups page, the API's case and case list, the library entry,
the live console's case panel and the live page's, the similar-cases panel (htmx) and its API.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from echohub.cases import services
from echohub.cases.models import Case
from echohub.core.models import AuditEntry
from echohub.live import services as live
from echohub.programs.models import HubMember, Role
from echohub.scheduling import services as scheduling
from echohub.scheduling.models import AgendaItem, Session
from tests.cases.conftest import CLEAN, MEDS
from tests.factories import (
    HubFactory,
    MembershipFactory,
    ProgramFactory,
    SessionFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TITLE = "Knee pain after a fall, tapering oxycodone slowly"
OTHER = "Knee pain after a fall, tapering hydromorphone"


@pytest.fixture(autouse=True)
def _plain_sign_in(settings: Any) -> None:
    settings.TWO_FACTOR_ENFORCED = False


@dataclass
class Week:
    slug: str
    case: Case
    other: Case
    session: Session
    item: AgendaItem
    people: dict[str, Any]


def _case(presenter: Any, program: Any, title: str) -> Case:
    case = services.start_case(actor=presenter, program=program)
    case = services.save_draft(
        actor=presenter,
        case=case,
        data={**CLEAN, "title": title},
        medications=MEDS,
        scores=[{"instrument": "peg", "items": [7, 6, 8]}],
    )
    return services.submit_case(actor=presenter, case=case)


@pytest.fixture
def week(db: None) -> Week:
    program = ProgramFactory(slug="knee", name="Knee ECHO")
    people: dict[str, Any] = {}
    for role, key, profession in (
        (Role.PROGRAM_ADMIN, "admin", "family_physician"),
        (Role.COORDINATOR, "coordinator", "administrator"),
        (Role.EXPERT, "expert", "pharmacist"),
        (Role.PARTICIPANT, "presenter", "family_physician"),
        (Role.PARTICIPANT, "peer", "registered_nurse"),
        (Role.EVALUATOR, "evaluator", "other"),
    ):
        user = UserFactory(profession=profession)
        MembershipFactory(program=program, user=user, role=role, site=SiteFactory(program=program))
        people[key] = user
    hub = HubFactory(program=program)
    HubMember.objects.create(
        hub=hub, user=people["expert"], hub_role="expert", discipline="pharmacist"
    )
    start = timezone.now() + dt.timedelta(hours=1)
    session = SessionFactory(
        program=program, starts_at=start, ends_at=start + dt.timedelta(minutes=120)
    )
    for position in (1, 2):
        AgendaItem.objects.create(session=session, kind="case", title="slot", position=position)
    coordinator, presenter = people["coordinator"], people["presenter"]
    cases = []
    for title in (TITLE, OTHER):
        case = _case(presenter, program, title)
        services.review_case(actor=coordinator, case=case, approve=True)
        case = services.schedule_case(actor=coordinator, case=case, session=session)
        for discipline, author in (("pharmacy", "expert"), ("medicine", "coordinator")):
            services.save_recommendation(
                actor=people[author],
                case=case,
                discipline=discipline,
                text="Slow the taper to 10 % a month; check sleep and mood at each visit.",
                version=None,
            )
        case = services.send_recommendations(actor=people["admin"], case=case)
        cases.append(case)
    case = cases[0]
    services.save_plain_summary(
        actor=presenter, case=case, text="We will lower the pain pill slowly, month by month."
    )
    services.add_follow_up(
        actor=presenter,
        case=case,
        what_changed="Down to 30 mg a day; sleeping better.",
        medications=[{"drug": "oxycodone", "dose": "10", "unit": "mg", "times_per_day": "3"}],
        scores=[],
    )
    scheduling.ask_for_follow_up_slot(actor=presenter, program=program, case_id=case.pk)
    live.start_session(actor=coordinator, session=session)
    live.next_item(actor=coordinator, session=session)  # the other case's slot, on screen
    case.refresh_from_db()
    assert case.agenda_item is not None
    return Week(program.slug, case, cases[1], session, case.agenda_item, people)


#: Surfaces whose `case.read` names no surface yet (strict xfail: a reminder that fails once
#: they do). Empty since the API case and the library entry name theirs (api.case,
#: library.case).
UNNAMED_ELSEWHERE: dict[str, str] = {}


@dataclass(frozen=True)
class Surface:
    name: str
    #: (week) -> (method, url, data, headers)
    request: Callable[[Week], tuple[str, str, dict[str, Any], dict[str, str]]]
    #: who may read the case there
    readers: frozenset[str]
    #: the case read there: "case" (the week's case) or "other" (similar cases show the other)
    shows: str = "case"


def _get(url: Callable[[Week], str], **headers: str) -> Callable[[Week], Any]:
    return lambda w: ("get", url(w), {}, headers)


HUB = frozenset({"admin", "coordinator", "expert"})
HUB_AND_PRESENTER = HUB | {"presenter"}
MEMBERS = HUB_AND_PRESENTER | {"peer"}

SURFACES = [
    Surface("case page", _get(lambda w: f"/p/{w.slug}/cases/{w.case.pk}/"), MEMBERS),
    Surface(
        "print view (patient summary)",
        _get(lambda w: f"/p/{w.slug}/cases/{w.case.pk}/patient-summary/"),
        frozenset({"presenter"}),
    ),
    Surface(
        "letter export (PDF)",
        _get(lambda w: f"/p/{w.slug}/cases/{w.case.pk}/letter.pdf"),
        HUB_AND_PRESENTER,
    ),
    Surface(
        "hub preparation view",
        _get(lambda w: f"/p/{w.slug}/sessions/{w.session.pk}/cases/"),
        HUB,
    ),
    Surface("case list", _get(lambda w: f"/p/{w.slug}/cases/?status=followed_up"), MEMBERS),
    Surface("session page", _get(lambda w: f"/p/{w.slug}/sessions/{w.session.pk}/"), MEMBERS),
    Surface(
        "agenda htmx partial",
        lambda w: (
            "post",
            f"/p/{w.slug}/sessions/{w.session.pk}/agenda/{w.item.pk}/resources/",
            {"title": "Slides", "url": "https://example.org/slides.pdf"},
            {"HTTP_HX_REQUEST": "true"},
        ),
        frozenset({"admin", "coordinator"}),
    ),
    Surface("home page", _get(lambda w: "/"), MEMBERS),
    Surface(
        "follow-up requests",
        _get(lambda w: f"/p/{w.slug}/sessions/follow-ups/"),
        frozenset({"admin", "coordinator", "presenter"}),
    ),
    Surface("API case", _get(lambda w: f"/api/v1/programs/{w.slug}/cases/{w.case.pk}"), MEMBERS),
    Surface(
        "API case list",
        _get(lambda w: f"/api/v1/programs/{w.slug}/cases?status=followed_up"),
        MEMBERS,
    ),
    Surface("library entry", _get(lambda w: f"/p/{w.slug}/library/cases/{w.case.pk}/"), MEMBERS),
    Surface(
        "live console case panel",
        _get(lambda w: f"/p/{w.slug}/live/{w.session.pk}/console/?part=case"),
        frozenset({"admin", "coordinator", "expert"}),
        shows="other",
    ),
    Surface(
        "live page case panel",
        _get(lambda w: f"/p/{w.slug}/live/{w.session.pk}/?part=case"),
        MEMBERS,
        shows="other",
    ),
    Surface(
        "similar cases (htmx)",
        _get(lambda w: f"/p/{w.slug}/search/similar/{w.case.pk}/", HTTP_HX_REQUEST="true"),
        MEMBERS,
        shows="other",
    ),
    Surface(
        "similar cases (API)",
        _get(lambda w: f"/api/v1/cases/{w.case.pk}/similar"),
        MEMBERS,
        shows="other",
    ),
]
ROLES = ["admin", "coordinator", "expert", "presenter", "peer", "evaluator"]


def _surface_of(entry: AuditEntry) -> str:
    """The surface an audit entry names: its `view`, else an action that is a surface itself."""
    view = (entry.changes or {}).get("view") or ""
    if view:
        return str(view)
    return entry.action if entry.action not in ("case.read", "case.list_read") else ""


def _names(entry: AuditEntry, pk: int) -> bool:
    ids = {str(v) for v in (entry.changes or {}).get("ids", [])}
    return entry.object_type == "cases.case" and (entry.object_id == str(pk) or str(pk) in ids)


def _read(week: Week, surface: Surface, role: str) -> tuple[Any, list[AuditEntry], Case]:
    client = Client()
    client.force_login(week.people[role])
    method, url, data, headers = surface.request(week)
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = getattr(client, method)(url, data, HTTP_ACCEPT_LANGUAGE="en", **headers)
    shown = week.case if surface.shows == "case" else week.other
    entries = [e for e in AuditEntry.objects.filter(pk__gt=last) if _names(e, shown.pk)]
    return response, entries, shown


def _marked(surface: Surface) -> Any:
    reason = UNNAMED_ELSEWHERE.get(surface.name)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(surface, id=surface.name, marks=marks)


@pytest.mark.parametrize("surface", [_marked(s) for s in SURFACES])
def test_every_read_of_a_case_is_audited_naming_reader_case_and_surface(
    week: Week, surface: Surface
) -> None:
    """Each role in turn (one world per surface: the roles read the same week)."""
    problems = []
    for role in ROLES:
        response, entries, shown = _read(week, surface, role)
        body = response.content.decode("utf-8", "replace")
        if role not in surface.readers:
            if shown.title in body or entries:
                problems.append(f"{role}: not a reader here, yet shown or audited ({entries})")
            continue
        if response.status_code != 200:
            problems.append(f"{role}: {response.status_code} {body[:200]}")
        elif not entries:
            problems.append(f"{role}: read case {shown.pk}, no audit entry names it")
        elif any(e.actor_id != week.people[role].pk for e in entries):
            problems.append(f"{role}: an entry names another reader")
        elif not all(_surface_of(e) for e in entries):
            unnamed = [(e.action, e.changes) for e in entries if not _surface_of(e)]
            problems.append(f"{role}: entry names no surface {unnamed}")
    assert not problems, "\n".join(problems)


def test_each_surface_has_its_own_name_in_the_audit_log(week: Week) -> None:
    """The audit log tells surfaces apart: two surfaces never write the same surface name."""
    named: dict[str, set[str]] = {}
    for surface in SURFACES:
        role = sorted(surface.readers)[0]
        _response, entries, _shown = _read(week, surface, role)
        named[surface.name] = {_surface_of(e) for e in entries}
    seen: dict[str, str] = {}
    clashes = []
    for surface, names in named.items():
        for name in names - {""}:  # an unnamed surface fails the test above
            if name in seen and seen[name] != surface:
                clashes.append((name, seen[name], surface))
            seen.setdefault(name, surface)
    assert not clashes, clashes
