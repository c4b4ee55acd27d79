"""Fixes from the audit of issue 16 (mentoring): the asker learns who their mentor is only once
a mentor accepted (page and API), never who was offered the question or passed on it; a credit
claim is refused where the program gives no credit for mentoring."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from echohub.core.errors import Conflict
from echohub.mentoring import calls, services
from echohub.mentoring.models import CreditClaim, Mentor, Question, QuestionStatus
from echohub.programs.models import Role
from tests.mentoring.conftest import ANSWER, CLEAN

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _mentor(program: Any, make_member: Any, coordinator: Any, topics: Any, last: str) -> Mentor:
    user = make_member(program, Role.EXPERT, first_name="Mina", last_name=last)
    return services.save_mentor(
        actor=coordinator,
        program=program,
        user=user,
        disciplines="Pharmacy",
        topics=topics[:1],
    )


def test_the_asker_sees_the_mentor_only_once_accepted(
    program: Any, participant: Any, coordinator: Any, topics: Any, make_member: Any
) -> None:
    first = _mentor(program, make_member, coordinator, topics, "Passerby")
    second = _mentor(program, make_member, coordinator, topics, "Keeper")
    asker = signed_in(participant)
    r = asker.post(
        f"/api/v1/programs/{program.slug}/mentoring/questions",
        json.dumps({"body": CLEAN, "topic_id": topics[0].pk}),
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert r.json()["status"] == "offered" and r.json()["mentor_user_id"] is None
    qid = r.json()["id"]
    page_url = reverse("mentoring:question", args=[program.slug, qid])
    api_url = f"/api/v1/programs/{program.slug}/mentoring/questions/{qid}"

    def seen() -> tuple[str, Any, list[Any]]:
        page = asker.get(page_url).content.decode()
        one = asker.get(api_url).json()["mentor_user_id"]
        listed = asker.get(f"/api/v1/programs/{program.slug}/mentoring/questions").json()
        return page, one, [q["mentor_user_id"] for q in listed["items"]]

    q = Question.objects.get(pk=qid)
    offered_to = q.mentor
    assert offered_to is not None and offered_to in (first, second)
    page, one, listed = seen()
    assert "Passerby" not in page and "Keeper" not in page
    assert "waiting for a mentor to accept" in page
    assert one is None and listed == [None]
    # The mentor offered it passes: the next one is not named either.
    services.pass_question(actor=offered_to.user, question=q)
    q.refresh_from_db()
    assert q.status == QuestionStatus.OFFERED and q.mentor != offered_to
    page, one, listed = seen()
    assert "Passerby" not in page and "Keeper" not in page
    assert one is None and listed == [None]
    # Accepted (open), then closed: named.
    keeper = q.mentor
    assert keeper is not None
    services.accept(actor=keeper.user, question=q)
    name = keeper.user.last_name
    page, one, listed = seen()
    assert name in page and one == keeper.user_id and listed == [keeper.user_id]
    services.write(actor=keeper.user, question=q, body=ANSWER)
    services.close(actor=participant, question=q)
    q.refresh_from_db()
    assert q.status == QuestionStatus.CLOSED
    page, one, _listed = seen()
    assert name in page and one == keeper.user_id


def test_a_credit_claim_is_refused_where_the_program_gives_no_credit(
    program: Any, participant: Any, mentor: Any, topics: Any
) -> None:
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    services.write(actor=mentor.user, question=q, body=ANSWER)
    assert services.settings_for(program).credit_mode == "off"
    with pytest.raises(Conflict) as err:
        calls.claim_credit(actor=participant, question=q, minutes=30)
    assert err.value.code == "no_credit"
    url = reverse("mentoring:question_action", args=[program.slug, q.pk, "claim"])
    response = signed_in(participant).post(url, {"minutes": 30})
    assert response.status_code == 409
    assert "does not give credit for mentoring" in response.content.decode()
    assert not CreditClaim.objects.exists()


def test_a_mentor_sees_their_own_time_log_and_its_total(
    program: Any,
    participant: Any,
    other: Any,
    coordinator: Any,
    topics: Any,
    make_member: Any,
    django_assert_max_num_queries: Any,
) -> None:
    mentor = _mentor(program, make_member, coordinator, topics, "Logger")
    index = reverse("mentoring:index", args=[program.slug])
    page = signed_in(mentor.user).get(index).content.decode()
    assert "Your time log" in page and "No time logged yet" in page
    kept = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    passed = services.ask(actor=other, program=program, body=CLEAN, topic=topics[0])
    services.accept(actor=mentor.user, question=kept)
    calls.log_time(actor=mentor.user, question=kept, minutes=45)
    calls.log_time(actor=mentor.user, question=kept, minutes=30)
    calls.log_time(actor=mentor.user, question=passed, minutes=20)
    services.pass_question(actor=mentor.user, question=passed)
    client = signed_in(mentor.user)
    client.get(index)
    with django_assert_max_num_queries(25):
        page = client.get(index).content.decode()
    assert "In all: 1 h 35 min, 3 entries." in page
    page = page.split('id="time-h"', 1)[1].split("</section>", 1)[0]
    kept_url = reverse("mentoring:question", args=[program.slug, kept.pk])
    passed_url = reverse("mentoring:question", args=[program.slug, passed.pk])
    assert f'href="{kept_url}"' in page  # still theirs: linked
    assert f"Question {passed.pk}" in page and f'href="{passed_url}"' not in page
    # Only the mentor's own entries; someone who is not a mentor sees no time log.
    other_mentor = _mentor(program, make_member, coordinator, topics, "Other")
    page = signed_in(other_mentor.user).get(index).content.decode()
    assert "No time logged yet" in page and "1 h 35 min" not in page
    assert "Your time log" not in signed_in(participant).get(index).content.decode()
    participant.language = "fr"
    participant.save(update_fields=["language"])
    mentor.user.language = "fr"
    mentor.user.save(update_fields=["language"])
    page = signed_in(mentor.user).get(index, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Votre temps consigné" in page
