from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arena.bilingual import in_language
from arena.needs.enums import ChallengeStatus, Visibility


class FocusArea(models.Model):
    """One of the 3–5 areas a buyer chooses to work on in a year, e.g. organic food in school meals."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="focus_areas"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("why it matters"), blank=True)
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="focus_areas",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation", "-year", "title"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class NeedsAssessment(models.Model):
    """The needs assessment (behovsanalys) of one focus area, filled in step by step."""

    focus_area = models.OneToOneField(
        FocusArea, on_delete=models.CASCADE, related_name="assessment"
    )
    current_situation = models.TextField(_("current situation"), blank=True)
    problem = models.TextField(_("the problem"), blank=True)
    affected = models.TextField(_("who has the problem"), blank=True)
    wanted_effects = models.TextField(_("wanted effects"), blank=True)
    effect_measures = models.TextField(_("how the effects would be measured"), blank=True)
    legal_constraints = models.TextField(_("legal constraints"), blank=True)
    data_constraints = models.TextField(_("data constraints"), blank=True)
    it_constraints = models.TextField(_("IT constraints"), blank=True)
    budget_min = models.PositiveIntegerField(_("budget from (SEK)"), null=True, blank=True)
    budget_max = models.PositiveIntegerField(_("budget up to (SEK)"), null=True, blank=True)
    timeline = models.TextField(_("timeline"), blank=True)
    internal_owners = models.TextField(_("internal owners"), blank=True)
    workshop_notes = models.TextField(_("notes from the in-depth workshop"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")

    def __str__(self) -> str:
        return str(self.focus_area)


class Challenge(models.Model):
    """A need written as a problem and the effect wanted (funktionskrav), never as a product."""

    slug = models.SlugField(max_length=90, unique=True)
    owners = models.ManyToManyField(
        "organisations.Organisation", related_name="challenges", verbose_name=_("owners")
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="challenges",
    )
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="challenges",
        verbose_name=_("focus area"),
    )
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    text_sv = models.TextField(_("description in Swedish"), blank=True)
    text_en = models.TextField(_("description in English"), blank=True)
    problem = models.TextField(_("the problem"), blank=True)
    desired_effects = models.TextField(_("desired effects"), blank=True)
    success_criteria = models.TextField(_("measurable success criteria"), blank=True)
    constraints = models.TextField(_("constraints"), blank=True)
    budget_min = models.PositiveIntegerField(_("budget from (SEK)"), null=True, blank=True)
    budget_max = models.PositiveIntegerField(_("budget up to (SEK)"), null=True, blank=True)
    timeline = models.CharField(_("timeline"), max_length=300, blank=True)
    municipalities = models.ManyToManyField(
        "reference.Municipality", blank=True, related_name="+", verbose_name=_("municipalities")
    )
    regions = models.ManyToManyField(
        "reference.Region", blank=True, related_name="+", verbose_name=_("regions")
    )
    cpv_codes = models.ManyToManyField(
        "reference.CpvCode", blank=True, related_name="challenges", verbose_name=_("CPV codes")
    )
    sdg_targets = models.ManyToManyField(
        "reference.SdgTarget", blank=True, related_name="challenges", verbose_name=_("SDG targets")
    )
    circular_economy = models.BooleanField(_("circular economy"), default=False)
    climate_neutral = models.BooleanField(_("climate-neutral"), default=False)
    digital_data = models.BooleanField(_("digital or data-driven"), default=False)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ChallengeStatus.choices, default=ChallengeStatus.DRAFT
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        indexes = [models.Index(fields=["status", "visibility"])]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_sv, self.title_en)

    @property
    def text(self) -> str:
        return in_language(self.text_sv, self.text_en)


class ChallengeStatusChange(models.Model):
    """The log of every status change: who, when, from and to."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=16, choices=ChallengeStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ChallengeStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.challenge_id}: {self.from_status} → {self.to_status}"


class ChallengeAccess(models.Model):
    """A company invited to a confidential challenge; it sees the challenge once it accepts the NDA."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="accesses")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="challenge_accesses"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    nda_accepted_at = models.DateTimeField(null=True, blank=True)
    nda_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "organisation"], name="challenge_access_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} → {self.challenge_id}"
