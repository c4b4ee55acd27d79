"""The demo's live content (synthetic), added after the rest of the demo is loaded: the first
program's next session is shown as if it were running now (started, on its second item),
with questions from spokes and a scribe's draft, so the console and the live page have
something to show."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable

from echohub.cases.models import Case, CaseStatus
from echohub.joining.models import JoinEvent, JoinOutcome
from echohub.live import queries, services
from echohub.programs.models import Membership, Program, Role
from echohub.scheduling.models import Session, SessionStatus

QUESTIONS = [
    "Would you check a urine drug screen before starting the taper?",
    "How do you explain a slow taper to someone who is afraid of more pain?",
    "Is there a role for buprenorphine when the taper stalls?",
]


def add(*, programs: Iterable[Program], now: dt.datetime, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - synthetic demo choices, not secrets
    program = next(iter(programs), None)
    if program is None:
        return
    session = (
        Session.objects.filter(program=program, status=SessionStatus.SCHEDULED, starts_at__gt=now)
        .order_by("starts_at")
        .first()
    )
    coordinator = (
        Membership.objects.filter(program=program, role=Role.COORDINATOR, is_active=True)
        .select_related("user")
        .first()
    )
    if session is None or coordinator is None or not session.agenda_items.exists():
        return
    actor = coordinator.user
    participants = [
        m.user
        for m in Membership.objects.filter(
            program=program, role=Role.PARTICIPANT, is_active=True
        ).select_related("user")[:10]
    ]
    services.start_session(actor=actor, session=session)
    case_item = Case.objects.filter(session=session).values_list("agenda_item_id", flat=True)
    target = next(iter(case_item), None)
    for _step in range(session.agenda_items.count()):  # on to the case, as if mid-session
        live = queries.live_of(session)
        if live is None or live.current_item_id == target or target is None:
            break
        services.next_item(actor=actor, session=session)
    live = queries.live_of(session)
    started = live.started_at if live and live.started_at else now
    for i, person in enumerate(participants[:8]):  # who clicked their join link, two late
        event = JoinEvent.objects.create(
            session=session, user=person, provider="jitsi", outcome=JoinOutcome.REDIRECTED
        )
        at = started + dt.timedelta(minutes=(12 + i) if i >= 6 else -(i + 1))
        JoinEvent.objects.filter(pk=event.pk).update(at=at)
    for text in QUESTIONS:
        if participants:
            services.ask_question(actor=rng.choice(participants), session=session, text=text)
    case = Case.objects.filter(session=session, status=CaseStatus.SCHEDULED).first()
    if case is not None:
        services.save_draft(
            actor=actor,
            session=session,
            case=case,
            discipline="pharmacy",
            text="Reduce the long-acting opioid by 10 % of the starting dose every 4 weeks; "
            "keep the short-acting doses unchanged for now.",
            version=0,
        )
