from django.urls import path

from echohub.joining import views

app_name = "joining"

urlpatterns = [
    path("join/<str:token>/", views.join, name="join"),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]

# Mounted under /p/<slug>/sessions/<pk>/ by the project urls.
session_urlpatterns = [
    path("calendar.ics", views.session_ics, name="session_ics"),
    path("video/", views.session_video, name="session_video"),
]
