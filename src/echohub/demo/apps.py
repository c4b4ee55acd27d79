from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "echohub.demo"
    label = "demo"
