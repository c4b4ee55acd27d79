"""What the library walk (libwalk) saw on a mentoring question at phone width: its facts
(topic, status, asker, mentor) were laid out as the browser's indented default list, and the
messages of the conversation touched one another, card against card. They now read as label
and value side by side, and each message stands apart."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest

from echohub.mentoring import services
from echohub.programs.models import Role
from tests.browser.site_map import assert_clean, session_cookie
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_question_facts_side_by_side_and_messages_apart(page: Any, live_server: Any) -> None:
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    asker = UserFactory(email="asker@example.test", first_name="Ana", last_name="Lopes")
    MembershipFactory(program=program, user=asker, role=Role.PARTICIPANT)
    coordinator = UserFactory(email="coord@example.test")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    expert = UserFactory(email="mentor@example.test", first_name="Ben", last_name="Okafor")
    MembershipFactory(program=program, user=expert, role=Role.EXPERT)
    topic = services.save_topic(actor=coordinator, program=program, name="Opioid tapering")
    services.save_mentor(actor=coordinator, program=program, user=expert, topics=[topic])
    question = services.ask(
        actor=asker, program=program, topic=topic, body="How slowly should a taper start?"
    )
    services.accept(actor=expert, question=question)
    services.write(actor=expert, question=question, body="Start with 5 to 10% a month.")
    services.write(actor=asker, question=question, body="Thank you, that helps.")

    page.context.add_cookies([session_cookie(asker.email, urlparse(live_server.url).hostname)])
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"/p/chronic-pain/mentoring/questions/{question.pk}/")
    facts = page.evaluate(
        """() => {
            const dt = document.querySelector('dl.facts dt');
            const dd = document.querySelector('dl.facts dd');
            const a = dt.getBoundingClientRect(), b = dd.getBoundingClientRect();
            return {sameRow: Math.abs(a.top - b.top) < 4, ddLeft: b.left > a.right};
        }"""
    )
    assert facts == {"sameRow": True, "ddLeft": True}
    gaps = page.evaluate(
        """() => {
            const posts = [...document.querySelectorAll('#conversation article.post')];
            return posts.slice(1).map((p, i) =>
                p.getBoundingClientRect().top - posts[i].getBoundingClientRect().bottom);
        }"""
    )
    assert len(gaps) == 2 and all(g >= 8 for g in gaps), gaps
    assert_clean(page, 390)


def test_search_result_numbers_past_100_stay_inside_the_page(page: Any, live_server: Any) -> None:
    """At phone width the numbers of the results on page 6 ("101.") hung out of the list's
    room, over the page's margin; the list now leaves room for a three-digit number."""
    import datetime as dt

    from echohub.library.models import Talk
    from echohub.search import services as search_services

    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    reader = UserFactory(email="reader@example.test")
    MembershipFactory(program=program, user=reader, role=Role.PARTICIPANT)
    n = 5 * search_services.PER_PAGE + 1
    for i in range(n):
        Talk.objects.create(program=program, title=f"Sleep talk {i}", given_on=dt.date(2026, 1, 5))
    page.context.add_cookies([session_cookie(reader.email, urlparse(live_server.url).hostname)])
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto("/p/chronic-pain/search/?q=sleep&page=6")
    room = page.evaluate(
        """() => {
            const ol = document.querySelector('ol.hits'), li = ol.querySelector('li');
            const font = getComputedStyle(li).font;
            const ctx = document.createElement('canvas').getContext('2d');
            ctx.font = font;
            return {
                room: parseFloat(getComputedStyle(ol).paddingLeft),
                need: ctx.measureText(ol.start + '. ').width,
                start: ol.start,
            };
        }"""
    )
    assert room["start"] == n
    assert room["room"] >= room["need"], room


def test_case_entry_scores_heading_stands_apart_from_the_mme_caveat(
    page: Any, live_server: Any
) -> None:
    """On a past case the "Scores" heading sat right under the MME caveat's last line, as if
    it were part of it; a heading inside a card now has room above it."""
    from tests.search.conftest import make_case

    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    reader = UserFactory(email="reader@example.test")
    MembershipFactory(program=program, user=reader, role=Role.PARTICIPANT)
    case = make_case(
        program,
        title="Low back pain on oxycodone",
        meds=[("oxycodone", "10")],
        mme="30",
        scores=["peg"],
        recommendations={"pharmacy": "Reduce slowly."},
    )
    page.context.add_cookies([session_cookie(reader.email, urlparse(live_server.url).hostname)])
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"/p/chronic-pain/library/cases/{case.pk}/")
    gap = page.evaluate(
        """() => {
            const h = [...document.querySelectorAll('main h3')]
                .find(e => e.textContent.trim() === 'Scores');
            const before = h.previousElementSibling;
            return h.getBoundingClientRect().top - before.getBoundingClientRect().bottom;
        }"""
    )
    assert gap >= 12, gap
