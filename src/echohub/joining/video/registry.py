from __future__ import annotations

from echohub.joining.video.base import Provider
from echohub.joining.video.bbb import BigBlueButton
from echohub.joining.video.external import External
from echohub.joining.video.jitsi import Jitsi
from echohub.joining.video.zoom import Zoom
from echohub.scheduling.models import Session

PROVIDERS: dict[str, Provider] = {p.name: p for p in (Jitsi(), BigBlueButton(), Zoom(), External())}


def provider_named(name: str) -> Provider:
    return PROVIDERS[name]


def provider_for(session: Session) -> Provider:
    return PROVIDERS[session.provider]
