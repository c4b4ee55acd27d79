"""One JSON shape for every error the API returns: {"code", "message", "field"} (+ "errors").

Clients match on `code` (stable); `message` is for people. Services raise
`echohub.core.errors.DomainError`; the rules raise `Forbidden` or `Http404`; ninja raises its own
validation and authentication errors; a unique constraint lost in a race is 409 `conflict`. All
of them end here. Anything else (a bug) is turned into a JSON 500 by
`echohub.core.middleware.ApiErrorsMiddleware`, which also answers Django's own 404/405 under
/api/ in this shape.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

from echohub.core.errors import DomainError
from echohub.programs.rules import Forbidden

if TYPE_CHECKING:
    from ninja import NinjaAPI


class ApiError(DomainError):
    """A refusal decided in the API layer itself, with its own HTTP status."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        status: int = 400,
        field: str | None = None,
        errors: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(code, message, field=field)
        self.status = status
        #: Details for a 422 (the shape's "errors"), e.g. each row not counted and why; a
        #: subclass may keep its own shape (insights' messages by query parameter).
        self.errors: Any = errors


def reject_nulls(fields: dict[str, Any], nullable: frozenset[str] = frozenset()) -> None:
    """For PATCH bodies: a field sent as null that cannot be empty is a 422, not a crash."""
    for key, value in fields.items():
        if value is None and key not in nullable:
            raise ApiError(
                "invalid",
                _("%(field)s cannot be null.") % {"field": key},
                status=422,
                field=key,
            )


# Codes some services raise on the DomainError base class (status 400) that mean 403.
_FORBIDDEN_CODES = frozenset({"permission_denied"})

_HTTP_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    409: "conflict",
    429: "throttled",
}


def body(code: str, message: str, field: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"code": code, "message": message, "field": field, **extra}


def install(api: NinjaAPI) -> None:
    """Register the handlers on `api` (they replace ninja's defaults for these classes)."""

    def respond(request: HttpRequest, status: int, payload: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, payload, status=status)

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        status = 403 if exc.code in _FORBIDDEN_CODES else exc.status
        errors = getattr(exc, "errors", None)
        extra = {"errors": errors} if errors else {}
        return respond(request, status, body(exc.code, exc.message, exc.field, **extra))

    @api.exception_handler(Forbidden)
    def forbidden(request: HttpRequest, exc: Forbidden) -> HttpResponse:
        return respond(
            request, 403, body("permission_denied", _("You do not have permission to do this."))
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, body("not_found", _("Not found.")))

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {
                "loc": [str(part) for part in err.get("loc", ())],
                "msg": str(err.get("msg", "")),
                "type": str(err.get("type", "")),
            }
            for err in exc.errors
        ]
        first = errors[0] if errors else None
        field = first["loc"][-1] if first and first["loc"] else None
        return respond(
            request,
            422,
            body("invalid", _("The request is not valid."), field, errors=errors),
        )

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = respond(
            request,
            401,
            body(
                "not_authenticated",
                _("Authentication required: send 'Authorization: Bearer <token>'."),
            ),
        )
        response["WWW-Authenticate"] = 'Bearer realm="echohub"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = _HTTP_CODES.get(exc.status_code, "error")
        return respond(request, exc.status_code, body(code, str(exc)))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return respond(request, 413, body("payload_too_large", _("The request body is too large.")))

    @api.exception_handler(IntegrityError)
    def conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        """Two requests raced to create the same thing (a unique constraint held): the loser
        gets 409, and the services that know the field say which one."""
        return respond(
            request,
            409,
            body(
                "conflict",
                _(
                    "This already exists: someone (maybe you, in another tab) has just saved "
                    "the same thing. Reload to see it."
                ),
            ),
        )
