from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from echohub.accounts.forms import AcceptInvitationForm, ProfileForm, TokenForm
from echohub.accounts.models import ApiToken, Invitation, User
from echohub.core import audit
from echohub.core.errors import DomainError
from echohub.programs import queries as program_queries
from echohub.programs import services as program_services
from echohub.security import services as security_services


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.lookup(token)
    if invitation is None or not invitation.is_usable:
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"invitation": invitation},
            status=410 if invitation else 404,
        )
    user = request.user if isinstance(request.user, User) else None
    if user is None and _has_password(invitation.email):
        # The link is no password reset: an account that already has a password signs in
        # first, then accepts (the form below would replace its password and name).
        return render(
            request,
            "accounts/accept_invitation.html",
            {
                "invitation": invitation,
                "form": None,
                "sign_in_url": reverse("accounts:login") + "?" + urlencode({"next": request.path}),
            },
            status=400 if request.method == "POST" else 200,
        )
    form = AcceptInvitationForm(
        request.POST or None,
        email=invitation.email,
        initial=program_queries.invitation_names(invitation),  # as typed at registration
    )
    if user is not None and request.method == "POST":
        try:
            program_services.accept_invitation(invitation=invitation, user=user)
        except DomainError as err:
            messages.error(request, err.message)
            return render(
                request,
                "accounts/accept_invitation.html",
                {"invitation": invitation, "form": None},
                status=400,
            )
        messages.success(
            request, _("You joined %(program)s.") % {"program": str(invitation.program)}
        )
        return redirect("home")
    if user is None and request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        new_user = program_services.accept_invitation(
            invitation=invitation,
            first_name=d["first_name"],
            last_name=d["last_name"],
            password=d["password1"],
            time_zone=d["time_zone"],
        )
        login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, _("Welcome to %(program)s.") % {"program": str(invitation.program)}
        )
        return redirect("home")
    return render(
        request,
        "accounts/accept_invitation.html",
        {"invitation": invitation, "form": None if user else form},
        status=400 if form.errors else 200,
    )


def _has_password(email: str) -> bool:
    """Whether an account with this email exists and has a password of its own (accounts made
    by an approved registration have none until the invitation sets it)."""
    account = User.objects.filter(email__iexact=email).only("password").first()
    return account is not None and account.has_usable_password()


def _user(request: HttpRequest) -> User:
    """The signed-in user (views below are behind login_required)."""
    assert isinstance(request.user, User)
    return request.user


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        fields = list(form.Meta.fields)
        before = audit.snapshot(user, fields)
        form.save()
        audit.record(
            actor=user,
            action="profile.updated",
            obj=user,
            changes=audit.diff(user, fields, before),
        )
        if user.language:  # the confirmation, and what follows, in the language just chosen
            translation.activate(user.language)
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    return _profile_page(request, user, form=form, token_form=TokenForm(user=user))


def _profile_page(
    request: HttpRequest, user: User, *, form: ProfileForm, token_form: TokenForm
) -> HttpResponse:
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at")
    no_password = None if user.has_usable_password() else security_services.no_password_message()
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "tokens": tokens, "token_form": token_form, "no_password": no_password},
        status=400 if form.errors or token_form.errors else 200,
    )


@never_cache  # the page shows the new key once: never kept by a browser or a proxy
@require_POST
@login_required
def token_create(request: HttpRequest) -> HttpResponse:
    """Make an API token. Refusals show the profile page again, the token form as typed (but
    the password) and each error next to its field."""
    user = _user(request)
    form = TokenForm(request.POST, user=user)
    if not form.is_valid():
        if set(form.errors) - {"password"}:
            messages.error(request, _("Give the token a name and how many days it lasts."))
        return _refused(request, user, form)
    d = form.cleaned_data
    try:
        # Re-authentication (echohub.security), with the lockout; an account without a
        # password of its own is refused there (never a token made without one).
        security_services.confirm_password(actor=user, password=d.get("password") or "")
        # scope and expiry (echohub.security), audit-logged there
        token, raw = security_services.issue_api_token(
            actor=user, user=user, name=d["name"], scope=d["scope"], days=d["days"]
        )
    except DomainError as err:
        if err.field in form.fields:
            form.add_error(err.field, err.message)
        elif err.code != "no_password":  # the page says that one where the form would be
            messages.error(request, err.message)
        return _refused(request, user, form)
    return render(request, "accounts/token_created.html", {"token": token, "raw": raw})


def _refused(request: HttpRequest, user: User, token_form: TokenForm) -> HttpResponse:
    response = _profile_page(request, user, form=ProfileForm(instance=user), token_form=token_form)
    response.status_code = 400
    return response


@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    token = get_object_or_404(ApiToken, user=user, pk=pk, revoked_at__isnull=True)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(actor=user, action="api_token.revoked", obj=token)
    messages.success(request, _("Token revoked."))
    return redirect("accounts:profile")
