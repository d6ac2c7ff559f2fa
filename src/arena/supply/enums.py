"""Choices of the supply side: what a company offers and how far it has come."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

TRL_MIN = 1
TRL_MAX = 9
PITCH_MAX_LENGTH = 300


class Trl(models.IntegerChoices):
    """Technology readiness levels (EU Horizon definitions), in plain words."""

    BASIC_PRINCIPLES = 1, _("1 – The basic idea is described")
    CONCEPT = 2, _("2 – The concept and its use are worked out")
    PROOF_OF_CONCEPT = 3, _("3 – Proof of concept: first tests")
    LAB = 4, _("4 – Tested in a lab")
    RELEVANT_ENVIRONMENT = 5, _("5 – Tested in a realistic setting")
    DEMONSTRATED = 6, _("6 – Demonstrated in a realistic setting")
    OPERATIONAL = 7, _("7 – Demonstrated in real operation")
    QUALIFIED = 8, _("8 – Complete and qualified")
    PROVEN = 9, _("9 – Proven in real operation")


class Stage(models.TextChoices):
    """Where a solution is, in the words a buyer uses (TRL says the same in engineers' terms)."""

    IDEA = "idea", pgettext_lazy("solution stage", "Idea")
    PROTOTYPE = "prototype", pgettext_lazy("solution stage", "Prototype")
    PILOT = "pilot", pgettext_lazy("solution stage", "Being tested in a pilot")
    MARKET = "market", pgettext_lazy("solution stage", "On the market")


class PricingModel(models.TextChoices):
    SUBSCRIPTION = "subscription", _("Subscription")
    LICENCE = "licence", _("Licence")
    PER_UNIT = "per_unit", _("Price per unit")
    PER_USER = "per_user", _("Price per user")
    PROJECT = "project", _("Project price")
    FREE = "free", _("Free of charge")
    OTHER = "other", pgettext_lazy("pricing model", "Other")


class SolutionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("solution status", "Draft")
    PUBLISHED = "published", pgettext_lazy("solution status", "Published")


class Certification(models.TextChoices):
    ISO_9001 = "iso_9001", _("ISO 9001 (quality management)")
    ISO_14001 = "iso_14001", _("ISO 14001 (environmental management)")
    ISO_27001 = "iso_27001", _("ISO/IEC 27001 (information security)")
    ISO_45001 = "iso_45001", _("ISO 45001 (occupational health and safety)")
    ISO_50001 = "iso_50001", _("ISO 50001 (energy management)")
    SVANEN = "svanen", _("Nordic Swan Ecolabel")
    EU_ECOLABEL = "eu_ecolabel", _("EU Ecolabel")
    OTHER = "other", pgettext_lazy("certification", "Other")


class SolutionLanguage(models.TextChoices):
    """Languages a solution's users can work in (ISO 639-1 codes; Sami is `se`, Northern Sami)."""

    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")
    FINNISH = "fi", _("Finnish")
    SAMI = "se", _("Sami")
    ARABIC = "ar", _("Arabic")
    SOMALI = "so", _("Somali")
    GERMAN = "de", _("German")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    OTHER = "other", pgettext_lazy("language", "Other languages")
