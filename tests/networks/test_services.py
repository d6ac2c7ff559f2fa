import pytest

from arena.networks.selectors import network_peer_ids
from arena.networks.services import network_add_organisations, network_ensure
from tests.factories.needs import BuyerFactory

pytestmark = pytest.mark.django_db


def test_network_ensure_is_idempotent_and_peers_follow_membership():
    first, second, stranger = BuyerFactory(), BuyerFactory(), BuyerFactory()
    network = network_ensure(slug="norr", name="Norrlandsnätverket")
    assert network_ensure(slug="norr", name="Annat namn") == network
    network_add_organisations(network=network, organisations=[first, second])
    assert network_peer_ids(organisation_ids=[first.pk]) == {first.pk, second.pk}
    assert network_peer_ids(organisation_ids=[stranger.pk]) == {stranger.pk}
