from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arena.bilingual import in_active_language
from arena.organisations.enums import OrganisationKind
from arena.supply.enums import (
    PITCH_MAX_LENGTH,
    TRL_MAX,
    TRL_MIN,
    Certification,
    PricingModel,
    SolutionLanguage,
    SolutionStatus,
    Stage,
    Trl,
)


def _labels(choices: type[models.TextChoices], codes: list[str]) -> list[str]:
    known = dict(choices.choices)
    return [str(known[code]) for code in codes if code in known]


class CompanyProfile(models.Model):
    """What a company says about itself. Size, startup flag and place live on the Organisation."""

    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="company_profile",
        limit_choices_to={"kind": OrganisationKind.COMPANY},
    )
    pitch = models.CharField(_("pitch"), max_length=PITCH_MAX_LENGTH, blank=True)
    description = models.TextField(_("description"), blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"), null=True, blank=True, validators=[MinValueValidator(1800)]
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    certifications = models.JSONField(_("certifications"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("company profile")
        verbose_name_plural = _("company profiles")

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def certification_labels(self) -> list[str]:
        return _labels(Certification, list(self.certifications or []))


class ContactPerson(models.Model):
    company = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="contact_persons",
        limit_choices_to={"kind": OrganisationKind.COMPANY},
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Public: shown to everyone. Otherwise only to logged-in members of buyer organisations.
    is_public = models.BooleanField(_("shown to everyone"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name


class Solution(models.Model):
    """A product or service a company offers, also one still being developed."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="solutions",
        limit_choices_to={"kind": OrganisationKind.COMPANY},
    )
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    text_sv = models.TextField(_("description in Swedish"), blank=True)
    text_en = models.TextField(_("description in English"), blank=True)
    trl = models.PositiveSmallIntegerField(
        _("maturity (TRL)"),
        choices=Trl.choices,
        validators=[MinValueValidator(TRL_MIN), MaxValueValidator(TRL_MAX)],
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    cpv_codes = models.ManyToManyField(
        "reference.CpvCode", verbose_name=_("CPV codes"), related_name="solutions", blank=True
    )
    sdg_targets = models.ManyToManyField(
        "reference.SdgTarget",
        verbose_name=_("Sustainable Development Goal targets"),
        related_name="solutions",
        blank=True,
    )
    pricing_model = models.CharField(
        _("pricing model"), max_length=16, choices=PricingModel.choices, blank=True
    )
    pricing_note = models.CharField(_("about the price"), max_length=300, blank=True)
    deployment_requirements = models.TextField(_("deployment requirements"), blank=True)
    languages = models.JSONField(_("languages supported"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=SolutionStatus.choices, default=SolutionStatus.DRAFT
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(trl__gte=TRL_MIN, trl__lte=TRL_MAX), name="solution_trl_range"
            ),
            models.CheckConstraint(
                condition=~models.Q(title_sv="") | ~models.Q(title_en=""),
                name="solution_has_a_title",
            ),
            models.CheckConstraint(
                condition=~models.Q(text_sv="") | ~models.Q(text_en=""),
                name="solution_has_a_text",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_active_language(self.title_sv, self.title_en)[0]

    @property
    def title_language(self) -> str:
        return in_active_language(self.title_sv, self.title_en)[1]

    @property
    def text(self) -> str:
        return in_active_language(self.text_sv, self.text_en)[0]

    @property
    def text_language(self) -> str:
        return in_active_language(self.text_sv, self.text_en)[1]

    @property
    def is_published(self) -> bool:
        return self.status == SolutionStatus.PUBLISHED

    @property
    def is_draft(self) -> bool:
        return self.status == SolutionStatus.DRAFT

    @property
    def language_labels(self) -> list[str]:
        return _labels(SolutionLanguage, list(self.languages or []))


class CustomerReference(models.Model):
    """A customer who has used the company's work, ideally a public buyer who can vouch for it."""

    company = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="customer_references",
        limit_choices_to={"kind": OrganisationKind.COMPANY},
    )
    customer_name = models.CharField(_("customer"), max_length=200)
    # The customer's own page, when it is on Arena.
    customer = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("customer on Arena"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="references_as_customer",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(1900)]
    )
    description = models.TextField(_("what was delivered"), blank=True)
    solution = models.ForeignKey(
        Solution,
        verbose_name=_("solution"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="customer_references",
    )
    is_public_customer = models.BooleanField(_("public-sector customer"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-year", "customer_name", "pk"]
        verbose_name = _("customer reference")
        verbose_name_plural = _("customer references")

    def __str__(self) -> str:
        return f"{self.customer_name} ← {self.company}"
