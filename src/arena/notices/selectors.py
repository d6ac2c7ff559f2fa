"""Reads of tender notices. Notices are public data: everyone may see every one of them."""

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from arena.notices.models import Notice, NoticeLot
from arena.reference.models import CpvCode, NutsCode
from arena.search.fulltext import fulltext_filter, words_of

NOTICE_SEARCH_FIELDS = ["title", "description", "buyer_name"]


def notice_list(
    *,
    query: str = "",
    cpv: str = "",
    kind: str = "",
    open_only: bool = False,
    country: str = "",
    nuts: str = "",
    innovation: bool = False,
    green: bool = False,
) -> QuerySet[Notice]:
    """Notices matching the filters, newest first (best match first when searching).

    `cpv` is a code prefix (a division such as "48", or more digits) matched against every code
    of the notice; `nuts` a NUTS prefix matched against its places of performance.
    """
    notices = Notice.objects.all()
    if cpv:
        notices = notices.filter(
            Exists(
                Notice.cpv_codes.through.objects.filter(
                    notice_id=OuterRef("pk"), cpvcode__code__startswith=cpv
                )
            )
        )
    if kind:
        notices = notices.filter(kind=kind)
    if open_only:
        notices = notices.filter(deadline__gte=timezone.now())
    if country:
        notices = notices.filter(country=country.upper())
    if nuts:
        # The JSON text holds each code in quotes: '"SE12' matches SE12, SE121, SE122...
        notices = notices.filter(nuts_codes__icontains=f'"{nuts.upper()}')
    if innovation:
        notices = notices.filter(is_innovation=True)
    if green:
        notices = notices.filter(is_green=True)
    if words_of(query):
        notices = fulltext_filter(notices, query=query, fields=NOTICE_SEARCH_FIELDS)
        return notices.order_by(F("search_rank").desc(), "-published_on", "-id")
    return notices.order_by("-published_on", "-id")


def notice_get(*, pk: int) -> Notice:
    """One notice with its lots, CPV codes and linked buyer, or 404."""
    notice = (
        Notice.objects.select_related("buyer")
        .prefetch_related(
            Prefetch("lots", queryset=NoticeLot.objects.order_by("position")),
            Prefetch("cpv_codes", queryset=CpvCode.objects.order_by("code")),
        )
        .filter(pk=pk)
        .first()
    )
    if notice is None:
        raise Http404
    return notice


def notice_cpv_labels(*, notice: Notice) -> dict[str, CpvCode]:
    """The CPV codes named by the notice and its lots, by code, in one query."""
    codes = {notice.cpv_main} | {c for lot in notice.lots.all() for c in lot.cpv_codes}
    codes |= {c.code for c in notice.cpv_codes.all()}
    return {c.code: c for c in CpvCode.objects.filter(code__in=codes - {""})}


def cpv_divisions() -> list[CpvCode]:
    return list(CpvCode.objects.filter(level=1).order_by("code"))


def nuts_regions_se() -> list[NutsCode]:
    """Sweden's NUTS 1 and 2 regions, for the place filter."""
    return list(NutsCode.objects.filter(code__startswith="SE", level__in=[1, 2]).order_by("code"))
