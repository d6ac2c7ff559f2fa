"""Stored results of the matching engine (`arena.matching`), and what people said about them.

Pages never run the engine: a task recomputes a challenge's or a solution's suggestions when it
changes, so a list of matches is one indexed query however large the index grows.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arena.matches.enums import Side, Verdict


class TextVector(models.Model):
    """An embedding, keyed by a hash of (model, prefix, text): unchanged texts are never re-encoded."""

    key = models.CharField(max_length=64, primary_key=True)
    vector = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key


class Suggestion(models.Model):
    """One challenge–solution pair the engine ranks high, with the reasons it can show.

    Each side keeps its own top list (a challenge's best solutions, a solution's best challenges);
    a pair on both lists is stored twice with the same score, so either list is one indexed query.
    """

    challenge = models.ForeignKey(
        "needs.Challenge", on_delete=models.CASCADE, related_name="suggestions"
    )
    solution = models.ForeignKey(
        "supply.Solution", on_delete=models.CASCADE, related_name="suggestions"
    )
    side = models.CharField(max_length=9, choices=Side.choices)
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    computed_at = models.DateTimeField(default=timezone.now)
    # Put on this list by the other item's ranking (a copy of its pair, scored as this list ranks
    # it) rather than by this list's own item: the other item's next ranking may take it back.
    offered = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("suggested match")
        verbose_name_plural = _("suggested matches")
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "solution", "side"], name="suggestion_unique_pair"
            )
        ]
        indexes = [
            models.Index(fields=["challenge", "side", "-score"]),
            models.Index(fields=["solution", "side", "-score"]),
        ]

    def __str__(self) -> str:
        return f"{self.challenge_id} ↔ {self.solution_id}: {self.score:.3f}"


class MatchFeedback(models.Model):
    """A person's thumbs up or down on a pair, on behalf of one of their organisations."""

    challenge = models.ForeignKey("needs.Challenge", on_delete=models.CASCADE, related_name="+")
    solution = models.ForeignKey("supply.Solution", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    verdict = models.SmallIntegerField(_("verdict"), choices=Verdict.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("feedback on a match")
        verbose_name_plural = _("feedback on matches")
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "solution", "user"], name="match_feedback_one_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.challenge_id} ↔ {self.solution_id} {self.verdict:+d}"
