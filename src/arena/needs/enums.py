from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    NETWORK = "network", _("Members of our networks")
    CONFIDENTIAL = "confidential", _("Confidential: invited companies after accepting an NDA")


class ChallengeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("challenge status", "Draft")
    PUBLISHED = "published", pgettext_lazy("challenge status", "Published")
    IN_DIALOGUE = "in_dialogue", pgettext_lazy("challenge status", "In dialogue")
    PILOT = "pilot", pgettext_lazy("challenge status", "Pilot")
    PROCUREMENT = "procurement", pgettext_lazy("challenge status", "Procurement")
    CLOSED = "closed", pgettext_lazy("challenge status", "Closed")


# A challenge moves forward one step at a time, may be closed from any open state, and a published
# challenge can be taken back to draft while nobody is in dialogue about it yet.
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    ChallengeStatus.DRAFT: frozenset({ChallengeStatus.PUBLISHED, ChallengeStatus.CLOSED}),
    ChallengeStatus.PUBLISHED: frozenset(
        {ChallengeStatus.DRAFT, ChallengeStatus.IN_DIALOGUE, ChallengeStatus.CLOSED}
    ),
    ChallengeStatus.IN_DIALOGUE: frozenset(
        {ChallengeStatus.PILOT, ChallengeStatus.PROCUREMENT, ChallengeStatus.CLOSED}
    ),
    ChallengeStatus.PILOT: frozenset({ChallengeStatus.PROCUREMENT, ChallengeStatus.CLOSED}),
    ChallengeStatus.PROCUREMENT: frozenset({ChallengeStatus.CLOSED}),
    ChallengeStatus.CLOSED: frozenset(),
}

# States in which companies outside the owners can see the challenge at all.
VISIBLE_STATUSES = frozenset(
    {
        ChallengeStatus.PUBLISHED,
        ChallengeStatus.IN_DIALOGUE,
        ChallengeStatus.PILOT,
        ChallengeStatus.PROCUREMENT,
        ChallengeStatus.CLOSED,
    }
)

FOCUS_AREAS_MIN = 3
FOCUS_AREAS_MAX = 5
