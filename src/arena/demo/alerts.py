"""Notice alerts for the demo companies: their logins follow their notices weekly, lists ranked.

Runs after the notices are imported; without notices there is nothing to rank and it does nothing.
"""

from arena.alerts.enums import Frequency
from arena.alerts.models import AlertSubscription
from arena.alerts.services import alert_subscription_set, notice_suggestions_rebuild
from arena.demo.handwritten import PEOPLE
from arena.notices.models import Notice
from arena.organisations.enums import OrganisationKind
from arena.organisations.models import Membership


def demo_alerts_load() -> int:
    """Subscribe the demo company logins (once) and rank every company's notices; returns
    how many companies were ranked."""
    if not Notice.objects.exists():
        return 0
    emails = [person.email for person in PEOPLE]
    memberships = Membership.objects.filter(
        user__email__in=emails, organisation__kind=OrganisationKind.COMPANY
    ).select_related("user", "organisation")
    for membership in memberships:
        exists = AlertSubscription.objects.filter(
            user=membership.user, organisation=membership.organisation
        ).exists()
        if not exists:
            alert_subscription_set(
                user=membership.user,
                organisation=membership.organisation,
                frequency=Frequency.WEEKLY,
            )
    return notice_suggestions_rebuild()
