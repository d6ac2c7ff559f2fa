"""Who may see and change a company's supply side. Views and the API ask these; none checks roles itself.

Every member of a company (administrator or not) looks after its profile and solutions; drafts are
seen only by them. Contact persons marked as not public are shown to the company's own members and
to logged-in members of buyer organisations.
"""

from typing import Any

from rules.permissions import add_perm
from rules.predicates import predicate

from arena.organisations.enums import BUYER_KINDS, OrganisationKind
from arena.supply.enums import SolutionStatus


def _is_member(user: Any, organisation: Any) -> bool:
    if organisation is None or not getattr(user, "is_authenticated", False):
        return False
    # Selectors may annotate `viewer_role` so pages ask no extra query.
    if hasattr(organisation, "viewer_role"):
        return organisation.viewer_role is not None
    return bool(organisation.memberships.filter(user=user).exists())


@predicate
def is_company(user: Any, organisation: Any) -> bool:
    return organisation is not None and organisation.kind == OrganisationKind.COMPANY


@predicate
def is_company_member(user: Any, organisation: Any) -> bool:
    return _is_member(user, organisation)


@predicate
def is_buyer_member(user: Any) -> bool:
    """A logged-in member of a municipality, region, agency or municipal company."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.memberships.filter(organisation__kind__in=BUYER_KINDS).exists())


@predicate
def is_solution_member(user: Any, solution: Any) -> bool:
    return solution is not None and _is_member(user, solution.organisation)


@predicate
def is_published(user: Any, solution: Any) -> bool:
    return solution is not None and solution.status == SolutionStatus.PUBLISHED


# On a company (an Organisation of kind "company"):
add_perm("supply.manage_company", is_company & is_company_member)
add_perm("supply.change_companyprofile", is_company & is_company_member)
add_perm("supply.add_solution", is_company & is_company_member)
add_perm("supply.view_drafts", is_company & is_company_member)
add_perm("supply.view_private_contacts", is_company_member | is_buyer_member)
# On a solution:
add_perm("supply.view_solution", is_published | is_solution_member)
add_perm("supply.change_solution", is_solution_member)
