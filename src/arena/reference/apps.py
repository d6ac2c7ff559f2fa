from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    """Shared vocabularies: CPV 2008, the SDGs and their targets, Swedish regions and municipalities, NUTS."""

    name = "arena.reference"
    verbose_name = _("Reference vocabularies")
