"""The join link's lookup, built once per process.

`/join/<token>/` is the busiest URL when a session starts (everyone arrives in the same minute).
Its one read finds the link, the session and its program, the person, and the person's roles in
the program. Django would rebuild that SQL on every request (a fifth of the request's time) and
turn each row into four model instances; here the SQL is compiled once per database and the row
is read as plain values. The query is still written with the ORM, so it follows the models.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Case, IntegerField, Max, OuterRef, Subquery, Value, When
from django.utils.dateparse import parse_datetime

from echohub.joining.models import JoinToken
from echohub.programs.models import Membership, Role

MODERATOR_ROLES = (Role.PROGRAM_ADMIN, Role.COORDINATOR, Role.EXPERT)
_PLACEHOLDER = "\x1fechohub-join-token\x1f"
COLUMNS = (
    "session_id",
    "user_id",
    "session__title",
    "session__status",
    "session__starts_at",
    "session__ends_at",
    "session__time_zone",
    "session__video_provider",
    "session__video_room",
    "session__video_url",
    "session__program_id",
    "session__program__video_provider",
    "session__program__slug",
    "session__program__name",
    "session__program__name_fr",
    "session__title_fr",
    "user__first_name",
    "user__last_name",
    "user__email",
    "user__is_active",
    "role_flag",
)
_compiled: dict[str, tuple[str, tuple[Any, ...], int]] = {}
_TOKEN = re.compile(r"[A-Za-z0-9_-]{8,64}")


@dataclass(frozen=True)
class JoinRow:
    session_id: int
    user_id: int
    title: str
    title_fr: str
    status: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str
    video_provider: str
    video_room: str
    video_url: str
    program_id: int
    program_video_provider: str
    program_slug: str
    program_name: str
    program_name_fr: str
    first_name: str
    last_name: str
    email: str
    user_active: bool
    registered: bool  # an active role in the program
    moderator: bool  # admin, coordinator or expert


def _queryset() -> Any:
    # One membership subquery gives both answers: NULL = no active role, 0 = participant or
    # evaluator only, 1 = a role that moderates.
    roles = (
        Membership.objects.filter(
            program_id=OuterRef("session__program_id"), user_id=OuterRef("user_id"), is_active=True
        )
        .order_by()
        .values("user_id")
        .annotate(
            flag=Max(
                Case(
                    When(role__in=MODERATOR_ROLES, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
        )
        .values("flag")
    )
    return (
        JoinToken.objects.filter(token=_PLACEHOLDER)
        .order_by()
        .annotate(role_flag=Subquery(roles))
        .values_list(*COLUMNS)
    )


def _sql(alias: str) -> tuple[str, tuple[Any, ...], int]:
    if alias not in _compiled:
        sql, params = _queryset().query.sql_with_params()
        _compiled[alias] = (sql, tuple(params), list(params).index(_PLACEHOLDER))
    return _compiled[alias]


def _when(value: Any) -> dt.datetime:
    if isinstance(value, str):  # SQLite hands back text
        parsed = parse_datetime(value)
        assert parsed is not None
        value = parsed
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def looks_like_token(token: str) -> bool:
    """Our tokens are URL-safe base64; anything else (a NUL byte, a quote) is no link at all."""
    return bool(_TOKEN.fullmatch(token))


def join_row(token: str, using: str = "default") -> JoinRow | None:
    if not looks_like_token(token):
        return None
    sql, params, slot = _sql(using)
    bound = (*params[:slot], token, *params[slot + 1 :])
    with connections[using].cursor() as cursor:
        cursor.execute(sql, bound)
        row = cursor.fetchone()
    if row is None:
        return None
    (session_id, user_id, title, status, starts_at, ends_at, time_zone, video_provider,
     video_room, video_url, program_id, program_video_provider, program_slug, program_name,
     program_name_fr, title_fr, first_name, last_name, email, user_active, flag) = row  # fmt: skip
    return JoinRow(
        session_id=session_id,
        user_id=user_id,
        title=title,
        title_fr=title_fr,
        status=status,
        starts_at=_when(starts_at),
        ends_at=_when(ends_at),
        time_zone=time_zone,
        video_provider=video_provider,
        video_room=video_room,
        video_url=video_url,
        program_id=program_id,
        program_video_provider=program_video_provider,
        program_slug=program_slug,
        program_name=program_name,
        program_name_fr=program_name_fr,
        first_name=first_name,
        last_name=last_name,
        email=email,
        user_active=bool(user_active),
        registered=flag is not None,
        moderator=bool(flag),
    )
