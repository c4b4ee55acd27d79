"""Background jobs of the credits app: thin, idempotent, taking ids."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django_tasks import task

from echohub.core import job_recovery
from echohub.credits import services
from echohub.credits.models import ACTIVE_BATCH, CertificateBatch


@task()
def run_certificate_batch(batch_id: int) -> int:
    """Issue and email a cycle's certificates; returns how many people were processed.

    Not resumed by `core.job_recovery` (the batch has its own lease: `recover_stale_batches`
    queues a new run of a batch whose runner stopped renewing it); a job row left running by a
    dead worker is only marked failed, and not while its batch's heartbeat is fresh."""
    return services.run_batch(batch_id=batch_id).done


def batch_is_alive(batch_id: Any) -> bool:
    """Whether a batch is queued or running with its lease still fresh (its runner at work)."""
    batch = CertificateBatch.objects.filter(pk=batch_id, status__in=ACTIVE_BATCH).first()
    return batch is not None and not services._is_stale(batch, timezone.now())


def _batch_alive(args: list[Any], kwargs: dict[str, Any]) -> bool:
    return batch_is_alive(args[0] if args else kwargs.get("batch_id"))


job_recovery.still_alive(run_certificate_batch, _batch_alive)
