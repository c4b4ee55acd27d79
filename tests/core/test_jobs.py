"""The job queue: embedded (immediate) by default, the database backend for production workers."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from echohub.core.mail import send_email_task


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_database_backend_queues_email_until_a_worker_runs_it(mailoutbox):
    result = send_email_task.enqueue(["x@example.test"], "Agenda for Thursday", "Hello")
    assert mailoutbox == []
    call_command("db_worker", batch=True, interval=0, verbosity=0)
    assert [m.subject for m in mailoutbox] == ["Agenda for Thursday"]
    result.refresh()
    assert result.status == "SUCCESSFUL"


@pytest.mark.django_db
def test_default_backend_runs_jobs_in_process(mailoutbox):
    send_email_task.enqueue(["y@example.test"], "Now", "Body")
    assert [m.to for m in mailoutbox] == [["y@example.test"]]
