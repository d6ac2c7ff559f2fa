from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    REGION = "region", _("Region")
    AGENCY = "agency", _("Government agency")
    MUNICIPAL_COMPANY = "municipal_company", _("Municipal company")
    COMPANY = "company", _("Company")
    INTERMEDIARY = "intermediary", _("Intermediary")


# Kinds that buy under LOU (upphandlande organisationer).
BUYER_KINDS = frozenset(
    {
        OrganisationKind.MUNICIPALITY,
        OrganisationKind.REGION,
        OrganisationKind.AGENCY,
        OrganisationKind.MUNICIPAL_COMPANY,
    }
)


class SizeClass(models.TextChoices):
    # Employee bands of the EU SME definition (Recommendation 2003/361/EC).
    MICRO = "micro", _("Micro (fewer than 10 employees)")
    SMALL = "small", _("Small (10–49 employees)")
    MEDIUM = "medium", _("Medium-sized (50–249 employees)")
    LARGE = "large", _("Large (250 employees or more)")


class IntermediaryKind(models.TextChoices):
    SCIENCE_PARK = "science_park", _("Science park")
    INCUBATOR = "incubator", _("Incubator")
    UNIVERSITY = "university", _("University")
    NETWORK = "network", _("Network")
    OTHER = "other", pgettext_lazy("intermediary kind", "Other")


class MembershipRole(models.TextChoices):
    ADMIN = "admin", pgettext_lazy("membership role", "Administrator")
    MEMBER = "member", pgettext_lazy("membership role", "Member")
