from django.db import models
from django.utils.translation import gettext_lazy as _

from arena.needs.enums import ChallengeStatus

# Challenges that still look for solutions: companies see them as matches. Later stages keep the
# list they had for their owners; a closed challenge is no one's match.
MATCHABLE_STATUSES = (ChallengeStatus.PUBLISHED, ChallengeStatus.IN_DIALOGUE)
# A challenge still suggests meetings at a matchday while it is open, a pilot or a procurement.
MEETING_STATUSES = (*MATCHABLE_STATUSES, ChallengeStatus.PILOT, ChallengeStatus.PROCUREMENT)


class Verdict(models.IntegerChoices):
    RELEVANT = 1, _("Relevant")
    NOT_RELEVANT = -1, _("Not relevant")


def verdict_from_form(raw: str) -> int | None:
    """A thumbs form's value: "" withdraws (None); anything but 1 or -1 raises ValueError."""
    if raw == "":
        return None
    value = int(raw) if raw.lstrip("-").isascii() and raw.lstrip("-").isdigit() else None
    if value not in Verdict.values:
        raise ValueError(f"unknown verdict {raw!r}")
    return value


# How many suggestions are kept per challenge: enough for a long list and a matchday's pre-fill,
# few enough that a full rebuild at 100,000 solutions stays a table of ~100 rows per challenge.
SUGGESTIONS_PER_CHALLENGE = 50
SUGGESTIONS_PER_SOLUTION = 30


class Side(models.TextChoices):
    """Whose list a stored suggestion belongs to: the challenge's solutions or the solution's challenges."""

    CHALLENGE = "challenge", _("for the challenge")
    SOLUTION = "solution", _("for the solution")
