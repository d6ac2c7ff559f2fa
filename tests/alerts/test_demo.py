import pytest

from arena.alerts.models import AlertSubscription, NoticeSuggestion
from arena.demo.alerts import demo_alerts_load
from arena.organisations.enums import OrganisationKind
from tests.factories.accounts import UserFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_founder(organisation):
    user = UserFactory(email="maja.berg@solglantan.example")
    MembershipFactory(organisation=organisation, user=user)
    return user


def test_demo_alerts_without_notices_does_nothing(demo_founder):
    assert demo_alerts_load() == 0
    assert not AlertSubscription.objects.exists()


def test_demo_alerts_subscribes_company_logins_and_ranks_once(
    demo_founder, organisation, solar, solar_notice
):
    buyer = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY)
    MembershipFactory(organisation=buyer, user=UserFactory(email="anna.lindqvist@uppsala.example"))

    assert demo_alerts_load() >= 1
    demo_alerts_load()

    assert list(AlertSubscription.objects.values_list("user__email", "frequency")) == [
        ("maja.berg@solglantan.example", "weekly")
    ]
    assert NoticeSuggestion.objects.filter(organisation=organisation).count() == 1
