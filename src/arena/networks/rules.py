"""Who may see and change a network and what its members share. Views answer 404 otherwise.

Three kinds of people are inside a network: people of its member organisations, people of the
organisation that owns it, and its coordinators (people of the owner with a coordinator role;
administrators of the owner count as coordinators too). Selectors annotate the viewer's flags
(`viewer_is_member`, `viewer_in_owner`, `viewer_is_coordinator`) so list pages ask no extra query.
"""

from typing import Any

from rules.permissions import add_perm
from rules.predicates import predicate

ADMIN = "admin"  # organisations.enums.MembershipRole.ADMIN; rules sit below the models


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _network(obj: Any) -> Any:
    # Predicates take a network or something in it (a case, a routine), so one rule covers both.
    return getattr(obj, "network", obj)


def _annotated(network: Any, user: Any, name: str) -> bool | None:
    if getattr(network, "viewer_pk", None) == user.pk and hasattr(network, name):
        return bool(getattr(network, name))
    return None


@predicate
def is_network_member(user: Any, obj: Any) -> bool:
    if obj is None or not _authenticated(user):
        return False
    network = _network(obj)
    known = _annotated(network, user, "viewer_is_member")
    if known is not None:
        return known
    return bool(network.organisations.filter(memberships__user=user).exists())


@predicate
def is_in_owner(user: Any, obj: Any) -> bool:
    if obj is None or not _authenticated(user):
        return False
    network = _network(obj)
    known = _annotated(network, user, "viewer_in_owner")
    if known is not None:
        return known
    return bool(network.owner_id and network.owner.memberships.filter(user=user).exists())


@predicate
def is_coordinator(user: Any, obj: Any) -> bool:
    if obj is None or not _authenticated(user):
        return False
    network = _network(obj)
    known = _annotated(network, user, "viewer_is_coordinator")
    if known is not None:
        return known
    if not network.owner_id:
        return False
    role = network.owner.memberships.filter(user=user).values_list("role", flat=True).first()
    if role is None:
        return False  # a coordinator who left the owner organisation coordinates nothing
    return role == ADMIN or bool(network.coordinators.filter(user=user).exists())


@predicate
def is_listed_publicly(user: Any, obj: Any) -> bool:
    return obj is not None and bool(_network(obj).is_public)


@predicate
def is_published_content(user: Any, obj: Any) -> bool:
    return obj is not None and getattr(obj, "visibility", "") == "public"


@predicate
def is_author_member(user: Any, obj: Any) -> bool:
    if obj is None or not _authenticated(user):
        return False
    return bool(obj.author_organisation.memberships.filter(user=user).exists())


@predicate
def is_story_buyer_admin(user: Any, story: Any) -> bool:
    if story is None or not _authenticated(user):
        return False
    return bool(story.organisation.memberships.filter(user=user, role=ADMIN).exists())


@predicate
def is_published_story(user: Any, story: Any) -> bool:
    return story is not None and story.published_at is not None


is_inside = is_network_member | is_in_owner | is_coordinator

add_perm("networks.view_network", is_listed_publicly | is_inside)
add_perm("networks.view_workspace", is_inside)
add_perm("networks.share", is_inside)
add_perm("networks.manage_network", is_coordinator)
# Published content is public only where the network itself is: an unlisted one stays unknown.
add_perm("networks.view_item", (is_published_content & is_listed_publicly) | is_inside)
# Someone whose organisation has left the network can no longer change what it shared.
add_perm("networks.change_item", (is_author_member & is_inside) | is_coordinator)
add_perm("networks.view_story", is_published_story | is_story_buyer_admin)
add_perm("networks.change_story", is_story_buyer_admin)
