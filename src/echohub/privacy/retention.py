"""The retention rule for case content: purge what a program keeps no longer.

A case's clinical content (its free text, medications, score items, the hub's recommendation
text, follow-up text, the taper plan, the program's extra answers and the presenter's override
reasons) is kept `case_content_years` after its close-out (a case never closed: after its last
change), then removed. What dashboards read stays: the case itself, its number, program,
presenter account, status and dates, theme, age band and the other choice fields, the stored MME
totals, score instruments, totals and bands, the close-out answers (advice followed, plan
changed, referral avoided), and the recommendation rows (discipline, author, dates). The title
becomes "Removed under the retention rule on DATE".

Attendance and certificates are kept: accreditors need them for `ACCREDITATION_RECORD_YEARS`.
Only the name and licence number printed on the certificates of people who asked for erasure
(`privacy.erasure`) are removed once those years have passed (kind `certificate_names`).

`purge_cases` runs in the `send_reminders` loop (`PURGE_EVERY`) and as `echohub purge
[--dry-run]`; each real run writes one audit entry per program with counts only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from echohub.cases.models import (
    CLINICAL_TEXT_FIELDS,
    Case,
    CaseMedication,
    CaseScore,
    CaseStatus,
    FollowUp,
    PhiOverride,
    Recommendation,
)
from echohub.core.audit import record
from echohub.core.errors import DomainError
from echohub.credits.models import Certificate
from echohub.privacy.models import (
    ACCREDITATION_RECORD_YEARS,
    DEFAULT_CASE_CONTENT_YEARS,
    PurgedCase,
    RetentionPolicy,
    former_name,
)
from echohub.privacy.signals import cases_purged
from echohub.programs.models import Program

#: What one purge counts, per program: cases emptied and the rows emptied or removed with them.
KINDS = (
    "cases",
    "recommendations",
    "follow_ups",
    "medications",
    "scores",
    "overrides",
    "certificate_names",
)

#: Case fields emptied besides the clinical text fields (the title gets the marker instead).
OTHER_TEXT_FIELDS = [
    "review_comments",
    "recommendations_summary",
    "plain_language_summary",
    "closeout_comments",
]


@dataclass
class ProgramPurge:
    program_id: int
    slug: str
    years: int
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))


def years_for(program: Program) -> int:
    policy = RetentionPolicy.objects.filter(program=program).first()
    return policy.case_content_years if policy else DEFAULT_CASE_CONTENT_YEARS


def subtract_years(moment: dt.datetime, years: int) -> dt.datetime:
    """`moment` moved back by whole calendar years (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def due_cases(program: Program, *, years: int, now: dt.datetime) -> QuerySet[Case]:
    """Cases of `program` whose content is past the rule and not yet purged."""
    cutoff = subtract_years(now, years)
    closed = Q(status=CaseStatus.CLOSED, closed_at__lt=cutoff)
    never_closed = ~Q(status=CaseStatus.CLOSED) & Q(updated_at__lt=cutoff)
    return Case.objects.filter(closed | never_closed, program=program, purge__isnull=True)


def due_certificates(program: Program, *, now: dt.datetime) -> QuerySet[Certificate]:
    """Certificates of erased people past the accreditors' years still printing their name."""
    return Certificate.objects.filter(
        program=program,
        user__erasure__isnull=False,
        issued_at__lt=subtract_years(now, ACCREDITATION_RECORD_YEARS),
    ).exclude(facts__has_key="erased")


def scrub_certificate(certificate: Certificate) -> None:
    """Replace the name and licence number printed on `certificate` (its number, dates and
    credits stay; its PDF no longer matches the SHA-256 taken at issue)."""
    certificate.facts = {
        **certificate.facts,
        "name": former_name(certificate.user_id),
        "licence_number": "",
        "erased": True,
    }
    certificate.save(update_fields=["facts"])


def marker(on: dt.date) -> str:
    return _("Removed under the retention rule on %(date)s") % {"date": on.isoformat()}


def _count(ids: list[int], certificates: int) -> dict[str, int]:
    return {
        "certificate_names": certificates,
        "cases": len(ids),
        "recommendations": Recommendation.objects.filter(case_id__in=ids).count(),
        "follow_ups": FollowUp.objects.filter(case_id__in=ids).count(),
        "medications": CaseMedication.objects.filter(case_id__in=ids).count(),
        "scores": CaseScore.objects.filter(case_id__in=ids).exclude(items=[]).count(),
        "overrides": PhiOverride.objects.filter(case_id__in=ids).count(),
    }


def _purge(ids: list[int], *, years: int, now: dt.datetime) -> None:
    text = marker(timezone.localdate(now))
    emptied = dict.fromkeys(CLINICAL_TEXT_FIELDS + OTHER_TEXT_FIELDS, "")
    emptied["title"] = text[:200]
    # QuerySet.update: no save(), so updated_at keeps the case's last real change.
    Case.objects.filter(pk__in=ids).update(taper_plan={}, extra={}, **emptied)
    Recommendation.objects.filter(case_id__in=ids).update(text=text)
    FollowUp.objects.filter(case_id__in=ids).update(what_changed=text)
    CaseMedication.objects.filter(case_id__in=ids).delete()
    CaseScore.objects.filter(case_id__in=ids).exclude(items=[]).update(items=[])
    PhiOverride.objects.filter(case_id__in=ids).delete()
    PurgedCase.objects.bulk_create(PurgedCase(case_id=i, purged_at=now, years=years) for i in ids)
    cases_purged.send(sender=PurgedCase, case_ids=list(ids))  # e.g. the search index forgets them


def purge_cases(
    *, actor: object = None, now: dt.datetime | None = None, dry_run: bool = False
) -> list[ProgramPurge]:
    """Purge (or, with `dry_run`, count) the case content past each program's rule. Returns one
    `ProgramPurge` per program with something due; a dry run's counts are what a real run at the
    same moment removes."""
    moment = now or timezone.now()
    out: list[ProgramPurge] = []
    policies = dict(RetentionPolicy.objects.values_list("program_id", "case_content_years"))
    for program in Program.objects.order_by("pk").only("pk", "slug"):
        years = policies.get(program.pk, DEFAULT_CASE_CONTENT_YEARS)
        with transaction.atomic():
            ids = list(
                due_cases(program, years=years, now=moment)
                .select_for_update(of=("self",))
                .values_list("pk", flat=True)
            )
            certificates = list(
                due_certificates(program, now=moment).select_for_update(of=("self",))
            )
            if not ids and not certificates:
                continue
            result = ProgramPurge(program.pk, program.slug, years, _count(ids, len(certificates)))
            out.append(result)
            if dry_run:
                continue
            _purge(ids, years=years, now=moment)
            for certificate in certificates:
                scrub_certificate(certificate)
            record(
                actor=actor,
                action="retention.purge",
                obj=program,
                program=program,
                changes={"years": years, **result.counts},
            )
    return out


def is_purged(case: Case) -> bool:
    return PurgedCase.objects.filter(case=case).exists()


@transaction.atomic
def set_case_content_years(*, actor: Any, program: Program, years: int) -> RetentionPolicy:
    """Set how many years after close-out `program` keeps case content (1 to 50)."""
    if not 1 <= years <= 50:
        raise DomainError(
            "bad_years",
            _("Keep case content between 1 and 50 years after close-out."),
            field="case_content_years",
        )
    policy, _created = RetentionPolicy.objects.select_for_update().get_or_create(program=program)
    before = policy.case_content_years if not _created else DEFAULT_CASE_CONTENT_YEARS
    policy.case_content_years = years
    policy.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    policy.save()
    record(
        actor=actor,
        action="retention.policy_changed",
        obj=policy,
        program=program,
        changes={"case_content_years": [before, years]},
    )
    return policy
