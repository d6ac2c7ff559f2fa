"""Challenges in API v1: the same visibility, rules and services as the pages."""

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from arena.accounts.models import User
from arena.api.auth import AUTH, optional_caller
from arena.api.codes import resolve_codes
from arena.api.pagination import Pagination
from arena.api.schemas import errors
from arena.needs import selectors, services
from arena.needs.enums import ChallengeStatus, Visibility
from arena.needs.models import Challenge
from arena.organisations.selectors import organisation_get

router = Router(tags=["challenges"])


class ChallengeOut(Schema):
    slug: str
    title_sv: str
    title_en: str
    text_sv: str
    text_en: str
    problem: str
    desired_effects: str
    success_criteria: str
    constraints: str
    budget_min: int | None
    budget_max: int | None
    timeline: str
    status: str
    visibility: str
    circular_economy: bool
    climate_neutral: bool
    digital_data: bool
    owners: list[str]
    cpv_codes: list[str]
    sdg_targets: list[str]
    municipalities: list[str]
    regions: list[str]
    published_at: datetime | None
    updated_at: datetime

    @staticmethod
    def resolve_owners(obj: Challenge) -> list[str]:
        return [o.slug for o in obj.owners.all()]

    @staticmethod
    def resolve_cpv_codes(obj: Challenge) -> list[str]:
        return [c.code for c in obj.cpv_codes.all()]

    @staticmethod
    def resolve_sdg_targets(obj: Challenge) -> list[str]:
        return [t.code for t in obj.sdg_targets.all()]

    @staticmethod
    def resolve_municipalities(obj: Challenge) -> list[str]:
        return [m.code for m in obj.municipalities.all()]

    @staticmethod
    def resolve_regions(obj: Challenge) -> list[str]:
        return [r.code for r in obj.regions.all()]


class ChallengeFields(Schema):
    title_sv: str = Field("", max_length=200)
    title_en: str = Field("", max_length=200)
    text_sv: str = Field("", max_length=20_000)
    text_en: str = Field("", max_length=20_000)
    problem: str = Field("", max_length=10_000)
    desired_effects: str = Field("", max_length=10_000)
    success_criteria: str = Field("", max_length=10_000)
    constraints: str = Field("", max_length=10_000)
    budget_min: int | None = Field(None, ge=0, le=2_000_000_000)
    budget_max: int | None = Field(None, ge=0, le=2_000_000_000)
    timeline: str = Field("", max_length=300)
    visibility: Visibility = Visibility.PUBLIC
    circular_economy: bool = False
    climate_neutral: bool = False
    digital_data: bool = False
    cpv_codes: list[str] = Field(default_factory=list, max_length=50)
    sdg_targets: list[str] = Field(default_factory=list, max_length=50)
    municipalities: list[str] = Field(default_factory=list, max_length=290)
    regions: list[str] = Field(default_factory=list, max_length=21)


class ChallengeIn(ChallengeFields):
    owner: str = Field(description="Slug of the buyer organisation that owns the challenge")


class StatusIn(Schema):
    status: ChallengeStatus
    note: str = Field("", max_length=300)


class Filters(Schema):
    q: str = Field("", max_length=200)
    cpv: str = Field("", pattern=r"^\d{0,8}$")
    sdg: int | None = Field(None, ge=1, le=17)
    region: str = Field("", pattern=r"^(\d{2})?$")
    status: ChallengeStatus | None = None
    owner: str = Field("", max_length=80)


def _owned(request: HttpRequest, slug: str) -> Challenge:
    user: User = request.user  # type: ignore[assignment]
    challenge = selectors.challenge_get(slug=slug, viewer=user)
    if not user.has_perm("needs.change_challenge", challenge):
        raise Http404
    return challenge


def _reloaded(challenge: Challenge, user: User) -> Challenge:
    return selectors.challenge_get(slug=challenge.slug, viewer=user)


@router.get("/challenges", response={200: list[ChallengeOut], **errors(400, 401, 404, 422)})
@paginate(Pagination)
def challenge_list(request: HttpRequest, filters: Query[Filters]) -> Any:
    """Challenges the caller may see, with the same filters as the list page."""
    viewer = optional_caller(request)
    owner = organisation_get(slug=filters.owner) if filters.owner else None
    return selectors.challenge_list(
        viewer=viewer,
        query=filters.q,
        cpv=filters.cpv,
        sdg_goal=filters.sdg,
        region=filters.region,
        status=filters.status or "",
        owner=owner,
    ).prefetch_related("sdg_targets", "municipalities")


@router.get("/challenges/{slug}", response={200: ChallengeOut, **errors(400, 401, 404)})
def challenge_detail(request: HttpRequest, slug: str) -> Any:
    return selectors.challenge_get(slug=slug, viewer=optional_caller(request))


@router.post(
    "/challenges",
    response={201: ChallengeOut, **errors(400, 401, 403, 404, 415, 422)},
    auth=AUTH,
)
def challenge_create(request: HttpRequest, payload: ChallengeIn) -> Any:
    """Create a draft challenge on behalf of a buyer organisation the caller belongs to."""
    user: User = request.user  # type: ignore[assignment]
    owner = organisation_get(slug=payload.owner, viewer=user)
    if not user.has_perm("needs.create_challenge", owner):
        raise Http404
    data = resolve_codes(payload.dict(exclude={"owner"}))
    challenge = services.challenge_create(owner=owner, user=user, **data)
    return Status(201, _reloaded(challenge, user))


@router.patch(
    "/challenges/{slug}",
    response={200: ChallengeOut, **errors(400, 401, 403, 404, 415, 422)},
    auth=AUTH,
)
def challenge_update(request: HttpRequest, slug: str, payload: ChallengeFields) -> Any:
    """Change the fields sent; the others stay as they are."""
    challenge = _owned(request, slug)
    data = resolve_codes(payload.dict(exclude_unset=True))
    services.challenge_update(challenge=challenge, **data)
    return _reloaded(challenge, request.user)  # type: ignore[arg-type]


@router.post(
    "/challenges/{slug}/status",
    response={200: ChallengeOut, **errors(400, 401, 403, 404, 415, 422)},
    auth=AUTH,
)
def challenge_status(request: HttpRequest, slug: str, payload: StatusIn) -> Any:
    challenge = _owned(request, slug)
    user: User = request.user  # type: ignore[assignment]
    services.challenge_set_status(
        challenge=challenge, status=payload.status, user=user, note=payload.note
    )
    return _reloaded(challenge, request.user)  # type: ignore[arg-type]
