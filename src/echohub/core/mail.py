"""Email goes through the job queue (django-tasks), enqueued after the transaction commits."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django_tasks import task


@task()
def send_email_task(to: list[str], subject: str, body: str) -> int:
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)


def queue_email(*, to: str, subject: str, template: str, context: dict[str, object]) -> None:
    """Render now (inside the request's language), send after commit through the queue."""
    body = render_to_string(template, {**context, "SITE_URL": settings.SITE_URL})
    transaction.on_commit(partial(send_email_task.enqueue, [to], subject.strip(), body))
