"""Background jobs of the surveys: thin, idempotent, taking ids."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from echohub.evaluation import services


@task()
def send_due_surveys_task() -> int:
    """Send the post-session surveys that are due (safe to run any number of times)."""
    return services.send_due_surveys()


@task()
def send_for_session_task(survey_id: int, session_id: int) -> int:
    """Invite a session's attendees to a survey (nobody is invited twice)."""
    return services.send_after_session(survey_id, session_id)


def queue_send_for_session(survey_id: int, session_id: int) -> None:
    transaction.on_commit(lambda: send_for_session_task.enqueue(survey_id, session_id))
