"""Choices of programmes: who takes part, how an application stands, what a resource is."""

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

StrOrPromise = str | Promise

NAME_MAX_LENGTH = 200
THEME_MAX_LENGTH = 80
THEMES_MAX = 20
QUESTION_MAX_LENGTH = 500
QUESTIONS_MAX = 10
ANSWER_MAX_LENGTH = 5000
REASON_MAX_LENGTH = 2000


class ParticipantKind(models.TextChoices):
    """What a participant is in the programme; follows from its organisation (inventors have none)."""

    BUYER = "buyer", pgettext_lazy("participant kind", "Public buyer")
    COMPANY = "company", pgettext_lazy("participant kind", "Company")
    INTERMEDIARY = "intermediary", pgettext_lazy("participant kind", "Intermediary")
    RESEARCH_GROUP = "research_group", pgettext_lazy("participant kind", "Research group")
    INVENTOR = "inventor", pgettext_lazy("participant kind", "Individual inventor")


# Headings of the member list, one per kind.
PARTICIPANT_KIND_PLURALS: dict[str, StrOrPromise] = {
    ParticipantKind.BUYER: _("Public buyers"),
    ParticipantKind.COMPANY: _("Companies"),
    ParticipantKind.INTERMEDIARY: _("Intermediaries"),
    ParticipantKind.RESEARCH_GROUP: _("Research groups"),
    ParticipantKind.INVENTOR: _("Individual inventors"),
}


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("application status", "Waiting for a decision")
    APPROVED = "approved", pgettext_lazy("application status", "Approved")
    DECLINED = "declined", pgettext_lazy("application status", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")


# An organisation (or an inventor) has at most one application in these states per programme.
OPEN_STATUSES = frozenset({ApplicationStatus.PENDING, ApplicationStatus.APPROVED})


class ResourceKind(models.TextChoices):
    TEMPLATE = "template", pgettext_lazy("resource kind", "Template")
    GUIDE = "guide", pgettext_lazy("resource kind", "Guide")
    RECORDING = "recording", pgettext_lazy("resource kind", "Recording")
    OTHER = "other", pgettext_lazy("resource kind", "Other")


class NudgeReason(models.TextChoices):
    """Why programme staff may remind a participant: a part of its profile on Arena is missing."""

    NO_COMPANY_PROFILE = "no_company_profile", _("No company profile")
    NO_PUBLISHED_SOLUTION = "no_published_solution", _("No published solution")
    NO_FOCUS_AREA = "no_focus_area", _("No focus areas for this year")
    NO_PUBLISHED_CHALLENGE = "no_published_challenge", _("No published challenge")
