"""BigBlueButton: `create` (idempotent) then a `join` URL signed with the checksum scheme.

checksum = sha1(callName + queryString + sharedSecret), the query string without `checksum`
(BigBlueButton API docs). Our person id is passed as `userID` so the meeting's analytics and
events name people by our ids.
"""

from __future__ import annotations

import hashlib
import secrets
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import httpx
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from echohub.joining.video import base as texts
from echohub.joining.video import http
from echohub.joining.video.base import (
    Attendee,
    ProviderError,
    ProviderNotConfigured,
    ensure_room,
)
from echohub.scheduling.models import Session

CREATED_TTL = 600  # seconds a successful create is trusted before calling it again


def checksum(call: str, query: str, secret: str) -> str:
    return hashlib.sha1((call + query + secret).encode(), usedforsecurity=False).hexdigest()


def signed_url(base: str, call: str, params: dict[str, str], secret: str) -> str:
    query = urlencode(params)
    return f"{base.rstrip('/')}/api/{call}?{query}&checksum={checksum(call, query, secret)}"


class BigBlueButton:
    name = "bbb"

    def _config(self) -> tuple[str, str]:
        if not settings.BBB_URL or not settings.BBB_SECRET:
            raise ProviderNotConfigured(texts.NOT_CONFIGURED_BBB)
        return settings.BBB_URL, settings.BBB_SECRET

    @staticmethod
    def room_name(session: Session) -> str:
        return f"echohub-{session.pk}-{secrets.token_hex(12)}"

    def prepare(self, session: Session) -> None:
        if not session.video_room:
            session.video_room = self.room_name(session)

    def create(self, session: Session) -> None:
        base, secret = self._config()
        key = f"bbb-created:{session.pk}:{session.video_room}"
        if cache.get(key):
            return
        params = {
            "name": (session.title or session.title_fr)[:200],  # a French-only program's too
            "meetingID": session.video_room,
            "record": "false",
            "meetingKeepEvents": "true",
            "duration": str(int(session.duration.total_seconds() // 60) + 60),
            # After the meeting BBB posts who was there, with our ids, to this address.
            "meta_analytics-callback-url": settings.SITE_URL
            + reverse("attendance_webhooks:bbb", kwargs={"session_id": session.pk}),
        }
        url = signed_url(base, "create", params, secret)
        try:
            with http.client() as client:
                response = client.get(url)
        except httpx.HTTPError as err:
            raise ProviderError(
                "provider_unreachable",
                texts.NO_ANSWER,
                provider="BigBlueButton",
                error=type(err).__name__,
            ) from None
        if response.status_code != 200:
            raise ProviderError("provider_http_error", texts.BBB_HTTP, status=response.status_code)
        try:
            root = ET.fromstring(response.text)  # noqa: S314 - the configured BBB server, not user input
        except ET.ParseError:
            raise ProviderError("provider_bad_response", texts.BBB_UNREADABLE) from None
        if root.findtext("returncode") != "SUCCESS":
            key_text = root.findtext("messageKey") or "unknown"
            raise ProviderError("provider_refused", texts.BBB_REFUSED, key=key_text)
        cache.set(key, True, CREATED_TTL)

    def join_url(self, session: Session, attendee: Attendee) -> str:
        base, secret = self._config()
        ensure_room(session, self.room_name(session))
        self.create(session)
        params = {
            "fullName": attendee.name or attendee.email,
            "meetingID": session.video_room,
            "role": "MODERATOR" if attendee.moderator else "VIEWER",
            "userID": str(attendee.user_id),
        }
        return signed_url(base, "join", params, secret)
