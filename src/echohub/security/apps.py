from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "echohub.security"
    label = "security"
    verbose_name = "Security"
