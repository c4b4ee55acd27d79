"""The live session's services: the agenda state machine, overrun, the event log, questions
(identifier check), the scribe's drafts and their turning into recommendations, the end."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from echohub.cases.models import Recommendation
from echohub.core.errors import Conflict, PermissionDenied
from echohub.core.models import AuditEntry
from echohub.evaluation.models import SurveyInvitation, SurveyKind, SurveyStatus
from echohub.live import queries, services
from echohub.live.models import ItemTiming, LiveEvent, LiveQuestion, LiveState, QuestionStatus
from echohub.programs.models import Role
from tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db


def kinds(session):
    return list(
        LiveEvent.objects.filter(session=session).order_by("id").values_list("kind", flat=True)
    )


def test_start_next_back_skip_end_write_state_times_and_one_event_each(session, items, coordinator):
    live = services.start_session(actor=coordinator, session=session)
    assert live.state == LiveState.RUNNING and live.current_item == items[0]
    services.next_item(actor=coordinator, session=session)
    services.previous_item(actor=coordinator, session=session)
    services.next_item(actor=coordinator, session=session)
    live = services.skip_item(actor=coordinator, session=session)
    assert live.current_item == items[2]
    live = services.end_session(actor=coordinator, session=session)
    assert live.state == LiveState.ENDED and live.ended_at is not None
    assert kinds(session) == ["started", "next", "back", "next", "skipped", "ended"]
    timings = {t.item_id: t for t in ItemTiming.objects.filter(live=live)}
    assert timings[items[1].pk].skipped
    assert all(t.started_at and t.ended_at for t in timings.values())
    # Planned times: the session's start plus the minutes before.
    assert timings[items[1].pk].planned_start == session.starts_at + dt.timedelta(minutes=20)
    window = queries.actual_window(session)
    assert window.actual and window.starts_at == live.started_at and window.ends_at == live.ended_at
    assert AuditEntry.objects.filter(action="live.started", object_id=str(session.pk)).exists()


def test_actions_out_of_order_are_refused_and_append_nothing(session, coordinator):
    with pytest.raises(Conflict) as err:
        services.next_item(actor=coordinator, session=session)
    assert err.value.code == "not_running"
    services.start_session(actor=coordinator, session=session)
    with pytest.raises(Conflict):
        services.start_session(actor=coordinator, session=session)
    with pytest.raises(Conflict) as err:
        services.previous_item(actor=coordinator, session=session)
    assert err.value.code == "no_previous"
    services.next_item(actor=coordinator, session=session)
    services.next_item(actor=coordinator, session=session)
    with pytest.raises(Conflict) as err:
        services.next_item(actor=coordinator, session=session)
    assert err.value.code == "no_next"
    assert kinds(session) == ["started", "next", "next"]


def test_a_participant_cannot_drive_the_session(session, participant):
    with pytest.raises(PermissionDenied):
        services.start_session(actor=participant, session=session)
    assert not LiveEvent.objects.exists()


@settings(max_examples=25, deadline=None)
@given(steps=st.lists(st.sampled_from(["next", "back", "skip"]), max_size=12))
def test_any_sequence_keeps_one_current_item_and_ids_increasing(steps):
    """Whatever the facilitator presses, exactly one item is current while running, every
    accepted action appended exactly one event, and event ids only grow."""
    from echohub.scheduling.models import AgendaItem
    from tests.factories import MembershipFactory, ProgramFactory, SessionFactory, UserFactory

    program = ProgramFactory()
    user = UserFactory()
    MembershipFactory(program=program, user=user, role=Role.COORDINATOR)
    start = timezone.now() - dt.timedelta(minutes=5)  # on now: a session starts in its window
    session = SessionFactory(
        program=program, starts_at=start, ends_at=start + dt.timedelta(minutes=90)
    )
    for i in range(4):
        AgendaItem.objects.create(session=session, kind="didactic", title=f"T{i}", position=i)
    services.start_session(actor=user, session=session)
    accepted = 1
    fn = {"next": services.next_item, "back": services.previous_item, "skip": services.skip_item}
    for step in steps:
        try:
            fn[step](actor=user, session=session)
            accepted += 1
        except Conflict:
            pass
    agenda = queries.agenda(session)
    assert sum(1 for r in agenda.rows if r.current) == 1
    ids = list(
        LiveEvent.objects.filter(session=session).values_list("id", flat=True).order_by("id")
    )
    assert len(ids) == accepted and ids == sorted(set(ids))


def test_overrun_is_shown_before_it_happens_then_as_over(session, items, coordinator):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        services.start_session(actor=coordinator, session=session)
    with time_machine.travel(start + dt.timedelta(minutes=10), tick=False):
        assert queries.agenda(session).current.overrun == ""
    with time_machine.travel(start + dt.timedelta(minutes=18, seconds=30), tick=False):
        assert queries.agenda(session).current.overrun == "soon"
    with time_machine.travel(start + dt.timedelta(minutes=23), tick=False):
        row = queries.agenda(session).current
        assert row.overrun == "over" and row.over_minutes == 3


def test_question_is_appended_as_an_event_without_its_text(session, participant):
    q = services.ask_question(actor=participant, session=session, text="How fast can we taper?")
    event = LiveEvent.objects.get(kind="question")
    # The asker's id decides who is sent the event (the hub team and the asker); the streams
    # leave it out of what they send (test_live_views).
    assert event.payload == {"group": "questions", "question": q.pk, "asker": participant.pk}
    assert "taper" not in str(AuditEntry.objects.filter(action="live.question_asked").values())


def test_question_with_an_identifier_is_refused_and_stored_nowhere(session, participant):
    with pytest.raises(services.QuestionHasIdentifiers) as err:
        services.ask_question(
            actor=participant,
            session=session,
            text="Mr John Smith, OHIP 1234-567-890, born 12/03/1961: what dose?",
        )
    assert err.value.code == "phi_found" and err.value.findings
    assert not LiveQuestion.objects.exists() and not LiveEvent.objects.exists()


def test_empty_and_overlong_questions_are_refused(session, participant):
    with pytest.raises(services.DomainError):
        services.ask_question(actor=participant, session=session, text="   ")
    with pytest.raises(services.DomainError):
        services.ask_question(actor=participant, session=session, text="a" * 2001)


def test_an_evaluator_cannot_ask(session, program, make_member):
    evaluator = make_member(program, Role.EVALUATOR)
    with pytest.raises(PermissionDenied):
        services.ask_question(actor=evaluator, session=session, text="A question")


def test_facilitator_marks_questions(session, participant, coordinator):
    q = services.ask_question(actor=participant, session=session, text="What about sleep?")
    services.decide_question(actor=coordinator, question=q, status=QuestionStatus.SENT_ON)
    q.refresh_from_db()
    assert q.status == "sent_on" and q.decided_by == coordinator
    with pytest.raises(PermissionDenied):
        services.decide_question(actor=participant, question=q, status="answered")
    assert queries.left_to_do(session).sent_on_questions == 1


def test_drafts_conflict_like_the_cases_recommendations(
    session, case, coordinator, program, make_member
):
    other = make_member(program, Role.COORDINATOR)
    d = services.save_draft(
        actor=coordinator,
        session=session,
        case=case,
        discipline="pharmacy",
        text="Slow taper",
        version=0,
    )
    assert d.version == 1
    services.save_draft(
        actor=other,
        session=session,
        case=case,
        discipline="pharmacy",
        text="Slow taper, 10 %",
        version=1,
    )
    with pytest.raises(Conflict) as err:
        services.save_draft(
            actor=coordinator,
            session=session,
            case=case,
            discipline="pharmacy",
            text="mine",
            version=1,
        )
    assert err.value.code == "stale_draft"
    assert LiveEvent.objects.filter(kind="draft").count() == 2


def test_an_expert_writes_only_their_disciplines_row(session, case, program, make_member):
    from tests.factories import HubFactory, HubMemberFactory

    pharmacist = make_member(program, Role.EXPERT, profession="pharmacist")
    HubMemberFactory(
        hub=HubFactory(program=program), user=pharmacist, hub_role="expert", discipline="pharmacist"
    )
    services.save_draft(
        actor=pharmacist,
        session=session,
        case=case,
        discipline="pharmacy",
        text="Rotate",
        version=0,
    )
    with pytest.raises(PermissionDenied):
        services.save_draft(
            actor=pharmacist,
            session=session,
            case=case,
            discipline="psychology",
            text="CBT",
            version=0,
        )


def test_drafts_become_the_cases_recommendations(session, case, coordinator):
    services.save_draft(
        actor=coordinator,
        session=session,
        case=case,
        discipline="pharmacy",
        text="Taper 10 % a month",
        version=0,
    )
    services.save_draft(
        actor=coordinator, session=session, case=case, discipline="psychology", text="", version=0
    )
    assert (
        services.turn_drafts_into_recommendations(actor=coordinator, session=session, case=case)
        == 1
    )
    rec = Recommendation.objects.get(case=case)
    assert rec.discipline == "pharmacy" and rec.text == "Taper 10 % a month"
    assert queries.left_to_do(session).drafts_to_turn == []


def test_end_of_session_queues_the_post_session_survey(session, coordinator, participant, program):
    survey = SurveyFactory(
        program=program,
        kind=SurveyKind.POST_SESSION,
        status=SurveyStatus.OPEN,
        send_after_sessions=True,
    )
    services.start_session(actor=coordinator, session=session)
    with pytest.MonkeyPatch.context() as mp:
        from django.db import transaction

        mp.setattr(transaction, "on_commit", lambda fn, using=None, robust=False: fn())
        services.end_session(actor=coordinator, session=session)
    assert SurveyInvitation.objects.filter(
        survey=survey, session=session, user=participant
    ).exists()
