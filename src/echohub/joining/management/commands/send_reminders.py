"""`echohub send_reminders [--loop]`: queue the agenda and reminder emails that are due, and
the post-session evaluation surveys of sessions that have ended.

Run it every few minutes (cron), or as one long-running process with --loop. Idempotent: each
email is logged before it is queued, so overlapping runs never send twice. Each run (about
once an hour with --loop) also prunes finished job rows past JOB_RESULT_RETENTION_DAYS, and
(about once a day) removes case content past each program's retention rule (`echohub purge`).
Every run also resumes (or fails visibly) certificate batches whose runner stopped renewing its
lease, fails job rows left RUNNING past JOB_LEASE_MINUTES by a killed worker and queues the
idempotent ones again (`core.job_recovery`), queues again announcement and "right away"
discussion emails left unsent whose job is gone, drops sign-in rate counters that no longer
count or lock and sign-in record lines older than SIGNIN_RECORD_DAYS (hourly with --loop), and
tells coordinators once about library tools past their "review by" date, and reminds mentors of
questions nearing their first-answer target and tells coordinators of those past it (once each).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from echohub.community.tasks import queue_due_digests, requeue_unsent_notifications
from echohub.core.job_recovery import recover_stale_jobs
from echohub.core.job_results import prune_job_results
from echohub.credits.services import recover_stale_batches
from echohub.evaluation.services import send_due_surveys
from echohub.joining.notices import send_due_reminders
from echohub.library.services import send_review_reminders
from echohub.mentoring.tasks import send_due_service_reminders
from echohub.privacy.retention import purge_cases
from echohub.programs.tasks import requeue_unsent_announcements
from echohub.security.services import prune_security_records

#: Seconds between two prunings of finished job rows in --loop mode.
PRUNE_EVERY = 3600
#: Seconds between two retention purges of case content (privacy.retention) in --loop mode.
PURGE_EVERY = 24 * 3600


class Command(BaseCommand):
    help = "Queue due agenda and reminder emails."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop", action="store_true", help="Keep running, every --interval seconds."
        )
        parser.add_argument("--interval", type=int, default=60)

    def handle(self, *args: Any, **opts: Any) -> None:
        last_prune = -float(PRUNE_EVERY)
        last_purge = -float(PURGE_EVERY)
        while True:
            sent = send_due_reminders()
            sent += send_due_surveys()  # post-session evaluations of sessions that ended
            sent += send_review_reminders()  # library tools past their "review by" date (once)
            sent += queue_due_digests()  # discussion digests due (one job per 500 people)
            sent += send_due_service_reminders()  # mentoring: remind mentors, escalate (once each)
            if sent or opts["verbosity"] > 1:
                self.stdout.write(f"queued {sent} email(s)")
            recovered = recover_stale_batches()  # killed server or worker mid-batch
            if recovered or opts["verbosity"] > 1:
                self.stdout.write(f"recovered {len(recovered)} stalled certificate batch(es)")
            lost = recover_stale_jobs()  # job rows left RUNNING by a killed worker
            if lost or opts["verbosity"] > 1:
                self.stdout.write(
                    f"failed {len(lost)} lost job(s), queued {len(lost.requeued)} again"
                )
            again = requeue_unsent_announcements() + requeue_unsent_notifications()
            if again or opts["verbosity"] > 1:
                self.stdout.write(f"queued {again} unsent email(s) again")
            if time.monotonic() - last_prune >= PRUNE_EVERY:  # every run without --loop
                pruned = prune_job_results()  # finished jobs past JOB_RESULT_RETENTION_DAYS
                prune_security_records()  # idle sign-in counters, old sign-in record lines
                last_prune = time.monotonic()
                if pruned.count or opts["verbosity"] > 1:
                    self.stdout.write(f"pruned {pruned.count} finished job(s)")
            if time.monotonic() - last_purge >= PURGE_EVERY:  # every run without --loop
                purged = purge_cases()  # case content past each program's retention rule
                last_purge = time.monotonic()
                cases = sum(p.counts["cases"] for p in purged)
                if cases or opts["verbosity"] > 1:
                    self.stdout.write(f"purged the content of {cases} case(s)")
            if not opts["loop"]:
                return
            time.sleep(max(opts["interval"], 5))
