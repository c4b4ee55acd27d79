"""Public survey links (/s/<token>/): a personal link answers without signing in."""

from django.urls import URLPattern

app_name = "survey_respond"

urlpatterns: list[URLPattern] = []
