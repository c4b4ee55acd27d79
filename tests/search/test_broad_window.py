"""A broad search answers from its recent window (services.RECENT_DAYS, BROAD_AT): ranked,
counted and faceted among what is dated in the last days, says so, and searches every date
when asked (the page's link, the API's `all_dates`) or when a year is chosen. Below BROAD_AT
nothing changes. The window is one more condition on what the reader may open: it never
counts or shows anything else."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from echohub.library.models import LibrarySettings
from echohub.programs.models import Role
from echohub.search import services
from tests.api.conftest import Api
from tests.factories import ProgramFactory
from tests.search.conftest import make_talk, make_tool

pytestmark = pytest.mark.django_db


def _talks(program: Any, recent: int, old: int, word: str = "naloxone") -> None:
    today = timezone.localdate()
    for i in range(recent):
        make_talk(program, f"Recent {word} talk {i}", given_on=today - dt.timedelta(days=5 + i))
    for i in range(old):
        make_talk(program, f"Older {word} talk {i}", given_on=today - dt.timedelta(days=200 + i))


@pytest.fixture
def broad_at_3(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "BROAD_AT", 3)


def test_a_broad_search_answers_from_its_recent_days(program, make_member, broad_at_3):
    _talks(program, recent=4, old=3)
    user = make_member(program, Role.PARTICIPANT)
    found = services.search(user, "naloxone")
    assert found.since is not None
    assert timezone.now() - found.since == pytest.approx(
        dt.timedelta(days=services.RECENT_DAYS), abs=dt.timedelta(minutes=5)
    )
    assert found.count == 4
    assert {h.title for h in found.hits} == {f"Recent naloxone talk {i}" for i in range(4)}
    # the facet counts are the window's too
    assert sum(v.count for v in found.facets["type"]) == 4
    every = services.search(user, "naloxone", all_dates=True)
    assert every.since is None and every.count == 7


def test_broad_words_window_a_faceted_search_too(program, make_member, broad_at_3):
    """A search's breadth is its words': a facet narrows the window (its own counts too)."""
    _talks(program, recent=4, old=3)
    make_tool(program, "Recent naloxone kit sheet", checked_on=timezone.localdate())
    user = make_member(program, Role.PARTICIPANT)
    found = services.search(user, "naloxone", {"type": ["tool"]})
    assert found.since is not None and found.count == 1
    own = {v.value: v.count for v in found.facets["type"]}
    assert own == {"talk": 4, "tool": 1}  # the window's talks, not the 7 of every date
    every = services.search(user, "naloxone", {"type": ["tool"]}, all_dates=True)
    assert every.since is None and {v.value: v.count for v in every.facets["type"]} == {
        "talk": 7,
        "tool": 1,
    }


def test_below_broad_at_every_date_is_searched(program, make_member, broad_at_3):
    _talks(program, recent=2, old=3)
    found = services.search(make_member(program, Role.PARTICIPANT), "naloxone")
    assert found.since is None and found.count == 5


def test_a_chosen_year_is_never_windowed(program, make_member, broad_at_3):
    _talks(program, recent=4, old=0)
    year = str(timezone.localdate().year)
    found = services.search(make_member(program, Role.PARTICIPANT), "naloxone", {"year": [year]})
    assert found.since is None


def test_the_page_says_so_and_offers_every_date(client, program, make_member, broad_at_3):
    _talks(program, recent=4, old=3)
    client.force_login(make_member(program, Role.PARTICIPANT))
    html = client.get(f"/p/{program.slug}/search/", {"q": "naloxone"}).content.decode()
    assert "4 results" in html and "Many results: these are the best of the last 90 days" in html
    assert "Older naloxone talk" not in html
    assert 'href="?q=naloxone&amp;all=1"' in html
    every = client.get(f"/p/{program.slug}/search/", {"q": "naloxone", "all": "1"})
    text = every.content.decode()
    assert "7 results" in text and "Older naloxone talk" in text and "Many results" not in text
    # the pages of an all-dates search keep asking for every date
    assert services.PER_PAGE > 7 or "all=1&amp;page=2" in text


def test_the_french_page_says_so(client, program, make_member, broad_at_3):
    _talks(program, recent=4, old=1)
    client.force_login(make_member(program, Role.PARTICIPANT, language="fr"))
    html = client.get(
        f"/p/{program.slug}/search/", {"q": "naloxone"}, HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Nombreux résultats\u00a0: voici les meilleurs des 90\u00a0derniers jours" in html
    assert "Chercher à toutes les dates" in html and "Search every date" not in html


def test_the_api_says_since_and_takes_all_dates(client, program, make_member, broad_at_3):
    _talks(program, recent=4, old=3)
    api = Api(client, make_member(program, Role.PARTICIPANT))
    body = api.get("/search", q="naloxone").json()
    assert body["count"] == 4 and body["since"] is not None
    assert dt.datetime.fromisoformat(body["since"]) < timezone.now()
    every = api.get("/search", q="naloxone", all_dates="true").json()
    assert every["count"] == 7 and every["since"] is None
    narrow = api.get("/search", q="naloxone", year=str(timezone.localdate().year)).json()
    assert narrow["since"] is None


def test_the_window_never_counts_what_the_reader_may_not_open(program, make_member, broad_at_3):
    other = ProgramFactory()  # its library is not shared
    _talks(other, recent=6, old=0)
    _talks(program, recent=2, old=2)
    user = make_member(program, Role.PARTICIPANT)
    found = services.search(user, "naloxone")
    assert found.since is None and found.count == 4  # the other program's 6 never count
    LibrarySettings.objects.update_or_create(
        program=other, defaults={"share_with_deployment": True}
    )
    shared = services.search(user, "naloxone")
    assert shared.since is not None and shared.count == 8


_serial = itertools.count()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    recent=st.integers(0, 5),
    old=st.integers(0, 4),
    hidden=st.integers(0, 4),
    broad=st.integers(1, 6),
)
def test_window_or_not_the_count_is_what_the_reader_may_open_in_it(
    program, make_member, monkeypatch, recent, old, hidden, broad
):
    """Whatever the sizes: windowed iff BROAD_AT recent matches, and the count is exactly the
    reader's matches of the searched dates (never another program's)."""
    monkeypatch.setattr(services, "BROAD_AT", broad)
    word = f"zolmitriptan{next(_serial)}"  # the examples share the test's database
    _talks(program, recent=recent, old=old, word=word)
    _talks(ProgramFactory(), recent=hidden, old=hidden, word=word)
    user = make_member(program, Role.PARTICIPANT)
    found = services.search(user, word)
    if recent >= broad:
        assert found.since is not None and found.count == recent
    else:
        assert found.since is None and found.count == recent + old
    assert services.search(user, word, all_dates=True).count == recent + old
