from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arena.organisations.enums import (
    BUYER_KINDS,
    IntermediaryKind,
    MembershipRole,
    OrganisationKind,
    SizeClass,
)
from arena.organisations.validators import validate_org_number


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    kind = models.CharField(
        _("kind of organisation"), max_length=32, choices=OrganisationKind.choices
    )
    size_class = models.CharField(_("size"), max_length=16, choices=SizeClass.choices, blank=True)
    is_startup = models.BooleanField(_("startup"), default=False)
    intermediary_kind = models.CharField(
        _("kind of intermediary"), max_length=32, choices=IntermediaryKind.choices, blank=True
    )
    # Stored as NNNNNN-NNNN, the form Bolagsverket prints.
    org_number = models.CharField(
        _("organisation number"), max_length=11, unique=True, validators=[validate_org_number]
    )
    municipality = models.ForeignKey(
        "reference.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_buyer(self) -> bool:
        return self.kind in BUYER_KINDS

    @property
    def is_company(self) -> bool:
        return self.kind == OrganisationKind.COMPANY


class Membership(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "user__full_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="membership_unique_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"

    @property
    def is_admin(self) -> bool:
        return self.role == MembershipRole.ADMIN


class Invitation(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            # One open invitation per address and organisation; accepted ones stay as history.
            models.UniqueConstraint(
                "organisation",
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True),
                name="invitation_one_open_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and not self.is_expired
