from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "echohub.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from echohub.search import signals

        signals.connect()
