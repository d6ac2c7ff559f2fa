from django.db.models import F, QuerySet

from arena.knowledge.models import Guide
from arena.search.fulltext import fulltext_filter

SEARCH_FIELDS = ("title_sv", "title_en", "summary_sv", "summary_en", "body_sv", "body_en")


def guide_list_published(*, query: str = "", topic: str = "", kind: str = "") -> QuerySet[Guide]:
    guides = Guide.objects.filter(is_published=True).defer("body_sv", "body_en")
    if topic:
        guides = guides.filter(topic=topic)
    if kind:
        guides = guides.filter(kind=kind)
    if query.strip():
        found = fulltext_filter(guides, query=query, fields=SEARCH_FIELDS)
        return found.order_by(F("search_rank").desc(), "title_sv")
    return guides


def guide_get_published(*, slug: str) -> Guide:
    """The guide, or Guide.DoesNotExist (the view answers 404) when missing or unpublished."""
    return Guide.objects.get(slug=slug, is_published=True)


def guide_titles() -> dict[str, tuple[str, str]]:
    """slug → (Swedish title, English title) of every published guide: one query for all links on a page."""
    return {
        slug: (sv, en)
        for slug, sv, en in Guide.objects.filter(is_published=True).values_list(
            "slug", "title_sv", "title_en"
        )
    }


def guides_related(*, guide: Guide, limit: int = 4) -> list[Guide]:
    return list(
        Guide.objects.filter(is_published=True, topic=guide.topic)
        .exclude(pk=guide.pk)
        .defer("body_sv", "body_en")[:limit]
    )
