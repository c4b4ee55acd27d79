"""Benchmark-only URLs: everything in echohub.urls plus a floor view at /bench/floor/.

The floor is the cheapest page on the same stack (all middleware, one trivial query), so page
timings can be read against what any Django response costs on this machine.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def floor(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok")


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("", include("echohub.urls")),
]
