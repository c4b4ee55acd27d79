"""Service targets, run by the scheduled job runner (`echohub send_reminders`).

`send_due_service_reminders` reminds the mentor of a question not yet answered once its
reminder time has come (once per offer: a question passed on to another mentor reminds the new
one), and tells the program's coordinators once when a question passes its first-answer target
without an answer. Each is claimed by a conditional UPDATE before its email is queued (after
commit, through the job queue), so overlapping runs never send twice.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from echohub.core import audit
from echohub.mentoring.models import LOAD_STATUSES, Question, QuestionStatus
from echohub.mentoring.services import _mentor_user, coordinators, notify

WAITING = (QuestionStatus.TRIAGE, *LOAD_STATUSES)


def send_due_service_reminders(now: dt.datetime | None = None) -> int:
    """Queue the due reminders and escalations; returns the number of emails queued."""
    now = now or timezone.now()
    queued = 0
    due_reminders = Question.objects.filter(
        status__in=LOAD_STATUSES,
        first_answer_at__isnull=True,
        reminded_at__isnull=True,
        remind_at__lte=now,
        due_at__gt=now,
        mentor__isnull=False,
    ).values_list("pk", flat=True)
    for pk in list(due_reminders.order_by("pk")[:5000]):
        with transaction.atomic():
            if not Question.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now):
                continue  # another run took it
            q = Question.objects.select_related("program", "mentor__user", "topic").get(pk=pk)
            audit.record(actor=None, action="mentoring.mentor_reminded", obj=q, program=q.program)
            notify(
                _mentor_user(q),
                q,
                gettext_noop("Mentoring: a question waits for its first answer"),
                "reminder",
            )
            queued += 1
    overdue = Question.objects.filter(
        status__in=WAITING,
        first_answer_at__isnull=True,
        escalated_at__isnull=True,
        due_at__lte=now,
    ).values_list("pk", flat=True)
    for pk in list(overdue.order_by("pk")[:5000]):
        with transaction.atomic():
            if not Question.objects.filter(pk=pk, escalated_at__isnull=True).update(
                escalated_at=now
            ):
                continue
            q = Question.objects.select_related("program", "topic").get(pk=pk)
            audit.record(actor=None, action="mentoring.escalated", obj=q, program=q.program)
            for person in coordinators(q.program):
                notify(
                    person,
                    q,
                    gettext_noop("Mentoring: a question is past its target"),
                    "escalation",
                    coordinator=True,
                )
                queued += 1
    return queued
