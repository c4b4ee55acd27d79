"""Demo surveys: each demo program adopts the shipped post-session evaluation and the pre- and
post-cycle self-efficacy surveys; ended sessions get invitations and synthetic responses (about
half answer). Synthetic only; deterministic for a seed. The demo participant keeps the latest
session's evaluation unanswered, so it shows on their home page."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from echohub.evaluation import services
from echohub.evaluation.models import (
    Answer,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyInvitation,
)
from echohub.programs.models import Membership, Program, Role
from echohub.scheduling.models import Session, SessionStatus

DEMO_PARTICIPANT = "participant@example.org"
COMMENTS = [
    "The tapering didactic was practical; the case discussion helped me with a similar patient.",
    "Please share the slides before the session.",
    "More time for questions from the spokes would help.",
    "Useful to hear the pharmacist's view on switching formulations.",
]


def _answers(rng: random.Random, questions: list[Question], response: Response) -> list[Answer]:
    rows: list[Answer] = []
    for q in questions:
        values = [o["value"] for o in q.options]
        if q.kind == QuestionKind.LIKERT:
            v = rng.choices(values, weights=[1, 2, 4, 8, 5][: len(values)])[0]
            rows.append(Answer(response=response, question=q, number=Decimal(v), text=v))
        elif q.kind == QuestionKind.SINGLE:
            rows.append(Answer(response=response, question=q, text=rng.choice(values)))
        elif q.kind == QuestionKind.MULTIPLE:
            rows.extend(
                Answer(response=response, question=q, text=v)
                for v in rng.sample(values, rng.randint(1, len(values)))
            )
        elif q.kind == QuestionKind.MATRIX:
            for row in q.rows:
                v = rng.choice(values[1:4])
                rows.append(
                    Answer(
                        response=response,
                        question=q,
                        row_key=row["key"],
                        number=Decimal(v),
                        text=v,
                    )
                )
        elif q.kind == QuestionKind.NUMBER:
            rows.append(Answer(response=response, question=q, number=Decimal(rng.randint(2, 40))))
        elif q.kind == QuestionKind.TEXT and rng.random() < 0.3:
            rows.append(Answer(response=response, question=q, text=rng.choice(COMMENTS)))
    return rows


def _invite_and_answer(
    rng: random.Random,
    survey: Survey,
    session: Session | None,
    people: Iterable[Any],
    when: dt.datetime,
    keep_open: set[int],
) -> None:
    questions = list(survey.questions.all())
    answers: list[Answer] = []
    for user in people:
        responds = user.pk not in keep_open and rng.random() < 0.55
        SurveyInvitation.objects.create(
            survey=survey,
            session=session,
            user=user,
            token_hash=services.hash_token(secrets.token_urlsafe(24)),
            sent_at=when,
            responded=responds,
            responded_at=None if survey.anonymous or not responds else when,
        )
        if responds:
            response = Response.objects.create(
                survey=survey,
                session=session,
                user=None if survey.anonymous else user,
                submitted_on=when.date(),
                submitted_at=None if survey.anonymous else when,
            )
            answers.extend(_answers(rng, questions, response))
    Answer.objects.bulk_create(answers, batch_size=500)


def add_surveys(*, programs: Iterable[Program], now: dt.datetime, seed: int) -> int:
    """Adopt the templates in each program and answer them for the ended sessions. Returns
    the number of surveys created."""
    rng = random.Random(seed)
    created = 0
    for program in programs:
        coordinator = (
            Membership.objects.filter(program=program, role=Role.COORDINATOR)
            .select_related("user")
            .first()
        )
        actor = coordinator.user if coordinator else None
        participants = [
            m.user
            for m in Membership.objects.filter(
                program=program, role=Role.PARTICIPANT, is_active=True
            )
            .select_related("user")
            .order_by("user_id")
        ]
        keep_open = {u.pk for u in participants if u.email == DEMO_PARTICIPANT}
        ended = list(
            Session.objects.filter(program=program, ends_at__lte=now)
            .exclude(status=SessionStatus.CANCELLED)
            .order_by("starts_at")
        )
        post = services.create_survey(actor=actor, program=program, template_key="post_session")
        post = services.open_survey(actor=actor, survey=post)
        Survey.objects.filter(pk=post.pk).update(opened_at=now - dt.timedelta(days=365))
        pre = services.create_survey(
            actor=actor, program=program, template_key="pre_cycle_self_efficacy"
        )
        services.update_survey(actor=actor, survey=pre, data={"anonymous": True})
        pre = services.open_survey(actor=actor, survey=pre)
        closing = services.create_survey(
            actor=actor, program=program, template_key="post_cycle_self_efficacy"
        )
        services.update_survey(
            actor=actor, survey=closing, data={"anonymous": True, "pre_survey": pre}
        )
        created += 3
        for i, session in enumerate(ended):
            # The latest session's evaluation waits for the demo participant's answer.
            waiting = keep_open if i == len(ended) - 1 else set()
            _invite_and_answer(rng, post, session, participants, session.ends_at, waiting)
        if ended:
            _invite_and_answer(rng, pre, None, participants, ended[0].ends_at, set())
    return created
