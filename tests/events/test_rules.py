import pytest
from django.contrib.auth.models import AnonymousUser

from arena.events.enums import EventStatus
from arena.events.selectors import event_get
from tests.factories.accounts import UserFactory
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db


def test_published_event_is_visible_to_everyone_a_draft_only_to_organisers(
    science_park, organiser, owner, member, outsider
):
    published = EventFactory(organisers=[science_park])
    draft = EventFactory(organisers=[science_park], status=EventStatus.DRAFT)

    for user in (AnonymousUser(), outsider, owner, member, organiser):
        assert user.has_perm("events.view_event", published)
    assert organiser.has_perm("events.view_event", draft)
    for user in (AnonymousUser(), outsider, owner, member):
        assert not user.has_perm("events.view_event", draft)


def test_only_organisers_manage(event, organiser, owner, member, outsider):
    assert organiser.has_perm("events.manage_event", event)
    for user in (owner, member, outsider, AnonymousUser()):
        assert not user.has_perm("events.manage_event", event)


def test_the_annotated_role_is_trusted_only_for_the_viewer_it_was_made_for(
    event, organiser, outsider
):
    annotated = event_get(slug=event.slug, viewer=organiser)

    assert organiser.has_perm("events.manage_event", annotated)
    assert not outsider.has_perm("events.manage_event", annotated)


def test_members_act_for_their_registration_organisers_only_read_its_agenda(
    company_registration, buyer_person, organiser, owner, member, outsider
):
    for user in (owner, member):
        assert user.has_perm("events.act_for_registration", company_registration)
        assert user.has_perm("events.view_agenda", company_registration)
    assert organiser.has_perm("events.view_agenda", company_registration)
    assert not organiser.has_perm("events.act_for_registration", company_registration)
    for user in (outsider, buyer_person, AnonymousUser()):
        assert not user.has_perm("events.view_agenda", company_registration)
        assert not user.has_perm("events.act_for_registration", company_registration)


def test_anyone_in_an_organisation_may_create_an_event(owner):
    assert owner.has_perm("events.add_event")
    assert not UserFactory().has_perm("events.add_event")
    assert not AnonymousUser().has_perm("events.add_event")
