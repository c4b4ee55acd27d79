"""Mentoring pages over real HTTP (Django test client): both roles, privacy (coordinators never
see a question's text; another participant gets 404), bad input kept, the figures page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from echohub.core.models import AuditEntry
from echohub.mentoring import calls, services
from echohub.mentoring.models import CreditClaim, Message, Question, QuestionStatus
from echohub.programs.models import Role
from tests.mentoring.conftest import ANSWER, CLEAN, HEALTH_CARD

pytestmark = pytest.mark.django_db


def url(program: Any, name: str, *args: Any) -> str:
    return reverse(f"mentoring:{name}", args=[program.slug, *args])


def text(response: Any) -> str:
    return response.content.decode()


def test_ask_over_http_routes_and_the_mentor_reads_it(
    client: Any, program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    client.force_login(participant)
    page = client.get(url(program, "ask"))
    assert page.status_code == 200 and "Opioid tapering" in text(page)
    response = client.post(url(program, "ask"), {"topic": topics[0].pk, "body": CLEAN})
    q = Question.objects.get()
    assert response.status_code == 302 and response["Location"] == url(program, "question", q.pk)
    assert q.status == QuestionStatus.OFFERED and q.mentor == mentor
    client.force_login(mentor.user)
    page = client.get(url(program, "question", q.pk))
    assert page.status_code == 200 and CLEAN in text(page) and "Accept" in text(page)
    assert AuditEntry.objects.filter(action="mentoring.question_read", actor=mentor.user).exists()
    # The mentor answers (accepting it); the asker sees the answer.
    client.post(url(program, "question", q.pk), {"body": ANSWER})
    q.refresh_from_db()
    assert q.status == QuestionStatus.OPEN and q.first_answer_at
    client.force_login(participant)
    assert ANSWER in text(client.get(url(program, "question", q.pk)))


def test_identifier_found_shows_findings_in_place_and_keeps_the_text(
    client: Any, program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    client.force_login(participant)
    response = client.post(
        url(program, "ask"), {"topic": topics[0].pk, "body": HEALTH_CARD}, follow=True
    )
    q = Question.objects.get()
    assert q.status == QuestionStatus.HELD and q.mentor is None
    body = text(response)
    assert "Not sent yet" in body and "<mark" in body and "1234-567-897" in body
    message = Message.objects.get()
    key = re.search(r'name="key" value="([^"]+)"', body).group(1)  # type: ignore[union-attr]
    # A reason too short is refused in words; nothing is lost.
    bad = client.post(
        url(program, "question_action", q.pk, "override"),
        {"message": message.pk, "key": key, "reason": "no"},
    )
    assert bad.status_code == 400 and "Say briefly" in text(bad)
    for k in set(re.findall(r'name="key" value="([^"]+)"', body)):
        client.post(
            url(program, "question_action", q.pk, "override"),
            {"message": message.pk, "key": k, "reason": "a clinic code, not a person"},
        )
    q.refresh_from_db()
    assert q.status == QuestionStatus.OFFERED


def test_empty_question_is_refused_with_the_form_kept(
    client: Any, program: Any, participant: Any, topics: Any
) -> None:
    client.force_login(participant)
    response = client.post(url(program, "ask"), {"topic": topics[0].pk, "body": "   "})
    assert response.status_code == 400 and Question.objects.count() == 0
    response = client.post(url(program, "ask"), {"topic": 999999, "body": CLEAN})
    assert response.status_code == 400 and CLEAN in text(response)


def test_coordinator_sees_metadata_never_the_text(
    client: Any,
    program: Any,
    participant: Any,
    mentor: Any,
    coordinator: Any,
    topics: Any,
    evaluator: Any,
) -> None:
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    services.write(actor=mentor.user, question=q, body=ANSWER)
    calls.request_call(
        actor=participant,
        question=q,
        proposed=[
            __import__("django.utils.timezone").utils.timezone.now()
            + __import__("datetime").timedelta(days=2)
        ],
    )
    calls.record_call_note(actor=mentor.user, question=q, body="We spoke about pacing and sleep.")
    client.force_login(coordinator)
    pages = [
        url(program, "manage"),
        url(program, "manage") + "?status=open",
        url(program, "manage_question", q.pk),
        url(program, "figures"),
        url(program, "index"),
        url(program, "claims"),
        url(program, "mentor_edit", mentor.pk),
        url(program, "mentor_new"),
        url(program, "topic_edit", topics[0].pk),
        url(program, "settings"),
        reverse("programs:detail", args=[program.slug]),
        f"/api/v1/programs/{program.slug}/mentoring/overview",
        f"/api/v1/programs/{program.slug}/mentoring/questions",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for secret in (CLEAN, ANSWER, "pacing and sleep"):
            assert secret not in text(response), page
    manage = text(client.get(url(program, "manage")))
    assert "Opioid tapering" in manage and participant.full_name in manage
    # The question's own page is not theirs: 404, like any outsider.
    assert client.get(url(program, "question", q.pk)).status_code == 404
    assert client.post(url(program, "question", q.pk), {"body": "hi"}).status_code == 404
    assert client.post(url(program, "question_action", q.pk, "close")).status_code == 404
    client.force_login(evaluator)
    assert client.get(url(program, "figures")).status_code == 200
    assert client.get(url(program, "manage")).status_code == 403
    assert client.get(url(program, "question", q.pk)).status_code == 403


def test_another_participant_and_an_outsider_get_404(
    client: Any,
    program: Any,
    participant: Any,
    other: Any,
    mentor: Any,
    topics: Any,
    make_member: Any,
) -> None:
    from tests.factories import ProgramFactory, UserFactory

    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    client.force_login(other)
    for name, args in [("question", [q.pk]), ("question_action", [q.pk, "accept"])]:
        r = (
            client.get(url(program, name, *args))
            if name == "question"
            else client.post(url(program, name, *args))
        )
        assert r.status_code == 404
    assert CLEAN not in text(client.get(url(program, "index")))
    client.force_login(UserFactory())
    assert client.get(url(program, "index")).status_code == 404
    # A member of another program, same question id under their program: 404.
    elsewhere = ProgramFactory(slug="elsewhere")
    stranger = make_member(elsewhere, Role.PARTICIPANT)
    client.force_login(stranger)
    assert client.get(reverse("mentoring:question", args=["elsewhere", q.pk])).status_code == 404


def test_pass_with_confirmation_and_reroute(
    client: Any, program: Any, participant: Any, make_mentor: Any, topics: Any
) -> None:
    first, second = make_mentor(), make_mentor()
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    client.force_login(first.user)
    page = text(client.get(url(program, "question", q.pk)))
    assert "data-confirm" in page
    response = client.post(url(program, "question_action", q.pk, "pass"))
    assert response.status_code == 302
    q.refresh_from_db()
    assert q.mentor == second
    assert client.get(url(program, "question", q.pk)).status_code == 404


def test_triage_assign_page(
    client: Any, program: Any, participant: Any, coordinator: Any, mentor: Any
) -> None:
    q = services.ask(actor=participant, program=program, body=CLEAN)
    client.force_login(coordinator)
    assert client.post(url(program, "manage_question", q.pk), {"mentor": ""}).status_code == 400
    response = client.post(url(program, "manage_question", q.pk), {"mentor": mentor.pk})
    assert response.status_code == 302
    q.refresh_from_db()
    assert q.mentor == mentor and q.status == QuestionStatus.OFFERED


def test_coordinator_names_a_mentor_and_a_topic_and_sets_settings(
    client: Any, program: Any, coordinator: Any, make_member: Any, participant: Any
) -> None:
    client.force_login(coordinator)
    r = client.post(
        url(program, "topic_new"),
        {
            "name": "Pain psychology",
            "name_fr": "Psychologie de la douleur",
            "position": 1,
            "active": "on",
        },
    )
    assert r.status_code == 302
    dup = client.post(url(program, "topic_new"), {"name": "pain psychology", "position": 1})
    assert dup.status_code == 409 and "already has a topic" in text(dup)
    from echohub.mentoring.models import Mentor, MentoringTopic

    topic = MentoringTopic.objects.get(name="Pain psychology")
    expert = make_member(program, Role.EXPERT)
    r = client.post(
        url(program, "mentor_new"),
        {
            "user": expert.pk,
            "disciplines": "Psychology",
            "topics": [topic.pk],
            "capacity": 2,
            "active": "on",
        },
    )
    assert r.status_code == 302
    assert list(Mentor.objects.get(user=expert).topics.all()) == [topic]
    bad = client.post(url(program, "mentor_new"), {"user": participant.pk, "capacity": 0})
    assert bad.status_code == 400
    r = client.post(
        url(program, "settings"),
        {
            "first_answer_days": 3,
            "remind_hours": 12,
            "holiday_region": "CA-ON",
            "credit_mode": "per_hour",
            "credits_per_hour": "0.5",
            "credit_statement": "Self-Learning, Mainpro+",
        },
    )
    assert r.status_code == 302
    bad = client.post(
        url(program, "settings"),
        {
            "first_answer_days": 3,
            "remind_hours": 12,
            "holiday_region": "CA-ON",
            "credit_mode": "per_hour",
            "credits_per_hour": "",
            "credit_statement": "kept text",
        },
    )
    assert bad.status_code == 400 and "kept text" in text(bad)
    assert services.settings_for(type(program).objects.get(pk=program.pk)).first_answer_days == 3


def test_participant_cannot_manage(client: Any, program: Any, participant: Any) -> None:
    client.force_login(participant)
    for name in ("manage", "settings", "mentor_new", "topic_new", "figures"):
        assert client.get(url(program, name)).status_code == 403, name


def test_credit_claim_capped_and_listed(
    client: Any, program: Any, participant: Any, mentor: Any, coordinator: Any, topics: Any
) -> None:
    from decimal import Decimal

    services.save_settings(
        actor=coordinator,
        program=program,
        first_answer_days=2,
        remind_hours=24,
        holiday_region="CA-ON",
        credit_mode="per_hour",
        credits_per_hour=Decimal("0.5"),
    )
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    client.force_login(participant)
    early = client.post(url(program, "question_action", q.pk, "claim"), {"minutes": 30})
    assert early.status_code == 409 and "once a mentor has answered" in text(early)
    services.write(actor=mentor.user, question=q, body=ANSWER)
    too_much = client.post(url(program, "question_action", q.pk, "claim"), {"minutes": 600})
    assert too_much.status_code == 400 and CreditClaim.objects.count() == 0
    ok = client.post(url(program, "question_action", q.pk, "claim"), {"minutes": 90})
    assert ok.status_code == 302
    claim = CreditClaim.objects.get()
    assert claim.credits == Decimal("0.75")
    again = client.post(url(program, "question_action", q.pk, "claim"), {"minutes": 10})
    assert again.status_code == 409
    page = text(client.get(url(program, "claims")))
    assert "0.75" in page and "90" in page
    # The mentor logs time; over the cap is refused in words.
    client.force_login(mentor.user)
    assert (
        client.post(url(program, "question_action", q.pk, "log"), {"minutes": 45}).status_code
        == 302
    )
    assert (
        client.post(url(program, "question_action", q.pk, "log"), {"minutes": 0}).status_code == 400
    )


def test_call_request_choose_and_note(
    client: Any, program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    client.force_login(participant)
    past = client.post(url(program, "question_action", q.pk, "call"), {"time1": "2001-01-01T10:00"})
    assert past.status_code == 400 and "future" in text(past)
    assert (
        client.post(
            url(program, "question_action", q.pk, "call"), {"time1": "2099-01-01T10:00"}
        ).status_code
        == 400
    )  # > 60 days
    import datetime as dt

    from django.utils import timezone

    soon = timezone.localtime() + dt.timedelta(days=3)
    r = client.post(
        url(program, "question_action", q.pk, "call"), {"time1": soon.strftime("%Y-%m-%dT%H:%M")}
    )
    assert r.status_code == 302
    call = q.calls.get()
    client.force_login(mentor.user)
    page = text(client.get(url(program, "question", q.pk)))
    when = re.search(r'name="when" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert (
        client.post(
            url(program, "question_action", q.pk, "choose"), {"call": call.pk, "when": when}
        ).status_code
        == 302
    )
    call.refresh_from_db()
    assert call.status == "scheduled"
    services.accept(actor=mentor.user, question=q)
    r = client.post(
        url(program, "question_action", q.pk, "note"), {"body": "We talked about pacing."}
    )
    assert r.status_code == 302
    assert Message.objects.filter(kind="call_note", status="sent").count() == 1


def test_htmx_reply_returns_the_conversation(
    client: Any, program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    client.force_login(participant)
    r = client.post(
        url(program, "question", q.pk),
        {"body": "One more detail: sleep is poor."},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200
    body = text(r)
    assert body.lstrip().startswith('<section id="conversation"') and "sleep is poor" in body


def test_index_lists_my_questions_paginated(
    client: Any, program: Any, participant: Any, topics: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(25):
        Question.objects.create(program=program, asker=participant, status=QuestionStatus.TRIAGE)
    client.force_login(participant)
    with django_assert_max_num_queries(20):
        page = text(client.get(url(program, "index")))
    assert "Page 1 of 2" in page


def test_list_pages_query_counts_are_flat(
    client: Any, program: Any, participant: Any, coordinator: Any, make_mentor: Any, topics: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mentor = make_mentor(capacity=50)
    services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])

    def count(user: Any, name: str) -> int:
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(program, name)).status_code == 200
        return len(ctx.captured_queries)

    one = {
        "manage": count(coordinator, "manage"),
        "index": count(mentor.user, "index"),
    }
    from django.utils import timezone

    for _ in range(12):  # more rows than the daily cap lets one person ask
        Question.objects.create(
            program=program,
            asker=participant,
            topic=topics[0],
            mentor=mentor,
            status=QuestionStatus.OFFERED,
            asked_at=timezone.now(),
            due_at=timezone.now(),
        )
    make_mentor()
    assert count(coordinator, "manage") == one["manage"]
    assert count(mentor.user, "index") == one["index"]
