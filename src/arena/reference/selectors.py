"""Reads for the reference vocabularies: the searches behind the pickers, and lookups by code.

Every search folds the query with `text.fold` and matches it against the `search_text` column,
which the loader fills with the folded code and labels, so å, ä and ö match in any case on
SQLite and PostgreSQL alike. All words must match (AND). Queries that look like codes match
code prefixes instead.
"""

import re
from collections.abc import Iterable, Iterator, Sequence

from django.db.models import Case, IntegerField, Model, QuerySet, Value, When

from arena.reference.codes import cpv_ancestor_codes
from arena.reference.models import (
    CpvCode,
    CpvExample,
    CpvExampleGeneration,
    Municipality,
    Region,
    SdgGoal,
    SdgTarget,
)
from arena.reference.text import fold, fold_words, swedish_sort_key

MAX_LIMIT = 100

# "48000000-8", "48000000", "4821" (a partial code); spaces inside are forgiven.
_CPV_QUERY = re.compile(r"(\d{1,8})(?:-(\d))?")
# "11" (a goal), "11.", "11.6", "11.a"
_SDG_QUERY = re.compile(r"([1-9]\d?)(?:\.([0-9a-z]{0,2}))?")
_DIGITS = re.compile(r"\d+")


def _clamp(limit: int) -> int:
    return max(0, min(limit, MAX_LIMIT))


def _contains_all[M: Model](queryset: QuerySet[M], words: Iterable[str]) -> QuerySet[M]:
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


# --- CPV -----------------------------------------------------------------------------------


def cpv_code_prefix(query: str) -> tuple[str, str] | None:
    """For a query that is a CPV code or part of one: (prefix to match, exact code or "")."""
    match = _CPV_QUERY.fullmatch("".join(query.split()))
    if match is None:
        return None
    digits = match[1]
    if len(digits) < 8:
        return digits, ""
    # A whole code finds itself and everything below it: 48000000 → every code starting 48.
    prefix = digits.rstrip("0")
    return prefix.ljust(2, "0"), digits


def cpv_search(*, query: str, limit: int = 20) -> list[CpvCode]:
    """CPV codes matching a code (prefix) or words in Swedish or English, best matches first.

    Order: the exact code, then shallower levels (divisions before categories), then by code.
    Use `cpv_paths` for the codes above each result (one more query for the whole page).
    """
    limit = _clamp(limit)
    if not query.strip() or not limit:
        return []
    code_query = cpv_code_prefix(query)
    if code_query is not None:
        prefix, exact = code_query
        queryset = CpvCode.objects.filter(code__startswith=prefix)
    else:
        words = fold_words(query)
        queryset = _contains_all(CpvCode.objects.all(), words)
        exact = ""
    return list(
        queryset.annotate(
            not_exact=Case(
                When(code=exact, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        ).order_by("not_exact", "level", "code")[:limit]
    )


def cpv_paths(*, codes: Iterable[CpvCode]) -> dict[str, list[CpvCode]]:
    """Each code's ancestors, top first (the division first), fetched in one query for all."""
    codes = list(codes)
    candidates = {ancestor for cpv in codes for ancestor in cpv_ancestor_codes(cpv.code)}
    found = (
        {cpv.code: cpv for cpv in CpvCode.objects.filter(code__in=candidates)} if candidates else {}
    )
    return {
        cpv.code: [
            found[ancestor] for ancestor in cpv_ancestor_codes(cpv.code) if ancestor in found
        ]
        for cpv in codes
    }


def cpv_get_many(*, codes: Iterable[str]) -> dict[str, CpvCode]:
    """The known codes among `codes` (eight digits, no check digit), by code."""
    wanted = set(codes)
    if not wanted:
        return {}
    return {cpv.code: cpv for cpv in CpvCode.objects.filter(code__in=wanted)}


# --- SDGs ----------------------------------------------------------------------------------


def sdg_target_search(*, query: str, limit: int = 20) -> list[SdgTarget]:
    """SDG targets matching a code ("11.6", "11.a", "11" for a whole goal) or words.

    Words match the target's text and its goal's short titles, so "städer" finds goal 11's
    targets. Order: the exact code first, then the official order (11.1 … 11.7, 11.a …).
    """
    limit = _clamp(limit)
    if not query.strip() or not limit:
        return []
    queryset = SdgTarget.objects.select_related("goal")
    exact = ""
    match = _SDG_QUERY.fullmatch("".join(query.split()).casefold())
    if match is None:
        queryset = _contains_all(queryset, fold_words(query))
    elif match[2] is None:
        queryset = queryset.filter(goal_id=int(match[1]))
    else:
        exact = f"{match[1]}.{match[2]}"
        queryset = queryset.filter(code__startswith=exact)
    return list(
        queryset.annotate(
            not_exact=Case(
                When(code=exact, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        ).order_by("not_exact", "sort_key")[:limit]
    )


def sdg_target_get_many(*, codes: Iterable[str]) -> dict[str, SdgTarget]:
    wanted = set(codes)
    if not wanted:
        return {}
    return {
        target.code: target
        for target in SdgTarget.objects.select_related("goal").filter(code__in=wanted)
    }


def sdg_goal_list() -> list[SdgGoal]:
    return list(SdgGoal.objects.order_by("number"))


# --- Geography -----------------------------------------------------------------------------


def _rank_by_name[T: (Municipality, Region)](items: Sequence[T], query: str) -> list[T]:
    """Exact name first, then names that start with the query, then the rest; Swedish order."""
    folded = fold(query)

    def key(item: T) -> tuple[int, str]:
        name = fold(item.name)
        rank = 0 if name == folded else 1 if name.startswith(folded) else 2
        return rank, swedish_sort_key(item.name)

    return sorted(items, key=key)


def municipality_search(*, query: str, limit: int = 20) -> list[Municipality]:
    """Municipalities by name (any part, all words) or by SCB code prefix ("0180", "01")."""
    limit = _clamp(limit)
    text = "".join(query.split())
    if not text or not limit:
        return []
    queryset = Municipality.objects.select_related("region")
    if _DIGITS.fullmatch(text):
        return list(queryset.filter(code__startswith=text).order_by("code")[:limit])
    # At most 290 rows: rank and sort in Python, where Swedish order is easy.
    return _rank_by_name(list(_contains_all(queryset, fold_words(query))), query)[:limit]


def municipality_get_many(*, codes: Iterable[str]) -> dict[str, Municipality]:
    wanted = set(codes)
    if not wanted:
        return {}
    return {
        m.code: m for m in Municipality.objects.select_related("region").filter(code__in=wanted)
    }


def municipalities_by_county() -> list[tuple[Region, list[Municipality]]]:
    """Every municipality grouped under its county, both in Swedish alphabetical order."""
    groups: dict[str, tuple[Region, list[Municipality]]] = {}
    for municipality in Municipality.objects.select_related("region"):
        region = municipality.region
        groups.setdefault(region.code, (region, []))[1].append(municipality)
    ordered = sorted(groups.values(), key=lambda group: swedish_sort_key(group[0].county_name))
    return [
        (region, sorted(members, key=lambda m: swedish_sort_key(m.name)))
        for region, members in ordered
    ]


def region_search(*, query: str, limit: int = 20) -> list[Region]:
    """Regions by name or county name (all words), or by county code prefix ("01")."""
    limit = _clamp(limit)
    text = "".join(query.split())
    if not text or not limit:
        return []
    if _DIGITS.fullmatch(text):
        return list(Region.objects.filter(code__startswith=text).order_by("code")[:limit])
    return _rank_by_name(list(_contains_all(Region.objects.all(), fold_words(query))), query)[
        :limit
    ]


def region_get_many(*, codes: Iterable[str]) -> dict[str, Region]:
    wanted = set(codes)
    if not wanted:
        return {}
    return {region.code: region for region in Region.objects.filter(code__in=wanted)}


def region_list() -> list[Region]:
    """All regions in Swedish alphabetical order of their names."""
    return sorted(Region.objects.all(), key=lambda region: swedish_sort_key(region.name))


def cpv_examples_version() -> int:
    """Rises whenever what the suggestions read from the examples changes (one query by key)."""
    return CpvExampleGeneration.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def cpv_examples_embedded(
    *, model: str, limit: int, page: int = 2000
) -> Iterator[tuple[str, str, str, str, bytes]]:
    """The `limit` newest examples with a vector of `model`, newest first: (source, language, code,
    key, vector bytes), read a page at a time (by id, not through a server-side cursor, which a
    connection pooler may not keep), so that a reader never holds all rows as objects."""
    embedded = CpvExample.objects.filter(model=model, vector__isnull=False).order_by("-id")
    below: int | None = None
    while limit > 0:
        rows = embedded if below is None else embedded.filter(id__lt=below)
        found = list(
            rows.values_list("id", "source", "language", "code", "key", "vector")[
                : min(page, limit)
            ]
        )
        if not found:
            return
        for _, source, language, code, key, vector in found:
            yield source, language, code, key, bytes(vector or b"")
        limit -= len(found)
        below = found[-1][0]


def cpv_example_sources(*, prefix: str) -> list[str]:
    """The sources with examples whose name starts with `prefix` ("notice:")."""
    return list(
        CpvExample.objects.filter(source__startswith=prefix)
        .values_list("source", flat=True)
        .distinct()
        .order_by("source")
    )
