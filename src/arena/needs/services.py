from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arena.accounts.models import User
from arena.matches.services import suggestions_enqueue_for_challenge
from arena.needs.enums import STATUS_TRANSITIONS, ChallengeStatus, Visibility
from arena.needs.models import (
    Challenge,
    ChallengeAccess,
    ChallengeStatusChange,
    FocusArea,
    NeedsAssessment,
)
from arena.organisations.enums import BUYER_KINDS, OrganisationKind
from arena.organisations.models import Organisation
from arena.programmes.enums import ApplicationStatus
from arena.programmes.models import Application, Programme
from arena.reference.models import CpvCode, Municipality, Region, SdgTarget
from arena.slugs import unique_slug

CHALLENGE_TEXT_FIELDS = (
    "title_sv",
    "title_en",
    "text_sv",
    "text_en",
    "problem",
    "desired_effects",
    "success_criteria",
    "constraints",
    "timeline",
)
CHALLENGE_FLAG_FIELDS = ("circular_economy", "climate_neutral", "digital_data")


def _check_programme(programme: Programme | None, organisations: list[Organisation]) -> None:
    """Work may be tied to a programme only by an approved member of it."""
    if programme is None:
        return
    member = Application.objects.filter(
        programme=programme,
        organisation__in=organisations,
        status=ApplicationStatus.APPROVED,
    ).exists()
    if not member:
        raise ValidationError(
            {"programme": _("Only approved members of a programme can tie their work to it.")}
        )


def focus_area_create(
    *,
    organisation: Organisation,
    year: int,
    title: str,
    description: str = "",
    programme: Programme | None = None,
) -> FocusArea:
    if organisation.kind not in BUYER_KINDS:
        raise ValidationError(_("Only public buyers have focus areas."))
    _check_programme(programme, [organisation])
    area = FocusArea(
        organisation=organisation,
        year=year,
        title=title.strip(),
        description=description,
        programme=programme,
    )
    area.full_clean()
    area.save()
    return area


def focus_area_update(*, focus_area: FocusArea, title: str, description: str = "") -> FocusArea:
    focus_area.title = title.strip()
    focus_area.description = description
    focus_area.full_clean()
    focus_area.save(update_fields=["title", "description"])
    return focus_area


def focus_area_set_programme(*, focus_area: FocusArea, programme: Programme | None) -> FocusArea:
    _check_programme(programme, [focus_area.organisation])
    focus_area.programme = programme
    focus_area.save(update_fields=["programme"])
    return focus_area


def focus_area_delete(*, focus_area: FocusArea) -> None:
    # Challenges stay: they lose the link to the area, not their content.
    focus_area.delete()


def _check_budget(budget_min: int | None, budget_max: int | None) -> None:
    if budget_min is not None and budget_max is not None and budget_min > budget_max:
        raise ValidationError(
            {"budget_max": _("The upper budget must not be below the lower one.")}
        )


def needs_assessment_save(*, focus_area: FocusArea, user: User, **fields: Any) -> NeedsAssessment:
    """Save the assessment of a focus area; every field may be left for later."""
    _check_budget(fields.get("budget_min"), fields.get("budget_max"))
    assessment, _created = NeedsAssessment.objects.get_or_create(focus_area=focus_area)
    allowed = {f.name for f in NeedsAssessment._meta.get_fields()} - {
        "id",
        "focus_area",
        "updated_by",
        "updated_at",
    }
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"unknown assessment field {name!r}")
        setattr(assessment, name, value if value is not None or name.startswith("budget") else "")
    assessment.updated_by = user
    assessment.updated_at = timezone.now()
    assessment.full_clean()
    assessment.save()
    return assessment


def _unique_slug(title: str) -> str:
    return unique_slug(Challenge.objects.all(), title, fallback="utmaning", max_length=80)


def _check_challenge(values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not (values.get("title_sv") or "").strip() and not (values.get("title_en") or "").strip():
        errors["title_sv"] = _("Give the challenge a title in Swedish, English or both.")
    if not (values.get("text_sv") or "").strip() and not (values.get("text_en") or "").strip():
        errors["text_sv"] = _("Describe the challenge in Swedish, English or both.")
    if values.get("visibility", Visibility.PUBLIC) not in Visibility.values:
        errors["visibility"] = _("Unknown visibility.")
    if errors:
        raise ValidationError(errors)
    _check_budget(values.get("budget_min"), values.get("budget_max"))


def _set_relations(
    challenge: Challenge,
    *,
    cpv_codes: Iterable[CpvCode] | None,
    sdg_targets: Iterable[SdgTarget] | None,
    municipalities: Iterable[Municipality] | None,
    regions: Iterable[Region] | None,
) -> None:
    if cpv_codes is not None:
        challenge.cpv_codes.set(cpv_codes)
    if sdg_targets is not None:
        challenge.sdg_targets.set(sdg_targets)
    if municipalities is not None:
        challenge.municipalities.set(municipalities)
    if regions is not None:
        challenge.regions.set(regions)


@transaction.atomic
def challenge_create(
    *,
    owner: Organisation,
    user: User,
    focus_area: FocusArea | None = None,
    programme: Programme | None = None,
    cpv_codes: Iterable[CpvCode] = (),
    sdg_targets: Iterable[SdgTarget] = (),
    municipalities: Iterable[Municipality] = (),
    regions: Iterable[Region] = (),
    visibility: str = Visibility.PUBLIC,
    budget_min: int | None = None,
    budget_max: int | None = None,
    **texts_and_flags: Any,
) -> Challenge:
    """Create a draft challenge owned by a buyer organisation; the creation is the log's first line."""
    if owner.kind not in BUYER_KINDS:
        raise ValidationError(_("Only public buyers can publish challenges."))
    if focus_area is not None and focus_area.organisation_id != owner.pk:
        raise ValidationError({"focus_area": _("The focus area belongs to another organisation.")})
    values = {
        **texts_and_flags,
        "visibility": visibility,
        "budget_min": budget_min,
        "budget_max": budget_max,
    }
    unknown = set(texts_and_flags) - set(CHALLENGE_TEXT_FIELDS) - set(CHALLENGE_FLAG_FIELDS)
    if unknown:
        raise TypeError(f"unknown challenge fields {sorted(unknown)}")
    _check_challenge(values)
    _check_programme(programme, [owner])
    title = values.get("title_sv") or values.get("title_en") or ""
    challenge = Challenge(
        slug=_unique_slug(title), focus_area=focus_area, programme=programme, **values
    )
    challenge.full_clean()
    challenge.save()
    challenge.owners.add(owner)
    _set_relations(
        challenge,
        cpv_codes=cpv_codes,
        sdg_targets=sdg_targets,
        municipalities=municipalities,
        regions=regions,
    )
    ChallengeStatusChange.objects.create(
        challenge=challenge, from_status="", to_status=ChallengeStatus.DRAFT, changed_by=user
    )
    return challenge


@transaction.atomic
def challenge_update(
    *,
    challenge: Challenge,
    cpv_codes: Iterable[CpvCode] | None = None,
    sdg_targets: Iterable[SdgTarget] | None = None,
    municipalities: Iterable[Municipality] | None = None,
    regions: Iterable[Region] | None = None,
    **values: Any,
) -> Challenge:
    unknown = (
        set(values)
        - set(CHALLENGE_TEXT_FIELDS)
        - set(CHALLENGE_FLAG_FIELDS)
        - {
            "visibility",
            "budget_min",
            "budget_max",
            "focus_area",
            "programme",
        }
    )
    if unknown:
        raise TypeError(f"unknown challenge fields {sorted(unknown)}")
    merged = {
        name: values.get(name, getattr(challenge, name))
        for name in (*CHALLENGE_TEXT_FIELDS, "visibility", "budget_min", "budget_max")
    }
    _check_challenge(merged)
    focus_area = values.get("focus_area", challenge.focus_area)
    if (
        focus_area is not None
        and not challenge.owners.filter(pk=focus_area.organisation_id).exists()
    ):
        raise ValidationError({"focus_area": _("The focus area belongs to another organisation.")})
    if "programme" in values and values["programme"] != challenge.programme:
        _check_programme(values["programme"], list(challenge.owners.all()))
    for name, value in values.items():
        setattr(challenge, name, value)
    challenge.updated_at = timezone.now()
    challenge.full_clean()
    challenge.save()
    _set_relations(
        challenge,
        cpv_codes=cpv_codes,
        sdg_targets=sdg_targets,
        municipalities=municipalities,
        regions=regions,
    )
    suggestions_enqueue_for_challenge(challenge_id=challenge.pk)
    return challenge


@transaction.atomic
def challenge_set_status(
    *, challenge: Challenge, status: str, user: User, note: str = ""
) -> ChallengeStatusChange:
    """Move a challenge along draft → published → in dialogue → pilot → procurement → closed."""
    current = Challenge.objects.select_for_update().get(pk=challenge.pk).status
    if status not in STATUS_TRANSITIONS.get(current, frozenset()):
        raise ValidationError(
            _("A challenge cannot go from “%(current)s” to “%(new)s”.")
            % {
                "current": ChallengeStatus(current).label,
                "new": ChallengeStatus(status).label
                if status in ChallengeStatus.values
                else status,
            },
            code="bad_transition",
        )
    now = timezone.now()
    challenge.status = status
    challenge.updated_at = now
    if status == ChallengeStatus.PUBLISHED and challenge.published_at is None:
        challenge.published_at = now
    challenge.save(update_fields=["status", "updated_at", "published_at"])
    suggestions_enqueue_for_challenge(challenge_id=challenge.pk)
    return ChallengeStatusChange.objects.create(
        challenge=challenge,
        from_status=current,
        to_status=status,
        changed_by=user,
        changed_at=now,
        note=note[:300],
    )


def challenge_add_owner(*, challenge: Challenge, organisation: Organisation) -> None:
    """Pool demand: another buyer co-owns the challenge and its members may edit it."""
    if organisation.kind not in BUYER_KINDS:
        raise ValidationError(_("Only public buyers can co-own a challenge."))
    challenge.owners.add(organisation)


@transaction.atomic
def challenge_remove_owner(*, challenge: Challenge, organisation: Organisation) -> None:
    Challenge.objects.select_for_update().filter(pk=challenge.pk).first()
    if challenge.owners.count() <= 1:
        raise ValidationError(_("A challenge needs at least one owner."))
    challenge.owners.remove(organisation)
    # Nothing of the leaving owner's may keep pointing at the challenge, or it would show it.
    changed = []
    if challenge.focus_area is not None and challenge.focus_area.organisation_id == organisation.pk:
        challenge.focus_area = None
        changed.append("focus_area")
    if challenge.programme is not None:
        try:
            _check_programme(challenge.programme, list(challenge.owners.all()))
        except ValidationError:
            challenge.programme = None
            changed.append("programme")
    if changed:
        challenge.save(update_fields=changed)


def challenge_invite_company(
    *, challenge: Challenge, organisation: Organisation, user: User
) -> ChallengeAccess:
    """Invite a company to a confidential challenge; it sees the challenge after accepting the NDA."""
    if challenge.visibility != Visibility.CONFIDENTIAL:
        raise ValidationError(_("Only confidential challenges take invitations."))
    if organisation.kind != OrganisationKind.COMPANY:
        raise ValidationError(_("Only companies can be invited to a confidential challenge."))
    access, _created = ChallengeAccess.objects.get_or_create(
        challenge=challenge, organisation=organisation, defaults={"invited_by": user}
    )
    return access


def challenge_revoke_company(*, access: ChallengeAccess) -> None:
    access.delete()


def challenge_accept_nda(*, access: ChallengeAccess, user: User) -> ChallengeAccess:
    if access.nda_accepted_at is None:
        access.nda_accepted_at = timezone.now()
        access.nda_accepted_by = user
        access.save(update_fields=["nda_accepted_at", "nda_accepted_by"])
    return access
