"""What walk7 (a participant's walk in French, then English, at 390 and 1280 px) found on the
profile page, kept fixed: a first or last name emptied and saved was accepted ("Votre profil a
été enregistré"), after which the header showed the email address and rosters, discussions and
certificates a name with a part missing; now the name is refused next to the emptied field, with
focus on it and the rest of what was typed kept. The tokens' heading read "jetons d’API" in
French (the translation is the lower-case one a sentence uses); it starts with a capital. Each
page is free of axe violations and of sideways scrolling."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from echohub.accounts.models import User
from tests.browser import site_map
from tests.browser.test_community_browser import sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390


_clean = site_map.assert_clean  # axe finds nothing, no sideways scrolling


@pytest.fixture(autouse=True)
def _patient(page: Any) -> None:
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(60_000)


def test_an_emptied_first_name_is_refused_at_the_field_in_french(page: Any) -> None:
    UserFactory(
        email="jasmine@example.test", first_name="Jasmine", last_name="Okonkwo", language="fr"
    )
    page.set_viewport_size({"width": PHONE, "height": 900})
    sign_in(page, "jasmine@example.test")
    page.goto("/accounts/profile/")
    expect(page.locator("#tokens-h")).to_have_text("Jetons d’API")
    first = page.locator("#id_first_name")
    first.fill("  ")  # blanks: past the browser's own check, refused by the server
    page.locator("#id_credentials").fill("MD, CCFP")
    page.locator("main form").first.locator("button[type=submit]").first.click()
    expect(first).to_be_focused()
    expect(first).to_have_attribute("aria-invalid", "true")
    error = page.locator(f"#{first.get_attribute('aria-describedby').split()[0]}")
    expect(error).to_contain_text("obligatoire")
    expect(page.locator("#id_credentials")).to_have_value("MD, CCFP")
    expect(page.locator("main")).not_to_contain_text("Votre profil a été enregistré.")
    _clean(page, PHONE)
    user = User.objects.get(email="jasmine@example.test")
    assert (user.first_name, user.credentials) == ("Jasmine", "")
    # The name given back, the profile saves and the header greets the person by it.
    first.fill("Jasmine")
    page.locator("main form").first.locator("button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("Votre profil a été enregistré.")
    expect(page.locator("header nav")).to_contain_text("Jasmine")
    user.refresh_from_db()
    assert user.credentials == "MD, CCFP"


def test_an_emptied_last_name_is_refused_in_english(page: Any) -> None:
    UserFactory(email="sam@example.test", first_name="Sam", last_name="Roy", language="en")
    sign_in(page, "sam@example.test")
    page.goto("/accounts/profile/")
    expect(page.locator("#tokens-h")).to_have_text("API tokens")
    last = page.locator("#id_last_name")
    last.fill("")
    page.locator("main form").first.locator("button[type=submit]").first.click()
    # The browser's own check stops an empty name before it is sent, at the field.
    expect(last).to_be_focused()
    assert last.evaluate("e => e.validity.valueMissing")
    last.fill("   ")
    page.locator("main form").first.locator("button[type=submit]").first.click()
    expect(last).to_be_focused()
    expect(page.locator("main")).to_contain_text("This field is required.")
    _clean(page, 1280)
    assert User.objects.get(email="sam@example.test").last_name == "Roy"
