import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from arena.accounts.models import User
from arena.organisations.enums import IntermediaryKind, MembershipRole, OrganisationKind, SizeClass
from arena.organisations.models import Invitation, Membership, Organisation
from arena.organisations.selectors import admin_count
from arena.organisations.validators import normalise_org_number
from arena.reference.models import Municipality, Region
from arena.slugs import unique_slug

# Fixed addresses under /organisationer/ that an organisation's slug must not shadow.
RESERVED_SLUGS = frozenset({"mina", "ny", "inbjudan"})


def _unique_slug(name: str) -> str:
    return unique_slug(
        Organisation.objects.all(), name, fallback="organisation", reserved=RESERVED_SLUGS
    )


def _check_kind_details(
    *,
    kind: str,
    size_class: str,
    intermediary_kind: str,
    municipality: Municipality | None,
    region: Region | None,
) -> None:
    errors: dict[str, str] = {}
    if kind == OrganisationKind.COMPANY and size_class not in SizeClass.values:
        errors["size_class"] = _("Choose the size of the company.")
    if kind == OrganisationKind.INTERMEDIARY and intermediary_kind not in IntermediaryKind.values:
        errors["intermediary_kind"] = _("Choose the kind of intermediary.")
    if kind == OrganisationKind.MUNICIPALITY and municipality is None:
        errors["municipality"] = _("Choose the municipality.")
    if kind == OrganisationKind.REGION and region is None:
        errors["region"] = _("Choose the region.")
    if municipality is not None and region is not None and municipality.region_id != region.pk:
        errors["region"] = _("%(municipality)s is not in %(region)s.") % {
            "municipality": municipality.name,
            "region": region.name,
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def organisation_create(
    *,
    creator: User,
    name: str,
    kind: str,
    org_number: str,
    size_class: str = "",
    is_startup: bool = False,
    intermediary_kind: str = "",
    municipality: Municipality | None = None,
    region: Region | None = None,
    website: str = "",
    description: str = "",
) -> Organisation:
    """Register an organisation; the person who registers it becomes its first administrator."""
    if kind not in OrganisationKind.values:
        raise ValidationError({"kind": _("Unknown kind of organisation.")})
    number = normalise_org_number(org_number)
    if Organisation.objects.filter(org_number=number).exists():
        raise ValidationError(
            {
                "org_number": _(
                    "An organisation with this organisation number is already registered."
                )
            }
        )
    organisation = Organisation(slug=_unique_slug(name), kind=kind, org_number=number)
    try:
        with transaction.atomic():
            _profile_save(
                organisation=organisation,
                name=name,
                size_class=size_class,
                is_startup=is_startup,
                intermediary_kind=intermediary_kind,
                municipality=municipality,
                region=region,
                website=website,
                description=description,
            )
    except IntegrityError as error:
        # Someone registered the same number (or name) in the same instant.
        raise ValidationError(
            {
                "org_number": _(
                    "An organisation with this organisation number is already registered."
                )
            }
        ) from error
    Membership.objects.create(organisation=organisation, user=creator, role=MembershipRole.ADMIN)
    return organisation


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    name: str,
    size_class: str = "",
    is_startup: bool = False,
    intermediary_kind: str = "",
    municipality: Municipality | None = None,
    region: Region | None = None,
    website: str = "",
    description: str = "",
) -> Organisation:
    """Change the profile. Kind and organisation number identify the organisation and stay fixed."""
    _profile_save(
        organisation=organisation,
        name=name,
        size_class=size_class,
        is_startup=is_startup,
        intermediary_kind=intermediary_kind,
        municipality=municipality,
        region=region,
        website=website,
        description=description,
    )
    return organisation


def _profile_save(
    *,
    organisation: Organisation,
    name: str,
    size_class: str,
    is_startup: bool,
    intermediary_kind: str,
    municipality: Municipality | None,
    region: Region | None,
    website: str,
    description: str,
) -> None:
    """Check the profile against the organisation's kind and save it; fields of other kinds are cleared."""
    _check_kind_details(
        kind=organisation.kind,
        size_class=size_class,
        intermediary_kind=intermediary_kind,
        municipality=municipality,
        region=region,
    )
    is_company = organisation.kind == OrganisationKind.COMPANY
    organisation.name = name.strip()
    organisation.size_class = size_class if is_company else ""
    organisation.is_startup = is_startup and is_company
    organisation.intermediary_kind = (
        intermediary_kind if organisation.kind == OrganisationKind.INTERMEDIARY else ""
    )
    organisation.municipality = municipality
    organisation.region = (
        region if region is not None or municipality is None else municipality.region
    )
    organisation.website = website
    organisation.description = description
    organisation.full_clean()
    organisation.save()


def membership_add(*, organisation: Organisation, user: User, role: str) -> Membership:
    """Make a person a member (for staff and imports; people normally join by invitation).

    Someone who is already a member keeps their membership and role.
    """
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    membership, _created = Membership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    return membership


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, email: str, role: str, invited_by: User
) -> Invitation:
    """Invite someone by e-mail; the link in the message lets them join after logging in."""
    email = email.strip().lower()
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    now = timezone.now()
    # An earlier invitation to the same address is replaced, so the newest link is the one that works.
    organisation.invitations.filter(email__iexact=email, accepted_at__isnull=True).delete()
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                organisation=organisation,
                email=email,
                role=role,
                token=secrets.token_urlsafe(32),
                invited_by=invited_by,
                created_at=now,
                expires_at=now + timedelta(days=settings.ARENA_INVITATION_DAYS),
            )
    except IntegrityError as error:
        raise ValidationError({"email": _("This address was just invited. Try again.")}) from error
    from arena.organisations.tasks import invitation_send_task  # noqa: PLC0415  # tasks import services

    # The database queue writes the job in the caller's transaction: no invitation, no e-mail.
    invitation_send_task.enqueue(
        invitation_id=invitation.pk, language=translation.get_language() or settings.LANGUAGE_CODE
    )
    return invitation


def invitation_url(*, invitation: Invitation) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "organisations:invitation", kwargs={"token": invitation.token}
    )


def invitation_send_email(*, invitation_id: int, language: str) -> bool:
    """Send the invitation e-mail in the inviter's language; False when it is no longer open."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_open:
        return False
    with translation.override(language):
        context = {"invitation": invitation, "url": invitation_url(invitation=invitation)}
        subject = _("You are invited to %(organisation)s on Arena") % {
            "organisation": invitation.organisation.name
        }
        body = render_to_string("organisations/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])
    return True


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."), code="used")
    if invitation.is_expired:
        raise ValidationError(
            _(
                "This invitation has expired. Ask an administrator of %(organisation)s for a new one."
            )
            % {"organisation": invitation.organisation.name},
            code="expired",
        )
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email},
            code="wrong_user",
        )
    membership, created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    if not created and invitation.role == MembershipRole.ADMIN and not membership.is_admin:
        membership.role = MembershipRole.ADMIN
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def invitation_revoke(*, invitation: Invitation) -> None:
    if invitation.accepted_at is None:
        invitation.delete()


def _ensure_an_admin_remains(membership: Membership) -> None:
    if membership.is_admin and admin_count(organisation=membership.organisation) <= 1:
        raise ValidationError(
            _(
                "An organisation needs at least one administrator. Make someone else administrator first."
            ),
            code="last_admin",
        )


def _lock_membership(membership: Membership) -> Membership:
    """Lock the organisation (one membership change at a time) and re-read the membership.

    On SQLite select_for_update is a no-op; its IMMEDIATE transactions serialise writers instead.
    """
    Organisation.objects.select_for_update().filter(pk=membership.organisation_id).first()
    current = Membership.objects.filter(pk=membership.pk).first()
    if current is None:
        raise ValidationError(_("This person is no longer a member."), code="gone")
    return current


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Remove a member, or let a member leave; never the last administrator."""
    current = _lock_membership(membership)
    _ensure_an_admin_remains(current)
    current.delete()


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str) -> Membership:
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    current = _lock_membership(membership)
    if role != MembershipRole.ADMIN:
        _ensure_an_admin_remains(current)
    current.role = role
    current.save(update_fields=["role"])
    return current
