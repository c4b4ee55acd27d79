"""One middleware for the protections every request passes through.

- Forms that email the address typed (password reset, program registration) are rate-limited
  per client address and per email address, in the shared store (`security.limits`).
- /admin/login/ sends people to the one sign-in page (rate limits, lockout, second factor).
- A signed-in session that has been idle too long is ended, with a message saying why.
- A signed-in person who must pass a second factor (or set one up) reaches nothing else first.
- Django's admin and the API docs get the strict Content-Security-Policy too.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import rotate_token
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from echohub.accounts.models import User
from echohub.core.middleware import CSP
from echohub.security import limits, policy

# Session keys.
VERIFIED = "security.verified"  # the second factor was passed in this session
STATE = "security.state"  # policy.SecondFactor value found at the last check
PRIVILEGED = "security.privileged"
CHECKED_AT = "security.checked_at"
SEEN_AT = "security.seen_at"
AUTHENTICATED_AT = "security.authenticated_at"  # the password was last typed in this session

RECHECK_SECONDS = 300  # roles can change while a person is signed in
#: How long after typing the password a session may change how its owner signs in (new
#: recovery codes, an authenticator app, a passkey) without typing it again (probe 1223).
RECENT_PASSWORD_SECONDS = 15 * 60
SEEN_PRECISION = 60  # write the last-activity time at most once a minute

# POST views that email the address typed: view name -> (scope, field holding the email).
EMAIL_FORMS = {
    "accounts:password_reset": ("reset", "email"),
    "programs:register": ("registration", "email"),
    # POST /api/v1/programs/<slug>/registrations (its GET, the list, shares the view name).
    "api:list_registrations": ("registration", "email"),
}
# Pages outside our templates that get the strict Content-Security-Policy here: Django's admin
# and the API's interactive docs (ninja's own static Swagger UI, no CDN) work under it.
CSP_ALSO_ON = ("/admin/", "/api/v1/docs")

# Views a person may use before passing the second factor.
BEFORE_SECOND_FACTOR = frozenset(
    {
        "accounts:logout",
        "accounts:security:verify",
        "accounts:security:setup",
        "accounts:security:setup_qr",
        "accounts:security:confirm",
        "accounts:security:verify_passkey_options",
        "accounts:security:verify_passkey",
        # Refused by the views to a half-signed-in session on an account that has a second step.
        "accounts:security:passkey_options",
        "accounts:security:passkey_add",
        "set_language",
        "accounts:set_language",
    }
)


def mark_verified(request: HttpRequest) -> None:
    """The second step passed: a new session key (and CSRF token), as at the password step, so a
    copy of the half-signed-in cookie never becomes a whole session (probe 1221)."""
    if not request.session.get(VERIFIED):  # a passkey added later changes no privilege
        request.session.cycle_key()
        rotate_token(request)
    request.session[VERIFIED] = True
    mark_seen(request)


def mark_authenticated(request: HttpRequest) -> None:
    """The password was typed in this session just now (signing in, or confirming it)."""
    request.session[AUTHENTICATED_AT] = int(time.time())


def password_is_recent(request: HttpRequest) -> bool:
    """Whether the password was typed in this session within `RECENT_PASSWORD_SECONDS`: a
    session cookie alone (a computer left signed in, a stolen cookie) is not enough to change
    how its owner signs in."""
    at = request.session.get(AUTHENTICATED_AT)
    if not isinstance(at, int) or isinstance(at, bool):
        return False
    elapsed = int(time.time()) - at
    return 0 <= elapsed <= RECENT_PASSWORD_SECONDS


def mark_seen(request: HttpRequest) -> None:
    request.session[SEEN_AT] = int(time.time())


def remember_assessment(request: HttpRequest, state: policy.SecondFactor, privileged: bool) -> None:
    request.session[STATE] = state.value
    request.session[PRIVILEGED] = privileged
    request.session[CHECKED_AT] = int(time.time())


def _json_field(request: HttpRequest, field: str) -> str:
    """A string field of a JSON body ("" when the body is not a JSON object or lacks it)."""
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return ""
    value = data.get(field) if isinstance(data, dict) else None
    return value if isinstance(value, str) else ""


def _api_bearer_call(request: HttpRequest) -> bool:
    """An API call carrying a bearer token: the API checks the token and never falls back to
    the session (api/auth.py), so the session's checks do not apply. Any other Authorization
    header, or one sent to a page, leaves the session's checks in force (a made-up header must
    not skip the second step or the idle timeout)."""
    if not request.path.startswith("/api/"):
        return False
    scheme = request.headers.get("Authorization", "").split(" ", 1)[0]
    return scheme.lower() == "bearer"


def _minutes_text(minutes: int) -> str:
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


class SignInProtectionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(CSP_ALSO_ON):
            # core's SecurityHeadersMiddleware leaves these out; they get the same strict policy.
            response.headers.setdefault("Content-Security-Policy", CSP)
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        match = request.resolver_match
        view_name = match.view_name if match else ""
        if view_name == "admin:login":
            query = urlencode({"next": request.GET.get("next") or reverse("admin:index")})
            return HttpResponseRedirect(f"{reverse('accounts:login')}?{query}")
        if request.method == "POST" and view_name in EMAIL_FORMS:
            refused = self._throttle_email_form(request, *EMAIL_FORMS[view_name])
            if refused is not None:
                return refused
        user = getattr(request, "user", None)
        if not isinstance(user, User) or not user.is_authenticated:
            return None
        if _api_bearer_call(request):
            return None  # the API authenticates the token itself; the session is not used
        return self._check_session(request, user, view_name)

    # --- public forms ---------------------------------------------------------------------

    def _throttle_email_form(
        self, request: HttpRequest, scope: str, field: str
    ) -> HttpResponse | None:
        by_address = policy.email_form_address(scope)
        by_email = policy.email_form_recipient(scope)
        address = policy.counted_address(request)
        is_api = request.path.startswith("/api/")
        email = _json_field(request, field) if is_api else str(request.POST.get(field, ""))
        email = email.strip().lower()
        wait = limits.locked_for(by_address, address)
        if not wait and email:
            wait = limits.locked_for(by_email, email)
        if not wait:
            limits.record(by_address, address)
            if email:
                limits.record(by_email, email)
            return None
        minutes = max(1, -(-wait // 60))
        response: HttpResponse
        if is_api:
            response = JsonResponse(
                {
                    "code": "throttled",
                    "message": _("Too many requests. Wait %(minutes)s and try again.")
                    % {"minutes": _minutes_text(minutes)},
                    "field": None,
                },
                status=429,
            )
        else:
            response = render(
                request, "security/too_many.html", {"minutes": _minutes_text(minutes)}, status=429
            )
        response["Retry-After"] = str(wait)
        return response

    # --- signed-in sessions ---------------------------------------------------------------

    def _check_session(
        self, request: HttpRequest, user: User, view_name: str
    ) -> HttpResponse | None:
        session = request.session
        now = int(time.time())
        if not settings.TWO_FACTOR_ENFORCED and not (
            settings.IDLE_TIMEOUT_MINUTES or settings.IDLE_TIMEOUT_MINUTES_PRIVILEGED
        ):
            return None
        if CHECKED_AT not in session or now - int(session[CHECKED_AT]) > RECHECK_SECONDS:
            state, privileged = policy.assess(user)
            remember_assessment(request, state, privileged)
        timeout = policy.idle_timeout_minutes(privileged=bool(session.get(PRIVILEGED)))
        seen = session.get(SEEN_AT)
        if timeout and seen is not None and now - int(seen) > timeout * 60:
            return self._idle_sign_out(request, timeout)
        if seen is None or now - int(seen) >= SEEN_PRECISION:
            session[SEEN_AT] = now
        state = policy.SecondFactor(session[STATE])
        if state in (policy.SecondFactor.NONE, policy.SecondFactor.DEMO):
            return None
        if session.get(VERIFIED) or view_name in BEFORE_SECOND_FACTOR:
            return None
        return self._second_factor_first(request, state)

    def _idle_sign_out(self, request: HttpRequest, minutes: int) -> HttpResponse:
        logout(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "code": "session_expired",
                    "message": _("You were signed out after %(minutes)s of inactivity.")
                    % {"minutes": _minutes_text(minutes)},
                    "field": None,
                },
                status=401,
            )
        messages.info(
            request,
            _("You were signed out after %(minutes)s of inactivity. Sign in again to continue.")
            % {"minutes": _minutes_text(minutes)},
        )
        return self._redirect(request, reverse("accounts:login"))

    def _second_factor_first(
        self, request: HttpRequest, state: policy.SecondFactor
    ) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "code": "second_factor_required",
                    "message": _("Finish signing in with your second step first."),
                    "field": None,
                },
                status=403,
            )
        target = (
            "accounts:security:setup"
            if state is policy.SecondFactor.ENROL
            else ("accounts:security:verify")
        )
        return self._redirect(request, reverse(target))

    def _redirect(self, request: HttpRequest, url: str) -> HttpResponse:
        next_url = request.get_full_path() if request.method == "GET" else ""
        if next_url and not getattr(request, "htmx", False):
            url = f"{url}?{urlencode({'next': next_url})}"
        if getattr(request, "htmx", False):
            return HttpResponse(status=204, headers={"HX-Redirect": url})
        return HttpResponseRedirect(url)
