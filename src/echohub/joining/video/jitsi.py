"""Jitsi Meet: an unguessable room per session; a JWT per person when an app secret is set."""

from __future__ import annotations

import datetime as dt
import secrets
from urllib.parse import quote

import jwt
from django.conf import settings

from echohub.joining.video.base import Attendee, ensure_room
from echohub.scheduling.models import Session


class Jitsi:
    name = "jitsi"

    @staticmethod
    def room_name(session: Session) -> str:
        """Unguessable: 128 random bits after a readable prefix."""
        prefix = "".join(ch for ch in session.program.slug.title() if ch.isalnum())[:24]
        return f"Echo{prefix}{secrets.token_hex(16)}"

    def prepare(self, session: Session) -> None:
        if not session.video_room:
            session.video_room = self.room_name(session)

    def join_url(self, session: Session, attendee: Attendee) -> str:
        if not session.video_room:  # name a room only the first time (it reads the program)
            ensure_room(session, self.room_name(session))
        url = f"{settings.JITSI_BASE_URL.rstrip('/')}/{quote(session.video_room)}"
        if settings.JITSI_APP_SECRET:
            return f"{url}?jwt={self.token(session, attendee)}"
        return url

    def token(self, session: Session, attendee: Attendee) -> str:
        """The claims of lib-jitsi-meet's token auth (iss, aud, sub, room, exp, context.user)."""
        now = dt.datetime.now(dt.UTC)
        claims = {
            "iss": settings.JITSI_APP_ID,
            "aud": settings.JITSI_AUDIENCE,
            "sub": settings.JITSI_SUBJECT,
            "room": session.video_room,
            "nbf": int((now - dt.timedelta(minutes=5)).timestamp()),
            "exp": int(max(session.ends_at, now).timestamp()) + 3600,
            "context": {
                "user": {
                    "id": str(attendee.user_id),
                    "name": attendee.name,
                    "email": attendee.email,
                    "moderator": "true" if attendee.moderator else "false",
                }
            },
        }
        return jwt.encode(claims, settings.JITSI_APP_SECRET, algorithm="HS256")
