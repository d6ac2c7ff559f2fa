from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.http import Http404
from django.utils import timezone

from arena.accounts.models import User
from arena.organisations.enums import MembershipRole
from arena.organisations.models import Invitation, Membership, Organisation


def organisation_list(*, viewer: User | None = None, query: str = "") -> QuerySet[Organisation]:
    """Public organisation profiles, with the viewer's role (or None) as `viewer_role`."""
    queryset = Organisation.objects.select_related("municipality", "region")
    if query:
        queryset = queryset.filter(name__icontains=query.strip())
    return _with_viewer_role(queryset, viewer)


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
