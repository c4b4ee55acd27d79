from django.urls import path

from echohub.security import views

app_name = "security"

urlpatterns = [
    path("", views.page, name="page"),
    path("verify/", views.verify, name="verify"),
    path("setup/", views.setup, name="setup"),
    path("setup/qr.svg", views.setup_qr, name="setup_qr"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("disable/", views.disable, name="disable"),
]
