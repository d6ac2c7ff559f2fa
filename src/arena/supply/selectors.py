"""Reads of the supply side. Views and the API reach solutions and companies only through these."""

import re

from django.core.paginator import Page, Paginator
from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from arena.accounts.models import User
from arena.organisations.enums import BUYER_KINDS, OrganisationKind
from arena.organisations.models import Membership, Organisation
from arena.reference.models import CpvCode, SdgTarget
from arena.search.fulltext import fulltext_filter, words_of
from arena.supply.enums import SolutionStatus
from arena.supply.models import CompanyProfile, ContactPerson, CustomerReference, Solution

SOLUTION_SEARCH_FIELDS = ["title_sv", "title_en", "text_sv", "text_en", "deployment_requirements"]
_DIGITS = re.compile(r"\d+")


def cpv_branch(code: str) -> str:
    """The significant digits of a CPV code: "48000000" → "48", "48210000-3" → "4821", "48" → "48".

    Divisions keep both digits ("03000000" → "03"). Returns "" when there are no digits.
    """
    digits = "".join(_DIGITS.findall(code.split("-")[0]))[:8]
    significant = digits.rstrip("0")
    return digits[: max(len(significant), min(len(digits), 2))]


def _viewer_companies(viewer: User | None) -> Subquery:
    return Subquery(Membership.objects.filter(user=viewer).values("organisation"))


def _is_member(*, organisation: Organisation, viewer: User | None) -> bool:
    if viewer is None or not viewer.is_authenticated:
        return False
    if hasattr(organisation, "viewer_role"):  # annotated by company_get
        return organisation.viewer_role is not None
    return Membership.objects.filter(organisation=organisation, user=viewer).exists()


def _with_viewer_role(
    queryset: QuerySet[Organisation], viewer: User | None
) -> QuerySet[Organisation]:
    if viewer is None or not viewer.is_authenticated:
        return queryset
    role = Membership.objects.filter(organisation=OuterRef("pk"), user=viewer).values("role")[:1]
    return queryset.annotate(viewer_role=Subquery(role))


def _solutions() -> QuerySet[Solution]:
    """Solutions with what list and detail pages show, in a fixed number of queries."""
    return Solution.objects.select_related(
        "organisation", "organisation__region", "organisation__municipality"
    ).prefetch_related(
        Prefetch("cpv_codes", queryset=CpvCode.objects.order_by("code")),
        Prefetch("sdg_targets", queryset=SdgTarget.objects.select_related("goal")),
    )


def _solution_cards() -> QuerySet[Solution]:
    """Solutions with what a card on a list shows (no SDG targets; CPV codes without search text)."""
    return Solution.objects.select_related("organisation", "organisation__region").prefetch_related(
        Prefetch(
            "cpv_codes",
            queryset=CpvCode.objects.only("code", "check_digit", "label_sv", "label_en").order_by(
                "code"
            ),
        )
    )


def solution_list_published(
    *,
    query: str = "",
    cpv: str = "",
    sdg_goal: int | None = None,
    region: str = "",
    stage: str = "",
    trl_min: int | None = None,
) -> QuerySet[Solution]:
    """Published solutions, newest first; with `query`, best match first.

    - query: full-text search in both languages' titles and texts and the deployment requirements;
    - cpv: a CPV branch: a code or the start of one; "48", "4821" and "48210000" all work;
    - sdg_goal: the number of a Sustainable Development Goal (any of its targets matches);
    - region: the county code of the company's region ("01" Stockholm);
    - stage: a `Stage` value; trl_min: the lowest maturity (1–9).
    """
    queryset = _solutions().filter(status=SolutionStatus.PUBLISHED)
    if branch := cpv_branch(cpv):
        chosen = Solution.cpv_codes.through.objects.filter(cpvcode__code__startswith=branch)
        queryset = queryset.filter(pk__in=chosen.values("solution_id"))
    if sdg_goal is not None:
        chosen_targets = Solution.sdg_targets.through.objects.filter(sdgtarget__goal_id=sdg_goal)
        queryset = queryset.filter(pk__in=chosen_targets.values("solution_id"))
    if region:
        queryset = queryset.filter(organisation__region_id=region)
    if stage:
        queryset = queryset.filter(stage=stage)
    if trl_min is not None:
        queryset = queryset.filter(trl__gte=trl_min)
    if words_of(query):
        queryset = fulltext_filter(queryset, query=query, fields=SOLUTION_SEARCH_FIELDS)
        return queryset.order_by(F("search_rank").desc(), "-published_at", "-pk")
    return queryset.order_by("-published_at", "-pk")


def solution_page(
    solutions: QuerySet[Solution], *, number: str | int | None, per_page: int
) -> tuple[Page[Solution], list[Solution]]:
    """One page of `solutions` (a list from solution_list_published) and its rows.

    Only the page's rows are joined with their company and places: sorting every published
    solution joined with those first costs more the longer the list grows. So the page is cut
    from the solutions table alone (a subquery), or, for a full-text search, from the ids of every
    match in rank order, read once: the count and the page then need no second full-text pass,
    the costly part of a search on PostgreSQL, where each row's text vector is built in the query.
    """
    pks = solutions.select_related(None).prefetch_related(None).values_list("pk", flat=True)
    if "search_rank" in solutions.query.annotations:
        ranked = list(pks)
        page = Paginator(ranked, per_page).get_page(number)
        position = {pk: index for index, pk in enumerate(page.object_list)}
        rows = _solution_cards().filter(pk__in=list(position))
        return page, sorted(rows, key=lambda row: position[row.pk])  # type: ignore[return-value]
    page = Paginator(pks, per_page).get_page(number)
    # The page's order, from the list's own ordering, without its prefetches (cards show less).
    rows = _solution_cards().filter(pk__in=page.object_list).order_by(*solutions.query.order_by)
    return page, list(rows)  # type: ignore[return-value]


def solution_get_for_viewer(*, slug: str, viewer: User | None = None) -> Solution:
    """The solution, or 404 when it is missing or a draft the viewer may not see."""
    visible = Q(status=SolutionStatus.PUBLISHED)
    if viewer is not None and viewer.is_authenticated:
        visible |= Q(organisation__in=_viewer_companies(viewer))
    try:
        return _solutions().filter(visible).get(slug=slug)
    except Solution.DoesNotExist as error:
        raise Http404 from error


def solutions_for_company(
    *, organisation: Organisation, viewer: User | None = None
) -> QuerySet[Solution]:
    """The company's solutions: published ones for everyone, drafts too for its own members."""
    queryset = _solutions().filter(organisation=organisation)
    if not _is_member(organisation=organisation, viewer=viewer):
        queryset = queryset.filter(status=SolutionStatus.PUBLISHED)
    return queryset.order_by("status", "-published_at", "-created_at", "-pk")


def solutions_of_user(*, user: User) -> QuerySet[Solution]:
    """Every solution of every company the user is a member of, drafts included."""
    return (
        Solution.objects.filter(organisation__in=_viewer_companies(user))
        .select_related("organisation")
        .order_by("organisation__name", "-updated_at", "-pk")
    )


def solution_choices_for_company(*, organisation: Organisation) -> QuerySet[Solution]:
    """The company's solutions for a choice list (no related rows)."""
    return Solution.objects.filter(organisation=organisation).order_by("title_sv", "title_en", "pk")


def solution_get_for_member(*, slug: str, user: User) -> Solution:
    """A solution of one of the user's companies (for editing), or 404."""
    try:
        return _solutions().filter(organisation__in=_viewer_companies(user)).get(slug=slug)
    except Solution.DoesNotExist as error:
        raise Http404 from error


def companies_of_user(*, user: User) -> QuerySet[Organisation]:
    """The companies (organisations of kind company) the user is a member of."""
    return _with_viewer_role(
        Organisation.objects.filter(
            kind=OrganisationKind.COMPANY, memberships__user=user
        ).select_related("municipality", "region"),
        user,
    ).order_by("name")


def company_get(*, slug: str, viewer: User | None = None) -> Organisation:
    """A company, with the viewer's role as `viewer_role`; 404 for other kinds of organisation."""
    queryset = Organisation.objects.filter(kind=OrganisationKind.COMPANY).select_related(
        "municipality", "region", "company_profile"
    )
    try:
        return _with_viewer_role(queryset, viewer).get(slug=slug)
    except Organisation.DoesNotExist as error:
        raise Http404 from error


def company_profile_get(*, organisation: Organisation) -> CompanyProfile | None:
    """The company's profile, or None while it has written none."""
    try:
        profile: CompanyProfile = organisation.company_profile
    except CompanyProfile.DoesNotExist:
        return None
    return profile


def contact_persons_for_viewer(
    *, organisation: Organisation, include_private: bool
) -> QuerySet[ContactPerson]:
    """The company's contact persons; those not public only with `include_private`.

    Whether the viewer may see them is `supply.view_private_contacts` (rules.py).
    """
    queryset = ContactPerson.objects.filter(company=organisation)
    if not include_private:
        queryset = queryset.filter(is_public=True)
    return queryset.order_by("name", "pk")


def contact_person_get(*, organisation: Organisation, contact_person_id: int) -> ContactPerson:
    try:
        return ContactPerson.objects.get(company=organisation, pk=contact_person_id)
    except ContactPerson.DoesNotExist as error:
        raise Http404 from error


def customer_references_for_company(*, organisation: Organisation) -> QuerySet[CustomerReference]:
    """The company's references, newest first. A tie to a draft solution is for members' eyes only:
    templates show `reference.solution` when it is published or the viewer may manage the company.
    """
    return (
        CustomerReference.objects.filter(company=organisation)
        .select_related("customer", "solution")
        .order_by(F("year").desc(nulls_last=True), "customer_name", "pk")
    )


def customer_references_for_solution(*, solution: Solution) -> QuerySet[CustomerReference]:
    return (
        CustomerReference.objects.filter(solution=solution)
        .select_related("customer")
        .order_by(F("year").desc(nulls_last=True), "customer_name", "pk")
    )


def customer_reference_get(
    *, organisation: Organisation, customer_reference_id: int
) -> CustomerReference:
    try:
        return CustomerReference.objects.get(company=organisation, pk=customer_reference_id)
    except CustomerReference.DoesNotExist as error:
        raise Http404 from error


def buyer_organisations() -> QuerySet[Organisation]:
    """Organisations that can be a public customer in a reference."""
    return Organisation.objects.filter(kind__in=BUYER_KINDS).order_by("name")
