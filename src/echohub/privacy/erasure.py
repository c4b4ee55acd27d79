"""A person's erasure, after pretix's "shredder": preview what goes, confirm, erase for good.

`preview_erasure` counts what `erase_person` removes or anonymises and what it keeps; the admin
confirms by typing the phrase the preview shows. Erasure cannot be undone.

Removed or anonymised: the account's name (-> "Former participant #id"), email (-> a unique
placeholder under the reserved `.invalid` domain), licence number, credentials, language and
password; registrations (names, email, licence, new-site text, notes to the person);
invitations sent to the email; sign-in records, API tokens, authenticator, passkeys, recovery codes,
join links, calendar feeds, video-provider registrations; job-queue rows naming the email
(finished, or emails not yet sent); names and emails in imported
attendance reports; hub bios; the name and email in audit entries and Django admin history.

Kept, for accreditors and aggregates: the (anonymised) account itself, so attendance minutes,
credit awards, survey answers and cases still count one person; attendance; certificates issued
within `ACCREDITATION_RECORD_YEARS` as printed (name and licence on them are the record an
accreditor checks) until those years pass, when the retention purge removes them; older
certificates without name and licence; cases the person presented,
with their de-identified content, now linked to "Former participant #id"; profession (dashboards
count by it).

Community and mentoring (`community.erasure`, `mentoring.erasure`): notifications, follows and
email choices, text never sent or published (held posts and messages, a discussion or question
never published), posts' earlier versions and the mentor profile go (the mentor's open
questions move on to other mentors or triage); questions still waiting are closed. The name,
email, licence number and @handle are replaced by "Former participant #id" in every post, thread
title, message and explanation holding them. Kept: published posts and sent conversations
(checked for identifiers, like a case's content), questions' metadata for the figures, mentors'
time logs and mentees' credit claims.

`deactivate_person` / `reactivate_person` close or reopen an account without removing anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks_db.models import DBTaskResult

from echohub.accounts.models import ApiToken, Invitation, User
from echohub.attendance.models import Attendance, AttendanceRow
from echohub.cases.models import Case
from echohub.community import erasure as community_erasure
from echohub.core.audit import record
from echohub.core.errors import DomainError, NotFound
from echohub.core.models import AuditEntry
from echohub.credits.models import Certificate
from echohub.joining.models import CalendarFeed, JoinToken, ProviderRegistration
from echohub.mentoring import erasure as mentoring_erasure
from echohub.privacy.models import (
    ACCREDITATION_RECORD_YEARS,
    ErasedPerson,
    ErasureRequest,
    ErasureRequestStatus,
    former_name,
)
from echohub.privacy.retention import scrub_certificate, subtract_years
from echohub.programs.models import HubMember, Membership, Program, Registration
from echohub.programs.rules import has_perm
from echohub.security.models import RecoveryCode, SignInEvent, TotpDevice, WebAuthnCredential

#: Program permission needed to erase or deactivate a member of that program.
ERASE_PERM = "program.edit"

FORMER = gettext_lazy("Former participant")


def placeholder_email(user_id: int) -> str:
    return f"erased-{user_id}@erased.invalid"


def confirmation_phrase(person: User) -> str:
    return f"ERASE {person.pk}"


@dataclass(frozen=True)
class ErasurePreview:
    person_id: int
    phrase: str
    #: what is removed or anonymised (kind -> rows)
    removed: dict[str, int]
    #: what is kept (kind -> rows)
    kept: dict[str, int]
    certificates_until: dt.date | None  # newest kept certificate keeps its name until then
    already_erased: bool


def _check_scope(*, actor: Any, person: User, program: Program) -> None:
    """`actor` may erase or deactivate `person` from `program`: a deployment admin, or an admin
    of `program` and of every other program the person belongs to."""
    if not Membership.objects.filter(user=person, program=program).exists():
        raise NotFound(_("This person is not a member of this program."))
    if not has_perm(actor, program, ERASE_PERM):
        raise DomainError("not_allowed", _("Only the program's admins can erase or deactivate."))
    if person.pk == getattr(actor, "pk", None):
        raise DomainError("erase_self", _("You cannot erase or deactivate your own account."))
    if person.is_superuser and not getattr(actor, "is_superuser", False):
        raise DomainError(
            "erase_superuser", _("Only a deployment admin can erase or deactivate another one.")
        )
    others = Program.objects.filter(memberships__user=person).exclude(pk=program.pk).distinct()
    if any(not has_perm(actor, other, ERASE_PERM) for other in others):
        raise DomainError(
            "other_programs",
            _(
                "This person also belongs to programs you do not administer. Ask a deployment "
                "admin to do this."
            ),
        )


def _certificate_cutoff(now: dt.datetime) -> dt.datetime:
    return subtract_years(now, ACCREDITATION_RECORD_YEARS)


def _rows(person: User) -> dict[str, Any]:
    email = person.email
    return {
        "registrations": Registration.objects.filter(Q(user=person) | Q(email__iexact=email)),
        "invitations": Invitation.objects.filter(email__iexact=email),
        "sign_in_records": SignInEvent.objects.filter(user=person),
        "api_tokens": ApiToken.objects.filter(user=person),
        "authenticators": TotpDevice.objects.filter(user=person),
        "recovery_codes": RecoveryCode.objects.filter(user=person),
        # Passkeys and security keys: their names are typed by the person (often their own).
        "passkeys": WebAuthnCredential.objects.filter(user=person),
        "join_links": JoinToken.objects.filter(user=person),
        "calendar_feeds": CalendarFeed.objects.filter(user=person),
        "provider_registrations": ProviderRegistration.objects.filter(user=person),
        "attendance_report_rows": AttendanceRow.objects.filter(
            Q(user=person) | Q(email__iexact=email)
        ),
        "hub_profiles": HubMember.objects.filter(user=person),
        # Email jobs carry the address (core.mail): finished rows and emails not yet sent.
        "email_jobs": DBTaskResult.objects.filter(args_kwargs__icontains=email).exclude(
            status="RUNNING"
        ),
    }


def preview_erasure(
    *, actor: Any, person: User, program: Program, now: dt.datetime | None = None
) -> ErasurePreview:
    _check_scope(actor=actor, person=person, program=program)
    moment = now or timezone.now()
    cutoff = _certificate_cutoff(moment)
    removed = {kind: rows.count() for kind, rows in _rows(person).items()}
    certs = Certificate.objects.filter(user=person)
    recent = certs.filter(issued_at__gte=cutoff)
    newest = recent.order_by("-issued_at").values_list("issued_at", flat=True).first()
    removed["old_certificate_names"] = certs.filter(issued_at__lt=cutoff).count()
    kept = {
        "attendance": Attendance.objects.filter(user=person).count(),
        "certificates": recent.count(),
        "cases_presented": Case.objects.filter(presenter=person).count(),
        "memberships": Membership.objects.filter(user=person).count(),
    }
    for app in (community_erasure, mentoring_erasure):
        app_removed, app_kept = app.preview(person)
        removed.update(app_removed)
        kept.update(app_kept)
    until = None
    if newest is not None:
        until = subtract_years(newest, -ACCREDITATION_RECORD_YEARS).date()
    return ErasurePreview(
        person_id=person.pk,
        phrase=confirmation_phrase(person),
        removed=removed,
        kept=kept,
        certificates_until=until,
        already_erased=ErasedPerson.objects.filter(user=person).exists(),
    )


def _scrub_text(value: str, secrets: list[str], replacement: str) -> str:
    for secret in secrets:
        if secret:
            start = value.lower().find(secret.lower())
            while start != -1:
                value = value[:start] + replacement + value[start + len(secret) :]
                start = value.lower().find(secret.lower(), start + len(replacement))
    return value


def _scrub_json(value: Any, secrets: list[str], replacement: str) -> Any:
    if isinstance(value, str):
        return _scrub_text(value, secrets, replacement)
    if isinstance(value, list):
        return [_scrub_json(v, secrets, replacement) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_json(v, secrets, replacement) for k, v in value.items()}
    return value


def _scrub_logs(person: User, secrets: list[str], own: list[str], name: str) -> None:
    """The audit log and the Django admin's history name people in their `object_repr` (and a
    registration's changes may hold its email): replace the person's name and email there.
    `secrets` (full names, emails, licence numbers) are replaced wherever they appear; `own`
    (also the first and last names alone) only in entries about the person's account, so a
    short name never rewrites another entry's words."""
    own = sorted(set(secrets) | set(own), key=len, reverse=True)
    audit = AuditEntry.objects.filter(object_type="accounts.user", object_id=str(person.pk))
    for secret in secrets:
        if secret:
            audit = audit | AuditEntry.objects.filter(
                Q(object_repr__icontains=secret) | Q(changes__icontains=secret)
            )
    for entry in audit.distinct():
        mine = entry.object_type == "accounts.user" and entry.object_id == str(person.pk)
        words = own if mine else secrets
        entry.object_repr = name if mine else _scrub_text(entry.object_repr, words, name)[:200]
        entry.changes = _scrub_json(entry.changes, words, name)
        entry.save(update_fields=["object_repr", "changes"])
    user_type = ContentType.objects.get_for_model(User)
    logs = LogEntry.objects.filter(content_type=user_type, object_id=str(person.pk))
    for secret in secrets:
        if secret:
            logs = logs | LogEntry.objects.filter(
                Q(object_repr__icontains=secret) | Q(change_message__icontains=secret)
            )
    for log in logs.distinct():
        mine = log.content_type_id == user_type.pk and log.object_id == str(person.pk)
        words = own if mine else secrets
        log.object_repr = name if mine else _scrub_text(log.object_repr, words, name)[:200]
        log.change_message = _scrub_text(log.change_message, words, name)
        log.save(update_fields=["object_repr", "change_message"])


@transaction.atomic
def erase_person(
    *,
    actor: Any,
    person: User,
    program: Program,
    confirmation: str,
    now: dt.datetime | None = None,
) -> ErasurePreview:
    """Erase `person`'s personal data (see the module's docstring). Irreversible. Returns the
    preview of what was done; the audit entry holds its counts only."""
    person = User.objects.select_for_update().get(pk=person.pk)
    preview = preview_erasure(actor=actor, person=person, program=program, now=now)
    if preview.already_erased:
        raise DomainError("already_erased", _("This person's data has already been erased."))
    if confirmation.strip() != preview.phrase:
        raise DomainError(
            "confirmation_mismatch",
            _("Type %(phrase)s exactly to confirm the erasure.") % {"phrase": preview.phrase},
            field="confirmation",
        )
    moment = now or timezone.now()
    pk = person.pk
    name = former_name(pk)
    email = placeholder_email(pk)
    found = {person.email, person.full_name, person.licence_number}
    own = {person.first_name, person.last_name}
    for reg in Registration.objects.filter(Q(user=person) | Q(email__iexact=person.email)):
        found |= {reg.email, reg.full_name, reg.licence_number}
        own |= {reg.first_name, reg.last_name}
    secrets = sorted((s for s in found if len(s) > 2), key=len, reverse=True)
    rows = _rows(person)
    own_words = [s for s in own if len(s) > 2]
    _scrub_logs(person, secrets, own_words, name)
    # What they wrote or was written to them (posts, messages): their @handles too.
    handles = {f"@{person.first_name}.{person.last_name}", "@" + person.email.split("@")[0]}
    words = sorted(set(secrets) | {h for h in handles if len(h) > 3}, key=len, reverse=True)

    def scrub(text: str, found: list[str]) -> str:
        return _scrub_text(text, found, name)

    community_erasure.erase(person, words=words, own_words=own_words, scrub=scrub)
    mentoring_erasure.erase(person, actor=actor, words=words, own_words=own_words, scrub=scrub)

    rows["registrations"].update(
        email=email,
        first_name=str(FORMER),
        last_name=f"#{pk}",
        licence_number="",
        new_site_name="",
        decision_note="",
    )
    rows["invitations"].update(email=email)
    rows["attendance_report_rows"].update(name=name, email="", registrant_id="")
    rows["hub_profiles"].update(bio="", is_active=False)
    for kind in (
        "sign_in_records",
        "api_tokens",
        "authenticators",
        "recovery_codes",
        "passkeys",
        "join_links",
        "calendar_feeds",
        "provider_registrations",
        "email_jobs",
    ):
        rows[kind].delete()
    for cert in Certificate.objects.filter(user=person, issued_at__lt=_certificate_cutoff(moment)):
        scrub_certificate(cert)
    Membership.objects.filter(user=person).update(is_active=False)

    person.first_name = str(FORMER)
    person.last_name = f"#{pk}"
    person.email = email
    person.licence_number = ""
    person.credentials = ""
    person.language = ""
    person.email_reminders = False
    person.is_active = False
    person.is_staff = False
    person.set_unusable_password()
    person.save()
    ErasedPerson.objects.create(user=person, erased_at=moment, erased_by=actor)
    ErasureRequest.objects.filter(user=person, status=ErasureRequestStatus.PENDING).update(
        status=ErasureRequestStatus.ERASED, closed_at=moment
    )
    record(
        actor=actor,
        action="person.erased",
        obj=person,
        program=program,
        changes={**preview.removed, **{f"kept_{k}": v for k, v in preview.kept.items()}},
    )
    return preview


@transaction.atomic
def deactivate_person(*, actor: Any, person: User, program: Program) -> User:
    """Close `person`'s account: they can no longer sign in, their API tokens stop working and
    no email reaches them; every record (attendance, certificates, cases) stays."""
    _check_scope(actor=actor, person=person, program=program)
    if not person.is_active:
        raise DomainError("already_inactive", _("This account is already deactivated."))
    person.is_active = False
    person.save(update_fields=["is_active"])
    revoked = ApiToken.objects.filter(user=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    record(
        actor=actor,
        action="person.deactivated",
        obj=person,
        program=program,
        changes={"is_active": [True, False], "tokens_revoked": revoked},
    )
    return person


@transaction.atomic
def reactivate_person(*, actor: Any, person: User, program: Program) -> User:
    _check_scope(actor=actor, person=person, program=program)
    if ErasedPerson.objects.filter(user=person).exists():
        raise DomainError("erased", _("An erased person's account cannot be reopened."))
    if person.is_active:
        raise DomainError("already_active", _("This account is already active."))
    person.is_active = True
    person.save(update_fields=["is_active"])
    record(
        actor=actor,
        action="person.reactivated",
        obj=person,
        program=program,
        changes={"is_active": [False, True]},
    )
    return person


def pending_request(person: User) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(user=person, status=ErasureRequestStatus.PENDING).first()


def pending_requests(program: Program) -> list[ErasureRequest]:
    """Requests waiting for an admin, from members of `program` (oldest first)."""
    return list(
        ErasureRequest.objects.filter(
            status=ErasureRequestStatus.PENDING,
            user__in=Membership.objects.filter(program=program).values("user_id"),
        )
        .select_related("user")
        .order_by("requested_at")
    )


@transaction.atomic
def request_erasure(*, actor: User) -> ErasureRequest:
    """`actor` asks for their own data to be erased; an admin of their programs confirms."""
    if pending_request(actor) is not None:
        raise DomainError(
            "already_requested", _("You have already asked for your data to be erased.")
        )
    request = ErasureRequest.objects.create(user=actor, requested_at=timezone.now())
    record(actor=actor, action="person.erasure_requested", obj=request)
    return request


@transaction.atomic
def withdraw_erasure_request(*, actor: User) -> ErasureRequest:
    request = pending_request(actor)
    if request is None:
        raise DomainError("no_request", _("You have no erasure request waiting."))
    request.status = ErasureRequestStatus.WITHDRAWN
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "closed_at"])
    record(actor=actor, action="person.erasure_withdrawn", obj=request)
    return request
