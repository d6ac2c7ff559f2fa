"""Version 1 of the JSON API. Objects a caller may not see answer 404, as on the pages."""

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import URLField
from django.http import Http404, HttpRequest, RawPostDataException
from ninja import Field, NinjaAPI, Router, Schema, Status
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate

from arena.accounts.types import AuthenticatedHttpRequest
from arena.api.auth import AUTH
from arena.api.challenges import router as challenges_router
from arena.api.codes import resolve_codes
from arena.api.matches import router as matches_router
from arena.api.notices import router as notices_router
from arena.api.pagination import Pagination
from arena.api.readiness import router as readiness_router
from arena.api.schemas import (
    CpvCodeOut,
    ErrorOut,
    MemberOut,
    MeOut,
    MunicipalityOut,
    OrganisationOut,
    errors,
)
from arena.api.solutions import router as solutions_router
from arena.organisations import selectors as organisation_selectors
from arena.organisations import services as organisation_services
from arena.organisations.enums import IntermediaryKind, OrganisationKind, SizeClass
from arena.reference import selectors as reference_selectors
from arena.reference.models import CpvCode

router = Router()


@router.get("/me", response={200: MeOut, **errors(400, 401)}, auth=AUTH, tags=["accounts"])
def me(request: AuthenticatedHttpRequest):
    user = request.user
    slugs = [o.slug for o in organisation_selectors.organisations_of_user(user=user)]
    return MeOut(
        email=user.email, full_name=user.full_name, language=user.language, organisations=slugs
    )


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], **errors(400, 422)},
    tags=["organisations"],
)
@paginate(Pagination)
def organisation_list(request: HttpRequest, q: str = "", kind: str = ""):
    organisations = organisation_selectors.organisation_list(query=q[:100])
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationOut, **errors(400, 404)},
    tags=["organisations"],
)
def organisation_detail(request: HttpRequest, slug: str):
    return organisation_selectors.organisation_get(slug=slug)


class OrganisationProfileIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    size_class: SizeClass | None = None
    is_startup: bool = False
    intermediary_kind: IntermediaryKind | None = None
    municipality: str = Field("", pattern=r"^(\d{4})?$", description="SCB municipality code")
    region: str = Field("", pattern=r"^(\d{2})?$", description="County code")
    website: str = Field("", max_length=200)
    description: str = Field("", max_length=10_000)


class OrganisationIn(OrganisationProfileIn):
    kind: OrganisationKind
    org_number: str = Field(max_length=13)


def _profile_values(payload: OrganisationProfileIn) -> dict[str, Any]:
    data = payload.dict(exclude={"kind", "org_number"})
    municipality = data.pop("municipality")
    region = data.pop("region")
    found = resolve_codes(
        {
            "municipalities": [municipality] if municipality else [],
            "regions": [region] if region else [],
        }
    )
    data["municipality"] = found["municipalities"][0] if found["municipalities"] else None
    data["region"] = found["regions"][0] if found["regions"] else None
    data["size_class"] = data["size_class"] or ""
    data["intermediary_kind"] = data["intermediary_kind"] or ""
    if data["website"]:
        data["website"] = URLField(assume_scheme="https").clean(data["website"])
    return data


@router.post(
    "/organisations",
    response={201: OrganisationOut, **errors(400, 401, 403, 415, 422)},
    auth=AUTH,
    tags=["organisations"],
)
def organisation_create(request: AuthenticatedHttpRequest, payload: OrganisationIn):
    """Register an organisation; the caller becomes its first administrator."""
    organisation = organisation_services.organisation_create(
        creator=request.user,
        kind=payload.kind,
        org_number=payload.org_number,
        **_profile_values(payload),
    )
    return Status(201, organisation)


@router.put(
    "/organisations/{slug}",
    response={200: OrganisationOut, **errors(400, 401, 403, 404, 415, 422)},
    auth=AUTH,
    tags=["organisations"],
)
def organisation_update(
    request: AuthenticatedHttpRequest, slug: str, payload: OrganisationProfileIn
):
    """Replace the profile (administrators only); kind and organisation number stay fixed."""
    organisation = organisation_selectors.organisation_get(slug=slug, viewer=request.user)
    if not request.user.has_perm("organisations.change_organisation", organisation):
        raise Http404
    return organisation_services.organisation_update(
        organisation=organisation, **_profile_values(payload)
    )


@router.get(
    "/organisations/{slug}/members",
    response={200: list[MemberOut], **errors(400, 401, 404)},
    auth=AUTH,
    tags=["organisations"],
)
def organisation_members(request: AuthenticatedHttpRequest, slug: str):
    organisation = organisation_selectors.organisation_get(slug=slug, viewer=request.user)
    if not request.user.has_perm("organisations.view_members", organisation):
        raise Http404
    return [
        MemberOut(full_name=m.user.full_name, email=m.user.email, role=m.role)
        for m in organisation_selectors.membership_list(organisation=organisation)
    ]


def _cpv_out(cpv: CpvCode, path: list[CpvCode]) -> CpvCodeOut:
    return CpvCodeOut(
        code=cpv.code,
        code_with_check_digit=cpv.code_with_check_digit,
        level=cpv.level,
        label_sv=cpv.label_sv,
        label_en=cpv.label_en,
        path=[ancestor.code for ancestor in path],
    )


@router.get(
    "/reference/cpv", response={200: list[CpvCodeOut], **errors(400, 422)}, tags=["reference"]
)
def cpv_search(request: HttpRequest, q: str, limit: int = 20):
    """CPV codes matching Swedish or English words, or a code prefix such as 4821."""
    if not 1 <= limit <= 100 or len(q) > 200:
        return Status(
            422, ErrorOut(detail="q must be at most 200 characters and limit between 1 and 100.")
        )
    codes = reference_selectors.cpv_search(query=q, limit=limit)
    paths = reference_selectors.cpv_paths(codes=codes)
    return [_cpv_out(cpv, paths[cpv.code]) for cpv in codes]


@router.get(
    "/reference/cpv/{code}", response={200: CpvCodeOut, **errors(400, 404)}, tags=["reference"]
)
def cpv_detail(request: HttpRequest, code: str):
    """One CPV code, given with or without its check digit (48000000 or 48000000-8)."""
    found = reference_selectors.cpv_get_many(codes=[code.split("-")[0]])
    if not found:
        return Status(404, ErrorOut(detail=f"Unknown CPV code: {code}."))
    cpv = next(iter(found.values()))
    return _cpv_out(cpv, reference_selectors.cpv_paths(codes=[cpv])[cpv.code])


@router.get(
    "/reference/municipalities",
    response={200: list[MunicipalityOut], **errors(400)},
    tags=["reference"],
)
def municipality_list(request: HttpRequest):
    """All 290 municipalities with their SCB codes and regions."""
    return [
        MunicipalityOut(code=m.code, name=m.name, region_code=region.code, region_name=region.name)
        for region, municipalities in reference_selectors.municipalities_by_county()
        for m in municipalities
    ]


class ArenaNinjaAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """The schema, saying that a 400 may also be plain text.

        RejectNulBytesMiddleware answers a NUL character anywhere in a request before the API
        sees it, in text/plain; every other 400 (a body that is not JSON) is an ErrorOut.
        """
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                bad_request = operation.get("responses", {}).get(400)
                if bad_request is not None:
                    bad_request.setdefault("content", {})["text/plain"] = {
                        "schema": {"type": "string"}
                    }
        return schema


def build_api() -> NinjaAPI:
    api = ArenaNinjaAPI(
        title="Arena API",
        version="1",
        urls_namespace="api-1",
        description="Innovation procurement in Sweden: organisations, reference vocabularies and more.",
    )
    api.add_router("/", router)
    api.add_router("/", challenges_router)
    api.add_router("/", solutions_router)
    api.add_router("/", matches_router)
    api.add_router("/", notices_router)
    api.add_router("/", readiness_router)

    @api.exception_handler(ValidationError)
    def rejected(request: HttpRequest, exc: ValidationError):
        return api.create_response(request, {"detail": " ".join(exc.messages)}, status=422)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError):
        return api.create_response(
            request, {"detail": "Missing or invalid credentials."}, status=401
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404):
        return api.create_response(request, {"detail": "Not found."}, status=404)

    @api.exception_handler(NinjaValidationError)
    def invalid(request: HttpRequest, exc: NinjaValidationError):
        return api.create_response(
            request, {"detail": "Invalid request.", "errors": exc.errors}, status=422
        )

    @api.exception_handler(RawPostDataException)
    def not_json(request: HttpRequest, exc: RawPostDataException):
        # A form post (multipart) from a signed-in browser: the session's CSRF check has read
        # the stream before the operation could read its JSON body.
        return api.create_response(
            request,
            {"detail": "The request body must be JSON (Content-Type: application/json)."},
            status=415,
        )

    return api
