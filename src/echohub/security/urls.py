from django.urls import path

from echohub.security import views

app_name = "security"

urlpatterns = [
    path("", views.page, name="page"),
    path("verify/", views.verify, name="verify"),
    path("verify/passkey/options/", views.verify_passkey_options, name="verify_passkey_options"),
    path("verify/passkey/", views.verify_passkey, name="verify_passkey"),
    path("confirm/", views.confirm, name="confirm"),
    path("setup/", views.setup, name="setup"),
    path("setup/qr.svg", views.setup_qr, name="setup_qr"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("disable/", views.disable, name="disable"),
    path("passkeys/options/", views.passkey_options, name="passkey_options"),
    path("passkeys/add/", views.passkey_add, name="passkey_add"),
    path("passkeys/<int:pk>/remove/", views.passkey_remove, name="passkey_remove"),
]
