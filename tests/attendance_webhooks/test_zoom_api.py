"""Fetching the participants report from Zoom's REST API: pages, encoding, errors, the button."""

from __future__ import annotations

import json
from urllib.parse import unquote

import httpx
import pytest
from django.urls import reverse

from echohub.attendance import services
from echohub.attendance.models import Attendance, AttendanceRow, ImportBatch, RowStatus, Source
from echohub.attendance.zoom_fetch import meeting_path
from echohub.core.models import AuditEntry
from echohub.programs.models import Role

from .conftest import json_response, recorded

pytestmark = pytest.mark.django_db

TOKEN = json.loads(recorded("zoom_oauth_token.json"))["access_token"]
PAGES = {
    "": "zoom_report_page1.json",
    "Tva2CuIdTgsv8wAnhyAdU3m06Y2HuLQtlh3": "zoom_report_page2.json",
    "Fd9Xp7mQ2eRk4LwZ0cVb8nHt1sYuGiJ": "zoom_report_page3.json",
}


def zoom_report(request: httpx.Request) -> httpx.Response:
    if request.url.host == "zoom.us":
        return json_response("zoom_oauth_token.json")
    token = request.url.params.get("next_page_token", "")
    return json_response(PAGES[token])


@pytest.mark.parametrize(
    ("meeting", "expected"),
    [
        ("812 3456 7890", "81234567890"),
        ("4444AAAiAAAAAiAiAiiAii==", "4444AAAiAAAAAiAiAiiAii%3D%3D"),
        ("/ajXp112QmuoKj4854875==", "%252FajXp112QmuoKj4854875%253D%253D"),
        ("aX//Bc+d==", "aX%252F%252FBc%252Bd%253D%253D"),
    ],
)
def test_meeting_path_encodes_uuids_twice_only_when_zoom_needs_it(meeting, expected):
    assert meeting_path(meeting) == expected
    decoded_by_zoom = unquote(expected)
    if meeting.startswith("/") or "//" in meeting:
        assert unquote(decoded_by_zoom) == meeting  # Zoom decodes twice
    elif not meeting.replace(" ", "").isdigit():
        assert decoded_by_zoom == meeting


def test_fetch_follows_every_page_and_stores_rows_without_waiting_room(
    provider_http, zoom_api, zoom_session, people
):
    seen = provider_http(zoom_report)
    result = services.import_zoom_api(actor=people["coordinator"], session=zoom_session)

    reports = [r for r in seen if r.url.host == "api.zoom.us"]
    assert [r.url.params.get("next_page_token", "") for r in reports] == list(PAGES)
    for request in reports:
        assert request.url.path == "/v2/report/meetings/81234567890/participants"
        assert request.url.params["page_size"] == "300"
        assert request.url.params["include_fields"] == "registrant_id"
        assert request.headers["Authorization"] == f"Bearer {TOKEN}"

    assert result.rows_in_file == 5 and result.new_rows == 4  # the waiting-room row is dropped
    rows = AttendanceRow.objects.filter(session=zoom_session)
    assert rows.count() == 4
    assert not rows.filter(waiting_room=True).exists()
    assert set(rows.values_list("source", flat=True)) == {Source.ZOOM_API}
    okafor = rows.get(registrant_id="reg-okafor-1")
    assert (okafor.user, okafor.method) == (people["okafor"], "registrant_id")
    assert rows.get(name="+1 807 555 0142").status == RowStatus.UNMATCHED
    minutes = {a.user_id: a.minutes for a in Attendance.objects.filter(session=zoom_session)}
    assert minutes == {people["hope"].pk: 80, people["okafor"].pk: 30}
    assert AuditEntry.objects.filter(action="attendance.import_zoom_api").count() == 1


def test_fetching_twice_adds_nothing(provider_http, zoom_api, zoom_session, people):
    provider_http(zoom_report)
    services.import_zoom_api(actor=people["coordinator"], session=zoom_session)
    before = list(Attendance.objects.order_by("pk").values("user_id", "minutes"))
    again = services.import_zoom_api(actor=people["coordinator"], session=zoom_session)
    assert again.already_imported and again.batch is None
    assert AttendanceRow.objects.filter(session=zoom_session).count() == 4
    assert ImportBatch.objects.filter(session=zoom_session).count() == 1
    assert list(Attendance.objects.order_by("pk").values("user_id", "minutes")) == before


def test_zoom_refusal_is_a_clear_error_and_stores_nothing(
    provider_http, zoom_api, zoom_session, people
):
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "zoom.us":
            return json_response("zoom_oauth_token.json")
        return json_response("zoom_report_not_found.json", status=404)

    provider_http(handler)
    with pytest.raises(services.AttendanceRefused) as refused:
        services.import_zoom_api(actor=people["coordinator"], session=zoom_session)
    assert refused.value.code == "zoom_failed"
    assert "HTTP 404" in refused.value.message
    assert "Meeting does not exist" in refused.value.message
    assert not AttendanceRow.objects.exists() and not ImportBatch.objects.exists()


def test_failure_on_a_later_page_stores_nothing(provider_http, zoom_api, zoom_session, people):
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "zoom.us":
            return json_response("zoom_oauth_token.json")
        if request.url.params.get("next_page_token"):
            return httpx.Response(500, text="upstream error")
        return json_response("zoom_report_page1.json")

    provider_http(handler)
    with pytest.raises(services.AttendanceRefused, match="HTTP 500"):
        services.import_zoom_api(actor=people["coordinator"], session=zoom_session)
    assert not AttendanceRow.objects.exists()


def test_unreachable_zoom_is_a_clear_error(provider_http, zoom_api, zoom_session, people):
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no route", request=request)

    provider_http(handler)
    with pytest.raises(services.AttendanceRefused, match="did not answer"):
        services.import_zoom_api(actor=people["coordinator"], session=zoom_session)


def test_unconfigured_zoom_api_is_refused_without_calling_out(
    provider_http, settings, zoom_session, people
):
    settings.ZOOM_ACCOUNT_ID = ""
    seen = provider_http(zoom_report)
    with pytest.raises(services.AttendanceRefused, match="not configured"):
        services.import_zoom_api(actor=people["coordinator"], session=zoom_session)
    assert seen == []


def _fetch_url(program, session):
    return reverse("attendance:fetch_zoom", kwargs={"slug": program.slug, "pk": session.pk})


def test_coordinator_fetches_from_the_session_page(
    client, provider_http, zoom_api, program, zoom_session, people
):
    provider_http(zoom_report)
    client.force_login(people["coordinator"])
    page = client.get(
        reverse("attendance:session", kwargs={"slug": program.slug, "pk": zoom_session.pk})
    )
    assert "Fetch from Zoom" in page.content.decode()
    response = client.post(_fetch_url(program, zoom_session), follow=True)
    assert "Fetched 4 new of 5 rows from Zoom" in response.content.decode()
    assert AttendanceRow.objects.filter(session=zoom_session).count() == 4


def test_failed_fetch_shows_zoom_error(
    client, provider_http, zoom_api, program, zoom_session, people
):
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "zoom.us":
            return json_response("zoom_oauth_token.json")
        return json_response("zoom_report_not_found.json", status=404)

    provider_http(handler)
    client.force_login(people["coordinator"])
    response = client.post(_fetch_url(program, zoom_session), follow=True)
    text = response.content.decode()
    assert "Fetching from Zoom failed" in text and "Meeting does not exist" in text
    assert not AttendanceRow.objects.exists()


@pytest.mark.parametrize("role", [Role.PARTICIPANT, None])
def test_others_cannot_fetch(as_role, provider_http, zoom_api, program, zoom_session, role):
    seen = provider_http(zoom_report)
    response = as_role(program, role).post(_fetch_url(program, zoom_session))
    assert response.status_code in (403, 404)
    assert seen == [] and not AttendanceRow.objects.exists()
