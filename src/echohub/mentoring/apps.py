from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "echohub.mentoring"
    verbose_name = _("Mentoring")

    def ready(self) -> None:
        from echohub.mentoring import signals  # noqa: F401  (a mentor who leaves the program)
