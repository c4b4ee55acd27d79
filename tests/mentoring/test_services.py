"""Mentoring services: asking (identifier check), routing, accept, pass, triage, messages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from echohub.core.errors import Conflict, NotFound, PermissionDenied
from echohub.core.models import AuditEntry
from echohub.mentoring import services
from echohub.mentoring.models import MessageStatus, QuestionStatus
from tests.mentoring.conftest import ANSWER, CLEAN, HEALTH_CARD

pytestmark = pytest.mark.django_db


def test_ask_routes_to_the_mentor_of_the_topic(
    program: Any,
    participant: Any,
    mentor: Any,
    topics: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    assert q.status == QuestionStatus.OFFERED
    assert q.mentor == mentor
    assert q.due_at is not None and q.due_at > q.asked_at
    assert [m.to for m in mail.outbox] == [[mentor.user.email]]
    assert CLEAN not in mail.outbox[0].body


def test_ask_with_identifier_raises_and_keeps_the_question_held(
    program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    with pytest.raises(services.PhiFound) as caught:
        services.ask(actor=participant, program=program, body=HEALTH_CARD, topic=topics[0])
    err = caught.value
    assert err.code == "phi_found" and err.status == 422 and err.findings
    q = err.question
    q.refresh_from_db()
    assert q.status == QuestionStatus.HELD and q.mentor is None
    assert err.message_obj.body == HEALTH_CARD  # nothing typed is lost
    # Explaining every finding sends and routes it; the audit keeps a hash, never the text.
    for f in err.findings:
        services.override_finding(
            actor=participant,
            message=err.message_obj,
            key=f.key,
            reason="a clinic code, not a person",
        )
    q.refresh_from_db()
    assert q.status == QuestionStatus.OFFERED and q.mentor == mentor
    dump = " ".join(str(e.changes) + e.object_repr for e in AuditEntry.objects.all())
    assert "1234" not in dump and "clinic code" not in dump


def test_no_topic_or_no_fitting_mentor_goes_to_triage(
    program: Any,
    participant: Any,
    coordinator: Any,
    topics: Any,
    mentor: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        q = services.ask(actor=participant, program=program, body=CLEAN)
        q2 = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[1])
    assert q.status == q2.status == QuestionStatus.TRIAGE
    assert {tuple(m.to) for m in mail.outbox} == {(coordinator.email,)}
    services.assign(actor=coordinator, question=q2, mentor=mentor)
    q2.refresh_from_db()
    assert q2.status == QuestionStatus.OFFERED and q2.mentor == mentor


def test_mentor_is_never_the_asker(
    program: Any, mentor: Any, topics: Any, coordinator: Any
) -> None:
    q = services.ask(actor=mentor.user, program=program, body=CLEAN, topic=topics[0])
    assert q.status == QuestionStatus.TRIAGE
    with pytest.raises(services.DomainError):
        services.assign(actor=coordinator, question=q, mentor=mentor)


def test_pass_reroutes_never_back(
    program: Any, participant: Any, make_mentor: Any, topics: Any
) -> None:
    first, second = make_mentor(), make_mentor()
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    assert q.mentor == first  # equal load: the lower id
    services.pass_question(actor=first.user, question=q)
    q.refresh_from_db()
    assert q.mentor == second
    services.pass_question(actor=second.user, question=q)
    q.refresh_from_db()
    assert q.status == QuestionStatus.TRIAGE and q.mentor is None


def test_load_and_capacity_and_away(
    program: Any, participant: Any, other: Any, make_mentor: Any, topics: Any
) -> None:
    import datetime as dt

    from django.utils import timezone

    a = make_mentor(capacity=1)
    b = make_mentor(capacity=1, away_until=timezone.localdate() + dt.timedelta(days=3))
    q1 = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    q2 = services.ask(actor=other, program=program, body=CLEAN, topic=topics[0])
    assert q1.mentor == a
    assert q2.status == QuestionStatus.TRIAGE  # a is full, b is away
    assert b.pk


def test_conversation_and_first_answer(
    program: Any, participant: Any, mentor: Any, topics: Any, other: Any
) -> None:
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    with pytest.raises(NotFound):
        services.write(actor=other, question=q, body="hello")
    with pytest.raises(PermissionDenied):
        services.accept(actor=other, question=q)
    services.accept(actor=mentor.user, question=q)
    m = services.write(actor=mentor.user, question=q, body=ANSWER)
    assert m.status == MessageStatus.SENT
    q.refresh_from_db()
    assert q.status == QuestionStatus.OPEN and q.first_answer_at is not None
    with pytest.raises(Conflict):
        services.pass_question(actor=mentor.user, question=q)
    held = services.write(actor=participant, question=q, body=HEALTH_CARD)
    assert held.status == MessageStatus.HELD
    assert services.held_error(held) is not None
    services.close(actor=participant, question=q)
    with pytest.raises(Conflict):
        services.write(actor=mentor.user, question=q, body=ANSWER)
