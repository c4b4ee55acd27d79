"""The program menu's mentoring entry shows the reader's unread mentoring notices (a badge the
screen reader hears as "N unread notifications", in French too), with one COUNT per page at
most, and only for people who may ask (the entry that leads to where notices are read)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from echohub.mentoring import services
from echohub.mentoring.models import MentoringTopic, Notice, NoticeKind
from echohub.programs.models import Role
from tests.factories import ProgramFactory
from tests.mentoring.conftest import CLEAN

pytestmark = pytest.mark.django_db


def _menu(html: str) -> str:
    start = html.index('id="program-menu"')
    return html[start : html.index("</ul>", start)]


def _mentoring_item(html: str) -> str:
    menu = _menu(html)
    at = menu.index("/mentoring/")
    return menu[menu.rindex("<li", 0, at) : menu.index("</li>", at)]


def _notice_queries(queries: Any) -> int:
    return sum(1 for q in queries if "mentoring_notice" in q["sql"])


@pytest.fixture
def question(program: Any, make_member: Any, django_capture_on_commit_callbacks: Any) -> Any:
    topic = MentoringTopic.objects.create(program=program, name="Tapering", name_fr="Réduction")
    asker = make_member(program, Role.PARTICIPANT)
    with django_capture_on_commit_callbacks(execute=True):
        return services.ask(actor=asker, program=program, body=CLEAN, topic=topic)


def _notify(user: Any, program: Any, question: Any, n: int, *, read: bool = False) -> None:
    from django.utils import timezone

    for _ in range(n):
        Notice.objects.create(
            user=user,
            program=program,
            question=question,
            kind=NoticeKind.NEW_MESSAGE,
            read_at=timezone.now() if read else None,
        )


def test_the_menu_shows_the_unread_count_with_a_spoken_label(
    client: Any, program: Any, make_member: Any, question: Any
) -> None:
    reader = make_member(program, Role.PARTICIPANT, language="en")
    _notify(reader, program, question, 2)
    _notify(reader, program, question, 3, read=True)  # read ones are not counted
    client.force_login(reader)
    page = client.get(reverse("programs:detail", kwargs={"slug": program.slug}))
    assert page.status_code == 200
    item = _mentoring_item(page.content.decode())
    assert 'class="badge" aria-hidden="true">2</span>' in item
    assert '<span class="visually-hidden"> (2 unread notifications)</span>' in item
    assert "Mentoring" in item


def test_one_unread_is_singular_and_french_is_translated(
    client: Any, program: Any, make_member: Any, question: Any
) -> None:
    reader = make_member(program, Role.PARTICIPANT, language="fr")
    _notify(reader, program, question, 1)
    client.force_login(reader)
    client.cookies["django_language"] = "fr"
    url = reverse("programs:detail", kwargs={"slug": program.slug})
    item = _mentoring_item(client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    assert "Mentorat" in item or "mentorat" in item.lower()
    assert '<span class="visually-hidden"> (1 notification non lue)</span>' in item
    _notify(reader, program, question, 1)
    item = _mentoring_item(client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    assert "(2 notifications non lues)" in item
    assert "unread" not in item


def test_no_badge_when_nothing_is_unread_or_unread_is_elsewhere(
    client: Any, program: Any, make_member: Any, question: Any
) -> None:
    reader = make_member(program, Role.PARTICIPANT)
    _notify(reader, program, question, 2, read=True)
    # Unread notices in another program are that program's, not this menu's.
    other = ProgramFactory(slug="other-program")
    from echohub.programs.models import Membership

    Membership.objects.create(program=other, user=reader, role=Role.PARTICIPANT)
    Notice.objects.create(
        user=reader, program=other, question=question, kind=NoticeKind.NEW_MESSAGE
    )
    client.force_login(reader)
    page = client.get(reverse("programs:detail", kwargs={"slug": program.slug}))
    item = _mentoring_item(page.content.decode())
    assert "badge" not in item and "unread" not in item
    page = client.get(reverse("programs:detail", kwargs={"slug": other.slug}))
    assert "(1 unread notification)" in _mentoring_item(page.content.decode())


def test_no_badge_and_no_count_for_people_without_mentoring_access(
    client: Any, program: Any, make_member: Any, question: Any
) -> None:
    evaluator = make_member(program, Role.EVALUATOR)
    _notify(evaluator, program, question, 4)  # even if notices existed for them
    client.force_login(evaluator)
    with CaptureQueriesContext(connection) as seen:
        page = client.get(reverse("programs:detail", kwargs={"slug": program.slug}))
    assert page.status_code == 200
    menu = _menu(page.content.decode())
    assert "unread" not in menu and 'class="badge"' not in menu
    assert _notice_queries(seen.captured_queries) == 0
    # An outsider gets no menu of the program at all (and a bad slug a 404).
    client.force_login(make_member(ProgramFactory(slug="elsewhere"), Role.PARTICIPANT))
    page = client.get(reverse("programs:detail", kwargs={"slug": program.slug}))
    assert "unread" not in page.content.decode()
    assert client.get("/p/no-such-program/").status_code == 404


@pytest.mark.parametrize("name", ["programs:detail", "mentoring:index", "community:index"])
def test_one_count_per_page_whatever_the_number_of_notices(
    client: Any, program: Any, make_member: Any, question: Any, name: str
) -> None:
    reader = make_member(program, Role.PARTICIPANT)
    url = reverse(name, kwargs={"slug": program.slug})
    client.force_login(reader)
    _notify(reader, program, question, 1)
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _notify(reader, program, question, 6)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert "(7 unread notifications)" in page.content.decode()
    # The menu and (on the mentoring page) the page's own count share one COUNT.
    counts = [
        q
        for q in many.captured_queries
        if "mentoring_notice" in q["sql"] and "COUNT" in q["sql"].upper()
    ]
    assert len(counts) == 1
    if name != "mentoring:index":  # that page lists the notices themselves (one more query)
        assert _notice_queries(many.captured_queries) == 1
    assert len(many.captured_queries) == len(few.captured_queries)
