"""Who may do what with an organisation. Views and the API ask these; none of them checks roles itself."""

from typing import Any

import rules

from arena.organisations.enums import MembershipRole


def _role(user: Any, organisation: Any) -> str | None:
    if organisation is None or not getattr(user, "is_authenticated", False):
        return None
    # Selectors annotate `viewer_role` so list pages ask no extra query per organisation.
    if hasattr(organisation, "viewer_role"):
        return organisation.viewer_role  # type: ignore[no-any-return]
    membership = organisation.memberships.filter(user=user).only("role").first()
    return membership.role if membership else None


@rules.predicate
def is_member(user: Any, organisation: Any) -> bool:
    return _role(user, organisation) is not None


@rules.predicate
def is_admin(user: Any, organisation: Any) -> bool:
    return _role(user, organisation) == MembershipRole.ADMIN


rules.add_perm("organisations.view_members", is_member)
rules.add_perm("organisations.change_organisation", is_admin)
rules.add_perm("organisations.manage_members", is_admin)
rules.add_perm("organisations.leave", is_member)
