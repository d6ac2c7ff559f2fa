from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    """Buyers, companies and intermediaries, the people in them, and invitations to join."""

    name = "arena.organisations"
    verbose_name = _("Organisations")
