from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext, gettext_noop

from echohub.scheduling.models import Session

#: What a provider failure says, in English with ``%(name)s`` values: an incident stores the
#: filled English (it is read later, by coordinators in their own language), and
#: :func:`said` re-says a stored message in the active language from these same templates.
NOT_CONFIGURED_BBB = gettext_noop("BigBlueButton is not configured (BBB_URL, BBB_SECRET).")
NO_ZOOM_MEETING = gettext_noop("This Zoom session has no meeting link or meeting id.")
NO_VIDEO_LINK = gettext_noop("No video link has been set for this session yet.")
NO_ANSWER = gettext_noop("%(provider)s did not answer (%(error)s).")
BBB_HTTP = gettext_noop("BigBlueButton answered HTTP %(status)s.")
BBB_UNREADABLE = gettext_noop("BigBlueButton sent an unreadable answer.")
BBB_REFUSED = gettext_noop("BigBlueButton refused to create the meeting (%(key)s).")
ZOOM_CREDENTIALS = gettext_noop("Zoom refused our credentials (HTTP %(status)s).")
ZOOM_REGISTER = gettext_noop("Zoom refused to register the participant (HTTP %(status)s).")
ZOOM_REGISTER_DETAIL = gettext_noop(
    "Zoom refused to register the participant (HTTP %(status)s): %(detail)s"
)
MESSAGES = (
    NOT_CONFIGURED_BBB,
    NO_ZOOM_MEETING,
    NO_VIDEO_LINK,
    NO_ANSWER,
    BBB_HTTP,
    BBB_UNREADABLE,
    BBB_REFUSED,
    ZOOM_CREDENTIALS,
    ZOOM_REGISTER,
    ZOOM_REGISTER_DETAIL,
)


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"%\((\w+)\)s", template)
    return re.compile(
        "".join(
            re.escape(part) if index % 2 == 0 else f"(?P<{part}>.*?)"
            for index, part in enumerate(parts)
        ),
        re.DOTALL,
    )


_PATTERNS = tuple((template, _pattern(template)) for template in MESSAGES)


def said(english: str) -> str:
    """A stored provider message (an incident's) in the active language; as stored when it is
    not one of :data:`MESSAGES`."""
    for template, pattern in _PATTERNS:
        found = pattern.fullmatch(english)
        if found:
            return gettext(template) % found.groupdict() if found.groupdict() else gettext(template)
    return english


class ProviderError(Exception):
    """The provider refused or could not be reached. `code` is stable; `message` is the English
    of one of :data:`MESSAGES` (stored on the incident), filled with ``params``; pages say it
    with :func:`said`."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        text = message % params if params else message
        super().__init__(text)
        self.code = code
        self.message = text


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
