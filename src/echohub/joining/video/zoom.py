"""Zoom: the meeting's link, or better a registrant per person so that every join carries
`registrant_id` (Zoom hides external participants' ids in reports since March 2023).

Server-to-Server OAuth: POST {ZOOM_OAUTH_URL}?grant_type=account_credentials&account_id=...
with HTTP basic auth (client id, secret) -> access_token; then
POST {ZOOM_API_URL}/meetings/{meetingId}/registrants {email, first_name, last_name}
-> {registrant_id, join_url}.
"""

from __future__ import annotations

from typing import Any

import httpx
from django.conf import settings
from django.core.cache import cache

from echohub.joining.models import ProviderRegistration
from echohub.joining.video import base as texts
from echohub.joining.video import http
from echohub.joining.video.base import Attendee, ProviderError, ProviderNotConfigured
from echohub.scheduling.models import Session

TOKEN_CACHE_KEY = "zoom-access-token"  # noqa: S105 - a cache key, not a secret


def meeting_number(room: str) -> str:
    """The Zoom meeting id typed as the session's room, as it goes into the API's URL path:
    digits only (spaces removed), else "" (no id: the meeting link is used). Anything else typed
    there ('1/../../users/me', '1?x=') would send the deployment's authenticated call to another
    endpoint of its Zoom account."""
    number = room.replace(" ", "")
    return number if number.isascii() and number.isdigit() else ""


class Zoom:
    name = "zoom"

    def prepare(self, session: Session) -> None:
        """Zoom meetings are made in Zoom; the coordinator pastes the meeting link and id."""

    @staticmethod
    def api_configured() -> bool:
        return bool(
            settings.ZOOM_ACCOUNT_ID and settings.ZOOM_CLIENT_ID and settings.ZOOM_CLIENT_SECRET
        )

    def join_url(self, session: Session, attendee: Attendee) -> str:
        meeting_id = meeting_number(session.video_room)
        if meeting_id and self.api_configured():
            existing = ProviderRegistration.objects.filter(
                provider=self.name, meeting_ref=meeting_id, user_id=attendee.user_id
            ).first()
            if existing is not None:
                return existing.join_url
            return self.register(meeting_id, attendee).join_url
        if session.video_url:
            return session.video_url
        raise ProviderNotConfigured(texts.NO_ZOOM_MEETING)

    def _request(
        self, client: httpx.Client, method: str, url: str, **kwargs: Any
    ) -> httpx.Response:
        try:
            return client.request(method, url, **kwargs)
        except httpx.HTTPError as err:
            raise ProviderError(
                "provider_unreachable",
                texts.NO_ANSWER,
                provider="Zoom",
                error=type(err).__name__,
            ) from None

    def access_token(self, client: httpx.Client) -> str:
        token = cache.get(TOKEN_CACHE_KEY)
        if token:
            return str(token)
        response = self._request(
            client,
            "POST",
            settings.ZOOM_OAUTH_URL,
            params={"grant_type": "account_credentials", "account_id": settings.ZOOM_ACCOUNT_ID},
            auth=(settings.ZOOM_CLIENT_ID, settings.ZOOM_CLIENT_SECRET),
        )
        if response.status_code != 200:
            raise ProviderError(
                "provider_auth_failed", texts.ZOOM_CREDENTIALS, status=response.status_code
            )
        data = response.json()
        cache.set(
            TOKEN_CACHE_KEY, data["access_token"], max(int(data.get("expires_in", 3600)) - 60, 60)
        )
        return str(data["access_token"])

    def register(self, meeting_id: str, attendee: Attendee) -> ProviderRegistration:
        first, _, last = (attendee.name or attendee.email).partition(" ")
        with http.client() as client:
            token = self.access_token(client)
            response = self._request(
                client,
                "POST",
                f"{settings.ZOOM_API_URL.rstrip('/')}/meetings/{meeting_id}/registrants",
                json={"email": attendee.email, "first_name": first, "last_name": last or "-"},
                headers={"Authorization": f"Bearer {token}"},
            )
        if response.status_code == 401:
            cache.delete(TOKEN_CACHE_KEY)
        if response.status_code not in (200, 201):
            try:
                detail = str(response.json().get("message", ""))[:120]
            except ValueError:
                detail = ""
            raise ProviderError(
                "provider_refused",
                texts.ZOOM_REGISTER_DETAIL if detail else texts.ZOOM_REGISTER,
                status=response.status_code,
                detail=detail,
            )
        data = response.json()
        registration, _created = ProviderRegistration.objects.update_or_create(
            provider=self.name,
            meeting_ref=meeting_id,
            user_id=attendee.user_id,
            defaults={"external_id": str(data["registrant_id"]), "join_url": data["join_url"]},
        )
        return registration
