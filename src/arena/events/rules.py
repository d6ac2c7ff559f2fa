"""Who may do what with an event. Views ask these; none of them checks memberships itself.

The members of the organisations that organise an event are its organisers. Published events are
public; drafts are seen by their organisers only.
"""

from typing import Any

from rules.permissions import add_perm
from rules.predicates import predicate

from arena.events.enums import VISIBLE_STATUSES, RegistrationStatus


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@predicate
def is_event_organiser(user: Any, event: Any) -> bool:
    if event is None or not _authenticated(user):
        return False
    if getattr(event, "viewer_pk", None) == user.pk and hasattr(event, "viewer_is_organiser"):
        return bool(event.viewer_is_organiser)
    return bool(event.organisers.filter(memberships__user=user).exists())


@predicate
def is_event_visible(user: Any, event: Any) -> bool:
    return event is not None and event.status in VISIBLE_STATUSES


@predicate
def is_registered(user: Any, event: Any) -> bool:
    """The user belongs to an organisation with an active registration for the event."""
    if event is None or not _authenticated(user):
        return False
    return bool(
        event.registrations.filter(
            status=RegistrationStatus.REGISTERED, organisation__memberships__user=user
        ).exists()
    )


@predicate
def is_member_of_registration(user: Any, registration: Any) -> bool:
    if registration is None or not _authenticated(user):
        return False
    return bool(user.memberships.filter(organisation_id=registration.organisation_id).exists())


@predicate
def is_organiser_of_registration(user: Any, registration: Any) -> bool:
    if registration is None:
        return False
    return bool(is_event_organiser(user, registration.event))


@predicate
def has_any_membership(user: Any) -> bool:
    return _authenticated(user) and bool(user.memberships.exists())


add_perm("events.add_event", has_any_membership)
# On an event:
add_perm("events.view_event", is_event_visible | is_event_organiser)
add_perm("events.manage_event", is_event_organiser)
# On a registration: its agenda, requests and outcomes.
add_perm("events.act_for_registration", is_member_of_registration)
add_perm("events.view_agenda", is_member_of_registration | is_organiser_of_registration)
