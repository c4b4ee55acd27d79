"""Sign-in, the second step, authenticator set-up, the security page, password reset's end."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from echohub.accounts.models import ApiToken, User
from echohub.core.errors import DomainError
from echohub.security import middleware, passkeys, policy, services
from echohub.security.forms import (
    CodeForm,
    PasskeyAddForm,
    PasskeyAssertionForm,
    PasswordConfirmForm,
    SetupCodeForm,
    SignInForm,
)
from echohub.security.models import SignInEvent, SignInOutcome, TotpDevice, WebAuthnCredential

RECORD_LENGTH = 30


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _next(request: HttpRequest) -> str:
    """Where to go after signing in: a local path only."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}"


def _record(request: HttpRequest, user: User, outcome: SignInOutcome) -> None:
    services.record_sign_in(
        user=user,
        outcome=outcome,
        address=policy.client_address(request),
        user_agent=request.headers.get("User-Agent", ""),
    )


class SignInView(auth_views.LoginView):
    """The one sign-in page (the admin's login sends people here too)."""

    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["demo_skips_second_factor"] = settings.DEBUG and settings.TWO_FACTOR_ENFORCED
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)  # signs in (a new session key)
        user = form.get_user()
        _record(self.request, user, SignInOutcome.SUCCESS)
        state, privileged = policy.assess(user)
        middleware.remember_assessment(self.request, state, privileged)
        middleware.mark_seen(self.request)
        next_url = self.get_success_url()
        if state is policy.SecondFactor.VERIFY:
            return HttpResponseRedirect(_with_next(reverse("accounts:security:verify"), next_url))
        if state is policy.SecondFactor.ENROL:
            messages.info(
                self.request,
                _(
                    "Your role in a program needs a second sign-in step. Set up an "
                    "authenticator app or a passkey to continue; it takes a minute."
                ),
            )
            return HttpResponseRedirect(_with_next(reverse("accounts:security:setup"), next_url))
        return response


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator app, or a recovery code."""
    user = _user(request)
    if request.session.get(middleware.VERIFIED):
        return redirect(_next(request))
    if not policy.has_second_factor(user):
        return redirect(_with_next(reverse("accounts:security:setup"), _next(request)))
    form = _code_form(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.verify_second_factor(actor=user, code=form.cleaned_data["code"])
        except DomainError as err:
            _record(request, user, SignInOutcome.SECOND_FACTOR_FAILED)
            form.add_error("code", err.message)
        else:
            _record(request, user, outcome)
            middleware.mark_verified(request)
            if outcome is SignInOutcome.RECOVERY_CODE:
                left = services.unused_recovery_codes(user)
                messages.warning(
                    request,
                    _(
                        "You used a recovery code; %(left)d are left. If your phone is lost, "
                        "set up the app again from your security page."
                    )
                    % {"left": left},
                )
            return redirect(_next(request))
    return _verify_page(request, user, form)


def _code_form(user: User, data: Any = None) -> CodeForm:
    """The code field: authenticator codes and recovery codes, or recovery codes only for a
    person whose second step is a passkey."""
    form = CodeForm(data)
    if not policy.has_totp(user):
        form.fields["code"].label = _("Recovery code")
        form.fields["code"].help_text = _("One of the recovery codes you saved.")
        form.fields["code"].widget.attrs.pop("autofocus", None)
    return form


def _verify_page(
    request: HttpRequest, user: User, form: CodeForm, passkey_error: str = ""
) -> HttpResponse:
    return render(
        request,
        "security/verify.html",
        {
            "form": form,
            "next": _next(request),
            "has_totp": policy.has_totp(user),
            "has_passkey": WebAuthnCredential.objects.filter(user=user).exists(),
            "passkey_form": PasskeyAssertionForm(),
            "passkey_error": passkey_error,
        },
        status=400 if form.errors or passkey_error else 200,
    )


def _origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _json_error(err: DomainError, status: int = 400) -> JsonResponse:
    return JsonResponse({"code": err.code, "message": err.message, "field": None}, status=status)


def _half_signed_in(request: HttpRequest, user: User) -> bool:
    """Signed in with the password only, on an account that has a second step: such a session
    may pass the second step and nothing else (no new factor, no new authenticator)."""
    if request.session.get(middleware.VERIFIED):
        return False
    state, _privileged = policy.assess(user)
    return state is policy.SecondFactor.VERIFY


def _confirm_url(back: str) -> str:
    return _with_next(reverse("accounts:security:confirm"), back)


def _password_needed(request: HttpRequest, back: str) -> HttpResponse | None:
    """A redirect to "Confirm your password" when the password was not typed in this session in
    the last minutes (`middleware.password_is_recent`), else None: a session cookie alone must
    not make recovery codes, set up an authenticator app or add a passkey (probe 1223)."""
    if middleware.password_is_recent(request):
        return None
    return HttpResponseRedirect(_confirm_url(back))


@never_cache
@login_required
def confirm(request: HttpRequest) -> HttpResponse:
    """Type the password again before changing how one signs in; then back to `next`."""
    user = _user(request)
    back = _next(request)
    form = PasswordConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_password(actor=user, password=form.cleaned_data["password"])
        except DomainError as err:
            form.add_error("password", err.message)
        else:
            middleware.mark_authenticated(request)
            return redirect(back)
    return render(
        request,
        "security/confirm.html",
        {"form": form, "next": back, "minutes": middleware.RECENT_PASSWORD_SECONDS // 60},
        status=400 if form.errors else 200,
    )


@never_cache
@require_POST
@login_required
def verify_passkey_options(request: HttpRequest) -> HttpResponse:
    """The challenge for the passkey sign-in step (JSON, for passkeys.js)."""
    try:
        options = passkeys.authentication_options(user=_user(request), session=request.session)
    except DomainError as err:
        return _json_error(err)
    return HttpResponse(options, content_type="application/json")


@never_cache
@require_POST
@login_required
def verify_passkey(request: HttpRequest) -> HttpResponse:
    """The second step with a passkey: the authenticator's signed answer to the challenge."""
    user = _user(request)
    if request.session.get(middleware.VERIFIED):
        return redirect(_next(request))
    form = PasskeyAssertionForm(request.POST)
    error = _("Use your passkey again: its answer did not arrive.")
    if form.is_valid():
        try:
            passkeys.authenticate(
                actor=user,
                session=request.session,
                credential=form.cleaned_data["credential"],
                origin=_origin(request),
            )
        except DomainError as err:
            error = err.message
        else:
            _record(request, user, SignInOutcome.PASSKEY)
            middleware.mark_verified(request)
            return redirect(_next(request))
    _record(request, user, SignInOutcome.PASSKEY_FAILED)
    return _verify_page(request, user, _code_form(user), passkey_error=error)


@never_cache
@require_POST
@login_required
def passkey_options(request: HttpRequest) -> HttpResponse:
    """The options to register a new passkey (JSON, for passkeys.js)."""
    user = _user(request)
    if _half_signed_in(request, user):
        return _json_error(
            DomainError("second_factor_required", _("Finish signing in first.")), status=403
        )
    if not middleware.password_is_recent(request):
        back = reverse("accounts:security:page")
        if request.POST.get("from") == "setup":
            back = reverse("accounts:security:setup")
        return JsonResponse(
            {
                "code": "password_needed",
                "message": _("Type your password again before adding a passkey."),
                "location": _confirm_url(back),
            },
            status=403,
        )
    try:
        options = passkeys.registration_options(actor=user, session=request.session)
    except DomainError as err:
        return _json_error(err)
    return HttpResponse(options, content_type="application/json")


@never_cache
@require_POST
@login_required
def passkey_add(request: HttpRequest) -> HttpResponse:
    """Keep the passkey just made (its name and the authenticator's answer)."""
    user = _user(request)
    if _half_signed_in(request, user):
        return redirect(_with_next(reverse("accounts:security:verify"), _next(request)))
    back = (
        _with_next(reverse("accounts:security:setup"), _next(request))
        if request.POST.get("from") == "setup"
        else reverse("accounts:security:page")
    )
    if (needed := _password_needed(request, back)) is not None:
        return needed
    form = PasskeyAddForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["credential"]:
        messages.error(request, _("Give the passkey a name, then use your passkey or key."))
        return redirect(back)
    try:
        codes = passkeys.register(
            actor=user,
            session=request.session,
            credential=form.cleaned_data["credential"],
            name=form.cleaned_data["name"],
            origin=_origin(request),
        )
    except DomainError as err:
        messages.error(request, err.message)
        return redirect(back)
    middleware.mark_verified(request)
    if codes is not None:
        _record(request, user, SignInOutcome.PASSKEY)
        return render(
            request,
            "security/recovery_codes.html",
            {"codes": codes, "next": _next(request), "first_time": True},
        )
    messages.success(request, _("Passkey “%(name)s” added.") % {"name": form.cleaned_data["name"]})
    return redirect("accounts:security:page")


@require_POST
@login_required
def passkey_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a passkey: confirmed in the browser, and the password typed again."""
    form = PasswordConfirmForm(request.POST, prefix=f"passkey-{pk}")
    if not form.is_valid():
        messages.error(request, _("Type your password to remove a passkey."))
        return redirect("accounts:security:page")
    try:
        passkeys.remove(
            actor=_user(request), credential_pk=pk, password=form.cleaned_data["password"]
        )
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The passkey was removed."))
    return redirect("accounts:security:page")


@never_cache
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), then type a code; or a
    passkey instead."""
    user = _user(request)
    if _half_signed_in(request, user):
        return redirect(_with_next(reverse("accounts:security:verify"), _next(request)))
    here = _with_next(reverse("accounts:security:setup"), _next(request))
    if (needed := _password_needed(request, here)) is not None:
        return needed
    try:
        device = services.start_totp_enrolment(actor=user)
    except DomainError as err:
        messages.info(request, err.message)
        return redirect("accounts:security:page")
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.confirm_totp(actor=user, code=form.cleaned_data["code"])
        except DomainError as err:
            form.add_error("code", err.message)
        else:
            _record(request, user, SignInOutcome.SECOND_FACTOR_OK)
            middleware.mark_verified(request)
            return render(
                request,
                "security/recovery_codes.html",
                {"codes": codes, "next": _next(request), "first_time": True},
            )
    return render(
        request,
        "security/setup.html",
        {
            "form": form,
            "secret": " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4)),
            "next": _next(request),
            "passkey_form": PasskeyAddForm(),
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def setup_qr(request: HttpRequest) -> HttpResponse:
    """The QR code of the authenticator set-up being done, as SVG (never once confirmed)."""
    if not middleware.password_is_recent(request):
        raise Http404
    device = TotpDevice.objects.filter(user=_user(request), confirmed_at__isnull=True).first()
    if device is None:
        raise Http404
    qr = segno.make(services.provisioning_uri(device), error="m")
    svg = io.BytesIO()  # a standalone SVG document (with its namespace), for an <img>
    qr.save(svg, kind="svg", scale=5, dark="#000", light="#fff", xmldecl=False)
    return HttpResponse(svg.getvalue(), content_type="image/svg+xml")


@never_cache
@login_required
def page(request: HttpRequest) -> HttpResponse:
    """A person's security page: their sign-in record, second step and API tokens."""
    user = _user(request)
    device = TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()
    state, privileged = policy.assess(user)
    tokens = [
        (t, services.token_scope(t), services.token_expires_at(t))
        for t in ApiToken.objects.filter(user=user, revoked_at__isnull=True)
        .select_related("grant")
        .order_by("-created_at")
    ]
    return render(
        request,
        "security/page.html",
        {
            "events": SignInEvent.objects.filter(user=user).order_by("-at", "-pk")[:RECORD_LENGTH],
            "device": device,
            "required": privileged,
            "demo": state is policy.SecondFactor.DEMO,
            "codes_left": services.unused_recovery_codes(user),
            "code_form": CodeForm(),
            "passkeys": [
                (key, PasswordConfirmForm(prefix=f"passkey-{key.pk}"))
                for key in WebAuthnCredential.objects.filter(user=user)
            ],
            "passkey_form": PasskeyAddForm(),
            "tokens": tokens,
        },
    )


@never_cache  # the codes are shown once: never kept by a browser or a proxy
@require_POST
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working), shown once."""
    if (needed := _password_needed(request, reverse("accounts:security:page"))) is not None:
        messages.info(request, _("Type your password, then make the new codes again."))
        return needed
    try:
        codes = services.regenerate_recovery_codes(actor=_user(request))
    except DomainError as err:
        messages.error(request, err.message)
        return redirect("accounts:security:page")
    return render(request, "security/recovery_codes.html", {"codes": codes, "first_time": False})


@require_POST
@login_required
def disable(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type a code from your app to turn the second step off."))
        return redirect("accounts:security:page")
    try:
        services.disable_totp(actor=_user(request), code=form.cleaned_data["code"])
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The authenticator app was removed."))
    return redirect("accounts:security:page")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset confirmation; a new password also revokes the person's API tokens."""

    template_name = "accounts/password_reset_confirm.html"

    def form_valid(self, form: Form) -> HttpResponse:
        response = super().form_valid(form)
        services.after_password_reset(user=self.user)
        return response
