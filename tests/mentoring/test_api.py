"""The mentoring API over real HTTP: the caller's own rights, 422 with findings, coordinators'
metadata only, audited reads."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from echohub.core.models import AuditEntry
from echohub.mentoring import services
from echohub.mentoring.models import Question, QuestionStatus
from tests.factories import UserFactory
from tests.mentoring.conftest import ANSWER, CLEAN, HEALTH_CARD

pytestmark = pytest.mark.django_db


def api(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def base(program: Any) -> str:
    return f"/api/v1/programs/{program.slug}/mentoring"


def post(client: Client, path: str, data: Any = None) -> Any:
    return client.post(path, json.dumps(data or {}), content_type="application/json")


def test_ask_read_answer_over_the_api(
    program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    me = api(participant)
    assert sorted(t["name"] for t in me.get(f"{base(program)}/topics").json()) == [
        "OUD treatment",
        "Opioid tapering",
    ]
    r = post(me, f"{base(program)}/questions", {"body": CLEAN, "topic_id": topics[0].pk})
    assert r.status_code == 201, r.content
    qid = r.json()["id"]
    # The asker is not told who it is offered to (only once a mentor accepts).
    assert r.json()["status"] == "offered" and r.json()["mentor_user_id"] is None
    assert Question.objects.get(pk=r.json()["id"]).mentor == mentor
    them = api(mentor.user)
    listed = them.get(f"{base(program)}/questions").json()["items"]
    assert [(q["id"], q["role"]) for q in listed] == [(qid, "mentor")]
    msgs = them.get(f"{base(program)}/questions/{qid}/messages").json()["items"]
    assert [m["body"] for m in msgs] == [CLEAN]
    assert AuditEntry.objects.filter(action="mentoring.question_read", actor=mentor.user).exists()
    assert post(them, f"{base(program)}/questions/{qid}/accept").json()["status"] == "open"
    r = post(them, f"{base(program)}/questions/{qid}/messages", {"body": ANSWER})
    assert r.status_code == 201
    q = me.get(f"{base(program)}/questions/{qid}").json()
    assert q["first_answer_at"] is not None and q["role"] == "asker"
    assert post(me, f"{base(program)}/questions/{qid}/close").json()["status"] == "closed"
    r = post(them, f"{base(program)}/questions/{qid}/messages", {"body": ANSWER})
    assert r.status_code == 409 and r.json()["code"] == "question_closed"


def test_identifier_found_is_422_with_findings_and_never_the_text(
    program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    me = api(participant)
    r = post(me, f"{base(program)}/questions", {"body": HEALTH_CARD, "topic_id": topics[0].pk})
    assert r.status_code == 422
    data = r.json()
    assert data["code"] == "phi_found" and data["findings"] and data["message_id"]
    assert "1234-567-897" not in json.dumps(data["findings"])
    q = Question.objects.get(pk=data["question_id"])
    assert q.status == QuestionStatus.HELD
    assert api(mentor.user).get(f"{base(program)}/questions/{q.pk}").status_code == 404
    bad = post(
        me,
        f"{base(program)}/messages/{data['message_id']}/overrides",
        {"key": "body:x:y", "reason": "not a person"},
    )
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_finding"
    for f in data["findings"]:
        r = post(
            me,
            f"{base(program)}/messages/{data['message_id']}/overrides",
            {"key": f["key"], "reason": "a clinic code, not a person"},
        )
    assert r.status_code == 200 and r.json()["status"] == "sent"
    q.refresh_from_db()
    assert q.status == QuestionStatus.OFFERED


def test_others_get_404_and_coordinators_metadata_only(
    program: Any,
    participant: Any,
    other: Any,
    mentor: Any,
    coordinator: Any,
    evaluator: Any,
    topics: Any,
) -> None:
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    services.write(actor=mentor.user, question=q, body=ANSWER)
    for user in (other, coordinator):
        client = api(user)
        assert client.get(f"{base(program)}/questions/{q.pk}").status_code == 404
        assert client.get(f"{base(program)}/questions/{q.pk}/messages").status_code == 404
        assert (
            post(client, f"{base(program)}/questions/{q.pk}/messages", {"body": "hi"}).status_code
            == 404
        )
        assert post(client, f"{base(program)}/questions/{q.pk}/accept").status_code == 404
    overview = api(coordinator).get(f"{base(program)}/overview")
    assert overview.status_code == 200
    raw = overview.content.decode()
    assert CLEAN not in raw and ANSWER not in raw
    assert overview.json()["items"][0]["role"] == "coordinator"
    assert api(coordinator).get(f"{base(program)}/overview?status=open").json()["count"] == 1
    assert api(participant).get(f"{base(program)}/overview").status_code == 403
    assert api(evaluator).get(f"{base(program)}/questions").status_code == 403
    assert api(UserFactory()).get(f"{base(program)}/questions").status_code == 404
    assert Client().get(f"{base(program)}/questions").status_code == 401


def test_bad_input(program: Any, participant: Any, mentor: Any, topics: Any) -> None:
    me = api(participant)
    assert post(me, f"{base(program)}/questions", {"body": ""}).status_code == 422
    r = post(me, f"{base(program)}/questions", {"body": CLEAN, "topic_id": 987654})
    assert r.status_code == 400 and r.json()["code"] == "invalid_topic"
    r = post(me, f"{base(program)}/questions", {"body": "x" * 10_001})
    assert r.status_code == 422
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    r = post(me, f"{base(program)}/questions/{q.pk}/accept")
    assert r.status_code == 403  # only the mentor accepts
    assert Question.objects.count() == 1
