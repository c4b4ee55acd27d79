"""What the walk of round 1223 found in mentoring on a phone: the lists (my questions, my
credit claims, the coordinator's questions and mentors) were wide tables that scrolled
sideways at 390 px (seven columns for the coordinator's questions). They now read as cards
(table.stack): each cell says its column's name (data-label), in the page's language."""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from echohub.mentoring import services
from tests.mentoring.conftest import ANSWER, CLEAN

pytestmark = pytest.mark.django_db


class _Tables(HTMLParser):
    """Each table's class, and for each body cell its class and data-label."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, Any]] = []
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self.tables.append({"cls": (a.get("class") or "").split(), "cells": []})
        elif tag == "tbody":
            self._in_body = True
        elif tag == "td" and self._in_body and self.tables:
            self.tables[-1]["cells"].append(((a.get("class") or "").split(), a.get("data-label")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_body = False


def _tables(html: str) -> list[dict[str, Any]]:
    parser = _Tables()
    parser.feed(html)
    return [t for t in parser.tables if t["cells"]]


def _assert_cards(html: str, labels: set[str]) -> None:
    tables = _tables(html)
    assert tables, "a list is shown"
    for table in tables:
        assert "stack" in table["cls"], table
        for cls, label in table["cells"]:
            assert "stack-head" in cls or label, "each cell names its column or heads the card"
    seen = {label for t in tables for _cls, label in t["cells"] if label}
    assert labels <= seen, labels - seen


@pytest.fixture
def answered(program: Any, participant: Any, mentor: Any, coordinator: Any, topics: Any) -> Any:
    services.save_settings(
        actor=coordinator,
        program=program,
        first_answer_days=2,
        remind_hours=24,
        holiday_region="CA-ON",
        credit_mode="per_hour",
        credits_per_hour=Decimal("0.5"),
    )
    question = services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    services.write(actor=mentor.user, question=question, body=ANSWER)
    return question


def _url(program: Any, name: str, *args: Any) -> str:
    return reverse(f"mentoring:{name}", args=[program.slug, *args])


@pytest.mark.parametrize(("language", "topic_label"), [("en", "Topic"), ("fr", "Thème")])
def test_my_questions_and_claims_read_as_cards(
    client: Any, program: Any, participant: Any, answered: Any, language: str, topic_label: str
) -> None:
    client.force_login(participant)
    claimed = client.post(_url(program, "question_action", answered.pk, "claim"), {"minutes": 60})
    assert claimed.status_code == 302
    with translation.override(language):
        index = client.get(_url(program, "index"), HTTP_ACCEPT_LANGUAGE=language)
        claims = client.get(_url(program, "claims"), HTTP_ACCEPT_LANGUAGE=language)
    assert index.status_code == claims.status_code == 200
    _assert_cards(index.content.decode(), {topic_label})
    _assert_cards(claims.content.decode(), {topic_label})


def test_the_coordinators_questions_and_mentors_read_as_cards(
    client: Any, program: Any, coordinator: Any, answered: Any
) -> None:
    client.force_login(coordinator)
    page = client.get(_url(program, "manage"))
    assert page.status_code == 200
    _assert_cards(
        page.content.decode(),
        {"Topic", "Asked by", "Mentor", "Status", "First answer", "Open questions"},
    )


def test_a_mentors_time_log_reads_as_cards(
    client: Any, program: Any, mentor: Any, answered: Any
) -> None:
    client.force_login(mentor.user)
    logged = client.post(_url(program, "question_action", answered.pk, "log"), {"minutes": 20})
    assert logged.status_code == 302
    page = client.get(_url(program, "index"))
    assert page.status_code == 200
    _assert_cards(page.content.decode(), {"Minutes", "Topic"})
