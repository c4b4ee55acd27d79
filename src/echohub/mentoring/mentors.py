"""Mentoring's program setup, for coordinators: the permissions, the program's settings
(service target, holidays, credit), the bilingual topic list and the mentors (members, not
evaluators: disciplines, topics, capacity, availability). Re-exported by `services`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from echohub.accounts.models import User
from echohub.core import audit, limits
from echohub.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from echohub.mentoring.models import (
    CreditMode,
    Mentor,
    MentoringSettings,
    MentoringTopic,
)
from echohub.programs.models import Membership, Program, Role
from echohub.programs.rules import has_perm
from echohub.scheduling.planning import HOLIDAY_REGIONS, default_region

ASK = "mentoring.ask"
COORDINATE = "mentoring.coordinate"
CAPACITY_MAX = 50
TARGET_DAYS_MAX = 30


# --- permissions and settings ------------------------------------------------------------------


def _require(actor: Any, program: Program, perm: str = ASK) -> None:
    if not has_perm(actor, program, perm):
        raise PermissionDenied(_("Your role in this program does not allow this."))


def is_coordinator(actor: Any, program: Program) -> bool:
    return has_perm(actor, program, COORDINATE)


def settings_for(program: Program) -> MentoringSettings:
    """The program's rules; the defaults (unsaved) until a coordinator saves them."""
    row = getattr(program, "_mentoring_settings", None)
    if row is None:
        row = MentoringSettings.objects.filter(program=program).first() or MentoringSettings(
            program=program, holiday_region=default_region(program.time_zone)
        )
        program._mentoring_settings = row  # type: ignore[attr-defined]
    return row


@transaction.atomic
def save_settings(
    *,
    actor: User,
    program: Program,
    first_answer_days: int,
    remind_hours: int,
    holiday_region: str,
    credit_mode: str,
    credits_per_hour: Decimal,
    credit_statement: str = "",
    credit_statement_fr: str = "",
) -> MentoringSettings:
    _require(actor, program, COORDINATE)
    if not 1 <= first_answer_days <= TARGET_DAYS_MAX:
        raise DomainError(
            "invalid_target",
            _("The target is between 1 and %(n)d business days.") % {"n": TARGET_DAYS_MAX},
            field="first_answer_days",
        )
    if not 1 <= remind_hours <= 24 * TARGET_DAYS_MAX:
        raise DomainError(
            "invalid_reminder", _("Give the reminder in hours (1 or more)."), field="remind_hours"
        )
    if holiday_region not in dict(HOLIDAY_REGIONS):
        raise DomainError(
            "invalid_holiday_region", _("Choose a province or territory."), field="holiday_region"
        )
    if credit_mode not in CreditMode.values:
        raise DomainError(
            "invalid_credit_mode", _("Choose how credit is given."), field="credit_mode"
        )
    if credit_mode == CreditMode.PER_HOUR and not (Decimal("0") < credits_per_hour <= 5):
        raise DomainError(
            "invalid_rate",
            _("Credits per hour are more than 0 and at most 5."),
            field="credits_per_hour",
        )
    limits.check_lengths(
        {"credit_statement": credit_statement, "credit_statement_fr": credit_statement_fr}, 2000
    )
    row = settings_for(program)
    if row.pk is None:
        row.save()
    fields = [
        "first_answer_days",
        "remind_hours",
        "holiday_region",
        "credit_mode",
        "credits_per_hour",
        "credit_statement",
        "credit_statement_fr",
    ]
    before = audit.snapshot(row, fields)
    row.first_answer_days = first_answer_days
    row.remind_hours = remind_hours
    row.holiday_region = holiday_region
    row.credit_mode = credit_mode
    row.credits_per_hour = credits_per_hour if credit_mode == CreditMode.PER_HOUR else Decimal(0)
    row.credit_statement = credit_statement.strip()
    row.credit_statement_fr = credit_statement_fr.strip()
    row.save()
    audit.record(
        actor=actor,
        action="mentoring.settings_changed",
        obj=row,
        program=program,
        changes=audit.diff(row, fields, before),
    )
    return row


@transaction.atomic
def save_topic(
    *,
    actor: User,
    program: Program,
    name: str,
    name_fr: str = "",
    position: int = 0,
    active: bool = True,
    topic: MentoringTopic | None = None,
) -> MentoringTopic:
    _require(actor, program, COORDINATE)
    name, name_fr = " ".join(name.split()), " ".join(name_fr.split())
    if not name:
        raise DomainError("name_required", _("Give the topic a name."), field="name")
    limits.check_lengths({"name": name, "name_fr": name_fr}, 120)
    clash = MentoringTopic.objects.filter(program=program, name__iexact=name)
    if topic is not None:
        if topic.program_id != program.pk:
            raise NotFound()
        clash = clash.exclude(pk=topic.pk)
    if clash.exists():
        raise Conflict("topic_exists", _("This program already has a topic with that name."))
    topic = topic or MentoringTopic(program=program)
    created = topic.pk is None
    topic.name, topic.name_fr, topic.position, topic.active = name, name_fr, position, active
    topic.save()
    audit.record(
        actor=actor,
        action="mentoring.topic_added" if created else "mentoring.topic_changed",
        obj=topic,
        program=program,
        changes={"name": name, "active": active},
    )
    return topic


def mentor_candidates(program: Program) -> Any:
    """Members who may be named mentors (every active role but evaluator)."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__program=program,
            memberships__is_active=True,
        )
        .exclude(memberships__role=Role.EVALUATOR, memberships__program=program)
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


@transaction.atomic
def save_mentor(
    *,
    actor: User,
    program: Program,
    user: User,
    disciplines: str = "",
    disciplines_fr: str = "",
    topics: list[MentoringTopic] | None = None,
    capacity: int = 3,
    away_until: dt.date | None = None,
    active: bool = True,
) -> Mentor:
    """Name (or change) a mentor: a member of the program (evaluators excluded)."""
    _require(actor, program, COORDINATE)
    if not Membership.objects.filter(
        program=program, user=user, is_active=True, role__in=list(_mentor_roles())
    ).exists():
        raise DomainError(
            "not_member", _("Mentors are members of the program (not evaluators)."), field="user"
        )
    if not 1 <= capacity <= CAPACITY_MAX:
        raise DomainError(
            "invalid_capacity",
            _("Capacity is between 1 and %(n)d open questions.") % {"n": CAPACITY_MAX},
            field="capacity",
        )
    disciplines = " ".join(disciplines.split())
    disciplines_fr = " ".join(disciplines_fr.split())
    limits.check_lengths({"disciplines": disciplines, "disciplines_fr": disciplines_fr}, 200)
    topics = list(topics or [])
    if any(t.program_id != program.pk for t in topics):
        raise NotFound()
    mentor, created = Mentor.objects.get_or_create(program=program, user=user)
    fields = ["disciplines", "disciplines_fr", "capacity", "away_until", "active"]
    before = audit.snapshot(mentor, fields)
    mentor.disciplines, mentor.disciplines_fr = disciplines, disciplines_fr
    mentor.capacity = capacity
    mentor.away_until, mentor.active = away_until, active
    mentor.save()
    mentor.topics.set(topics)
    if not active:  # switched off: their questions go to other mentors or to triage
        from echohub.mentoring.services import release_questions

        release_questions(actor=actor, mentor=mentor)
    audit.record(
        actor=actor,
        action="mentoring.mentor_named" if created else "mentoring.mentor_changed",
        obj=mentor,
        program=program,
        changes={**audit.diff(mentor, fields, before), "topics": sorted(t.pk for t in topics)},
    )
    return mentor


def _mentor_roles() -> set[str]:
    return {Role.PROGRAM_ADMIN, Role.COORDINATOR, Role.EXPERT, Role.PARTICIPANT}


@transaction.atomic
def set_away(*, actor: User, mentor: Mentor, away_until: dt.date | None) -> Mentor:
    """A mentor (or a coordinator) sets the mentor's availability."""
    if mentor.user_id != actor.pk:
        _require(actor, mentor.program, COORDINATE)
    if away_until is not None and away_until < timezone.localdate():
        raise DomainError("date_past", _("Choose today or a later date."), field="away_until")
    mentor.away_until = away_until
    mentor.save(update_fields=["away_until", "updated_at"])
    audit.record(
        actor=actor,
        action="mentoring.availability_changed",
        obj=mentor,
        program=mentor.program,
        changes={"away_until": away_until},
    )
    return mentor
