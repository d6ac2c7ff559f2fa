"""Unique, readable addresses (slugs) for the things people link to."""

from collections.abc import Collection

from django.db.models import Model, QuerySet
from django.utils.text import slugify


def unique_slug(
    queryset: "QuerySet[Model]",
    text: str,
    *,
    fallback: str,
    max_length: int = 70,
    reserved: Collection[str] = (),
    reserved_suffix: str = "",
) -> str:
    """slugify(text), numbered -2, -3, … until no row of `queryset` has it.

    A slug that would shadow a fixed address (`reserved`, such as "ny") gets `reserved_suffix`
    appended, or is numbered like a taken one when there is no suffix.
    """
    base = slugify(text)[:max_length] or fallback
    if base in reserved and reserved_suffix:
        base = f"{base}-{reserved_suffix}"
    slug, n = base, 2
    while slug in reserved or queryset.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
