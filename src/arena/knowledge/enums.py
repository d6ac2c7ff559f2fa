from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    PROCEDURES = "procedures", _("Procedures and routes")
    DIALOGUE = "dialogue", _("Dialogue and needs")
    IP = "ip", _("Intellectual property")
    FUNDING = "funding", _("Funding")
    READINESS = "readiness", _("Procurement readiness")
    DATA_PROTECTION = "data-protection", _("Data protection")
    ACCESSIBILITY = "accessibility", _("Accessibility")
    SUSTAINABILITY = "sustainability", _("Sustainability")
    TEMPLATES = "templates", _("Templates")


class GuideKind(models.TextChoices):
    GUIDE = "guide", _("Guide")
    TEMPLATE = "template", _("Template")
