"""Background jobs of the live session: thin, idempotent, taking ids."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from echohub.core.job_recovery import resumable
from echohub.evaluation.models import Survey, SurveyKind, SurveyStatus
from echohub.evaluation.services import send_after_session
from echohub.scheduling.models import Session


@resumable
@task()
def send_session_surveys(session_id: int) -> int:
    """When the hub ends a live session: send the program's open post-session surveys marked
    "send after every session" now instead of waiting for the scheduled end (the same
    `send_after_session` as the reminders loop: once per survey and session, so the loop
    later adds nothing, and a second run of this job, queued again after its worker died,
    neither)."""
    session = Session.objects.get(pk=session_id)
    surveys = Survey.objects.filter(
        program_id=session.program_id,
        kind=SurveyKind.POST_SESSION,
        status=SurveyStatus.OPEN,
        send_after_sessions=True,
    ).exclude(closes_at__lte=timezone.now())
    ids: list[int] = list(surveys.values_list("pk", flat=True))
    return sum(send_after_session(pk, session_id) for pk in ids)
