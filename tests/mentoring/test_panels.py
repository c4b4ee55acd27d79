"""The mentoring card on the program page and the claims on the person's credits page."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from echohub.mentoring import calls, services
from tests.mentoring.conftest import ANSWER, CLEAN

pytestmark = pytest.mark.django_db


def test_program_page_tells_the_mentor_and_the_coordinator_what_waits(
    client: Any,
    program: Any,
    participant: Any,
    mentor: Any,
    coordinator: Any,
    topics: Any,
    evaluator: Any,
) -> None:
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    services.ask(actor=participant, program=program, body=CLEAN)  # to triage
    detail = reverse("programs:detail", args=[program.slug])
    client.force_login(mentor.user)
    assert "1 question waits for you to accept it" in client.get(detail).content.decode()
    client.force_login(coordinator)
    page = client.get(detail).content.decode()
    assert "1 question to assign" in page and CLEAN not in page
    services.write(actor=mentor.user, question=q, body=ANSWER)
    client.force_login(participant)
    page = client.get(detail).content.decode()
    assert "1 conversation with a new message" in page and ANSWER not in page
    client.force_login(evaluator)
    assert 'id="mentoring-h"' not in client.get(detail).content.decode()


def test_credits_page_lists_mentoring_claims(
    client: Any,
    program: Any,
    participant: Any,
    mentor: Any,
    coordinator: Any,
    topics: Any,
    other: Any,
) -> None:
    transcript = reverse("credits:transcript", args=[program.slug])
    client.force_login(participant)
    assert "Mentoring (self-learning)" not in client.get(transcript).content.decode()  # credit off
    services.save_settings(
        actor=coordinator,
        program=program,
        first_answer_days=2,
        remind_hours=24,
        holiday_region="",
        credit_mode="per_hour",
        credits_per_hour=Decimal("1.00"),
        credit_statement="Self-Learning credits, claim with your college.",
    )
    q = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    services.write(actor=mentor.user, question=q, body=ANSWER)
    calls.claim_credit(actor=participant, question=q, minutes=30)
    page = client.get(transcript).content.decode()
    assert (
        "Mentoring (self-learning)" in page and "0.50" in page and "claim with your college" in page
    )
    q2 = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    services.write(actor=mentor.user, question=q2, body=ANSWER)
    calls.claim_credit(actor=participant, question=q2, minutes=7)  # 0.11 (down): total 0.61
    french = client.get(transcript, HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9").content.decode()
    total = french.split("<tfoot>")[-1].split("</tfoot>")[0]
    assert re.search(r"<td>0,61</td>", total), total  # two places, never 0,610000000000
    client.force_login(other)  # someone else's claims are never listed
    assert "0.50" not in client.get(transcript).content.decode()
