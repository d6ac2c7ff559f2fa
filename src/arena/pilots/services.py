"""Writes for project groups and pilots. Every change of people, roles or status is logged."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arena.accounts.models import User
from arena.events.models import Meeting
from arena.needs.models import Challenge
from arena.organisations.enums import OrganisationKind
from arena.organisations.models import Organisation
from arena.pilots import selectors
from arena.pilots.agreements import agreement_build
from arena.pilots.enums import PILOT_TRANSITIONS, GroupRole, PaidBy, PilotStatus, Route
from arena.pilots.models import (
    Activity,
    Commitment,
    GroupLogEntry,
    GroupMember,
    Kpi,
    Milestone,
    Pilot,
    PilotDocument,
    ProjectGroup,
)
from arena.pilots.rendering import DOCX_TYPE, PDF_TYPE, docx_render, pdf_render
from arena.supply.models import Solution


def _log(
    *,
    group: ProjectGroup,
    actor: User | None,
    action: str,
    pilot: Pilot | None = None,
    **details: Any,
) -> GroupLogEntry:
    return GroupLogEntry.objects.create(
        group=group, pilot=pilot, actor=actor, action=action, details=details
    )


def _owner_organisation(*, challenge: Challenge, user: User) -> Organisation:
    owner = challenge.owners.filter(memberships__user=user).order_by("pk").first()
    if owner is None:
        raise ValidationError(
            _("Only people from the organisations owning the challenge can do this.")
        )
    return owner


@transaction.atomic
def project_group_create(
    *,
    challenge: Challenge,
    creator: User,
    name: str,
    meeting: Meeting | None = None,
    companies: Iterable[Organisation] = (),
    creator_role: str = GroupRole.PROJECT_MANAGER,
) -> ProjectGroup:
    """A group on the challenge with its creator as first member; a meeting brings its company."""
    organisation = _owner_organisation(challenge=challenge, user=creator)
    if (
        meeting is not None
        and not challenge.owners.filter(pk=meeting.buyer.organisation_id).exists()
    ):
        raise ValidationError(
            {"meeting": _("The meeting was not held by an organisation owning the challenge.")}
        )
    group = ProjectGroup.objects.create(
        challenge=challenge, name=name.strip(), meeting=meeting, created_by=creator
    )
    involved = list(companies)
    if meeting is not None:
        involved.append(meeting.company.organisation)
    group.companies.set(involved)
    GroupMember.objects.create(
        group=group, user=creator, organisation=organisation, role=creator_role
    )
    _log(group=group, actor=creator, action="group_created", name=group.name)
    _log(
        group=group,
        actor=creator,
        action="member_added",
        member=creator.email,
        role=creator_role,
    )
    return group


@transaction.atomic
def group_company_add(*, group: ProjectGroup, actor: User, organisation: Organisation) -> None:
    group.companies.add(organisation)
    _log(group=group, actor=actor, action="company_added", organisation=organisation.name)


@transaction.atomic
def group_member_add(
    *, group: ProjectGroup, actor: User, email: str, role: str, add_company: bool = False
) -> GroupMember:
    """Add an existing user, found by e-mail, who belongs to one of the group's organisations.

    With `add_company`, a person from a company not yet in the group brings their company in
    (when they belong to exactly one company, so the choice is never a guess).
    """
    if role not in GroupRole.values:
        raise ValidationError({"role": _("Unknown role “%(role)s”.") % {"role": role}})
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError(
            {"email": _("No one on Arena has the e-mail address %(email)s.") % {"email": email}}
        )
    organisation = (
        selectors.group_organisations(group=group)
        .filter(memberships__user=user)
        .order_by("pk")
        .first()
    )
    if organisation is None and add_company:
        companies = list(
            Organisation.objects.filter(memberships__user=user, kind=OrganisationKind.COMPANY)
        )
        if len(companies) == 1:
            group_company_add(group=group, actor=actor, organisation=companies[0])
            organisation = companies[0]
    if organisation is None:
        raise ValidationError(
            {
                "email": _(
                    "%(email)s is not a member of the challenge's owners or of a company in the group."
                )
                % {"email": user.email}
            }
        )
    if group.members.filter(user=user).exists():
        raise ValidationError(
            {"email": _("%(email)s is already in the group.") % {"email": user.email}}
        )
    member = GroupMember.objects.create(
        group=group, user=user, organisation=organisation, role=role
    )
    _log(group=group, actor=actor, action="member_added", member=user.email, role=role)
    return member


@transaction.atomic
def group_member_role_change(*, member: GroupMember, actor: User, role: str) -> GroupMember:
    if role not in GroupRole.values:
        raise ValidationError({"role": _("Unknown role “%(role)s”.") % {"role": role}})
    old = member.role
    if old == role:
        return member
    member.role = role
    member.save(update_fields=["role"])
    _log(
        group=member.group,
        actor=actor,
        action="role_changed",
        member=member.user.email,
        old=old,
        new=role,
    )
    return member


@transaction.atomic
def group_member_remove(*, member: GroupMember, actor: User) -> None:
    _log(
        group=member.group,
        actor=actor,
        action="member_removed",
        member=member.user.email,
        role=member.role,
    )
    member.delete()


def commitment_add(
    *, group: ProjectGroup, actor: User, organisation: Organisation, text: str
) -> Commitment:
    if not selectors.group_organisations(group=group).filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": _("That organisation is not part of the group.")})
    commitment = Commitment.objects.create(
        group=group, organisation=organisation, text=text.strip()
    )
    _log(group=group, actor=actor, action="commitment_added", text=commitment.text)
    return commitment


@transaction.atomic
def commitment_sign(*, commitment: Commitment, user: User) -> Commitment:
    """Sign off a commitment on behalf of its organisation; only its own people can."""
    if not commitment.organisation.memberships.filter(user=user).exists():
        raise ValidationError(
            _("Only people from %(organisation)s can sign off its commitments.")
            % {"organisation": commitment.organisation.name}
        )
    if commitment.signed_at is not None:
        raise ValidationError(_("This commitment is already signed off."))
    commitment.signed_by = user
    commitment.signed_at = timezone.now()
    commitment.save(update_fields=["signed_by", "signed_at"])
    _log(group=commitment.group, actor=user, action="commitment_signed", text=commitment.text)
    return commitment


def activity_add(*, group: ProjectGroup, actor: User, date: datetime.date, title: str) -> Activity:
    return Activity.objects.create(group=group, date=date, title=title.strip(), created_by=actor)


@transaction.atomic
def pilot_create(
    *,
    group: ProjectGroup,
    actor: User,
    title: str,
    solutions: Iterable[Solution] = (),
    meetings: Iterable[Meeting] = (),
    **fields: Any,
) -> Pilot:
    """A planned pilot; the group's own meeting is linked to it unless meetings are given."""
    pilot = Pilot(group=group, title=title.strip())
    _pilot_set(pilot, fields)
    pilot.save()
    pilot.solutions.set(list(solutions))
    linked = list(meetings) or ([group.meeting] if group.meeting is not None else [])
    pilot.meetings.set(linked)
    _log(group=group, pilot=pilot, actor=actor, action="pilot_created", title=pilot.title)
    return pilot


EDITABLE = (
    "title",
    "goals",
    "success_criteria",
    "starts_on",
    "ends_on",
    "budget_sek",
    "paid_by",
    "data_terms",
    "ip_terms",
    "risks",
    "evaluation_report",
)


def _pilot_set(pilot: Pilot, fields: dict[str, Any]) -> None:
    """Check the new values against the pilot's others, then set them (nothing set on error)."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Not editable on a pilot: {', '.join(sorted(unknown))}")
    after = {name: fields.get(name, getattr(pilot, name)) for name in EDITABLE}
    if after["budget_sek"] is not None and after["budget_sek"] < 0:
        raise ValidationError({"budget_sek": _("The budget cannot be negative.")})
    if after["paid_by"] and after["paid_by"] not in PaidBy.values:
        raise ValidationError({"paid_by": _("Unknown payer.")})
    if after["starts_on"] and after["ends_on"] and after["ends_on"] < after["starts_on"]:
        raise ValidationError({"ends_on": _("The pilot ends before it starts.")})
    for name, value in fields.items():
        setattr(pilot, name, value)


@transaction.atomic
def pilot_update(
    *, pilot: Pilot, actor: User, solutions: Iterable[Solution] | None = None, **fields: Any
) -> Pilot:
    """Change the pilot's plan and terms; solutions must belong to a company in the group."""
    if solutions is not None:
        solutions = list(solutions)
        companies = set(pilot.group.companies.values_list("pk", flat=True))
        foreign = [
            s.title_sv or s.title_en for s in solutions if s.organisation_id not in companies
        ]
        if foreign:
            raise ValidationError(
                {
                    "solutions": _("Not a solution of a company in the group: %(names)s.")
                    % {"names": ", ".join(foreign)}
                }
            )
    _pilot_set(pilot, fields)
    pilot.save()
    if solutions is not None:
        pilot.solutions.set(solutions)
    _log(group=pilot.group, pilot=pilot, actor=actor, action="pilot_updated", fields=sorted(fields))
    return pilot


@transaction.atomic
def pilot_status_change(*, pilot: Pilot, actor: User, status: str) -> Pilot:
    """Move the pilot one step along planned → running → evaluated → procurement decided → closed."""
    pilot = Pilot.objects.select_for_update().get(pk=pilot.pk)
    allowed = PILOT_TRANSITIONS[pilot.status]
    if status not in allowed:
        raise ValidationError(
            {
                "status": _("A pilot that is “%(old)s” cannot become “%(new)s”.")
                % {
                    "old": PilotStatus(pilot.status).label,
                    "new": PilotStatus(status).label if status in PilotStatus.values else status,
                }
            }
        )
    if status == PilotStatus.EVALUATED and not pilot.evaluation_report.strip():
        raise ValidationError(
            {"status": _("Write the evaluation report before marking the pilot evaluated.")}
        )
    old = pilot.status
    pilot.status = status
    pilot.status_changed_at = timezone.now()
    pilot.save(update_fields=["status", "status_changed_at"])
    _log(group=pilot.group, pilot=pilot, actor=actor, action="status_changed", old=old, new=status)
    return pilot


@transaction.atomic
def pilot_procurement_record(
    *,
    pilot: Pilot,
    actor: User,
    notice_id: str,
    route: str,
    contract_date: datetime.date | None = None,
    contract_value_sek: Decimal | None = None,
) -> Pilot:
    """Record the procurement that followed the pilot: the last link from need to contract."""
    if route and route not in Route.values:
        raise ValidationError({"route": _("Unknown procurement route.")})
    if contract_value_sek is not None and contract_value_sek < 0:
        raise ValidationError({"contract_value_sek": _("The contract value cannot be negative.")})
    pilot.notice_id = notice_id.strip()
    pilot.route = route
    pilot.contract_date = contract_date
    pilot.contract_value_sek = contract_value_sek
    pilot.save(update_fields=["notice_id", "route", "contract_date", "contract_value_sek"])
    _log(
        group=pilot.group,
        pilot=pilot,
        actor=actor,
        action="procurement_recorded",
        notice_id=pilot.notice_id,
        route=route,
    )
    return pilot


def kpi_add(
    *,
    pilot: Pilot,
    name: str,
    unit: str = "",
    baseline: Decimal | None = None,
    target: Decimal | None = None,
) -> Kpi:
    return Kpi.objects.create(
        pilot=pilot, name=name.strip(), unit=unit.strip(), baseline=baseline, target=target
    )


def kpi_measure(*, kpi: Kpi, measured: Decimal | None) -> Kpi:
    kpi.measured = measured
    kpi.save(update_fields=["measured"])
    return kpi


def milestone_add(*, pilot: Pilot, title: str, due_on: datetime.date) -> Milestone:
    return Milestone.objects.create(pilot=pilot, title=title.strip(), due_on=due_on)


def milestone_done(*, milestone: Milestone, done_on: datetime.date | None) -> Milestone:
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    return milestone


@transaction.atomic
def pilot_document_generate(
    *, pilot: Pilot, actor: User, kind: str, language: str
) -> list[PilotDocument]:
    """Fill the template from the pilot's data and store it as a new version, as DOCX and PDF."""
    facts = selectors.agreement_facts(pilot=pilot, language=language)
    agreement = agreement_build(kind=kind, facts=facts, language=language)
    # Lock the pilot so two people generating at once cannot both take the same version number.
    Pilot.objects.select_for_update().filter(pk=pilot.pk).first()
    latest = (
        PilotDocument.objects.filter(pilot=pilot, kind=kind, language=language)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    version = (latest or 0) + 1
    stem = f"{kind}-{pilot.pk}-{language}-v{version}"
    documents = [
        PilotDocument.objects.create(
            pilot=pilot,
            kind=kind,
            language=language,
            file_format=file_format,
            version=version,
            filename=f"{stem}.{file_format}",
            content_type=content_type,
            content=render(agreement),
            created_by=actor,
        )
        for file_format, content_type, render in (
            ("docx", DOCX_TYPE, docx_render),
            ("pdf", PDF_TYPE, pdf_render),
        )
    ]
    _log(
        group=pilot.group,
        pilot=pilot,
        actor=actor,
        action="document_generated",
        kind=kind,
        language=language,
        version=version,
    )
    return documents
