"""Choices of events and matchdays: kinds, states, sides, requests, outcomes and the log's actions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

TITLE_MAX_LENGTH = 200
NOTES_MAX_LENGTH = 5000
MAX_SLOTS = 96
MAX_TABLES = 500
MAX_TEAM_CAPACITY = 10
# The follow-up question after a meeting comes about six months later (as b2match does).
FOLLOW_UP_AFTER_DAYS = 182


class EventKind(models.TextChoices):
    MATCHDAY = "matchday", pgettext_lazy("event kind", "Matchday")
    WORKSHOP = "workshop", pgettext_lazy("event kind", "Workshop")
    BUSINESS_DIALOGUE = "business_dialogue", pgettext_lazy("event kind", "Business dialogue")
    NETWORK_MEETING = "network_meeting", pgettext_lazy("event kind", "Network meeting")
    DIALOGUE_MEETING = "dialogue_meeting", pgettext_lazy("event kind", "Dialogue meeting")


class EventStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("event status", "Draft")
    PUBLISHED = "published", pgettext_lazy("event status", "Published")
    SCHEDULE_PUBLISHED = "scheduled", pgettext_lazy("event status", "Schedule published")
    FINISHED = "finished", pgettext_lazy("event status", "Finished")


# The order an event moves through; each step goes one forward.
STATUS_ORDER = [
    EventStatus.DRAFT,
    EventStatus.PUBLISHED,
    EventStatus.SCHEDULE_PUBLISHED,
    EventStatus.FINISHED,
]
VISIBLE_STATUSES = frozenset(STATUS_ORDER[1:])


class Side(models.TextChoices):
    """Which side of the 1:1 meetings a registration is on; follows from its organisation's kind."""

    BUYER = "buyer", pgettext_lazy("side", "Buyer")
    COMPANY = "company", pgettext_lazy("side", "Company")
    # Intermediaries attend (pitches, talks) but hold no 1:1 meetings.
    OTHER = "other", pgettext_lazy("side", "Other participant")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("registration status", "Registered")
    WAITLISTED = "waitlisted", pgettext_lazy("registration status", "On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")


class Priority(models.TextChoices):
    MUST_MEET = "must", pgettext_lazy("meeting priority", "Must meet")
    MEET = "meet", pgettext_lazy("meeting priority", "Would like to meet")
    NO_THANKS = "no", pgettext_lazy("meeting priority", "No thanks")


class RequestStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("request status", "Waiting for an answer")
    ACCEPTED = "accepted", pgettext_lazy("request status", "Accepted")
    DECLINED = "declined", pgettext_lazy("request status", "Declined")


class OutcomeResult(models.TextChoices):
    NO_FIT = "no_fit", pgettext_lazy("meeting outcome", "No fit")
    FOLLOW_UP = "follow_up", pgettext_lazy("meeting outcome", "Follow-up meeting")
    PILOT = "pilot", pgettext_lazy("meeting outcome", "Pilot discussion")
    NDA = "nda", pgettext_lazy("meeting outcome", "Non-disclosure agreement")


class FollowUpAnswer(models.TextChoices):
    NOTHING = "nothing", pgettext_lazy("follow-up answer", "Nothing came of it")
    TALKING = "talking", pgettext_lazy("follow-up answer", "Still in contact")
    PILOT = "pilot", pgettext_lazy("follow-up answer", "A pilot started")
    PROCUREMENT = "procurement", pgettext_lazy("follow-up answer", "A procurement or agreement")


class RunStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("schedule run", "Waiting to start")
    RUNNING = "running", pgettext_lazy("schedule run", "Running")
    DONE = "done", pgettext_lazy("schedule run", "Done")
    FAILED = "failed", pgettext_lazy("schedule run", "Failed")


class LogAction(models.TextChoices):
    """What the equal-treatment log records."""

    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("Put on the waiting list")
    PROMOTED = "promoted", _("Moved from the waiting list")
    CANCELLED = "cancelled", _("Cancelled the registration")
    REQUESTED = "requested", _("Asked for a meeting")
    REQUEST_CHANGED = "request_changed", _("Changed a meeting request")
    REQUEST_ACCEPTED = "request_accepted", _("Accepted a meeting request")
    REQUEST_DECLINED = "request_declined", _("Declined a meeting request")
    SCHEDULED = "scheduled", _("Schedule computed")
    MEETING_ADDED = "meeting_added", _("Meeting added")
    MEETING_MOVED = "meeting_moved", _("Meeting moved")
    MEETING_REMOVED = "meeting_removed", _("Meeting removed")
    PUBLISHED = "published", _("Schedule published")
    MEETING_PUBLISHED = "meeting_published", _("Meeting confirmed")
    NOTIFIED = "notified", _("Participants notified")
    OUTCOME = "outcome", _("Outcome recorded")


# Weight of a request for the scheduler: 10 × priority (must meet 3, meet 1), plus 10 when the
# interest is mutual (both sides asked, or the other side accepted). The dev instance uses the
# same scale (10–40).
PRIORITY_POINTS = {Priority.MUST_MEET: 3, Priority.MEET: 1}
WEIGHT_UNIT = 10
