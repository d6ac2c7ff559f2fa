from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    """Networks of organisations (beställarnätverk); challenges can be shown to network members only."""

    name = "arena.networks"
    verbose_name = _("Networks")
