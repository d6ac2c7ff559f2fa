import secrets
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from arena.accounts.models import User
from arena.needs.enums import Visibility
from arena.networks import selectors
from arena.networks.enums import (
    FINISHED_PILOT_STATUSES,
    ContentVisibility,
    CoordinatorRole,
    InvitationStatus,
    LogAction,
)
from arena.networks.models import (
    Case,
    Network,
    NetworkCoordinator,
    NetworkInvitation,
    NetworkLogEntry,
    Routine,
    Story,
)
from arena.organisations.enums import BUYER_KINDS, MembershipRole, OrganisationKind
from arena.organisations.models import Membership, Organisation
from arena.pilots.enums import Route
from arena.pilots.models import Pilot
from arena.reference.models import CpvCode
from arena.slugs import unique_slug

# Fixed addresses under /natverk/ that a network's slug must not shadow.
RESERVED_SLUGS = frozenset({"ny", "inbjudan", "berattelser", "mina"})
STORY_RESERVED_SLUGS = frozenset({"ny"})
OWNER_KINDS = frozenset({OrganisationKind.INTERMEDIARY, *BUYER_KINDS})


def _log(
    *,
    network: Network,
    action: str,
    actor: User | None,
    organisation: Organisation | None = None,
    **details: Any,
) -> NetworkLogEntry:
    return NetworkLogEntry.objects.create(
        network=network, action=action, actor=actor, organisation=organisation, details=details
    )


## Networks


@transaction.atomic
def network_ensure(*, slug: str, name: str, description: str = "") -> Network:
    """The network with this slug, created with the name and description if it does not exist."""
    network, _created = Network.objects.get_or_create(
        slug=slug, defaults={"name": name.strip(), "description": description}
    )
    return network


@transaction.atomic
def network_add_organisations(
    *, network: Network, organisations: list[Organisation], actor: User | None = None
) -> None:
    """Add members directly: for Arena staff and imports (others join by invitation)."""
    present = selectors.network_member_ids(network=network)
    network.organisations.add(*organisations)
    for organisation in organisations:
        if organisation.pk not in present:
            present.add(organisation.pk)
            _log(
                network=network,
                action=LogAction.MEMBER_ADDED,
                actor=actor,
                organisation=organisation,
                name=organisation.name,
            )


@transaction.atomic
def network_create(
    *,
    owner: Organisation,
    creator: User,
    name: str,
    description: str = "",
    public_description: str = "",
    is_public: bool = False,
) -> Network:
    """A new network run by `owner`; the creator (an administrator of it) is its lead coordinator."""
    if owner.kind not in OWNER_KINDS:
        raise ValidationError(
            {"owner": _("A network is run by an intermediary or a public buyer.")}
        )
    if not Membership.objects.filter(
        organisation=owner, user=creator, role=MembershipRole.ADMIN
    ).exists():
        raise ValidationError(
            {"owner": _("Only an administrator of the owner can start a network.")}
        )
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the network a name.")})
    network = Network.objects.create(
        name=name,
        slug=unique_slug(Network.objects.all(), name, fallback="natverk", reserved=RESERVED_SLUGS),
        description=description,
        public_description=public_description,
        is_public=is_public,
        owner=owner,
    )
    NetworkCoordinator.objects.create(network=network, user=creator, role=CoordinatorRole.LEAD)
    _log(network=network, action=LogAction.CREATED, actor=creator, organisation=owner, name=name)
    return network


@transaction.atomic
def network_update(
    *,
    network: Network,
    actor: User,
    name: str,
    description: str,
    public_description: str,
    is_public: bool,
) -> Network:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the network a name.")})
    network.name = name
    network.description = description
    network.public_description = public_description
    network.is_public = is_public
    network.save(update_fields=["name", "description", "public_description", "is_public"])
    _log(network=network, action=LogAction.CHANGED, actor=actor, is_public=is_public)
    return network


@transaction.atomic
def network_owner_set(
    *, network: Network, owner: Organisation, actor: User | None = None
) -> Network:
    """Give a network an owner (for staff, imports and the demo)."""
    if owner.kind not in OWNER_KINDS:
        raise ValidationError(
            {"owner": _("A network is run by an intermediary or a public buyer.")}
        )
    network.owner = owner
    network.save(update_fields=["owner"])
    _log(
        network=network,
        action=LogAction.OWNER_SET,
        actor=actor,
        organisation=owner,
        name=owner.name,
    )
    return network


@transaction.atomic
def coordinator_add(
    *, network: Network, user: User, role: str = CoordinatorRole.COORDINATOR, actor: User | None
) -> NetworkCoordinator:
    """Make a person of the owner organisation a coordinator."""
    if role not in CoordinatorRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    if (
        network.owner_id is None
        or not Membership.objects.filter(organisation_id=network.owner_id, user=user).exists()
    ):
        raise ValidationError(
            _("Coordinators are people of the organisation that runs the network.")
        )
    coordinator, created = NetworkCoordinator.objects.update_or_create(
        network=network, user=user, defaults={"role": role}
    )
    if created:
        _log(
            network=network,
            action=LogAction.COORDINATOR_ADDED,
            actor=actor,
            person=user.full_name or user.email,
            role=role,
        )
    return coordinator


@transaction.atomic
def coordinator_remove(*, coordinator: NetworkCoordinator, actor: User) -> None:
    network = coordinator.network
    person = coordinator.user.full_name or coordinator.user.email
    coordinator.delete()
    _log(network=network, action=LogAction.COORDINATOR_REMOVED, actor=actor, person=person)


## Invitations


def _new_invitation(**fields: Any) -> NetworkInvitation:
    now = timezone.now()
    try:
        with transaction.atomic():
            return NetworkInvitation.objects.create(
                token=secrets.token_urlsafe(32),
                created_at=now,
                expires_at=now + timedelta(days=settings.ARENA_INVITATION_DAYS),
                **fields,
            )
    except IntegrityError as error:
        raise ValidationError(_("This invitation was just sent. Try again.")) from error


@transaction.atomic
def invitation_create_for_organisation(
    *, network: Network, organisation: Organisation, invited_by: User, message: str = ""
) -> NetworkInvitation:
    """Invite an organisation on Arena; its administrators decide whether it joins.

    The caller enqueues `network_invitation_send_task` for the e-mail (views do, the demo does not).
    """
    if organisation.pk in selectors.network_member_ids(network=network):
        raise ValidationError(
            {"organisation": _("%(name)s is already a member.") % {"name": organisation.name}}
        )
    # An earlier open invitation is replaced, so the newest link is the one that works.
    network.invitations.filter(organisation=organisation, status=InvitationStatus.PENDING).update(
        status=InvitationStatus.REVOKED, responded_at=timezone.now(), responded_by=invited_by
    )
    invitation = _new_invitation(
        network=network, organisation=organisation, invited_by=invited_by, message=message
    )
    _log(
        network=network,
        action=LogAction.INVITED,
        actor=invited_by,
        organisation=organisation,
        name=organisation.name,
    )
    return invitation


@transaction.atomic
def invitation_create_for_email(
    *, network: Network, email: str, invited_by: User, message: str = ""
) -> NetworkInvitation:
    """Invite someone not on Arena yet; they join with an organisation they administer."""
    email = email.strip().lower()
    if not email:
        raise ValidationError({"email": _("Give an e-mail address.")})
    network.invitations.filter(
        organisation__isnull=True, email__iexact=email, status=InvitationStatus.PENDING
    ).update(status=InvitationStatus.REVOKED, responded_at=timezone.now(), responded_by=invited_by)
    invitation = _new_invitation(
        network=network, email=email, invited_by=invited_by, message=message
    )
    _log(network=network, action=LogAction.INVITED, actor=invited_by, email=email)
    return invitation


def invitation_url(*, invitation: NetworkInvitation) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "networks:invitation", kwargs={"token": invitation.token}
    )


def _recipients(invitation: NetworkInvitation) -> list[str]:
    if invitation.organisation_id is None:
        return [invitation.email]
    return list(
        Membership.objects.filter(
            organisation_id=invitation.organisation_id,
            role=MembershipRole.ADMIN,
            user__is_active=True,
        ).values_list("user__email", flat=True)
    )


def invitation_send_email(*, invitation_id: int, language: str) -> bool:
    """Send the invitation in the inviter's language; False when it is no longer open."""
    invitation = (
        NetworkInvitation.objects.select_related("network", "organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_open:
        return False
    recipients = _recipients(invitation)
    if not recipients:
        return False
    with translation.override(language):
        context = {"invitation": invitation, "url": invitation_url(invitation=invitation)}
        # A line break in the name would make the mail library refuse the subject.
        subject = _("Invitation to the network %(network)s on Arena") % {
            "network": " ".join(invitation.network.name.split())
        }
        body = render_to_string("networks/email/invitation.txt", context)
    send_mail(subject, body, None, recipients)
    return True


def _check_open(invitation: NetworkInvitation) -> None:
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("This invitation has already been answered."), code="used")
    if invitation.is_expired:
        raise ValidationError(
            _("This invitation has expired. Ask the network's coordinator for a new one."),
            code="expired",
        )


def _answering_organisation(
    invitation: NetworkInvitation, user: User, organisation: Organisation | None
) -> Organisation:
    """The organisation `user` answers for; only an administrator of it may answer."""
    allowed = selectors.organisations_that_may_answer(invitation=invitation, user=user)
    if invitation.organisation_id is not None:
        organisation = invitation.organisation
    elif invitation.email.lower() != user.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Log in with that address to answer it.")
            % {"email": invitation.email},
            code="wrong_user",
        )
    if organisation is None:
        raise ValidationError(
            _("Choose the organisation that joins (one you administer)."), code="no_organisation"
        )
    if not allowed.filter(pk=organisation.pk).exists():
        raise ValidationError(
            _("Only an administrator of %(name)s can answer this invitation.")
            % {"name": organisation.name},
            code="not_admin",
        )
    return organisation


@transaction.atomic
def invitation_accept(
    *, invitation: NetworkInvitation, user: User, organisation: Organisation | None = None
) -> Organisation:
    """Join the network. Only an administrator of the joining organisation may accept."""
    invitation = NetworkInvitation.objects.select_for_update().get(pk=invitation.pk)
    _check_open(invitation)
    joining = _answering_organisation(invitation, user, organisation)
    invitation.network.organisations.add(joining)
    invitation.status = InvitationStatus.ACCEPTED
    invitation.responded_at = timezone.now()
    invitation.responded_by = user
    invitation.joined_organisation = joining
    invitation.save(update_fields=["status", "responded_at", "responded_by", "joined_organisation"])
    _log(
        network=invitation.network,
        action=LogAction.INVITATION_ACCEPTED,
        actor=user,
        organisation=joining,
        name=joining.name,
    )
    return joining


@transaction.atomic
def invitation_decline(
    *, invitation: NetworkInvitation, user: User, organisation: Organisation | None = None
) -> None:
    invitation = NetworkInvitation.objects.select_for_update().get(pk=invitation.pk)
    _check_open(invitation)
    if invitation.organisation_id is None and organisation is None:
        # Someone not on Arena may say no without an organisation, with the right address.
        if invitation.email.lower() != user.email.lower():
            raise ValidationError(
                _("This invitation was sent to %(email)s. Log in with that address to answer it.")
                % {"email": invitation.email},
                code="wrong_user",
            )
        answering = None
    else:
        answering = _answering_organisation(invitation, user, organisation)
    invitation.status = InvitationStatus.DECLINED
    invitation.responded_at = timezone.now()
    invitation.responded_by = user
    invitation.save(update_fields=["status", "responded_at", "responded_by"])
    _log(
        network=invitation.network,
        action=LogAction.INVITATION_DECLINED,
        actor=user,
        organisation=answering,
        name=answering.name if answering else invitation.email,
    )


@transaction.atomic
def invitation_revoke(*, invitation: NetworkInvitation, actor: User) -> None:
    if invitation.status != InvitationStatus.PENDING:
        return
    invitation.status = InvitationStatus.REVOKED
    invitation.responded_at = timezone.now()
    invitation.responded_by = actor
    invitation.save(update_fields=["status", "responded_at", "responded_by"])
    _log(
        network=invitation.network,
        action=LogAction.INVITATION_REVOKED,
        actor=actor,
        organisation=invitation.organisation,
        name=invitation.invitee,
    )


## Leaving and removing


@transaction.atomic
def network_leave(*, network: Network, organisation: Organisation, actor: User) -> None:
    """An administrator takes their organisation out of the network."""
    if not Membership.objects.filter(
        organisation=organisation, user=actor, role=MembershipRole.ADMIN
    ).exists():
        raise ValidationError(
            _("Only an administrator of %(name)s can take it out of the network.")
            % {"name": organisation.name}
        )
    if organisation.pk not in selectors.network_member_ids(network=network):
        raise ValidationError(_("%(name)s is not a member.") % {"name": organisation.name})
    network.organisations.remove(organisation)
    _log(
        network=network,
        action=LogAction.MEMBER_LEFT,
        actor=actor,
        organisation=organisation,
        name=organisation.name,
    )


@transaction.atomic
def network_member_remove(*, network: Network, organisation: Organisation, actor: User) -> None:
    """A coordinator removes a member (the views check that the actor is one)."""
    if organisation.pk not in selectors.network_member_ids(network=network):
        raise ValidationError(_("%(name)s is not a member.") % {"name": organisation.name})
    network.organisations.remove(organisation)
    _log(
        network=network,
        action=LogAction.MEMBER_REMOVED,
        actor=actor,
        organisation=organisation,
        name=organisation.name,
    )


## Cases and routines


def _check_author(network: Network, author: Organisation, actor: User) -> None:
    allowed = selectors.sharing_organisations_of_user(network=network, user=actor)
    if not allowed.filter(pk=author.pk).exists():
        raise ValidationError(
            {"author_organisation": _("Share as an organisation of yours in this network.")}
        )


def _check_links(
    *, actor: User, network: Network, pilot: Pilot | None, challenge: Any | None
) -> None:
    if (
        challenge is not None
        and not selectors.linkable_challenges(network=network, user=actor)
        .filter(pk=challenge.pk)
        .exists()
    ):
        raise ValidationError({"challenge": _("Link a challenge of your own organisation.")})
    if pilot is not None and not selectors.linkable_pilots(user=actor).filter(pk=pilot.pk).exists():
        raise ValidationError({"pilot": _("Link a pilot of your own organisation.")})


def _clean_documents(documents: list[dict[str, str]]) -> list[dict[str, str]]:
    return [
        {"title": (d.get("title") or "").strip()[:200], "url": d["url"].strip()}
        for d in documents
        if d.get("url", "").strip()
    ]


def _case_fields(data: dict[str, Any]) -> dict[str, Any]:
    if not (data.get("title_sv") or "").strip() and not (data.get("title_en") or "").strip():
        raise ValidationError({"title_sv": _("Give a title in Swedish or English.")})
    if data.get("route") and data["route"] not in Route.values:
        raise ValidationError({"route": _("Unknown procurement route.")})
    if data.get("visibility", ContentVisibility.MEMBERS) not in ContentVisibility.values:
        raise ValidationError({"visibility": _("Unknown choice.")})
    return {
        "title_sv": (data.get("title_sv") or "").strip(),
        "title_en": (data.get("title_en") or "").strip(),
        "industry_area": (data.get("industry_area") or "").strip(),
        "what_was_bought": data.get("what_was_bought") or "",
        "route": data.get("route") or "",
        "results": data.get("results") or "",
        "lessons": data.get("lessons") or "",
        "documents": _clean_documents(data.get("documents") or []),
        "visibility": data.get("visibility") or ContentVisibility.MEMBERS,
        "pilot": data.get("pilot"),
        "challenge": data.get("challenge"),
    }


@transaction.atomic
def case_create(
    *,
    network: Network,
    actor: User,
    author_organisation: Organisation,
    cpv_codes: list[CpvCode] | None = None,
    **data: Any,
) -> Case:
    """Share a case with the network, as one of the actor's organisations inside it."""
    _check_author(network, author_organisation, actor)
    fields = _case_fields(data)
    _check_links(actor=actor, network=network, pilot=fields["pilot"], challenge=fields["challenge"])
    case = Case.objects.create(
        network=network, author_organisation=author_organisation, created_by=actor, **fields
    )
    case.cpv_codes.set(cpv_codes or [])
    _log(
        network=network,
        action=LogAction.CASE_CREATED,
        actor=actor,
        organisation=author_organisation,
        title=case.title,
        case_id=case.pk,
    )
    return case


@transaction.atomic
def case_update(
    *, case: Case, actor: User, cpv_codes: list[CpvCode] | None = None, **data: Any
) -> Case:
    data.pop("author_organisation", None)  # who shared it stays
    # A link the editor may not see is not in their form: absent means it stays as it is.
    data.setdefault("pilot", case.pilot)
    data.setdefault("challenge", case.challenge)
    fields = _case_fields(data)
    if fields["pilot"] != case.pilot or fields["challenge"] != case.challenge:
        _check_links(
            actor=actor,
            network=case.network,
            pilot=fields["pilot"] if fields["pilot"] != case.pilot else None,
            challenge=fields["challenge"] if fields["challenge"] != case.challenge else None,
        )
    for name, value in fields.items():
        setattr(case, name, value)
    case.updated_at = timezone.now()
    case.save()
    case.cpv_codes.set(cpv_codes or [])
    _log(
        network=case.network,
        action=LogAction.CASE_CHANGED,
        actor=actor,
        organisation=case.author_organisation,
        title=case.title,
        case_id=case.pk,
    )
    return case


def _routine_fields(data: dict[str, Any]) -> dict[str, Any]:
    title = (data.get("title") or "").strip()
    if not title:
        raise ValidationError({"title": _("Give a title.")})
    description = data.get("description") or ""
    url = (data.get("url") or "").strip()
    if not description.strip() and not url:
        raise ValidationError(_("Write the routine or give a link to it."))
    visibility = data.get("visibility") or ContentVisibility.MEMBERS
    if visibility not in ContentVisibility.values:
        raise ValidationError({"visibility": _("Unknown choice.")})
    return {"title": title, "description": description, "url": url, "visibility": visibility}


@transaction.atomic
def routine_create(
    *, network: Network, actor: User, author_organisation: Organisation, **data: Any
) -> Routine:
    _check_author(network, author_organisation, actor)
    routine = Routine.objects.create(
        network=network,
        author_organisation=author_organisation,
        created_by=actor,
        **_routine_fields(data),
    )
    _log(
        network=network,
        action=LogAction.ROUTINE_CREATED,
        actor=actor,
        organisation=author_organisation,
        title=routine.title,
    )
    return routine


@transaction.atomic
def routine_update(*, routine: Routine, actor: User, **data: Any) -> Routine:
    data.pop("author_organisation", None)
    for name, value in _routine_fields(data).items():
        setattr(routine, name, value)
    routine.updated_at = timezone.now()
    routine.save()
    _log(
        network=routine.network,
        action=LogAction.ROUTINE_CHANGED,
        actor=actor,
        organisation=routine.author_organisation,
        title=routine.title,
    )
    return routine


## Public stories


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def story_initial(*, pilot: Pilot) -> dict[str, Any]:
    """What a new story starts from: the pilot's goals, KPIs, route and evaluation.

    The title is left empty on a confidential challenge: pilots are often named after their
    challenge, and only the author may decide to write that name in public.
    """
    confidential = pilot.group.challenge.visibility != Visibility.PUBLIC
    goals = "\n\n".join(p for p in (pilot.goals, pilot.success_criteria) if p.strip())
    return {
        "title_sv": "" if confidential else pilot.title,
        "title_en": "",
        "goals": goals,
        "route": pilot.route,
        "results": pilot.evaluation_report,
        "lessons": "",
        "summary": "",
    }


def story_kpis(*, pilot: Pilot) -> list[dict[str, str]]:
    return [
        {
            "name": kpi.name,
            "unit": kpi.unit,
            "baseline": _number(kpi.baseline),
            "target": _number(kpi.target),
            "measured": _number(kpi.measured),
        }
        for kpi in pilot.kpis.all()
    ]


def _story_fields(data: dict[str, Any]) -> dict[str, Any]:
    if not (data.get("title_sv") or "").strip() and not (data.get("title_en") or "").strip():
        raise ValidationError({"title_sv": _("Give a title in Swedish or English.")})
    if data.get("route") and data["route"] not in Route.values:
        raise ValidationError({"route": _("Unknown procurement route.")})
    return {
        "title_sv": (data.get("title_sv") or "").strip(),
        "title_en": (data.get("title_en") or "").strip(),
        "summary": data.get("summary") or "",
        "goals": data.get("goals") or "",
        "route": data.get("route") or "",
        "results": data.get("results") or "",
        "lessons": data.get("lessons") or "",
    }


@transaction.atomic
def story_create(
    *,
    pilot: Pilot,
    actor: User,
    organisation: Organisation,
    include_kpis: bool = True,
    publish: bool = False,
    **data: Any,
) -> Story:
    """Write the public story of a finished pilot, as an administrator of one of its buyers."""
    if pilot.status not in FINISHED_PILOT_STATUSES:
        raise ValidationError(_("A story is told once the pilot is evaluated."))
    if (
        not selectors.story_organisations(pilot=pilot, user=actor)
        .filter(pk=organisation.pk)
        .exists()
    ):
        raise ValidationError(
            {"organisation": _("Only an administrator of the buyer can tell the story.")}
        )
    if Story.objects.filter(pilot=pilot).exists():
        raise ValidationError(_("This pilot already has a story."))
    fields = _story_fields(data)
    title = fields["title_sv"] or fields["title_en"]
    story = Story.objects.create(
        pilot=pilot,
        organisation=organisation,
        slug=unique_slug(
            Story.objects.all(), title, fallback="berattelse", reserved=STORY_RESERVED_SLUGS
        ),
        kpis=story_kpis(pilot=pilot) if include_kpis else [],
        published_at=timezone.now() if publish else None,
        created_by=actor,
        **fields,
    )
    return story


@transaction.atomic
def story_update(
    *, story: Story, actor: User, include_kpis: bool = True, publish: bool = False, **data: Any
) -> Story:
    for name, value in _story_fields(data).items():
        setattr(story, name, value)
    story.kpis = story_kpis(pilot=story.pilot) if include_kpis else []
    if publish and story.published_at is None:
        story.published_at = timezone.now()
    elif not publish:
        story.published_at = None
    story.updated_at = timezone.now()
    story.save()
    return story
