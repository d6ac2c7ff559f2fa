"""Real tender notices imported from eForms XML, OCDS JSON and TED exports.

A notice is identified by its source and the id that source gives it, so importing the same
notice again updates it. Texts stay in the language the buyer wrote them in; official
translations are kept beside them for matching and display.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arena.notices.enums import ContractNature, NoticeKind, NoticeSource


class Notice(models.Model):
    source = models.CharField(_("source"), max_length=8, choices=NoticeSource.choices)
    # eForms notice id (BT-701) with version, OCDS ocid, or TED document number.
    source_id = models.CharField(_("identifier at the source"), max_length=120)
    procedure_id = models.CharField(_("procedure identifier"), max_length=120, blank=True)
    schema_version = models.CharField(_("format version"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=NoticeKind.choices)
    subtype = models.CharField(_("form or subtype"), max_length=20, blank=True)
    language = models.CharField(_("original language"), max_length=2, blank=True)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    # {"sv": {"title": ..., "description": ...}, "en": {...}}: official translations.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    buyer_name = models.CharField(_("buyer"), max_length=300, blank=True)
    buyer_identifier = models.CharField(_("buyer's identifier"), max_length=60, blank=True)
    buyer_town = models.CharField(_("buyer's town"), max_length=120, blank=True)
    buyer = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("buyer on Arena"),
    )
    country = models.CharField(_("country"), max_length=2, blank=True)
    contract_nature = models.CharField(
        _("main nature"), max_length=8, choices=ContractNature.choices, blank=True
    )
    procedure_type = models.CharField(_("procedure"), max_length=20, blank=True)  # BT-105 code
    cpv_main = models.CharField(_("main CPV code"), max_length=8, blank=True)
    cpv_codes = models.ManyToManyField(
        "reference.CpvCode", blank=True, related_name="+", verbose_name=_("CPV codes")
    )
    # True when the codes came from Arena's classifier because the notice gave none.
    cpv_suggested = models.BooleanField(_("CPV codes suggested by Arena"), default=False)
    nuts_codes = models.JSONField(_("places of performance (NUTS)"), default=list, blank=True)
    published_on = models.DateField(_("published"), null=True, blank=True)
    deadline = models.DateTimeField(_("deadline for tenders"), null=True, blank=True)
    estimated_value = models.DecimalField(
        _("estimated value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    is_innovation = models.BooleanField(_("innovative procurement"), default=False)
    is_green = models.BooleanField(_("green procurement"), default=False)
    is_social = models.BooleanField(_("social procurement"), default=False)
    sme_suitable = models.BooleanField(_("suitable for SMEs"), null=True, blank=True)
    # [{"kind": RequirementKind, "text": str, "lot": str, "amount": float|None,
    #   "currency": str, "standard": str, "count": int|None}]
    requirements = models.JSONField(_("selection requirements"), default=list, blank=True)
    url = models.URLField(_("link to the notice"), max_length=500, blank=True)
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("tender notice")
        verbose_name_plural = _("tender notices")
        ordering = ["-published_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="notice_unique_source_id")
        ]
        indexes = [
            models.Index(fields=["-published_on", "-id"]),
            models.Index(fields=["cpv_main"]),
            models.Index(fields=["deadline"]),
        ]

    def __str__(self) -> str:
        return self.title


class NoticeLot(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="lots")
    lot_id = models.CharField(_("lot"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    cpv_codes = models.JSONField(_("CPV codes"), default=list, blank=True)
    nuts_codes = models.JSONField(_("places of performance (NUTS)"), default=list, blank=True)
    estimated_value = models.DecimalField(
        _("estimated value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    sme_suitable = models.BooleanField(_("suitable for SMEs"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["notice", "position"]

    def __str__(self) -> str:
        return f"{self.lot_id} {self.title}".strip()
