from django.db import models
from django.utils.translation import gettext_lazy as _

from arena.bilingual import in_language


class CpvCode(models.Model):
    """A code of the Common Procurement Vocabulary (CPV 2008), e.g. 48000000 software packages."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    check_digit = models.CharField(_("check digit"), max_length=1)
    level = models.PositiveSmallIntegerField(_("level"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    label_sv = models.CharField(_("Swedish label"), max_length=400)
    label_en = models.CharField(_("English label"), max_length=400)
    # Lower-cased code and both labels: SQLite's LIKE folds only ASCII, and Swedish needs å, ä, ö.
    search_text = models.TextField(editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("CPV code")
        verbose_name_plural = _("CPV codes")

    def __str__(self) -> str:
        return f"{self.code_with_check_digit} {self.label}"

    @property
    def code_with_check_digit(self) -> str:
        return f"{self.code}-{self.check_digit}"

    @property
    def label(self) -> str:
        return in_language(self.label_sv, self.label_en)


class SdgGoal(models.Model):
    """One of the 17 Sustainable Development Goals of Agenda 2030."""

    number = models.PositiveSmallIntegerField(_("number"), primary_key=True)
    short_title_sv = models.CharField(_("Swedish short title"), max_length=200)
    short_title_en = models.CharField(_("English short title"), max_length=200)
    title_en = models.TextField(_("English title"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")

    def __str__(self) -> str:
        return f"{self.number}. {self.short_title}"

    @property
    def short_title(self) -> str:
        return in_language(self.short_title_sv, self.short_title_en)


class SdgTarget(models.Model):
    """One of the 169 targets under the goals, e.g. 11.6 (no Swedish text is published as data)."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    goal = models.ForeignKey(SdgGoal, on_delete=models.PROTECT, related_name="targets")
    sort_key = models.PositiveIntegerField(editable=False)
    title_sv = models.TextField(_("Swedish title"), blank=True)
    title_en = models.TextField(_("English title"))
    search_text = models.TextField(editable=False)

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return in_language(self.title_sv, self.title_en)


class NutsCode(models.Model):
    """A Swedish NUTS 2021 region (levels 0–3), as used in tender notices."""

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    level = models.PositiveSmallIntegerField(_("level"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    label_sv = models.CharField(_("Swedish label"), max_length=200)
    label_en = models.CharField(_("English label"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("NUTS code")
        verbose_name_plural = _("NUTS codes")

    def __str__(self) -> str:
        return f"{self.code} {in_language(self.label_sv, self.label_en)}"


class Region(models.Model):
    """A county (län) and the region authority that governs it, e.g. 01 Stockholms län, Region Stockholm."""

    code = models.CharField(_("county code"), max_length=2, primary_key=True)
    county_name = models.CharField(_("county"), max_length=100)
    name = models.CharField(_("region"), max_length=100)
    nuts = models.ForeignKey(NutsCode, on_delete=models.PROTECT, related_name="+")
    search_text = models.TextField(editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """One of Sweden's 290 municipalities (kommuner) with its four-digit SCB code."""

    code = models.CharField(_("municipality code"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")
    search_text = models.TextField(editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class CpvExample(models.Model):
    """A text whose main CPV code is known: one form (the original or an official Swedish or
    English translation) of an imported notice with an official code. The CPV classifier behind
    the suggested codes learns from these (arena.reference.suggest), beside the TED sample it ships.
    """

    # "notice:<source>:<source id>": the forms of one notice share it, and a text identical to
    # one of them leaves all of them out (a text is not evidence about itself).
    source = models.CharField(_("source"), max_length=160)
    language = models.CharField(_("language"), max_length=8, blank=True)
    code = models.CharField(_("main CPV code"), max_length=8)
    title = models.TextField(_("title"), blank=True)
    text = models.TextField(_("text"), blank=True)
    key = models.CharField(_("text key"), max_length=32)  # arena.matching.cpv.example_key
    # The embedder that made `vector` (its name); null until the embedding task has run.
    model = models.CharField(_("embedding model"), max_length=120, blank=True)
    vector = models.BinaryField(_("vector"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("CPV example")
        verbose_name_plural = _("CPV examples")
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="cpv_example_unique_form")
        ]
        indexes = [models.Index(fields=["model", "-id"])]

    def __str__(self) -> str:
        return f"{self.source} ({self.language or '?'}): {self.code}"


class CpvExampleGeneration(models.Model):
    """One row whose number rises in every transaction that changes what the suggestions read from
    `CpvExample` (a vector written, a row relabelled or removed): a process reads the examples again
    when the number differs from the one it read. A counter rather than timestamps: it does not
    depend on the clocks of the hosts, and writers take their turns on the row in commit order."""

    number = models.PositiveBigIntegerField(_("number"), default=0)

    class Meta:
        verbose_name = _("CPV example generation")
        verbose_name_plural = _("CPV example generations")

    def __str__(self) -> str:
        return str(self.number)
