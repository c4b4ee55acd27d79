"""Benchmark-only urlconf for `make bench-join`: echohub.urls plus the floor of the join link.

The floor, /bench/floor/<token>/, does the least a join link must do on the same stack (same
middleware, same database, same workers): look up the token, insert a join event, redirect.
Whatever the real join link (/join/<token>/) costs beyond it is the price of its own logic.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import include, path

from echohub.joining.models import JoinEvent, JoinToken

FLOOR_URL = "https://meet.jit.si/EchoBenchFloor"


def join_floor(request: HttpRequest, token: str) -> HttpResponse:
    try:
        row = JoinToken.objects.only("id", "session_id", "user_id").get(token=token)
    except JoinToken.DoesNotExist:
        raise Http404 from None
    JoinEvent.objects.create(
        session_id=row.session_id, user_id=row.user_id, provider="floor", outcome="redirected"
    )
    return HttpResponseRedirect(FLOOR_URL)


urlpatterns = [
    path("bench/floor/<str:token>/", join_floor, name="bench_join_floor"),
    path("", include("echohub.urls")),
]
