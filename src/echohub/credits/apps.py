from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditsConfig(AppConfig):
    name = "echohub.credits"
    label = "credits"
    verbose_name = _("Continuing-education credit")
