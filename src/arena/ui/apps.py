from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UiConfig(AppConfig):
    """Site-wide presentation: the base layout, the form renderer, HTMX helpers and the home page."""

    name = "arena.ui"
    verbose_name = _("User interface")

    def ready(self) -> None:
        from arena.ui.pagecache import connect_signals  # noqa: PLC0415  # apps must be loaded

        connect_signals()
