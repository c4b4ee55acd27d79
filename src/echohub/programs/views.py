"""Program pages: public page and registration, the participant home, and the coordinator's
screens for registrations, people, sites, the hub team and the audit log."""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from echohub.accounts.models import User
from echohub.accounts.professions import Profession
from echohub.core import limits
from echohub.core.bilingual import LANGUAGE_NAMES
from echohub.core.errors import DomainError
from echohub.core.models import AuditEntry
from echohub.core.phi_check import FieldFinding, highlight
from echohub.core.views import (
    add_domain_error,
    forbidden,
    paginate,
    program_context,
    program_view,
)
from echohub.programs import announcements, queries, services
from echohub.programs.forms import (
    AnnouncementForm,
    DecisionForm,
    HubMemberForm,
    InviteForm,
    PeopleFilterForm,
    ProgramSettingsForm,
    RegistrationForm,
    RolesForm,
    SiteFilterForm,
    SiteForm,
)
from echohub.programs.models import (
    Announcement,
    AnnouncementRecipient,
    Hub,
    HubMember,
    Membership,
    Program,
    Registration,
    RegistrationStatus,
    Role,
)
from echohub.programs.rules import has_perm, sees_only_aggregates, visible_programs
from echohub.programs.tasks import render_announcement
from echohub.scheduling import queries as session_queries


def program_list(request: HttpRequest) -> HttpResponse:
    """Every program the visitor can see, searchable and paginated."""
    q = request.GET.get("q", "").strip()
    qs = visible_programs(request.user).only("slug", "name", "summary", "registration_open")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(summary__icontains=q))
    return render(
        request,
        "programs/program_list.html",
        {"q": q, **paginate(request, qs.order_by("name"))},
    )


@program_view(None)
def program_detail(request: HttpRequest, program: Program) -> HttpResponse:
    return render(
        request,
        "programs/program_detail.html",
        program_context(
            request,
            program,
            hubs=queries.hub_team(program),
            upcoming=session_queries.upcoming_sessions(program.pk, limit=6),
            site_count=program.sites.filter(is_active=True).count(),
            announcements=(
                list(announcements.announcements_of(program)[:3])
                if "program.view_member_area" in request.program_perms  # type: ignore[attr-defined]
                else []
            ),
        ),
    )


@program_view(None)
def register(request: HttpRequest, program: Program) -> HttpResponse:
    form = RegistrationForm(request.POST or None, program=program, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # Signed out, the answer is the same whatever the address (an address already
            # registered is told by email). Signed in, the form's address is the account's
            # own (RegistrationForm): that person may be told directly.
            services.submit_public_registration(
                tell_submitter=bool(form.account_email),
                program=program,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                profession=data["profession"],
                licence_number=data["licence_number"],
                site=data["site"],
                new_site_name=data["new_site_name"],
                region=data["region"],
                new_site_kind=data["new_site_kind"],
                new_site_rurality=data["new_site_rurality"],
                consent_research=data["consent_research"],
                actor=request.user,
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            return redirect("programs:registered", slug=program.slug)
    return render(
        request,
        "programs/register.html",
        program_context(request, program, form=form),
        status=400 if form.errors else 200,
    )


@program_view(None)
def registered(request: HttpRequest, program: Program) -> HttpResponse:
    return render(request, "programs/registered.html", program_context(request, program))


# Coordinator screens --------------------------------------------------------------------------


@login_required
@program_view("registrations.review")
def registrations(request: HttpRequest, program: Program) -> HttpResponse:
    status = request.GET.get("status", RegistrationStatus.PENDING)
    if status not in {*RegistrationStatus.values, "all"}:
        status = RegistrationStatus.PENDING
    q = request.GET.get("q", "").strip()
    qs = queries.registrations_of(program, status="" if status == "all" else status, q=q)
    return render(
        request,
        "programs/manage/registrations.html",
        program_context(
            request,
            program,
            status=status,
            q=q,
            statuses=RegistrationStatus.choices,
            decision_form=DecisionForm(),
            **paginate(request, qs),
        ),
    )


@require_POST
@login_required
@program_view("registrations.review")
def decide_registration(
    request: HttpRequest, program: Program, pk: int, decision: str
) -> HttpResponse:
    if decision not in ("approve", "decline"):
        raise Http404
    registration = get_object_or_404(Registration, program=program, pk=pk)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if decision == "approve":
            services.approve_registration(actor=request.user, registration=registration, note=note)
            messages.success(
                request, _("%(name)s was approved and emailed.") % {"name": registration.full_name}
            )
        else:
            services.decline_registration(actor=request.user, registration=registration, note=note)
            messages.success(
                request, _("%(name)s was declined and emailed.") % {"name": registration.full_name}
            )
    except DomainError as err:
        messages.error(request, err.message)
    return redirect("programs:registrations", slug=program.slug)


# One press approves at most a page of registrations (each one an account and an email).
APPROVE_SELECTED_MAX = 50


@require_POST
@login_required
@program_view("registrations.review")
def approve_selected_registrations(request: HttpRequest, program: Program) -> HttpResponse:
    """Approve several waiting registrations: the first post (the boxes ticked on the list)
    shows how many and who, and that each will be emailed; the second (`confirm`) approves
    them one by one. A registration decided meanwhile is skipped and said so."""
    ids = sorted({i for i in (limits.whole_number(v) for v in request.POST.getlist("ids")) if i})
    chosen = list(
        Registration.objects.filter(
            program=program, pk__in=ids[:APPROVE_SELECTED_MAX], status=RegistrationStatus.PENDING
        ).order_by("last_name", "first_name", "pk")
    )
    if not chosen:
        messages.error(request, _("Tick the registrations to approve first."))
        return redirect("programs:registrations", slug=program.slug)
    if len(ids) > APPROVE_SELECTED_MAX:
        messages.warning(
            request,
            _("At most %(n)d registrations are approved at once; the first %(n)d are listed.")
            % {"n": APPROVE_SELECTED_MAX},
        )
    if request.POST.get("confirm") != "1":
        return render(
            request,
            "programs/manage/registrations_approve.html",
            program_context(
                request, program, chosen=chosen, new_sites=any(r.site_id is None for r in chosen)
            ),
        )
    approved, skipped = 0, []
    for registration in chosen:
        try:
            services.approve_registration(actor=request.user, registration=registration)
        except DomainError:
            skipped.append(registration.full_name)
        else:
            approved += 1
    if approved:
        messages.success(
            request,
            ngettext(
                "%(n)d registration was approved and emailed.",
                "%(n)d registrations were approved and emailed.",
                approved,
            )
            % {"n": approved},
        )
    if skipped:
        messages.warning(
            request,
            _("Not approved (decided by someone else meanwhile): %(names)s.")
            % {"names": ", ".join(skipped)},
        )
    return redirect("programs:registrations", slug=program.slug)


@login_required
@program_view("people.view")
def people(request: HttpRequest, program: Program) -> HttpResponse:
    filters = PeopleFilterForm(request.GET or None, program=program)
    criteria: dict[str, Any] = {}
    if filters.is_valid():
        criteria = {k: v for k, v in filters.cleaned_data.items() if v}
    qs = queries.people_in(program, **criteria)
    # The filter selects are drawn by the template from plain lists: rendering each <option>
    # through Django's widget templates cost more than the page's queries.
    selected = {k: request.GET.get(k, "") for k in ("q", "role", "profession", "site")}
    return render(
        request,
        "programs/manage/people.html",
        program_context(
            request,
            program,
            filters=filters,
            selected=selected,
            roles=Role.choices,
            professions=Profession.choices,
            sites=list(program.sites.order_by("name").values_list("pk", "name")),
            **paginate(request, qs),
        ),
    )


@login_required
@program_view("people.view")
def person(request: HttpRequest, program: Program, user_id: int) -> HttpResponse:
    member_ids = Membership.objects.filter(program=program).values("user_id")
    person = get_object_or_404(User.objects.filter(pk__in=member_ids), pk=user_id)
    memberships = list(
        Membership.objects.filter(program=program, user=person).select_related("site")
    )
    active = [m for m in memberships if m.is_active]
    form = RolesForm(
        request.POST or None,
        program=program,
        initial={
            "roles": [m.role for m in active],
            "site": next((m.site for m in active if m.site), None),
        },
    )
    if request.method == "POST":
        if "people.manage" not in request.program_perms:  # type: ignore[attr-defined]
            return forbidden(request, program, "people.manage")
        if form.is_valid():
            try:
                services.set_roles(
                    actor=request.user,
                    program=program,
                    user=person,
                    roles=set(form.cleaned_data["roles"]),
                    site=form.cleaned_data["site"],
                )
            except DomainError as err:
                add_domain_error(form, err)
            else:
                messages.success(request, _("Roles saved."))
                return redirect("programs:person", slug=program.slug, user_id=person.pk)
    audit = AuditEntry.objects.filter(
        program=program, object_type="accounts.user", object_id=str(person.pk)
    ).select_related("actor")[:20]
    return render(
        request,
        "programs/manage/person.html",
        program_context(
            request, program, person=person, memberships=memberships, form=form, audit=audit
        ),
        status=400 if form.errors else 200,
    )


@login_required
@program_view("people.manage")
def invite(request: HttpRequest, program: Program) -> HttpResponse:
    form = InviteForm(
        request.POST or None,
        can_grant_admin=has_perm(request.user, program, "roles.grant_admin"),
    )
    if request.method != "POST":
        return render(
            request, "programs/manage/invite.html", program_context(request, program, form=form)
        )
    if form.is_valid():
        try:
            services.invite_person(actor=request.user, program=program, **form.cleaned_data)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % form.cleaned_data)
            return redirect("programs:people", slug=program.slug)
    return render(
        request,
        "programs/manage/invite.html",
        program_context(request, program, form=form),
        status=400,
    )


@login_required
@program_view("sites.view")
def sites(request: HttpRequest, program: Program) -> HttpResponse:
    filters = SiteFilterForm(request.GET or None)
    criteria = {k: v for k, v in filters.cleaned_data.items() if v} if filters.is_valid() else {}
    return render(
        request,
        "programs/manage/sites.html",
        program_context(
            request,
            program,
            filters=filters,
            # Aggregate-only viewers get no count per site (read over time, it tells joins).
            small_cells=sees_only_aggregates(request.user, program),
            **paginate(request, queries.sites_of(program, **criteria)),
        ),
    )


@login_required
@program_view("sites.manage")
def site_edit(request: HttpRequest, program: Program, pk: int | None = None) -> HttpResponse:
    site = get_object_or_404(program.sites, pk=pk) if pk else None
    form = SiteForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        fields = {f: form.cleaned_data[f] for f in form.Meta.fields}
        try:
            saved = services.save_site(actor=request.user, program=program, site=site, **fields)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("Site “%(name)s” saved.") % {"name": saved.name})
            return redirect("programs:sites", slug=program.slug)
    return render(
        request,
        "programs/manage/site_form.html",
        program_context(request, program, form=form, site=site),
        status=400 if form.errors else 200,
    )


@login_required
@program_view("program.edit")
def program_settings(request: HttpRequest, program: Program) -> HttpResponse:
    """The program's own texts in its content languages, and its settings (program admins)."""
    form = ProgramSettingsForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        # The form's instance already holds the typed values; start from the stored program.
        stored = Program.objects.get(pk=program.pk)
        try:
            services.save_program_settings(actor=request.user, program=stored, **fields)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The program's settings are saved."))
            return redirect("programs:settings", slug=program.slug)
    return render(
        request,
        "programs/manage/settings.html",
        program_context(request, program, form=form, nav="settings"),
        status=400 if form.errors else 200,
    )


@login_required
@program_view("sessions.view")
def hub(request: HttpRequest, program: Program) -> HttpResponse:
    return render(
        request,
        "programs/manage/hub.html",
        program_context(request, program, hubs=queries.hub_team(program)),
    )


@login_required
@program_view("hub.manage")
def hub_member_edit(
    request: HttpRequest, program: Program, hub_id: int, pk: int | None = None
) -> HttpResponse:
    hub_obj = get_object_or_404(Hub, program=program, pk=hub_id)
    member = get_object_or_404(HubMember, hub=hub_obj, pk=pk) if pk else None
    form = HubMemberForm(request.POST or None, instance=member, program=program)
    if request.method == "POST" and "remove" in request.POST and member is not None:
        services.remove_hub_member(actor=request.user, member=member)
        messages.success(
            request, _("%(name)s was removed from the hub team.") % {"name": member.user}
        )
        return redirect("programs:hub", slug=program.slug)
    if request.method == "POST" and form.is_valid():
        fields = {f: form.cleaned_data[f] for f in ["hub_role", "discipline", "bio", "is_active"]}
        try:
            services.save_hub_member(
                actor=request.user,
                hub=hub_obj,
                user=member.user if member else form.cleaned_data["user"],
                member=member,
                **fields,
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("Hub team saved."))
            return redirect("programs:hub", slug=program.slug)
    return render(
        request,
        "programs/manage/hub_member_form.html",
        program_context(request, program, form=form, hub=hub_obj, member=member),
        status=400 if form.errors else 200,
    )


@login_required
@program_view("audit.view")
def audit_log(request: HttpRequest, program: Program) -> HttpResponse:
    qs = AuditEntry.objects.filter(program=program).select_related("actor")
    object_type = request.GET.get("object_type", "").strip()
    object_id = request.GET.get("object_id", "").strip()
    action = request.GET.get("action", "").strip()
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if action:
        qs = qs.filter(action__startswith=action)
    return render(
        request,
        "programs/manage/audit.html",
        program_context(
            request,
            program,
            object_type=object_type,
            object_id=object_id,
            action=action,
            **paginate(request, qs, per_page=50),
        ),
    )


# Announcements ----------------------------------------------------------------------------


@login_required
@program_view("program.view_member_area")
def announcement_list(request: HttpRequest, program: Program) -> HttpResponse:
    page = paginate(request, announcements.announcements_of(program, with_counts=True))
    announcements.note_sending(page["page_obj"].object_list)
    announcements.note_audiences(program, page["page_obj"].object_list)
    return render(
        request, "programs/announcements/list.html", program_context(request, program, **page)
    )


def _draft(form: AnnouncementForm, request: HttpRequest) -> announcements.Draft:
    data = form.cleaned_data
    keys = request.POST.getlist("phi_ok")
    reasons = {k: request.POST.get(f"reason-{k}", "") for k in keys}
    return announcements.Draft(
        subject=data.get("subject") or "",
        body=data.get("body") or "",
        subject_fr=data.get("subject_fr") or "",
        body_fr=data.get("body_fr") or "",
        audience=announcements.Audience(
            series=int(data["series"]) if data["series"] else None,
            roles=tuple(data["roles"]),
            professions=tuple(data["professions"]),
            regions=tuple(data["regions"]),
        ),
        confirmed=announcements.confirmations(keys, reasons),
    )


# A preview's Send button carries a signed, single-use key: Send pressed twice, or again after
# the back button, sends the announcement once (the shared cache's add() is atomic).
_ONCE_SALT = "echohub.announcement.once"
_ONCE_SECONDS = 24 * 3600


def _once_key(request: HttpRequest, program: Program) -> str:
    return signing.dumps(
        {"u": request.user.pk, "p": program.pk, "n": secrets.token_hex(12)}, salt=_ONCE_SALT
    )


def _first_send(request: HttpRequest, program: Program) -> bool | None:
    """True the first time a preview's key is sent, False after; None without a valid key
    (an older page, or a client that does not preview: sent as before, unguarded)."""
    try:
        data = signing.loads(request.POST.get("once", ""), salt=_ONCE_SALT, max_age=_ONCE_SECONDS)
    except signing.BadSignature:
        return None
    if data.get("u") != request.user.pk or data.get("p") != program.pk:
        return None
    return cache.add(f"announcement-once:{data['n']}", 1, timeout=_ONCE_SECONDS)


def _fingerprint(draft: announcements.Draft) -> str:
    """Ties a Send click to the preview the author saw (text, group and confirmations)."""
    data = [
        draft.subject.strip(),
        draft.body.strip(),
        draft.subject_fr.strip(),
        draft.body_fr.strip(),
        draft.audience.as_json(),
        draft.confirmed,
    ]
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:32]


def _phi_items(draft: announcements.Draft, findings: list[FieldFinding]) -> list[dict[str, Any]]:
    """Each field with findings: its text marked up, and each finding to confirm or not."""
    items = []
    for name, label, text in (
        ("subject", _("Subject"), draft.subject),
        ("body", _("Message"), draft.body),
        ("subject_fr", _("Subject (French)"), draft.subject_fr),
        ("body_fr", _("Message (French)"), draft.body_fr),
    ):
        hits = [f for f in findings if f.field == name]
        if hits:
            items.append(
                {
                    "label": label,
                    "html": highlight(text, hits),
                    "findings": [{"f": h, "reason": draft.confirmed.get(h.key, "")} for h in hits],
                }
            )
    return items


@login_required
@program_view("announcements.send")
def announcement_new(request: HttpRequest, program: Program) -> HttpResponse:
    """Write, preview (who and how many, the email as it will read), confirm, send."""
    form = AnnouncementForm(request.POST or None, program=program)
    action = request.POST.get("action", "preview")
    context: dict[str, Any] = {"form": form}
    status = 200
    if request.method == "POST" and form.is_valid():
        draft = _draft(form, request)
        expected = request.POST.get("expected_count", "")
        previewed = request.POST.get("previewed", "") == _fingerprint(draft)
        if action == "send" and not previewed:
            messages.warning(request, _("The text or the group changed: check the preview again."))
        try:
            count = limits.whole_number(expected)
            if action == "send" and count is not None and previewed:
                if _first_send(request, program) is False:
                    messages.info(
                        request,
                        _(
                            "This announcement was already sent from this preview: "
                            "it is not sent again."
                        ),
                    )
                    return redirect("programs:announcements", slug=program.slug)
                sent = announcements.send_announcement(
                    actor=request.user, program=program, draft=draft, expected_count=count
                )
                messages.success(
                    request,
                    _("“%(subject)s” is on its way to %(n)d people.")
                    % {"subject": sent, "n": sent.recipient_count},
                )
                return redirect("programs:announcements", slug=program.slug)
            findings, count = announcements.check_draft(program=program, draft=draft)
        except announcements.AnnouncementPhiFound as err:
            add_domain_error(form, err)
            context["phi_items"] = _phi_items(draft, err.findings)
            status = 400
        except DomainError as err:
            add_domain_error(form, err)
            status = 400
        else:
            example = AnnouncementRecipient(
                announcement=Announcement(
                    program=program,
                    author=request.user,  # type: ignore[misc]
                    subject=draft.subject.strip(),
                    body=draft.body.strip(),
                    subject_fr=draft.subject_fr.strip(),
                    body_fr=draft.body_fr.strip(),
                ),
                user=request.user,
            )
            # The email as each language's readers get it (the program's languages).
            previews = []
            for lang in program.languages if program.is_bilingual else ():
                with translation.override(lang):
                    subject, body = render_announcement(example)
                previews.append(
                    {
                        "language": lang,
                        "subject": subject,
                        "body": body,
                        "name": LANGUAGE_NAMES[lang],
                    }
                )
            subject, body = render_announcement(example)
            people = announcements.audience_of(program, draft.audience)
            context.update(
                preview={"subject": subject, "body": body},
                previews=previews,
                count=count,
                sample=list(people[:8]),
                audience_label=announcements.describe(program, draft.audience),
                phi_items=_phi_items(draft, findings) if findings else [],
                fingerprint=_fingerprint(draft),
                once=_once_key(request, program),
            )
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "programs/announcements/new.html",
        program_context(request, program, **context),
        status=status,
    )
