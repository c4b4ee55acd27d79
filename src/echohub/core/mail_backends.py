"""Email backends for development and the demo that never print what an email says.

Django's console backend prints whole messages: case titles, names, join and password-reset
links would land in the terminal and in whatever collects its output. `MetadataConsoleBackend`
prints one line per message instead: how many recipients, which template made it (the
``X-Echohub-Template`` header that `core.mail` sets), the body's length and the number of
attachments. No address, no subject, no body.

Printing bodies is for local debugging only: ``EMAIL_LOG_BODIES=1`` takes effect with
``DEBUG=1`` (settings refuse it otherwise), and then the message is printed as Django's console
backend prints it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.message import EmailMessage

#: The header `core.mail` puts on templated emails (the template's name, never its text).
TEMPLATE_HEADER = "X-Echohub-Template"


def describe(message: EmailMessage) -> str:
    """One line about `message` that holds nothing from its addresses, subject or body."""
    recipients = len(message.recipients())
    template = (message.extra_headers or {}).get(TEMPLATE_HEADER) or "-"
    attachments = len(message.attachments or [])
    return (
        f"[email] recipients={recipients} template={template} "
        f"body_chars={len(message.body or '')} attachments={attachments}"
    )


class MetadataConsoleBackend(ConsoleBackend):
    """Console backend that prints `describe(message)` unless bodies are asked for in DEBUG."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.log_bodies = bool(settings.DEBUG and getattr(settings, "EMAIL_LOG_BODIES", False))

    def write_message(self, message: EmailMessage) -> None:
        if self.log_bodies:
            super().write_message(message)
            return
        self.stream.write(describe(message) + "\n")
