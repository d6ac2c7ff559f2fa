from django.db import transaction

from arena.networks.models import Network
from arena.organisations.models import Organisation


@transaction.atomic
def network_ensure(*, slug: str, name: str, description: str = "") -> Network:
    """The network with this slug, created with the name and description if it does not exist."""
    network, _created = Network.objects.get_or_create(
        slug=slug, defaults={"name": name.strip(), "description": description}
    )
    return network


def network_add_organisations(*, network: Network, organisations: list[Organisation]) -> None:
    network.organisations.add(*organisations)
