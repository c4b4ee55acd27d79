"""Email goes through the job queue (django-tasks), enqueued after the transaction commits.

A job carries references, not text: the template's name, the recipient, the language and the
context with every model instance replaced by its label and primary key. The subject (its
message id and values) and the body are rendered when the job runs, in the recipient's
language, which :func:`mail_language` decides for every email of the project: the person's own
(the profile language of the account with that address), else the program's default language
for an email about a program, else LANGUAGE_CODE. Never the language of whoever's request
queued the email (a coordinator working in English writing to a French program's people). So
case titles, summaries and links never sit in the job table, and the logs never see a body. A
password-reset job carries the person's id only: its link is made at send time, in the
person's language.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import partial
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django_tasks import task

from echohub.core.mail_backends import TEMPLATE_HEADER
from echohub.core.oneline import one_line


def _ref(value: Any) -> Any:
    """A context value as plain JSON: models by reference, times as ISO text."""
    if isinstance(value, models.Model):
        return {"__model__": value._meta.label_lower, "pk": value.pk}
    if isinstance(value, dt.datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, dt.date):
        return {"__date__": value.isoformat()}
    if isinstance(value, dict):
        return {str(k): _ref(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_ref(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)  # lazy translations and the like


class _Gone(Exception):
    """A referenced object was deleted before the email went out."""


def _unref(value: Any) -> Any:
    if isinstance(value, dict):
        if "__model__" in value:
            model = apps.get_model(value["__model__"])
            found = model._default_manager.filter(pk=value["pk"]).first()
            if found is None:
                raise _Gone(value["__model__"])
            return found
        if "__datetime__" in value:
            return dt.datetime.fromisoformat(value["__datetime__"])
        if "__date__" in value:
            return dt.date.fromisoformat(value["__date__"])
        return {k: _unref(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unref(v) for v in value]
    return value


@task()
def send_email_task(to: list[str], subject: str, body: str) -> int:
    """Send text already rendered (kept for jobs queued before rendering moved to send time)."""
    return send_mail(one_line(subject), body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)


def _supported(language: object) -> str:
    languages = {code for code, _name in settings.LANGUAGES}
    return language if isinstance(language, str) and language in languages else ""


def fallback_language(*, program: Any = None, known: str = "") -> str:
    """The language of an email to someone who chose none: ``known`` (what they themselves
    asked for on the page that sends the email, e.g. a registration form or a password reset),
    else the program's default language (for mail about a program), else LANGUAGE_CODE."""
    return (
        _supported(known)
        or _supported(getattr(program, "default_language", ""))
        or settings.LANGUAGE_CODE
    )


def mail_language(recipient: Any, *, program: Any = None, known: str = "") -> str:
    """The language of an email to ``recipient`` (an address, or a person already loaded): their
    own choice, else :func:`fallback_language` (``known``, the program's default, LANGUAGE_CODE).
    Every email of the project takes its language from here."""
    if isinstance(recipient, str):
        own = (
            get_user_model()
            ._default_manager.filter(email__iexact=recipient.strip())
            .values_list("language", flat=True)
            .first()
        )
    else:
        own = getattr(recipient, "language", "")
    return _supported(own) or fallback_language(program=program, known=known)


@task()
def send_templated_email_task(
    to: list[str],
    subject: str,
    template: str,
    context: dict[str, Any],
    language: str,
    time_zone: str = "",
    subject_values: dict[str, Any] | None = None,
) -> int:
    """Render the subject and ``template`` now, in the recipient's language (:func:`mail_language`;
    ``language`` is the one for a recipient who chose none, decided when the email was queued)
    and the time zone it was queued in, and send it.

    With ``subject_values`` the subject is a message id (English source text), translated now
    and filled with the values (a program or session given by reference is named in the
    recipient's language); without, it is text already made (older jobs).
    """
    try:
        values = _unref(context)
        filling = _unref(subject_values) if subject_values else subject_values
    except _Gone:
        return 0  # the case, session or person is gone: nothing to tell
    zone = zoneinfo.ZoneInfo(time_zone) if time_zone else None
    language = mail_language(to[0], known=language) if len(to) == 1 else language
    with translation.override(language), timezone.override(zone):
        if filling is not None:
            subject = translation.gettext(subject)
            if filling:
                subject = subject % {
                    key: str(value) if isinstance(value, models.Model) else value
                    for key, value in filling.items()
                }
        body = render_to_string(template, {**values, "SITE_URL": settings.SITE_URL})
    # A title typed with a line break would make Django refuse the header and the email never
    # leave: the subject goes on one line (core.oneline), every word kept.
    subject = one_line(subject)
    # The template's name travels as a header: what the console backend prints instead of a body.
    message = EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, to, headers={TEMPLATE_HEADER: template}
    )
    return message.send(fail_silently=False)


def queue_email(
    *,
    to: str,
    subject: str | Promise,
    template: str,
    context: dict[str, object],
    subject_values: dict[str, object] | None = None,
    program: Any = None,
    known_language: str = "",
) -> None:
    """Queue an email after commit; subject and body are rendered when the job runs (see above).

    Give the subject as its message id, unformatted and marked (``gettext_lazy`` or
    ``gettext_noop``), with its ``subject_values``: it is then translated into the recipient's
    language. Give a program's or a session's name as the object itself (it is named in the
    recipient's language when the job runs). A subject given as finished text is sent as it is.

    ``program`` is the program the email is about (default: the context's ``program``): its
    default language is the one of a recipient who chose none. ``known_language`` is the
    recipient's language as their own request showed it, only when the recipient is the person
    acting (a registration, a password reset). The language active now is never used: it is
    the sender's.
    """
    if program is None:
        program = context.get("program")
    language = fallback_language(program=program, known=known_language)
    if subject_values is not None:
        with translation.override(None):  # the message id, whatever language is active
            subject = str(subject)
    transaction.on_commit(
        partial(
            send_templated_email_task.enqueue,
            [to],
            str(subject).strip(),
            template,
            _ref(context),
            language,
            timezone.get_current_timezone_name(),
            None if subject_values is None else _ref(subject_values),
        )
    )
