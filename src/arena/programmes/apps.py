from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    """Programmes run by intermediaries, which buyers, companies and others apply to join."""

    name = "arena.programmes"
    verbose_name = _("Programmes")
