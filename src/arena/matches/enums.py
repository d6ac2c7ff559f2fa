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
# A pair scoring below this is no match, whatever its rank on a small platform. Measured through
# the engine on 300 SweCRIS projects (Swedish text against the 300 English ones, e5, 2026-12-07,
# `ARENA_EMBED_THREADS=2 .venv/bin/python bench/suggestion_floor.py`, 2-core AMD EPYC): a
# project's own translation scores 0.39 at its 5th percentile (median 0.74); two different
# projects of one university 0.035 at the median, 0.17 at the 90th percentile, 0.31 at the 99th.
# At 0.1 three quarters of such neighbouring-but-different pairs go, and every project keeps its
# nearest neighbours (0.29 at the 10th percentile). Pairs someone of a side judged with a thumb
# stay on its list below it (while among its best), so a thumbs-down can be taken back.
SUGGESTION_SCORE_FLOOR = 0.1


class Side(models.TextChoices):
    """Whose list a stored suggestion belongs to: the challenge's solutions or the solution's challenges."""

    CHALLENGE = "challenge", _("for the challenge")
    SOLUTION = "solution", _("for the solution")
