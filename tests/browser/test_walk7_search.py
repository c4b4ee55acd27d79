"""What walk7 (a participant searching the library in French, then English, at 390 and
1280 px) found, kept fixed: a search that only leaves a word out (« -méthadone ») was told it
"has only very common words", which it has not; it is now told to say what to look for too. A
recommendation's result read « Pharmacie: Femme… » in French, the colon glued to the word as in
English; the discipline and the case's title are now joined in the reader's typography. Each
page is free of axe violations and of sideways scrolling."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from echohub.cases.models import Discipline
from echohub.programs.models import Role
from tests.browser import site_map
from tests.browser.test_community_browser import sign_in
from tests.factories import MembershipFactory, ProgramFactory, UserFactory
from tests.search.conftest import make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390


_clean = site_map.assert_clean  # axe finds nothing, no sideways scrolling


@pytest.fixture(autouse=True)
def _patient(page: Any) -> None:
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(60_000)


@pytest.fixture
def reader() -> Any:
    program = ProgramFactory(slug="douleur", name="Douleur chronique")
    user = UserFactory(email="lectrice@example.test", language="fr")
    MembershipFactory(program=program, user=user, role=Role.PARTICIPANT)
    english = UserFactory(email="reader@example.test", language="en")
    MembershipFactory(program=program, user=english, role=Role.PARTICIPANT)
    make_case(
        program,
        title="Femme dans la soixantaine sous oxycodone",
        recommendations={Discipline.PHARMACY: "Offrir la naloxone et réduire lentement."},
    )
    return user


def _search(page: Any, words: str) -> None:
    page.goto(f"/p/douleur/search/?q={quote(words)}")


def test_in_french_a_recommendation_and_an_exclusion_only_read_right(
    page: Any, reader: Any
) -> None:
    page.set_viewport_size({"width": PHONE, "height": 900})
    sign_in(page, "lectrice@example.test")
    _search(page, "naloxone")
    title = page.locator(".hit .hit-title").filter(has_text="Pharmacie")
    expect(title).to_have_count(1)
    text = title.inner_text()
    assert re.search(r"Pharmacie[\u00a0 ]: Femme dans la soixantaine", text), text
    _clean(page, PHONE)
    _search(page, "-naloxone")
    empty = page.locator("p.empty").first
    expect(empty).not_to_contain_text("mots très courants")
    expect(empty).to_contain_text("-naloxone")
    _clean(page, PHONE)


def test_in_english_an_exclusion_only_search_says_what_to_do(page: Any, reader: Any) -> None:
    sign_in(page, "reader@example.test")
    _search(page, "-naloxone")
    empty = page.locator("p.empty").first
    expect(empty).to_contain_text("only leaves words out: say what to look for too")
    _clean(page, 1280)
    _search(page, "the and")
    expect(page.locator("p.empty").first).to_contain_text("has only very common words")
    _search(page, "naloxone")
    expect(page.locator(".hit .hit-title").filter(has_text="Pharmacy: Femme")).to_have_count(1)
