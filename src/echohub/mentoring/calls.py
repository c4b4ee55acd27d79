"""Calls, mentors' time and mentees' credit on a question: the asker proposes call times, the
mentor picks one, the call is recorded as a note (a message, checked like any); mentors log
time; the asker claims self-learning credit once, where the program gives it."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from echohub.accounts.models import User
from echohub.core import audit
from echohub.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from echohub.mentoring.models import (
    LOAD_STATUSES,
    CallRequest,
    CallStatus,
    CreditClaim,
    CreditMode,
    Message,
    MessageKind,
    Question,
    TimeLog,
)
from echohub.mentoring.services import (
    _locked,
    _mentor_of,
    _mentor_user,
    _require_writer,
    is_party,
    notify,
    settings_for,
    write,
)

#: A mentee may claim at most this much time for one question (a long call and its reading).
CLAIM_MAX_MINUTES = 180
#: One time log entry, and a mentor's total for one question.
LOG_MAX_MINUTES = 240
LOG_TOTAL_MAX_MINUTES = 600
#: Proposed call times per request.
CALL_TIMES_MAX = 3


# --- calls -------------------------------------------------------------------------------------


@transaction.atomic
def request_call(*, actor: User, question: Question, proposed: list[dt.datetime]) -> CallRequest:
    """The asker proposes up to three times for a phone call; the mentor picks one."""
    question = _locked(question)
    if question.asker_id != actor.pk:
        raise (
            NotFound()
            if not is_party(actor, question)
            else PermissionDenied(_("The person who asked proposes the call times."))
        )
    _require_writer(actor, question)
    if question.status not in LOAD_STATUSES:
        raise Conflict("no_mentor", _("A call can be requested once a mentor has the question."))
    now = timezone.now()
    times = sorted({t for t in proposed if t is not None})
    if not times:
        raise DomainError("times_required", _("Propose at least one time."), field="proposed")
    if len(times) > CALL_TIMES_MAX:
        raise DomainError(
            "too_many_times",
            _("Propose at most %(n)d times.") % {"n": CALL_TIMES_MAX},
            field="proposed",
        )
    if any(t <= now for t in times):
        raise DomainError("time_past", _("Propose times in the future."), field="proposed")
    if any(t > now + dt.timedelta(days=60) for t in times):
        raise DomainError("time_far", _("Propose times within the next 60 days."), field="proposed")
    call = CallRequest.objects.create(
        question=question,
        requested_by=actor,
        proposed=[t.astimezone(dt.UTC).isoformat() for t in times],
    )
    audit.record(
        actor=actor,
        action="mentoring.call_requested",
        obj=call,
        program=question.program,
        changes={"times": len(times)},
    )
    if question.mentor_id:
        notify(
            _mentor_user(question),
            question,
            gettext_noop("Mentoring: a call is requested"),
            "call_requested",
        )
    return call


def proposed_times(call: CallRequest) -> list[dt.datetime]:
    return [dt.datetime.fromisoformat(t) for t in call.proposed]


@transaction.atomic
def choose_call_time(*, actor: User, call: CallRequest, when: dt.datetime) -> CallRequest:
    question = _locked(call.question)
    call = CallRequest.objects.select_for_update().get(pk=call.pk)
    _require_writer(actor, question)
    _mentor_of(actor, question)
    if call.status != CallStatus.REQUESTED:
        raise Conflict("call_decided", _("A time is already chosen for this call."))
    if when not in proposed_times(call):
        raise DomainError("time_not_proposed", _("Choose one of the proposed times."), field="when")
    call.chosen, call.status = when, CallStatus.SCHEDULED
    call.save(update_fields=["chosen", "status"])
    audit.record(actor=actor, action="mentoring.call_scheduled", obj=call, program=question.program)
    notify(
        question.asker,
        question,
        gettext_noop("Mentoring: your call is scheduled"),
        "call_scheduled",
    )
    return call


def record_call_note(*, actor: User, question: Question, body: str) -> Message:
    """The call, recorded as a note in the conversation (checked like any message)."""
    return write(actor=actor, question=question, body=body, kind=MessageKind.CALL_NOTE)


# --- time and credit ---------------------------------------------------------------------------


@transaction.atomic
def log_time(*, actor: User, question: Question, minutes: int) -> TimeLog:
    """The current mentor logs time on a question that is not closed."""
    question = _locked(question)
    _require_writer(actor, question)
    _mentor_of(actor, question)
    if not 1 <= minutes <= LOG_MAX_MINUTES:
        raise DomainError(
            "invalid_minutes",
            _("Log between 1 and %(n)d minutes at a time.") % {"n": LOG_MAX_MINUTES},
            field="minutes",
        )
    total = sum(
        TimeLog.objects.filter(question=question, user=actor).values_list("minutes", flat=True)
    )
    if total + minutes > LOG_TOTAL_MAX_MINUTES:
        raise DomainError(
            "too_much_time",
            _("That would be more than %(h)d hours on one question: check the figure.")
            % {"h": LOG_TOTAL_MAX_MINUTES // 60},
            field="minutes",
        )
    entry = TimeLog.objects.create(question=question, user=actor, minutes=minutes)
    audit.record(
        actor=actor,
        action="mentoring.time_logged",
        obj=entry,
        program=question.program,
        changes={"minutes": minutes},
    )
    return entry


def credits_for(minutes: int, rate: Decimal) -> Decimal:
    """Credits for `minutes` at `rate` per hour, rounded down to the hundredth."""
    return (Decimal(minutes) * rate / 60).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


@transaction.atomic
def claim_credit(*, actor: User, question: Question, minutes: int) -> CreditClaim:
    """The asker claims self-learning credit for the time spent on an answered question, once,
    where the program gives credit for mentoring."""
    question = _locked(question)
    if question.asker_id != actor.pk:
        raise NotFound()
    rules = settings_for(question.program)
    if rules.credit_mode != CreditMode.PER_HOUR or rules.credits_per_hour <= 0:
        raise Conflict("no_credit", _("This program does not give credit for mentoring."))
    if question.first_answer_at is None:
        raise Conflict("not_answered", _("You can claim credit once a mentor has answered."))
    if CreditClaim.objects.filter(question=question).exists():
        raise Conflict("already_claimed", _("You have already claimed credit for this question."))
    if not 1 <= minutes <= CLAIM_MAX_MINUTES:
        raise DomainError(
            "invalid_minutes",
            _("Claim the time you actually spent: between 1 and %(n)d minutes for one question.")
            % {"n": CLAIM_MAX_MINUTES},
            field="minutes",
        )
    claim = CreditClaim.objects.create(
        question=question,
        user=actor,
        minutes=minutes,
        credits=credits_for(minutes, rules.credits_per_hour),
        credits_per_hour=rules.credits_per_hour,
    )
    audit.record(
        actor=actor,
        action="mentoring.credit_claimed",
        obj=claim,
        program=question.program,
        changes={"minutes": minutes},
    )
    return claim
