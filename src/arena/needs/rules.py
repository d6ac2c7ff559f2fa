"""Who may do what with focus areas and challenges. Visibility itself is one selector (selectors.py)."""

from typing import Any

from rules.permissions import add_perm
from rules.predicates import predicate

from arena.organisations.enums import BUYER_KINDS


def _member_org_ids(user: Any) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_arena_member_org_ids", None)
    if cached is None:
        cached = set(user.memberships.values_list("organisation_id", flat=True))
        user._arena_member_org_ids = cached
    return cached


@predicate
def is_buyer_member(user: Any, organisation: Any) -> bool:
    return (
        organisation is not None
        and organisation.kind in BUYER_KINDS
        and organisation.pk in _member_org_ids(user)
    )


@predicate
def is_challenge_owner(user: Any, challenge: Any) -> bool:
    if challenge is None:
        return False
    owner_ids = {owner.pk for owner in challenge.owners.all()}
    return bool(owner_ids & _member_org_ids(user))


add_perm("needs.manage_focus_areas", is_buyer_member)
add_perm("needs.create_challenge", is_buyer_member)
add_perm("needs.change_challenge", is_challenge_owner)
