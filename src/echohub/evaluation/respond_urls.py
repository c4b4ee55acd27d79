"""Public survey links (/s/<token>/): a personal link answers without signing in."""

from django.urls import path

from echohub.evaluation import respond_views

app_name = "survey_respond"

urlpatterns = [
    path("<str:token>/", respond_views.respond, name="respond"),
]
