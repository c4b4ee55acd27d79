from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "echohub.live"
    verbose_name = _("Live session")

    def ready(self) -> None:
        # The hub's actual start and end feed attendance windows (attendance imports no upper
        # app: live registers where attendance asks).
        from echohub.attendance.services import window_providers
        from echohub.live.queries import attendance_window

        if attendance_window not in window_providers:
            window_providers.append(attendance_window)
