"""Rows of finished jobs are pruned after the retention the deployment sets
(JOB_RESULT_RETENTION_DAYS): by `echohub prune_jobs` and by the `send_reminders` loop. Jobs
waiting or running are never touched."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from echohub.core.job_results import prune_job_results
from echohub.joining.management.commands import send_reminders

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)


def job(
    status: str, *, finished_days_ago: float | None = None, enqueued_days_ago: float = 0
) -> Any:
    row = DBTaskResult.objects.create(
        status=status,
        args_kwargs={
            "args": [["x@example.test"], "Subject", "template.txt", {}, "en"],
            "kwargs": {},
        },
        task_path="echohub.core.mail.send_templated_email_task",
        backend_name="default",
        run_after=NOW - dt.timedelta(days=enqueued_days_ago),
        finished_at=(
            NOW - dt.timedelta(days=finished_days_ago) if finished_days_ago is not None else None
        ),
        return_value=1 if status == "SUCCESSFUL" else None,
    )
    DBTaskResult.objects.filter(pk=row.pk).update(
        enqueued_at=NOW - dt.timedelta(days=enqueued_days_ago)
    )
    return row


@pytest.fixture
def jobs() -> dict[str, Any]:
    return {
        "old_ok": job("SUCCESSFUL", finished_days_ago=20, enqueued_days_ago=20),
        "old_failed": job("FAILED", finished_days_ago=15, enqueued_days_ago=15),
        "recent_ok": job("SUCCESSFUL", finished_days_ago=13, enqueued_days_ago=13),
        "old_waiting": job("READY", enqueued_days_ago=40),
        "old_running": job("RUNNING", enqueued_days_ago=30),
    }


def left() -> set[Any]:
    return set(DBTaskResult.objects.values_list("pk", flat=True))


def test_finished_jobs_older_than_the_retention_are_deleted(jobs):
    pruned = prune_job_results(now=NOW)  # default retention: 14 days
    assert pruned.count == 2 and not pruned.dry_run
    assert pruned.before == NOW - dt.timedelta(days=14)
    keep = {"recent_ok", "old_waiting", "old_running"}
    assert left() == {jobs[k].pk for k in keep}


def test_the_retention_is_the_deployments_setting(jobs, settings):
    settings.JOB_RESULT_RETENTION_DAYS = 30
    assert prune_job_results(now=NOW).count == 0
    settings.JOB_RESULT_RETENTION_DAYS = 0
    assert prune_job_results(now=NOW).count == 3  # every finished job; waiting and running stay
    assert left() == {jobs["old_waiting"].pk, jobs["old_running"].pk}


def test_dry_run_counts_and_deletes_nothing(jobs):
    assert prune_job_results(now=NOW, dry_run=True).count == 2
    assert len(left()) == 5


def test_negative_days_are_refused(jobs):
    with pytest.raises(ValueError, match="0 or more"):
        prune_job_results(days=-1)
    assert len(left()) == 5


def test_command_prunes_and_says_how_many(jobs, time_machine):
    time_machine.move_to(NOW, tick=False)
    out = io.StringIO()
    call_command("prune_jobs", "--dry-run", stdout=out)
    assert out.getvalue().startswith("would delete 2 finished job(s) older than 14 day(s)")
    assert len(left()) == 5
    out = io.StringIO()
    call_command("prune_jobs", "--days", "12", stdout=out)
    assert out.getvalue().startswith("deleted 3 finished job(s) older than 12 day(s)")
    assert left() == {jobs["old_waiting"].pk, jobs["old_running"].pk}
    with pytest.raises(CommandError, match="--days must be 0 or more"):
        call_command("prune_jobs", "--days", "-3")


def test_send_reminders_prunes_once_a_run(jobs, time_machine):
    time_machine.move_to(NOW, tick=False)
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert "pruned 2 finished job(s)" in out.getvalue()
    assert len(left()) == 3


def test_send_reminders_loop_prunes_about_once_an_hour(jobs, time_machine, monkeypatch):
    """Six loop turns 20 minutes apart: pruned at the first and the fourth (an hour later)."""
    time_machine.move_to(NOW, tick=False)
    clock = {"t": 10_000.0, "turns": 0}
    prunes: list[float] = []
    real = send_reminders.prune_job_results

    def counting(**kw: Any) -> Any:
        prunes.append(clock["t"])
        return real(**kw)

    def sleep(_seconds: float) -> None:
        clock["turns"] += 1
        if clock["turns"] == 6:
            raise KeyboardInterrupt
        clock["t"] += 20 * 60
        if clock["turns"] == 2:  # a job finished long ago appears between two prunings
            job("SUCCESSFUL", finished_days_ago=30, enqueued_days_ago=30)

    monkeypatch.setattr(send_reminders, "prune_job_results", counting)
    monkeypatch.setattr(send_reminders.time, "monotonic", lambda: clock["t"])
    monkeypatch.setattr(send_reminders.time, "sleep", sleep)
    with pytest.raises(KeyboardInterrupt):
        call_command("send_reminders", "--loop", stdout=io.StringIO())
    assert prunes == [10_000.0, 10_000.0 + 3 * 20 * 60]
    assert len(left()) == 3  # the late one went at the second pruning


def _settings_with(tmp_path: Any, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update({"SECRET_KEY": "x" * 50, "ECHOHUB_VAR_DIR": str(tmp_path), **env})
    code = "import echohub.settings as s; print(s.JOB_RESULT_RETENTION_DAYS)"
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=False
    )


def test_retention_setting_defaults_to_14_days_and_refuses_bad_values(tmp_path):
    assert _settings_with(tmp_path).stdout.strip() == "14"
    assert _settings_with(tmp_path, JOB_RESULT_RETENTION_DAYS="30").stdout.strip() == "30"
    negative = _settings_with(tmp_path, JOB_RESULT_RETENTION_DAYS="-1")
    assert negative.returncode != 0 and "must be 0 or more" in negative.stderr
    words = _settings_with(tmp_path, JOB_RESULT_RETENTION_DAYS="two weeks")
    assert words.returncode != 0 and "must be an integer" in words.stderr


@pytest.mark.django_db(transaction=True)  # the worker closes and reopens connections
def test_a_real_job_run_by_the_worker_is_pruned_after_the_retention(settings, mailoutbox):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from echohub.core.mail import send_email_task

    send_email_task.enqueue(["z@example.test"], "Subject", "Body")
    call_command("db_worker", batch=True, interval=0, verbosity=0)
    assert [m.to for m in mailoutbox] == [["z@example.test"]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert prune_job_results().count == 0  # finished just now
    assert prune_job_results(now=timezone.now() + dt.timedelta(days=15)).count == 1
    assert not DBTaskResult.objects.exists()
