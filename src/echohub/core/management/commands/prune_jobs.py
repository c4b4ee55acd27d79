"""`echohub prune_jobs [--days N] [--dry-run]`: delete the job queue's rows of finished jobs
older than the retention (JOB_RESULT_RETENTION_DAYS, default 14 days).

`send_reminders --loop` already runs it about once an hour; run this from cron when no loop runs.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from echohub.core.job_results import prune_job_results, retention_days


class Command(BaseCommand):
    help = "Delete the rows of finished background jobs older than the retention."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days (default: JOB_RESULT_RETENTION_DAYS).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing."
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        days = opts["days"] if opts["days"] is not None else retention_days()
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        pruned = prune_job_results(days=days, dry_run=opts["dry_run"])
        verb = "would delete" if pruned.dry_run else "deleted"
        self.stdout.write(
            f"{verb} {pruned.count} finished job(s) older than {days} day(s) "
            f"(finished before {pruned.before:%Y-%m-%d %H:%M} UTC)"
        )
