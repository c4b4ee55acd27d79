"""In Chromium: a coordinator's first sign-in sets up an authenticator app (QR code shown under
the strict CSP), saves recovery codes, and reaches the program; the next sign-in asks a code."""

import re

import pyotp
import pytest
from playwright.sync_api import expect

from echohub.programs.models import Role
from echohub.security.models import TotpDevice
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


def test_a_coordinator_sets_up_the_app_then_signs_in_with_a_code(page, settings, tmp_path):
    settings.TWO_FACTOR_ENFORCED = True  # settings_test turns it off for other suites
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    user = UserFactory(email="coord@example.test")
    MembershipFactory(program=program, user=user, role=Role.COORDINATOR)

    _sign_in(page, "coord@example.test")
    page.wait_for_url(re.compile(r"/accounts/security/setup/"))
    assert page.get_by_text("needs a second sign-in step").is_visible()
    qr = page.get_by_role("img", name=re.compile("QR code"))
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    page.screenshot(path=str(tmp_path / "setup.png"), full_page=True)
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)
    page.get_by_label("Code from the app").fill("000000")
    page.get_by_role("button", name="Turn on the second step").click()
    # a form post: wait for the answer page rather than read the one still showing
    expect(page.get_by_text("That code did not match")).to_be_visible()
    page.get_by_label("Code from the app").fill(totp.now())
    page.get_by_role("button", name="Turn on the second step").click()
    codes = page.get_by_role("list", name="Recovery codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    page.get_by_role("link", name="I have saved them: continue").click()
    page.wait_for_url(re.compile(r"/p/chronic-pain/$"))
    assert TotpDevice.objects.get(user=user).confirmed_at is not None

    page.get_by_role("button", name="Sign out").click()
    # signed out once the home page offers "Sign in" again (a goto before cancels the post)
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in")
    ).to_be_visible()
    TotpDevice.objects.filter(user=user).update(last_step=0)  # the same 30 s may be reused here
    _sign_in(page, "coord@example.test")
    page.wait_for_url(re.compile(r"/accounts/security/verify/"))
    page.get_by_label("Code").fill(totp.now())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/p/chronic-pain/$"))
