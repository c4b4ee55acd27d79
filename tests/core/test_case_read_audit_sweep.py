"""Every page that shows a case is audited, whatever the page: a sweep of the whole site map.

`test_case_read_audit.py` checks each known read path one by one; this sweep guards the ones
nobody has thought of yet. Every page of `tests/browser/site_map.py` (every named pattern, so a
new page is walked as soon as it exists) and the API's case, library and search answers are
read as each signed-in role on the demo. Wherever a case's title appears in what came back, the
same request must have written an audit entry naming that case (`case.read`, or a
`case.list_read` whose ids include it).

Follow-up slots are walked like the rest: the demo links each to the case it follows up, the
pages that name that case (the preparation view, the live agenda, the coordinator's list of
cases for a slot) audit it, and no page is searched with anything taken out.
"""

from __future__ import annotations

import html
from collections import defaultdict
from typing import Any

import pytest
from django.test import Client

from echohub.accounts.models import User
from echohub.cases.models import Case
from echohub.core.models import AuditEntry
from echohub.scheduling.models import AgendaItem, AgendaKind
from tests.browser import site_map

pytestmark = pytest.mark.django_db

ROLES = [role for role, email in site_map.ROLES.items() if email]


@pytest.fixture(autouse=True)
def _plain_sign_in(settings: Any) -> None:
    settings.TWO_FACTOR_ENFORCED = False


def _titles() -> dict[str, set[int]]:
    """Each case title of at least 12 characters -> the cases that carry it."""
    by_title: dict[str, set[int]] = defaultdict(set)
    for pk, title in Case.objects.values_list("pk", "title"):
        if title and len(title.strip()) >= 12:
            by_title[title.strip()].add(pk)
    return by_title


def _audited(after: int) -> set[int]:
    """Ids of the cases named by case audit entries written after entry `after`."""
    named: set[int] = set()
    for entry in AuditEntry.objects.filter(pk__gt=after, object_type="cases.case"):
        if entry.object_id.isdecimal():
            named.add(int(entry.object_id))
        for value in (entry.changes or {}).get("ids", []):
            if isinstance(value, int) or (isinstance(value, str) and value.isdecimal()):
                named.add(int(value))
    return named


def _api_urls(o: site_map.Objects) -> list[str]:
    slug = o.slug
    urls = [
        f"/api/v1/programs/{slug}/cases",
        f"/api/v1/search?q=pain&program={slug}",
        f"/api/v1/search?q=opioid&type=case&program={slug}",
        f"/api/v1/search?q=taper&type=recommendation&program={slug}",
    ]
    urls += [f"/api/v1/programs/{slug}/cases/{c.pk}" for c in o.cases]
    urls += [f"/api/v1/cases/{c.pk}/similar" for c in o.cases]
    return urls


def _follow_up_urls(o: site_map.Objects) -> list[str]:
    """The pages of a session whose follow-up slot is linked to its case (the site map walks
    an upcoming session; the demo's linked slots are in past ones), and a presenter's request
    for a follow-up slot so that the coordinators' list of requests has a row."""
    from echohub.core.errors import DomainError
    from echohub.scheduling import services

    participant = User.objects.get(email=site_map.ROLES["participant"])
    for case in Case.objects.filter(presenter=participant, sent_at__isnull=False):
        try:
            services.ask_for_follow_up_slot(
                actor=participant, program=case.program, case_id=case.pk
            )
        except DomainError:
            continue
        break
    item = (
        AgendaItem.objects.filter(kind=AgendaKind.FOLLOW_UP, followed_case__isnull=False)
        .select_related("session__program")
        .order_by("-session__starts_at")
        .first()
    )
    if item is None:
        return []
    base, pk = f"/p/{item.session.program.slug}", item.session_id
    return [
        f"{base}/sessions/{pk}/",
        f"{base}/sessions/{pk}/cases/",
        f"{base}/sessions/{pk}/agenda/{item.pk}/",
        f"{base}/live/{pk}/",
        f"{base}/live/{pk}/console/",
        f"{base}/live/{pk}/console/?part=agenda",
        f"/api/v1/programs/{item.session.program.slug}/sessions/{pk}",
    ]


def test_every_page_showing_a_case_audits_it() -> None:
    o = site_map.build()
    titles = _titles()
    assert len(titles) >= 5, "the demo should hold several cases"
    pages = [p.url for p in site_map.page_urls(o)] + _api_urls(o) + _follow_up_urls(o)
    linked = AgendaItem.objects.filter(kind=AgendaKind.FOLLOW_UP, followed_case__isnull=False)
    assert linked.exists(), "the demo should link its follow-up slots to their cases"
    unaudited: list[tuple[str, str, str]] = []
    shown_somewhere = 0
    answered: set[str] = set()
    for role in ROLES:
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(email=site_map.ROLES[role]))
        for url in pages:
            last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
            if response.status_code != 200 or response.streaming:
                continue
            answered.add(url)
            kind = response.get("Content-Type", "")
            if not kind.startswith(("text/html", "application/json")):
                continue
            body = response.content.decode("utf-8", "replace")
            if kind.startswith("application/json"):
                body = body.encode().decode("unicode_escape", "replace")
            else:
                body = html.unescape(body)
            audited = _audited(last)
            for title, pks in titles.items():
                if title not in body:
                    continue
                shown_somewhere += 1
                if not pks & audited:
                    unaudited.append((role, url, title))
    assert shown_somewhere > 20, "the sweep should meet case titles on many pages"
    # a read the sweep never gets (a wrong address answers 404 and was skipped) checks nothing
    unread = [url for url in _api_urls(o) if url not in answered]
    assert not unread, f"API addresses no role could read: {unread}"
    assert not unaudited, "\n".join(f"{r} {u}: {t!r}" for r, u, t in unaudited)
