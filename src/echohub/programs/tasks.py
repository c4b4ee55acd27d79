"""Jobs for programs: each takes ids and renders its email when it runs."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from echohub.core import bilingual
from echohub.programs.models import AnnouncementRecipient


def render_announcement(recipient: AnnouncementRecipient) -> tuple[str, str]:
    """The subject and text of an announcement's email to one person (also the preview), in
    the active language: the program's texts in it, else in the other one, marked."""
    announcement = recipient.announcement
    body = bilingual.localized(announcement, "body")
    context = {
        "announcement": announcement,
        "body": body,
        "fallback_marker": bilingual.marker(body),
        "program": announcement.program,
        "recipient": recipient.user,
        "SITE_URL": settings.SITE_URL,
    }
    name = bilingual.text(announcement.program, "name")
    subject = f"[{name}] {bilingual.text(announcement, 'subject')}"
    return subject, render_to_string("programs/email/announcement.txt", context)


@task()
def send_announcement_email(recipient_id: int) -> int:
    """Email one person one announcement, once: a second run finds it sent and does nothing."""
    with transaction.atomic():
        recipient = (
            AnnouncementRecipient.objects.select_for_update(of=("self",))
            .select_related("announcement__program", "announcement__author", "user")
            .filter(pk=recipient_id, sent_at__isnull=True)
            .first()
        )
        if recipient is None or not recipient.user.is_active:
            return 0
        language = getattr(recipient.user, "language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            subject, body = render_announcement(recipient)
        sent = send_mail(
            subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.user.email], fail_silently=False
        )
        recipient.sent_at = timezone.now()
        recipient.save(update_fields=["sent_at"])
        return sent
