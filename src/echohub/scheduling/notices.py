"""Emails about follow-up requests: the coordinators are told when a presenter asks for a
follow-up slot, the presenter when a slot answers the request.

Each goes through core.mail (a django-tasks job queued after commit, rendered when it runs, in
the recipient's language). Like the case emails, they name the case by its number and link to
the pages; no case text travels in them (nor in the job: models go by reference).
"""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from echohub.core.mail import queue_email
from echohub.scheduling.models import FollowUpRequest
from echohub.scheduling.queries import session_managers


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def follow_up_requested(request: FollowUpRequest) -> int:
    """Tell each admin and coordinator of the case's program (but the presenter, when they are
    one) that a follow-up slot was asked for. Returns how many emails were queued."""
    case = request.case
    program = case.program
    path = reverse("scheduling:follow_ups", kwargs={"slug": program.slug})
    told = 0
    for person in session_managers(program):
        if person.pk == request.requested_by_id or not person.email:
            continue
        queue_email(
            to=person.email,
            subject=gettext_noop("Follow-up slot asked for: case %(n)s"),
            subject_values={"n": str(case)},
            template="scheduling/email/follow_up_requested.txt",
            context={
                "request": request,
                "case": case,
                "program": program,
                "presenter": request.requested_by,
                "path": path,
            },
            program=program,
        )
        told += 1
    return told


def follow_up_answered(request: FollowUpRequest, item: Any) -> bool:
    """Tell the presenter which session their follow-up slot is in (times in their zone)."""
    presenter = request.requested_by
    if not presenter.is_active or not presenter.email:
        return False
    case = request.case
    session = item.session
    with timezone.override(_zone(presenter.time_zone)):
        queue_email(
            to=presenter.email,
            subject=gettext_noop("Your case %(n)s has a follow-up slot"),
            subject_values={"n": str(case)},
            template="scheduling/email/follow_up_answered.txt",
            context={
                "case": case,
                "session": session,
                "program": session.program,
                "presenter": presenter,
                "case_path": case.get_absolute_url(),
                "session_path": session.get_absolute_url(),
            },
            program=session.program,
        )
    return True
