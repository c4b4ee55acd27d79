"""The development/demo console email backend prints one line of metadata per message, never an
address, a subject or a body (case titles, reset links); bodies only on request under DEBUG."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from echohub.core import mail as core_mail
from echohub.core.mail_backends import TEMPLATE_HEADER, MetadataConsoleBackend, describe
from tests.factories import SessionFactory, UserFactory

SECRETS = ("Woman in her 80s", "person@example.test", "Reset your password", "/reset/abc123/")


def message(**kw: Any) -> EmailMessage:
    data: dict[str, Any] = {
        "subject": "Reset your password",
        "body": "Hello, follow /reset/abc123/ about Woman in her 80s.",
        "from_email": "echohub <noreply@echohub.invalid>",
        "to": ["person@example.test", "other@example.test"],
        "headers": {TEMPLATE_HEADER: "cases/email/scheduled.txt"},
    }
    data.update(kw)
    return EmailMessage(**data)


def printed(msg: EmailMessage) -> str:
    out = io.StringIO()
    assert MetadataConsoleBackend(stream=out).send_messages([msg]) == 1
    return out.getvalue()


def test_a_message_is_printed_as_one_line_of_metadata(settings):
    settings.DEBUG = False
    out = printed(message())
    assert out == (
        "[email] recipients=2 template=cases/email/scheduled.txt "
        f"body_chars={len(message().body)} attachments=0\n"
    )
    for secret in SECRETS:
        assert secret not in out


def test_a_message_without_a_template_header_says_so(settings):
    msg = message(headers={}, cc=["c@example.test"])
    msg.attach("letter.pdf", b"%PDF-1.4", "application/pdf")
    assert describe(msg).startswith("[email] recipients=3 template=- ")
    assert describe(msg).endswith("attachments=1")
    assert "example.test" not in printed(msg)


def test_bodies_are_printed_only_when_asked_for_under_debug(settings):
    settings.DEBUG, settings.EMAIL_LOG_BODIES = True, True
    out = printed(message())
    assert "/reset/abc123/" in out and "Reset your password" in out
    settings.DEBUG = False  # asked for, but not in DEBUG: metadata only
    out = printed(message())
    assert "/reset/abc123/" not in out and out.startswith("[email] recipients=2")
    settings.DEBUG, settings.EMAIL_LOG_BODIES = True, False  # DEBUG alone prints no body
    assert "/reset/abc123/" not in printed(message())


@pytest.mark.django_db
def test_a_queued_email_reaches_the_console_without_its_text(
    settings, capsys, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "echohub.core.mail_backends.MetadataConsoleBackend"
    settings.DEBUG = False
    user = UserFactory(email="person@example.test")
    session = SessionFactory(title="Woman in her 80s")
    with django_capture_on_commit_callbacks(execute=True):
        core_mail.queue_email(
            to=user.email,
            subject="About Woman in her 80s",
            template="joining/email/reminder.txt",
            context={"session": session, "user": user, "join_path": "/join/secret-token/"},
        )
    out = capsys.readouterr().out
    assert "[email] recipients=1 template=joining/email/reminder.txt body_chars=" in out
    for secret in (*SECRETS, "secret-token", "About"):
        assert secret not in out


@pytest.mark.django_db
def test_templated_emails_carry_the_template_name_header(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        core_mail.queue_email(
            to=user.email,
            subject="Reminder",
            template="joining/email/reminder.txt",
            context={"session": SessionFactory(), "user": user},
        )
    assert mail.outbox[-1].extra_headers[TEMPLATE_HEADER] == "joining/email/reminder.txt"


def _settings_of(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "DJANGO_"))}
    clean.pop("DEBUG", None)
    clean.update({"SECRET_KEY": "x" * 50, **env})
    code = "import echohub.settings as s; print(s.EMAIL_BACKEND, s.EMAIL_LOG_BODIES)"
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=False
    )


def test_the_console_backend_is_the_metadata_one_by_default_and_when_named(tmp_path):
    var = str(tmp_path)
    default = _settings_of(ECHOHUB_VAR_DIR=var)
    assert default.stdout.split() == ["echohub.core.mail_backends.MetadataConsoleBackend", "False"]
    named = _settings_of(
        ECHOHUB_VAR_DIR=var, EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"
    )
    assert named.stdout.split()[0] == "echohub.core.mail_backends.MetadataConsoleBackend"
    smtp = _settings_of(
        ECHOHUB_VAR_DIR=var, EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend"
    )
    assert smtp.stdout.split()[0] == "django.core.mail.backends.smtp.EmailBackend"


def test_email_log_bodies_is_refused_without_debug(tmp_path):
    refused = _settings_of(ECHOHUB_VAR_DIR=str(tmp_path), EMAIL_LOG_BODIES="1", DEBUG="0")
    assert refused.returncode != 0
    assert "EMAIL_LOG_BODIES prints whole emails: it needs DEBUG=1" in refused.stderr
    allowed = _settings_of(ECHOHUB_VAR_DIR=str(tmp_path), EMAIL_LOG_BODIES="1", DEBUG="1")
    assert allowed.returncode == 0 and allowed.stdout.split()[1] == "True"
