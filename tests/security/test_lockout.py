"""Lockouts per account and per address, shared by every client; limits on forms that email."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache

from echohub.security import limits
from echohub.security.models import RateCounter, SignInEvent
from tests.conftest import PASSWORD
from tests.factories import ProgramFactory, UserFactory
from tests.security.conftest import address_client

pytestmark = pytest.mark.django_db

LOCKED = "Too many unsuccessful sign-ins for this email address or from your network"
WRONG = "Please enter a correct email and password"


def _is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(sign_in):
    UserFactory(email="doc@example.test")
    client = address_client("198.51.100.7")
    for _ in range(4):
        assert WRONG in sign_in(client, "doc@example.test", "nope").content.decode()
    fifth = sign_in(client, "doc@example.test", "nope").content.decode()
    assert LOCKED in fifth and "Wait 15 minutes" in fifth
    right = sign_in(client, "doc@example.test")
    assert right.status_code == 200 and LOCKED in right.content.decode()
    assert not _is_signed_in(client)


def test_the_account_lockout_is_shared_across_clients_and_addresses(sign_in):
    """Two attackers from two addresses add up; a third client is refused too."""
    UserFactory(email="doc@example.test")
    first, second = address_client("198.51.100.7"), address_client("203.0.113.9")
    for _ in range(3):
        sign_in(first, "DOC@example.test", "nope")
    for _ in range(2):
        sign_in(second, "doc@example.test", "wrong")
    third = address_client("192.0.2.44")
    assert LOCKED in sign_in(third, "doc@example.test").content.decode()
    assert not _is_signed_in(third)


def test_the_lockout_ends_after_its_time(sign_in):
    UserFactory(email="doc@example.test")
    client = address_client("198.51.100.7")
    start = dt.datetime(2031, 1, 6, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            sign_in(client, "doc@example.test", "nope")
    with time_machine.travel(start + dt.timedelta(minutes=14), tick=False):
        assert LOCKED in sign_in(client, "doc@example.test").content.decode()
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        assert sign_in(client, "doc@example.test").status_code == 302
        assert _is_signed_in(client)


def test_an_unknown_email_is_locked_the_same_way_so_nothing_is_revealed(sign_in):
    UserFactory(email="doc@example.test")
    real, ghost = address_client("198.51.100.7"), address_client("203.0.113.9")
    real_pages = [sign_in(real, "doc@example.test", "nope") for _ in range(6)]
    ghost_pages = [sign_in(ghost, "ghost@example.test", "nope") for _ in range(6)]
    for a, b in zip(real_pages, ghost_pages, strict=True):
        assert a.status_code == b.status_code
        assert (WRONG in a.content.decode()) == (WRONG in b.content.decode())
        assert (LOCKED in a.content.decode()) == (LOCKED in b.content.decode())
    assert "ghost" not in str(list(RateCounter.objects.values_list("key", flat=True)))


def test_many_accounts_tried_from_one_address_lock_that_address(sign_in, settings):
    settings.SIGNIN_MAX_FAILURES_PER_ADDRESS = 4
    UserFactory(email="doc@example.test")
    sprayer = address_client("198.51.100.7")
    for n in range(4):
        sign_in(sprayer, f"person{n}@example.test", "Winter2031!")
    refused = sign_in(sprayer, "doc@example.test")
    assert LOCKED in refused.content.decode() and not _is_signed_in(sprayer)
    elsewhere = address_client("203.0.113.9")
    assert sign_in(elsewhere, "doc@example.test").status_code == 302


def test_a_right_password_does_not_reset_someone_elses_lock(sign_in):
    UserFactory(email="a@example.test")
    UserFactory(email="b@example.test")
    client = address_client("198.51.100.7")
    for _ in range(5):
        sign_in(client, "a@example.test", "nope")
    assert sign_in(address_client("203.0.113.1"), "b@example.test").status_code == 302
    assert LOCKED in sign_in(address_client("203.0.113.2"), "a@example.test").content.decode()


def test_the_cache_store_counts_the_same_way(settings):
    """With REDIS_URL set the counters live in the cache (here the test's local cache)."""
    settings.SECURITY_RATE_STORE = "cache"
    cache.clear()
    rule = limits.Limit("test", limit=3, window=60, lockout=120)
    assert limits.record(rule, "k") == 0
    assert limits.record(rule, "K ") == 0  # keys are normalised like emails
    assert 110 <= limits.record(rule, "k") <= 120
    assert limits.locked_for(rule, "k") > 0 and limits.locked_for(rule, "other") == 0
    limits.clear(rule, "k")
    assert limits.locked_for(rule, "k") == 0
    assert not RateCounter.objects.exists()


def test_the_admin_login_sends_people_to_the_one_sign_in_page(client):
    response = client.get("/admin/login/?next=/admin/programs/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fprograms%2F"
    posted = client.post("/admin/login/", {"username": "a@example.test", "password": "x"})
    assert posted.status_code == 302 and posted["Location"].startswith("/accounts/login/")


# --- the sign-in record ---------------------------------------------------------------------


def test_the_security_page_lists_sign_ins_and_failures_with_truncated_addresses(sign_in):
    user = UserFactory(email="doc@example.test")
    other = UserFactory(email="other@example.test")
    client = address_client("198.51.100.77")
    sign_in(client, "doc@example.test", "nope")
    sign_in(address_client("203.0.113.5"), "other@example.test", "nope")
    sign_in(client, "doc@example.test")
    page = client.get("/accounts/security/").content.decode()
    assert "Wrong password" in page and "Signed in" in page
    assert "198.51.100.0/24" in page and "198.51.100.77" not in page
    assert "Firefox on Windows" in page
    assert "203.0.113" not in page  # someone else's failure is theirs alone
    events = SignInEvent.objects.filter(user=user).order_by("-at", "-pk")
    assert [e.outcome for e in events] == ["success", "wrong_password"]
    assert SignInEvent.objects.filter(user=other).count() == 1


def test_the_security_page_needs_sign_in(client):
    response = client.get("/accounts/security/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_ipv6_addresses_are_kept_to_their_48(sign_in):
    UserFactory(email="doc@example.test")
    client = address_client("2001:db8:abcd:12:34::1")
    sign_in(client, "doc@example.test")
    assert SignInEvent.objects.get().address == "2001:db8:abcd::/48"


# --- forms that send an email to the address typed ------------------------------------------


def test_password_reset_is_limited_per_email_typed(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    UserFactory(email="doc@example.test")
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(7):
            client = address_client(f"198.51.100.{n + 1}")
            answers.append(client.post("/accounts/password/reset/", {"email": "doc@example.test"}))
    assert [r.status_code for r in answers] == [302] * 5 + [429] * 2
    assert len(mailoutbox) == 5
    assert "Wait 60 minutes" in answers[-1].content.decode()
    assert answers[-1]["Retry-After"].isdigit()


def test_password_reset_is_limited_per_address_whatever_the_email(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_FORMS_MAX_PER_HOUR_PER_ADDRESS = 3
    client = address_client("198.51.100.7")
    codes = [
        client.post("/accounts/password/reset/", {"email": f"p{n}@example.test"}).status_code
        for n in range(5)
    ]
    assert codes == [302, 302, 302, 429, 429]
    assert (
        address_client("203.0.113.1")
        .post("/accounts/password/reset/", {"email": "p9@example.test"})
        .status_code
        == 302
    )


def test_registration_is_limited_per_address(settings, mailoutbox):
    """Registration emailed any address typed, 30 in 0.7 s: now the form is refused first."""
    settings.EMAIL_FORMS_MAX_PER_HOUR_PER_ADDRESS = 3
    program = ProgramFactory()
    client = address_client("198.51.100.7")
    codes = [
        client.post(f"/p/{program.slug}/register/", {"email": f"x{n}@example.test"}).status_code
        for n in range(5)
    ]
    assert codes[:3] == [400, 400, 400]  # reached the form (incomplete here)
    assert codes[3:] == [429, 429]
    refused = client.post(f"/p/{program.slug}/register/", {"email": "y@example.test"})
    assert "Too many requests" in refused.content.decode()
    assert mailoutbox == []


def test_registration_is_limited_per_email_typed(settings):
    program = ProgramFactory()
    codes = [
        address_client(f"198.51.100.{n + 1}")
        .post(f"/p/{program.slug}/register/", {"email": "target@example.test"})
        .status_code
        for n in range(7)
    ]
    assert codes == [400] * 5 + [429] * 2


def test_reading_the_forms_is_never_limited():
    client = address_client("198.51.100.7")
    assert all(client.get("/accounts/password/reset/").status_code == 200 for _ in range(30))


def test_a_reset_lifts_the_account_lockout(
    sign_in, django_capture_on_commit_callbacks, mailoutbox, settings
):
    import re

    settings.SITE_URL = "https://echohub.example.org"  # links are built from it (probe 1214)
    UserFactory(email="doc@example.test")
    client = address_client("198.51.100.7")
    for _ in range(5):
        sign_in(client, "doc@example.test", "nope")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "doc@example.test"})
    link = re.search(
        r"https://echohub\.example\.org(/accounts/password/reset/\S+/)", mailoutbox[0].body
    )
    form_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]
    client.post(
        form_url, {"new_password1": "a brand new phrase", "new_password2": "a brand new phrase"}
    )
    assert sign_in(client, "doc@example.test", "a brand new phrase").status_code == 302
    assert PASSWORD != "a brand new phrase"


def test_the_api_registration_is_limited_per_email_typed_across_addresses():
    """The same rule as the web form, answered in the API's JSON shape."""
    program = ProgramFactory(slug="pain")
    answers = [
        address_client(f"198.51.100.{n + 1}").post(
            f"/api/v1/programs/{program.slug}/registrations",
            '{"email": "target@example.test"}',
            content_type="application/json",
        )
        for n in range(6)
    ]
    assert [a.status_code for a in answers[:5]] == [422] * 5  # reached the endpoint
    assert answers[5].status_code == 429 and answers[5].json()["code"] == "throttled"
    assert int(answers[5]["Retry-After"]) > 0
