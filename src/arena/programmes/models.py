from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arena.bilingual import in_active_language, in_language
from arena.organisations.enums import OrganisationKind
from arena.programmes.enums import (
    NAME_MAX_LENGTH,
    OPEN_STATUSES,
    ApplicationStatus,
    NudgeReason,
    ParticipantKind,
    ResourceKind,
)


class Programme(models.Model):
    """A programme an intermediary runs (e.g. Ignite Public) that buyers and companies apply to join."""

    owner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("run by"),
        on_delete=models.PROTECT,
        related_name="programmes",
        limit_choices_to={"kind": OrganisationKind.INTERMEDIARY},
    )
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    name_sv = models.CharField(_("name in Swedish"), max_length=NAME_MAX_LENGTH, blank=True)
    name_en = models.CharField(_("name in English"), max_length=NAME_MAX_LENGTH, blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    aims = models.TextField(_("aims"), blank=True)
    region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    funders = models.TextField(_("funders"), blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    # Short labels of the focus areas the programme offers, e.g. "Circular economy".
    themes = models.JSONField(_("themes"), default=list, blank=True)
    how_to_join = models.TextField(_("how to join"), blank=True)
    # The questions every applicant answers, in order.
    questions = models.JSONField(_("questions to applicants"), default=list, blank=True)
    agreement = models.TextField(_("participation agreement"), blank=True)
    is_open_for_applications = models.BooleanField(_("open for applications"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name_sv", "name_en", "pk"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_sv="") | ~models.Q(name_en=""),
                name="programme_has_a_name",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_sv, self.name_en)

    @property
    def description(self) -> str:
        return in_language(self.description_sv, self.description_en)

    @property
    def description_language(self) -> str:
        return in_active_language(self.description_sv, self.description_en)[1]


class Cohort(models.Model):
    """A round of the programme that participants join together (e.g. "Spring 2026")."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    is_open = models.BooleanField(_("open for applications"), default=True)

    class Meta:
        ordering = ["starts_on", "name", "pk"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="cohort_unique_name"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="cohort_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    """An organisation (or a person, as an individual inventor) asking to join a programme.

    The approved applications are the programme's members.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="applications")
    cohort = models.ForeignKey(
        Cohort,
        verbose_name=_("cohort"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    # Empty for an individual inventor, who applies as a person without a company.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="programme_applications",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="programme_applications",
    )
    participant_kind = models.CharField(
        _("takes part as"), max_length=16, choices=ParticipantKind.choices
    )
    # The programme's questions when the application was sent, and the answers in the same order.
    questions = models.JSONField(_("questions"), default=list, blank=True)
    answers = models.JSONField(_("answers"), default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
    )
    submitted_at = models.DateTimeField(_("sent"), default=timezone.now)
    agreement_text = models.TextField(_("agreement accepted"), blank=True)
    agreement_accepted_at = models.DateTimeField(null=True, blank=True)
    agreement_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation"],
                condition=models.Q(organisation__isnull=False)
                & models.Q(status__in=sorted(OPEN_STATUSES)),
                name="application_one_open_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["programme", "applicant"],
                condition=models.Q(organisation__isnull=True)
                & models.Q(status__in=sorted(OPEN_STATUSES)),
                name="application_one_open_per_inventor",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(organisation__isnull=True)
                    & models.Q(participant_kind=ParticipantKind.INVENTOR)
                )
                | (
                    models.Q(organisation__isnull=False)
                    & ~models.Q(participant_kind=ParticipantKind.INVENTOR)
                ),
                name="application_inventor_has_no_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_name} → {self.programme_id}"

    @property
    def participant_name(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        return str(self.applicant) if self.applicant is not None else "–"

    @property
    def is_inventor(self) -> bool:
        return self.organisation_id is None

    @property
    def is_pending(self) -> bool:
        return self.status == ApplicationStatus.PENDING

    @property
    def is_approved(self) -> bool:
        return self.status == ApplicationStatus.APPROVED

    @property
    def is_declined(self) -> bool:
        return self.status == ApplicationStatus.DECLINED

    @property
    def question_answers(self) -> list[tuple[str, str]]:
        answers = list(self.answers or [])
        return [
            (str(question), str(answers[i]) if i < len(answers) else "")
            for i, question in enumerate(self.questions or [])
        ]


class ProgrammeResource(models.Model):
    """A template, guide, recording or other material; by default only members see it."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(_("title"), max_length=NAME_MAX_LENGTH)
    kind = models.CharField(_("kind"), max_length=16, choices=ResourceKind.choices)
    url = models.URLField(_("link"), max_length=500, blank=True)
    body = models.TextField(_("text"), blank=True)
    members_only = models.BooleanField(_("members only"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("programme resource")
        verbose_name_plural = _("programme resources")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(url="") | ~models.Q(body=""),
                name="programme_resource_has_content",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Reminder(models.Model):
    """The log of reminders staff sent a participant, so they see when it was last nudged."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="reminders")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    # NudgeReason codes: what was missing when the reminder was sent.
    reasons = models.JSONField(_("reasons"), default=list)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self) -> str:
        return f"{self.application_id} @ {self.sent_at:%Y-%m-%d}"

    @property
    def reason_labels(self) -> list[str]:
        known = dict(NudgeReason.choices)
        return [str(known[code]) for code in self.reasons or [] if code in known]
