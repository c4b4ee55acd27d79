from __future__ import annotations

from echohub.joining.video import base as texts
from echohub.joining.video.base import Attendee, ProviderNotConfigured
from echohub.scheduling.models import Session


class External:
    """A plain link the coordinator set (any platform). Joins are recorded; identity is not
    passed on."""

    name = "external"

    def prepare(self, session: Session) -> None:
        pass

    def join_url(self, session: Session, attendee: Attendee) -> str:
        if not session.video_url:
            raise ProviderNotConfigured(texts.NO_VIDEO_LINK)
        return session.video_url
