"""Probe 1214: password-reset links are built from SITE_URL, never from the request's Host.

Django's reset form takes the link's host from the request. With a loose ALLOWED_HOSTS (`*`,
or a proxy passing any Host), whoever asks for a reset of someone else's account chooses the
host of the link that person gets by email: one click hands the reset token to that host."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from echohub.accounts.tasks import send_password_reset_task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

POISON = "reset-catcher.example.net"


def _reset_mail(client: Client, email: str, capture, mailoutbox, **extra) -> str:
    with capture(execute=True):
        client.post("/accounts/password/reset/", {"email": email}, **extra)
    [mail] = mailoutbox
    return mail.body


@pytest.mark.parametrize("secure", [False, True], ids=["http", "https"])
def test_a_reset_asked_with_another_host_links_to_the_site(
    settings, mailoutbox, django_capture_on_commit_callbacks, secure
):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://echohub.example.org"
    UserFactory(email="victim-1214@example.test")
    body = _reset_mail(
        Client(REMOTE_ADDR="198.51.100.31"),
        "victim-1214@example.test",
        django_capture_on_commit_callbacks,
        mailoutbox,
        HTTP_HOST=POISON,
        secure=secure,
    )
    assert POISON not in body
    links = re.findall(r"\S+://\S+", body)
    assert len(links) == 1
    assert links[0].startswith("https://echohub.example.org/accounts/password/reset/")


def test_the_link_keeps_the_path_site_url_has(settings, mailoutbox):
    """An echohub served under a path (https://host/echo) links under that path."""
    settings.SITE_URL = "https://health.example.org/echo"
    user = UserFactory(email="prefix-1214@example.test")
    send_password_reset_task.call(
        user.pk,
        "accounts/email/password_reset_subject.txt",
        "accounts/email/password_reset.txt",
        POISON,
        "http",
        "en",
    )
    [mail] = mailoutbox
    assert POISON not in mail.body
    assert "https://health.example.org/echo/accounts/password/reset/" in mail.body


def test_a_job_queued_with_a_poisoned_host_still_links_to_the_site(settings, mailoutbox):
    """Jobs already queued hold the request's host: the link is made when the job runs."""
    settings.SITE_URL = "https://echohub.example.org"
    user = UserFactory(email="queued-1214@example.test")
    send_password_reset_task.call(
        user.pk,
        "accounts/email/password_reset_subject.txt",
        "accounts/email/password_reset.txt",
        POISON,
        "http",
        "fr",
    )
    [mail] = mailoutbox
    assert POISON not in mail.body and POISON not in mail.subject
    assert "https://echohub.example.org/accounts/password/reset/" in mail.body


def test_without_a_site_url_the_request_host_is_used(settings, mailoutbox):
    """SITE_URL emptied on purpose: the request's host and scheme, as Django does."""
    settings.SITE_URL = ""
    user = UserFactory(email="nosite-1214@example.test")
    send_password_reset_task.call(
        user.pk,
        "accounts/email/password_reset_subject.txt",
        "accounts/email/password_reset.txt",
        "echo.example.com",
        "https",
        "en",
    )
    [mail] = mailoutbox
    assert "https://echo.example.com/accounts/password/reset/" in mail.body
