from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arena.bilingual import in_language
from arena.networks.enums import (
    ContentVisibility,
    CoordinatorRole,
    InvitationStatus,
    LogAction,
)
from arena.pilots.enums import Route


class Network(models.Model):
    """A network of organisations, such as a regional buyer network (beställarnätverk).

    Membership is security-relevant: challenges shown to "members of our networks" are visible to
    every organisation sharing a network with an owner, so an organisation joins only when its own
    administrator accepts an invitation (or Arena staff add it).
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    public_description = models.TextField(
        _("public description"),
        blank=True,
        help_text=_("Shown to everyone when the network is listed publicly. Markdown."),
    )
    is_public = models.BooleanField(
        _("listed publicly"),
        default=False,
        help_text=_("Anyone may see the network's name, public description and members."),
    )
    owner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="networks_owned",
        help_text=_("The intermediary or buyer that runs the network."),
    )
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("organisations"),
        related_name="networks",
        blank=True,
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="networks",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name


class NetworkCoordinator(models.Model):
    """A person of the owner organisation who runs the network: invites, removes, curates."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="coordinators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_coordinations"
    )
    role = models.CharField(
        _("role"), max_length=16, choices=CoordinatorRole.choices, default=CoordinatorRole.LEAD
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["role", "user__full_name", "pk"]
        verbose_name = _("coordinator")
        verbose_name_plural = _("coordinators")
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="network_coordinator_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class NetworkInvitation(models.Model):
    """An invitation to join, to an organisation on Arena or by e-mail to someone not on it yet.

    Only an administrator of the organisation that joins can accept it (the token alone is not
    enough): the inviter never decides who joins.
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="network_invitations",
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    message = models.TextField(_("message"), blank=True)
    token = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # For an e-mail invitation: the organisation that joined with it.
    joined_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("network invitation")
        verbose_name_plural = _("network invitations")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(organisation__isnull=False) & models.Q(email=""))
                | (models.Q(organisation__isnull=True) & ~models.Q(email="")),
                name="network_invitation_org_or_email",
            ),
            models.UniqueConstraint(
                fields=["network", "organisation"],
                condition=models.Q(status="pending", organisation__isnull=False),
                name="network_invitation_one_open_per_org",
            ),
            models.UniqueConstraint(
                "network",
                Lower("email"),
                condition=models.Q(status="pending", organisation__isnull=True),
                name="network_invitation_one_open_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation or self.email} → {self.network}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        return self.status == InvitationStatus.PENDING and not self.is_expired

    @property
    def invitee(self) -> str:
        return self.organisation.name if self.organisation_id and self.organisation else self.email


class NetworkLogEntry(models.Model):
    """Who changed what in a network: members, invitations, coordinators, shared content."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="log")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=32, choices=LogAction.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Plain data (names, addresses, titles) kept as they were at the time.
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("network log entry")
        verbose_name_plural = _("network log entries")

    def __str__(self) -> str:
        return self.action


class Case(models.Model):
    """One innovation procurement or pilot told for the other members to learn from."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="cases")
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    industry_area = models.CharField(_("industry area"), max_length=200, blank=True)
    cpv_codes = models.ManyToManyField(
        "reference.CpvCode", blank=True, related_name="network_cases", verbose_name=_("CPV codes")
    )
    what_was_bought = models.TextField(_("what was bought"), blank=True)
    route = models.CharField(
        _("procurement route used"), max_length=32, choices=Route.choices, blank=True
    )
    results = models.TextField(_("results"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    # [{"title": ..., "url": ...}]: documents live where the members keep them; we keep links.
    documents = models.JSONField(_("documents"), default=list, blank=True)
    pilot = models.ForeignKey(
        "pilots.Pilot",
        verbose_name=_("pilot"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_cases",
    )
    challenge = models.ForeignKey(
        "needs.Challenge",
        verbose_name=_("challenge"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_cases",
    )
    visibility = models.CharField(
        _("who may see it"),
        max_length=16,
        choices=ContentVisibility.choices,
        default=ContentVisibility.MEMBERS,
    )
    author_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("shared by"),
        on_delete=models.CASCADE,
        related_name="network_cases",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_sv, self.title_en)


class Routine(models.Model):
    """A routine, template or document the members share (text, a link, or both)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="routines")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    url = models.URLField(_("link"), max_length=500, blank=True)
    visibility = models.CharField(
        _("who may see it"),
        max_length=16,
        choices=ContentVisibility.choices,
        default=ContentVisibility.MEMBERS,
    )
    author_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("shared by"),
        on_delete=models.CASCADE,
        related_name="network_routines",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("routine or document")
        verbose_name_plural = _("routines and documents")

    def __str__(self) -> str:
        return self.title


class Story(models.Model):
    """The public story of a finished pilot, written by the buyer for others to learn from.

    Public only once published. Nothing is copied from the challenge: its title may be
    confidential, so the author writes what the public page says.
    """

    pilot = models.OneToOneField(
        "pilots.Pilot", verbose_name=_("pilot"), on_delete=models.CASCADE, related_name="story"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("buyer"),
        on_delete=models.CASCADE,
        related_name="stories",
    )
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    route = models.CharField(
        _("procurement route used"), max_length=32, choices=Route.choices, blank=True
    )
    results = models.TextField(_("results"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    # [{"name", "unit", "baseline", "target", "measured"}] copied from the pilot when written.
    kpis = models.JSONField(_("KPIs"), default=list, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at", "-created_at", "-pk"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_sv, self.title_en)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
