import datetime as dt

import pytest

from echohub.core.errors import DomainError
from echohub.core.models import AuditEntry
from echohub.programs.models import Role
from echohub.scheduling import services
from echohub.scheduling.models import AgendaItem, Series, Session, SessionStatus
from echohub.scheduling.recurrence import Recurrence
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def rule(**overrides):
    fields = dict(
        frequency="weekly",
        weekday=3,
        first_date=dt.date(2026, 10, 1),
        start_time=dt.time(12, 30),
        duration_minutes=90,
        time_zone="America/Toronto",
        count=4,
    )
    fields.update(overrides)
    return Recurrence(**fields)


def test_create_series_makes_numbered_sessions_with_curriculum_and_audit(program):
    coordinator = UserFactory()
    series = services.create_series(
        actor=coordinator,
        program=program,
        title="Cycle 1",
        rule=rule(),
        topics=["Opioid tapering", "Pain and sleep"],
    )
    sessions = list(series.sessions.order_by("number"))
    assert [s.number for s in sessions] == [1, 2, 3, 4]
    assert sessions[0].title == "Cycle 1 – Session 1"
    assert list(
        AgendaItem.objects.filter(session__series=series).values_list("title", flat=True)
    ) == ["Opioid tapering", "Pain and sleep"]
    entry = AuditEntry.objects.get(action="series.created")
    assert (
        entry.actor == coordinator and entry.program == program and entry.changes == {"sessions": 4}
    )


def test_a_series_overlapping_an_existing_session_is_refused_whole(program):
    existing = services.add_session(
        actor=None,
        program=program,
        title="Special",
        starts_at=dt.datetime(2026, 10, 15, 17, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 10, 15, 18, 0, tzinfo=dt.UTC),
    )
    with pytest.raises(DomainError) as err:
        services.create_series(actor=None, program=program, title="Cycle", rule=rule())
    assert err.value.code == "session_overlap"
    assert "Special" in err.value.message
    assert not Series.objects.exists()
    assert list(Session.objects.all()) == [existing]


def test_recurrence_errors_become_domain_errors(program):
    with pytest.raises(DomainError) as err:
        services.create_series(
            actor=None, program=program, title="x", rule=rule(time_zone="Mars/Base")
        )
    assert err.value.code == "invalid_time_zone"


def test_reschedule_bumps_sequence_and_refuses_overlap_and_end_before_start(program):
    a = SessionFactory(program=program)
    b = SessionFactory(program=program)
    with pytest.raises(DomainError) as err:
        services.reschedule_session(actor=None, session=b, starts_at=a.starts_at, ends_at=a.ends_at)
    assert err.value.code == "session_overlap"
    with pytest.raises(DomainError) as err:
        services.reschedule_session(actor=None, session=b, starts_at=b.ends_at, ends_at=b.starts_at)
    assert err.value.code == "end_before_start"
    b.refresh_from_db()
    assert b.sequence == 0
    new_start = b.starts_at + dt.timedelta(days=1)
    services.reschedule_session(
        actor=None, session=b, starts_at=new_start, ends_at=new_start + dt.timedelta(hours=2)
    )
    b.refresh_from_db()
    assert b.starts_at == new_start and b.sequence == 1
    assert AuditEntry.objects.filter(action="session.rescheduled", object_id=str(b.pk)).exists()


def test_cancel_needs_a_reason_and_happens_once(program):
    s = SessionFactory(program=program)
    with pytest.raises(DomainError) as err:
        services.cancel_session(actor=None, session=s, reason="  ")
    assert err.value.code == "reason_required"
    services.cancel_session(actor=None, session=s, reason="Statutory holiday")
    s.refresh_from_db()
    assert s.status == SessionStatus.CANCELLED and s.sequence == 1
    with pytest.raises(DomainError) as err:
        services.cancel_session(actor=None, session=s, reason="again")
    assert err.value.code == "session_cancelled"
    # a cancelled session's slot is free again
    services.add_session(
        actor=None, program=program, title="Replacement", starts_at=s.starts_at, ends_at=s.ends_at
    )


def test_agenda_presenter_must_belong_to_the_program(program, make_member):
    s = SessionFactory(program=program)
    outsider = UserFactory()
    with pytest.raises(DomainError) as err:
        services.save_agenda_item(
            actor=None, session=s, kind="didactic", title="Talk", presenter=outsider
        )
    assert err.value.code == "invalid_presenter"
    expert = make_member(program, Role.EXPERT)
    first = services.save_agenda_item(
        actor=None, session=s, kind="didactic", title="Talk", presenter=expert
    )
    second = services.save_agenda_item(actor=None, session=s, kind="case", title="Case 1")
    assert (first.position, second.position) == (1, 2)


def test_sessions_in_other_programs_do_not_clash(program):
    other = SessionFactory()
    services.add_session(
        actor=None,
        program=program,
        title="Same time",
        starts_at=other.starts_at,
        ends_at=other.ends_at,
    )


def test_a_session_cannot_be_rescheduled_into_the_past(program):
    from django.utils import timezone

    s = SessionFactory(program=program)
    past = timezone.now() - dt.timedelta(days=1)
    with pytest.raises(DomainError) as err:
        services.reschedule_session(
            actor=None, session=s, starts_at=past, ends_at=past + dt.timedelta(hours=2)
        )
    assert err.value.code == "in_the_past" and err.value.field == "starts_at"
    s.refresh_from_db()
    assert s.sequence == 0 and s.starts_at > timezone.now()


def test_an_item_placed_first_goes_first_and_places_stay_unique(program):
    s = SessionFactory(program=program)
    talk = services.save_agenda_item(actor=None, session=s, kind="didactic", title="Talk")
    case = services.save_agenda_item(actor=None, session=s, kind="case", title="Case 1")
    news = services.save_agenda_item(
        actor=None, session=s, kind="announcement", title="News", position=1
    )
    order = list(s.agenda_items.order_by("position").values_list("title", "position"))
    assert order == [("News", 1), ("Talk", 2), ("Case 1", 3)]
    services.save_agenda_item(actor=None, session=s, item=case, position=2)
    order = list(s.agenda_items.order_by("position").values_list("title", flat=True))
    assert order == ["News", "Case 1", "Talk"]
    services.save_agenda_item(actor=None, session=s, item=news, position=99)
    positions = list(s.agenda_items.order_by("position").values_list("position", flat=True))
    assert positions == [1, 2, 3] and AgendaItem.objects.get(pk=news.pk).position == 3
    assert talk.pk  # created first, moved by the others
