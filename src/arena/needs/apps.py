from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    """What public buyers need: focus areas, needs assessments and challenges."""

    name = "arena.needs"
    verbose_name = _("Needs")
