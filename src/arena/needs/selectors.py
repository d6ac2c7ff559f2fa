from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from arena.accounts.models import User
from arena.needs.enums import VISIBLE_STATUSES, ChallengeStatus, Visibility
from arena.needs.models import Challenge, ChallengeAccess, ChallengeStatusChange, FocusArea
from arena.networks.models import Network
from arena.organisations.enums import BUYER_KINDS
from arena.organisations.models import Membership, Organisation
from arena.organisations.selectors import list_page, page_number
from arena.search.fulltext import fulltext_filter, words_of

SEARCH_FIELDS = ["title_sv", "title_en", "text_sv", "text_en", "problem", "desired_effects"]
_OWNERS = Challenge.owners.through
# Newest first; the pk last so that pages never share or skip a row.
_LIST_ORDER = ("-published_at", "-created_at", "-pk")


def challenges_visible_to(*, viewer: User | None) -> QuerySet[Challenge]:
    """Every challenge `viewer` may see; lists, counts, search and the API all start here.

    Owners see their own in every status. Others see published ones (and later stages) when they
    are public, when the viewer's organisation shares a network with an owner (network), or when
    the viewer's company accepted the NDA (confidential). Built from subqueries: no extra queries.
    """
    shown = Q(status__in=VISIBLE_STATUSES)
    public = shown & Q(visibility=Visibility.PUBLIC)
    if viewer is None or not viewer.is_authenticated:
        return Challenge.objects.filter(public)
    my_orgs = Membership.objects.filter(user=viewer).values("organisation_id")
    owned = Q(pk__in=_OWNERS.objects.filter(organisation_id__in=my_orgs).values("challenge_id"))
    through = Network.organisations.through
    my_networks = through.objects.filter(organisation_id__in=my_orgs).values("network_id")
    peers = through.objects.filter(network_id__in=my_networks).values("organisation_id")
    network = (
        shown
        & Q(visibility=Visibility.NETWORK)
        & Q(pk__in=_OWNERS.objects.filter(organisation_id__in=peers).values("challenge_id"))
    )
    accepted = ChallengeAccess.objects.filter(
        organisation_id__in=my_orgs, nda_accepted_at__isnull=False
    ).values("challenge_id")
    confidential = shown & Q(visibility=Visibility.CONFIDENTIAL) & Q(pk__in=accepted)
    return Challenge.objects.filter(public | owned | network | confidential)


def challenge_list(
    *,
    viewer: User | None,
    query: str = "",
    cpv: str = "",
    sdg_goal: int | None = None,
    region: str = "",
    status: str = "",
    owner: Organisation | None = None,
) -> QuerySet[Challenge]:
    challenges = challenges_visible_to(viewer=viewer)
    if owner is not None:
        challenges = challenges.filter(owners=owner)
    if status in ChallengeStatus.values:
        challenges = challenges.filter(status=status)
    if cpv:
        branch = cpv.split("-")[0].rstrip("0") or cpv[:2]
        challenges = challenges.filter(
            pk__in=Challenge.cpv_codes.through.objects.filter(
                cpvcode__code__startswith=branch
            ).values("challenge_id")
        )
    if sdg_goal:
        challenges = challenges.filter(
            pk__in=Challenge.sdg_targets.through.objects.filter(sdgtarget__goal_id=sdg_goal).values(
                "challenge_id"
            )
        )
    if region:
        challenges = challenges.filter(
            Q(
                pk__in=Challenge.regions.through.objects.filter(region_id=region).values(
                    "challenge_id"
                )
            )
            | Q(
                pk__in=Challenge.municipalities.through.objects.filter(
                    municipality__region_id=region
                ).values("challenge_id")
            )
        )
    challenges = _with_list_relations(challenges)
    if words_of(query):
        found = fulltext_filter(challenges, query=query, fields=SEARCH_FIELDS)
        return found.order_by("-search_rank", *_LIST_ORDER)  # type: ignore[misc]
    return challenges.order_by(*_LIST_ORDER)


def _with_list_relations(challenges: QuerySet[Challenge]) -> QuerySet[Challenge]:
    return challenges.prefetch_related(
        Prefetch("owners", queryset=Organisation.objects.only("pk", "name", "slug", "kind")),
        "cpv_codes",
        "regions",
    )


def challenge_page(
    challenges: QuerySet[Challenge], *, number: str | int | None, per_page: int
) -> tuple[Page[Challenge], QuerySet[Challenge]]:
    """One page of `challenges` (from challenge_list) and its rows; prefetches only for its rows.

    Without a search the page and the total come in one query (see list_page). A full-text search
    reads the ids of every match in rank order once instead: the count and the page then need no
    second full-text pass, and the SQLite rank expression names the challenge table, so it cannot
    sit in a subquery of another query on that table.
    """
    rows = _with_list_relations(Challenge.objects.order_by(*_LIST_ORDER))
    if "search_rank" not in challenges.query.annotations:
        return list_page(challenges, rows=rows, number=number, per_page=per_page)
    ranked = list(challenges.prefetch_related(None).values_list("pk", flat=True))
    paginator: Paginator[Any] = Paginator(ranked, per_page)
    page = paginator.get_page(page_number(number))
    ids = list(page.object_list)
    found = rows.filter(pk__in=ids).order_by(
        Case(*(When(pk=pk, then=Value(index)) for index, pk in enumerate(ids)))
    )
    len(found)  # evaluates and caches the rows (and their prefetches)
    return Page(found, page.number, paginator), found


def challenge_get(*, slug: str, viewer: User | None) -> Challenge:
    try:
        return (
            challenges_visible_to(viewer=viewer)
            .prefetch_related(
                "owners",
                "cpv_codes",
                "sdg_targets__goal",
                "municipalities",
                "regions",
            )
            .select_related("focus_area")
            .get(slug=slug)
        )
    except Challenge.DoesNotExist as error:
        raise Http404 from error


def challenge_status_log(*, challenge: Challenge) -> QuerySet[ChallengeStatusChange]:
    return challenge.status_changes.select_related("changed_by")


def challenge_accesses(*, challenge: Challenge) -> QuerySet[ChallengeAccess]:
    return challenge.accesses.select_related("organisation", "nda_accepted_by").order_by(
        "organisation__name"
    )


def challenge_access_for_user(*, slug: str, user: User) -> ChallengeAccess:
    """The invitation of one of the user's companies to a confidential challenge, or 404."""
    access = (
        ChallengeAccess.objects.select_related("challenge", "organisation")
        .filter(
            challenge__slug=slug,
            challenge__visibility=Visibility.CONFIDENTIAL,
            challenge__status__in=VISIBLE_STATUSES,
            organisation__memberships__user=user,
        )
        .first()
    )
    if access is None:
        raise Http404
    return access


def buyer_organisations_of(*, user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user, kind__in=BUYER_KINDS).order_by(
        "name"
    )


def focus_area_list(*, organisation: Organisation, year: int | None = None) -> QuerySet[FocusArea]:
    areas = organisation.focus_areas.prefetch_related(
        Prefetch(
            "challenges",
            queryset=Challenge.objects.filter(owners=organisation).only(
                "pk", "slug", "title_sv", "title_en", "status", "focus_area_id"
            ),
        )
    ).select_related("assessment")
    if year is not None:
        areas = areas.filter(year=year)
    return areas.order_by("-year", "title")


def focus_area_get(*, organisation: Organisation, pk: int) -> FocusArea:
    try:
        return focus_area_list(organisation=organisation).get(pk=pk)
    except FocusArea.DoesNotExist as error:
        raise Http404 from error


def focus_area_years(*, organisation: Organisation) -> list[int]:
    return sorted(set(organisation.focus_areas.values_list("year", flat=True)), reverse=True)


def focus_area_for_user(*, user: User, pk: int) -> FocusArea | None:
    """A focus area of one of the user's buyer organisations (to start a challenge from it)."""
    return FocusArea.objects.filter(
        pk=pk, organisation__memberships__user=user, organisation__kind__in=BUYER_KINDS
    ).first()
