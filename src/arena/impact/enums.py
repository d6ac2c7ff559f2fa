"""The stages of the impact funnel, the scopes figures are drawn for, and the steps of a time series."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Stage(models.TextChoices):
    """How far a challenge got; the exact rule for each stage is in `selectors.impact_figures`."""

    CHALLENGE = "challenge", pgettext_lazy("impact stage", "Challenges")
    MATCH = "match", pgettext_lazy("impact stage", "Matched")
    MEETING = "meeting", pgettext_lazy("impact stage", "Met")
    FOLLOW_UP = "follow_up", pgettext_lazy("impact stage", "Followed up")
    PILOT = "pilot", pgettext_lazy("impact stage", "Pilots")
    PROCUREMENT = "procurement", pgettext_lazy("impact stage", "Procurements")
    CONTRACT = "contract", pgettext_lazy("impact stage", "Contracts")


STAGES: tuple[Stage, ...] = tuple(Stage)

# Matches are recomputed whenever a text changes, so they carry no date of their own: time between
# stages skips them and goes from publication straight to the first meeting.
DATED_STAGES: tuple[Stage, ...] = tuple(stage for stage in STAGES if stage != Stage.MATCH)


class ScopeKind(models.TextChoices):
    PLATFORM = "platform", _("The whole platform")
    ORGANISATION = "organisation", _("Organisation")
    NETWORK = "network", _("Network")
    PROGRAMME = "programme", _("Programme")


class Step(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")


class Breakdown(models.TextChoices):
    REGION = "region", _("Region")
    CPV = "cpv", _("CPV division")
    SDG = "sdg", _("Sustainable Development Goal")


# Periods longer than this are drawn by quarter unless the viewer asks for months.
MONTHS_BEFORE_QUARTERS = 18
# The longest period a form accepts; figures over decades help nobody and cost time.
MAX_PERIOD_DAYS = 366 * 10
