"""`{% guide_link "espd" %}`: a link to a knowledge-bank guide, or nothing when it is not published.

Pages that help with something (readiness gaps, the route advisor, the challenge form) name guides
by slug; the titles of all published guides are read once per request, however many links a page has.
"""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from arena.bilingual import in_language
from arena.knowledge.selectors import guide_titles

register = template.Library()
_CACHE_ATTRIBUTE = "_arena_guide_titles"


def _titles(context: Any) -> dict[str, tuple[str, str]]:
    request = context.get("request")
    if request is None:
        return guide_titles()
    if not hasattr(request, _CACHE_ATTRIBUTE):
        setattr(request, _CACHE_ATTRIBUTE, guide_titles())
    titles: dict[str, tuple[str, str]] = getattr(request, _CACHE_ATTRIBUTE)
    return titles


@register.simple_tag(takes_context=True)
def guide_link(context: Any, slug: str, css_class: str = "") -> SafeString | str:
    title = _titles(context).get(slug)
    if title is None:
        return ""
    return format_html(
        '<a href="{}"{}>{}</a>',
        reverse("knowledge:guide_detail", kwargs={"slug": slug}),
        format_html(' class="{}"', css_class) if css_class else "",
        in_language(*title),
    )
