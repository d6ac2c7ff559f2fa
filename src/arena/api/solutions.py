"""Solutions in API v1: published ones for everyone, drafts for the company's own members."""

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
from arena.supply import selectors, services
from arena.supply.enums import PricingModel, SolutionLanguage, Stage
from arena.supply.models import Solution

router = Router(tags=["solutions"])


class SolutionOut(Schema):
    slug: str
    company: str
    title_sv: str
    title_en: str
    text_sv: str
    text_en: str
    trl: int
    stage: str
    status: str
    pricing_model: str
    pricing_note: str
    deployment_requirements: str
    languages: list[str]
    cpv_codes: list[str]
    sdg_targets: list[str]
    published_at: datetime | None
    updated_at: datetime

    @staticmethod
    def resolve_company(obj: Solution) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_cpv_codes(obj: Solution) -> list[str]:
        return [c.code for c in obj.cpv_codes.all()]

    @staticmethod
    def resolve_sdg_targets(obj: Solution) -> list[str]:
        return [t.code for t in obj.sdg_targets.all()]


class SolutionFields(Schema):
    title_sv: str = Field("", max_length=200)
    title_en: str = Field("", max_length=200)
    text_sv: str = Field("", max_length=20_000)
    text_en: str = Field("", max_length=20_000)
    trl: int = Field(ge=1, le=9)
    stage: Stage
    pricing_model: PricingModel | None = None
    pricing_note: str = Field("", max_length=500)
    deployment_requirements: str = Field("", max_length=5_000)
    languages: list[SolutionLanguage] = Field(default_factory=list, max_length=20)
    cpv_codes: list[str] = Field(default_factory=list, max_length=50)
    sdg_targets: list[str] = Field(default_factory=list, max_length=50)


class SolutionIn(SolutionFields):
    company: str = Field(description="Slug of the company the solution belongs to")


class SolutionPatch(Schema):
    title_sv: str | None = Field(None, max_length=200)
    title_en: str | None = Field(None, max_length=200)
    text_sv: str | None = Field(None, max_length=20_000)
    text_en: str | None = Field(None, max_length=20_000)
    trl: int | None = Field(None, ge=1, le=9)
    stage: Stage | None = None
    pricing_model: PricingModel | None = None
    pricing_note: str | None = Field(None, max_length=500)
    deployment_requirements: str | None = Field(None, max_length=5_000)
    languages: list[SolutionLanguage] | None = Field(None, max_length=20)
    cpv_codes: list[str] | None = Field(None, max_length=50)
    sdg_targets: list[str] | None = Field(None, max_length=50)


class Filters(Schema):
    q: str = Field("", max_length=200)
    cpv: str = Field("", pattern=r"^\d{0,8}$")
    sdg: int | None = Field(None, ge=1, le=17)
    region: str = Field("", pattern=r"^(\d{2})?$")
    stage: Stage | None = None
    trl_min: int | None = Field(None, ge=1, le=9)
    company: str = Field(
        "", max_length=80, description="Only this company's solutions (drafts too, for its members)"
    )


def _editable(request: HttpRequest, slug: str) -> Solution:
    user: User = request.user  # type: ignore[assignment]
    solution = selectors.solution_get_for_viewer(slug=slug, viewer=user)
    if not user.has_perm("supply.change_solution", solution):
        raise Http404
    return solution


def _values(data: dict[str, Any]) -> dict[str, Any]:
    data = resolve_codes(data)
    if "pricing_model" in data:
        data["pricing_model"] = data["pricing_model"] or ""
    return data


@router.get("/solutions", response={200: list[SolutionOut], **errors(400, 401, 404, 422)})
@paginate(Pagination)
def solution_list(request: HttpRequest, filters: Query[Filters]) -> Any:
    viewer = optional_caller(request)
    if filters.company:
        company = selectors.company_get(slug=filters.company, viewer=viewer)
        return selectors.solutions_for_company(organisation=company, viewer=viewer)
    return selectors.solution_list_published(
        query=filters.q,
        cpv=filters.cpv,
        sdg_goal=filters.sdg,
        region=filters.region,
        stage=filters.stage or "",
        trl_min=filters.trl_min,
    )


@router.get("/solutions/{slug}", response={200: SolutionOut, **errors(400, 401, 404)})
def solution_detail(request: HttpRequest, slug: str) -> Any:
    return selectors.solution_get_for_viewer(slug=slug, viewer=optional_caller(request))


@router.post(
    "/solutions",
    response={201: SolutionOut, **errors(400, 401, 403, 404, 415, 422)},
    auth=AUTH,
)
def solution_create(request: HttpRequest, payload: SolutionIn) -> Any:
    """Describe a solution of one of the caller's companies; it starts as a draft."""
    user: User = request.user  # type: ignore[assignment]
    company = selectors.company_get(slug=payload.company, viewer=user)
    if not user.has_perm("supply.add_solution", company):
        raise Http404
    solution = services.solution_create(
        organisation=company, **_values(payload.dict(exclude={"company"}))
    )
    return Status(201, selectors.solution_get_for_viewer(slug=solution.slug, viewer=user))


@router.patch(
    "/solutions/{slug}",
    response={200: SolutionOut, **errors(400, 401, 403, 404, 415, 422)},
    auth=AUTH,
)
def solution_update(request: HttpRequest, slug: str, payload: SolutionPatch) -> Any:
    """Change the fields sent; the others stay as they are."""
    solution = _editable(request, slug)
    current: dict[str, Any] = {
        "title_sv": solution.title_sv,
        "title_en": solution.title_en,
        "text_sv": solution.text_sv,
        "text_en": solution.text_en,
        "trl": solution.trl,
        "stage": solution.stage,
        "pricing_model": solution.pricing_model,
        "pricing_note": solution.pricing_note,
        "deployment_requirements": solution.deployment_requirements,
        "languages": list(solution.languages),
        "cpv_codes": list(solution.cpv_codes.all()),
        "sdg_targets": list(solution.sdg_targets.all()),
    }
    changes = _values(payload.dict(exclude_unset=True))
    services.solution_update(solution=solution, **(current | changes))
    return selectors.solution_get_for_viewer(slug=slug, viewer=request.user)  # type: ignore[arg-type]


@router.post(
    "/solutions/{slug}/publish",
    response={200: SolutionOut, **errors(400, 401, 403, 404, 422)},
    auth=AUTH,
)
def solution_publish(request: HttpRequest, slug: str) -> Any:
    services.solution_publish(solution=_editable(request, slug))
    return selectors.solution_get_for_viewer(slug=slug, viewer=request.user)  # type: ignore[arg-type]


@router.post(
    "/solutions/{slug}/unpublish",
    response={200: SolutionOut, **errors(400, 401, 403, 404, 422)},
    auth=AUTH,
)
def solution_unpublish(request: HttpRequest, slug: str) -> Any:
    services.solution_unpublish(solution=_editable(request, slug))
    return selectors.solution_get_for_viewer(slug=slug, viewer=request.user)  # type: ignore[arg-type]
