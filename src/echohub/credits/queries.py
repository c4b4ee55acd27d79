"""Reusable reads for the credits screens: current rules and their history, awards per
session, a person's transcript, batches."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from echohub.attendance.models import Attendance
from echohub.credits.models import Certificate, CertificateBatch, CreditAward, CreditRule
from echohub.programs.models import Program
from echohub.scheduling.models import Series, Session, SessionStatus


def current_rules(program: Program) -> QuerySet[CreditRule]:
    return CreditRule.objects.filter(program=program, superseded_at__isnull=True).order_by(
        "credit_type", "pk"
    )


def cycle_recipients(program: Program) -> list[dict[str, Any]]:
    """For each current, active rule and cycle: how many people hold eligible credit as last
    computed, i.e. about how many a certificate run would email (the run computes again)."""
    rows: list[dict[str, Any]] = list(
        CreditAward.objects.filter(
            rule__program=program,
            rule__superseded_at__isnull=True,
            rule__active=True,
            eligible=True,
            session__series__isnull=False,
        )
        .values("rule_id", "session__series_id")
        .annotate(people=Count("user", distinct=True))
        .order_by("-session__series__first_date", "rule_id")
    )
    series = Series.objects.in_bulk({r["session__series_id"] for r in rows})
    rules = CreditRule.objects.in_bulk({r["rule_id"] for r in rows})
    return [
        {
            "rule": rules[r["rule_id"]].name,
            "series": series[r["session__series_id"]],
            "people": r["people"],
        }
        for r in rows
    ]


def past_versions(program: Program) -> QuerySet[CreditRule]:
    return (
        CreditRule.objects.filter(program=program, superseded_at__isnull=False)
        .select_related("created_by")
        .order_by("lineage", "-version")
    )


def versions_of(rule: CreditRule) -> QuerySet[CreditRule]:
    return CreditRule.objects.filter(lineage=rule.lineage).select_related("created_by")


def sessions_with_awards(program: Program, rule: CreditRule) -> QuerySet[Session]:
    """Sessions of the program (not cancelled, started) with counts of eligible and
    ineligible people under `rule`, newest first."""
    return (
        Session.objects.filter(program=program)
        .exclude(status=SessionStatus.CANCELLED)
        .annotate(
            eligible_count=Count(
                "credit_awards", filter=Q(credit_awards__rule=rule, credit_awards__eligible=True)
            ),
            ineligible_count=Count(
                "credit_awards", filter=Q(credit_awards__rule=rule, credit_awards__eligible=False)
            ),
            credits_total=Sum("credit_awards__credits", filter=Q(credit_awards__rule=rule)),
        )
        .order_by("-starts_at")
    )


def session_awards(session: Session, rule: CreditRule) -> QuerySet[CreditAward]:
    return (
        CreditAward.objects.filter(session=session, rule=rule)
        .select_related("user")
        .order_by("-eligible", "user__last_name", "user__first_name", "user_id")
    )


@dataclass
class TranscriptCell:
    award: CreditAward | None
    certificate: Certificate | None = None


@dataclass
class TranscriptLine:
    session: Session
    minutes: int
    cells: list[TranscriptCell]


@dataclass
class Transcript:
    rules: list[CreditRule]
    lines: list[TranscriptLine]
    totals: list[Decimal]
    certificates: list[Certificate] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        """The minutes of every session listed (the Total row's Minutes cell)."""
        return sum(line.minutes for line in self.lines)


def transcript(program: Program, user: Any) -> Transcript:
    """`user`'s sessions in `program` (minutes from attendance), credits under each current
    rule, and their current certificates. A fixed number of queries whatever the length."""
    rules = list(current_rules(program).filter(active=True))
    attendances = list(
        Attendance.objects.filter(user=user, session__program=program, minutes__gt=0)
        .select_related("session")
        .order_by("session__starts_at")
    )
    awards = {
        (a.session_id, a.rule_id): a for a in CreditAward.objects.filter(user=user, rule__in=rules)
    }
    certificates = list(
        Certificate.objects.filter(user=user, program=program, superseded_at__isnull=True)
        .select_related("rule", "session", "series")
        .order_by("-issued_at")
    )
    by_session = {(c.session_id, c.rule_id): c for c in certificates if c.session_id is not None}
    lines = [
        TranscriptLine(
            session=att.session,
            minutes=att.minutes,
            cells=[
                TranscriptCell(
                    awards.get((att.session_id, r.pk)), by_session.get((att.session_id, r.pk))
                )
                for r in rules
            ],
        )
        for att in attendances
    ]
    totals = [
        sum(
            (Decimal(a.credits) for a in awards.values() if a.rule_id == r.pk and a.eligible),
            Decimal("0.00"),
        )
        for r in rules
    ]
    return Transcript(rules, lines, totals, certificates)


def batches(program: Program) -> QuerySet[CertificateBatch]:
    return CertificateBatch.objects.filter(program=program).select_related(
        "series", "rule", "created_by"
    )
