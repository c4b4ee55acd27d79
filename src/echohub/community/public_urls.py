"""Community pages outside any program (no sign-in): the unsubscribe link of its emails."""

from django.urls import path

from echohub.community import public_views

app_name = "community_public"

urlpatterns = [
    path("unsubscribe/<str:token>/", public_views.unsubscribe, name="unsubscribe"),
]
