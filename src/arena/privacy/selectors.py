"""Reads for the privacy pages: a person's own data, and what deleting their account would do.

The export names organisations and titles (the context of what the person did) but never another
person's name or address: it is the requester's data, not their colleagues'.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from arena.accounts.models import ApiToken, User
from arena.alerts.models import AlertSubscription, NoticeFeedback
from arena.events.models import (
    Event,
    LogEntry,
    MeetingOutcome,
    MeetingRequest,
    Registration,
)
from arena.matches.models import MatchFeedback
from arena.needs.models import ChallengeAccess, ChallengeStatusChange, NeedsAssessment
from arena.networks.models import (
    Case,
    NetworkCoordinator,
    NetworkInvitation,
    NetworkLogEntry,
    Routine,
    Story,
)
from arena.organisations.enums import MembershipRole
from arena.organisations.models import Invitation, Membership, Organisation
from arena.pilots.models import (
    Activity,
    Commitment,
    GroupLogEntry,
    GroupMember,
    PilotDocument,
    ProjectGroup,
)
from arena.programmes.models import Application, ProgrammeResource
from arena.readiness.models import ReadinessAnswer, ReadinessProfile
from arena.supply.models import ContactPerson

EXPORT_FORMAT = 1


def _account(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
    }


def _organisations(user: User) -> dict[str, Any]:
    return {
        "memberships": [
            {
                "organisation": m.organisation.name,
                "url": reverse("organisations:detail", args=[m.organisation.slug]),
                "role": m.role,
                "joined_at": m.joined_at,
            }
            for m in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "invitations_received": [
            {
                "organisation": i.organisation.name,
                "role": i.role,
                "created_at": i.created_at,
                "expires_at": i.expires_at,
                "accepted_at": i.accepted_at,
            }
            # Accepted ones only: an address alone is no proof (sign-up does not verify it).
            for i in Invitation.objects.filter(accepted_by=user).select_related("organisation")
        ],
        # Who was invited is that person's data, so only the organisation and dates are given.
        "invitations_sent": [
            {
                "organisation": i.organisation.name,
                "role": i.role,
                "created_at": i.created_at,
                "accepted": i.accepted_at is not None,
            }
            for i in Invitation.objects.filter(invited_by=user).select_related("organisation")
        ],
    }


def _api_tokens(user: User) -> list[dict[str, Any]]:
    # Name and dates only: neither the hash nor the prefix is part of the person's data to carry.
    return [
        {"name": t.name, "created_at": t.created_at, "last_used_at": t.last_used_at}
        for t in ApiToken.objects.filter(user=user)
    ]


def _contact_person_entries(user: User) -> list[dict[str, Any]]:
    return [
        {
            "company": c.company.name,
            "name": c.name,
            "role": c.role,
            "email": c.email,
            "phone": c.phone,
            "shown_to_everyone": c.is_public,
            "created_at": c.created_at,
        }
        # Only at companies the person belongs to: an address alone is no proof.
        for c in ContactPerson.objects.filter(
            email__iexact=user.email, company__memberships__user=user
        )
        .select_related("company")
        .distinct()
    ]


def _networks(user: User) -> dict[str, Any]:
    content: list[dict[str, Any]] = []
    for case in Case.objects.filter(created_by=user).select_related("network"):
        content.append(
            {
                "type": "case",
                "id": case.pk,
                "title": case.title,
                "network": case.network.name,
                "url": reverse("networks:case", args=[case.network.slug, case.pk]),
                "created_at": case.created_at,
            }
        )
    for routine in Routine.objects.filter(created_by=user).select_related("network"):
        content.append(
            {
                "type": "routine",
                "id": routine.pk,
                "title": routine.title,
                "network": routine.network.name,
                "url": reverse("networks:routine", args=[routine.network.slug, routine.pk]),
                "created_at": routine.created_at,
            }
        )
    for story in Story.objects.filter(created_by=user):
        content.append(
            {
                "type": "story",
                "id": story.pk,
                "title": story.title,
                "url": reverse("networks:story", args=[story.slug]),
                "created_at": story.created_at,
            }
        )
    return {
        "coordinator_roles": [
            {"network": c.network.name, "role": c.role, "added_at": c.added_at}
            for c in NetworkCoordinator.objects.filter(user=user).select_related("network")
        ],
        "invitations_sent": [
            {
                "network": i.network.name,
                "organisation": i.organisation.name if i.organisation else "",
                "status": i.status,
                "created_at": i.created_at,
            }
            for i in NetworkInvitation.objects.filter(invited_by=user).select_related(
                "network", "organisation"
            )
        ],
        "invitations_answered": [
            {"network": i.network.name, "status": i.status, "responded_at": i.responded_at}
            for i in NetworkInvitation.objects.filter(responded_by=user).select_related("network")
        ],
        "shared_content": content,
    }


def _challenges(user: User) -> dict[str, Any]:
    return {
        # Challenges have no author field: the status log says who created and moved them.
        "status_changes": [
            {
                "challenge_id": c.challenge_id,
                "challenge": c.challenge.title,
                "url": reverse("needs:challenge_detail", args=[c.challenge.slug]),
                "from_status": c.from_status,
                "to_status": c.to_status,
                "note": c.note,
                "changed_at": c.changed_at,
            }
            for c in ChallengeStatusChange.objects.filter(changed_by=user).select_related(
                "challenge"
            )
        ],
        "needs_assessments_updated": [
            {"focus_area": str(a.focus_area), "updated_at": a.updated_at}
            for a in NeedsAssessment.objects.filter(updated_by=user).select_related("focus_area")
        ],
        "confidential_sharing": [
            {
                "challenge_id": a.challenge_id,
                "challenge": a.challenge.title,
                "organisation": a.organisation.name,
                "invited_at": a.invited_at if a.invited_by_id == user.pk else None,
                "nda_accepted_at": a.nda_accepted_at if a.nda_accepted_by_id == user.pk else None,
            }
            for a in ChallengeAccess.objects.filter(
                Q(invited_by=user) | Q(nda_accepted_by=user)
            ).select_related("challenge", "organisation")
        ],
    }


def _programmes(user: User) -> dict[str, Any]:
    return {
        "applications": [
            {
                "programme": a.programme.name_sv or a.programme.name_en,
                "url": reverse("programmes:detail", args=[a.programme.slug]),
                "organisation": a.organisation.name if a.organisation else "",
                "takes_part_as": a.participant_kind,
                "status": a.status,
                "submitted_at": a.submitted_at,
                "questions": a.questions,
                "answers": a.answers,
                "agreement_accepted_at": a.agreement_accepted_at
                if a.agreement_accepted_by_id == user.pk
                else None,
            }
            for a in Application.objects.filter(
                Q(applicant=user) | Q(agreement_accepted_by=user)
            ).select_related("programme", "organisation")
        ],
        "decisions_made": [
            {
                "programme": a.programme.name_sv or a.programme.name_en,
                "organisation": a.organisation.name if a.organisation else "",
                "status": a.status,
                "decided_at": a.decided_at,
            }
            for a in Application.objects.filter(decided_by=user).select_related(
                "programme", "organisation"
            )
        ],
        "resources_added": [
            {"programme": r.programme.slug, "title": r.title, "created_at": r.created_at}
            for r in ProgrammeResource.objects.filter(created_by=user).select_related("programme")
        ],
    }


def _events(user: User) -> dict[str, Any]:
    def event_info(event: Event) -> dict[str, Any]:
        return {
            "event": event.title,
            "date": event.date,
            "url": reverse("events:detail", args=[event.slug]),
        }

    return {
        "events_created": [event_info(e) for e in Event.objects.filter(created_by=user)],
        "attending": [
            {**event_info(r.event), "organisation": r.organisation.name}
            for r in Registration.objects.filter(people=user).select_related(
                "event", "organisation"
            )
        ],
        "registrations_made": [
            {**event_info(r.event), "organisation": r.organisation.name, "at": r.registered_at}
            for r in Registration.objects.filter(registered_by=user).select_related(
                "event", "organisation"
            )
        ],
        "meeting_requests": [
            {
                **event_info(r.event),
                "from": r.sender.organisation.name,
                "to": r.receiver.organisation.name,
                "priority": r.priority,
                "status": r.status,
                "you_sent_it": r.created_by_id == user.pk,
                "you_answered_it": r.answered_by_id == user.pk,
                "created_at": r.created_at,
                "answered_at": r.answered_at,
            }
            for r in MeetingRequest.objects.filter(
                Q(created_by=user) | Q(answered_by=user)
            ).select_related("event", "sender__organisation", "receiver__organisation")
        ],
        "meeting_outcomes_recorded": [
            {
                **event_info(o.meeting.event),
                "organisation": o.registration.organisation.name,
                "result": o.result,
                "rating": o.rating,
                "notes": o.notes,
                "recorded_at": o.recorded_at,
            }
            for o in MeetingOutcome.objects.filter(recorded_by=user).select_related(
                "meeting__event", "registration__organisation"
            )
        ],
    }


def _feedback(user: User) -> dict[str, Any]:
    return {
        "matches": [
            {
                "challenge_id": f.challenge_id,
                "challenge": f.challenge.title,
                "solution_id": f.solution_id,
                "solution": f.solution.title,
                "organisation": f.organisation.name,
                "verdict": f.verdict,
                "created_at": f.created_at,
            }
            for f in MatchFeedback.objects.filter(user=user).select_related(
                "challenge", "solution", "organisation"
            )
        ],
        "notices": [
            {
                "notice_id": f.notice_id,
                "notice": f.notice.title,
                "url": reverse("notices:detail", args=[f.notice_id]),
                "organisation": f.organisation.name,
                "verdict": f.verdict,
                "created_at": f.created_at,
            }
            for f in NoticeFeedback.objects.filter(user=user).select_related(
                "notice", "organisation"
            )
        ],
        "notice_alerts": [
            {
                "organisation": s.organisation.name,
                "frequency": s.frequency,
                "last_sent_at": s.last_sent_at,
                "created": s.created,
            }
            for s in AlertSubscription.objects.filter(user=user).select_related("organisation")
        ],
    }


def _pilots(user: User) -> dict[str, Any]:
    return {
        "project_groups": [
            {
                "group": m.group.name,
                "url": reverse("pilots:group", args=[m.group_id]),
                "organisation": m.organisation.name if m.organisation else "",
                "role": m.role,
                "added_at": m.added_at,
            }
            for m in GroupMember.objects.filter(user=user).select_related("group", "organisation")
        ],
        "groups_started": [
            {"group": g.name, "created_at": g.created_at}
            for g in ProjectGroup.objects.filter(created_by=user)
        ],
        "commitments_signed": [
            {"group": c.group.name, "text": c.text, "signed_at": c.signed_at}
            for c in Commitment.objects.filter(signed_by=user).select_related("group")
        ],
        "activities": [
            {"group": a.group.name, "title": a.title, "date": a.date}
            for a in Activity.objects.filter(created_by=user).select_related("group")
        ],
        "documents": [
            {
                "pilot": d.pilot.title,
                "url": reverse("pilots:pilot", args=[d.pilot_id]),
                "kind": d.kind,
                "filename": d.filename,
                "created_at": d.created_at,
            }
            for d in PilotDocument.objects.filter(created_by=user).select_related("pilot")
        ],
    }


def _readiness(user: User) -> dict[str, Any]:
    return {
        "profiles_updated": [
            {"organisation": p.organisation.name, "updated_at": p.updated_at}
            for p in ReadinessProfile.objects.filter(updated_by=user).select_related("organisation")
        ],
        "answers_updated": [
            {
                "organisation": a.profile.organisation.name,
                "item": a.item_id,
                "status": a.status,
                "updated_at": a.updated_at,
            }
            for a in ReadinessAnswer.objects.filter(updated_by=user).select_related(
                "profile__organisation"
            )
        ],
    }


def _activity_log(user: User) -> list[dict[str, Any]]:
    # The action and when; a log's details may name other people and stay out.
    entries: list[dict[str, Any]] = [
        {"log": "event", "where": e.event.title, "action": e.action, "at": e.at}
        for e in LogEntry.objects.filter(actor=user).select_related("event")
    ]
    entries += [
        {"log": "network", "where": e.network.name, "action": e.action, "at": e.created_at}
        for e in NetworkLogEntry.objects.filter(actor=user).select_related("network")
    ]
    entries += [
        {"log": "project_group", "where": e.group.name, "action": e.action, "at": e.created_at}
        for e in GroupLogEntry.objects.filter(actor=user).select_related("group")
    ]
    return sorted(entries, key=lambda entry: entry["at"])


def privacy_export(*, user: User) -> dict[str, Any]:
    """Everything Arena keeps about `user` that is theirs to take away (GDPR art. 15 and 20)."""
    return {
        "format": EXPORT_FORMAT,
        "account": _account(user),
        "organisations": _organisations(user),
        "api_tokens": _api_tokens(user),
        "contact_person_entries": _contact_person_entries(user),
        "networks": _networks(user),
        "challenges": _challenges(user),
        "programmes": _programmes(user),
        "events": _events(user),
        "feedback": _feedback(user),
        "pilots": _pilots(user),
        "readiness": _readiness(user),
        "activity_log": _activity_log(user),
    }


@dataclass(frozen=True)
class DeletionCheck:
    # Organisations where the person is the last administrator and others remain: deletion waits.
    blocking: list[Organisation]
    # Organisations the person is alone in: they stay, without members.
    left_empty: list[Organisation]

    @property
    def allowed(self) -> bool:
        return not self.blocking


def account_deletion_check(*, user: User) -> DeletionCheck:
    organisations = (
        # A subquery, not a join: filtering on the same relation would make Count see one row.
        Organisation.objects.filter(
            pk__in=Membership.objects.filter(user=user).values("organisation_id")
        )
        .annotate(
            n_members=Count("memberships", distinct=True),
            n_admins=Count(
                "memberships",
                filter=Q(memberships__role=MembershipRole.ADMIN),
                distinct=True,
            ),
        )
        .order_by("name")
    )
    admin_of = set(
        Membership.objects.filter(user=user, role=MembershipRole.ADMIN).values_list(
            "organisation_id", flat=True
        )
    )
    blocking: list[Organisation] = []
    left_empty: list[Organisation] = []
    for organisation in organisations:
        if organisation.n_members == 1:
            left_empty.append(organisation)
        elif organisation.pk in admin_of and organisation.n_admins == 1:
            blocking.append(organisation)
    return DeletionCheck(blocking=blocking, left_empty=left_empty)
