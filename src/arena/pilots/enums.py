from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BuyerType(models.TextChoices):
    SUB_CENTRAL = "sub_central", _("Municipality, region or municipal company")
    CENTRAL = "central", _("Central government authority")
    UTILITY = "utility", _("Utility (water, energy, transport, postal services)")


class ContractType(models.TextChoices):
    SUPPLIES = "supplies", _("Supplies")
    SERVICES = "services", _("Services")
    WORKS = "works", pgettext_lazy("procurement", "Works")


class MarketAvailability(models.TextChoices):
    YES = "yes", _("Yes, solutions exist on the market")
    PARTLY = "partly", _("Partly; they must be adapted")
    NO = "no", _("No, nothing on the market meets the need")


class ThresholdKind(models.TextChoices):
    EU_THRESHOLD = "eu_threshold", _("EU threshold")
    DIRECT_AWARD_LIMIT = "direct_award_limit", _("Direct-award limit")
    DOCUMENTATION_LIMIT = "documentation_limit", _("Direct-award documentation limit")


class Route(models.TextChoices):
    MARKET_DIALOGUE = "market_dialogue", _("Market dialogue / RFI")
    DIRECT_AWARD = "direct_award", _("Direct award")
    INNOVATION_PARTNERSHIP = "innovation_partnership", _("Innovation partnership")
    PRE_COMMERCIAL = "pre_commercial", _("Pre-commercial procurement")
    COMPETITIVE_DIALOGUE = "competitive_dialogue", _("Competitive dialogue / negotiated")
    OPEN_PROCEDURE = "open_procedure", _("Open procedure")
    DYNAMIC_PURCHASING = "dynamic_purchasing", _("Dynamic purchasing system")


class GroupRole(models.TextChoices):
    PROCUREMENT_OFFICER = "procurement_officer", _("Procurement officer")
    HEAD_OF_PROCUREMENT = "head_of_procurement", _("Head of procurement")
    PROJECT_MANAGER = "project_manager", _("Project manager")
    PRODUCT_OWNER = "product_owner", _("Product owner / operations")
    COMPANY_CONTACT = "company_contact", _("Company contact")
    TECHNICAL_LEAD = "technical_lead", _("Technical lead")


class PilotStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    EVALUATED = "evaluated", _("Evaluated")
    PROCUREMENT_DECIDED = "procurement_decided", _("Procurement decided")
    CLOSED = "closed", _("Closed")


# Where a pilot may go next; a pilot may be closed early from any open state.
PILOT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    PilotStatus.PLANNED: (PilotStatus.RUNNING, PilotStatus.CLOSED),
    PilotStatus.RUNNING: (PilotStatus.EVALUATED, PilotStatus.CLOSED),
    PilotStatus.EVALUATED: (PilotStatus.PROCUREMENT_DECIDED, PilotStatus.CLOSED),
    PilotStatus.PROCUREMENT_DECIDED: (PilotStatus.CLOSED,),
    PilotStatus.CLOSED: (),
}


class PaidBy(models.TextChoices):
    BUYER = "buyer", _("The buyer pays")
    COMPANY = "company", _("The company pays (unpaid pilot)")
    SHARED = "shared", _("Shared / co-financed")
    GRANT = "grant", _("External funding (e.g. Vinnova)")


class AgreementKind(models.TextChoices):
    NDA = "nda", _("Non-disclosure agreement (respecting public access)")
    PILOT = "pilot", _("Pilot / test-bed agreement")
    DPA = "dpa", _("Data processing agreement checklist (GDPR art. 28(3))")


class AgreementLanguage(models.TextChoices):
    SV = "sv", "Svenska"
    EN = "en", "English"
