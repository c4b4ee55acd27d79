"""What an English walk (round walk5) found on announcements: after Send, the back button
brought the preview back and Send sent the same email to the same people a second time (and a
double click could too). A preview's Send now carries a signed key used once: the second Send
sends nothing and says so; a new preview gives a new key."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from echohub.programs.models import Announcement, Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client_and_url(as_role, program):
    for name in ("Ana", "Ben", "Cy"):
        MembershipFactory(program=program, user=UserFactory(first_name=name), role=Role.PARTICIPANT)
    client = as_role(program, Role.COORDINATOR)
    return client, f"/p/{program.slug}/announcements/new/"


def _text(**overrides):
    data = {"subject": "Room change", "body": "The session moves to the larger room."}
    data.update(overrides)
    return data


def _send_data(preview):
    ctx = preview.context
    return _text(
        action="send",
        expected_count=str(ctx["count"]),
        previewed=ctx["fingerprint"],
        once=ctx["once"],
    )


def test_send_pressed_again_from_the_same_preview_sends_once(client_and_url, mailoutbox):
    client, url = client_and_url
    preview = client.post(url, _text())
    assert 'name="once" value="' in preview.content.decode()
    data = _send_data(preview)
    first = client.post(url, data)
    assert first.status_code == 302 and Announcement.objects.count() == 1
    again = client.post(url, data, follow=True)  # the back button, then Send
    assert Announcement.objects.count() == 1
    assert "already sent from this preview" in again.content.decode()
    assert again.redirect_chain[-1][0].endswith("/announcements/")


def test_a_new_preview_may_send_the_same_text_again(client_and_url):
    client, url = client_and_url
    assert client.post(url, _send_data(client.post(url, _text()))).status_code == 302
    assert client.post(url, _send_data(client.post(url, _text()))).status_code == 302
    assert Announcement.objects.count() == 2


def test_a_key_not_signed_by_us_sends_as_a_page_without_one(client_and_url):
    client, url = client_and_url
    preview = client.post(url, _text())
    data = _send_data(preview)
    data["once"] = "not-a-signed-key"
    assert client.post(url, data).status_code == 302  # sent, as a page without a key is
    assert Announcement.objects.count() == 1
