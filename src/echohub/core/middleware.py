from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import InterfaceError, OperationalError, connections
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from echohub.core import limits

logger = logging.getLogger("django.request")
API_PREFIX = "/api/"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)


class TimezoneMiddleware:
    """Show times in the viewer's time zone (their profile's, else the deployment default)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tzname = getattr(request.user, "time_zone", "") if hasattr(request, "user") else ""
        if tzname:
            try:
                timezone.activate(zoneinfo.ZoneInfo(tzname))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy: no inline scripts or styles anywhere in our pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(("/admin/", "/api/v1/docs")):
            response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _refuse(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    """A refusal in people's words: JSON for the API, a page for people."""
    if _is_api(request):
        return JsonResponse({"code": code, "message": message, "field": None}, status=status)
    return render(request, "core/bad_input.html", {"message": message}, status=status)


class InputSafetyMiddleware:
    """Refuses, before any view runs, what no view can store: a query string longer than
    QUERY_STRING_MAX (414), a body larger than REQUEST_MAX_BYTES (413), a non-file body larger
    than DATA_UPLOAD_MAX_MEMORY_SIZE (413), and a NUL character in the query string, a form field
    or a JSON body, or a JSON body nested past JSON_MAX_DEPTH (400). Web forms get a page saying
    what to fix, the API its JSON error (`code` "uri_too_long", "payload_too_large" or
    "nul_character")."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self.check(request)
        return refusal if refusal is not None else self.get_response(request)

    def check(self, request: HttpRequest) -> HttpResponse | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = getattr(settings, "REQUEST_MAX_BYTES", limits.REQUEST_MAX_BYTES)
        if length > limit:
            return _refuse(request, 413, "payload_too_large", self.too_large(limit))
        if len(request.META.get("QUERY_STRING", "")) > limits.QUERY_STRING_MAX:
            return _refuse(request, 414, "uri_too_long", self.too_long_address())
        nul = str(limits.NUL_MESSAGE)
        try:
            if limits.params_hold_nul(request.GET):
                return _refuse(request, 400, "nul_character", nul)
            if request.method in ("GET", "HEAD", "OPTIONS"):
                return None
            if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
                if _is_api(request):
                    # The API reads JSON bodies only (no uploads): keep the body readable after
                    # the form is parsed, so a form sent to it is a 400, not a crash.
                    request.body  # noqa: B018
                if limits.params_hold_nul(request.POST):
                    return _refuse(request, 400, "nul_character", nul)
            if (request.content_type or "").endswith("json") or (
                # The API's parser reads any body but a multipart form as JSON, whatever its
                # type (text/plain, curl -d's urlencoded, none): a NUL sent so passed this
                # check into the database (probe 1221).
                _is_api(request) and request.content_type != "multipart/form-data"
            ):
                if limits.json_too_deep(request.body):
                    return _refuse(request, 400, "bad_request", self.too_deep())
                if limits.json_holds_nul(request.body):
                    return _refuse(request, 400, "nul_character", nul)
        except RequestDataTooBig:
            return _refuse(
                request,
                413,
                "payload_too_large",
                self.too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
            )
        except (TooManyFieldsSent, TooManyFilesSent, MultiPartParserError, UnicodeDecodeError):
            return _refuse(
                request, 400, "bad_request", _("The form could not be read: send it again.")
            )
        return None

    @staticmethod
    def too_deep() -> str:
        return _(
            "What you sent could not be read: its lists and objects are nested more than "
            "%(n)d deep."
        ) % {"n": limits.JSON_MAX_DEPTH}

    @staticmethod
    def too_long_address() -> str:
        return _(
            "This address is too long (more than %(n)d characters after the question mark). "
            "Go back and search or filter with fewer words."
        ) % {"n": limits.QUERY_STRING_MAX}

    @staticmethod
    def too_large(limit: int) -> str:
        return _("What you sent is too large (at most %(mb)s MB).") % {
            "mb": f"{limit / (1024 * 1024):.1f}".removesuffix(".0")
        }


_DB_CONNECTION_ERRORS = (InterfaceError, OperationalError)


class ApiErrorsMiddleware:
    """Under /api/: every error is the API's JSON (`{"code", "message", "field"}`), never an HTML
    page: Django's own 404/405/403 pages are replaced, and an unexpected exception becomes a JSON
    500 (logged with its traceback, as Django would). Everywhere: a read-only request (GET, HEAD)
    that failed because the database connection was lost is retried once on a new connection."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "_echohub_db_lost", False):
            # The connection died under a read-only request: drop it and run the request again
            # once on a new one (CONN_HEALTH_CHECKS catches connections dead before a request).
            request._echohub_db_lost = False  # type: ignore[attr-defined]
            request._echohub_db_retried = True  # type: ignore[attr-defined]
            logger.warning("Database connection lost during %s; retrying once", request.path)
            for conn in connections.all(initialized_only=True):
                conn.close_if_unusable_or_obsolete()
            response = self.get_response(request)
        if _is_api(request) and response.status_code >= 400 and not _is_json(response):
            return _json_error(response.status_code)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if (
            isinstance(exception, _DB_CONNECTION_ERRORS)
            and request.method in ("GET", "HEAD")
            and not getattr(request, "_echohub_db_retried", False)
            and not any(conn.in_atomic_block for conn in connections.all(initialized_only=True))
        ):
            request._echohub_db_lost = True  # type: ignore[attr-defined]
        if not _is_api(request) or isinstance(exception, Http404 | PermissionDenied):
            return None
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"status_code": 500},
        )
        return _json_error(500)


def _is_json(response: HttpResponse) -> bool:
    return "json" in response.get("Content-Type", "")


def _json_error(status: int) -> JsonResponse:
    codes = {
        400: ("bad_request", _("The request is not valid.")),
        403: ("permission_denied", _("You do not have permission to do this.")),
        404: ("not_found", _("Not found.")),
        405: ("method_not_allowed", _("This method is not allowed here.")),
        413: ("payload_too_large", _("The request body is too large.")),
        500: (
            "server_error",
            _("Something went wrong on our side; nothing was changed. Try again in a moment."),
        ),
    }
    code, message = codes.get(status, ("error", _("The request failed.")))
    return JsonResponse({"code": code, "message": str(message), "field": None}, status=status)
