"""Who may do what with an organisation. Views and the API ask these; none of them checks roles itself."""

from typing import Any

from rules.permissions import add_perm
from rules.predicates import predicate

from arena.organisations.enums import MembershipRole


def _role(user: Any, organisation: Any) -> str | None:
    if organisation is None or not getattr(user, "is_authenticated", False):
        return None
    # Selectors annotate `viewer_role` so list pages ask no extra query per organisation.
    if getattr(organisation, "viewer_pk", None) == user.pk:
        return organisation.viewer_role  # type: ignore[no-any-return]
    membership = organisation.memberships.filter(user=user).only("role").first()
    return membership.role if membership else None


@predicate
def is_member(user: Any, organisation: Any) -> bool:
    return _role(user, organisation) is not None


@predicate
def is_admin(user: Any, organisation: Any) -> bool:
    return _role(user, organisation) == MembershipRole.ADMIN


add_perm("organisations.view_members", is_member)
add_perm("organisations.change_organisation", is_admin)
add_perm("organisations.manage_members", is_admin)
add_perm("organisations.leave", is_member)
