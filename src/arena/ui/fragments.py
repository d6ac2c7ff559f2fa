"""Fragments that many pages share (a solution's card on a list), kept in the shared cache.

The public page cache (`arena.ui.pagecache`) keeps whole pages. A list has many pages (filters ×
page numbers) built from the same cards, so a page asked for the first time still rendered twenty
cards it may have rendered for another page a moment before: on the solution list those were
half of a page's rendering. Fragments are stored under the same content generation as pages, so
any write through the ORM makes them stale at the same moment, for the same time to live, and
only where page caching is on. Only fragments that are the same for every viewer belong here.
Cache errors make the fragments render as if caching were off.
"""

import hashlib
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.cache import cache
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from arena.ui.pagecache import cache_seconds, generation

logger = logging.getLogger(__name__)


def rendered_fragments(
    objects: Sequence[Model],
    *,
    template_name: str,
    variable: str,
    context: Mapping[str, Any] | None = None,
) -> list[SafeString]:
    """`template_name` rendered for each object (as `variable`, with `context`), in order.

    The template must depend on nothing but the object, the context given and the language."""
    extra = dict(context or {})

    def render(obj: Model) -> str:
        return render_to_string(template_name, {**extra, variable: obj})

    seconds = cache_seconds()
    if not seconds or not objects:
        return [mark_safe(render(obj)) for obj in objects]  # noqa: S308  # rendered by a template
    try:
        # The template and its extra context in a few safe characters (keys allow no spaces).
        shape = hashlib.blake2b(
            repr((template_name, sorted(extra.items()))).encode(), digest_size=8
        ).hexdigest()
        prefix = f"arena:fragment:{generation()}:{get_language()}:{shape}"
        keys = [f"{prefix}:{obj.pk}" for obj in objects]
        stored = cache.get_many(keys)
    except Exception:
        logger.warning("The cache did not answer; fragments are rendered", exc_info=True)
        return [mark_safe(render(obj)) for obj in objects]  # noqa: S308
    fragments, new = [], {}
    for key, obj in zip(keys, objects, strict=True):
        html = stored.get(key)
        if html is None:
            html = new[key] = render(obj)
        fragments.append(mark_safe(html))  # noqa: S308  # rendered by a template, then stored
    if new:
        try:
            cache.set_many(new, seconds)
        except Exception:
            logger.warning("The cache did not store fragments", exc_info=True)
    return fragments
