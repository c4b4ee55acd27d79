"""`{% mentoring_claims program %}`: the reader's self-learning claims for mentoring, shown on
their credits page (the credits app loads this tag; it imports nothing from mentoring).
`{% mentoring_badge program %}`: their unread mentoring notices, for a menu."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Sum
from django.utils.safestring import SafeString

from echohub.core import bilingual
from echohub.core.templatetags.echohub import unread_badge_html
from echohub.mentoring.models import CreditMode
from echohub.mentoring.queries import claims_of, unread_count
from echohub.mentoring.services import settings_for

register = template.Library()

#: Claims listed on the credits page (the rest on the mentoring credit page).
SHOWN = 10


@register.inclusion_tag("mentoring/_claims_panel.html", takes_context=True)
def mentoring_claims(context: Any, program: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    rules = settings_for(program)
    claims = claims_of(user, program).order_by("-created_at")
    rows = list(claims[:SHOWN])
    if not rows and rules.credit_mode == CreditMode.OFF:
        return {"show": False}
    totals = claims.aggregate(minutes=Sum("minutes"), credits=Sum("credits"))
    return {
        "show": True,
        "program": program,
        "rows": rows,
        "more": max(0, claims.count() - SHOWN) if len(rows) == SHOWN else 0,
        "totals": totals,
        "rules": rules,
        "statement": bilingual.text(rules, "credit_statement"),
    }


@register.inclusion_tag("mentoring/_dashboard_panel.html", takes_context=True)
def mentoring_panel(context: Any, program: Any) -> dict[str, Any]:
    """The program page's mentoring card: what waits for the reader (one query)."""
    from django.db.models import Count, F, Q

    from echohub.mentoring.models import Question, QuestionStatus

    perms = context.get("perms_in_program") or set()
    asks, coordinates = "mentoring.ask" in perms, "mentoring.coordinate" in perms
    if not asks and not coordinates:
        return {"show": False}
    user = context["request"].user
    counts: dict[str, Any] = {
        "new": Count(
            "pk",
            filter=Q(asker_id=user.pk, last_message_at__gt=F("asker_seen_at"))
            | Q(
                mentor__user_id=user.pk,
                mentor__active=True,
                last_message_at__gt=F("mentor_seen_at"),
            ),
        ),
        "offered": Count(
            "pk",
            filter=Q(mentor__user_id=user.pk, mentor__active=True, status=QuestionStatus.OFFERED),
        ),
    }
    if coordinates:
        counts["triage"] = Count("pk", filter=Q(status=QuestionStatus.TRIAGE))
        counts["overdue"] = Count(
            "pk",
            filter=Q(
                escalated_at__isnull=False,
                first_answer_at__isnull=True,
                status__in=[QuestionStatus.TRIAGE, QuestionStatus.OFFERED, QuestionStatus.OPEN],
            ),
        )
    found = Question.objects.filter(program=program).aggregate(**counts)
    return {"show": True, "program": program, "asks": asks, "coordinates": coordinates, **found}


@register.simple_tag(takes_context=True)
def mentoring_badge(context: Any, program: Any) -> SafeString | str:
    """The reader's unread mentoring notices in the program (one COUNT; nothing when none)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return unread_badge_html(unread_count(user, program) if user is not None else 0)


@register.filter(expects_localtime=True)
def due_time(value: Any, name: str = "datetime") -> str:
    """`{{ question.due_at|due_time }}`: when a first answer is due, as people read a deadline.
    A question asked on a weekend or a holiday starts its clock at midnight, so it falls due at
    midnight: that is the end of the day before, shown as that date alone ("due 8 Dec 2026",
    never "due 9 Dec 2026, 00:00"). Any other time is shown with its time (`name`, a named
    format of `local_date` with a time: "datetime" or "datetime_tz")."""
    import datetime as dt

    from django.utils import timezone

    from echohub.core.templatetags.echohub import local_date

    if not value:
        return ""
    local = timezone.localtime(value)
    if local.time() == dt.time(0, 0):
        return local_date(local - dt.timedelta(minutes=1), "date")
    return local_date(local, name)
