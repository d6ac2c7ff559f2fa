from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    """How strongly a buyer is likely to demand an item (domain.md §4.4)."""

    MANDATORY = "M", _("Mandatory")
    COMMON = "C", _("Common requirement")
    RECOMMENDED = "R", _("Recommended")


# Score weights: a mandatory item counts three times a recommended one.
LEVEL_WEIGHT = {Level.MANDATORY: 3, Level.COMMON: 2, Level.RECOMMENDED: 1}
LEVEL_RANK = {Level.MANDATORY: 0, Level.COMMON: 1, Level.RECOMMENDED: 2}


class Area(models.TextChoices):
    REGISTRATION_TAX = "registration_tax", _("Registration and tax")
    EXCLUSION = "exclusion", _("Exclusion grounds")
    ECONOMIC = "economic", _("Economic standing")
    TECHNICAL = "technical", _("Technical ability")
    QUALITY_ENVIRONMENT = "quality_environment", _("Quality and environment")
    DATA_SECURITY = "data_security", _("Data protection and security")
    ACCESSIBILITY = "accessibility", _("Accessibility")
    SUSTAINABILITY = "sustainability", _("Sustainability and conduct")
    ESPD_EINVOICING = "espd_einvoicing", _("ESPD and e-invoicing")


class Applicability(models.TextChoices):
    ALWAYS = "always", _("Always")
    PERSONAL_DATA = "personal_data", _("Only if the company processes personal data for the buyer")
    DIGITAL = "digital", _("Only for digital services")


class AnswerStatus(models.TextChoices):
    YES = "yes", pgettext_lazy("readiness answer", "Yes")
    NO = "no", pgettext_lazy("readiness answer", "No")
    IN_PROGRESS = "in_progress", _("In progress")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class EvidenceKind(models.TextChoices):
    """How the absence of 13:1 convictions is shown (RD-05).

    Today a signed sworn statement; a lagrådsremiss proposes a register check run by Bolagsverket
    instead (domain.md §1.2, entry into force not confirmed), so the kind is data, not code.
    """

    SWORN_STATEMENT = "sanningsforsakran", _("Signed sworn statement (sanningsförsäkran)")
    REGISTER_CHECK = "bolagsverket_registerkontroll", _("Register check by Bolagsverket")


class GapKind(models.TextChoices):
    EXPIRED = "expired", _("Evidence expired")
    MISSING = "missing", _("Missing")
    IN_PROGRESS = "in_progress", _("In progress")
    EXPIRING = "expiring", _("Evidence expires soon")


GAP_RANK = {GapKind.EXPIRED: 0, GapKind.MISSING: 1, GapKind.IN_PROGRESS: 2, GapKind.EXPIRING: 3}


class Standard(models.TextChoices):
    """Certification standards the alerts compare with a notice's requirements, by normalised name."""

    ISO_9001 = "ISO 9001", "ISO 9001"
    ISO_14001 = "ISO 14001", "ISO 14001"
    ISO_27001 = "ISO 27001", "ISO 27001"
    EMAS = "EMAS", "EMAS"
    OTHER = "other", pgettext_lazy("certification standard", "Other")


# The largest amount in SEK a company can enter or import: far above any real turnover or cover,
# and well inside the signed 64-bit integer a PositiveBigIntegerField is stored in.
MAX_AMOUNT_SEK = 10**15
