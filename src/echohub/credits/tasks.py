"""Background jobs of the credits app: thin, idempotent, taking ids."""

from __future__ import annotations

from django_tasks import task

from echohub.credits import services


@task()
def run_certificate_batch(batch_id: int) -> int:
    """Issue and email a cycle's certificates; returns how many people were processed."""
    return services.run_batch(batch_id=batch_id).done
