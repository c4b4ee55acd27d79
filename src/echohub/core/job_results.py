"""Finished job rows do not stay: `prune_job_results` deletes what the job queue kept of jobs that
finished (successfully or not) more than `JOB_RESULT_RETENTION_DAYS` ago.

A job row (django-tasks-db's `DBTaskResult`) holds the job's arguments and its return value or
traceback: references by design (`core.mail`), but a retention limit keeps even those from
piling up. Jobs waiting or running are never touched (a job left running by a killed worker is
first failed, and queued again if it is idempotent, by `core.job_recovery`). It runs in the
`send_reminders` loop (about once an hour) and as `echohub prune_jobs`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

FINISHED = ("SUCCESSFUL", "FAILED")


@dataclass(frozen=True)
class Pruned:
    count: int
    before: dt.datetime  # rows finished before this moment were (or would be) deleted
    dry_run: bool


def retention_days() -> int:
    return int(settings.JOB_RESULT_RETENTION_DAYS)


def prune_job_results(
    *, days: int | None = None, now: dt.datetime | None = None, dry_run: bool = False
) -> Pruned:
    """Delete the rows of jobs that finished more than `days` (default: the setting) ago."""
    keep = retention_days() if days is None else days
    if keep < 0:
        raise ValueError("days must be 0 or more")
    before = (now or timezone.now()) - dt.timedelta(days=keep)
    rows = DBTaskResult.objects.filter(status__in=FINISHED, finished_at__lt=before)
    if dry_run:
        return Pruned(rows.count(), before, True)
    with transaction.atomic():
        deleted, _ = rows.delete()
    return Pruned(deleted, before, False)
