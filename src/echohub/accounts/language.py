"""Which language a page is in: the person's own (profile), else the one chosen on this
browser with the switch (cookie), else the browser's Accept-Language, else, on a program's pages
(/p/<slug>/...), the program's default language, else the deployment's default (LANGUAGE_CODE).

Django's LocaleMiddleware does cookie, Accept-Language and LANGUAGE_CODE; the middleware here
puts the profile's first, once the person is known (it runs after AuthenticationMiddleware and
reads the user that TimezoneMiddleware loads anyway, so it adds no query), and notes on the
request whether anything chose the language (`request.language_chosen`). The program's default
comes in where the program is resolved (core.views.program_view, library_view):
:func:`use_program_language` activates it when nothing chose a language. The program is loaded
there anyway, so that adds no query either.

The switch in every page's header posts to :func:`set_language`, which is Django's own view
(it sets the language cookie and goes back to `next`) and, for a signed-in person, also saves
the choice to their profile, so that their emails follow it too.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import get_supported_language_variant

# Django's own parser of Accept-Language (what LocaleMiddleware uses), so that both read a
# header the same way.
from django.utils.translation.trans_real import language_code_re, parse_accept_lang_header
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from echohub.accounts.models import User
from echohub.core import audit

LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)


def preferred_language(user: object) -> str:
    """The person's own language, or "" when they chose none (or are anonymous)."""
    language = getattr(user, "language", "") or ""
    return language if language in LANGUAGES else ""


def _supported(code: str) -> str:
    try:
        return get_supported_language_variant(code)
    except LookupError:
        return ""


def browser_language(request: HttpRequest) -> str:
    """The language this browser asked for: the switch's cookie, else the first supported
    language of Accept-Language; "" when neither names one (no header, only "de", or "*").
    The same reading as Django's ``get_language_from_request``, without its last fallback."""
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie and (language := _supported(cookie)):
        return language
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for accepted, _quality in parse_accept_lang_header(header):
        if accepted == "*":
            break
        if language_code_re.search(accepted) and (language := _supported(accepted)):
            return language
    return ""


def use_program_language(request: HttpRequest, program: object) -> None:
    """On a program's page, a reader whose language nothing chose (no profile language, no
    switch cookie, no supported Accept-Language) reads it in the program's default language."""
    if getattr(request, "language_chosen", True):  # True: not through the middleware
        return
    language = getattr(program, "default_language", "")
    if language in LANGUAGES and language != translation.get_language():
        translation.activate(language)
        request.LANGUAGE_CODE = language


class UserLanguageMiddleware:
    """A signed-in person's profile language wins over the cookie and Accept-Language; notes
    whether anything chose the language (else a program's page may use the program's)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = preferred_language(user) if user is not None and user.is_authenticated else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        request.language_chosen = bool(language or browser_language(request))  # type: ignore[attr-defined]
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
