"""Continuing-education credit as stored.

- :class:`CreditRule`: how a program awards one kind of credit (Mainpro+, Royal College MOC
  Section 1, AMA PRA Category 1, or a custom one). Rules are **versioned**: editing a rule never
  changes a row; it creates the next version (same ``lineage``) and marks the old one
  ``superseded_at``. Awards and certificates keep pointing at the version they were computed
  with, so nothing is lost when a rule changes.
- :class:`CreditAward`: one person at one session under one rule version: the minutes read
  from ``attendance.Attendance``, whether they are eligible and why not, and the credits.
  Recomputed idempotently (unique per rule, session and person).
- :class:`Certificate`: what was certified to one person for a session or a cycle (series):
  the facts printed (frozen in ``facts`` at issue), credits, number, and the SHA-256 of the PDF.
  The PDF itself is regenerated on demand from ``facts`` (deterministic: same bytes each time,
  checked against ``sha256``), so the database holds the record, not megabytes of blobs.
- :class:`CertificateBatch`: a background run issuing a cycle's certificates, with progress. Its
  runner holds a lease it renews after every chunk (``heartbeat_at``, ``run_token``): a batch
  whose runner died (server or worker killed) is found stale and resumed, or failed visibly after
  ``MAX_ATTEMPTS``; a coordinator may cancel it. At most one batch per cycle and rule is active.

A person holds at most one current certificate per rule and session (or cycle): unique partial
constraints, so two clicks or two runners racing cannot issue two.

Deleting: nothing here is deleted by the app. Rule versions are ``RESTRICT``-ed by the awards
and certificates computed under them; deleting a person, session or program (an explicit
erasure by an administrator) takes their credit records with it, as it does their attendance.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from echohub.programs.models import Program
from echohub.scheduling.models import Series, Session


class CreditType(models.TextChoices):
    MAINPRO_GROUP = "mainpro_group", _("Mainpro+ Certified Group Learning")
    RC_MOC_1 = "rc_moc_1", _("Royal College MOC Section 1 (Accredited Group Learning)")
    AMA_PRA_1 = "ama_pra_1", _("AMA PRA Category 1 Credit™")
    CUSTOM = "custom", _("Other (named below)")


class Rounding(models.TextChoices):
    NONE = "none", _("No rounding (minutes attended, to 0.01 credit)")
    QUARTER_HOUR = "quarter_hour", _("Nearest quarter hour (AMA)")
    HALF_HOUR = "half_hour", _("Nearest half hour")


class Reason(models.TextChoices):
    NO_MINUTES = "no_minutes", _("No minutes attended")
    NOT_REGISTERED = "not_registered", _("Not a registered participant")
    BELOW_SHARE = "below_share", _("Attended less than the minimum share of the session")
    BELOW_INCREMENT = "below_increment", _("Too little time for the smallest credit increment")
    SURVEY_MISSING = "survey_missing", _("Evaluation survey not completed")


class CreditRule(models.Model):
    """One version of a program's credit rule. Never edited in place, never deleted."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="credit_rules")
    lineage = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="next_version",
    )
    credit_type = models.CharField(_("credit type"), max_length=20, choices=CreditType.choices)
    custom_name = models.CharField(
        _("name of the credit (custom type)"), max_length=120, blank=True
    )
    credits_per_hour = models.DecimalField(_("credits per hour"), max_digits=4, decimal_places=2)
    rounding = models.CharField(
        _("rounding"), max_length=20, choices=Rounding.choices, default=Rounding.NONE
    )
    minimum_share = models.PositiveSmallIntegerField(
        _("minimum share of the session attended (%)"), default=0
    )
    registered_only = models.BooleanField(_("registered participants only"), default=True)
    # Checked by credits.services.surveys_answered: an answer to the session's post-session
    # evaluation (sessions with no evaluation sent ask nothing).
    survey_required = models.BooleanField(_("evaluation survey required"), default=False)
    # English statement; the French one in the _fr twin (certificates in the person's language).
    accreditation_statement = models.TextField(_("accreditation statement"), blank=True)
    accreditation_statement_fr = models.TextField(_("accreditation statement (French)"), blank=True)
    provider_name = models.CharField(_("accredited provider"), max_length=200)
    provider_contact = models.CharField(_("provider contact"), max_length=300)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)

    class Meta:
        verbose_name = _("credit rule")
        verbose_name_plural = _("credit rules")
        ordering = ["program", "credit_type", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["lineage", "version"], name="credit_rule_version"),
        ]
        indexes = [models.Index(fields=["program", "superseded_at"])]

    def __str__(self) -> str:
        return f"{self.name} v{self.version} ({self.credits_per_hour}/h)"

    @property
    def name(self) -> str:
        if self.credit_type == CreditType.CUSTOM and self.custom_name:
            return self.custom_name
        return str(self.get_credit_type_display())

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None


class CreditAward(models.Model):
    """Eligibility and credits of one person at one session under one rule version."""

    rule = models.ForeignKey(CreditRule, on_delete=models.RESTRICT, related_name="awards")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="credit_awards")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credit_awards"
    )
    minutes = models.PositiveIntegerField(_("minutes"))
    eligible = models.BooleanField(_("eligible"))
    reason = models.CharField(_("why not"), max_length=20, choices=Reason.choices, blank=True)
    credits = models.DecimalField(_("credits"), max_digits=6, decimal_places=2)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("credit award")
        verbose_name_plural = _("credit awards")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "session", "user"], name="credit_award_once_per_rule"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "rule"]),
            models.Index(fields=["session", "rule"]),
        ]

    def __str__(self) -> str:
        return (
            f"person {self.user_id} at session {self.session_id}: {self.credits} ({self.rule_id})"
        )


class Scope(models.TextChoices):
    SESSION = "session", _("Session")
    CYCLE = "cycle", _("Cycle")


class Certificate(models.Model):
    """A certificate as issued. ``facts`` is everything printed on it, frozen at issue."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="certificates")
    rule = models.ForeignKey(CreditRule, on_delete=models.RESTRICT, related_name="certificates")
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="certificates"
    )
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.CASCADE, related_name="certificates"
    )
    credits = models.DecimalField(_("credits"), max_digits=7, decimal_places=2)
    minutes = models.PositiveIntegerField(_("minutes"))
    facts: models.JSONField[dict[str, Any]] = models.JSONField(_("printed facts"))
    sha256 = models.CharField(_("PDF SHA-256"), max_length=64)
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    batch = models.ForeignKey(
        "CertificateBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-id"]
        indexes = [
            models.Index(fields=["user", "program", "superseded_at"]),
            models.Index(fields=["rule", "scope", "series", "session"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "user", "session"],
                condition=Q(superseded_at__isnull=True, scope="session"),
                name="certificate_current_once_per_session",
            ),
            models.UniqueConstraint(
                fields=["rule", "user", "series"],
                condition=Q(superseded_at__isnull=True, scope="cycle"),
                name="certificate_current_once_per_cycle",
            ),
        ]

    def __str__(self) -> str:
        # No name: this string lands in the audit log.
        return f"certificate {self.number}"


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_BATCH = (BatchStatus.QUEUED, BatchStatus.RUNNING)


class CertificateBatch(models.Model):
    """Issuing (and emailing) every cycle certificate of a series under one rule."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="certificate_batches"
    )
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="certificate_batches")
    rule = models.ForeignKey(CreditRule, on_delete=models.RESTRICT, related_name="batches")
    status = models.CharField(
        _("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("people"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    emailed = models.PositiveIntegerField(_("emailed"), default=0)
    # [{"user": id, "code": "...", "message": "..."}]: no names, no clinical text.
    errors: models.JSONField[list[dict[str, Any]]] = models.JSONField(
        _("errors"), default=list, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The runner's lease: renewed after every chunk; a runner whose token is no longer the
    # batch's (another took over after its lease ran out, or the batch was cancelled) stops.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    run_token = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(_("runs started"), default=0)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "rule"],
                condition=Q(status__in=["queued", "running"]),
                name="certificate_batch_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"certificate batch {self.pk} for series {self.series_id}"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == BatchStatus.DONE else 0
        return min(100, self.done * 100 // self.total)

    @property
    def is_finished(self) -> bool:
        return self.status in (BatchStatus.DONE, BatchStatus.FAILED, BatchStatus.CANCELLED)
