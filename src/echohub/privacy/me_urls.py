from django.urls import path

from echohub.privacy import views

app_name = "privacy_me"

urlpatterns = [
    path("erasure/", views.my_request, name="request"),
]
