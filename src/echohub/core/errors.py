"""Domain errors: raised by services, turned into form errors or 4xx JSON by views and the API."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_NOT_FOUND = _("Not found.")
_NOT_ALLOWED = _("You do not have permission to do this.")


class DomainError(Exception):
    """A refused state change. `code` is stable (clients match on it); `message` is for people."""

    status = 400

    def __init__(self, code: str, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = str(message)
        self.field = field


class NotFound(DomainError):
    status = 404

    def __init__(self, message: str | Promise = _NOT_FOUND) -> None:
        super().__init__("not_found", message)


class PermissionDenied(DomainError):
    status = 403

    def __init__(self, message: str | Promise = _NOT_ALLOWED) -> None:
        super().__init__("permission_denied", message)


class Conflict(DomainError):
    status = 409
