from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    """Series, sessions and agendas. (Not named `sessions`: that label is django.contrib's.)"""

    name = "echohub.scheduling"
    label = "scheduling"
    verbose_name = _("Sessions")
