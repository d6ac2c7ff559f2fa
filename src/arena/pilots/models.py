from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arena.pilots.enums import (
    AgreementKind,
    AgreementLanguage,
    BuyerType,
    ContractType,
    GroupRole,
    PaidBy,
    PilotStatus,
    Route,
    ThresholdKind,
)


class Threshold(models.Model):
    """A procurement threshold or limit in force over a date range, kept as data so an
    administrator can add the next period without a code change (the advisor reads these)."""

    kind = models.CharField(_("kind"), max_length=32, choices=ThresholdKind.choices)
    buyer_type = models.CharField(
        _("buyer type"),
        max_length=16,
        choices=BuyerType.choices,
        blank=True,
        help_text=_("Blank: applies to every buyer type."),
    )
    contract_type = models.CharField(
        _("contract type"),
        max_length=16,
        choices=ContractType.choices,
        blank=True,
        help_text=_("Blank: applies to every contract type."),
    )
    amount_sek = models.DecimalField(
        _("amount (SEK)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        help_text=_("Blank while the SEK equivalent has not been verified."),
    )
    amount_eur = models.DecimalField(
        _("amount (EUR)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("What is not verified yet, and where to check it."),
    )

    class Meta:
        ordering = ["kind", "-valid_from", "buyer_type", "contract_type"]
        verbose_name = _("threshold")
        verbose_name_plural = _("thresholds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="pilots_threshold_valid_range",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_sek__isnull=True) | models.Q(amount_sek__gte=0),
                name="pilots_threshold_sek_not_negative",
            ),
        ]

    def __str__(self) -> str:
        amount = (
            f"{self.amount_sek} SEK" if self.amount_sek is not None else f"EUR {self.amount_eur}"
        )
        return f"{self.get_kind_display()} {self.buyer_type or '*'}/{self.contract_type or '*'}: {amount}"

    def clean(self) -> None:
        if self.amount_sek is None and self.amount_eur is None:
            raise ValidationError(_("Give the amount in SEK, in EUR or both."))
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})


class ProjectGroup(models.Model):
    """The people from the buyer(s) and the company who take a challenge to a pilot together.

    Visible only to its members and to the members of the organisations owning the challenge.
    """

    challenge = models.ForeignKey(
        "needs.Challenge", on_delete=models.CASCADE, related_name="project_groups"
    )
    name = models.CharField(_("name"), max_length=200)
    # The companies taking part; people from them (and from the owners) can be added as members.
    companies = models.ManyToManyField(
        "organisations.Organisation", related_name="project_groups", blank=True
    )
    meeting = models.ForeignKey(
        "events.Meeting",
        verbose_name=_("meeting it came from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_groups",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("project group")
        verbose_name_plural = _("project groups")

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(ProjectGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_groups"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("role"), max_length=32, choices=GroupRole.choices)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "user__full_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="pilots_member_once")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Commitment(models.Model):
    """What one side promises the pilot (staff time, premises, data…), signed off by a person."""

    group = models.ForeignKey(ProjectGroup, on_delete=models.CASCADE, related_name="commitments")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(_("commitment"), max_length=500)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "pk"]

    def __str__(self) -> str:
        return self.text


class Activity(models.Model):
    """One entry on the group's shared timeline."""

    group = models.ForeignKey(ProjectGroup, on_delete=models.CASCADE, related_name="activities")
    date = models.DateField(_("date"))
    title = models.CharField(_("activity"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["date", "pk"]
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title


class Pilot(models.Model):
    group = models.ForeignKey(ProjectGroup, on_delete=models.CASCADE, related_name="pilots")
    title = models.CharField(_("title"), max_length=200)
    solutions = models.ManyToManyField(
        "supply.Solution", verbose_name=_("solutions"), related_name="pilots", blank=True
    )
    meetings = models.ManyToManyField(
        "events.Meeting",
        verbose_name=_("meetings that led to it"),
        related_name="pilots",
        blank=True,
    )
    goals = models.TextField(_("goals"), blank=True)
    success_criteria = models.TextField(_("success criteria"), blank=True)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    budget_sek = models.DecimalField(
        _("budget (SEK)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    paid_by = models.CharField(_("who pays"), max_length=16, choices=PaidBy.choices, blank=True)
    data_terms = models.TextField(_("data terms"), blank=True)
    ip_terms = models.TextField(_("IP terms"), blank=True)
    risks = models.TextField(_("risks"), blank=True)
    status = models.CharField(
        _("status"), max_length=32, choices=PilotStatus.choices, default=PilotStatus.PLANNED
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    evaluation_report = models.TextField(_("evaluation report"), blank=True)
    notice_id = models.CharField(
        _("procurement notice id"),
        max_length=100,
        blank=True,
        help_text=_("The TED number or the reference in the Swedish advertising database."),
    )
    route = models.CharField(
        _("procurement route used"), max_length=32, choices=Route.choices, blank=True
    )
    contract_date = models.DateField(_("contract date"), null=True, blank=True)
    contract_value_sek = models.DecimalField(
        _("contract value (SEK)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget_sek__isnull=True) | models.Q(budget_sek__gte=0),
                name="pilots_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(contract_value_sek__isnull=True)
                | models.Q(contract_value_sek__gte=0),
                name="pilots_contract_value_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Kpi(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(_("KPI"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    measured = models.DecimalField(
        _("measured"), max_digits=16, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")

    def __str__(self) -> str:
        return self.name


class Milestone(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class GroupLogEntry(models.Model):
    """Who changed what in a group or its pilots: roles, members, status (kept for the record)."""

    group = models.ForeignKey(ProjectGroup, on_delete=models.CASCADE, related_name="log")
    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, null=True, blank=True, related_name="log"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=40)
    # Plain data, rendered at read time in the viewer's language.
    details = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.action


class PilotDocument(models.Model):
    """One generated agreement file. Each generation is a new version; old ones are kept.

    The bytes live in the database: the files are small and must stay as private as the pilot
    itself, so they are served only through the pilot's permission check, never as media.
    """

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=16, choices=AgreementKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=AgreementLanguage.choices)
    file_format = models.CharField(_("format"), max_length=4)  # "docx" or "pdf"
    version = models.PositiveIntegerField(_("version"))
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "language", "-version", "file_format"]
        verbose_name = _("pilot document")
        verbose_name_plural = _("pilot documents")
        constraints = [
            models.UniqueConstraint(
                fields=["pilot", "kind", "language", "version", "file_format"],
                name="pilots_document_version_once",
            )
        ]

    def __str__(self) -> str:
        return self.filename
