from collections.abc import Iterable

from arena.networks.models import Network


def network_peer_ids(*, organisation_ids: Iterable[int]) -> set[int]:
    """Organisations that share at least one network with any of `organisation_ids` (themselves included)."""
    ids = list(organisation_ids)
    if not ids:
        return set()
    through = Network.organisations.through
    networks = through.objects.filter(organisation_id__in=ids).values("network_id")
    return set(
        through.objects.filter(network_id__in=networks).values_list("organisation_id", flat=True)
    ) | set(ids)
