"""axe-core (4.12, through axe-playwright-python) on every page of the site for every role, in
English and French, at desktop (1280 px) and phone (390 px) widths: no violation of any impact.

The pages come from the URLconf (site_map.py): a new page is walked without anyone listing it,
and a new URL with arguments fails `test_every_url_is_walked` until it is given an object or a
reason. The data is the demo (both programs, 150 people, cases at every step). A rendering
already checked (the same program menu and main content, e.g. a page two roles see alike) is
not checked again at the same width and language; every role's own header is.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser import site_map
from tests.browser.site_map import ROLES, WIDTHS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # The first test of a language to ask for its walk loads the demo and visits every page
    # (5 to 10 minutes on two busy cores); the others read it.
    pytest.mark.timeout(1200),
]

BY_LANGUAGE = site_map.language_params()  # each language's walk in its own xdist group


@pytest.fixture
def walked(request: pytest.FixtureRequest, language: str) -> site_map.SiteWalk:
    return site_map.site_walk(request, language)


def _report(visits: list[site_map.Visit]) -> str:
    lines = []
    for v in visits:
        for width, found in (v.violations or {}).items():
            for x in found:
                lines.append(
                    f"{v.role} {v.language} {width}px {v.url} ({v.name}): {x['id']} "
                    f"[{x['impact']}] {x['help']} × {x['nodes']} at {x['targets']}"
                )
    return "\n".join(lines)


@pytest.mark.parametrize("language", BY_LANGUAGE)
def test_the_walk_tests_share_one_worker(request: pytest.FixtureRequest, language: str) -> None:
    """Under `make test` (xdist, --dist loadgroup) a language's walk tests carry its group in
    their id, so they run on one worker and the site is walked once per language. pytest 9.2
    with pytest-xdist 3.8 dropped the group silently (xdist issue 1386): both workers walked
    the site at once."""
    if not getattr(request.config.option, "loadgroup", False):  # set in xdist's workers
        pytest.skip("not run under xdist's --dist loadgroup")
    assert request.node.nodeid.endswith(f"@site_walk_{language}"), request.node.nodeid


def test_every_url_is_walked() -> None:
    """Each named URL with arguments is shown for an object, or said not to be a page."""
    assert site_map.unmapped() == []
    names = {name for name, _route, _args in site_map.patterns()}
    assert set(site_map.NOT_PAGES) <= names, "NOT_PAGES names a URL that no longer exists"
    assert set(site_map.KWARGS) <= names, "KWARGS names a URL that no longer exists"
    assert set(site_map.SUBJECT_LANGUAGE) <= names, "SUBJECT_LANGUAGE names no URL"


@pytest.mark.parametrize("language", BY_LANGUAGE)
def test_every_page_is_seen_by_some_role(walked: site_map.SiteWalk) -> None:
    """A page nobody can open (500, 404 for every role) would pass the other tests unseen."""
    pages = {v.name for v in walked.visits if v.page}
    names = {u.name for u in walked.urls}
    assert names - pages == set(), {
        n: sorted({(v.role, v.status) for v in walked.visits if v.name == n}) for n in names - pages
    }
    assert all(v.status < 500 for v in walked.visits), [
        (v.role, v.url, v.status) for v in walked.visits if v.status >= 500
    ]


@pytest.mark.parametrize("language", BY_LANGUAGE)
@pytest.mark.parametrize("role", list(ROLES))
def test_no_axe_violations(walked: site_map.SiteWalk, role: str, language: str) -> None:
    visits = walked.of(role, language)
    pages = [v for v in visits if v.page]
    assert pages, f"{role} saw no page"
    asked = [v for v in pages if v.name not in site_map.SUBJECT_LANGUAGE]
    assert {v.lang_attr for v in asked} == {language[:2]}, "pages not in the asked language"
    assert {v.lang_attr for v in pages} <= {"en", "fr"}
    checked = sum(1 for v in pages for w in WIDTHS if w in (v.violations or {}))
    assert checked > 0
    assert _report(pages) == ""


@pytest.mark.parametrize("language", BY_LANGUAGE)
def test_walk_covers_each_role_at_each_width(walked: site_map.SiteWalk, language: str) -> None:
    """The summary the docs quote (docs/testing.md): pages × roles × widths, per language."""
    per_role: dict[tuple[str, str], Any] = {}
    for v in walked.visits:
        if v.page:
            per_role.setdefault((v.role, v.language), []).append(v)
    for role in ROLES:
        assert per_role.get((role, language)), (role, language)
    assert {v.language for v in walked.visits} == {language}
    print(
        f"\n{language}: {len({v.url for v in walked.visits if v.page})} pages; "
        f"{sum(1 for v in walked.visits if v.page)} page visits; "
        f"axe runs: {sum(len(v.violations or {}) for v in walked.visits)}; "
        f"skipped as already checked: {sum(len(v.axe_skipped or {}) for v in walked.visits)}; "
        f"{walked.seconds:.0f} s"
    )
