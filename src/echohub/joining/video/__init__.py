"""Video providers behind one small interface.

`provider_for(session)` returns the provider configured for a session; `join_url(...)` gives the
URL to send one person to. Providers that call an HTTP API (BigBlueButton's create, Zoom's
registrants) do it through `video.http.client()`, which tests replace with recorded responses.
"""

from __future__ import annotations

from echohub.joining.video.base import (
    Attendee,
    Provider,
    ProviderError,
    ProviderNotConfigured,
)
from echohub.joining.video.registry import provider_for, provider_named

__all__ = [
    "Attendee",
    "Provider",
    "ProviderError",
    "ProviderNotConfigured",
    "provider_for",
    "provider_named",
]
