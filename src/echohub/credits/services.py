"""Credit state changes: rules (versioned, never edited in place), awards recomputed from
attendance, certificates issued, certificate batches run.

Every function takes keyword-only arguments with an explicit ``actor``, runs in a transaction,
writes the audit log and raises :class:`CreditRefused` (a ``DomainError`` with a stable ``code``).

Eligibility is computed *from* attendance and kept apart from it: ``attendance.Attendance`` says
how many minutes a person was present; :class:`CreditAward` says what that earns under one rule
version. Attendance services do not call this module (dependencies point from credits to
attendance); awards are recomputed when a rule changes, on a coordinator's "Recompute", and
before every certificate (single or batch), so a certificate never uses stale minutes.

"Registered" means holding, or having held, a participant role in the program (``Membership``
with role participant, active or not): a person who left the program keeps the credit they
earned while registered. A rule with ``survey_required`` awards a session only to people who
answered its post-session evaluation (a responded invitation to an open or closed post-session
survey of that session); a session for which no post-session survey was ever sent asks nothing.
Submitting a response queues the session's recompute (``evaluation.services``, on commit).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from echohub.attendance.models import Attendance
from echohub.core import audit, bilingual
from echohub.core.errors import DomainError
from echohub.core.limits import ACCREDITATION_STATEMENT_MAX, too_long_message
from echohub.core.mail import queue_email
from echohub.credits import calc
from echohub.credits.certificates import render_pdf
from echohub.credits.models import (
    ACTIVE_BATCH,
    BatchStatus,
    Certificate,
    CertificateBatch,
    CreditAward,
    CreditRule,
    CreditType,
    Scope,
)
from echohub.programs.models import Membership, Program, Role
from echohub.scheduling.models import Series, Session, SessionStatus

# Fields a coordinator sets; a change to any of them makes a new rule version.
RULE_FIELDS = [
    "credit_type",
    "custom_name",
    "credits_per_hour",
    "rounding",
    "minimum_share",
    "registered_only",
    "survey_required",
    "accreditation_statement",
    "accreditation_statement_fr",
    "provider_name",
    "provider_contact",
    "active",
]
BATCH_CHUNK = 50
# A running batch renews its lease after every chunk (a chunk takes seconds): one silent for this
# long has lost its runner (server or worker killed) and is resumed, at most MAX_ATTEMPTS runs.
BATCH_LEASE = dt.timedelta(minutes=5)
MAX_ATTEMPTS = 3
LEARNING_FORMAT = gettext_noop("Live videoconference (Project ECHO group learning)")


class CreditRefused(DomainError):
    """A refused credit change."""


class CreditConflict(CreditRefused):
    """Refused because of what is happening at the same time (a batch running, finished)."""

    status = 409


@dataclass(frozen=True)
class RecomputeResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "changed": self.changed, "unchanged": self.unchanged}

    def as_changes(self) -> dict[str, int]:
        """Flat, for the audit log (its `changes` holds plain values only)."""
        return {f"recomputed_{k}": v for k, v in self.as_dict().items()}


# --- rules --------------------------------------------------------------------------------


def _clean_rule(data: dict[str, Any]) -> dict[str, Any]:
    values = {f: data[f] for f in RULE_FIELDS if f in data}
    if values.get("credit_type") not in CreditType.values:
        raise CreditRefused("bad_type", _("Choose a credit type."), field="credit_type")
    values["custom_name"] = (values.get("custom_name") or "").strip()
    if values["credit_type"] == CreditType.CUSTOM and not values["custom_name"]:
        raise CreditRefused(
            "custom_name_required", _("Name the custom credit type."), field="custom_name"
        )
    per_hour = Decimal(values.get("credits_per_hour") or 0)
    if not Decimal(0) < per_hour <= Decimal(10):
        raise CreditRefused(
            "bad_rate",
            _("Credits per hour must be more than 0 and at most 10."),
            field="credits_per_hour",
        )
    values["credits_per_hour"] = per_hour.quantize(Decimal("0.01"))
    share = int(values.get("minimum_share") or 0)
    if not 0 <= share <= 100:
        raise CreditRefused(
            "bad_share", _("The minimum share is a percentage (0-100)."), field="minimum_share"
        )
    values["minimum_share"] = share
    for text in ("provider_name", "provider_contact"):
        values[text] = (values.get(text) or "").strip()
        if not values[text]:
            raise CreditRefused(
                f"{text}_required", _("Certificates must show this; fill it in."), field=text
            )
    # The statement in English, in French or both: certificates print the person's language,
    # else the other one.
    for text in ("accreditation_statement", "accreditation_statement_fr"):
        values[text] = (values.get(text) or "").strip()
    if not (values["accreditation_statement"] or values["accreditation_statement_fr"]):
        raise CreditRefused(
            "accreditation_statement_required",
            _("Certificates must show this; fill it in."),
            field="accreditation_statement",
        )
    # Printed on every certificate: a paragraph, not a book (1 MB took minutes per PDF).
    for text in ("accreditation_statement", "accreditation_statement_fr"):
        if len(values[text]) > ACCREDITATION_STATEMENT_MAX:
            raise CreditRefused(
                "too_long", too_long_message(ACCREDITATION_STATEMENT_MAX), field=text
            )
    return values


def _refuse_twin(program: Program, values: dict[str, Any], lineage: Any = None) -> None:
    """One current, active rule per kind of credit: a second Mainpro+ rule (or a second custom
    rule of the same name) would award the same hours twice, on two certificates."""
    if not values.get("active", True):
        return
    Program.objects.select_for_update().filter(pk=program.pk).first()  # one create at a time
    twins = CreditRule.objects.filter(
        program=program,
        superseded_at__isnull=True,
        active=True,
        credit_type=values["credit_type"],
    )
    if lineage is not None:
        twins = twins.exclude(lineage=lineage)
    if values["credit_type"] == CreditType.CUSTOM:
        wanted = values["custom_name"].casefold()
        twins_named = [t for t in twins if t.custom_name.strip().casefold() == wanted]
        if not twins_named:
            return
    elif not twins.exists():
        return
    raise CreditRefused(
        "duplicate_rule",
        _(
            "This program already has a current rule for this kind of credit: the same hours "
            "would be credited twice. Change that rule instead, or make it inactive first."
        ),
        field="credit_type",
    )


@transaction.atomic
def create_rule(*, actor: Any, program: Program, data: dict[str, Any]) -> CreditRule:
    values = _clean_rule(data)
    _refuse_twin(program, values)
    rule = CreditRule.objects.create(program=program, created_by=_user(actor), **values)
    result = recompute_awards(actor=actor, rule=rule, log=False)
    audit.record(
        actor=actor,
        action="credits.rule_created",
        obj=rule,
        program=program,
        changes={**audit.snapshot(rule, RULE_FIELDS), **result.as_changes()},
    )
    return rule


@transaction.atomic
def change_rule(*, actor: Any, rule: CreditRule, data: dict[str, Any]) -> CreditRule:
    """Make the next version of `rule` with `data` and recompute its awards. The old version
    and its awards and certificates stay as they were (``superseded_at`` set)."""
    old = CreditRule.objects.select_for_update().get(pk=rule.pk)
    if old.superseded_at is not None:
        raise CreditRefused(
            "superseded", _("This rule has changed since you opened it; edit the current version.")
        )
    # A form showing one language leaves the other language's statement as it was.
    kept = {f: getattr(old, f) for f in ("accreditation_statement", "accreditation_statement_fr")}
    values = _clean_rule({**kept, **data})
    _refuse_twin(old.program, values, lineage=old.lineage)
    before = audit.snapshot(old, RULE_FIELDS)
    candidate = CreditRule(**values)
    after = audit.snapshot(candidate, RULE_FIELDS)
    changes = {f: [before[f], after[f]] for f in RULE_FIELDS if before[f] != after[f]}
    if not changes:
        return old
    now = timezone.now()
    old.superseded_at = now
    old.save(update_fields=["superseded_at"])
    new = CreditRule.objects.create(
        program=old.program,
        lineage=old.lineage,
        version=old.version + 1,
        previous=old,
        created_by=_user(actor),
        **values,
    )
    result = recompute_awards(actor=actor, rule=new, log=False)
    audit.record(
        actor=actor,
        action="credits.rule_changed",
        obj=new,
        program=old.program,
        changes={
            **changes,
            "version": [old.version, new.version],
            **result.as_changes(),
        },
    )
    return new


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# --- awards -------------------------------------------------------------------------------


def terms_of(rule: CreditRule) -> calc.Terms:
    return calc.Terms(
        credits_per_hour=Decimal(rule.credits_per_hour),
        rounding=rule.rounding,
        minimum_share=rule.minimum_share,
        registered_only=rule.registered_only,
        survey_required=rule.survey_required,
    )


def registered_ids(program: Program) -> set[int]:
    """People who hold or held a participant role in the program."""
    return set(
        Membership.objects.filter(program=program, role=Role.PARTICIPANT).values_list(
            "user_id", flat=True
        )
    )


def surveys_answered(session_ids: Iterable[int]) -> tuple[set[int], set[tuple[int, int]]]:
    """For a survey requirement: the sessions whose post-session evaluation was sent (open or
    closed survey), and the (session, person) pairs that answered it. Two queries."""
    from echohub.evaluation.models import SurveyInvitation, SurveyKind, SurveyStatus

    invitations = SurveyInvitation.objects.filter(
        session_id__in=list(session_ids),
        survey__kind=SurveyKind.POST_SESSION,
        survey__status__in=[SurveyStatus.OPEN, SurveyStatus.CLOSED],
    )
    surveyed = set(invitations.values_list("session_id", flat=True).distinct())
    answered = set(invitations.filter(responded=True).values_list("session_id", "user_id"))
    return surveyed, answered


def survey_done(rule: CreditRule, session_id: int, user_id: int) -> bool:
    """Whether the person answered the session's post-session evaluation (True when the rule
    does not ask for it, or when no evaluation was sent for that session)."""
    if not rule.survey_required:
        return True
    surveyed, answered = surveys_answered([session_id])
    return session_id not in surveyed or (session_id, user_id) in answered


def _counted_lengths(sessions: Any, lengths: dict[int, int]) -> dict[int, int]:
    """Each session's minutes that attendance is counted in: its planned length, or less for
    one the hub ran live and ended early (attendance's window: from its actual start to its
    actual end). Minutes are counted in that window; measured against the planned length, an
    hour-long session ended half an hour early left everyone below a 75 % minimum share though
    they attended all of it (hunt 9). A session that ran over still caps at its planned length
    (the designated maximum)."""
    from echohub.attendance.services import attendance_window, window_providers

    if not window_providers:  # no window but the planned one: nothing to read
        return lengths
    counted = dict(lengths)
    for session in sessions.filter(pk__in=list(lengths)):
        start, end = attendance_window(session)
        window = max(0, int((end - start).total_seconds() // 60))
        counted[session.pk] = min(counted[session.pk], window)
    return counted


def recompute_awards(
    *,
    actor: Any,
    rule: CreditRule,
    session_ids: Iterable[int] | None = None,
    log: bool = True,
) -> RecomputeResult:
    """Bring `rule`'s awards in line with attendance (all the program's sessions, or
    `session_ids`). Idempotent: a second run changes nothing. An inactive rule awards nothing
    new; its existing awards stay as records."""
    if not rule.active:
        return RecomputeResult()
    sessions = Session.objects.filter(program_id=rule.program_id).exclude(
        status=SessionStatus.CANCELLED
    )
    if session_ids is not None:
        sessions = sessions.filter(pk__in=list(session_ids))
    lengths = {
        pk: max(0, int((end - start).total_seconds() // 60))
        for pk, start, end in sessions.values_list("pk", "starts_at", "ends_at")
    }
    lengths = _counted_lengths(sessions, lengths)
    attended = {
        (s, u): m
        for s, u, m in Attendance.objects.filter(session_id__in=list(lengths)).values_list(
            "session_id", "user_id", "minutes"
        )
    }
    existing = {
        (a.session_id, a.user_id): a
        for a in CreditAward.objects.filter(rule=rule, session_id__in=list(lengths))
    }
    registered = registered_ids(rule.program)
    surveyed, answered = surveys_answered(lengths) if rule.survey_required else (set(), set())
    terms = terms_of(rule)
    now = timezone.now()
    create: list[CreditAward] = []
    update: list[CreditAward] = []
    unchanged = 0
    for key in sorted(set(attended) | set(existing)):
        session_id, user_id = key
        outcome = calc.evaluate(
            minutes=attended.get(key, 0),
            session_minutes=lengths[session_id],
            terms=terms,
            registered=user_id in registered,
            survey_done=session_id not in surveyed or key in answered,
        )
        award = existing.get(key)
        if award is None:
            create.append(
                CreditAward(
                    rule=rule,
                    session_id=session_id,
                    user_id=user_id,
                    minutes=outcome.minutes,
                    eligible=outcome.eligible,
                    reason=outcome.reason,
                    credits=outcome.credits,
                    computed_at=now,
                )
            )
        elif (award.minutes, award.eligible, award.reason, Decimal(award.credits)) != (
            outcome.minutes,
            outcome.eligible,
            outcome.reason,
            outcome.credits,
        ):
            award.minutes = outcome.minutes
            award.eligible = outcome.eligible
            award.reason = outcome.reason
            award.credits = outcome.credits
            award.computed_at = now
            update.append(award)
        else:
            unchanged += 1
    with transaction.atomic():
        CreditAward.objects.bulk_create(create, batch_size=500)
        CreditAward.objects.bulk_update(
            update, ["minutes", "eligible", "reason", "credits", "computed_at"], batch_size=500
        )
        result = RecomputeResult(len(create), len(update), unchanged)
        if log and (create or update):
            audit.record(
                actor=actor,
                action="credits.recomputed",
                obj=rule,
                program=rule.program,
                changes={**result.as_dict(), "sessions": len(lengths)},
            )
    return result


def recompute_program(
    *, actor: Any, program: Program, session_ids: Sequence[int] | None = None
) -> RecomputeResult:
    """Recompute every current, active rule of the program."""
    totals = [0, 0, 0]
    for rule in CreditRule.objects.filter(program=program, superseded_at__isnull=True, active=True):
        r = recompute_awards(actor=actor, rule=rule, session_ids=session_ids)
        totals = [totals[0] + r.created, totals[1] + r.changed, totals[2] + r.unchanged]
    return RecomputeResult(*totals)


# --- certificates -------------------------------------------------------------------------


def _local_date(value: dt.datetime, zone: str) -> str:
    return value.astimezone(ZoneInfo(zone)).date().isoformat()


def _facts(
    *,
    rule: CreditRule,
    user: Any,
    awards: Sequence[CreditAward],
    activity_title: str,
) -> dict[str, Any]:
    """What the certificate prints, from eligible awards (their sessions preloaded); the
    program's own texts in the person's language (else the other one)."""
    lang = getattr(user, "language", "") or "en"
    with translation.override(lang):  # the holder's language, whoever issues it
        return _facts_in(
            rule=rule, user=user, awards=awards, activity_title=activity_title, lang=lang
        )


def _facts_in(
    *,
    rule: CreditRule,
    user: Any,
    awards: Sequence[CreditAward],
    activity_title: str,
    lang: str,
) -> dict[str, Any]:
    ordered = sorted(awards, key=lambda a: a.session.starts_at)
    dates = [_local_date(a.session.starts_at, a.session.time_zone) for a in ordered]
    credits = sum((Decimal(a.credits) for a in ordered), Decimal("0.00"))
    statement = bilingual.localized(rule, "accreditation_statement", lang)
    marker = bilingual.marker(statement, lang)
    return {
        "heading": _("Certificate of participation"),
        "name": user.get_full_name() or user.email,
        "licence_number": user.licence_number or _("not on file"),
        "activity_title": activity_title,
        "program": bilingual.text(rule.program, "name", lang),
        "credit_name": rule.name,
        "credits": f"{credits:.2f}",
        "minutes": sum(a.minutes for a in ordered),
        "dates": dates[0] if dates[0] == dates[-1] else f"{dates[0]} – {dates[-1]}",
        "format": _(LEARNING_FORMAT),
        "sessions": [
            [
                d,
                bilingual.text(a.session, "title", lang),
                str(a.minutes),
                f"{Decimal(a.credits):.2f}",
            ]
            for d, a in zip(dates, ordered, strict=True)
        ],
        "statement": statement.text,
        "provider_name": rule.provider_name,
        "provider_contact": rule.provider_contact,
        # The statement is printed exactly as written; when it is in the other language than
        # the person's (the rule has none in theirs), a marker after it says so ("(in English)").
        **({"statement_marker": marker} if marker else {}),
    }


def _new_number() -> str:
    return f"EH-{secrets.token_hex(5).upper()}"


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate's PDF, regenerated from its frozen facts (same bytes as at issue)."""
    return render_pdf(certificate.facts)


def issue_certificate(
    *,
    actor: Any,
    rule: CreditRule,
    user: Any,
    session: Session | None = None,
    series: Series | None = None,
    batch: CertificateBatch | None = None,
    awards: Sequence[CreditAward] | None = None,
    recompute: bool = True,
) -> Certificate:
    """Issue `user`'s certificate for one session or one cycle (series) under `rule`.

    Idempotent: when the person already holds a current certificate with the same facts, that
    one is returned; when a parallel call issues it at the same moment, the unique constraint
    keeps one and both calls return it. When the facts changed (a rule change, an attendance
    adjustment), the old certificate is marked superseded (kept) and a new one, with a new
    number, is issued.
    """
    if (session is None) == (series is None):
        raise ValueError("give a session or a series")
    if rule.superseded_at is not None or not rule.active:
        raise CreditRefused("rule_not_current", _("This credit rule is no longer in force."))
    scope_sessions = Session.objects.filter(program_id=rule.program_id)
    scope_sessions = (
        scope_sessions.filter(pk=session.pk) if session else scope_sessions.filter(series=series)
    )
    with transaction.atomic():
        if recompute:
            ids = list(scope_sessions.values_list("pk", flat=True))
            recompute_awards(actor=actor, rule=rule, session_ids=ids)
        if awards is None:
            awards = list(
                CreditAward.objects.filter(
                    rule=rule, user=user, eligible=True, session__in=scope_sessions
                ).select_related("session")
            )
        if not awards:
            raise CreditRefused("not_eligible", _("No credit earned here under this rule."))
        lang = getattr(user, "language", "") or "en"
        name = bilingual.text(rule.program, "name", lang)
        if session is not None:
            title = f"{name}: {bilingual.text(session, 'title', lang)}"
        else:
            assert series is not None
            title = f"{name}: {bilingual.text(series, 'title', lang)}"
        facts = _facts(rule=rule, user=user, awards=awards, activity_title=title)
        scope = Scope.SESSION if session else Scope.CYCLE
        current = _current_certificate(
            user=user, rule=rule, scope=scope, session=session, series=series
        )
        if current is not None:
            same = {k: v for k, v in current.facts.items() if k not in ("number", "issued_on")}
            if current.rule_id == rule.pk and same == facts:
                return current
            current.superseded_at = timezone.now()
            current.save(update_fields=["superseded_at"])
        now = timezone.now()
        number = _new_number()
        facts = {
            **facts,
            "number": number,
            "issued_on": timezone.localdate(now, ZoneInfo(rule.program.time_zone)).isoformat(),
        }
        with translation.override(lang):  # its labels in the language of its facts
            pdf = render_pdf(facts)
        try:
            with transaction.atomic():  # savepoint: losing the race below leaves the rest usable
                certificate = Certificate.objects.create(
                    number=number,
                    user=user,
                    program=rule.program,
                    rule=rule,
                    scope=scope,
                    session=session,
                    series=series,
                    credits=Decimal(facts["credits"]),
                    minutes=facts["minutes"],
                    facts=facts,
                    sha256=hashlib.sha256(pdf).hexdigest(),
                    issued_at=now,
                    issued_by=_user(actor),
                    batch=batch,
                )
        except IntegrityError:
            # A parallel request (a double click, two runners) issued it first: the unique
            # constraint kept one current certificate; that one is the answer.
            winner = Certificate.objects.filter(
                user=user,
                rule=rule,
                scope=scope,
                session=session,
                series=series,
                superseded_at__isnull=True,
            ).first()
            if winner is None:
                raise
            return winner
        audit.record(
            actor=actor,
            action="credits.certificate_issued",
            obj=certificate,
            program=rule.program,
            changes={
                "user": user.pk,
                "credits": facts["credits"],
                "scope": scope,
                "replaces": current.number if current else None,
            },
        )
    return certificate


def _current_certificate(
    *, user: Any, rule: CreditRule, scope: str, session: Session | None, series: Series | None
) -> Certificate | None:
    """The person's current certificate here under any version of the rule (locked)."""
    return (
        Certificate.objects.select_for_update(of=("self",))
        .filter(
            user=user,
            rule__lineage=rule.lineage,
            scope=scope,
            session=session,
            series=series,
            superseded_at__isnull=True,
        )
        .first()
    )


def email_certificate(*, certificate: Certificate) -> None:
    """Email the person a link to their certificate (never the PDF through the queue)."""
    from django.conf import settings

    path = reverse(
        "credits:certificate_pdf",
        kwargs={"slug": certificate.program.slug, "pk": certificate.pk},
    )
    queue_email(
        to=certificate.user.email,
        subject=gettext_noop("Your certificate: %(program)s"),
        subject_values={"program": certificate.program},
        template="credits/email/certificate.txt",
        context={
            "name": certificate.facts["name"],
            "activity": certificate.facts["activity_title"],
            "credits": certificate.facts["credits"],
            "credit_name": certificate.facts["credit_name"],
            "url": f"{settings.SITE_URL}{path}",
            "transcript_url": settings.SITE_URL
            + reverse("credits:transcript", kwargs={"slug": certificate.program.slug}),
        },
        program=certificate.program,
    )
    certificate.emailed_at = timezone.now()
    certificate.save(update_fields=["emailed_at"])


# --- batches ------------------------------------------------------------------------------


def start_batch(
    *, actor: Any, rule: CreditRule, series: Series, cycle_unfinished_ok: bool = False
) -> CertificateBatch:
    """Queue issuing and emailing every cycle certificate of `series` under `rule`; the work
    runs in the background (:func:`echohub.credits.tasks.run_certificate_batch`). A cycle with
    sessions still to come is refused unless the caller confirms (its certificates would count
    only the sessions held so far). A batch of the cycle whose runner died is resumed first
    (in its own transaction, so the refusal below does not undo it)."""
    recover_stale_batches(program=rule.program)
    with transaction.atomic():
        return _start_batch(
            actor=actor, rule=rule, series=series, cycle_unfinished_ok=cycle_unfinished_ok
        )


def _start_batch(
    *, actor: Any, rule: CreditRule, series: Series, cycle_unfinished_ok: bool
) -> CertificateBatch:
    if series.program_id != rule.program_id:
        raise CreditRefused("wrong_program", _("That cycle belongs to another program."))
    sessions = series.sessions.exclude(status=SessionStatus.CANCELLED)
    total = sessions.count()
    held = sessions.filter(ends_at__lte=timezone.now()).count()
    if held < total and not cycle_unfinished_ok:
        raise CreditRefused(
            "cycle_unfinished",
            _(
                "Only %(held)d of the %(total)d sessions of this cycle have been held: "
                "certificates issued now would count those %(held)d only. Confirm to issue "
                "them anyway, or wait for the end of the cycle."
            )
            % {"held": held, "total": total},
            field="cycle_unfinished_ok",
        )
    if rule.superseded_at is not None or not rule.active:
        raise CreditRefused(
            "rule_not_current", _("This credit rule is no longer in force."), field="rule"
        )
    already = _("Certificates for this cycle are already being issued.")
    if CertificateBatch.objects.filter(series=series, rule=rule, status__in=ACTIVE_BATCH).exists():
        raise CreditConflict("batch_running", already)
    try:
        with transaction.atomic():  # two starts racing: the constraint lets one through
            batch = CertificateBatch.objects.create(
                program=rule.program, series=series, rule=rule, created_by=_user(actor)
            )
    except IntegrityError:
        raise CreditConflict("batch_running", already) from None
    audit.record(
        actor=actor,
        action="credits.batch_started",
        obj=batch,
        program=rule.program,
        changes={"series": series.pk, "rule": rule.pk, "sessions_held": [held, total]},
    )
    from echohub.credits.tasks import run_certificate_batch

    transaction.on_commit(lambda: run_certificate_batch.enqueue(batch.pk))
    return batch


def _is_stale(batch: CertificateBatch, now: dt.datetime) -> bool:
    last = batch.heartbeat_at or batch.started_at or batch.created_at
    return last < now - BATCH_LEASE


def recover_stale_batches(*, program: Program | None = None) -> list[CertificateBatch]:
    """Find queued or running batches whose runner stopped renewing its lease (a killed server
    or worker) and resume them (a new run; certificates already issued are reused, nobody is
    emailed twice), or, after MAX_ATTEMPTS runs, mark them failed with the reason shown on the
    batch page. Called when a batch is started and whenever a batch page is looked at."""
    now = timezone.now()
    candidates = CertificateBatch.objects.filter(
        status__in=ACTIVE_BATCH, created_at__lt=now - BATCH_LEASE
    )
    if program is not None:
        candidates = candidates.filter(program=program)
    recovered = []
    for pk in list(candidates.values_list("pk", flat=True)):
        with transaction.atomic():
            batch = (
                CertificateBatch.objects.select_for_update(of=("self",))
                .select_related("program")
                .filter(pk=pk, status__in=ACTIVE_BATCH)
                .first()
            )
            if batch is None or not _is_stale(batch, now):
                continue
            if batch.attempts >= MAX_ATTEMPTS:
                batch.status = BatchStatus.FAILED
                batch.finished_at = now
                batch.run_token = ""
                batch.errors = [
                    *batch.errors,
                    {
                        "user": None,
                        "code": "stalled",
                        "message": _(
                            "The run stopped %(n)d times without finishing; start a new batch "
                            "(certificates already issued are kept and not issued again)."
                        )
                        % {"n": batch.attempts},
                    },
                ]
                batch.save(update_fields=["status", "finished_at", "run_token", "errors"])
                action = "credits.batch_stalled"
            else:
                # A new lease holder will claim it; the dead runner's token no longer counts.
                batch.status = BatchStatus.QUEUED
                batch.run_token = ""
                batch.heartbeat_at = now
                batch.save(update_fields=["status", "run_token", "heartbeat_at"])
                action = "credits.batch_resumed"
                from echohub.credits.tasks import run_certificate_batch

                transaction.on_commit(partial(run_certificate_batch.enqueue, batch.pk))
            audit.record(
                actor=None,
                action=action,
                obj=batch,
                program=batch.program,
                changes={"done": batch.done, "total": batch.total, "attempts": batch.attempts},
            )
            recovered.append(batch)
    return recovered


@transaction.atomic
def cancel_batch(*, actor: Any, batch: CertificateBatch) -> CertificateBatch:
    """Stop a queued or running batch. Its runner stops at the end of the chunk in hand;
    certificates issued so far stay valid (and are listed on the batch page)."""
    locked = CertificateBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.is_finished:
        raise CreditConflict("batch_finished", _("This batch has already finished."))
    locked.status = BatchStatus.CANCELLED
    locked.finished_at = timezone.now()
    locked.run_token = ""
    locked.cancelled_by = _user(actor)
    locked.save(update_fields=["status", "finished_at", "run_token", "cancelled_by"])
    audit.record(
        actor=actor,
        action="credits.batch_cancelled",
        obj=locked,
        program=locked.program,
        changes={"done": locked.done, "total": locked.total},
    )
    return locked


def _claim(batch_id: int) -> tuple[CertificateBatch, str] | None:
    """Take the batch's lease for this runner, or None when there is nothing to do: finished,
    cancelled, or another runner holds a live lease."""
    now = timezone.now()
    with transaction.atomic():
        batch = (
            CertificateBatch.objects.select_for_update(of=("self",))
            .select_related("rule__program", "series", "created_by", "program")
            .get(pk=batch_id)
        )
        if batch.is_finished:
            return None
        if batch.status == BatchStatus.RUNNING and batch.run_token and not _is_stale(batch, now):
            return None
        token = uuid.uuid4().hex
        batch.status = BatchStatus.RUNNING
        batch.run_token = token
        batch.heartbeat_at = now
        batch.attempts += 1
        batch.started_at = batch.started_at or now
        batch.save(update_fields=["status", "run_token", "heartbeat_at", "attempts", "started_at"])
    return batch, token


def _still_mine(batch: CertificateBatch, token: str) -> bool:
    """Lock the batch row; whether this runner still holds its lease (not cancelled, not taken
    over). Call inside the chunk's transaction, which then holds the lock."""
    row = (
        CertificateBatch.objects.select_for_update(of=("self",))
        .filter(pk=batch.pk)
        .values("status", "run_token")
        .first()
    )
    return row is not None and row["status"] == BatchStatus.RUNNING and row["run_token"] == token


def run_batch(*, batch_id: int, chunk: int = BATCH_CHUNK) -> CertificateBatch:
    """Do a batch's work in chunks of `chunk` people, each in its own transaction, renewing the
    lease and the progress after each. Safe to run again, or twice at once: the lease lets one
    runner work, issued certificates are reused and people already emailed are not emailed
    twice. A cancelled batch stops at the next chunk. An unexpected error marks the batch failed
    (the chunks done so far stay done) and is raised again for the task backend to record."""
    claimed = _claim(batch_id)
    if claimed is None:
        return CertificateBatch.objects.get(pk=batch_id)
    batch, token = claimed
    try:
        return _run_batch(batch, chunk, token)
    except Exception:
        CertificateBatch.objects.filter(pk=batch.pk, run_token=token).update(
            status=BatchStatus.FAILED, finished_at=timezone.now(), run_token=""
        )
        raise


def _run_batch(batch: CertificateBatch, chunk: int, token: str) -> CertificateBatch:
    rule, series, actor = batch.rule, batch.series, batch.created_by
    if rule.superseded_at is not None or not rule.active:
        batch.status = BatchStatus.FAILED
        batch.errors = [{"user": None, "code": "rule_not_current", "message": "rule changed"}]
        batch.finished_at = timezone.now()
        batch.run_token = ""
        batch.save(update_fields=["status", "errors", "finished_at", "run_token"])
        return batch
    session_ids = list(Session.objects.filter(series=series).values_list("pk", flat=True))
    recompute_awards(actor=actor, rule=rule, session_ids=session_ids)
    by_user: dict[int, list[CreditAward]] = defaultdict(list)
    for award in CreditAward.objects.filter(
        rule=rule, session_id__in=session_ids, eligible=True
    ).select_related("session", "user"):
        by_user[award.user_id].append(award)
    user_ids = sorted(by_user)
    with transaction.atomic():
        if not _still_mine(batch, token):
            return CertificateBatch.objects.get(pk=batch.pk)
        batch.total = len(user_ids)
        batch.done = 0
        batch.errors = []
        batch.heartbeat_at = timezone.now()
        batch.save(update_fields=["total", "done", "errors", "heartbeat_at"])
    for start in range(0, len(user_ids), chunk):
        with transaction.atomic():
            if not _still_mine(batch, token):
                # Cancelled, or another runner took over after this one's lease ran out.
                return CertificateBatch.objects.get(pk=batch.pk)
            for user_id in user_ids[start : start + chunk]:
                awards = by_user[user_id]
                try:
                    with transaction.atomic():
                        cert = issue_certificate(
                            actor=actor,
                            rule=rule,
                            user=awards[0].user,
                            series=series,
                            batch=batch,
                            awards=awards,
                            recompute=False,
                        )
                        if cert.emailed_at is None and cert.user.email:
                            email_certificate(certificate=cert)
                            batch.emailed += 1
                except DomainError as err:
                    batch.errors.append({"user": user_id, "code": err.code, "message": err.message})
                batch.done += 1
            batch.heartbeat_at = timezone.now()
            batch.save(update_fields=["done", "emailed", "errors", "heartbeat_at"])
    with transaction.atomic():
        if not _still_mine(batch, token):
            return CertificateBatch.objects.get(pk=batch.pk)
        batch.status = BatchStatus.DONE
        batch.finished_at = timezone.now()
        batch.run_token = ""
        batch.save(update_fields=["status", "finished_at", "run_token"])
        audit.record(
            actor=actor,
            action="credits.batch_finished",
            obj=batch,
            program=batch.program,
            changes={"total": batch.total, "emailed": batch.emailed, "errors": len(batch.errors)},
        )
    return batch
