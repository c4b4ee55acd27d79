from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "echohub.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from echohub.search import signals
        from echohub.search.indexing import drop_orphan_fulltext

        signals.connect()
        # After migrate and after flush (which empties every table but the FTS5 ones).
        post_migrate.connect(drop_orphan_fulltext, sender=self)
