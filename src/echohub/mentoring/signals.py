"""A mentor who leaves the program (their last mentor-role membership ends or is deleted) loses
their questions like a mentor a coordinator switches off: offered ones are routed again, open
ones go to triage (coordinators are told). The askers keep their conversations."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from echohub.programs.models import Membership


@receiver(post_save, sender=Membership, dispatch_uid="mentoring.membership_saved")
@receiver(post_delete, sender=Membership, dispatch_uid="mentoring.membership_deleted")
def _membership_changed(sender: Any, instance: Membership, **kwargs: Any) -> None:
    if kwargs.get("raw") or (kwargs.get("signal") is post_save and instance.is_active):
        return
    program_id, user_id = instance.program_id, instance.user_id
    # Once the roles are settled (set_roles ends one role before it starts another).
    transaction.on_commit(lambda: _release_if_gone(program_id, user_id))


def _release_if_gone(program_id: int, user_id: int) -> None:
    from echohub.mentoring import services
    from echohub.mentoring.models import Mentor

    with transaction.atomic():
        mentor = Mentor.objects.filter(program_id=program_id, user_id=user_id).first()
        if mentor is None:
            return
        still = Membership.objects.filter(
            program_id=program_id,
            user_id=user_id,
            is_active=True,
            role__in=list(services._mentor_roles()),
        ).exists()
        if not still:
            services.release_questions(actor=None, mentor=mentor)
