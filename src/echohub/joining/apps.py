from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JoiningConfig(AppConfig):
    """Calendars, reminders, personal join links and video providers."""

    name = "echohub.joining"
    label = "joining"
    verbose_name = _("Joining")
