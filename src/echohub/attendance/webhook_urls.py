"""Platform webhooks, mounted under ``/webhooks/`` (no login: each verifies its signature)."""

from django.urls import path

from echohub.attendance import webhooks

app_name = "attendance_webhooks"

urlpatterns = [
    path("zoom/", webhooks.zoom, name="zoom"),
    path("bbb/<int:session_id>/", webhooks.bbb, name="bbb"),
    path("jitsi/", webhooks.jitsi, name="jitsi"),
    path("jitsi/<path:rest>", webhooks.jitsi, name="jitsi_event"),
]
