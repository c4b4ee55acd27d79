"""State changes for programs: registrations, people, roles, sites and hub teams."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from echohub.accounts.models import Invitation, User
from echohub.core import audit, bilingual
from echohub.core.errors import Conflict, DomainError, PermissionDenied
from echohub.core.limits import LOOKALIKE_EMAIL_MESSAGE, TooMany, lookalike_email
from echohub.core.mail import queue_email
from echohub.core.models import AuditEntry
from echohub.programs.models import (
    Hub,
    HubMember,
    Membership,
    Program,
    Region,
    Registration,
    RegistrationStatus,
    Role,
    Rurality,
    Site,
    SiteKind,
    region_key,
)

SITE_FIELDS = ["name", "kind", "region", "rurality", "population_served", "is_active"]
HUB_MEMBER_FIELDS = ["hub_role", "discipline", "bio", "is_active"]
REGION_FIELDS = ["name", "position", "is_active", "needs_review"]


# Regions (the deployment's managed list) ---------------------------------------------------


def resolve_region(value: str, *, keep: str = "") -> str:
    """The name of the offered region `value` stands for (case, spaces and hyphens aside).
    `keep` is a site's current region, accepted even when it is no longer offered."""
    key = region_key(value or "")
    if not key:
        raise DomainError("region_required", _("Choose a region."), field="region")
    if keep and region_key(keep) == key:
        return keep
    for name in Region.objects.filter(is_active=True).values_list("name", flat=True):
        if region_key(name) == key:
            return name
    raise DomainError(
        "unknown_region",
        _("“%(value)s” is not one of the regions. Choose a region from the list.")
        % {"value": value.strip()[:100]},
        field="region",
    )


def check_region_name(*, name: str, region: Region | None = None) -> str:
    """The name tidied (single spaces), or a DomainError when it is empty, too long or another
    region's name spelled differently ("Northwest" beside "North West")."""
    name = " ".join(str(name).split())
    if not name:
        raise DomainError("region_required", _("Give the region a name."), field="name")
    if len(name) > 100:
        raise DomainError("name_too_long", _("Keep the name to 100 characters."), field="name")
    others = (
        Region.objects.all()
        if region is None or region.pk is None
        else (Region.objects.exclude(pk=region.pk))
    )
    clash = [r for r in others if region_key(r.name) == region_key(name)]
    if clash:
        raise Conflict(
            "duplicate_region",
            _("“%(name)s” is already in the list as “%(other)s”.")
            % {"name": name, "other": clash[0].name},
        )
    return name


@transaction.atomic
def save_region(*, actor: Any, region: Region | None = None, **fields: Any) -> Region:
    """Add a region to the list (region=None) or change one. A new name is written onto every
    site and registration that had the old one, so dashboards keep one row per region."""
    name = check_region_name(
        name=str(fields.get("name", region.name if region else "")), region=region
    )
    if region is None:
        region = Region.objects.create(**{**fields, "name": name})
        audit.record(actor=actor, action="region.created", obj=region)
        return region
    before = audit.snapshot(region, REGION_FIELDS)
    old_name = region.name
    for key, value in {**fields, "name": name}.items():
        setattr(region, key, value)
    region.save()
    moved = 0
    if old_name != name:
        moved = Site.objects.filter(region=old_name).update(region=name)
        Registration.objects.filter(region=old_name).update(region=name)
    audit.record(
        actor=actor,
        action="region.updated",
        obj=region,
        changes={
            **audit.diff(region, REGION_FIELDS, before),
            **({"sites": moved} if moved else {}),
        },
    )
    return region


@transaction.atomic
def merge_region(*, actor: Any, region: Region, into: Region) -> int:
    """Move every site and registration of `region` to `into` and remove `region` (e.g. a
    flagged spelling that is really one of the list's regions). Returns the sites moved."""
    if region.pk == into.pk:
        raise DomainError("same_region", _("Choose another region to merge into."), field="into")
    moved = Site.objects.filter(region=region.name).update(region=into.name)
    Registration.objects.filter(region=region.name).update(region=into.name)
    audit.record(
        actor=actor,
        action="region.merged",
        obj=region,
        changes={"name": [region.name, into.name], "sites": moved},
    )
    region.delete()
    return moved


def region_in_use(region: Region) -> bool:
    return Site.objects.filter(region=region.name).exists()


@transaction.atomic
def delete_region(*, actor: Any, region: Region) -> None:
    """Remove a region no site uses (one in use is merged into another instead)."""
    if region_in_use(region):
        raise Conflict(
            "region_in_use",
            _("%(name)s is used by sites; merge it into another region instead.")
            % {"name": region.name},
        )
    audit.record(actor=actor, action="region.deleted", obj=region, changes={"name": region.name})
    region.delete()


# Registrations -------------------------------------------------------------------------------


@transaction.atomic
def submit_registration(
    *,
    program: Program,
    email: str,
    first_name: str,
    last_name: str,
    profession: str,
    licence_number: str,
    site: Site | None,
    new_site_name: str = "",
    region: str = "",
    new_site_kind: str = "",
    new_site_rurality: str = "",
    consent_research: bool,
    actor: Any = None,
) -> Registration:
    """A person asks to join `program` as a participant. Coordinators review it.

    A new site's region comes from the managed list; its kind and rurality are what the person
    said (the web form asks both) and "not stated" when they were not given, never a guess."""
    email = email.strip().lower()
    new_site_name = new_site_name.strip()
    if not (program.registration_open and program.is_public):
        raise DomainError("registration_closed", _("Registration for this program is closed."))
    if site is not None and site.program_id != program.pk:
        raise DomainError("invalid_site", _("Choose a site of this program."), field="site")
    if site is None and not new_site_name:
        raise DomainError("site_required", _("Choose your site, or name a new one."), field="site")
    if site is None and not region.strip():
        raise DomainError("region_required", _("Give the region of your new site."), field="region")
    if site is None:
        region = resolve_region(region)
    if new_site_kind and new_site_kind not in SiteKind.values:
        raise DomainError("invalid_kind", _("Choose a kind of site."), field="new_site_kind")
    if new_site_rurality and new_site_rurality not in Rurality.values:
        raise DomainError(
            "invalid_rurality", _("Choose how rural the site is."), field="new_site_rurality"
        )
    if Membership.objects.filter(
        program=program, user__email__iexact=email, role=Role.PARTICIPANT, is_active=True
    ).exists():
        raise Conflict(
            "already_member",
            _("This email address is already registered in this program. Sign in instead."),
        )
    if Registration.objects.filter(
        program=program, email__iexact=email, status=RegistrationStatus.PENDING
    ).exists():
        raise Conflict(
            "duplicate_registration",
            _("A registration for this email address is already waiting for review."),
        )
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                program=program,
                email=email,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                profession=profession,
                licence_number=licence_number.strip(),
                site=site,
                new_site_name=new_site_name if site is None else "",
                new_site_kind=new_site_kind if site is None else "",
                new_site_rurality=new_site_rurality if site is None else "",
                region=(region if site is None else site.region),
                consent_research=consent_research,
                language=_registrant_language(),
            )
    except IntegrityError:  # a concurrent duplicate slipped past the check
        raise Conflict(
            "duplicate_registration",
            _("A registration for this email address is already waiting for review."),
        ) from None
    audit.record(actor=actor, action="registration.submitted", obj=registration, program=program)
    queue_email(
        to=email,
        subject=gettext_noop("We received your registration for %(program)s"),
        subject_values={"program": program},
        template="programs/email/registration_received.txt",
        context={"registration": registration, "program": program},
        # The registrant fills this in themselves (web form or API) and is the recipient: the
        # language they read the form in is theirs (their account's, if any, still comes first).
        known_language=registration.language,
    )
    return registration


# The two answers a registration form must not give to whoever submits it (they would tell
# anyone whether an address belongs to a participant): the address holder is emailed instead.
ALREADY_KNOWN = frozenset({"already_member", "duplicate_registration"})


def submit_public_registration(*, tell_submitter: bool = False, **fields: Any) -> None:
    """`submit_registration` for the public form and API: the submitter gets the same answer
    whatever the address (like a password reset). When the address is already a participant's,
    or already has a registration waiting, nothing is created and its holder is emailed what
    happened instead. `tell_submitter` (a signed-in person registering their own account's
    address: they are not probing anyone) keeps the direct `Conflict`. Other errors are raised
    as usual; the race on the pending-registration index ends the same way."""
    try:
        submit_registration(**fields)
    except Conflict as err:
        if tell_submitter or err.code not in ALREADY_KNOWN:
            raise
        # Outside submit_registration's (rolled-back) transaction: queued after commit.
        _notify_already_known(program=fields["program"], email=fields["email"], code=err.code)


def _notify_already_known(*, program: Program, email: str, code: str) -> None:
    """Tell the holder of `email` that a registration for it was not needed. Nothing the
    submitter typed (names, notes) goes into it: only the program and what to do next."""
    email = email.strip().lower()
    if code == "already_member":
        queue_email(
            to=email,
            subject=gettext_noop("You are already registered in %(program)s"),
            subject_values={"program": program},
            template="programs/email/registration_already_member.txt",
            context={"program": program},
        )
        return
    waiting = (
        Registration.objects.filter(
            program=program, email__iexact=email, status=RegistrationStatus.PENDING
        )
        .values_list("language", flat=True)
        .first()
    )
    queue_email(
        to=email,
        subject=gettext_noop("Your registration for %(program)s is waiting for review"),
        subject_values={"program": program},
        template="programs/email/registration_already_pending.txt",
        context={"program": program},
        # The language of the registration that is waiting (its holder's), never the submitter's.
        known_language=waiting or "",
    )


def _registrant_language() -> str:
    """The language of the page the registrant filled in (one of LANGUAGES, else "")."""
    try:
        code = translation.get_supported_language_variant(translation.get_language() or "")
    except LookupError:
        return ""
    return code if code in dict(settings.LANGUAGES) else ""


def _pending(registration: Registration) -> None:
    if registration.status != RegistrationStatus.PENDING:
        raise Conflict(
            "registration_decided",
            _("This registration was already %(status)s.")
            % {"status": registration.get_status_display().lower()},
        )


@transaction.atomic
def approve_registration(*, actor: Any, registration: Registration, note: str = "") -> Membership:
    """Approve: the person gets an account (or their existing one), a participant role, and an
    email with an invitation link to set a password when they have none yet."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    _pending(registration)
    program = registration.program
    site = registration.site
    if site is None:
        site = Site.objects.filter(program=program, name__iexact=registration.new_site_name).first()
        if site is None:
            # Kind and rurality as the person gave them; "not stated" when they did not.
            site = Site.objects.create(
                program=program,
                name=registration.new_site_name,
                region=registration.region,
                kind=registration.new_site_kind or SiteKind.NOT_STATED,
                rurality=registration.new_site_rurality or Rurality.NOT_STATED,
            )
            audit.record(actor=actor, action="site.created", obj=site, program=program)
    user = User.objects.filter(email__iexact=registration.email).first()
    if user is None:
        user = User.objects.create_user(
            email=registration.email,
            first_name=registration.first_name,
            last_name=registration.last_name,
            profession=registration.profession,
            licence_number=registration.licence_number,
            # The language they registered in, as their account's (mail and pages follow it).
            language=registration.language,
        )
    membership, _created = Membership.objects.update_or_create(
        program=program,
        user=user,
        role=Role.PARTICIPANT,
        defaults={
            "site": site,
            "consent_research": registration.consent_research,
            "is_active": True,
        },
    )
    registration.status = RegistrationStatus.APPROVED
    registration.decided_at = timezone.now()
    registration.decided_by = actor
    registration.decision_note = note.strip()
    registration.user = user
    registration.site = site
    registration.save()
    audit.record(
        actor=actor,
        action="registration.approved",
        obj=registration,
        program=program,
        changes={"status": ["pending", "approved"], "membership": membership.pk},
    )
    invite_url = ""
    if not user.has_usable_password():
        _invitation, raw = Invitation.make(
            email=user.email, program=program, role=Role.PARTICIPANT, invited_by=actor
        )
        invite_url = reverse("accounts:accept_invitation", kwargs={"token": raw})
    queue_email(
        to=user.email,
        subject=gettext_noop("Welcome to %(program)s"),
        subject_values={"program": program},
        template="programs/email/registration_approved.txt",
        context={"registration": registration, "program": program, "invite_url": invite_url},
        # An account of theirs that chose a language comes first (mail_language).
        known_language=registration.language,
    )
    return membership


@transaction.atomic
def decline_registration(*, actor: Any, registration: Registration, note: str = "") -> Registration:
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    _pending(registration)
    registration.status = RegistrationStatus.DECLINED
    registration.decided_at = timezone.now()
    registration.decided_by = actor
    registration.decision_note = note.strip()
    registration.save()
    audit.record(
        actor=actor,
        action="registration.declined",
        obj=registration,
        program=registration.program,
        changes={"status": ["pending", "declined"]},
    )
    queue_email(
        to=registration.email,
        subject=gettext_noop("Your registration for %(program)s"),
        subject_values={"program": registration.program},
        template="programs/email/registration_declined.txt",
        context={"registration": registration, "program": registration.program},
        known_language=registration.language,
    )
    return registration


# People and roles ------------------------------------------------------------------------------


#: Invitations one person may send in 24 hours: a cohort of new sites is tens; thousands is a
#: script (or a stolen token) using the deployment's domain to email strangers (probe 12-24).
INVITATIONS_PER_DAY = 200
#: Invitations to one address for one program in 24 hours, whoever sends them: a resend after a
#: lost email is fine, an inbox flooded with invitations is not (probe 12-24).
INVITATIONS_PER_ADDRESS_PER_DAY = 3


def _check_invitation_caps(*, actor: Any, program: Program, email: str) -> None:
    since = timezone.now() - dt.timedelta(days=1)
    sent = AuditEntry.objects.filter(actor=actor, action="invitation.created", at__gte=since)
    if sent.count() >= INVITATIONS_PER_DAY:  # approvals' own invitation links do not count
        raise TooMany(
            "too_many",
            _(
                "You have sent %(cap)d invitations in the last 24 hours, the most allowed in a "
                "day. Try again tomorrow."
            )
            % {"cap": INVITATIONS_PER_DAY},
            field="email",
        )
    recent = Invitation.objects.filter(created_at__gte=since, program=program, email__iexact=email)
    if recent.count() >= INVITATIONS_PER_ADDRESS_PER_DAY:
        raise TooMany(
            "too_many",
            _(
                "This address has been invited to this program %(cap)d times in the last 24 "
                "hours. Ask the person to look for the email (and in their spam folder), or try "
                "again tomorrow."
            )
            % {"cap": INVITATIONS_PER_ADDRESS_PER_DAY},
            field="email",
        )


@transaction.atomic
def invite_person(
    *,
    actor: Any,
    program: Program,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
) -> Invitation:
    """Invite someone by email into a role. Existing accounts get the role at once."""
    from echohub.programs.rules import has_perm

    email = email.strip().lower()
    if role not in Role.values:
        raise DomainError("invalid_role", _("Unknown role."), field="role")
    _check_invitation_caps(actor=actor, program=program, email=email)
    if role == Role.PROGRAM_ADMIN and not has_perm(actor, program, "roles.grant_admin"):
        raise PermissionDenied(_("Only a program admin can invite another program admin."))
    user = User.objects.filter(email__iexact=email).first()
    if (
        user is not None
        and Membership.objects.filter(
            program=program, user=user, role=role, is_active=True
        ).exists()
    ):
        raise Conflict("already_member", _("This person already has that role in this program."))
    invitation, raw = Invitation.make(email=email, program=program, role=role, invited_by=actor)
    audit.record(
        actor=actor,
        action="invitation.created",
        obj=invitation,
        program=program,
        changes={"role": role},
    )
    queue_email(
        to=email,
        subject=gettext_noop("You are invited to %(program)s"),
        subject_values={"program": program},
        template="programs/email/invitation.txt",
        context={
            "program": program,
            "role": Role(role).label,
            "first_name": first_name or (user.first_name if user else ""),
            "invite_url": reverse("accounts:accept_invitation", kwargs={"token": raw}),
        },
    )
    return invitation


@transaction.atomic
def accept_invitation(
    *,
    invitation: Invitation,
    user: User | None = None,
    first_name: str = "",
    last_name: str = "",
    password: str = "",
    time_zone: str = "",
) -> User:
    """Accept: a new person sets their name and password; a signed-in person just joins."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise DomainError(
            "invitation_invalid", _("This invitation has expired or was already used.")
        )
    if user is None:
        user = User.objects.filter(email__iexact=invitation.email).first()
        if user is None:
            user = User.objects.create_user(
                email=invitation.email, first_name=first_name, last_name=last_name
            )
        if first_name:
            user.first_name, user.last_name = first_name.strip(), last_name.strip()
        if time_zone:
            user.time_zone = time_zone
        user.set_password(password)
        user.save()
    elif user.email.lower() != invitation.email.lower():
        raise DomainError(
            "invitation_other_email",
            _("This invitation was sent to another email address. Sign out and open it again."),
        )
    Membership.objects.update_or_create(
        program=invitation.program, user=user, role=invitation.role, defaults={"is_active": True}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        actor=user,
        action="invitation.accepted",
        obj=invitation,
        program=invitation.program,
        changes={"role": invitation.role},
    )
    return user


@transaction.atomic
def set_roles(
    *, actor: Any, program: Program, user: User, roles: set[str], site: Site | None = None
) -> list[Membership]:
    """Give `user` exactly `roles` in `program` (others are deactivated, never deleted)."""
    from echohub.programs.rules import has_perm

    unknown = roles - set(Role.values)
    if unknown:
        raise DomainError("invalid_role", _("Unknown role."), field="roles")
    current = {m.role: m for m in Membership.objects.filter(program=program, user=user)}
    active_before = {r for r, m in current.items() if m.is_active}
    touches_admin = (Role.PROGRAM_ADMIN in roles) != (Role.PROGRAM_ADMIN in active_before)
    if touches_admin and not has_perm(actor, program, "roles.grant_admin"):
        raise PermissionDenied(_("Only a program admin can change admin roles."))
    if (
        Role.PROGRAM_ADMIN in active_before
        and Role.PROGRAM_ADMIN not in roles
        and not Membership.objects.filter(program=program, role=Role.PROGRAM_ADMIN, is_active=True)
        .exclude(user=user)
        .exists()
    ):
        raise DomainError("last_admin", _("A program needs at least one program admin."))
    if site is not None and site.program_id != program.pk:
        raise DomainError("invalid_site", _("Choose a site of this program."), field="site")
    result = []
    for role in Role.values:
        m = current.get(role)
        if role in roles:
            if m is None:
                m = Membership.objects.create(program=program, user=user, role=role, site=site)
            else:
                m.is_active = True
                if site is not None:
                    m.site = site
                m.save()
            result.append(m)
        elif m is not None and m.is_active:
            m.is_active = False
            m.save(update_fields=["is_active", "updated_at"])
    audit.record(
        actor=actor,
        action="roles.changed",
        obj=user,
        program=program,
        changes={"roles": [sorted(active_before), sorted(roles)]},
    )
    return result


# Sites ----------------------------------------------------------------------------------------


@transaction.atomic
def save_site(*, actor: Any, program: Program, site: Site | None = None, **fields: Any) -> Site:
    """Create a site (site=None) or change one. The region must be one of the managed list's
    (a site keeps a region that is no longer offered until it is changed)."""
    name = str(fields.get("name", site.name if site else "")).strip()
    if "region" in fields or site is None:
        fields["region"] = resolve_region(
            str(fields.get("region", "")), keep=site.region if site else ""
        )
    clash = Site.objects.filter(program=program, name__iexact=name)
    if site is not None:
        clash = clash.exclude(pk=site.pk)
    if clash.exists():
        raise Conflict("duplicate_site", _("A site with this name already exists."))
    if site is None:
        try:
            with transaction.atomic():  # savepoint: a parallel create of the same name loses here
                site = Site.objects.create(program=program, **{**fields, "name": name})
        except IntegrityError:
            raise Conflict(
                "duplicate_site", _("A site with this name already exists."), field="name"
            ) from None
        audit.record(actor=actor, action="site.created", obj=site, program=program)
        return site
    before = audit.snapshot(site, SITE_FIELDS)
    for key, value in {**fields, "name": name}.items():
        setattr(site, key, value)
    try:
        with transaction.atomic():
            site.save()
    except IntegrityError:
        raise Conflict(
            "duplicate_site", _("A site with this name already exists."), field="name"
        ) from None
    audit.record(
        actor=actor,
        action="site.updated",
        obj=site,
        program=program,
        changes=audit.diff(site, SITE_FIELDS, before),
    )
    return site


# The program's own settings --------------------------------------------------------------------

PROGRAM_SETTINGS_FIELDS = (
    "content_languages",
    *(f + suffix for f in Program.BILINGUAL_FIELDS for suffix in ("", "_fr")),
    "time_zone",
    "is_public",
    "registration_open",
    "contact_email",
    "video_provider",
)


@transaction.atomic
def save_program_settings(*, actor: Any, program: Program, **fields: Any) -> Program:
    """Change the program's own texts and settings (program admins). Its name must exist in at
    least one of its content languages, so no reader ever sees a program without a name."""
    unknown = set(fields) - set(PROGRAM_SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"not program settings: {sorted(unknown)}")
    before = audit.snapshot(program, list(PROGRAM_SETTINGS_FIELDS))
    for key, value in fields.items():
        setattr(program, key, value)
    if bilingual.missing(program, ("name",), program.languages):
        raise DomainError(
            "name_required",
            _("Give the program's name in at least one of its languages."),
            field="name" + bilingual.SUFFIX[program.default_language],
        )
    if program.contact_email and lookalike_email(program.contact_email):
        # Shown on the public page and in emails: a look-alike sends people's questions to
        # whoever owns that domain (probe 12-24).
        raise DomainError("lookalike_email", str(LOOKALIKE_EMAIL_MESSAGE), field="contact_email")
    try:
        program.full_clean(exclude=["slug"])
    except ValidationError as err:
        field, problems = next(iter(err.message_dict.items()))
        raise DomainError("invalid", problems[0], field=field) from None
    program.save()
    audit.record(
        actor=actor,
        action="program.updated",
        obj=program,
        program=program,
        changes=audit.diff(program, list(PROGRAM_SETTINGS_FIELDS), before),
    )
    return program


# Hub teams ------------------------------------------------------------------------------------


@transaction.atomic
def save_hub_member(
    *, actor: Any, hub: Hub, user: User, member: HubMember | None = None, **fields: Any
) -> HubMember:
    if member is None:
        if HubMember.objects.filter(hub=hub, user=user, hub_role=fields.get("hub_role")).exists():
            raise Conflict("duplicate_hub_member", _("This person already has that hub role."))
        member = HubMember.objects.create(hub=hub, user=user, **fields)
        Membership.objects.update_or_create(
            program=hub.program, user=user, role=Role.EXPERT, defaults={"is_active": True}
        )
        audit.record(actor=actor, action="hub_member.added", obj=member, program=hub.program)
        return member
    before = audit.snapshot(member, HUB_MEMBER_FIELDS)
    for key, value in fields.items():
        setattr(member, key, value)
    member.save()
    audit.record(
        actor=actor,
        action="hub_member.updated",
        obj=member,
        program=hub.program,
        changes=audit.diff(member, HUB_MEMBER_FIELDS, before),
    )
    return member


@transaction.atomic
def remove_hub_member(*, actor: Any, member: HubMember) -> None:
    program = member.hub.program
    audit.record(
        actor=actor,
        action="hub_member.removed",
        obj=member,
        program=program,
        changes={"user": member.user_id, "hub_role": member.hub_role},
    )
    member.delete()
