"""The security review's mentoring defects: only a CURRENT party (the asker, or the question's
current and active mentor) writes into a question, never into a closed one; a mentor switched
off or who left the program loses access and their questions move on; a pass answers nothing
about who has the question next; the answer figures stand for 5+ mentors too; the program menu
links evaluators only to what they may open."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from echohub.core.errors import Conflict, NotFound, PermissionDenied
from echohub.mentoring import calls, queries, services
from echohub.mentoring.models import MessageStatus, QuestionStatus, TimeLog
from echohub.programs import services as program_services
from echohub.programs.models import Role
from tests.mentoring.conftest import ANSWER, CLEAN, HEALTH_CARD

pytestmark = pytest.mark.django_db
REASON = "a drug code not a person"


def signed_in(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def post_json(c: Client, path: str, data: Any = None) -> Any:
    return c.post(path, json.dumps(data or {}), content_type="application/json")


def api(program: Any) -> str:
    return f"/api/v1/programs/{program.slug}/mentoring"


def page(program: Any, name: str, *args: Any) -> str:
    return reverse(f"mentoring:{name}", args=[program.slug, *args])


def _passed_with_a_held_message(program: Any, participant: Any, make_mentor: Any, topics: Any):
    """Mentor A (offered the question) writes a held message and passes; B has it now."""
    a, b = make_mentor(), make_mentor()
    q = services.submit_question(actor=participant, program=program, body=CLEAN, topic=topics[0])
    first = q.mentor
    second = b if first.pk == a.pk else a
    held = services.write(actor=first.user, question=q, body=HEALTH_CARD)
    assert held.status == MessageStatus.HELD
    services.pass_question(actor=first.user, question=q)
    q.refresh_from_db()
    assert q.mentor_id == second.pk
    return q, first, second, held


# --- 1. a former party cannot send a held message -------------------------------------------


def test_a_mentor_who_passed_cannot_send_a_held_message_through_the_api(
    program: Any, participant: Any, make_mentor: Any, topics: Any
) -> None:
    q, first, _second, held = _passed_with_a_held_message(program, participant, make_mentor, topics)
    mail.outbox.clear()
    for f in services.open_findings(held):
        r = post_json(
            signed_in(first.user),
            f"{api(program)}/messages/{held.pk}/overrides",
            {"key": f.key, "reason": REASON},
        )
        assert r.status_code == 404
    held.refresh_from_db()
    assert held.status == MessageStatus.HELD and held.sent_at is None
    assert held not in queries.messages_for(participant, q)
    assert mail.outbox == []  # nobody told of "a new message"


def test_a_mentor_who_passed_cannot_send_a_held_message_on_the_pages(
    client: Any, program: Any, participant: Any, make_mentor: Any, topics: Any
) -> None:
    q, first, _second, held = _passed_with_a_held_message(program, participant, make_mentor, topics)
    client.force_login(first.user)
    key = services.open_findings(held)[0].key
    r = client.post(
        page(program, "question_action", q.pk, "override"),
        {"message": held.pk, "key": key, "reason": REASON},
    )
    assert r.status_code == 404
    r = client.post(
        page(program, "question_action", q.pk, "edit"), {"message": held.pk, "body": CLEAN}
    )
    assert r.status_code == 404
    held.refresh_from_db()
    assert held.status == MessageStatus.HELD and held.body == HEALTH_CARD


def test_services_refuse_a_former_party_whatever_the_caller_checked(
    program: Any, participant: Any, make_mentor: Any, topics: Any
) -> None:
    q, first, _second, held = _passed_with_a_held_message(program, participant, make_mentor, topics)
    key = services.open_findings(held)[0].key
    with pytest.raises(NotFound):
        services.override_finding(actor=first.user, message=held, key=key, reason=REASON)
    with pytest.raises(NotFound):
        services.edit_held_message(actor=first.user, message=held, body=CLEAN)
    with pytest.raises(NotFound):
        services.write(actor=first.user, question=q, body=ANSWER)
    with pytest.raises(NotFound):
        calls.log_time(actor=first.user, question=q, minutes=10)
    held.refresh_from_db()
    assert held.status == MessageStatus.HELD


def test_a_mentor_moved_off_by_a_coordinator_cannot_send_either(
    program: Any, participant: Any, coordinator: Any, make_mentor: Any, topics: Any
) -> None:
    a, b = make_mentor(), make_mentor()
    q = services.submit_question(actor=participant, program=program, body=CLEAN, topic=topics[0])
    first = q.mentor
    second = b if first.pk == a.pk else a
    held = services.write(actor=first.user, question=q, body=HEALTH_CARD)
    services.assign(actor=coordinator, question=q, mentor=second)
    with pytest.raises(NotFound):
        services.edit_held_message(actor=first.user, message=held, body=CLEAN)
    held.refresh_from_db()
    assert held.status == MessageStatus.HELD
    # The current mentor and the asker still write.
    assert services.write(actor=second.user, question=q, body=ANSWER).status == MessageStatus.SENT


# --- 3. nothing is sent into a closed question ------------------------------------------------


def test_a_held_message_is_not_sent_into_a_closed_question(
    client: Any, program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    q = services.submit_question(actor=participant, program=program, body=CLEAN, topic=topics[0])
    held = services.write(actor=participant, question=q, body=HEALTH_CARD)
    services.close(actor=participant, question=q)
    key = services.open_findings(held)[0].key
    with pytest.raises(Conflict) as err:
        services.override_finding(actor=participant, message=held, key=key, reason=REASON)
    assert err.value.code == "question_closed"
    with pytest.raises(Conflict):
        services.edit_held_message(actor=participant, message=held, body=CLEAN)
    r = post_json(
        signed_in(participant),
        f"{api(program)}/messages/{held.pk}/overrides",
        {"key": key, "reason": REASON},
    )
    assert r.status_code == 409 and r.json()["code"] == "question_closed"
    client.force_login(participant)
    r = client.post(
        page(program, "question_action", q.pk, "edit"), {"message": held.pk, "body": CLEAN}
    )
    assert r.status_code == 409
    assert "This question is closed" in r.content.decode()
    held.refresh_from_db()
    assert held.status == MessageStatus.HELD


def test_calls_and_time_logs_are_refused_on_a_closed_question(
    program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    services.write(actor=mentor.user, question=q, body=ANSWER)
    soon = timezone.now() + dt.timedelta(days=2)
    call = calls.request_call(actor=participant, question=q, proposed=[soon])
    services.close(actor=mentor.user, question=q)
    for attempt in (
        lambda: calls.log_time(actor=mentor.user, question=q, minutes=10),
        lambda: calls.request_call(actor=participant, question=q, proposed=[soon]),
        lambda: calls.choose_call_time(actor=mentor.user, call=call, when=call_time(call)),
        lambda: calls.record_call_note(actor=mentor.user, question=q, body=ANSWER),
    ):
        with pytest.raises(Conflict) as err:
            attempt()
        assert err.value.code == "question_closed"
    assert not TimeLog.objects.filter(question=q).exists()


def call_time(call: Any) -> dt.datetime:
    return calls.proposed_times(call)[0]


# --- 2. a mentor switched off or who left the program -----------------------------------------


def test_a_switched_off_mentor_loses_access_and_their_questions_move_on(
    program: Any,
    participant: Any,
    other: Any,
    coordinator: Any,
    make_mentor: Any,
    topics: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mentor = make_mentor()
    offered = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    opened = services.ask(actor=other, program=program, body=CLEAN, topic=topics[0])
    services.write(actor=mentor.user, question=opened, body=ANSWER)
    assert offered.mentor_id == opened.mentor_id == mentor.pk
    spare = make_mentor()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.save_mentor(
            actor=coordinator, program=program, user=mentor.user, topics=[topics[0]], active=False
        )
    offered.refresh_from_db()
    opened.refresh_from_db()
    assert offered.status == QuestionStatus.OFFERED and offered.mentor_id == spare.pk
    assert opened.status == QuestionStatus.TRIAGE and opened.mentor_id is None
    told = {tuple(m.to) for m in mail.outbox}
    assert (coordinator.email,) in told and (spare.user.email,) in told
    assert (mentor.user.email,) not in told
    c = signed_in(mentor.user)
    for q in (offered, opened):
        assert c.get(page(program, "question", q.pk)).status_code == 404
        assert c.post(page(program, "question_action", q.pk, "accept")).status_code == 404
        assert c.get(f"{api(program)}/questions/{q.pk}").status_code == 404
        assert not services.is_party(mentor.user, q)
    assert not queries.my_questions(mentor.user, program).exists()
    # The askers keep their conversations.
    assert signed_in(other).get(page(program, "question", opened.pk)).status_code == 200
    assert services.write(actor=other, question=opened, body=CLEAN).status == MessageStatus.SENT


def test_an_inactive_mentor_still_named_on_a_question_cannot_act(
    program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    """Even if a question were left with them (no re-routing), the checks ignore them."""
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    type(mentor).objects.filter(pk=mentor.pk).update(active=False)  # bypasses save_mentor
    q.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.accept(actor=mentor.user, question=q)
    with pytest.raises(NotFound):
        services.write(actor=mentor.user, question=q, body=ANSWER)
    with pytest.raises(PermissionDenied):
        services.close(actor=mentor.user, question=q)
    q.refresh_from_db()
    assert q.status == QuestionStatus.OFFERED and q.accepted_at is None
    assert signed_in(mentor.user).get(page(program, "question", q.pk)).status_code == 404


def test_a_mentor_who_leaves_the_program_gives_up_their_questions(
    program: Any,
    participant: Any,
    other: Any,
    coordinator: Any,
    make_mentor: Any,
    topics: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mentor = make_mentor()
    offered = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    opened = services.ask(actor=other, program=program, body=CLEAN, topic=topics[0])
    services.accept(actor=mentor.user, question=opened)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        program_services.set_roles(
            actor=coordinator, program=program, user=mentor.user, roles={Role.EVALUATOR}
        )
    offered.refresh_from_db()
    opened.refresh_from_db()
    assert offered.status == QuestionStatus.TRIAGE and offered.mentor_id is None  # nobody fits
    assert opened.status == QuestionStatus.TRIAGE and opened.mentor_id is None
    # Coordinators are asked to choose a mentor; each asker is told their question waits.
    assert {tuple(m.to) for m in mail.outbox} == {
        (coordinator.email,),
        (participant.email,),
        (other.email,),
    }
    assert not services.is_party(mentor.user, opened)


def test_a_mentor_with_another_mentor_role_keeps_their_questions(
    program: Any, participant: Any, coordinator: Any, mentor: Any, topics: Any
) -> None:
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    program_services.set_roles(
        actor=coordinator, program=program, user=mentor.user, roles={Role.PARTICIPANT}
    )
    q.refresh_from_db()
    assert q.mentor_id == mentor.pk and q.status == QuestionStatus.OFFERED
    assert services.is_party(mentor.user, q)


# --- 7. a pass names nobody --------------------------------------------------------------------


def test_the_pass_answer_does_not_name_the_next_mentor(
    program: Any, participant: Any, make_mentor: Any, topics: Any
) -> None:
    make_mentor(), make_mentor()
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    first = q.mentor
    r = post_json(signed_in(first.user), f"{api(program)}/questions/{q.pk}/pass")
    assert r.status_code == 200
    assert r.json() == {"id": q.pk, "status": "passed"}
    q.refresh_from_db()
    assert q.mentor_id not in (None, first.pk)  # it did go on


# --- 8. the answer figures stand for 5+ mentors ---------------------------------------------


def test_answer_figures_of_one_mentor_are_hidden() -> None:
    month = dt.date(2026, 1, 1)
    data = [queries.Row(i, month, 1, 5.0 + i, True, mentor=1) for i in range(12)]
    figs = queries.figures(data, {1: "A"})
    assert not figs.total.hidden and figs.total.value == 12
    assert figs.median_hours.hidden and figs.median_hours.value is None
    assert figs.within_target.hidden and figs.within_target.value is None
    five = [queries.Row(i, month, 1, 5.0, True, mentor=i % 5) for i in range(12)]
    shown = queries.figures(five, {1: "A"})
    assert not shown.median_hours.hidden and shown.median_hours.value == 5.0
    assert shown.within_target.value == 100


def test_rows_name_the_mentor_who_answered_first(
    client: Any, program: Any, make_member: Any, make_mentor: Any, coordinator: Any, topics: Any
) -> None:
    mentor = make_mentor(capacity=10)
    askers = [make_member(program, Role.PARTICIPANT) for _ in range(6)]
    for asker in askers:
        q = services.ask(actor=asker, program=program, body=CLEAN, topic=topics[0])
        services.write(actor=mentor.user, question=q, body=ANSWER)
    data = queries.rows(program)
    assert {r.mentor for r in data} == {mentor.user_id}
    client.force_login(coordinator)
    body = client.get(page(program, "figures")).content.decode()
    figs = queries.figures(data, {})
    assert not figs.total.hidden and figs.median_hours.hidden
    assert "fewer than 5 people" in body


# --- the program menu -------------------------------------------------------------------------


def test_the_evaluator_menu_links_to_the_figures_they_may_open(
    client: Any, program: Any, evaluator: Any, participant: Any
) -> None:
    """Walk item 22: the menu offers only what the reader may open (evaluators: the figures)."""
    index, figures = page(program, "index"), page(program, "figures")
    client.force_login(participant)
    home = client.get(reverse("programs:detail", args=[program.slug])).content.decode()
    assert f'href="{index}"' in home and client.get(index).status_code == 200
    client.force_login(evaluator)
    assert client.get(index).status_code == 403
    for where in (
        reverse("programs:detail", args=[program.slug]),
        figures,
        reverse("evaluation:insights", args=[program.slug]),
    ):
        body = client.get(where).content.decode()
        assert f'href="{index}"' not in body, where
        assert f'href="{figures}"' in body and "Mentoring figures" in body, where
    assert client.get(figures).status_code == 200
