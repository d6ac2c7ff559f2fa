"""Which tender notices fit a company, what its people said about them, and who wants e-mail.

Pages and digests read stored `NoticeSuggestion` rows; a task recomputes a company's list when
its solutions change or notices are imported, so the engine never runs in a web request.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arena.alerts.enums import Frequency
from arena.matches.enums import Verdict


class NoticeSuggestion(models.Model):
    """One notice on a company's list, with the engine's score and the reasons it can show."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="notice_suggestions"
    )
    notice = models.ForeignKey(
        "notices.Notice", on_delete=models.CASCADE, related_name="suggestions"
    )
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    computed_at = models.DateTimeField(default=timezone.now)
    # When the notice entered this company's list: digests send what is newer than the last one.
    first_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("suggested notice")
        verbose_name_plural = _("suggested notices")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "notice"], name="notice_suggestion_unique_pair"
            )
        ]
        indexes = [models.Index(fields=["organisation", "-score"])]

    def __str__(self) -> str:
        return f"{self.organisation_id} ← {self.notice_id}: {self.score:.3f}"


class NoticeFeedback(models.Model):
    """A person's verdict on a notice for one of their companies: kept for learning, used at once."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    notice = models.ForeignKey("notices.Notice", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    verdict = models.SmallIntegerField(_("verdict"), choices=Verdict.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("feedback on a notice")
        verbose_name_plural = _("feedback on notices")
        constraints = [
            # Per company: someone in two companies judges a notice for each of them apart.
            models.UniqueConstraint(
                fields=["notice", "user", "organisation"],
                name="notice_feedback_one_per_person_and_company",
            )
        ]
        indexes = [models.Index(fields=["organisation", "notice"])]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.notice_id} {self.verdict:+d}"


class AlertSubscription(models.Model):
    """A person's digest of new fitting notices for one of their companies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_subscriptions"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    frequency = models.CharField(
        _("how often"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("notice alert subscription")
        verbose_name_plural = _("notice alert subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="alert_subscription_one_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.organisation_id}: {self.frequency}"
