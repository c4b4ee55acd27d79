"""Announcements: a coordinator emails a program's members, all or a filtered group.

Reads (`audience_of`, `describe`, `announcements_of`) and the one state change
(`send_announcement`) in one module, kept apart from `services.py` because they belong together
and nothing else uses them. The text is free text, so it passes the identifier check
(`core.phi_check`) like case text: each finding is removed or confirmed with a reason. The
emails go through the job queue, one job per person carrying two ids; the job renders the
message when it runs (`programs.tasks.send_announcement_email`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from echohub.accounts.models import User
from echohub.accounts.professions import Profession
from echohub.core import audit
from echohub.core.errors import Conflict, DomainError
from echohub.core.models import AuditEntry
from echohub.core.phi_check import FieldFinding, check_fields
from echohub.programs.models import (
    Announcement,
    AnnouncementRecipient,
    Membership,
    Program,
    Role,
    region_label,
)

SUBJECT_MAX = 200
BODY_MAX = 5000


@dataclass(frozen=True)
class Audience:
    """Who an announcement goes to; an empty filter means "any". `series` (a cycle) keeps the
    people with attendance recorded at one of its sessions."""

    series: int | None = None
    roles: tuple[str, ...] = ()
    professions: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "series": self.series,
            "roles": list(self.roles),
            "professions": list(self.professions),
            "regions": list(self.regions),
        }


def audience_of(program: Program, audience: Audience) -> QuerySet[User]:
    """The active people of `program` the filters keep (each once, with an email address)."""
    members = Membership.objects.filter(program=program, is_active=True, user__is_active=True)
    if audience.roles:
        members = members.filter(role__in=audience.roles)
    if audience.regions:
        members = members.filter(site__region__in=audience.regions)
    people = User.objects.filter(pk__in=members.values("user_id")).exclude(email="")
    if audience.professions:
        people = people.filter(profession__in=audience.professions)
    if audience.series is not None:
        # Attendance builds on programs; it is looked up by name so this module imports no
        # app above it.
        attendance = apps.get_model("attendance", "Attendance")
        people = people.filter(
            Exists(
                attendance.objects.filter(
                    user=OuterRef("pk"),
                    session__series_id=audience.series,
                    session__program=program,
                )
            )
        )
    return people.order_by("last_name", "first_name", "pk")


def describe(
    program: Program,
    audience: Audience,
    *,
    cycles: Mapping[int, Any] | None = None,
    in_sentence: bool = False,
) -> str:
    """The audience in words, in the active language: "Everyone in the program", or
    "Participants · Pharmacist · North East · attended 2026–27 cycle". `cycles` (pk -> Series)
    saves the query for the cycle when describing many audiences; `in_sentence` words it to
    follow "to" ("… · to everyone in the program")."""
    from echohub.core import bilingual

    parts: list[str] = []
    if audience.roles:
        labels = dict(Role.choices)
        parts.append(", ".join(str(labels.get(r, r)) for r in audience.roles))
    if audience.professions:
        labels = dict(Profession.choices)
        parts.append(", ".join(str(labels.get(p, p)) for p in audience.professions))
    if audience.regions:
        parts.append(", ".join(region_label(r) for r in audience.regions))
    if audience.series is not None:
        if cycles is None:
            cycles = {
                s.pk: s
                for s in apps.get_model("scheduling", "Series").objects.filter(
                    program=program, pk=audience.series
                )
            }
        cycle = cycles.get(audience.series)
        title = bilingual.text(cycle, "title") if cycle is not None else "?"
        parts.append(_("attended %(cycle)s") % {"cycle": title})
    if parts:
        return " · ".join(parts)
    if in_sentence:
        return pgettext("sent to", "everyone in the program")
    return _("Everyone in the program")


def audience_from_json(data: Any) -> Audience | None:
    """The `Audience` an announcement stored (`Audience.as_json`), or None when it cannot be
    read back (then its stored label is all there is)."""
    if not isinstance(data, dict):
        return None
    try:
        series = data.get("series")
        return Audience(
            series=int(series) if series is not None else None,
            roles=tuple(str(r) for r in data.get("roles") or ()),
            professions=tuple(str(p) for p in data.get("professions") or ()),
            regions=tuple(str(r) for r in data.get("regions") or ()),
        )
    except (TypeError, ValueError):
        return None


def note_audiences(program: Program, announcements: Iterable[Announcement]) -> None:
    """Set `audience_text` on each announcement: its audience described in the reader's
    language (the stored `audience_label` is in the sender's), else that stored label. One
    query for the cycles, however many announcements."""
    listed = list(announcements)
    read = {a.pk: audience_from_json(a.audience) for a in listed}
    wanted = {x.series for x in read.values() if x is not None and x.series is not None}
    cycles = (
        {
            s.pk: s
            for s in apps.get_model("scheduling", "Series").objects.filter(
                program=program, pk__in=wanted
            )
        }
        if wanted
        else {}
    )
    for a in listed:
        audience = read[a.pk]
        a.audience_text = (  # type: ignore[attr-defined]
            describe(program, audience, cycles=cycles, in_sentence=True)
            if audience is not None
            else a.audience_label
        )


def announcements_of(
    program: Program, *, with_counts: bool = False, now: dt.datetime | None = None
) -> QuerySet[Announcement]:
    """The program's announcements, newest first. `with_counts` (the announcements page, for
    `note_sending`): each with `total` recipients, how many were `emailed` (the mail server
    took it), are `in_flight` (claimed within the lease), `unconfirmed` (claimed longer ago than
    the lease, never confirmed sent: the worker died), `retryable` (a later run emails them,
    age of the announcement aside) and `unconfirmed_retryable`."""
    from echohub.core.job_recovery import lease
    from echohub.programs.tasks import retryable

    listed = program.announcements.select_related("author").order_by("-sent_at", "-pk")
    if not with_counts:
        return listed
    now = now or timezone.now()
    stale = now - lease()
    unsent = Q(recipients__sent_at__isnull=True) & ~Q(recipients__claim_token="")
    in_flight = unsent & Q(recipients__claimed_at__gte=stale)
    unconfirmed = unsent & Q(recipients__claimed_at__lt=stale)
    again = retryable(now, "recipients__") & ~in_flight
    return listed.annotate(
        total=Count("recipients"),
        emailed=Count("recipients", filter=Q(recipients__sent_at__isnull=False)),
        in_flight=Count("recipients", filter=in_flight),
        unconfirmed=Count("recipients", filter=unconfirmed),
        retryable=Count("recipients", filter=again),
        unconfirmed_retryable=Count("recipients", filter=again & unconfirmed),
    )


def note_sending(announcements: Iterable[Announcement], now: dt.datetime | None = None) -> None:
    """Set `sending_note` on each announcement (of `announcements_of(with_counts=True)`) whose
    sending is not plainly done: still going; interrupted, with how many are tried again;
    given up for some (they are not tried again); or never confirmed for some (a worker died
    between taking the email and the mail server accepting it: they may not have it, or, when
    emailed again, may get it twice). "" when everyone was emailed without a hitch (one query)."""
    from echohub.core.job_recovery import lease
    from echohub.programs.tasks import RESUMED, RETRY_FOR

    now = now or timezone.now()
    listed = list(announcements)
    resumed = set(
        AuditEntry.objects.filter(
            action=RESUMED,
            object_type=Announcement._meta.label_lower,
            object_id__in=[str(a.pk) for a in listed],
        ).values_list("object_id", flat=True)
    )
    for a in listed:
        total, done = getattr(a, "total", 0), getattr(a, "emailed", 0)
        age = now - a.sent_at
        notes: list[str] = []
        if done >= total:
            if str(a.pk) in resumed:
                notes.append(_("Sending was interrupted and resumed: everyone was emailed."))
        elif age < lease():
            notes.append(
                ngettext(
                    "Sending: %(done)d of %(total)d person emailed so far.",
                    "Sending: %(done)d of %(total)d people emailed so far.",
                    total,
                )
                % {"done": done, "total": total}
            )
        else:
            late = age >= RETRY_FOR
            retry = 0 if late else getattr(a, "retryable", 0)
            unsure_retry = 0 if late else getattr(a, "unconfirmed_retryable", 0)
            pending = getattr(a, "in_flight", 0) + retry
            unsure_lost = getattr(a, "unconfirmed", 0) - unsure_retry
            lost = total - done - pending - unsure_lost
            if pending:
                notes.append(
                    ngettext(
                        "Sending was interrupted: %(done)d of %(total)d emailed so far; "
                        "%(n)d person is tried again automatically.",
                        "Sending was interrupted: %(done)d of %(total)d emailed so far; "
                        "%(n)d people are tried again automatically.",
                        pending,
                    )
                    % {"done": done, "total": total, "n": pending}
                )
            if unsure_retry:
                notes.append(
                    ngettext(
                        "For %(n)d person the sending stopped before the mail server "
                        "confirmed it: they may get the announcement twice.",
                        "For %(n)d people the sending stopped before the mail server "
                        "confirmed it: they may get the announcement twice.",
                        unsure_retry,
                    )
                    % {"n": unsure_retry}
                )
            if lost > 0:
                notes.append(
                    ngettext(
                        "%(left)d of %(total)d person could not be emailed.",
                        "%(left)d of %(total)d people could not be emailed.",
                        total,
                    )
                    % {"left": lost, "total": total}
                )
            if unsure_lost > 0:
                notes.append(
                    ngettext(
                        "%(n)d of %(total)d person may not have been emailed: the sending "
                        "stopped before the mail server confirmed it, and is not tried again.",
                        "%(n)d of %(total)d people may not have been emailed: the sending "
                        "stopped before the mail server confirmed it, and is not tried again.",
                        total,
                    )
                    % {"n": unsure_lost, "total": total}
                )
        a.sending_note = " ".join(notes)  # type: ignore[attr-defined]


# Sending ---------------------------------------------------------------------------------


class AnnouncementPhiFound(DomainError):
    """The text may identify someone: remove it, or confirm each finding with a reason."""

    def __init__(self, findings: list[FieldFinding]) -> None:
        super().__init__(
            "phi_found",
            ngettext(
                "The announcement may contain identifying information (%(n)d finding). "
                "Remove it, or confirm it with a reason.",
                "The announcement may contain identifying information (%(n)d findings). "
                "Remove them, or confirm each one with a reason.",
                len(findings),
            )
            % {"n": len(findings)},
        )
        self.findings = findings


@dataclass
class Draft:
    """Subject and message in English; a bilingual program may add (or, French only, give
    only) the French ones: each recipient gets their language, else the other one."""

    subject: str
    body: str
    audience: Audience
    #: finding keys ("field:kind:hash") the author confirmed, with their reasons
    confirmed: Mapping[str, str] = field(default_factory=dict)
    subject_fr: str = ""
    body_fr: str = ""


def findings_of(draft: Draft) -> list[FieldFinding]:
    """Identifier findings in the subject and message; confirmed ones are marked overridden."""
    done = []
    for key, reason in draft.confirmed.items():
        parts = key.split(":", 2)
        if len(parts) == 3 and reason.strip():
            done.append((parts[0], parts[1], parts[2]))
    texts = {"subject": draft.subject, "body": draft.body}
    if draft.subject_fr.strip() or draft.body_fr.strip():
        texts |= {"subject_fr": draft.subject_fr, "body_fr": draft.body_fr}
    # An announcement is about sessions, not patients: its dates are the schedule.
    return check_fields(texts, overridden=done, about_patients=False)


def check_draft(*, program: Program, draft: Draft) -> tuple[list[FieldFinding], int]:
    """Refuse what cannot be sent; else the findings (all confirmed) and the number of people."""
    # Each language's subject and message go together: one given needs the other.
    first = "subject_fr" if program.default_language == "fr" else "subject"
    if not draft.subject.strip() and not draft.subject_fr.strip():
        raise DomainError("subject_required", _("Give the announcement a subject."), field=first)
    for suffix in ("", "_fr"):
        subject, body = getattr(draft, "subject" + suffix), getattr(draft, "body" + suffix)
        if len(subject) > SUBJECT_MAX:
            raise DomainError(
                "subject_too_long",
                _("Keep the subject to %(n)d characters.") % {"n": SUBJECT_MAX},
                field="subject" + suffix,
            )
        if subject.strip() and not body.strip():
            raise DomainError("body_required", _("Write the message."), field="body" + suffix)
        if body.strip() and not subject.strip():
            raise DomainError(
                "subject_required",
                _("Give the announcement a subject."),
                field="subject" + suffix,
            )
        if len(body) > BODY_MAX:
            raise DomainError(
                "body_too_long",
                _("Keep the message to %(n)d characters.") % {"n": BODY_MAX},
                field="body" + suffix,
            )
    unknown_roles = set(draft.audience.roles) - set(Role.values)
    unknown_professions = set(draft.audience.professions) - set(Profession.values)
    if unknown_roles or unknown_professions:
        raise DomainError("invalid_audience", _("Choose roles and professions from the lists."))
    findings = findings_of(draft)
    open_findings = [f for f in findings if not f.overridden]
    if open_findings:
        raise AnnouncementPhiFound(findings)
    count = audience_of(program, draft.audience).count()
    if count == 0:
        raise DomainError("no_recipients", _("No one matches these filters: widen them to send."))
    return findings, count


@transaction.atomic
def send_announcement(
    *, actor: Any, program: Program, draft: Draft, expected_count: int | None = None
) -> Announcement:
    """Record the announcement and queue one email per person (after commit). When the group
    changed since the author saw its size (`expected_count`), refuse: they confirm again."""
    from echohub.programs.tasks import send_announcement_email

    findings, count = check_draft(program=program, draft=draft)
    if expected_count is not None and expected_count != count:
        raise Conflict(
            "audience_changed",
            _(
                "The group changed since the preview: %(now)d people match now, not "
                "%(before)d. Check the preview and confirm again."
            )
            % {"now": count, "before": expected_count},
        )
    announcement = Announcement.objects.create(
        program=program,
        author=actor if getattr(actor, "pk", None) else None,
        subject=draft.subject.strip(),
        body=draft.body.strip(),
        subject_fr=draft.subject_fr.strip(),
        body_fr=draft.body_fr.strip(),
        audience=draft.audience.as_json(),
        audience_label=describe(program, draft.audience)[:500],
        recipient_count=count,
        sent_at=timezone.now(),
    )
    people = list(audience_of(program, draft.audience).values_list("pk", flat=True))
    AnnouncementRecipient.objects.bulk_create(
        AnnouncementRecipient(announcement=announcement, user_id=pk) for pk in people
    )
    confirmed = [f for f in findings if f.overridden]
    audit.record(
        actor=actor,
        action="announcement.sent",
        obj=announcement,
        program=program,
        changes={
            "recipients": len(people),
            "audience": draft.audience.as_json(),
            # Only kind and keyed hash of text the author kept, never the text.
            **(
                {"phi_confirmed": [{"kind": f.kind, "hash": f.text_hash} for f in confirmed]}
                if confirmed
                else {}
            ),
        },
    )
    recipient_ids = list(
        AnnouncementRecipient.objects.filter(announcement=announcement).values_list("pk", flat=True)
    )
    for pk in recipient_ids:
        transaction.on_commit(partial(send_announcement_email.enqueue, pk))
    return announcement


def confirmations(keys: Iterable[str], reasons: Mapping[str, str]) -> dict[str, str]:
    """The finding keys ticked with a reason given (a tick without a reason does not count)."""
    return {k: reasons.get(k, "").strip() for k in keys if reasons.get(k, "").strip()}
