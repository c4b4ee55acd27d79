"""Webhooks that bring attendance from the video platforms (issue 6).

- ``POST /webhooks/zoom/``: Zoom event subscriptions. Verified with ``x-zm-signature = "v0=" +
  hex(HMAC_SHA256(ZOOM_WEBHOOK_SECRET, "v0:{x-zm-request-timestamp}:{raw body}"))``; a timestamp
  more than five minutes away is refused, and a delivery already seen (same signature) is
  answered without processing it again. ``endpoint.url_validation`` is answered with
  ``{"plainToken", "encryptedToken": hex(HMAC_SHA256(secret, plainToken))}``;
  ``meeting.participant_joined`` / ``meeting.participant_left`` open and close segments.
- ``POST /webhooks/bbb/<session id>/``: BigBlueButton's analytics callback, ``Authorization:
  Bearer <JWT>`` (HS512, BBB_SECRET, ``exp`` required); per-attendee joins and leaves, the
  attendee's ``ext_user_id`` being the ``userID`` our join links send.
- ``POST /webhooks/jitsi/`` (and any path below it): Jitsi ``event_sync`` occupant joined/left,
  authenticated by the shared secret JITSI_EVENTS_SECRET in ``Authorization: Bearer`` or
  ``X-Echohub-Secret``; ``occupant.id`` is the ``context.user.id`` of our JWT (our user id).

Every refusal is a JSON ``{"error": code, "message": sentence}`` with 400 (malformed), 401
(not signed by who it claims) or 503 (not configured), and changes nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import warnings
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from echohub.attendance import services

MAX_AGE_SECONDS = 300
REPLAY_TTL_SECONDS = 2 * MAX_AGE_SECONDS


def _refuse(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": code, "message": message}, status=status)


def _json_object(raw: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _hmac_hex(secret: str, message: str | bytes) -> str:
    data = message.encode("utf-8") if isinstance(message, str) else message
    return hmac.new(secret.encode("utf-8"), data, hashlib.sha256).hexdigest()


def zoom_signature(secret: str, timestamp: str, body: bytes) -> str:
    """The ``x-zm-signature`` Zoom sends for ``body`` at ``timestamp``."""
    return "v0=" + _hmac_hex(secret, b"v0:" + timestamp.encode("ascii") + b":" + body)


def _first_time(key: str) -> bool:
    """True the first time ``key`` is seen within the replay window."""
    return bool(cache.add(f"webhook-seen:{key}", 1, REPLAY_TTL_SECONDS))


def _tell_live(session_id: int | None = None, row_id: int | None = None) -> None:
    """After the commit, the live console's roster (echohub.live) learns of a join or leave.
    Its failure is logged, never the webhook's: the rows are stored either way."""

    def push() -> None:
        try:
            from echohub.attendance.models import AttendanceRow
            from echohub.live.services import roster_changed

            sid = session_id
            if sid is None and row_id is not None:
                row = AttendanceRow.objects.filter(pk=row_id).values("session_id").first()
                sid = row["session_id"] if row else None
            if sid is not None:
                roster_changed(sid)
        except Exception:
            logging.getLogger(__name__).warning("live roster update failed", exc_info=True)

    transaction.on_commit(push)


def _outcome(outcome: services.WebhookOutcome) -> JsonResponse:
    if outcome.status in ("opened", "closed") and outcome.row_id is not None:
        _tell_live(row_id=outcome.row_id)
    return JsonResponse({"status": outcome.status, "message": outcome.detail})


@csrf_exempt
@require_POST
def zoom(request: HttpRequest) -> JsonResponse:
    secret = settings.ZOOM_WEBHOOK_SECRET
    if not secret:
        return _refuse(503, "not_configured", "Zoom webhooks are not configured here.")
    timestamp = request.headers.get("x-zm-request-timestamp", "").strip()
    signature = request.headers.get("x-zm-signature", "").strip()
    if not timestamp or not signature:
        return _refuse(401, "unsigned", "x-zm-signature and x-zm-request-timestamp are required.")
    # ASCII digits only, and few: isdigit() passes "²" and int() refuses it, or 5,000 digits
    # (a 500 before the signature was checked, probe 1221).
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 20:
        return _refuse(400, "bad_timestamp", "x-zm-request-timestamp is not a number.")
    stamp = int(timestamp)
    if stamp > 10**11:  # milliseconds
        stamp //= 1000
    if abs(time.time() - stamp) > MAX_AGE_SECONDS:
        return _refuse(401, "stale", "The request timestamp is more than 5 minutes away.")
    body = request.body
    # As bytes: compare_digest raises TypeError for text outside ASCII ("v0=é", probe 1221).
    expected = zoom_signature(secret, timestamp, body)
    if not hmac.compare_digest(signature.encode(), expected.encode()):
        return _refuse(401, "bad_signature", "The signature does not match.")
    event = _json_object(body)
    if event is None:
        return _refuse(400, "bad_json", "The body is not a JSON object.")
    if event.get("event") == "endpoint.url_validation":
        payload = event.get("payload")
        plain = payload.get("plainToken") if isinstance(payload, dict) else None
        if not isinstance(plain, str) or not plain:
            return _refuse(400, "bad_payload", "payload.plainToken is missing.")
        return JsonResponse({"plainToken": plain, "encryptedToken": _hmac_hex(secret, plain)})
    if not _first_time(f"zoom:{signature}"):
        return JsonResponse({"status": "duplicate", "message": "Already processed."})
    try:
        outcome = services.record_zoom_event(event=event)
    except services.AttendanceRefused as error:
        cache.delete(f"webhook-seen:zoom:{signature}")
        return _refuse(400, error.code, error.message)
    return _outcome(outcome)


def _bearer(request: HttpRequest) -> str:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


@csrf_exempt
@require_POST
def bbb(request: HttpRequest, session_id: int) -> JsonResponse:
    """BigBlueButton's analytics callback (``meta_analytics-callback-url``) for one session:
    JSON with ``Authorization: Bearer <JWT>``, HS512, signed with BBB_SECRET, ``exp`` required."""
    import jwt

    from echohub.scheduling.models import Session

    secret = settings.BBB_SECRET
    if not secret:
        return _refuse(503, "not_configured", "BigBlueButton is not configured here.")
    token = _bearer(request)
    if not token:
        return _refuse(401, "unsigned", "An Authorization: Bearer token is required.")
    try:
        with warnings.catch_warnings():
            # BBB's shared secret is what the server has (often 40 characters): not our choice.
            warnings.simplefilter("ignore", jwt.warnings.InsecureKeyLengthWarning)
            jwt.decode(token, secret, algorithms=["HS512"], options={"require": ["exp"]})
    except jwt.ExpiredSignatureError:
        return _refuse(401, "stale", "The token has expired.")
    except jwt.InvalidTokenError:
        return _refuse(401, "bad_signature", "The token is not signed with our secret.")
    if not _first_time(f"bbb:{session_id}:{token}"):
        return JsonResponse({"status": "duplicate", "message": "Already processed."})
    session = Session.objects.select_related("program").filter(pk=session_id).first()
    if session is None or session.provider != "bbb":
        cache.delete(f"webhook-seen:bbb:{session_id}:{token}")
        return _refuse(404, "not_found", "No BigBlueButton session with this id.")
    data = _json_object(request.body)
    if data is None:
        cache.delete(f"webhook-seen:bbb:{session_id}:{token}")
        return _refuse(400, "bad_json", "The body is not a JSON object.")
    try:
        result = services.record_bbb_analytics(session=session, data=data)
    except services.AttendanceRefused as error:
        cache.delete(f"webhook-seen:bbb:{session_id}:{token}")
        return _refuse(400, error.code, error.message)
    if result.new_rows:
        _tell_live(session_id=session.pk)
    return JsonResponse(
        {
            "status": "duplicate" if result.already_imported else "stored",
            "message": f"{result.new_rows} new of {result.rows_in_file} segments stored.",
        }
    )


@csrf_exempt
@require_POST
def jitsi(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Jitsi ``event_sync`` (Prosody) occupant events. The component posts to
    ``{api_prefix}/events/...``; configure ``api_prefix`` as ``.../webhooks/jitsi`` and an
    ``api_headers`` entry ``Authorization: Bearer <JITSI_EVENTS_SECRET>`` (or
    ``X-Echohub-Secret: <JITSI_EVENTS_SECRET>``)."""
    secret = settings.JITSI_EVENTS_SECRET
    if not secret:
        return _refuse(503, "not_configured", "Jitsi events are not configured here.")
    given = _bearer(request) or request.headers.get("X-Echohub-Secret", "").strip()
    if not given:
        return _refuse(401, "unsigned", "The shared secret header is required.")
    if not hmac.compare_digest(given.encode(), secret.encode()):
        return _refuse(401, "bad_secret", "The shared secret does not match.")
    event = _json_object(request.body)
    if event is None:
        return _refuse(400, "bad_json", "The body is not a JSON object.")
    try:
        outcome = services.record_jitsi_event(event=event)
    except services.AttendanceRefused as error:
        return _refuse(400, error.code, error.message)
    return _outcome(outcome)
