"""The caller's mentoring notices over the API (real HTTP, bearer tokens): their own only, in
their language, marked read one by one or all at once, paginated within the API's bounds."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from echohub.mentoring import services
from echohub.mentoring.models import Notice
from echohub.programs.models import Membership, Role
from tests.api.conftest import Api
from tests.factories import MembershipFactory, ProgramFactory
from tests.mentoring.conftest import ANSWER, CLEAN

pytestmark = pytest.mark.django_db

NOT_FOUND = {"code": "not_found", "message": "Not found.", "field": None}
FIELDS = {
    "id",
    "kind",
    "text",
    "question_id",
    "coordinator",
    "available",
    "topic_id",
    "topic",
    "url",
    "api_url",
    "created_at",
    "read_at",
}


def notices(program: Any) -> str:
    return f"/programs/{program.slug}/mentoring/notices"


def answered(program: Any, asker: Any, mentor: Any, topic: Any) -> Any:
    """A question the mentor accepted and answered: the asker has `accepted`, `new_message`."""
    q = services.ask(actor=asker, program=program, body=CLEAN, topic=topic)
    services.accept(actor=mentor.user, question=q)
    q.refresh_from_db()
    services.write(actor=mentor.user, question=q, body=ANSWER)
    return q


def test_the_caller_lists_their_own_notices_newest_first_with_the_unread_count(
    client: Client, program: Any, participant: Any, other: Any, mentor: Any, topics: Any
) -> None:
    q = answered(program, participant, mentor, topics[0])
    response = Api(client, participant).get(notices(program))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["count"] == 2 and data["unread"] == 2
    items = data["items"]
    assert [n["kind"] for n in items] == ["new_message", "accepted"]
    assert items[0]["id"] > items[1]["id"]
    assert set(items[0]) == FIELDS
    assert [n["text"] for n in items] == ["New message", "A mentor took your question"]
    first = items[0]
    assert first["question_id"] == q.pk and first["available"] is True
    assert first["coordinator"] is False and first["read_at"] is None
    assert first["topic_id"] == topics[0].pk and first["topic"] == "Opioid tapering"
    assert first["url"] == f"/p/{program.slug}/mentoring/questions/{q.pk}/"
    assert first["api_url"] == f"/api/v1/programs/{program.slug}/mentoring/questions/{q.pk}"
    # The API path it gives works for the caller.
    assert client.get(first["api_url"], **Api(client, participant).headers).status_code == 200
    # Nothing names the mentor, nor carries a message's text.
    text = response.content.decode()
    for secret in (mentor.user.email, mentor.user.last_name, CLEAN, ANSWER):
        assert secret not in text
    # The mentor sees their own notice only; another member has none.
    mine = Api(client, mentor.user).get(notices(program)).json()
    assert [n["kind"] for n in mine["items"]] == ["offered"] and mine["unread"] == 1
    assert mine["items"][0]["text"] == "A question is offered to you"
    assert Api(client, other).get(notices(program)).json() == {
        "items": [],
        "count": 0,
        "unread": 0,
    }


def test_notices_of_another_program_are_not_listed_there(
    client: Client, program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    answered(program, participant, mentor, topics[0])
    elsewhere = ProgramFactory(slug="elsewhere")
    MembershipFactory(program=elsewhere, user=participant, role=Role.PARTICIPANT)
    api = Api(client, participant)
    assert api.get(notices(elsewhere)).json() == {"items": [], "count": 0, "unread": 0}
    mine = Notice.objects.filter(user=participant).first()
    assert mine is not None
    response = api.post(f"{notices(elsewhere)}/{mine.pk}/read")
    assert response.status_code == 404 and response.json() == NOT_FOUND
    mine.refresh_from_db()
    assert mine.read_at is None


def test_someone_elses_notice_is_404_like_a_missing_one_and_stays_unread(
    client: Client, program: Any, participant: Any, other: Any, mentor: Any, topics: Any
) -> None:
    answered(program, participant, mentor, topics[0])
    theirs = Notice.objects.filter(user=participant).order_by("pk").first()
    assert theirs is not None
    missing = Notice.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000
    for intruder in (other, mentor.user):
        api = Api(client, intruder)
        for notice_id in (theirs.pk, missing, 2**63, 2**63 - 1):
            response = api.post(f"{notices(program)}/{notice_id}/read")
            assert response.status_code == 404, (notice_id, response.content)
            assert response.json() == NOT_FOUND
        # Marking all their own read leaves the other person's alone.
        api.post(f"{notices(program)}/read")
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert Api(client, participant).get(notices(program)).json()["unread"] == 2


def test_marking_read_lowers_the_unread_count_and_can_be_sent_again(
    client: Client, program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    answered(program, participant, mentor, topics[0])
    api = Api(client, participant)
    _newest, oldest = api.get(notices(program)).json()["items"]
    response = api.post(f"{notices(program)}/{oldest['id']}/read")
    assert response.status_code == 200, response.content
    marked = response.json()
    assert marked["id"] == oldest["id"] and marked["read_at"] is not None
    assert marked["text"] == "A mentor took your question"
    listed = api.get(notices(program)).json()
    assert listed["unread"] == 1 and listed["count"] == 2
    assert [n["read_at"] is None for n in listed["items"]] == [True, False]
    # Again: still read, at the same time, and nothing else changes.
    again = api.post(f"{notices(program)}/{oldest['id']}/read")
    assert again.status_code == 200 and again.json()["read_at"] == marked["read_at"]
    assert api.get(notices(program)).json()["unread"] == 1
    # All at once, then again: the second marks nothing.
    everything = api.post(f"{notices(program)}/read")
    assert everything.status_code == 200 and everything.json() == {"marked": 1, "unread": 0}
    assert api.post(f"{notices(program)}/read").json() == {"marked": 0, "unread": 0}
    listed = api.get(notices(program)).json()
    assert listed["unread"] == 0 and all(n["read_at"] for n in listed["items"])
    assert not Notice.objects.filter(user=participant, read_at__isnull=True).exists()
    # The read time of the one marked first was kept.
    assert listed["items"][1]["read_at"] == marked["read_at"]


def test_the_text_is_in_the_callers_language(
    client: Client, program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    answered(program, participant, mentor, topics[0])
    by_browser = Api(client, participant)
    by_browser.headers["HTTP_ACCEPT_LANGUAGE"] = "fr-CA,fr;q=0.9"
    items = by_browser.get(notices(program)).json()["items"]
    assert [n["text"] for n in items] == ["Nouveau message", "Un mentor a pris votre question"]
    assert items[0]["topic"] == "Réduction des opioïdes"
    one = by_browser.post(f"{notices(program)}/{items[1]['id']}/read").json()
    assert one["text"] == "Un mentor a pris votre question"
    # The profile's language, with a bearer token and no Accept-Language.
    participant.language = "fr"
    participant.save(update_fields=["language"])
    items = Api(client, participant).get(notices(program)).json()["items"]
    assert items[1]["text"] == "Un mentor a pris votre question"
    # English by default.
    participant.language = ""
    participant.save(update_fields=["language"])
    items = Api(client, participant).get(notices(program)).json()["items"]
    assert items[1]["text"] == "A mentor took your question"


def test_a_question_no_longer_yours_is_named_but_not_opened(
    client: Client, program: Any, participant: Any, make_mentor: Any, topics: Any
) -> None:
    """A mentor who passed keeps the notice it was offered, with nothing more about it."""
    first, second = make_mentor(), make_mentor()
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    holder = first if q.mentor == first else second
    before = Api(client, holder.user).get(notices(program)).json()["items"]
    assert before[0]["available"] is True and before[0]["topic"] == "Opioid tapering"
    services.pass_question(actor=holder.user, question=q)
    after = Api(client, holder.user).get(notices(program)).json()["items"]
    assert len(after) == 1
    assert after[0] | {"created_at": None} == {
        "id": before[0]["id"],
        "kind": "offered",
        "text": "A question is offered to you",
        "question_id": q.pk,
        "coordinator": False,
        "available": False,
        "topic_id": None,
        "topic": "",
        "url": None,
        "api_url": None,
        "created_at": None,
        "read_at": None,
    }
    # The asker is told it moved, never to whom.
    told = Api(client, participant).get(notices(program)).content.decode()
    assert "rerouted" in told
    for mentor in (first, second):
        assert mentor.user.email not in told and mentor.user.last_name not in told


def test_a_coordinators_notice_leads_to_the_metadata_page_while_they_coordinate(
    client: Client, program: Any, participant: Any, coordinator: Any, topics: Any
) -> None:
    q = services.ask(actor=participant, program=program, body=CLEAN)  # no topic: triage
    api = Api(client, coordinator)
    (triage,) = api.get(notices(program)).json()["items"]
    assert triage["kind"] == "triage" and triage["coordinator"] is True
    assert triage["available"] is True and triage["api_url"] is None
    assert triage["url"] == f"/p/{program.slug}/mentoring/manage/questions/{q.pk}/"
    assert triage["text"] == "A question needs a mentor"
    # No longer a coordinator (still a member who may ask): the notice no longer leads there.
    Membership.objects.filter(user=coordinator, program=program).update(role=Role.PARTICIPANT)
    (triage,) = api.get(notices(program)).json()["items"]
    assert triage["available"] is False and triage["url"] is None


@pytest.mark.parametrize(
    "query",
    [
        {"limit": 0},
        {"limit": -1},
        {"limit": 201},
        {"limit": 2**64},
        {"limit": "many"},
        {"offset": -1},
        {"offset": 1_000_000_001},
        {"offset": 2**63},
        {"offset": 2**63 - 1},
        {"offset": 10**30},
        {"offset": "later"},
    ],
)
def test_a_bad_limit_or_offset_is_422_naming_it(
    client: Client, program: Any, participant: Any, query: dict[str, Any]
) -> None:
    response = Api(client, participant).get(notices(program), **query)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "invalid" and body["field"] == next(iter(query))


def test_pages_within_bounds(
    client: Client, program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    answered(program, participant, mentor, topics[0])
    api = Api(client, participant)
    everything = api.get(notices(program), limit=200).json()["items"]
    second = api.get(notices(program), limit=1, offset=1).json()
    assert second["count"] == 2 and second["unread"] == 2
    assert [n["id"] for n in second["items"]] == [everything[1]["id"]]
    beyond = api.get(notices(program), offset=1_000_000_000).json()
    assert beyond == {"items": [], "count": 2, "unread": 2}


def test_anonymous_and_bad_tokens_are_401(
    client: Client, program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    answered(program, participant, mentor, topics[0])
    mine = Notice.objects.filter(user=participant).first()
    assert mine is not None
    calls = [
        ("get", notices(program)),
        ("post", f"{notices(program)}/read"),
        ("post", f"{notices(program)}/{mine.pk}/read"),
    ]
    for method, path in calls:
        anonymous = getattr(Client(), method)("/api/v1" + path)
        assert anonymous.status_code == 401 and anonymous.json()["code"] == "not_authenticated"
        forged = getattr(Client(), method)("/api/v1" + path, HTTP_AUTHORIZATION="Bearer eh_nope")
        assert forged.status_code == 401
    mine.refresh_from_db()
    assert mine.read_at is None


def test_an_evaluator_is_refused(client: Client, program: Any, evaluator: Any) -> None:
    response = Api(client, evaluator).get(notices(program))
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_the_list_runs_the_same_queries_for_one_notice_or_many(
    client: Client, program: Any, participant: Any, make_mentor: Any, topics: Any
) -> None:
    mentor = make_mentor()
    answered(program, participant, mentor, topics[0])
    api = Api(client, participant)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = api.get(notices(program))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    api.get(notices(program))  # the token's first use is recorded once (an UPDATE)
    few = count()
    for _ in range(3):
        answered(program, participant, make_mentor(), topics[0])
    listed = json.loads(api.get(notices(program)).content)
    assert listed["count"] == 8
    assert count() == few
