"""Join links, calendar downloads and feeds, and the coordinator's video settings."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from echohub.accounts.models import User
from echohub.core import bilingual
from echohub.core.limits import URL_MAX, cap_text
from echohub.core.views import program_view
from echohub.joining import ics, services
from echohub.joining.models import CalendarFeed
from echohub.joining.queries import looks_like_token
from echohub.programs.models import Membership, Program, VideoProvider
from echohub.scheduling.models import Session, SessionStatus
from echohub.scheduling.queries import with_agenda

FEED_PAST_DAYS = 90
PROBLEM_STATUS = {
    "unknown": 404,
    "cancelled": 410,
    "ended": 410,
    "too_early": 200,  # not an error: the page says when the link opens
    "not_registered": 403,
    "provider_failed": 503,
}


@never_cache
@require_http_methods(["GET", "HEAD"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    """/join/<token>: record the join and send the person to the video meeting.

    A HEAD (a mail system's link checker, a preview) records nothing and calls no video
    provider (BigBlueButton would create the meeting): only a person opening the link joins."""
    if request.method == "HEAD":
        return HttpResponse(status=200 if looks_like_token(token) else 404)
    result = services.resolve_join(token)
    if result.url:
        return HttpResponseRedirect(result.url)
    return render(
        request,
        "joining/join_problem.html",
        {"result": result, "session": result.session, "next_session": result.next_session},
        status=PROBLEM_STATUS[result.problem],
    )


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@program_view("sessions.view")
def session_ics(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    session = get_object_or_404(with_agenda(Session.objects.filter(program=program)), pk=pk)
    assert isinstance(request.user, User)
    tokens = {session.pk: services.join_token_for(session=session, user=request.user).token}
    body = ics.calendar([session], tokens, name=bilingual.text(session, "title"))
    return _ics_response(body, f"echohub-session-{session.pk}.ics")


@never_cache
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's secret calendar feed: every session of their programs (recent and upcoming)."""
    cal = (
        CalendarFeed.objects.select_related("user").filter(token=token).first()
        if looks_like_token(token)
        else None
    )
    if cal is None or cal.revoked_at is not None or not cal.user.is_active:
        return HttpResponse(
            _(
                "This calendar link was revoked or does not exist. "
                "Get your current link on your calendar page."
            ),
            status=404 if cal is None else 410,
            content_type="text/plain; charset=utf-8",
        )
    user = cal.user
    program_ids = Membership.objects.filter(user=user, is_active=True).values("program_id")
    since = timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)
    sessions = list(
        with_agenda(
            Session.objects.filter(program_id__in=program_ids, ends_at__gte=since)
        ).order_by("starts_at")
    )
    tokens = services.join_tokens_of_user(
        user=user, sessions=[s for s in sessions if s.status == SessionStatus.SCHEDULED]
    )
    CalendarFeed.objects.filter(pk=cal.pk).update(last_fetched_at=timezone.now())
    with translation.override(user.language or translation.get_language()):  # theirs first
        body = ics.calendar(sessions, tokens, name=_("echohub sessions"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    if request.method == "POST":
        services.revoke_calendar_feed(user=request.user)
        messages.success(request, _("Your old calendar link no longer works. Here is the new one."))
        return redirect("joining:calendar")
    cal = services.calendar_feed_for(request.user)
    url = request.build_absolute_uri(f"/calendar/{cal.token}.ics")
    return render(
        request,
        "joining/calendar.html",
        {
            "feed": cal,
            "feed_url": url,
            "webcal_url": url.replace("https://", "webcal://").replace("http://", "webcal://"),
        },
    )


class VideoForm(forms.Form):
    provider = forms.ChoiceField(
        label=gettext_lazy("Video provider"), choices=VideoProvider.choices
    )
    room = forms.CharField(
        label=gettext_lazy("Room / meeting id"),
        required=False,
        max_length=200,
        help_text=gettext_lazy(
            "Leave empty for Jitsi and BigBlueButton: a private room is made. "
            "For Zoom, the meeting id."
        ),
    )
    url = forms.URLField(label=gettext_lazy("Meeting link"), required=False, assume_scheme="https")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("provider") == VideoProvider.EXTERNAL and not data.get("url"):
            self.add_error("url", _("An external provider needs the meeting link."))
        if data.get("provider") == VideoProvider.ZOOM and not (data.get("url") or data.get("room")):
            self.add_error("room", _("Give the Zoom meeting id or its link."))
        return data


@require_POST
@login_required
@program_view("sessions.manage")
def session_video(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("program"), program=program, pk=pk)
    if "resolve" in request.POST:
        services.resolve_incidents(actor=request.user, session=session)
        messages.success(request, _("Marked as resolved."))
        return redirect(session.get_absolute_url())
    form = VideoForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        services.set_video(
            actor=request.user,
            session=session,
            provider=d["provider"],
            room=d["room"],
            url=d["url"],
        )
        messages.success(request, _("Video settings saved."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
    return redirect(session.get_absolute_url())


# Ceilings (core.limits), also told to the browser.
cap_text(VideoForm.base_fields, URL_MAX, "url")
