"""The demo's mentoring content (synthetic), added after the rest of the demo is loaded: bilingual
topics, mentors (the demo expert and other hub experts), questions from the demo participant and
other participants spread over the past months (so the figures page has figures), one with an
answer, a scheduled call and a call note, one waiting for triage. Written through the services,
so every text passes the identifier check like a member's would (none names or numbers anyone).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from echohub.accounts.models import User
from echohub.mentoring import calls, services
from echohub.mentoring.models import Question
from echohub.programs.models import Membership, Program, Role

TOPICS = [
    ("Opioid tapering", "Réduction progressive des opioïdes"),
    ("Opioid use disorder treatment", "Traitement du trouble lié à l’usage d’opioïdes"),
    ("Pain psychology", "Psychologie de la douleur"),
    ("Practice and referrals", "Pratique et orientation"),
]

QUESTIONS = [
    (
        0,
        "A patient on a stable long-term dose asks to taper. How slowly should we start, and "
        "what do we watch for in the first month?",
    ),
    (
        1,
        "When is a move from full-agonist opioids to buprenorphine worth raising with a patient "
        "who is doing well on their current dose?",
    ),
    (
        2,
        "What brief pacing advice works in a short primary-care visit for someone whose pain "
        "flares after every busy day?",
    ),
    (0, "Our team disagrees on pausing a taper when sleep worsens. What do you usually do?"),
    (
        3,
        "Which community programs for chronic pain self-management accept referrals from a "
        "nurse practitioner?",
    ),
    (1, "How do you explain micro-induction to a patient worried about withdrawal?"),
    (2, "Is a sleep diary worth the effort for a patient who finds forms hard?"),
    (0, "How often should we review a slow taper once it is going well?"),
]
ANSWER = (
    "Start with a reduction of 5 to 10% of the current dose a month, agreed together. Review "
    "every two to four weeks; pause when function or sleep worsens, not only when pain rises."
)
FOLLOW_UP = "Thank you. Could we talk it through by phone this week?"
CALL_NOTE = "We discussed pacing the taper, sleep and a plan for the next review."


def _members(program: Program, role: str) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(program=program, role=role, is_active=True)
        .select_related("user")
        .order_by("user__email")
    ]


def add(*, programs: Iterable[Program], now: dt.datetime, seed: int) -> None:
    """Mentoring in the first (pain) program; nothing when it lacks the roles."""
    program = next(iter(programs), None)
    if program is None:
        return
    coordinators = _members(program, Role.COORDINATOR)
    experts = _members(program, Role.EXPERT)
    participants = _members(program, Role.PARTICIPANT)
    if not coordinators or not experts or not participants:
        return
    coordinator = next((u for u in coordinators if u.email == "coordinator@example.org"), None)
    coordinator = coordinator or coordinators[0]
    services.save_settings(
        actor=coordinator,
        program=program,
        first_answer_days=2,
        remind_hours=24,
        holiday_region=services.settings_for(program).holiday_region,
        credit_mode="per_hour",
        credits_per_hour=Decimal("0.5"),
        credit_statement="Self-Learning credits (Mainpro+ Non-Certified Activity): claim them "
        "with your college; this page lists what you recorded.",
        credit_statement_fr="Crédits d’autoapprentissage (Mainpro+, activité non certifiée)\u00a0: "
        "déclarez-les à votre collège; cette page liste ce que vous avez noté.",
    )
    topics = [
        services.save_topic(actor=coordinator, program=program, name=en, name_fr=fr, position=i)
        for i, (en, fr) in enumerate(TOPICS)
    ]
    demo_expert = next((u for u in experts if u.email == "expert@example.org"), experts[0])
    mentors = [
        services.save_mentor(
            actor=coordinator,
            program=program,
            user=demo_expert,
            disciplines="Pain medicine",
            disciplines_fr="Médecine de la douleur",
            topics=topics[:2],
            capacity=6,
        )
    ]
    for i, user in enumerate(u for u in experts if u != demo_expert):
        if i >= 2:
            break
        mentors.append(
            services.save_mentor(
                actor=coordinator,
                program=program,
                user=user,
                disciplines=["Psychology", "Pharmacy"][i],
                disciplines_fr=["Psychologie", "Pharmacie"][i],
                topics=[topics[2]] if i == 0 else [topics[0], topics[1]],
                capacity=3,
            )
        )
    demo_participant = next(
        (u for u in participants if u.email == "participant@example.org"), participants[0]
    )
    askers = [demo_participant, *(u for u in participants if u != demo_participant)][:8]
    asked: list[Question] = []
    for n, (topic_index, text) in enumerate(QUESTIONS):
        asker = askers[n % len(askers)]
        try:
            q = services.ask(actor=asker, program=program, body=text, topic=topics[topic_index])
        except services.DomainError:
            continue  # e.g. the asker is a mentor of nothing that fits: skipped, not faked
        asked.append(q)
    # Spread the older ones over the past months and answer most of them.
    for n, q in enumerate(asked):
        q.refresh_from_db()
        if q.mentor_id and n != 1:
            mentor_user = q.mentor.user  # type: ignore[union-attr]
            services.write(actor=mentor_user, question=q, body=ANSWER)
        if n >= 2:
            back = dt.timedelta(days=12 * n + 3)
            q.refresh_from_db()
            Question.objects.filter(pk=q.pk).update(
                created_at=now - back,
                asked_at=now - back,
                routed_at=now - back,
                due_at=(q.due_at or now) - back,
                remind_at=(q.remind_at or now) - back,
                first_answer_at=(now - back + dt.timedelta(hours=5 + 7 * n))
                if q.first_answer_at
                else None,
            )
    # The demo participant's first question: a follow-up, a scheduled call and its note.
    first = asked[0] if asked else None
    if first is not None:
        first.refresh_from_db()
        if first.mentor_id:
            _converse(first, demo_participant)
    # One question waiting for a coordinator (no topic).
    with contextlib.suppress(services.DomainError):
        services.ask(
            actor=askers[-1],
            program=program,
            body="Who could advise on a practice policy for early refills?",
        )


def _converse(first: Question, demo_participant: User) -> None:
    from django.utils import timezone

    soon = timezone.now()  # call times must be in the future, whatever `now` the demo has
    mentor_user = first.mentor.user  # type: ignore[union-attr]
    try:
        services.write(actor=demo_participant, question=first, body=FOLLOW_UP)
        call = calls.request_call(
            actor=demo_participant,
            question=first,
            proposed=[soon + dt.timedelta(days=2, hours=h) for h in (1, 3)],
        )
        calls.choose_call_time(
            actor=mentor_user,
            call=call,
            when=calls.proposed_times(call)[0],
        )
        calls.record_call_note(
            actor=mentor_user,
            question=first,
            body=CALL_NOTE,
        )
        calls.log_time(actor=mentor_user, question=first, minutes=25)
        calls.claim_credit(actor=demo_participant, question=first, minutes=45)
    except services.DomainError:
        pass  # e.g. a demo loaded "in the past": the call is left out rather than faked
