"""The live agenda names a linked follow-up's case (number and title) only to those who may
open it, with a case-list audit entry on the console and on the participant's page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from echohub.cases.models import Case, CaseStatus
from echohub.core.models import AuditEntry
from echohub.programs.models import Role
from echohub.scheduling.models import AgendaItem, AgendaKind

pytestmark = pytest.mark.django_db

TITLE = "Elbow pain in a violin teacher"


@pytest.fixture
def followed(program, session, presenter):
    case = Case.objects.create(
        program=program,
        presenter=presenter,
        status=CaseStatus.RECOMMENDATIONS_SENT,
        number="2026-007",
        title=TITLE,
        sent_at=timezone.now() - dt.timedelta(days=10),
    )
    AgendaItem.objects.create(
        session=session,
        kind=AgendaKind.FOLLOW_UP,
        title="Follow-up: case 2026-007",
        position=4,
        followed_case=case,
    )
    return case


def url(name, session):
    return reverse(f"live:{name}", kwargs={"slug": session.program.slug, "pk": session.pk})


def _agenda_reads(user):
    return [
        e.changes
        for e in AuditEntry.objects.filter(action="case.list_read", actor=user)
        if e.changes.get("view", "").endswith(".agenda")
    ]


def test_console_agenda_names_the_followed_case_and_audits_it(
    client, session, followed, coordinator
):
    client.force_login(coordinator)
    html = client.get(url("console", session)).content.decode()
    assert f"Follow-up of 2026-007: {TITLE}" in html
    [changes] = _agenda_reads(coordinator)
    assert changes["view"] == "live.console.agenda" and followed.pk in changes["ids"]
    # The agenda part alone (what htmx swaps in) is audited the same way.
    part = client.get(url("console", session), {"part": "agenda"}).content.decode()
    assert TITLE in part and len(_agenda_reads(coordinator)) == 2


def test_participant_page_names_it_to_members_who_may_open_it(as_role, session, followed):
    client = as_role(session.program, Role.PARTICIPANT)
    html = client.get(url("page", session)).content.decode()
    assert f"Follow-up of 2026-007: {TITLE}" in html
    [changes] = _agenda_reads(client.user)
    assert changes["view"] == "live.page.agenda" and followed.pk in changes["ids"]


def test_an_evaluator_reads_only_the_kind_of_slot(as_role, session, followed):
    client = as_role(session.program, Role.EVALUATOR)
    html = client.get(url("page", session)).content.decode()
    assert TITLE not in html and "2026-007" not in html and "Case follow-up" in html
    assert not _agenda_reads(client.user)


def test_a_participant_who_may_not_open_the_case_reads_the_typed_title_only(
    as_role, session, followed
):
    # A case members may not open (here: moved back to a state not shared with attendees).
    Case.objects.filter(pk=followed.pk).update(status=CaseStatus.APPROVED)
    client = as_role(session.program, Role.PARTICIPANT)
    html = client.get(url("page", session)).content.decode()
    assert TITLE not in html and "Follow-up: case 2026-007" in html
