"""The live console with two pages open, in a real browser:

- a participant presses the join button of their live page: the console's "who is here"
  shows them on their site's row at once, without a reload;
- an expert writes their discipline's draft: it saves itself and the chair's console shows it
  without a reload; two people writing the same row at once: the later save is refused as
  stale, says so in the row, and keeps the writer's text;
- the console's roster and the live page on a phone (390 px) and at 320 px: no sideways
  scroll of the page (the roster table scrolls in its own box), axe-clean.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from echohub.attendance.models import AttendanceRow, ImportBatch
from echohub.cases.models import Case, CaseStatus
from echohub.joining.models import JoinEvent, JoinOutcome
from echohub.live import services
from echohub.live.models import RecommendationDraft
from echohub.programs.models import Role
from echohub.scheduling.models import AgendaItem, AgendaKind
from tests.conftest import PASSWORD
from tests.factories import (
    MembershipFactory,
    ProgramFactory,
    SessionFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIDEO = "https://video.example.test/room/thursday"
LIVE = "Live: updates arrive as they happen."


def _axe_clean(page: Any) -> None:
    violations = Axe().run(page).response["violations"]
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]


@pytest.fixture
def live_session() -> dict[str, Any]:
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    chair = UserFactory(email="chair@example.test", first_name="Cleo", last_name="Tran")
    MembershipFactory(program=program, user=chair, role=Role.COORDINATOR)
    nurse = UserFactory(
        email="nurse@example.test",
        first_name="Nadia",
        last_name="Roy",
        profession="registered_nurse",
    )
    MembershipFactory(program=program, user=nurse, role=Role.EXPERT)
    site = SiteFactory(program=program, name="Lakeshore Community Health Centre")
    spoke = UserFactory(email="spoke@example.test", first_name="Lena", last_name="Fournier")
    MembershipFactory(program=program, user=spoke, role=Role.PARTICIPANT, site=site)
    start = timezone.now() - dt.timedelta(minutes=3)
    session = SessionFactory(
        program=program,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=90),
        video_provider="external",
        video_url=VIDEO,
    )
    items = [
        AgendaItem.objects.create(
            session=session, kind=kind, title=title, position=n, duration_minutes=20
        )
        for n, (kind, title) in enumerate(
            [(AgendaKind.DIDACTIC, "Tapering talk"), (AgendaKind.CASE, "Case: low back pain")], 1
        )
    ]
    case = Case.objects.create(
        program=program,
        presenter=spoke,
        status=CaseStatus.SCHEDULED,
        number="2026-001",
        session=session,
        agenda_item=items[1],
        title="Chronic low back pain on high-dose opioids",
        age_band="50-59",
        working_diagnoses="Lumbar degenerative disc disease",
        questions="How should we approach a slow taper?",
    )
    services.start_session(actor=chair, session=session)
    services.forget_pushed_clicks()  # ids may repeat across tests: this process forgets
    return {
        "program": program,
        "session": session,
        "case": case,
        "chair": chair,
        "nurse": nurse,
        "spoke": spoke,
        "site": site,
        "console": f"/p/{program.slug}/live/{session.pk}/console/",
        "page": f"/p/{program.slug}/live/{session.pk}/",
    }


@pytest.fixture
def pages(browser: Any, live_server: Any) -> Iterator[Any]:
    """Opens signed-in pages; their console errors may hold only the refusals a test asks
    for (a 409 of a stale draft logs "Failed to load resource" in Chromium)."""
    opened: list[tuple[Any, list[str]]] = []

    def open_page(email: str, path: str, width: int = 1280) -> Any:
        context = browser.new_context(
            base_url=live_server.url,
            locale="en-CA",
            timezone_id="America/Toronto",
            viewport={"width": width, "height": 900},
        )
        # The video platform is outside: a stand-in page answers for it.
        context.route(
            "https://video.example.test/**",
            lambda route: route.fulfill(
                status=200,
                content_type="text/html",
                body="<!doctype html><title>Video</title><h1>Video meeting</h1>",
            ),
        )
        page = context.new_page()
        page.set_default_timeout(30_000)  # as conftest's page: a loaded machine
        page.set_default_navigation_timeout(60_000)
        errors: list[str] = []
        page.on(
            "console",
            lambda msg: (
                errors.append(f"{msg.text} {msg.location.get('url', '')}")
                if msg.type == "error"
                else None
            ),
        )
        opened.append((page, errors))
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").press("Enter")
        # leave the login page first (it has an h1 and is loaded too); a goto would cancel the post
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        page.goto(path)
        return page

    yield open_page
    for page, errors in opened:
        page.context.close()
        others = [e for e in errors if not ("(Conflict)" in e and "/draft/" in e)]
        assert others == [], f"browser console errors: {others}"


def test_join_button_puts_the_participant_on_the_console_roster_without_reload(
    pages: Any, live_session: dict[str, Any]
) -> None:
    hub = pages("chair@example.test", live_session["console"])
    spoke = pages("spoke@example.test", live_session["page"])
    hub.get_by_text(LIVE).wait_for()
    roster = hub.locator("#roster-pane")
    expect(roster).to_contain_text("Nobody has joined yet.")
    hub.evaluate("window.__sameDocument = true")

    spoke.get_by_role("link", name="Join the video meeting").click()
    spoke.get_by_role("heading", name="Video meeting").wait_for()
    t0 = time.monotonic()
    row = roster.get_by_role("row").filter(has_text="Lakeshore Community Health Centre")
    expect(row).to_contain_text("Lena Fournier (opened the link)", timeout=10_000)
    took = time.monotonic() - t0
    assert took < 10, took  # the event, not the 20-second re-read
    expect(roster).to_contain_text("1 opened their join link, not yet seen in the video")
    assert hub.evaluate("window.__sameDocument") is True
    assert JoinEvent.objects.filter(
        user=live_session["spoke"], outcome=JoinOutcome.REDIRECTED
    ).exists()


def test_scribe_autosave_reaches_the_chair_and_a_conflict_keeps_the_text(
    pages: Any, live_session: dict[str, Any]
) -> None:
    case = live_session["case"]
    field = f"#draft-{case.pk}-nursing"
    chair = pages("chair@example.test", live_session["console"])
    nurse = pages("nurse@example.test", live_session["console"])
    chair.get_by_text(LIVE).wait_for()
    nurse.get_by_text(LIVE).wait_for()
    # The nurse writes the nursing row only; the chair's console sees it without a reload.
    expect(nurse.locator(f"#draft-{case.pk}-pharmacy")).to_have_attribute("readonly", "")
    chair.evaluate("window.__sameDocument = true")
    nurse.locator(field).fill("Teach the family naloxone use before the first step down.")
    expect(nurse.locator(f"{field} ~ .live-draft-status")).to_contain_text("Saved (version 1)")
    expect(chair.locator(field)).to_have_value(
        "Teach the family naloxone use before the first step down.", timeout=10_000
    )
    expect(chair.locator(f"{field} ~ .live-draft-status")).to_contain_text(
        "Saved by Nadia Roy (version 1)"
    )
    assert chair.evaluate("window.__sameDocument") is True

    # Both write the same row at once (both still on version 1): whichever save lands first
    # wins, the other is refused as stale and its writer's text stays in the box to copy and
    # merge. Which one lands first depends on the machine's load: either order is right.
    texts = {
        "nurse": (nurse, "Naloxone teaching; weekly nurse calls during the taper."),
        "chair": (chair, "Chair's addition: check the pharmacy plan too."),
    }
    nurse.locator(field).fill(texts["nurse"][1])
    chair.locator(field).fill(texts["chair"][1])
    refused = None
    for _ in range(100):  # up to about 10 s
        for who, (page, _text) in texts.items():
            status = page.locator(f"{field} ~ .live-draft-status").inner_text()
            if "changed this draft meanwhile" in status:
                refused = who
        if refused:
            break
        chair.wait_for_timeout(100)
    assert refused is not None, "neither writer was told that the other changed the draft"
    winner = "chair" if refused == "nurse" else "nurse"
    expect(texts[refused][0].locator(field)).to_have_value(texts[refused][1])
    expect(texts[winner][0].locator(f"{field} ~ .live-draft-status")).to_contain_text(
        "Saved (version 2)"
    )
    # The page says version 2 once the server answered; the row is read until it shows it (a
    # read begun under load may still see the row as it was), at most about 20 s (a fresh
    # clone's SQLite run on a loaded machine once needed more than 5 s).
    for _ in range(200):
        draft = RecommendationDraft.objects.get(case=case, discipline="nursing")
        if draft.version == 2:
            break
        chair.wait_for_timeout(100)
    assert (draft.version, draft.author_id) == (2, live_session[winner].pk)
    assert draft.text == texts[winner][1]
    assert chair.evaluate("window.__sameDocument") is True


def test_one_writers_second_pause_waits_for_the_first_save_and_is_no_conflict(
    pages: Any, live_session: dict[str, Any]
) -> None:
    """A slow network: the nurse pauses (a save leaves), types on and pauses again before the
    first save has answered. The second save waits for the first and carries its version, so
    the nurse is never told a colleague changed the draft (hx-sync on the row's form)."""
    case = live_session["case"]
    field = f"#draft-{case.pk}-nursing"
    nurse = pages("nurse@example.test", live_session["console"])
    nurse.get_by_text(LIVE).wait_for()
    held: list[Any] = []
    sent: list[str] = []

    def hold_first(route: Any) -> None:
        sent.append(route.request.post_data or "")
        if len(sent) == 1:
            held.append((route, route.fetch()))  # saved on the server, answer kept back
        else:
            route.continue_()

    nurse.route("**/draft/", hold_first)
    nurse.locator(field).fill("Weekly nurse calls.")
    for _ in range(100):
        if held:
            break
        nurse.wait_for_timeout(100)
    assert held, "the first autosave never left"
    nurse.locator(field).fill("Weekly nurse calls during the taper.")
    nurse.wait_for_timeout(2500)  # the second pause is over: its save waits for the first
    assert len(sent) == 1
    route, response = held[0]
    route.fulfill(response=response)
    status = nurse.locator(f"{field} ~ .live-draft-status")
    expect(status).to_contain_text("Saved (version 2)")
    assert "meanwhile" not in status.inner_text()
    draft = RecommendationDraft.objects.get(case=case, discipline="nursing")
    assert (draft.version, draft.text) == (2, "Weekly nurse calls during the taper.")


@pytest.mark.parametrize("width", [390, 320])
def test_roster_and_live_page_fit_a_phone(
    pages: Any, live_session: dict[str, Any], width: int
) -> None:
    """A full roster (long names, long site names, late, link only, a guest, absent people)
    on a phone: the page never scrolls sideways; the table may, inside its own box."""
    program, session = live_session["program"], live_session["session"]
    long_site = SiteFactory(
        program=program, name="Algoma Highlands Family Health Team — Wawa satellite clinic"
    )
    batch = ImportBatch.objects.create(session=session, source="zoom_api", filename="live")
    for n in range(8):
        user = UserFactory(first_name=f"Marie-Josée{n}", last_name="Tremblay-Kowalczyk-Fitzgerald")
        MembershipFactory(program=program, user=user, role=Role.PARTICIPANT, site=long_site)
        if n < 3:
            JoinEvent.objects.create(
                session=session, user=user, provider="external", outcome=JoinOutcome.REDIRECTED
            )
        elif n < 6:
            AttendanceRow.objects.create(
                session=session,
                batch=batch,
                row_number=n,
                fingerprint=f"phone-{n}",
                source="zoom_api",
                name=user.get_full_name(),
                join_at=session.starts_at + dt.timedelta(minutes=2 * n),
                user=user,
            )
    AttendanceRow.objects.create(
        session=session,
        batch=batch,
        row_number=99,
        fingerprint="phone-guest",
        source="zoom_api",
        name="Boardroom phone line",
        join_at=session.starts_at,
    )
    hub = pages("chair@example.test", live_session["console"], width=width)
    roster = hub.locator("#roster-pane")
    expect(roster).to_contain_text("in the video meeting")
    expect(roster).to_contain_text("late")
    for page in (hub, pages("spoke@example.test", live_session["page"], width=width)):
        page.get_by_text(LIVE).wait_for()
        sizes = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert sizes[0] <= sizes[1] + 1, (page.url, width, sizes)
        _axe_clean(page)
    box = roster.locator(".table-scroll")
    fits = box.evaluate("(el) => el.getBoundingClientRect().right <= window.innerWidth + 1")
    assert fits, width
