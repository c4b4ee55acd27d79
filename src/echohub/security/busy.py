"""Costly downloads and searches, a few at a time per person.

The insights PDF takes seconds to make; exports, certificates, calendars and file downloads
hold a worker while they are made and sent. The app runs on a few workers, so one person (or
one API token) firing many at once could hold them all and stop the site for everyone. Each
person may have `COSTLY_DOWNLOADS_AT_ONCE` downloads and `COSTLY_SEARCHES_AT_ONCE` searches
being made at once; one more is refused at once (429, Retry-After, a message saying why).

The count lives in Django's cache: Redis when REDIS_URL is set, so every app process sees the
same count; the local-memory default counts per process. A slot is taken before the view runs
and given back when the response ends (a streamed one once it has been sent, through the
response's closers, which every WSGI server calls); a slot lost with its process frees itself
after `SLOT_SECONDS`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from echohub.security import policy

DOWNLOAD = "download"
SEARCH = "search"

# View name -> what it counts as. Dashboards count only when they send a chart's file.
COSTLY: dict[str, str] = {
    "evaluation:report": DOWNLOAD,
    "evaluation:research_download": DOWNLOAD,
    "attendance:program_export": DOWNLOAD,
    "attendance:session_export": DOWNLOAD,
    "credits:certificate_pdf": DOWNLOAD,
    "credits:issue_session_certificate": DOWNLOAD,
    "cases:letter": DOWNLOAD,
    "joining_session:session_ics": DOWNLOAD,
    "joining:feed": DOWNLOAD,
    "my_data": DOWNLOAD,
    "library:talk_file": DOWNLOAD,
    "library:tool_file": DOWNLOAD,
    "community:attachment": DOWNLOAD,
    "api:insights": DOWNLOAD,
    "search:search": SEARCH,
    "search:similar": SEARCH,
    "api:search_all": SEARCH,
    "api:search_program": SEARCH,
}
CHART_FILES = frozenset(
    {
        "evaluation:insights",
        "evaluation:reach",
        "evaluation:sessions_dashboard",
        "evaluation:cases_dashboard",
        "evaluation:surveys_dashboard",
        "evaluation:survey_results",
    }
)
SLOT_SECONDS = 300  # longer than any download; frees a slot whose process died
RETRY_AFTER = 5


def kind_of(request: HttpRequest, view_name: str) -> str | None:
    if view_name in COSTLY:
        return COSTLY[view_name]
    if view_name in CHART_FILES and request.GET.get("format"):
        return DOWNLOAD
    return None


def _at_once(kind: str) -> int:
    if kind == SEARCH:
        return int(settings.COSTLY_SEARCHES_AT_ONCE)
    return int(settings.COSTLY_DOWNLOADS_AT_ONCE)


def _who(request: HttpRequest) -> str:
    """The person (a signed-in session, or an API token's person), else the client address."""
    if request.path.startswith("/api/"):
        scheme, _sep, raw = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and raw.strip():
            from echohub.security.services import find_api_token

            token = find_api_token(raw.strip())
            # An unknown token is refused by the API at once; it is counted as itself.
            return f"person:{token.user_id}" if token else f"token:{raw.strip()}"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"person:{user.pk}"
    return f"address:{policy.counted_address(request)}"


def _key(kind: str, who: str) -> str:
    return "busy:" + kind + ":" + hashlib.sha256(who.encode()).hexdigest()[:40]


def take(kind: str, who: str) -> str | None:
    """Take one of `who`'s slots for `kind`: the key to give back, or None when all are taken."""
    key = _key(kind, who)
    cache.add(key, 0, SLOT_SECONDS)
    try:
        taken = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, SLOT_SECONDS)
        taken = 1
    if taken > _at_once(kind):
        give_back(key)
        return None
    return key


def give_back(key: str) -> None:
    try:
        if cache.decr(key) < 0:
            cache.set(key, 0, SLOT_SECONDS)
    except ValueError:  # expired: nothing to give back
        pass


def refusal(request: HttpRequest, kind: str) -> HttpResponse:
    if kind == SEARCH:
        message = _(
            "Your other searches are still being prepared. Wait a few seconds for them to "
            "finish, then try again."
        )
    else:
        message = _(
            "Your other download is still being prepared. Wait for it to finish (one at a time "
            "keeps the site quick for everyone), then try again."
        )
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": "busy", "message": message, "field": None}, status=429)
    else:
        response = render(request, "security/busy.html", {"message": message}, status=429)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


SLOT_ATTR = "_echohub_costly_slot"


class CostlyRequestLimitMiddleware:
    """Takes a slot in `process_view` (after the sign-in checks), gives it back when the
    response ends."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        key = getattr(request, SLOT_ATTR, None)
        if key is not None:
            setattr(request, SLOT_ATTR, None)
            if response.streaming:
                # Given back once sent (the server calls close()), not when the view returns.
                # Django's own list of what close() runs (not in django-stubs).
                response._resource_closers.append(lambda: give_back(key))  # type: ignore[attr-defined]
            else:
                give_back(key)
        return response

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        kind = kind_of(request, match.view_name if match else "")
        if kind is None:
            return None
        who = _who(request)
        if match and match.view_name == "joining:feed" and who.startswith("address:"):
            # A calendar feed is fetched by calendar services (Google, Outlook) from a few
            # addresses for everyone: counted per feed, not per address.
            who = "feed:" + str(view_kwargs.get("token", ""))
        key = take(kind, who)
        if key is None:
            return refusal(request, kind)
        setattr(request, SLOT_ATTR, key)
        return None
