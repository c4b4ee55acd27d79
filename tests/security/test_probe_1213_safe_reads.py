"""Probe: reading through the API changes nothing. Every GET operation of the OpenAPI schema,
called by each role of the demo program, leaves every table as it was, but the records of
reading themselves (audit, sign-in and rate counters, jobs, token use), the personal join
link a session's page makes once for its reader (joining.services.join_token_for), and the
facts an evaluator's figures count people under, taken once when first counted
(evaluation.privacy.freeze_facts/freeze_sites: a person's profession and site, a site's region
and rurality; written once and never changed by a read)."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from echohub.accounts.models import User
from echohub.api.api import api
from tests.browser import site_map

pytestmark = pytest.mark.django_db

#: Tables a read may write: the records of reading, lazily made join links, and the facts
#: and attendance evaluators' figures are frozen under (taken on the first count, never
#: updated by a read).
READ_RECORDS = re.compile(
    r"audit|session|signin|ratecounter|task|job|apitoken|sqlite_|django_|joining_jointoken"
    r"|evaluation_frozenfacts|evaluation_frozensite|evaluation_frozenattendance"
)


@pytest.fixture(autouse=True)
def _plain_sign_in(settings: Any) -> None:
    settings.TWO_FACTOR_ENFORCED = False


def _state() -> dict[str, str]:
    tables = [t for t in connection.introspection.table_names() if not READ_RECORDS.search(t)]
    out = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608 - table names from the schema
            out[table] = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
    return out


def test_api_reads_change_nothing() -> None:
    demo = site_map.build()
    ids = {
        "session_id": demo.upcoming.pk,
        "site_id": demo.site.pk,
        "series_id": demo.upcoming.series_id or 1,
        "registration_id": 1,
        "case_id": demo.own_presented.pk,
        "survey_id": demo.survey.pk,
        "talk_id": 1,
        "tool_id": 1,
        "topic_id": 1,
        "thread_id": 1,
        "question_id": 1,
        "dashboard": "reach",
        "slug": demo.slug,
    }
    paths = [p for p, ops in api.get_openapi_schema()["paths"].items() if "get" in ops]
    changed = []
    for role in ("participant", "expert", "coordinator", "evaluator", "program_admin"):
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(email=site_map.ROLES[role]))
        for path in paths:
            url = re.sub(r"{(\w+)}", lambda m: str(ids[m.group(1)]), path)
            before = _state()
            response = client.get(url)
            after = _state()
            moved = sorted(t for t in after if after[t] != before[t])
            if moved:
                changed.append((role, url, response.status_code, moved))
    assert len(paths) > 30
    assert changed == []
