"""Version 1 of the JSON API. Objects a caller may not see answer 404, as on the pages."""

from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Router
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import django_auth

from arena.accounts.types import AuthenticatedHttpRequest
from arena.api.schemas import ErrorOut, MemberOut, MeOut, OrganisationOut
from arena.organisations import selectors as organisation_selectors

router = Router()


@router.get("/me", response={200: MeOut, 401: ErrorOut}, auth=django_auth, tags=["accounts"])
def me(request: AuthenticatedHttpRequest):
    user = request.user
    slugs = [o.slug for o in organisation_selectors.organisations_of_user(user=user)]
    return MeOut(
        email=user.email, full_name=user.full_name, language=user.language, organisations=slugs
    )


@router.get("/organisations", response=list[OrganisationOut], tags=["organisations"])
@paginate(LimitOffsetPagination)
def organisation_list(request: HttpRequest, q: str = "", kind: str = ""):
    organisations = organisation_selectors.organisation_list(query=q[:100])
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations


@router.get(
    "/organisations/{slug}", response={200: OrganisationOut, 404: ErrorOut}, tags=["organisations"]
)
def organisation_detail(request: HttpRequest, slug: str):
    return organisation_selectors.organisation_get(slug=slug)


@router.get(
    "/organisations/{slug}/members",
    response={200: list[MemberOut], 401: ErrorOut, 404: ErrorOut},
    auth=django_auth,
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


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="Arena API",
        version="1",
        urls_namespace="api-1",
        description="Innovation procurement in Sweden: organisations, reference vocabularies and more.",
    )
    api.add_router("/", router)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404):
        return api.create_response(request, {"detail": "Not found."}, status=404)

    @api.exception_handler(NinjaValidationError)
    def invalid(request: HttpRequest, exc: NinjaValidationError):
        return api.create_response(
            request, {"detail": "Invalid request.", "errors": exc.errors}, status=422
        )

    return api
