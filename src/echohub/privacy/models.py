"""Retention rules per program, and the record of what retention and erasure removed.

The rows here hold no personal data: a program's setting, and which cases and people were
purged or erased, when and by whom (an id)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

#: Case content is kept this many years after close-out unless the program says otherwise.
#: Ten years: what Ontario asks of physicians' medical records (O. Reg. 114/94 under the
#: Medicine Act, and the CPSO's Medical Records Management policy: 10 years after the last
#: entry) and the CMPA's advice (at least 10 years; 16 in British Columbia), so the experts'
#: advice stays available for as long as a presenter's chart may be questioned. Sources and
#: reasoning: docs/deployment.md, "Retention and erasure".
DEFAULT_CASE_CONTENT_YEARS = 10
#: Attendance and certificates are kept at least this long after the activity: ACCME asks for
#: participation records "for six years from the date of the CME activity"; Mainpro+ members
#: report over five-year cycles, which 6 years outlasts (docs/deployment.md). A program cannot
#: set a shorter period.
ACCREDITATION_RECORD_YEARS = 6


def former_name(user_id: int) -> str:
    """The name an erased person's records carry instead of theirs."""
    return f"{_('Former participant')} #{user_id}"


class RetentionPolicy(models.Model):
    """A program's retention rule (none stored: the defaults above)."""

    program = models.OneToOneField(
        "programs.Program", on_delete=models.CASCADE, related_name="retention_policy"
    )
    case_content_years = models.PositiveSmallIntegerField(
        _("keep case content for (years after close-out)"),
        default=DEFAULT_CASE_CONTENT_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")

    def __str__(self) -> str:
        return f"retention of program {self.program_id}: {self.case_content_years} years"


class PurgedCase(models.Model):
    """A case whose content the retention rule removed (its existence, dates, theme and figures
    stay on the case)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="purge")
    purged_at = models.DateTimeField()
    years = models.PositiveSmallIntegerField()

    def __str__(self) -> str:
        return f"case {self.case_id} purged {self.purged_at:%Y-%m-%d}"


class ErasedPerson(models.Model):
    """A person whose personal data was erased. The account row stays (anonymised) so that
    attendance, certificates and aggregates keep counting them as one person."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="erasure"
    )
    erased_at = models.DateTimeField()
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"person {self.user_id} erased {self.erased_at:%Y-%m-%d}"


class ErasureRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an admin")
    ERASED = "erased", _("Erased")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ErasureRequest(models.Model):
    """A person's own request to have their data erased; an admin of their programs previews and
    confirms it (`privacy.erasure.erase_person`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="erasure_requests"
    )
    requested_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=ErasureRequestStatus.choices, default=ErasureRequestStatus.PENDING
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="erasure_request_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"erasure request {self.pk} of person {self.user_id}: {self.status}"
