from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from echohub.scheduling.models import Session


class ProviderError(Exception):
    """The provider refused or could not be reached. `code` is stable, message is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class ProviderNotConfigured(ProviderError):
    def __init__(self, message: str) -> None:
        super().__init__("provider_not_configured", message)


@dataclass(frozen=True)
class Attendee:
    """Who is joining, as the provider should see them (never more than this)."""

    user_id: int
    name: str
    email: str
    moderator: bool = False


class Provider(Protocol):
    name: str

    def prepare(self, session: Session) -> None:
        """Give the session what it needs before anyone joins (e.g. a room name). Idempotent."""

    def join_url(self, session: Session, attendee: Attendee) -> str:
        """Where to send this person. May call the provider's API; raises ProviderError."""
        ...


def ensure_room(session: Session, make_room: str) -> str:
    """Give the session a room name once, even when two people join at the same moment."""
    if not session.video_room:
        Session.objects.filter(pk=session.pk, video_room="").update(video_room=make_room)
        session.video_room = (
            Session.objects.filter(pk=session.pk).values_list("video_room", flat=True).get()
        )
    return session.video_room
