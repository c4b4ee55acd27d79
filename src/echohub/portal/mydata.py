"""A person's own data, as one JSON document they can download from their profile.

It gathers several domains (accounts, programs, attendance, credits, cases, evaluation), so it
lives in `portal`, above them all. What it holds: the profile, roles, registrations, attendance,
credit awards, certificates, API tokens (never their keys), the metadata of the cases they present
(number, status, dates: never clinical text, which stays on the case page with its own audit), the
follow-up slots they asked for and the follow-ups they reported (when, for which case), and
their identified survey responses with the answers. Anonymous responses are anonymous by
construction (no person on them), so they cannot be found and are not included.

One query per section, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from echohub.accounts.models import ApiToken, User
from echohub.attendance.models import Attendance
from echohub.cases.models import Case, FollowUp
from echohub.credits.models import Certificate, CreditAward
from echohub.evaluation.models import Answer, Response
from echohub.programs.models import Membership, Registration
from echohub.scheduling.models import FollowUpRequest

FORMAT = "echohub personal data"
VERSION = 1


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return value


def _rows(qs: Any, fields: dict[str, str]) -> list[dict[str, Any]]:
    """`fields` maps the output key to the query path."""
    keys = list(fields)
    return [
        {k: _plain(v) for k, v in zip(keys, row, strict=True)}
        for row in qs.values_list(*fields.values())
    ]


def personal_data(user: User) -> dict[str, Any]:
    """Everything echohub holds about `user` that is theirs to take away (see the module)."""
    profile = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "profession": user.profession,
        "licence_number": user.licence_number,
        "credentials": user.credentials,
        "time_zone": user.time_zone,
        "email_reminders": user.email_reminders,
        "date_joined": _plain(user.date_joined),
        "last_login": _plain(user.last_login),
    }
    roles = _rows(
        Membership.objects.filter(user=user).order_by("program__name", "role"),
        {
            "program": "program__name",
            "role": "role",
            "site": "site__name",
            "consent_research": "consent_research",
            "active": "is_active",
            "since": "created_at",
        },
    )
    registrations = _rows(
        Registration.objects.filter(user=user).order_by("created_at", "pk"),
        {
            "program": "program__name",
            "submitted_at": "created_at",
            "status": "status",
            "email": "email",
            "first_name": "first_name",
            "last_name": "last_name",
            "profession": "profession",
            "licence_number": "licence_number",
            "site": "site__name",
            "new_site_name": "new_site_name",
            "region": "region",
            "consent_research": "consent_research",
            "decided_at": "decided_at",
            "decision_note": "decision_note",
        },
    )
    attendance = _rows(
        Attendance.objects.filter(user=user).order_by("session__starts_at", "pk"),
        {
            "program": "session__program__name",
            "session": "session__title",
            "session_starts_at": "session__starts_at",
            "minutes": "minutes",
            "minutes_from_reports": "computed_minutes",
            "adjusted_minutes": "adjusted_minutes",
            "adjustment_reason": "adjustment_reason",
            "sources": "sources",
        },
    )
    credits = _rows(
        CreditAward.objects.filter(user=user).order_by("session__starts_at", "pk"),
        {
            "program": "session__program__name",
            "session": "session__title",
            "session_starts_at": "session__starts_at",
            "minutes": "minutes",
            "eligible": "eligible",
            "reason": "reason",
            "credits": "credits",
        },
    )
    certificates = _rows(
        Certificate.objects.filter(user=user).order_by("issued_at", "pk"),
        {
            "number": "number",
            "program": "program__name",
            "scope": "scope",
            "session": "session__title",
            "series": "series__title",
            "credits": "credits",
            "minutes": "minutes",
            "issued_at": "issued_at",
            "superseded_at": "superseded_at",
            "printed_facts": "facts",
        },
    )
    cases = _rows(
        Case.objects.filter(presenter=user).order_by("created_at", "pk"),
        {
            "program": "program__name",
            "number": "number",
            "status": "status",
            "theme": "theme",
            "session": "session__title",
            "created_at": "created_at",
            "submitted_at": "submitted_at",
            "presented_at": "presented_at",
            "recommendations_sent_at": "sent_at",
            "closed_at": "closed_at",
        },
    )
    # What they asked and reported after the recommendations: when, for which case, and the
    # slot that answered (never what changed: that is case text).
    follow_up_requests = _rows(
        FollowUpRequest.objects.filter(requested_by=user).order_by("created_at", "pk"),
        {
            "program": "case__program__name",
            "case": "case__number",
            "asked_at": "created_at",
            "answered_at": "answered_at",
            "slot_session": "slot__session__title",
            "slot_session_starts_at": "slot__session__starts_at",
        },
    )
    follow_ups = _rows(
        FollowUp.objects.filter(reported_by=user).order_by("created_at", "pk"),
        {"program": "case__program__name", "case": "case__number", "reported_at": "created_at"},
    )
    responses = _responses(user)
    tokens = _rows(
        ApiToken.objects.filter(user=user).order_by("created_at", "pk"),
        {
            "name": "name",
            "starts_with": "prefix",
            "created_at": "created_at",
            "last_used_at": "last_used_at",
            "revoked_at": "revoked_at",
        },
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": timezone.now().isoformat(),
        "profile": profile,
        "roles": roles,
        "registrations": registrations,
        "attendance": attendance,
        "credits": credits,
        "certificates": certificates,
        "cases": cases,
        "follow_up_requests": follow_up_requests,
        "case_follow_ups": follow_ups,
        "survey_responses": responses,
        "api_tokens": tokens,
        "not_included": [
            "Anonymous survey responses: they carry no person, so nobody can find them.",
            "Case text: open each case's page (every read of case content is audited).",
        ],
    }


def _responses(user: User) -> list[dict[str, Any]]:
    """The person's identified responses with their answers (two queries)."""
    responses = list(
        Response.objects.filter(user=user)
        .order_by("submitted_on", "pk")
        .values_list(
            "pk", "survey__program__name", "survey__title", "session__title", "submitted_on",
            "submitted_at", "language",
        )
    )  # fmt: skip
    answers: dict[int, list[dict[str, Any]]] = {}
    for rid, code, text, row_key, number, answer in (
        Answer.objects.filter(response__user=user)
        .order_by("response_id", "question__position", "pk")
        .values_list("response_id", "question__code", "question__text", "row_key", "number", "text")
    ):
        answers.setdefault(rid, []).append(
            {
                "question": code,
                "question_text": text,
                "item": row_key,
                "answer": _plain(number) if number is not None else answer,
            }
        )
    return [
        {
            "program": program,
            "survey": survey,
            "session": session,
            "submitted_on": _plain(on),
            "submitted_at": _plain(at),
            "language": language,
            "answers": answers.get(pk, []),
        }
        for pk, program, survey, session, on, at, language in responses
    ]


def counts(data: dict[str, Any]) -> dict[str, int]:
    """How many rows each section holds, for the sections that hold any (what the audit entry
    records, never the rows)."""
    return {k: len(v) for k, v in data.items() if isinstance(v, list) and v and k != "not_included"}
