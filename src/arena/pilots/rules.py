"""Who may see and change a project group and its pilots. Everyone else gets a 404 from the views.

Two kinds of people are inside: the group's members, and the members of the organisations that
own the group's challenge (the buyer side, who started the group and answer for it).
"""

from typing import Any

from rules.permissions import add_perm
from rules.predicates import predicate


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _group(obj: Any) -> Any:
    # Predicates take a group or a pilot, so one rule covers both.
    return getattr(obj, "group", obj)


@predicate
def is_challenge_owner_member(user: Any, obj: Any) -> bool:
    if obj is None or not _authenticated(user):
        return False
    return bool(_group(obj).challenge.owners.filter(memberships__user=user).exists())


@predicate
def is_group_member(user: Any, obj: Any) -> bool:
    if obj is None or not _authenticated(user):
        return False
    return bool(_group(obj).members.filter(user=user).exists())


add_perm("pilots.view_group", is_challenge_owner_member | is_group_member)
# The buyer side decides who is in the group and what their roles are.
add_perm("pilots.manage_group", is_challenge_owner_member)
# Everyone in the group works on the pilot: KPIs, milestones, status, documents.
add_perm("pilots.change_pilot", is_challenge_owner_member | is_group_member)
