"""Probe 12-24 (audit): every read-only API operation that answers with a case's title writes
an audit entry naming that case.

tests/core/test_case_read_audit_sweep.py walks every page of the site map and a handful of API
addresses (the case list and detail, search, similar cases). Here every GET operation of the
API's OpenAPI schema is called, as each signed-in demo role, with each of its ids set to the
demo's objects (sessions with case slots and their agenda items, case discussion threads and
topics, mentoring questions, talks, tools, sites, series, surveys, cases): wherever a case's
title comes back, the same request must have written `case.read` or `case.list_read` naming it.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from typing import Any

import pytest
from django.test import Client

from echohub.accounts.models import User
from echohub.cases.models import Case
from echohub.core.models import AuditEntry
from tests.browser import site_map

pytestmark = pytest.mark.django_db

ROLES = [role for role, email in site_map.ROLES.items() if email]
PER_PARAM = 6


@pytest.fixture(autouse=True)
def _plain_sign_in(settings: Any) -> None:
    settings.TWO_FACTOR_ENFORCED = False


def _titles() -> dict[str, set[int]]:
    by_title: dict[str, set[int]] = defaultdict(set)
    for pk, title in Case.objects.values_list("pk", "title"):
        if title and len(title.strip()) >= 12:
            by_title[title.strip()].add(pk)
    return by_title


def _audited(after: int) -> set[int]:
    named: set[int] = set()
    for entry in AuditEntry.objects.filter(pk__gt=after, object_type="cases.case"):
        if entry.object_id.isdecimal():
            named.add(int(entry.object_id))
        for value in (entry.changes or {}).get("ids", []):
            if isinstance(value, int) or (isinstance(value, str) and value.isdecimal()):
                named.add(int(value))
    return named


def _candidates(o: site_map.Objects) -> dict[str, list[Any]]:
    """Ids to put in each path parameter (a few of each kind, those near cases first)."""
    from echohub.community.models import Thread, Topic
    from echohub.evaluation.models import Survey
    from echohub.library.models import Talk, Tool
    from echohub.mentoring.models import Question
    from echohub.programs.models import Site
    from echohub.scheduling.models import AgendaItem, AgendaKind, Series

    program_cases = Case.objects.filter(program__slug=o.slug).order_by("pk")
    items = list(
        AgendaItem.objects.filter(
            session__program__slug=o.slug, kind__in=[AgendaKind.CASE, AgendaKind.FOLLOW_UP]
        )
        .exclude(case__isnull=True, followed_case__isnull=True)
        .order_by("-session__starts_at")
        .values_list("session_id", "pk")[:PER_PARAM]
    )
    sessions = [s for s, _ in items] + [o.upcoming.pk, o.past.pk]
    return {
        "case_id": list(program_cases.values_list("pk", flat=True)[: PER_PARAM * 2]),
        "session_id": list(dict.fromkeys(sessions)),
        "_items": items,
        "thread_id": list(
            Thread.objects.filter(program__slug=o.slug)
            .order_by("-kind", "pk")
            .values_list("pk", flat=True)[:PER_PARAM]
        ),
        "topic_id": list(
            Topic.objects.filter(program__slug=o.slug).values_list("pk", flat=True)[:PER_PARAM]
        ),
        "question_id": list(
            Question.objects.filter(program__slug=o.slug).values_list("pk", flat=True)[:PER_PARAM]
        ),
        "talk_id": list(Talk.objects.values_list("pk", flat=True)[:PER_PARAM]),
        "tool_id": list(Tool.objects.values_list("pk", flat=True)[:PER_PARAM]),
        "site_id": list(Site.objects.filter(program__slug=o.slug).values_list("pk", flat=True)[:2]),
        "series_id": list(
            Series.objects.filter(program__slug=o.slug).values_list("pk", flat=True)[:2]
        ),
        "survey_id": list(
            Survey.objects.filter(program__slug=o.slug).values_list("pk", flat=True)[:2]
        ),
        "registration_id": [],
        "user_id": [],
        "dashboard": ["cases"],
        "slug": [o.slug],
    }


def _urls(o: site_map.Objects) -> list[str]:
    from echohub.api.api import api

    found = _candidates(o)
    urls: list[str] = []
    for path, ops in api.get_openapi_schema()["paths"].items():
        if "get" not in ops:
            continue
        names = re.findall(r"{(\w+)}", path)
        if "session_id" in names and "item_id" in names:
            combos = [{"session_id": s, "item_id": i, "slug": o.slug} for s, i in found["_items"]]
        else:
            combos = [
                dict(zip(names, values, strict=True))
                for values in itertools.product(*(found.get(n, []) for n in names))
            ]
        urls += [path.format(**c) for c in combos]
    extra = [
        f"/api/v1/search?q=pain&program={o.slug}",
        f"/api/v1/programs/{o.slug}/search?q=pain",
        f"/api/v1/programs/{o.slug}/search?q=opioid&type=case",
        "/api/v1/library/cases?q=pain",
    ]
    return urls + extra


def test_every_api_read_that_answers_with_a_case_title_audits_it() -> None:
    o = site_map.build()
    titles = _titles()
    urls = _urls(o)
    assert len(urls) > 60, len(urls)
    unaudited: list[tuple[str, str, str]] = []
    shown = 0
    for role in ROLES:
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(email=site_map.ROLES[role]))
        for url in urls:
            last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
            if response.status_code != 200 or response.streaming:
                continue
            body = json.dumps(response.json(), ensure_ascii=False)
            audited = _audited(last)
            for title, pks in titles.items():
                if title in body:
                    shown += 1
                    if not pks & audited:
                        unaudited.append((role, url, title))
    assert shown > 20, shown
    assert not unaudited, "\n".join(f"{r} {u}: {t!r}" for r, u, t in sorted(set(unaudited)))
