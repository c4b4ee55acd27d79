from typing import Any

from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "echohub.security"
    label = "security"
    verbose_name = "Security"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_password_typed, dispatch_uid="security.password_typed")


def _password_typed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Every sign-in (the sign-in page, accepting an invitation with a new password) starts the
    minutes in which the session may change the second step without the password again."""
    from echohub.security import middleware

    if request is not None and hasattr(request, "session"):
        middleware.mark_authenticated(request)
