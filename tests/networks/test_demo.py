import pytest

from arena.demo.networks import (
    COORDINATOR_EMAIL,
    INVITED_ORG_NUMBER,
    NORTH,
    OWNER_ORG_NUMBER,
    SOUTH,
    demo_networks_load,
)
from arena.events.models import Event
from arena.networks.enums import ContentVisibility, InvitationStatus
from arena.networks.models import Case, Network, NetworkInvitation, Routine
from arena.networks.selectors import cases_visible_to
from arena.organisations.enums import MembershipRole
from arena.pilots.enums import PilotStatus
from tests.factories.accounts import UserFactory
from tests.factories.needs import BuyerFactory, ChallengeFactory
from tests.factories.networks import IntermediaryFactory, NetworkFactory
from tests.factories.organisations import MembershipFactory
from tests.factories.pilots import PilotFactory, ProjectGroupFactory

pytestmark = pytest.mark.django_db


def _buyer(name, org_number=None):
    extra = {"org_number": org_number} if org_number else {}
    buyer = BuyerFactory(name=name, **extra)
    MembershipFactory(organisation=buyer, role=MembershipRole.ADMIN)
    return buyer


@pytest.fixture
def demo_world():
    owner = IntermediaryFactory(name="Fyrisån Science Park", org_number=OWNER_ORG_NUMBER)
    lena = UserFactory(email=COORDINATOR_EMAIL, full_name="Lena Holm")
    MembershipFactory(organisation=owner, user=lena, role=MembershipRole.ADMIN)
    members = [_buyer(name) for name in ("Göteborgs Stad", "Region Skåne", "Malmö stad")]
    helsingborg = _buyer("Helsingborgs stad")
    south = NetworkFactory(slug=SOUTH, owner=None, organisations=[*members, helsingborg])
    north = NetworkFactory(slug=NORTH, owner=None, organisations=[_buyer("Umeå kommun")])
    uppsala = _buyer("Uppsala kommun", org_number=INVITED_ORG_NUMBER)
    pilot = PilotFactory(
        group=ProjectGroupFactory(challenge=ChallengeFactory(owners=[helsingborg])),
        status=PilotStatus.RUNNING,
    )
    return {"south": south, "north": north, "uppsala": uppsala, "lena": lena, "pilot": pilot}


def test_demo_networks_get_owner_coordinator_cases_routine_and_an_invitation(demo_world):
    made = demo_networks_load()
    south = Network.objects.get(slug=SOUTH)
    assert south.owner.name == "Fyrisån Science Park"
    assert south.coordinators.get().user == demo_world["lena"]
    assert Network.objects.get(slug=NORTH).owner == south.owner
    assert Case.objects.filter(network=south).count() == 4
    pilot_case = Case.objects.get(pilot=demo_world["pilot"])
    assert pilot_case.author_organisation.name == "Helsingborgs stad"
    assert Routine.objects.filter(network=south).count() == 1
    assert Event.objects.filter(network=south, status="published").count() == 1
    invitation = NetworkInvitation.objects.get()
    assert (invitation.organisation, invitation.status) == (
        demo_world["uppsala"],
        InvitationStatus.PENDING,
    )
    public = cases_visible_to(network=south, inside=False)
    assert public.count() == Case.objects.filter(visibility=ContentVisibility.PUBLIC).count() >= 2
    assert made == 7  # three cases, the pilot case, a routine, a meeting, an invitation
    assert demo_networks_load() == 0
    assert Case.objects.count() == 4
