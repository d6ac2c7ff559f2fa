from typing import cast

from django.core.paginator import Page, Paginator
from django.db.models import IntegerField, Model, OuterRef, QuerySet, Subquery, Value
from django.http import Http404
from django.utils import timezone

from arena.accounts.models import User
from arena.organisations.enums import MembershipRole, OrganisationKind
from arena.organisations.models import Invitation, Membership, Organisation

# Far past any real list; a larger number would overflow the database's OFFSET integer.
_MAX_PAGE_NUMBER = 1_000_000


class _CountOf(Subquery):
    """COUNT(*) of a queryset as an uncorrelated scalar subquery: run once per query, not per row."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


def page_number(number: str | int | None) -> int:
    """The page asked for: 1 for a missing, garbage or non-positive number (never an error)."""
    try:
        return min(max(int(number or 1), 1), _MAX_PAGE_NUMBER)
    except (TypeError, ValueError):
        return 1


def list_page[M: Model](
    matches: QuerySet[M], *, rows: QuerySet[M], number: str | int | None, per_page: int
) -> tuple[Page[M], QuerySet[M]]:
    """One page of `matches` (filtered and ordered) and its rows, in one query.

    The page is cut from `matches` without its joins and prefetches (a subquery of ids), and only
    those ids are loaded through `rows` (the same ordering, with the joins and prefetches), so the
    cost of a page does not grow with the list. The total for the paginator rides along in the same
    query. A garbage number gives the first page; a number past the end costs one more count and
    gives the last page. The rows come back as an evaluated QuerySet (count() needs no query).
    """
    ids = matches.select_related(None).prefetch_related(None).values_list("pk", flat=True)
    paginator = Paginator(ids, per_page)
    wanted = page_number(number)
    start = (wanted - 1) * per_page
    cut = rows.filter(pk__in=ids[start : start + per_page])
    found = cast("QuerySet[M]", cut.annotate(list_total=_CountOf(ids)))
    if len(found):  # evaluates and caches the rows (and their prefetches)
        paginator.count = found[0].list_total  # type: ignore[attr-defined]
    elif wanted == 1:
        paginator.count = 0
    number = paginator.get_page(wanted).number
    if number != wanted:
        found = rows.filter(pk__in=paginator.page(number).object_list)
        len(found)
    return Page(found, number, paginator), found


def organisation_list(
    *, viewer: User | None = None, query: str = "", kind: str = ""
) -> QuerySet[Organisation]:
    """Public organisation profiles, with the viewer's role (or None) as `viewer_role`."""
    queryset = _organisations_matching(query=query, kind=kind)
    return _with_viewer_role(queryset.select_related("municipality", "region"), viewer)


def _organisations_matching(*, query: str, kind: str) -> QuerySet[Organisation]:
    queryset = Organisation.objects.all()
    if query:
        queryset = queryset.filter(name__icontains=query.strip())
    if kind in OrganisationKind.values:
        queryset = queryset.filter(kind=kind)
    return queryset


def organisation_page(
    *,
    viewer: User | None = None,
    query: str = "",
    kind: str = "",
    number: str | int | None,
    per_page: int,
) -> tuple[Page[Organisation], QuerySet[Organisation]]:
    """One page of organisation_list by name; the joins and the viewer's role only for its rows."""
    matches = _organisations_matching(query=query, kind=kind).order_by("name", "pk")
    rows = organisation_list(viewer=viewer).order_by("name", "pk")
    return list_page(matches, rows=rows, number=number, per_page=per_page)


def organisation_get(*, slug: str, viewer: User | None = None) -> Organisation:
    try:
        return organisation_list(viewer=viewer).get(slug=slug)
    except Organisation.DoesNotExist as error:
        raise Http404 from error


def organisations_of_user(*, user: User) -> QuerySet[Organisation]:
    return _with_viewer_role(
        Organisation.objects.filter(memberships__user=user).select_related(
            "municipality", "region"
        ),
        user,
    )


def _with_viewer_role(
    queryset: QuerySet[Organisation], viewer: User | None
) -> QuerySet[Organisation]:
    if viewer is None or not viewer.is_authenticated:
        return queryset
    role = Membership.objects.filter(organisation=OuterRef("pk"), user=viewer).values("role")[:1]
    # viewer_pk records whose role this is, so a check for another user never trusts it.
    return queryset.annotate(viewer_role=Subquery(role), viewer_pk=Value(viewer.pk))


def membership_list(*, organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by(
        "user__full_name", "user__email"
    )


def membership_get(*, organisation: Organisation, membership_id: int) -> Membership:
    try:
        return membership_list(organisation=organisation).get(pk=membership_id)
    except Membership.DoesNotExist as error:
        raise Http404 from error


def admin_count(*, organisation: Organisation) -> int:
    return organisation.memberships.filter(role=MembershipRole.ADMIN).count()


def invitation_list_open(*, organisation: Organisation) -> QuerySet[Invitation]:
    return organisation.invitations.filter(accepted_at__isnull=True).select_related("invited_by")


def invitation_get_by_token(*, token: str) -> Invitation:
    try:
        return Invitation.objects.select_related("organisation").get(token=token)
    except Invitation.DoesNotExist as error:
        raise Http404 from error


def invitations_open_for_email(*, email: str) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        email__iexact=email, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("organisation")
