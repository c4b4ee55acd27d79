"""Which language a page is in: the person's own (profile), else the one chosen on this
browser with the switch, else the browser's Accept-Language, else the deployment's default
(LANGUAGE_CODE). Django's LocaleMiddleware does the last three; the middleware here puts the
profile's first, once the person is known (it runs after AuthenticationMiddleware and reads the
user that TimezoneMiddleware loads anyway, so it adds no query).

The switch in every page's header posts to :func:`set_language`, which is Django's own view
(it sets the language cookie and goes back to `next`) and, for a signed-in person, also saves
the choice to their profile, so that their emails follow it too.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from echohub.accounts.models import User
from echohub.core import audit

LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)


def preferred_language(user: object) -> str:
    """The person's own language, or "" when they chose none (or are anonymous)."""
    language = getattr(user, "language", "") or ""
    return language if language in LANGUAGES else ""


class UserLanguageMiddleware:
    """A signed-in person's profile language wins over the cookie and Accept-Language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = preferred_language(user) if user is not None and user.is_authenticated else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language; a signed-in person's choice is also kept in their profile."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if isinstance(user, User) and language in LANGUAGES and user.language != language:
        before = audit.snapshot(user, ["language"])
        user.language = language
        user.save(update_fields=["language"])
        audit.record(
            actor=user,
            action="profile.updated",
            obj=user,
            changes=audit.diff(user, ["language"], before),
        )
    return response
