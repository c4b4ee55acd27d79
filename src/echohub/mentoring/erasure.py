"""A person's erasure in mentoring (called by `privacy.erasure`; see its docstring).

Removed: their notices and email choice; what they wrote that was never sent (held messages, and
a question never sent, whole); their mentor profile's disciplines and availability (the profile
is switched off and its open questions move on as when a mentor leaves: offered ones are routed
again, open ones go to triage, the askers told). Their questions still waiting are closed, and
calls still requested in them cancelled. Their name, email and licence number are replaced by
"Former participant #id" in every message, call note and explanation that holds them (in their
own conversations their first or last name alone too).

Kept, for the program's records: questions' metadata (dates, topic, status: the figures count
them), the sent conversation (checked for identifiers like a case's content, now under the
anonymised account, so the other party keeps the advice given), mentors' time logs and mentees'
credit claims (credit records, like certificates).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.utils import timezone

from echohub.accounts.models import User
from echohub.mentoring.models import (
    CallRequest,
    CallStatus,
    CreditClaim,
    Mentor,
    Message,
    MessagePhiOverride,
    MessageStatus,
    Notice,
    NoticeSettings,
    Question,
    QuestionStatus,
    TimeLog,
)


def preview(person: User) -> tuple[dict[str, int], dict[str, int]]:
    """(removed, kept) counts for the erasure preview."""
    removed = {
        "mentoring_notices": Notice.objects.filter(user=person).count()
        + NoticeSettings.objects.filter(user=person).count(),
        "mentoring_unsent": Message.objects.filter(
            author=person, status=MessageStatus.HELD
        ).count(),
        "mentor_profiles": Mentor.objects.filter(user=person).count(),
    }
    kept = {
        "mentoring_questions": Question.objects.filter(asker=person)
        .exclude(status=QuestionStatus.HELD)
        .count(),
        "mentoring_time": TimeLog.objects.filter(user=person).count()
        + CreditClaim.objects.filter(user=person).count(),
    }
    return removed, kept


def _contains(field: str, words: list[str]) -> Q:
    q = Q(pk__in=[])
    for word in words:
        q |= Q(**{f"{field}__icontains": word})
    return q


def erase(
    person: User,
    *,
    actor: Any,
    words: list[str],
    own_words: list[str],
    scrub: Callable[[str, list[str]], str],
) -> None:
    """Remove and anonymise as the module says (`words` everywhere, `own_words` also in the
    person's own conversations; `scrub(text, words)` does the replacing). Run before the
    person's memberships are closed: releasing their mentor questions routes them to others."""
    from echohub.mentoring import services

    now = timezone.now()
    for mentor in Mentor.objects.filter(user=person):
        mentor.active, mentor.disciplines, mentor.away_until = False, "", None
        mentor.disciplines_fr = ""
        mentor.save(
            update_fields=["active", "disciplines", "disciplines_fr", "away_until", "updated_at"]
        )
        services.release_questions(actor=actor, mentor=mentor)
    Question.objects.filter(asker=person, status=QuestionStatus.HELD).delete()
    Message.objects.filter(author=person, status=MessageStatus.HELD).delete()
    waiting = Question.objects.filter(asker=person).exclude(status=QuestionStatus.CLOSED)
    CallRequest.objects.filter(
        question__in=Question.objects.filter(Q(asker=person) | Q(mentor__user=person)),
        status=CallStatus.REQUESTED,
    ).update(status=CallStatus.CANCELLED)
    waiting.update(status=QuestionStatus.CLOSED, closed_at=now)
    Notice.objects.filter(user=person).delete()
    NoticeSettings.objects.filter(user=person).delete()
    if not words:
        return
    every = sorted(set(words) | set(own_words), key=len, reverse=True)
    theirs = Q(question__asker=person) | Q(question__mentor__user=person)
    for message in Message.objects.filter(
        _contains("body", words) | (theirs & _contains("body", every))
    ):
        mine = message.question.asker_id == person.pk or (
            message.question.mentor_id is not None and message.question.mentor.user_id == person.pk  # type: ignore[union-attr]
        )
        message.body = scrub(message.body, every if mine else words)
        message.save(update_fields=["body"])
    for override in MessagePhiOverride.objects.filter(_contains("reason", words)):
        override.reason = scrub(override.reason, words)[:300]
        override.save(update_fields=["reason"])
