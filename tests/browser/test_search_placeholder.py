"""The program menu's search box: its placeholder is shown whole, in English and in French,
at desktop and phone widths (it was cut to "Chercher dans la biblio")."""

from __future__ import annotations

import pytest

from echohub.programs.models import Role
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FITS = """() => {
  const box = document.querySelector('#subnav-q');
  const style = getComputedStyle(box);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = style.font;
  const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return [ctx.measureText(box.placeholder).width, room, box.placeholder];
}"""


@pytest.mark.parametrize("locale", ["en-CA", "fr-CA"])
@pytest.mark.parametrize("width", [1280, 1024, 320])
def test_the_menu_search_placeholder_is_shown_whole(browser, live_server, locale, width):
    from tests.browser.test_search_facets import sign_in

    program = ProgramFactory(slug="chronic-pain")
    reader = UserFactory(email="reader@example.test")
    MembershipFactory(program=program, user=reader, role=Role.PARTICIPANT)
    english = browser.new_context(base_url=live_server.url, locale="en-CA")
    sign_in(english.new_page(), "reader@example.test")
    signed_in = english.storage_state()
    english.close()
    context = browser.new_context(base_url=live_server.url, locale=locale, storage_state=signed_in)
    page = context.new_page()
    try:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/p/chronic-pain/library/")
        toggle = page.locator(".subnav-toggle")
        if toggle.is_visible():  # a phone: the program menu opens first
            toggle.click()
        needed, room, text = page.evaluate(FITS)
        assert needed <= room, (text, needed, room)
        assert text == ("Bibliothèque" if locale == "fr-CA" else "Library")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()
