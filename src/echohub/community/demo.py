"""The demo's community content (synthetic), added after the rest of the demo is loaded: a few
topics and discussions in the pain program, a case follow-up, questions after a talk, a report
for the moderation queue. Written through the services, so every text passes the identifier
check like a member's would (none of it names or numbers anyone)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from echohub.accounts.models import User
from echohub.cases.models import Case
from echohub.community import services
from echohub.community.models import Post, PostStatus, Thread
from echohub.community.queries import CASE_THREAD_STATUSES
from echohub.programs.models import Membership, Program, Role
from echohub.scheduling.models import AgendaItem, AgendaKind

TOPICS = [
    (
        "Opioid tapering",
        "Slow tapers, withdrawal, talking with patients about dose changes.",
        "Réduction progressive des opioïdes",
        "Réductions lentes, sevrage, parler des changements de dose avec les patients.",
    ),
    (
        "Buprenorphine and opioid use disorder",
        "Starting, rotating, micro-induction.",
        "Buprénorphine et trouble lié à l’usage d’opioïdes",
        "Amorce, rotation, micro-induction.",
    ),
    (
        "Pain psychology and self-management",
        "Pacing, sleep, mood, community programs.",
        "Psychologie de la douleur et autogestion",
        "Dosage des activités, sommeil, humeur, programmes communautaires.",
    ),
    (
        "Practice and system questions",
        "Referrals, documentation, team roles.",
        "Questions de pratique et de système",
        "Demandes de consultation, documentation, rôles dans l’équipe.",
    ),
]

# (topic index, title, [(speaker, text), ...]); speakers: "participant", "expert", "coordinator",
# "other" (another participant of the program).
THREADS = [
    (
        0,
        "How fast is too fast for a long-term opioid taper?",
        [
            (
                "participant",
                "A patient on a high dose for many years asked to taper. Our team suggested "
                "a **10% reduction per month**. Is that a reasonable start, and when do you "
                "pause?",
            ),
            (
                "expert",
                "A monthly reduction of 5 to 10% of the current dose is a good start. Pause "
                "when function or sleep worsens, not only when pain rises.\n\n"
                "- Agree the pace together\n- Review every two to four weeks\n"
                "- Offer *non-drug* supports at each step",
            ),
            (
                "other",
                "We use the same approach. Writing the plan down with the patient helped a lot.",
            ),
        ],
    ),
    (
        1,
        "Micro-induction when a patient cannot go into withdrawal",
        [
            (
                "other",
                "Has anyone started buprenorphine with small overlapping doses in a rural "
                "practice without a pharmacy open every day?",
            ),
            (
                "expert",
                "Yes: plan the doses ahead, blister-pack them, and give the patient a written "
                "schedule. The hub can share a template; see the program library.",
            ),
        ],
    ),
    (
        2,
        "Pacing handouts in plain language",
        [
            (
                "coordinator",
                "Share the pacing and sleep handouts your patients found useful (links to "
                "public resources only, please).",
            ),
            (
                "participant",
                "The pain self-management handouts from the provincial program work well; "
                "they are in the program library.",
            ),
        ],
    ),
]

CASE_FOLLOW_UP = [
    (
        "participant",
        "A follow-up after the session: the slower taper is going well and sleep is better. "
        "Should we keep the same pace over the holidays?",
    ),
    (
        "expert",
        "Keep the pace if function holds; a planned pause over the holidays is fine too. "
        "Check in after the break.",
    ),
]

TALK_QUESTIONS = [
    ("other", "Thank you for the talk. Which screening tool would you use first for mood?"),
    ("expert", "A short validated screen at the first visit, then repeat it at each review."),
]


def _people(program: Program) -> dict[str, User]:
    by_role: dict[str, User] = {}
    roles = {
        "participant": Role.PARTICIPANT,
        "expert": Role.EXPERT,
        "coordinator": Role.COORDINATOR,
    }
    emails = {
        "participant": "participant@example.org",
        "expert": "expert@example.org",
        "coordinator": "coordinator@example.org",
    }
    for key, role in roles.items():
        member = (
            Membership.objects.filter(program=program, role=role, is_active=True)
            .select_related("user")
            .order_by("-user__email")
        )
        found = member.filter(user__email=emails[key]).first() or member.first()
        if found is not None:
            by_role[key] = found.user
    other = (
        Membership.objects.filter(program=program, role=Role.PARTICIPANT, is_active=True)
        .exclude(user__email=emails["participant"])
        .select_related("user")
        .order_by("user__email")
        .first()
    )
    if other is not None:
        by_role["other"] = other.user
    return by_role


def _say(thread: Thread, people: dict[str, User], lines: list[tuple[str, str]]) -> list[Post]:
    posts = []
    for who, text in lines:
        actor = people.get(who) or people["coordinator"]
        posts.append(services.reply(actor=actor, thread=thread, body=text))
    return posts


def add(*, programs: Iterable[Program], now: dt.datetime, seed: int) -> None:
    """Topics and discussions in the first (pain) program; nothing when it lacks the roles."""
    program = next(iter(programs), None)
    if program is None:
        return
    people = _people(program)
    if not {"participant", "expert", "coordinator"} <= set(people):
        return
    coordinator = people["coordinator"]
    topics = [
        services.save_topic(
            actor=coordinator,
            program=program,
            title=title,
            description=about,
            title_fr=title_fr,
            description_fr=about_fr,
        )
        for title, about, title_fr, about_fr in TOPICS
    ]
    for index, title, lines in THREADS:
        who, first = lines[0]
        author = people.get(who) or coordinator
        post = services.start_thread(actor=author, topic=topics[index], title=title, body=first)
        replies = _say(post.thread, people, lines[1:])
        if replies and replies[0].author_id != author.pk:  # nobody reacts to their own
            services.toggle_reaction(actor=author, post=replies[0], kind="helpful")
            if index == 0:
                services.accept_answer(actor=author, post=replies[0], thread=post.thread)
    pinned = Thread.objects.filter(topic=topics[2]).first()
    if pinned is not None:
        services.moderate_thread(actor=coordinator, thread=pinned, action="pin")
    # A report waiting in the moderation queue.
    reported = Post.objects.filter(thread__topic=topics[0], status=PostStatus.PUBLISHED).last()
    if reported is not None and "expert" in people:
        services.report_post(
            actor=people["expert"], post=reported, reason="Duplicate of an earlier answer"
        )
    # A presented case of the demo participant gets its follow-up thread.
    case = (
        Case.objects.filter(
            program=program, presenter=people["participant"], status__in=CASE_THREAD_STATUSES
        )
        .order_by("pk")
        .first()
    )
    if case is not None:
        _say(services.case_thread(actor=people["participant"], case=case), people, CASE_FOLLOW_UP)
    talk = (
        AgendaItem.objects.filter(
            session__program=program, kind=AgendaKind.DIDACTIC, session__starts_at__lt=now
        )
        .order_by("-session__starts_at")
        .first()
    )
    if talk is not None:
        _say(services.talk_thread(actor=people["participant"], item=talk), people, TALK_QUESTIONS)
