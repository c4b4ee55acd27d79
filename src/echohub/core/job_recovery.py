"""Jobs whose worker died: found, failed visibly, and resumed when that is safe.

A `db_worker` marks a job row RUNNING when it takes it and SUCCESSFUL or FAILED when the job
ends. A worker killed in between (deploy, out of memory, machine lost) leaves the row RUNNING
forever, and what the job was doing is never finished. `recover_stale_jobs`, run by
`echohub send_reminders` (every run), takes each row RUNNING for longer than the lease
(`JOB_LEASE_MINUTES`, longer than any normal job), marks it FAILED with the reason in its
traceback (as the job admin shows it), and queues the same job again when the job is
*resumable*: safe to run again per item, so a second run finishes the work (an email whose
claim was never confirmed sent is sent again: at least once, see `programs.tasks`).
Resumable tasks say so with `@resumable` (above `@task()`) and the docstring says why; any
other job (one email each, which may or may not have gone out) is only failed, never
repeated. A job with its own heartbeat (a certificate batch) registers a `still_alive` check:
while that says yes, its row is left alone whatever its age.

Rows are taken with `SELECT ... FOR UPDATE SKIP LOCKED` (PostgreSQL; SQLite writes one at a
time): two sweeps at once never recover the same row twice, and the failed mark and the new job
are written in one transaction.

`queued_args` lets an app sweep its own unsent rows ("whose job is gone"): the first argument
of the jobs of a task still waiting or running. Attempts are counted on the app's own rows
(the in-process backend keeps no job rows, and finished rows are pruned).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

RUNNING = "RUNNING"
#: Written as the failed row's exception class (the job admin shows it with the traceback).
LOST = "echohub.core.job_recovery.WorkerLost"
#: How many stale rows one sweep looks at (the rest: next run).
SWEEP_LIMIT = 500

TaskT = TypeVar("TaskT", bound=Task[Any, Any])

_resumable: set[str] = set()
_alive: dict[str, Callable[[list[Any], dict[str, Any]], bool]] = {}
_on_resume: dict[str, Callable[[list[Any], dict[str, Any]], None]] = {}


class WorkerLost(Exception):
    """The worker running a job stopped (killed, crashed) before the job finished."""


def resumable(task: TaskT) -> TaskT:
    """Mark a task safe to run again after its worker died: each item is claimed, then done and
    marked done, so a second run skips what was confirmed done and redoes what was not (an
    email may go out twice if the worker died between sending it and marking it sent)."""
    _resumable.add(task.module_path)
    return task


def still_alive(task: Task[Any, Any], check: Callable[[list[Any], dict[str, Any]], bool]) -> None:
    """A task with its own heartbeat: `check(args, kwargs)` says whether its run is alive."""
    _alive[task.module_path] = check


def on_resume(task: Task[Any, Any], hook: Callable[[list[Any], dict[str, Any]], None]) -> None:
    """`hook(args, kwargs)` runs (in the sweep's transaction) when a job of `task` is queued
    again after its worker died: to say so where people look (an announcement's page)."""
    _on_resume[task.module_path] = hook


def is_resumable(task_path: str) -> bool:
    return task_path in _resumable


def lease() -> dt.timedelta:
    return dt.timedelta(minutes=int(settings.JOB_LEASE_MINUTES))


@dataclass
class Recovered:
    failed: list[str] = field(default_factory=list)  # ids of rows marked failed
    requeued: list[str] = field(default_factory=list)  # ids of the new rows queued for them
    paths: Counter[str] = field(default_factory=Counter)  # task path -> rows recovered

    def __len__(self) -> int:
        return len(self.failed)


def recover_stale_jobs(*, now: dt.datetime | None = None) -> Recovered:
    """Fail every job row RUNNING longer than the lease, and queue resumable ones again."""
    now = now or timezone.now()
    before = now - lease()
    found = Recovered()
    stale = DBTaskResult.objects.filter(status=RUNNING, started_at__lt=before).order_by(
        "started_at"
    )
    for pk in list(stale.values_list("pk", flat=True)[:SWEEP_LIMIT]):
        with transaction.atomic():
            row = (
                DBTaskResult.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=RUNNING, started_at__lt=before)
                .first()
            )
            if row is None:  # finished meanwhile, or another sweep holds it
                continue
            args = list(row.args_kwargs.get("args", []))
            kwargs = dict(row.args_kwargs.get("kwargs", {}))
            try:
                task = row.task  # imports the task's module (and so its registration)
            except Exception:  # the task no longer exists (ImportError and the like): fail it
                task = None
            if task is not None and row.task_path in _alive and _alive[row.task_path](args, kwargs):
                continue  # its own heartbeat says it is still at work
            again = task is not None and is_resumable(row.task_path)
            new_id = ""
            if again and task is not None:
                new_id = str(task.enqueue(*args, **kwargs).id)
                if row.task_path in _on_resume:
                    _on_resume[row.task_path](args, kwargs)
            row.status = "FAILED"
            row.finished_at = now
            row.return_value = None
            row.exception_class_path = LOST
            row.traceback = _reason(row, now, new_id)
            row.save(
                update_fields=[
                    "status",
                    "finished_at",
                    "return_value",
                    "exception_class_path",
                    "traceback",
                ]
            )
            found.failed.append(str(row.pk))
            if new_id:
                found.requeued.append(new_id)
            found.paths[row.task_path] += 1
    return found


def _reason(row: DBTaskResult, now: dt.datetime, new_id: str) -> str:
    minutes = int((now - row.started_at).total_seconds() // 60) if row.started_at else 0
    said = (
        f"WorkerLost: still running after {minutes} minutes (lease "
        f"{settings.JOB_LEASE_MINUTES} min); its worker "
        f"{', '.join(str(w) for w in row.worker_ids) or '?'} stopped."
    )
    if new_id:
        return f"{said} The job is idempotent and was queued again as {new_id}."
    return f"{said} Not run again: it may have done part of its work."


def _first_args(task: Task[Any, Any], statuses: Iterable[str], since: dt.datetime | None) -> Any:
    rows = DBTaskResult.objects.filter(task_path=task.module_path, status__in=list(statuses))
    if since is not None:
        rows = rows.filter(enqueued_at__gte=since)
    for args_kwargs in rows.values_list("args_kwargs", flat=True).iterator(2000):
        args = (args_kwargs or {}).get("args") or []
        if args:
            yield args[0]


def queued_args(task: Task[Any, Any]) -> set[Any]:
    """The first argument of each job of `task` still waiting or running (the database queue;
    nothing with the in-process backend, where a job runs when it is queued)."""
    return set(_first_args(task, ("READY", RUNNING), None))
