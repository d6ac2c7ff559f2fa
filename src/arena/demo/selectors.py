"""What the demo put in the database, for the summary `arena load-demo` prints."""

from arena.needs.models import Challenge, FocusArea
from arena.organisations.enums import BUYER_KINDS, OrganisationKind
from arena.organisations.models import Organisation
from arena.supply.models import Solution


def demo_counts() -> dict[str, int]:
    return {
        "buyers": Organisation.objects.filter(kind__in=BUYER_KINDS).count(),
        "focus_areas": FocusArea.objects.count(),
        "challenges": Challenge.objects.count(),
        "companies": Organisation.objects.filter(kind=OrganisationKind.COMPANY).count(),
        "solutions": Solution.objects.count(),
    }
