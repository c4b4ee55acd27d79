"""Fetch a meeting's participants report from Zoom's REST API.

``GET {ZOOM_API_URL}/report/meetings/{meeting}/participants?page_size=300&include_fields=
registrant_id`` followed page by page through ``next_page_token``. ``meeting`` is the numeric
meeting id (its latest instance) or an instance UUID; a UUID that begins with ``/`` or contains
``//`` must be URL-encoded twice (Zoom decodes the path once before routing). The access token
comes from :class:`echohub.joining.video.zoom.Zoom` (Server-to-Server OAuth, cached).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from echohub.joining.video import http
from echohub.joining.video.base import ProviderError
from echohub.joining.video.zoom import TOKEN_CACHE_KEY, Zoom

__all__ = ["MAX_PAGES", "PAGE_SIZE", "fetch_participant_pages", "meeting_path"]

PAGE_SIZE = 300
MAX_PAGES = 100  # 30,000 rows: far beyond any ECHO session; stops a looping token


def meeting_path(meeting: str) -> str:
    """The meeting id or UUID as it goes in the URL path: numeric ids as they are (spaces
    removed), UUIDs encoded once, or twice when they begin with ``/`` or contain ``//``."""
    value = meeting.strip()
    if value.replace(" ", "").isdigit():
        return value.replace(" ", "")
    once = quote(value, safe="")
    if value.startswith("/") or "//" in value:
        return quote(once, safe="")
    return once


def _detail(response: Any) -> str:
    try:
        return str(response.json().get("message", ""))[:160]
    except (ValueError, AttributeError):
        return ""


def fetch_participant_pages(meeting: str) -> list[dict[str, Any]]:
    """Every page of the participants report, in order. Raises :class:`ProviderError` with a
    readable message when Zoom is not configured, unreachable or refuses."""
    zoom = Zoom()
    if not zoom.api_configured():
        raise ProviderError(
            "provider_not_configured",
            _(
                "The Zoom API is not configured (ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, "
                "ZOOM_CLIENT_SECRET)."
            ),
        )
    url = (
        f"{settings.ZOOM_API_URL.rstrip('/')}/report/meetings/{meeting_path(meeting)}/participants"
    )
    pages: list[dict[str, Any]] = []
    token = ""
    with http.client() as client:
        access = zoom.access_token(client)
        for _page in range(MAX_PAGES):
            params = {"page_size": str(PAGE_SIZE), "include_fields": "registrant_id"}
            if token:
                params["next_page_token"] = token
            response = zoom._request(
                client, "GET", url, params=params, headers={"Authorization": f"Bearer {access}"}
            )
            if response.status_code == 401:
                cache.delete(TOKEN_CACHE_KEY)
            if response.status_code != 200:
                detail = _detail(response)
                raise ProviderError(
                    "provider_refused",
                    (
                        _("Zoom refused the participants report (HTTP %(status)s): %(detail)s")
                        if detail
                        else _("Zoom refused the participants report (HTTP %(status)s).")
                    )
                    % {"status": response.status_code, "detail": detail},
                )
            try:
                data = response.json()
            except ValueError:
                raise ProviderError(
                    "provider_bad_answer", _("Zoom's answer is not JSON.")
                ) from None
            if not isinstance(data, dict):
                raise ProviderError("provider_bad_answer", _("Zoom's answer is not a JSON object."))
            pages.append(data)
            token = str(data.get("next_page_token") or "")
            if not token:
                return pages
    raise ProviderError(
        "provider_bad_answer",
        _("Zoom's report did not end after %(count)s pages.") % {"count": MAX_PAGES},
    )
