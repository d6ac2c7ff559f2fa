"""Who may do what in a programme. Views ask these; none of them checks memberships itself.

The members of the organisation that owns a programme are its staff. The programme's members are
the people of the organisations whose application was approved, and approved individual inventors.
"""

from typing import Any

from django.db.models import Q
from rules.permissions import add_perm
from rules.predicates import predicate

from arena.organisations.enums import OrganisationKind
from arena.programmes.enums import ApplicationStatus


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _annotated(user: Any, programme: Any, name: str) -> bool | None:
    """The viewer's role as selectors.programme_get annotated it, when it was for this user."""
    if getattr(programme, "viewer_pk", None) == user.pk and hasattr(programme, name):
        return bool(getattr(programme, name))
    return None


@predicate
def is_programme_staff(user: Any, programme: Any) -> bool:
    if programme is None or not _authenticated(user):
        return False
    known = _annotated(user, programme, "viewer_is_staff")
    if known is not None:
        return known
    return bool(user.memberships.filter(organisation_id=programme.owner_id).exists())


@predicate
def is_programme_member(user: Any, programme: Any) -> bool:
    if programme is None or not _authenticated(user):
        return False
    known = _annotated(user, programme, "viewer_is_member")
    if known is not None:
        return known
    return bool(
        programme.applications.filter(status=ApplicationStatus.APPROVED)
        .filter(
            Q(organisation__memberships__user=user) | Q(organisation__isnull=True, applicant=user)
        )
        .exists()
    )


@predicate
def is_intermediary_member(user: Any) -> bool:
    if not _authenticated(user):
        return False
    return bool(user.memberships.filter(organisation__kind=OrganisationKind.INTERMEDIARY).exists())


add_perm("programmes.add_programme", is_intermediary_member)
# On a programme:
add_perm("programmes.manage_programme", is_programme_staff)
add_perm("programmes.view_member_content", is_programme_staff | is_programme_member)
