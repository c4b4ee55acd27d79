"""Who is calling: a bearer token (scripts, integrations) or the browser session (htmx).

Both return the `User`; endpoints read it as `request.auth`. Invalid bearer tokens are refused
outright (401) rather than falling back to the session, so a script never acts as whoever
happens to be signed in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from echohub.accounts.language import preferred_language
from echohub.accounts.models import ApiToken, User
from echohub.api.errors import ApiError
from echohub.security import services as security
from echohub.security.models import TokenScope

TOUCH_EVERY = dt.timedelta(minutes=1)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class BearerToken(HttpBearer):
    """`Authorization: Bearer eh_...`, checked against the hashed `ApiToken`s, their expiry and
    their scope (a read-only token may not change anything)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        raw = token.strip()
        found = security.find_api_token(raw) if raw else None
        if found is None:
            raise AuthenticationError()
        _use_own_language(request, found.user)
        now = timezone.now()
        expires_at = security.token_expires_at(found)
        if expires_at is not None and expires_at <= now:
            raise ApiError(
                "token_expired",
                _("This API token has expired. Create a new one on your profile page."),
                status=401,
            )
        if request.method not in SAFE_METHODS and security.token_scope(found) != TokenScope.WRITE:
            raise ApiError(
                "token_read_only",
                _("This API token may only read. Use a read-and-write token to make changes."),
                status=403,
            )
        if found.last_used_at is None or now - found.last_used_at >= TOUCH_EVERY:
            # One cheap UPDATE at most once a minute per token, never a full save().
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
            found.last_used_at = now
        return found.user


def _use_own_language(request: HttpRequest, user: User) -> None:
    """The token's person reads every answer (messages, errors, labels) in their own language
    when they chose one, before Accept-Language: what UserLanguageMiddleware does for a
    signed-in browser, which cannot know a token's person (it runs before the API's auth)."""
    language = preferred_language(user)
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language
        request.language_chosen = True  # type: ignore[attr-defined]


class SessionCookie(APIKeyCookie):
    """The signed-in browser user, with Django's CSRF check on unsafe methods.

    Unlike ninja's `SessionAuth`, a request with no signed-in user passes through untouched (so
    it gets our 401, not a CSRF 403), and safe methods skip the CSRF check.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise ApiError(
                "csrf_failed",
                _("CSRF check failed: send the X-CSRFToken header with the csrftoken cookie."),
                status=403,
            )
        return user


bearer = BearerToken()
session = SessionCookie()
