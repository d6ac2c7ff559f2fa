"""Where Arena keeps data about a person, and what deleting their account does to each place.

One declared table, read by `account_delete` (and checked by a test that walks every model), so a
new model that points at the user can not be forgotten: the test fails until it is declared here.

Two kinds of record:
* PERSONAL: about the person alone (their memberships, tokens, verdicts, subscriptions). Deleted.
* ORGANISATIONAL: what an organisation did through the person (a meeting request, a pilot's
  commitment, a challenge's status log). Kept, with the person replaced by the shared
  "Borttagen användare" placeholder, so histories still read right and hold no personal data.

A rule matches rows either by a relation to the user (`field` is a ForeignKey or ManyToMany) or by
the person's e-mail address stored as text (`by_email=True`), e.g. a company's contact person.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q


class Kind(StrEnum):
    PERSONAL = "personal"
    ORGANISATIONAL = "organisational"


class Action(StrEnum):
    # Delete the matching rows.
    DELETE = "delete"
    # Point the user field at the placeholder, or (text) overwrite the address.
    ANONYMISE = "anonymise"
    # Take the person out of a many-to-many list; the list's owner row stays.
    REMOVE = "remove"


@dataclass(frozen=True)
class Rule:
    model: str
    field: str
    kind: Kind
    action: Action
    why: str
    by_email: bool = False
    # For an e-mail match, the relation that must lead back to the person as well: sign-up does
    # not verify addresses, so an address alone proves nothing (whoever registers a company's
    # contact address first must not download or delete that company's contact entry).
    proven_by: str | None = None
    # Rows matching this are deleted instead of anonymised (personal parts of an otherwise
    # organisational table, e.g. a still-open invitation to the person's address).
    delete_if: Q | None = None
    # Replace strings naming the person inside these JSON fields of the matched model's rows.
    scrub_json: tuple[str, ...] = ()
    # Apps that may be absent (the rule is skipped when the app is not installed).
    optional_app: str = ""


def _personal(model: str, fld: str, why: str) -> Rule:
    return Rule(model, fld, Kind.PERSONAL, Action.DELETE, why)


def _organisational(model: str, fld: str, why: str, **extra) -> Rule:  # type: ignore[no-untyped-def]
    return Rule(model, fld, Kind.ORGANISATIONAL, Action.ANONYMISE, why, **extra)


INVENTORY: tuple[Rule, ...] = (
    # accounts
    _personal("accounts.ApiToken", "user", "The person's API tokens: revoked with the account."),
    _personal("admin.LogEntry", "user", "Django admin history of a staff member's own edits."),
    # organisations
    _personal("organisations.Membership", "user", "The person's place in an organisation."),
    _organisational("organisations.Invitation", "invited_by", "Who invited someone."),
    _organisational("organisations.Invitation", "accepted_by", "Who accepted an invitation."),
    Rule(
        "organisations.Invitation",
        "email",
        Kind.ORGANISATIONAL,
        Action.ANONYMISE,
        "An invitation the person accepted: it stays as history without their address.",
        by_email=True,
        proven_by="accepted_by",
    ),
    # networks
    _personal("networks.NetworkCoordinator", "user", "The person's coordinator role."),
    _organisational("networks.NetworkInvitation", "invited_by", "Who invited an organisation."),
    _organisational("networks.NetworkInvitation", "responded_by", "Who answered an invitation."),
    Rule(
        "networks.NetworkInvitation",
        "email",
        Kind.ORGANISATIONAL,
        Action.ANONYMISE,
        "An e-mail invitation the person answered: it stays as history without their address.",
        by_email=True,
        proven_by="responded_by",
    ),
    _organisational(
        "networks.NetworkLogEntry",
        "actor",
        "The network's history; its details may name the person.",
        scrub_json=("details",),
    ),
    _organisational("networks.Case", "created_by", "A case shared with the network."),
    _organisational("networks.Routine", "created_by", "A routine shared with the network."),
    _organisational("networks.Story", "created_by", "A pilot's public story."),
    # needs
    _organisational("needs.NeedsAssessment", "updated_by", "A buyer's needs assessment."),
    _organisational("needs.ChallengeStatusChange", "changed_by", "A challenge's status log."),
    _organisational("needs.ChallengeAccess", "invited_by", "Who shared a confidential challenge."),
    _organisational("needs.ChallengeAccess", "nda_accepted_by", "Who accepted the NDA."),
    # supply
    Rule(
        "supply.ContactPerson",
        "email",
        Kind.PERSONAL,
        Action.DELETE,
        "The person listed as a contact of a company they belong to (name, e-mail, phone).",
        by_email=True,
        proven_by="company__memberships__user",
    ),
    # programmes
    _organisational(
        "programmes.Application",
        "applicant",
        "An organisation's application is kept; an individual inventor's is the person's own.",
        # Also keeps "one open application per inventor" from clashing on the placeholder.
        delete_if=Q(organisation__isnull=True),
    ),
    _organisational("programmes.Application", "agreement_accepted_by", "Who signed the terms."),
    _organisational("programmes.Application", "decided_by", "Who decided on an application."),
    _organisational("programmes.ProgrammeResource", "created_by", "A programme's resource."),
    _organisational("programmes.Reminder", "sent_by", "A reminder a programme sent."),
    # events
    _organisational("events.Event", "created_by", "An event."),
    Rule(
        "events.Registration",
        "people",
        Kind.PERSONAL,
        Action.REMOVE,
        "The person on an organisation's attendee list; the registration stays.",
    ),
    _organisational("events.Registration", "registered_by", "Who registered an organisation."),
    _organisational("events.MeetingRequest", "created_by", "Who asked for a meeting."),
    _organisational("events.MeetingRequest", "answered_by", "Who answered a meeting request."),
    _organisational("events.MeetingOutcome", "recorded_by", "Who recorded a meeting's outcome."),
    _organisational("events.ScheduleRun", "started_by", "Who started a scheduling run."),
    _organisational(
        "events.LogEntry", "actor", "The equal-treatment log of an event.", scrub_json=("details",)
    ),
    # matches and alerts: a verdict is one person's opinion and only makes sense with the person.
    _personal("matches.MatchFeedback", "user", "The person's verdict on a suggested match."),
    _personal("alerts.NoticeFeedback", "user", "The person's verdict on a tender notice."),
    _personal("alerts.AlertSubscription", "user", "The person's e-mail digest."),
    # pilots
    _organisational("pilots.ProjectGroup", "created_by", "Who started a project group."),
    _personal("pilots.GroupMember", "user", "The person's place in a project group."),
    _organisational("pilots.Commitment", "signed_by", "Who signed a group's commitment."),
    _organisational("pilots.Activity", "created_by", "A group's activity."),
    _organisational(
        "pilots.GroupLogEntry",
        "actor",
        "A group's and its pilots' history.",
        scrub_json=("details",),
    ),
    _organisational("pilots.PilotDocument", "created_by", "Who generated a pilot document."),
    # readiness
    _organisational("readiness.ReadinessProfile", "updated_by", "A company's readiness profile."),
    _organisational("readiness.ReadinessAnswer", "updated_by", "A company's readiness answer."),
    # Login attempts name the person's address (and IP); they are deleted with the account.
    Rule(
        "axes.AccessAttempt",
        "username",
        Kind.PERSONAL,
        Action.DELETE,
        "Failed login attempts with the person's address.",
        by_email=True,
        optional_app="axes",
    ),
    Rule(
        "axes.AccessFailureLog",
        "username",
        Kind.PERSONAL,
        Action.DELETE,
        "The log of failed logins with the person's address.",
        by_email=True,
        optional_app="axes",
    ),
    Rule(
        "axes.AccessLog",
        "username",
        Kind.PERSONAL,
        Action.DELETE,
        "The log of the person's logins.",
        by_email=True,
        optional_app="axes",
    ),
)


# Stored, not translated: the same words stand in every history whatever the reader's language.
PLACEHOLDER_NAME = "Borttagen användare"
# .invalid can never receive mail (RFC 2606), so no message reaches anyone through it.
PLACEHOLDER_EMAIL = "borttagen-anvandare@arena.invalid"
