from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arena.accounts.types import AuthenticatedHttpRequest
from arena.matches import selectors as match_selectors
from arena.supply import selectors, services
from arena.supply.forms import (
    CompanyProfileForm,
    ContactPersonForm,
    CustomerReferenceForm,
    SolutionCreateForm,
    SolutionFilterForm,
    SolutionForm,
    company_profile_initial,
    solution_initial,
)
from arena.ui.fragments import rendered_fragments
from arena.ui.htmx import is_htmx
from arena.ui.pagecache import public_page

PAGE_SIZE = 20
PAGE_PARAMETER = "sida"


def _viewer(request: HttpRequest):
    return request.user if request.user.is_authenticated else None


def _company_for(request: HttpRequest, slug: str, perm: str | None = None):
    """The company, or 404 if it is missing, not a company or the user lacks `perm` (never 403)."""
    company = selectors.company_get(slug=slug, viewer=_viewer(request))
    if perm and not request.user.has_perm(perm, company):
        raise Http404
    return company


def _solution_for_change(request: HttpRequest, slug: str):
    solution = selectors.solution_get_for_viewer(slug=slug, viewer=_viewer(request))
    if not request.user.has_perm("supply.change_solution", solution):
        raise Http404
    return solution


## Solutions


@public_page(params=("q", "cpv", "sdg_goal", "region", "stage", "trl_min", "sida"))
def solution_list(request: HttpRequest) -> HttpResponse:
    form = SolutionFilterForm(request.GET)
    solutions = selectors.solution_list_published(**form.filters())
    page, rows = selectors.solution_page(
        solutions, number=request.GET.get(PAGE_PARAMETER), per_page=PAGE_SIZE
    )
    params = request.GET.copy()
    params.pop(PAGE_PARAMETER, None)
    context = {
        "form": form,
        "page": page,
        "solutions": rows,
        "cards": rendered_fragments(
            rows,
            template_name="supply/_solution_card.html",
            variable="solution",
            context={"show_company": True},
        ),
        "filter_query": params.urlencode(),
        "page_parameter": PAGE_PARAMETER,
        "htmx": is_htmx(request),
    }
    template = (
        "supply/solution_list.html#results" if context["htmx"] else "supply/solution_list.html"
    )
    return render(request, template, context)


@public_page
def solution_detail(request: HttpRequest, slug: str) -> HttpResponse:
    solution = selectors.solution_get_for_viewer(slug=slug, viewer=_viewer(request))
    context = {
        "solution": solution,
        "can_change": request.user.has_perm("supply.change_solution", solution),
        "references": selectors.customer_references_for_solution(solution=solution),
    }
    if request.user.has_perm("matches.view_solution_suggestions", solution):
        context["show_matches"] = True
        context["suggestions"] = match_selectors.suggested_challenges_for_solution(
            solution=solution,
            viewer=request.user,  # type: ignore[arg-type]  # has_perm above needs a login
        )
    return render(request, "supply/solution_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def solution_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    companies = selectors.companies_of_user(user=request.user)
    if not companies:
        return render(request, "supply/solution_form.html", {"form": None, "companies": []})
    form = SolutionCreateForm(
        request.POST or None,
        companies=companies,
        initial={"organisation": request.GET.get("foretag", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        if not request.user.has_perm("supply.add_solution", organisation):
            raise Http404
        try:
            solution = services.solution_create(organisation=organisation, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(title)s is saved as a draft. Publish it when you want buyers to see it.")
                % {"title": solution.title},
            )
            return redirect("supply:solution_detail", slug=solution.slug)
    return render(request, "supply/solution_form.html", {"form": form, "companies": companies})


@login_required
@require_http_methods(["GET", "POST"])
def solution_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    solution = _solution_for_change(request, slug)
    form = SolutionForm(request.POST or None, initial=solution_initial(solution))
    if request.method == "POST" and form.is_valid():
        try:
            services.solution_update(solution=solution, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The solution is saved."))
            return redirect("supply:solution_detail", slug=solution.slug)
    return render(request, "supply/solution_form.html", {"form": form, "solution": solution})


@login_required
@require_POST
def solution_publish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    solution = _solution_for_change(request, slug)
    services.solution_publish(solution=solution)
    messages.success(request, _("%(title)s is published.") % {"title": solution.title})
    return redirect("supply:solution_detail", slug=solution.slug)


@login_required
@require_POST
def solution_unpublish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    solution = _solution_for_change(request, slug)
    services.solution_unpublish(solution=solution)
    messages.success(
        request,
        _("%(title)s is a draft again; only your colleagues see it.") % {"title": solution.title},
    )
    return redirect("supply:solution_detail", slug=solution.slug)


@login_required
def my_solutions(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "companies": selectors.companies_of_user(user=request.user),
        "solutions": selectors.solutions_of_user(user=request.user),
    }
    return render(request, "supply/my_solutions.html", context)


## Companies


@public_page
def company_detail(request: HttpRequest, slug: str) -> HttpResponse:
    company = _company_for(request, slug)
    show_private = request.user.has_perm("supply.view_private_contacts", company)
    context = {
        "company": company,
        "profile": selectors.company_profile_get(organisation=company),
        "can_manage": request.user.has_perm("supply.manage_company", company),
        "contact_persons": selectors.contact_persons_for_viewer(
            organisation=company, include_private=show_private
        ),
        "references": selectors.customer_references_for_company(organisation=company),
        "solutions": selectors.solutions_for_company(organisation=company, viewer=_viewer(request)),
    }
    return render(request, "supply/company_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def company_profile_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    company = _company_for(request, slug, "supply.change_companyprofile")
    profile = selectors.company_profile_get(organisation=company)
    form = CompanyProfileForm(request.POST or None, initial=company_profile_initial(profile))
    if request.method == "POST" and form.is_valid():
        try:
            services.company_profile_update(organisation=company, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The company profile is saved."))
            return redirect("supply:company_detail", slug=company.slug)
    return render(request, "supply/company_profile_form.html", {"company": company, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def contact_persons(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    company = _company_for(request, slug, "supply.manage_company")
    form = ContactPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.contact_person_create(company=company, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s is added.") % {"name": person.name})
            return redirect("supply:contact_persons", slug=company.slug)
    context = {
        "company": company,
        "form": form,
        "contact_persons": selectors.contact_persons_for_viewer(
            organisation=company, include_private=True
        ),
    }
    return render(request, "supply/contact_persons.html", context)


@login_required
@require_POST
def contact_person_delete(
    request: AuthenticatedHttpRequest, slug: str, contact_person_id: int
) -> HttpResponse:
    company = _company_for(request, slug, "supply.manage_company")
    person = selectors.contact_person_get(organisation=company, contact_person_id=contact_person_id)
    services.contact_person_delete(contact_person=person)
    messages.success(request, _("%(name)s is removed.") % {"name": person.name})
    return redirect("supply:contact_persons", slug=company.slug)


@login_required
@require_http_methods(["GET", "POST"])
def customer_references(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    company = _company_for(request, slug, "supply.manage_company")
    form = CustomerReferenceForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        try:
            reference = services.customer_reference_create(company=company, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The reference %(name)s is added.") % {"name": reference.customer_name}
            )
            return redirect("supply:customer_references", slug=company.slug)
    context = {
        "company": company,
        "form": form,
        "references": selectors.customer_references_for_company(organisation=company),
    }
    return render(request, "supply/customer_references.html", context)


@login_required
@require_POST
def customer_reference_delete(
    request: AuthenticatedHttpRequest, slug: str, customer_reference_id: int
) -> HttpResponse:
    company = _company_for(request, slug, "supply.manage_company")
    reference = selectors.customer_reference_get(
        organisation=company, customer_reference_id=customer_reference_id
    )
    services.customer_reference_delete(customer_reference=reference)
    messages.success(
        request, _("The reference %(name)s is removed.") % {"name": reference.customer_name}
    )
    return redirect("supply:customer_references", slug=company.slug)
