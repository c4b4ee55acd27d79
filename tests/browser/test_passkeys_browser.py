"""In Chromium with its virtual authenticator (CDP WebAuthn domain: a CTAP2 platform passkey with
user verification): a coordinator's first sign-in sets up a passkey instead of an app, saves the
recovery codes and reaches the program; after signing out, the second step is the passkey."""

import re

import pytest
from playwright.sync_api import expect

from echohub.programs.models import Role
from echohub.security.models import SignInEvent, SignInOutcome, WebAuthnCredential
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, email):
    page.goto("/accounts/login/?next=/p/chronic-pain/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # leave the login page first (it has an h1 and is loaded too); a goto would cancel the post
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _virtual_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def test_a_coordinator_enrols_a_passkey_then_signs_in_with_it(page, settings, tmp_path):
    settings.TWO_FACTOR_ENFORCED = True  # settings_test turns it off for other suites
    settings.WEBAUTHN_RP_ID = "localhost"  # the live server's host
    settings.WEBAUTHN_ORIGINS = []  # the origin the request came to
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    user = UserFactory(email="coord@example.test")
    MembershipFactory(program=program, user=user, role=Role.COORDINATOR)
    page.set_default_timeout(30_000)  # a busy machine
    cdp, authenticator = _virtual_authenticator(page)

    _sign_in(page, "coord@example.test")
    page.wait_for_url(re.compile(r"/accounts/security/setup/"))
    page.get_by_label("Name for this passkey").fill("Test laptop")
    page.get_by_role("button", name="Add a passkey").click()
    codes = page.get_by_role("list", name="Recovery codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    page.screenshot(path=str(tmp_path / "codes.png"), full_page=True)
    page.get_by_role("link", name="I have saved them: continue").click()
    page.wait_for_url(re.compile(r"/p/chronic-pain/$"))
    key = WebAuthnCredential.objects.get(user=user)
    assert key.name == "Test laptop"
    stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(stored["credentials"]) == 1

    page.get_by_role("button", name="Sign out").click()
    # signed out once the home page offers "Sign in" again (a goto before cancels the post)
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in")
    ).to_be_visible()
    _sign_in(page, "coord@example.test")
    page.wait_for_url(re.compile(r"/accounts/security/verify/"))
    page.screenshot(path=str(tmp_path / "verify.png"), full_page=True)
    page.get_by_role("button", name="Use my passkey").click()
    page.wait_for_url(re.compile(r"/p/chronic-pain/$"))
    key.refresh_from_db()
    assert key.last_used_at is not None
    assert key.sign_count >= 1  # Chromium's virtual authenticator counts its signatures
    assert SignInEvent.objects.filter(user=user, outcome=SignInOutcome.PASSKEY).count() == 2

    # The security page lists it with its last use.
    page.goto("/accounts/security/")
    assert page.get_by_text("Test laptop").is_visible()
    assert page.get_by_text(re.compile("last used")).is_visible()
