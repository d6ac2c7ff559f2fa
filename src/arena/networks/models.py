from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Network(models.Model):
    """A network of organisations, such as a regional buyer network (beställarnätverk)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
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
