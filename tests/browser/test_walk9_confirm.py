"""What walk 9 (the live console in French at 390 px) found, kept fixed: a form that asks
before it is sent (starting a session far from its planned time, ending it, removing an agenda
item or a survey question) carries both htmx's hx-confirm and app.js's data-confirm, so the
coordinator was asked the same question twice; the second answer changed nothing, since htmx
had already sent the form. It is asked once now, and a 'no' still sends nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from echohub.live.models import LiveSession
from echohub.programs.models import Role
from tests.browser import site_map
from tests.browser.test_community_browser import sign_in
from tests.factories import (
    AgendaItemFactory,
    MembershipFactory,
    ProgramFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390


@pytest.fixture(autouse=True)
def _patient(page: Any) -> None:
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(60_000)


def test_starting_a_session_far_from_its_plan_asks_once_on_a_french_phone(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    program = ProgramFactory(slug="douleur", name="Douleur chronique")
    coordinator = UserFactory(email="coord@example.test", language="fr")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    # Hours late (days early is refused outright since livestart: it asks nothing then).
    planned = timezone.now() - dt.timedelta(hours=5)
    session = SessionFactory(
        program=program, starts_at=planned, ends_at=planned + dt.timedelta(hours=6)
    )
    AgendaItemFactory(session=session, title="Mot de bienvenue", duration_minutes=5)
    asked: list[str] = []
    answer = {"yes": False}

    def on_dialog(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.accept() if answer["yes"] else dialog.dismiss()

    page.on("dialog", on_dialog)
    page.set_viewport_size({"width": PHONE, "height": 900})
    sign_in(page, "coord@example.test")
    page.goto(f"/p/douleur/live/{session.pk}/console/")
    start = page.get_by_role("button", name="Commencer la séance")
    # 'No': asked once, nothing sent, the session has not started.
    start.click()
    page.wait_for_timeout(500)
    assert len(asked) == 1, asked
    assert not LiveSession.objects.filter(session=session, started_at__isnull=False).exists()
    # 'Yes': asked once more (once in all for this press), and the session runs.
    answer["yes"] = True
    start.click()
    page.get_by_role("button", name="Terminer la séance").wait_for()
    assert len(asked) == 2, asked
    assert LiveSession.objects.get(session=session).started_at is not None
    assert site_map.run_axe(Axe(), page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    # Ending asks once too.
    page.get_by_role("button", name="Terminer la séance").click()
    page.get_by_text("Terminée").first.wait_for()
    assert len(asked) == 3, asked
