from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupplyConfig(AppConfig):
    """What companies offer: company profiles, references and solutions (also those in development)."""

    name = "arena.supply"
    verbose_name = _("Supply")
