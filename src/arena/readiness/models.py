from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from arena.organisations.enums import OrganisationKind
from arena.readiness.enums import MAX_AMOUNT_SEK, AnswerStatus


class ReadinessProfile(models.Model):
    """A company's standing facts for tenders: one per company."""

    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="readiness_profile",
        limit_choices_to={"kind": OrganisationKind.COMPANY},
    )
    annual_turnover_sek = models.PositiveBigIntegerField(
        _("annual turnover (SEK)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AMOUNT_SEK)],
    )
    turnover_year = models.PositiveSmallIntegerField(
        _("turnover year"), null=True, blank=True, validators=[MinValueValidator(1900)]
    )
    insurance_cover_sek = models.PositiveBigIntegerField(
        _("liability insurance cover per claim (SEK)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AMOUNT_SEK)],
    )
    insurance_valid_until = models.DateField(_("insurance valid until"), null=True, blank=True)
    processes_personal_data = models.BooleanField(
        _("processes personal data for buyers"), default=False
    )
    delivers_digital_services = models.BooleanField(_("delivers digital services"), default=False)
    does_works = models.BooleanField(_("does construction works"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("readiness profile")
        verbose_name_plural = _("readiness profiles")

    def __str__(self) -> str:
        return str(self.organisation)


class ReadinessAnswer(models.Model):
    """The company's answer to one checklist item, with where its evidence is kept.

    No file uploads: evidence stays in the company's own files, referenced by text or URL, until
    issue 9 brings file storage with backups and retention.
    """

    profile = models.ForeignKey(ReadinessProfile, on_delete=models.CASCADE, related_name="answers")
    item_id = models.CharField(_("checklist item"), max_length=8)
    status = models.CharField(_("status"), max_length=16, choices=AnswerStatus.choices)
    note = models.TextField(_("note"), blank=True)
    evidence_issued_on = models.DateField(_("evidence issued on"), null=True, blank=True)
    evidence_expires_on = models.DateField(_("evidence expires on"), null=True, blank=True)
    evidence_reference = models.CharField(
        _("where the evidence is kept"), max_length=500, blank=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["item_id"]
        verbose_name = _("readiness answer")
        verbose_name_plural = _("readiness answers")
        constraints = [
            models.UniqueConstraint(fields=["profile", "item_id"], name="readiness_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.status}"


class Certificate(models.Model):
    profile = models.ForeignKey(
        ReadinessProfile, on_delete=models.CASCADE, related_name="certificates"
    )
    # Normalised ("ISO 9001", "ISO 14001", "ISO 27001", "EMAS") or the company's own words.
    standard = models.CharField(_("standard"), max_length=100)
    certifying_body = models.CharField(_("certifying body"), max_length=200, blank=True)
    valid_until = models.DateField(_("valid until"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["standard", "valid_until"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.standard


class ReminderSent(models.Model):
    """One row per reminder e-mailed, so the same expiry is never announced twice."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    # What expires: a checklist item id, "insurance", or "certificate:<pk>".
    subject = models.CharField(max_length=40)
    expires_on = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "subject", "expires_on", "days_before"],
                name="readiness_reminder_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.expires_on} −{self.days_before}"
