"""The knowledge bank: bilingual guides and template descriptions.

The first set ships with Arena as Markdown files in `content/` and is loaded (and refreshed) by
`arena load-knowledge`; staff can add more in the admin. A guide's slug is its stable address,
so other pages link to guides by slug (readiness items, the route advisor, the challenge form).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arena.bilingual import in_active_language, in_language
from arena.knowledge.enums import GuideKind, Topic


class Guide(models.Model):
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=GuideKind.choices)
    title_sv = models.CharField(_("title in Swedish"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200)
    summary_sv = models.CharField(_("summary in Swedish"), max_length=300, blank=True)
    summary_en = models.CharField(_("summary in English"), max_length=300, blank=True)
    body_sv = models.TextField(_("text in Swedish (Markdown)"), blank=True)
    body_en = models.TextField(_("text in English (Markdown)"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    # True for guides loaded from the files Arena ships: a reload may overwrite them.
    is_shipped = models.BooleanField(_("shipped with Arena"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        ordering = ["topic", "title_sv"]

    def __str__(self) -> str:
        return self.slug

    @property
    def title(self) -> str:
        return in_language(self.title_sv, self.title_en)

    @property
    def summary(self) -> str:
        return in_language(self.summary_sv, self.summary_en)

    @property
    def body(self) -> str:
        return in_active_language(self.body_sv, self.body_en)[0]

    @property
    def body_language(self) -> str:
        """The language code of `body`, for a lang attribute when it differs from the page."""
        return in_active_language(self.body_sv, self.body_en)[1]
