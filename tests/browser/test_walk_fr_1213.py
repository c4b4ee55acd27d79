"""What a walk through the product in French (round 1213) found, kept fixed, for what only a
browser shows: the profile's time-zone picker reads in words on a phone (Canada's zones first,
no "America/Toronto" list of 400 keys) and saves the zone the footer then names; a reason the
server refuses for keeping a marked part of a held message comes back in its box, focused, with
the refusal beside it. Each page is free of axe violations and of sideways scrolling."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from echohub.community import services
from echohub.community.models import PostStatus, Topic
from echohub.programs.models import Role
from tests.browser import site_map
from tests.browser.test_community_browser import sign_in
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390


_clean = site_map.assert_clean  # axe finds nothing, no sideways scrolling


@pytest.mark.parametrize("width", [1280, PHONE])
def test_the_time_zone_picker_reads_in_french_words(page: Any, width: int) -> None:
    UserFactory(email="fuseau@example.test", language="fr", time_zone="America/Toronto")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "fuseau@example.test")
    page.goto("/accounts/profile/")
    picker = page.get_by_label("Fuseau horaire")
    expect(picker).to_have_value("America/Toronto")
    first = picker.locator("option").first
    expect(first).to_have_text("Heure de l’Est (Toronto)")
    labels = picker.locator("option").all_text_contents()
    assert not [label for label in labels if "/" in label or "_" in label]
    _clean(page, width)
    picker.select_option(label="Heure du Pacifique (Vancouver)")
    page.locator("main form").first.locator("button[type=submit]").first.click()
    expect(page.locator("footer")).to_contain_text("selon le fuseau du Pacifique (Vancouver)")
    expect(page.get_by_label("Fuseau horaire")).to_have_value("America/Vancouver")


@pytest.mark.parametrize("width", [1280, PHONE])
def test_a_refused_reason_stays_in_its_box_with_focus(page: Any, width: int) -> None:
    program = ProgramFactory(slug="douleur", name="Douleur chronique")
    author = UserFactory(email="auteur@example.test", language="fr", first_name="Ana")
    MembershipFactory(program=program, user=author, role=Role.EXPERT)
    topic = Topic.objects.create(program=program, title="Réduction des opioïdes")
    thread = services.start_thread(
        actor=author, topic=topic, title="Réductions lentes", body="Quel rythme convient?"
    ).thread
    held = services.reply(actor=author, thread=thread, body="Appelez la clinique au 416-555-0199.")
    assert held.status == PostStatus.HELD
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "auteur@example.test")
    page.goto(f"/p/douleur/community/threads/{thread.pk}/")
    reason = "Ask Mr John Smith at 613-555-0142 today"
    box = page.locator("form.phi-override input[name=reason]").first
    box.fill(reason)
    page.locator("form.phi-override button[type=submit]").first.click()
    box = page.locator("form.phi-override input[name=reason]").first
    expect(box).to_have_value(reason)
    expect(box).to_be_focused()
    expect(box).to_have_attribute("aria-invalid", "true")
    error = page.locator(f"#{box.get_attribute('aria-describedby')}")
    expect(error).to_be_visible()
    _clean(page, width)
    held.refresh_from_db()
    assert held.status == PostStatus.HELD
