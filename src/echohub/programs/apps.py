from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _default_regions(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """Ship the default region list with an empty table (a new database, or one a test run
    flushed), as django.contrib.sites ships its first site. A list someone keeps is left alone."""
    from echohub.programs.models import DEFAULT_REGIONS, Region

    if not Region.objects.using(using).exists():
        Region.objects.using(using).bulk_create(
            Region(name=name, position=i) for i, name in enumerate(DEFAULT_REGIONS, start=1)
        )


class ProgramsConfig(AppConfig):
    name = "echohub.programs"
    label = "programs"
    verbose_name = _("Programs")

    def ready(self) -> None:
        post_migrate.connect(_default_regions, sender=self)
