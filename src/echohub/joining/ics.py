"""iCalendar (RFC 5545) output for sessions: one session, or a person's whole feed.

UIDs are stable per session; SEQUENCE is the session's (bumped on reschedule and cancel);
cancelled sessions stay in the feed with STATUS:CANCELLED so calendars remove them. Times carry
their TZID with a VTIMEZONE. Join links are the person's own /join/ links: provider URLs (which
may hold passcodes) never appear.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from echohub.core import bilingual
from echohub.core.oneline import one_line
from echohub.scheduling.models import AgendaKind, Session, SessionStatus

PRODID = "-//echohub//teleECHO sessions//EN"

#: Agenda items about a patient case.
CASE_KINDS = frozenset({AgendaKind.CASE, AgendaKind.FOLLOW_UP})


def uid_for(session: Session) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "echohub"
    return f"session-{session.pk}@{host}"


def _event(session: Session, join_token: str | None, stamp: dt.datetime) -> icalendar.Event:
    tz = zoneinfo.ZoneInfo(session.time_zone)
    event = icalendar.Event()
    event.add("uid", uid_for(session))
    event.add("dtstamp", stamp)
    event.add("dtstart", session.starts_at.astimezone(tz))
    event.add("dtend", session.ends_at.astimezone(tz))
    event.add("sequence", session.sequence)
    # The program's texts in the active language (the reader's), else the other one.
    # Typed text goes in on one line each (core.oneline): a bare CR or LF would end the property
    # for some readers. icalendar escapes the rest (backslash, ";", ",", the description's own
    # line breaks) and folds long lines (RFC 5545 3.1, 3.3.11).
    # In the reader's typography (French « Programme : Séance »; walk 9), as the agenda lines.
    summary = _("%(kind)s: %(title)s") % {
        "kind": bilingual.text(session.program, "name"),
        "title": bilingual.text(session, "title"),
    }
    event.add("summary", one_line(summary))
    page = settings.SITE_URL + reverse(
        "scheduling:session", kwargs={"slug": session.program.slug, "pk": session.pk}
    )
    event.add("url", page)
    lines = []
    if session.status == SessionStatus.CANCELLED:
        event.add("status", "CANCELLED")
        lines.append(_("CANCELLED: %(reason)s") % {"reason": one_line(session.cancel_reason)})
    else:
        event.add("status", "CONFIRMED")
    if join_token and session.status != SessionStatus.CANCELLED:
        join = settings.SITE_URL + reverse("joining:join", kwargs={"token": join_token})
        event.add("location", join)
        lines.append(_("Join: %(link)s") % {"link": join})
    items = list(session.agenda_items.all())
    if items:
        lines.append("")
        lines.append(_("Agenda:"))
        for item in items:
            if item.kind in CASE_KINDS:
                # Calendar files leave the platform: a case is never named there, nor its
                # presenter (the case page, with its audit, is one click away).
                lines.append(f"- {item.get_kind_display()}")
                continue
            who = f" ({one_line(item.presenter.full_name)})" if item.presenter else ""
            line = _("%(kind)s: %(title)s") % {
                "kind": item.get_kind_display(),
                "title": one_line(bilingual.text(item, "title")),
            }
            lines.append(f"- {line}{who}")
    lines.append("")
    lines.append(page)
    event.add("description", "\n".join(lines))
    return event


def calendar(sessions: Iterable[Session], join_tokens: dict[int, str], name: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # An X- property is TEXT (RFC 5545 3.8.8.2), but icalendar writes an unknown one as it is:
    # given as vText it is escaped like SUMMARY.
    cal.add("x-wr-calname", icalendar.vText(one_line(name)))
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    for session in sessions:
        cal.add_component(_event(session, join_tokens.get(session.pk), stamp))
    cal.add_missing_timezones()
    return cal.to_ical()
