from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NoticeSource(models.TextChoices):
    """The format a notice was imported from; with `source_id` it identifies the notice."""

    EFORMS = "eforms", _("eForms XML")
    OCDS = "ocds", _("OCDS JSON")
    TED = "ted", _("TED export")


class NoticeKind(models.TextChoices):
    """What the notice announces, coarser than eForms' 40 subtypes."""

    PLANNING = "planning", pgettext_lazy("notice kind", "Prior information")
    COMPETITION = "competition", pgettext_lazy("notice kind", "Contract notice")
    DIRECT_AWARD = "direct_award", pgettext_lazy("notice kind", "Voluntary ex-ante transparency")
    RESULT = "result", pgettext_lazy("notice kind", "Contract award")
    CHANGE = "change", pgettext_lazy("notice kind", "Change or modification")
    OTHER = "other", pgettext_lazy("notice kind", "Other")


class ContractNature(models.TextChoices):
    """BT-23 main nature: also decides which threshold applies."""

    WORKS = "works", _("Works")
    SUPPLIES = "supplies", _("Supplies")
    SERVICES = "services", _("Services")


class RequirementKind(models.TextChoices):
    """Selection requirements a company can check itself against (domain.md §1.3, §4.4)."""

    TURNOVER = "turnover", _("Minimum turnover")
    INSURANCE = "insurance", _("Liability insurance")
    CERTIFICATION = "certification", _("Certification or management system")
    REFERENCES = "references", _("References from similar contracts")
    REGISTRATION = "registration", _("Registration and authorisation")
    OTHER = "other", _("Other requirement")
