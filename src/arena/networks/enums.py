from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from arena.pilots.enums import PilotStatus


class CoordinatorRole(models.TextChoices):
    LEAD = "lead", _("Lead coordinator")
    COORDINATOR = "coordinator", _("Coordinator")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("network invitation", "Pending")
    ACCEPTED = "accepted", pgettext_lazy("network invitation", "Accepted")
    DECLINED = "declined", pgettext_lazy("network invitation", "Declined")
    REVOKED = "revoked", pgettext_lazy("network invitation", "Withdrawn")


class ContentVisibility(models.TextChoices):
    MEMBERS = "members", _("Network members only")
    PUBLIC = "public", _("Everyone (published)")


class LogAction(models.TextChoices):
    CREATED = "created", _("Network created")
    CHANGED = "changed", _("Network details changed")
    OWNER_SET = "owner_set", _("Owner set")
    COORDINATOR_ADDED = "coordinator_added", _("Coordinator added")
    COORDINATOR_REMOVED = "coordinator_removed", _("Coordinator removed")
    INVITED = "invited", _("Invitation sent")
    INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
    INVITATION_DECLINED = "invitation_declined", _("Invitation declined")
    INVITATION_REVOKED = "invitation_revoked", _("Invitation withdrawn")
    MEMBER_ADDED = "member_added", _("Member added")
    MEMBER_LEFT = "member_left", _("Member left")
    MEMBER_REMOVED = "member_removed", _("Member removed")
    CASE_CREATED = "case_created", _("Case shared")
    CASE_CHANGED = "case_changed", _("Case changed")
    ROUTINE_CREATED = "routine_created", _("Routine shared")
    ROUTINE_CHANGED = "routine_changed", _("Routine changed")


# A pilot that has reached one of these has a result worth telling others about.
FINISHED_PILOT_STATUSES = frozenset(
    {PilotStatus.EVALUATED, PilotStatus.PROCUREMENT_DECIDED, PilotStatus.CLOSED}
)
