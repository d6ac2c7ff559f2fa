import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from arena.needs.enums import Visibility
from arena.pilots import selectors
from arena.pilots.enums import PilotStatus
from tests.factories.organisations import MembershipFactory
from tests.factories.pilots import PilotFactory
from tests.factories.programmes import IntermediaryFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def _evaluated(pilot, days_ago: int):
    pilot.status = PilotStatus.EVALUATED
    pilot.status_changed_at = timezone.now() - datetime.timedelta(days=days_ago)
    pilot.save()
    return pilot


def test_evaluated_pilot_is_flagged_after_the_configured_days(pilot, owner, settings):
    settings.ARENA_PILOT_GRAVEYARD_DAYS = 30
    _evaluated(pilot, days_ago=29)

    assert list(selectors.pilots_stalled(user=owner)) == []

    _evaluated(pilot, days_ago=31)
    assert list(selectors.pilots_stalled(user=owner)) == [pilot]


def test_a_procurement_decision_takes_the_pilot_off_the_list(pilot, owner, settings):
    settings.ARENA_PILOT_GRAVEYARD_DAYS = 30
    _evaluated(pilot, days_ago=100)
    pilot.status = PilotStatus.PROCUREMENT_DECIDED
    pilot.save()

    assert list(selectors.pilots_stalled(user=owner)) == []


def test_programme_operator_sees_it_without_access_to_the_pilot(client, pilot, settings):
    settings.ARENA_PILOT_GRAVEYARD_DAYS = 30
    operator_org = IntermediaryFactory()
    operator = MembershipFactory(organisation=operator_org).user
    challenge = pilot.group.challenge
    challenge.programme = ProgrammeFactory(owner=operator_org)
    challenge.save()
    _evaluated(pilot, days_ago=45)
    client.force_login(operator)

    page = client.get(reverse("pilots:mine")).content.decode()

    assert "Piloter som väntar på ett upphandlingsbeslut" in page
    assert pilot.title in page
    assert reverse("pilots:pilot", kwargs={"pk": pilot.pk}) not in page
    assert client.get(reverse("pilots:pilot", kwargs={"pk": pilot.pk})).status_code == 404


def test_company_and_outsider_do_not_get_the_flag(pilot, founder, outsider, settings):
    settings.ARENA_PILOT_GRAVEYARD_DAYS = 0
    _evaluated(pilot, days_ago=1)
    PilotFactory()

    assert list(selectors.pilots_stalled(user=founder)) == []
    assert list(selectors.pilots_stalled(user=outsider)) == []


def test_a_bad_setting_fails_loudly(settings, owner):
    settings.ARENA_PILOT_GRAVEYARD_DAYS = "soon"

    with pytest.raises(ImproperlyConfigured, match="ARENA_PILOT_GRAVEYARD_DAYS"):
        selectors.pilots_stalled(user=owner)


def test_programme_operator_never_sees_a_confidential_challenges_pilot(pilot, settings):
    settings.ARENA_PILOT_GRAVEYARD_DAYS = 30
    operator_org = IntermediaryFactory()
    operator = MembershipFactory(organisation=operator_org).user
    challenge = pilot.group.challenge
    challenge.programme = ProgrammeFactory(owner=operator_org)
    challenge.visibility = Visibility.CONFIDENTIAL
    challenge.save()
    _evaluated(pilot, days_ago=45)

    assert list(selectors.pilots_stalled(user=operator)) == []
