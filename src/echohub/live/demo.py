"""The demo's live content (synthetic), added after the rest of the demo is loaded: the first
program's session that is on now runs live (started on time, a quarter of an hour ago at most,
on its second item once the first is over), with spokes who opened their join link (two of
them late) and their questions, so the console and the live page have something to show.

Only a session actually on now (its start window open and not over: `session_on_now`): at the
demo's "running" stage `echohub.demo.data` makes sure there is one (the Thursday session when
loaded during it, else an extra session today); before the cycle starts or after it ends,
nothing runs live. Never a session days away: the console refuses to start one
(`services.start_refusal`), and its pages showed next week's date beside "Running"."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from typing import Final

from echohub.cases.models import Case, CaseStatus
from echohub.joining.models import JoinEvent, JoinOutcome
from echohub.live import queries, services
from echohub.live.models import ItemTiming, LiveSession
from echohub.programs.models import Membership, Program, Role
from echohub.scheduling.models import Session, SessionStatus

QUESTIONS = [
    "Would you check a urine drug screen before starting the taper?",
    "How do you explain a slow taper to someone who is afraid of more pain?",
    "Is there a role for buprenorphine when the taper stalls?",
]

#: How long before the load the demo's live session started, at most (never before its
#: planned start: it started on time, or early within its window if it starts within the hour).
STARTED_AGO: Final = dt.timedelta(minutes=15)


def session_on_now(program: Program, now: dt.datetime) -> Session | None:
    """The program's scheduled session that may be started at `now` (its start window is open:
    `services.START_OPENS_BEFORE`, and it is not over), the earliest first."""
    return (
        Session.objects.filter(
            program=program,
            status=SessionStatus.SCHEDULED,
            starts_at__lte=now + services.START_OPENS_BEFORE,
            ends_at__gt=now,
        )
        .order_by("starts_at")
        .first()
    )


def add(*, programs: Iterable[Program], now: dt.datetime, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - synthetic demo choices, not secrets
    program = next(iter(programs), None)
    if program is None:
        return
    session = session_on_now(program, now)
    coordinator = (
        Membership.objects.filter(program=program, role=Role.COORDINATOR, is_active=True)
        .select_related("user")
        .first()
    )
    if session is None or coordinator is None or not session.agenda_items.exists():
        return  # nothing is on now: nothing runs live
    actor = coordinator.user
    participants = [
        m.user
        for m in Membership.objects.filter(
            program=program, role=Role.PARTICIPANT, is_active=True
        ).select_related("user")[:10]
    ]
    services.start_session(actor=actor, session=session)
    # The demo's history: the console was started at the planned start (or now, when that is
    # still to come), up to STARTED_AGO before the load, as it would have been written then.
    started = min(now, max(session.starts_at, now - STARTED_AGO))
    LiveSession.objects.filter(session=session).update(started_at=started)
    ItemTiming.objects.filter(live__session=session, started_at__isnull=False).update(
        started_at=started
    )
    first = queries.agenda(session, now).current
    if first is not None and first.due_at is not None and first.due_at <= now:
        services.next_item(actor=actor, session=session)  # its first item is over, on time:
        timings = ItemTiming.objects.filter(live__session=session)
        timings.filter(item=first.item).update(ended_at=first.due_at)
        timings.filter(started_at__isnull=False, ended_at__isnull=True).update(
            started_at=first.due_at
        )
    for i, person in enumerate(participants[:8]):  # who clicked their join link, two late
        event = JoinEvent.objects.create(
            session=session, user=person, provider="jitsi", outcome=JoinOutcome.REDIRECTED
        )
        at = min(now, started + dt.timedelta(minutes=(6 + i) if i >= 6 else -(i + 1)))
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
