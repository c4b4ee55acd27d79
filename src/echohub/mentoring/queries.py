"""Reads of mentoring: who sees which question, and the program's figures.

A question's conversation is seen by its asker and the mentor it is with, nobody else (a
coordinator who is neither gets 404 on its page and in the API). Coordinators list questions
through `metadata` (topic, dates, status, who), which never touches a message.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from echohub.core.smallcells import MIN_PEOPLE, count_people, hidden_figure, hidden_groups
from echohub.mentoring.models import (
    LOAD_STATUSES,
    CreditClaim,
    Mentor,
    Message,
    MessageStatus,
    Notice,
    Question,
    QuestionStatus,
    TimeLog,
)
from echohub.programs.models import Program

QUESTIONS_PER_PAGE = 20
MESSAGES_PER_PAGE = 50
#: Months shown on the figures page.
MONTHS = 12


def my_questions(user: Any, program: Program) -> QuerySet[Question]:
    """The questions `user` asked or holds as mentor in `program` (held ones: the asker's). A
    mentor a coordinator switched off holds none (their questions were routed on)."""
    return (
        Question.objects.filter(program=program)
        .filter(Q(asker_id=user.pk) | Q(mentor__user_id=user.pk, mentor__active=True))
        .select_related("topic", "mentor__user", "asker")
        .order_by("-created_at", "-pk")
    )


def mentor_shown_to_asker(question: Question) -> bool:
    """Whether the asker may see who their mentor is: only once a mentor accepted the question
    (open or closed after it). While it is offered, the asker is not told to whom, so never
    who passed on it."""
    accepted = question.accepted_at is not None
    return accepted and question.status in (QuestionStatus.OPEN, QuestionStatus.CLOSED)


def question_for_party(user: Any, program: Program, pk: int) -> Question | None:
    return my_questions(user, program).filter(pk=pk).first()


def messages_for(user: Any, question: Question) -> QuerySet[Message]:
    """A question's messages as one party sees them: sent ones, and their own held ones."""
    return (
        Message.objects.filter(question=question)
        .filter(Q(status=MessageStatus.SENT) | Q(author_id=user.pk))
        .select_related("author")
        .order_by("pk")
    )


def mentor_of(user: Any, program: Program) -> Mentor | None:
    return Mentor.objects.filter(program=program, user_id=user.pk).first()


#: The mentor's latest time entries listed on /mentoring/ (the total counts them all).
TIME_LOGS_SHOWN = 20


def time_logged(user: Any, program: Program) -> dict[str, Any]:
    """A mentor's own time log in a program: total minutes and entries (one aggregate), and
    the latest TIME_LOGS_SHOWN entries with their question (one query). Each entry says whether
    its question is still the mentor's (a passed or released one is named, not linked)."""
    mine = TimeLog.objects.filter(user_id=user.pk, question__program=program)
    totals = mine.aggregate(minutes=Sum("minutes"), entries=Count("pk"))
    recent = list(
        mine.select_related("question__mentor", "question__topic").order_by("-created_at", "-pk")[
            :TIME_LOGS_SHOWN
        ]
    )
    for entry in recent:
        mentor = entry.question.mentor
        entry.linked = mentor is not None and mentor.user_id == user.pk  # type: ignore[attr-defined]
    minutes = int(totals["minutes"] or 0)
    return {
        "minutes": minutes,
        "hours": minutes // 60,
        "rest": minutes % 60,
        "entries": int(totals["entries"] or 0),
        "recent": recent,
    }


def metadata(program: Program) -> QuerySet[Question]:
    """Every sent question of the program, for coordinators: metadata only (no message)."""
    return (
        Question.objects.filter(program=program)
        .exclude(status=QuestionStatus.HELD)
        .select_related("topic", "mentor__user", "asker")
        .only(
            "pk",
            "program_id",
            "status",
            "source",
            "created_at",
            "asked_at",
            "routed_at",
            "accepted_at",
            "first_answer_at",
            "closed_at",
            "due_at",
            "escalated_at",
            "topic__name",
            "topic__name_fr",
            "asker__first_name",
            "asker__last_name",
            "asker__email",
            "mentor__user__first_name",
            "mentor__user__last_name",
            "mentor__user__email",
        )
        .order_by("-asked_at", "-pk")
    )


def mentors_with_load(program: Program) -> QuerySet[Mentor]:
    from django.db.models import Count

    return (
        Mentor.objects.filter(program=program)
        .select_related("user")
        .prefetch_related("topics")
        .annotate(
            load=Count("questions", filter=Q(questions__status__in=LOAD_STATUSES), distinct=True)
        )
        .order_by("user__first_name", "user__last_name", "pk")
    )


def claims_of(user: Any, program: Program | None = None) -> QuerySet[CreditClaim]:
    qs = CreditClaim.objects.filter(user_id=user.pk).select_related(
        "question__program", "question__topic"
    )
    return qs.filter(question__program=program) if program is not None else qs


# --- figures -----------------------------------------------------------------------------------


@dataclass
class Cell:
    label: Any
    value: Any
    hidden: bool = False


@dataclass
class Figures:
    total: Cell
    median_hours: Cell
    within_target: Cell
    months: list[Cell] = field(default_factory=list)
    topics: list[Cell] = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    """One sent question, as the figures read it (no text)."""

    asker: Hashable
    month: dt.date
    topic: Any
    hours_to_answer: float | None
    within_target: bool | None
    #: Who gave the first answer (the answer figures must stand for 5+ mentors too).
    mentor: Hashable | None = None
    #: The month of the first answer (the answer figures change then).
    answered_month: dt.date | None = None


def rows(program: Program, since: dt.datetime | None = None) -> list[Row]:
    since = since or timezone.now() - dt.timedelta(days=31 * MONTHS)
    first_answerer = (
        Message.objects.filter(question=OuterRef("pk"), status=MessageStatus.SENT)
        .exclude(author_id=OuterRef("asker_id"))
        .order_by("sent_at", "pk")
        .values("author_id")[:1]
    )
    qs = (
        Question.objects.filter(program=program, asked_at__gte=since)
        .exclude(status=QuestionStatus.HELD)
        .annotate(month=TruncMonth("asked_at"), answerer=Subquery(first_answerer))
        .values_list(
            "asker_id", "month", "topic_id", "asked_at", "first_answer_at", "due_at", "answerer"
        )
    )
    out = []
    for asker, month, topic, asked, answered, due, answerer in qs:
        hours = (answered - asked).total_seconds() / 3600 if answered and asked else None
        within = (answered <= due) if answered and due else None
        out.append(
            Row(
                asker,
                month.date() if isinstance(month, dt.datetime) else month,
                topic,
                hours,
                within,
                answerer if answered else None,
                timezone.localtime(answered).date().replace(day=1) if answered else None,
            )
        )
    return out


def settled_rows(rows: list[Row], today: dt.date | None = None) -> tuple[list[Row], dt.date | None]:
    """For an aggregate-only viewer (an evaluator): the rows as they stood at the end of a
    settled month (probe 1221). A sliding window read a day apart differs by that day's
    questions, often one person's, and an answer moves the answer figures later than its
    question's month. So only months that are over count, and the figures are taken at the
    end of the last month since which every figure (the total, each topic, the answered
    questions) changed by none or 5 or more people (`privacy.last_settled`); any two readings
    then differ, figure by figure, by none or 5 or more people. (rows, that month or None)."""
    from echohub.evaluation.privacy import last_settled

    today = today or timezone.localdate()
    last = today.replace(day=1) - dt.timedelta(days=1)
    last = last.replace(day=1)
    changes: list[tuple[Hashable, Hashable, dt.date]] = []
    for r in rows:
        changes += [("total", r.asker, r.month), (("topic", r.topic), r.asker, r.month)]
        if r.answered_month is not None:
            changes.append(("answered", r.asker, max(r.answered_month, r.month)))
    point = last_settled(changes, last)
    if point is None:
        return [], None
    out = []
    for r in rows:
        if r.month > point:
            continue
        if r.answered_month is not None and max(r.answered_month, r.month) > point:
            r = Row(r.asker, r.month, r.topic, None, None, None, None)
        out.append(r)
    return out, point


def figures(rows: list[Row], topic_names: dict[Any, str]) -> Figures:
    """The dashboard's figures, with the small-group rule: each shown figure stands for 5 or
    more distinct askers (or none), and the hidden cells of a table together too, so nothing
    can be subtracted from the total shown beside them. The answer figures (median time to a
    first answer, share within the target) describe mentors too: they also need 5 or more
    distinct mentors who answered (an answer whose mentor is unknown counts for none)."""
    everyone = {r.asker for r in rows}
    total = Cell("total", len(rows), hidden_figure(everyone))
    answered = [r for r in rows if r.hours_to_answer is not None]
    hours = [r.hours_to_answer for r in answered if r.hours_to_answer is not None]
    answered_people = {r.asker for r in answered}
    answering_mentors = {r.mentor for r in answered if r.mentor is not None}
    hide_answer = (
        hidden_figure(answered_people) or not answered or len(answering_mentors) < MIN_PEOPLE
    )
    # The median of 5 to 9 times is one question's own time (the 3rd of 5): shown from 10, as
    # the evaluation pages show a median (privacy.MIN_FOR_QUARTILES; probe 12-24).
    hide_median = hide_answer or len(hours) < 2 * MIN_PEOPLE
    median = Cell(
        "median",
        None if hide_median else round(statistics.median(hours), 1),
        hide_median,
    )
    # The share splits the answers into in time and late: each side must stand for 5 or more
    # askers and 5 or more mentors (or none), or "80 % of 5" names one late answer.
    in_time = [r for r in answered if r.within_target]
    late = [r for r in answered if not r.within_target]
    hide_within = (
        hide_answer
        or bool(hidden_groups({1: {r.asker for r in in_time}, 0: {r.asker for r in late}}))
        or bool(
            hidden_groups(
                {
                    1: {r.mentor for r in in_time if r.mentor is not None},
                    0: {r.mentor for r in late if r.mentor is not None},
                }
            )
        )
    )
    within = Cell(
        "within",
        None if hide_within else round(100 * len(in_time) / len(answered)),
        hide_within,
    )
    return Figures(
        total=total,
        median_hours=median,
        within_target=within,
        months=_table(rows, lambda r: r.month, total.hidden),
        topics=_table(rows, lambda r: r.topic, total.hidden, topic_names),
    )


def _table(
    rows: list[Row], key: Any, total_hidden: bool, names: dict[Any, str] | None = None
) -> list[Cell]:
    people: dict[Any, set[Hashable]] = {}
    counts: dict[Any, int] = {}
    for r in rows:
        k = key(r)
        people.setdefault(k, set()).add(r.asker)
        counts[k] = counts.get(k, 0) + 1
    hidden = set(people) if total_hidden else hidden_groups(people)
    ordered = sorted(people, key=lambda k: (k is None, str(k)))
    return [
        Cell(
            (names or {}).get(k, k) if names is not None else k,
            None if k in hidden else counts[k],
            k in hidden,
        )
        for k in ordered
    ]


def people_of_cell(rows: list[Row], key: Any, value: Any) -> int:
    return count_people(r.asker for r in rows if key(r) == value)


# --- notices -----------------------------------------------------------------------------------

#: Notices listed on the mentoring page (the newest first).
NOTICES_SHOWN = 20
_UNREAD_CACHE = "_mentoring_unread"


def unread_count(user: Any, program: Program) -> int:
    """The person's unread mentoring notices in the program: counted once per user object (one
    request: the menu and the page both show it); `forget_unread` after a change."""
    if not getattr(user, "is_authenticated", False):
        return 0
    cache: dict[int, int] = user.__dict__.setdefault(_UNREAD_CACHE, {})
    if program.pk not in cache:
        cache[program.pk] = Notice.objects.filter(
            user=user, program=program, read_at__isnull=True
        ).count()
    return cache[program.pk]


def forget_unread(user: Any) -> None:
    user.__dict__.pop(_UNREAD_CACHE, None)


def notices_of(user: Any, program: Program) -> QuerySet[Notice]:
    """The person's notices in the program, newest first (with their questions' topics)."""
    return (
        Notice.objects.filter(user=user, program=program)
        .select_related("question__topic")
        .order_by("-pk")
    )
