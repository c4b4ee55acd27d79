from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "echohub.api"
    label = "api"
