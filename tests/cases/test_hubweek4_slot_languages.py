"""What the hubweek4 walk found on a session's agenda once a case was put in its open slot: the
English title named the case, but the French title and notes were still the open slot's, so a
French reader saw "Présentation de cas (plage libre)" with "submit a case" under it (the case
never named), and an English reader saw the French invitation marked "(in French)". Scheduling
now names the case in both languages and clears both notes; the slot a case leaves is an open
slot again in both languages."""

import datetime as dt

import pytest
from django.utils import translation

from echohub.cases import services
from echohub.programs.models import Role
from echohub.scheduling.models import AgendaItem
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(program, presenter, draft, make_member):
    coordinator = make_member(program, Role.COORDINATOR)
    services.submit_case(actor=presenter, case=draft)
    services.review_case(actor=coordinator, case=draft, approve=True)
    return draft, coordinator


def _open_slot(session):
    return AgendaItem.objects.create(
        session=session,
        kind="case",
        title="Case presentation (open slot)",
        title_fr="Présentation de cas (plage libre)",
        notes="Open for a case: submit one from the Cases page.",
        notes_fr="Plage libre pour un cas : soumettez-en un à la page Cas.",
        position=3,
    )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_scheduled_case_is_named_in_both_languages(approved, upcoming_session, language):
    case, coordinator = approved
    AgendaItem.objects.filter(session=upcoming_session).delete()
    slot = _open_slot(upcoming_session)
    with translation.override(language):  # whoever schedules, in whatever language
        services.schedule_case(actor=coordinator, case=case, session=upcoming_session)
    slot.refresh_from_db()
    case.refresh_from_db()
    assert slot.title == f"Case {case.number}: {case.title}"
    assert slot.title_fr == f"Cas {case.number}\u00a0: {case.title}"
    assert slot.notes == "" and slot.notes_fr == ""


def test_the_slot_a_case_leaves_is_open_again_in_both_languages(
    program, approved, upcoming_session
):
    case, coordinator = approved
    AgendaItem.objects.filter(session=upcoming_session).delete()
    first = _open_slot(upcoming_session)
    services.schedule_case(actor=coordinator, case=case, session=upcoming_session)
    later = SessionFactory(
        program=program,
        starts_at=upcoming_session.starts_at + dt.timedelta(days=7),
        ends_at=upcoming_session.ends_at + dt.timedelta(days=7),
    )
    _open_slot(later)
    with translation.override("fr"):
        services.schedule_case(actor=coordinator, case=case, session=later)
    first.refresh_from_db()
    assert first.title == "Case presentation (open slot)"
    assert first.title_fr == "Présentation de cas (plage libre)"
    assert first.presenter_id is None
