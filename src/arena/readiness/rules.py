"""Who may see and change a company's readiness: its members see it, its administrators edit it."""

from typing import Any

from rules.permissions import add_perm
from rules.predicates import predicate

from arena.organisations.enums import OrganisationKind
from arena.organisations.rules import is_admin, is_member


@predicate
def is_company(user: Any, organisation: Any) -> bool:
    return organisation is not None and organisation.kind == OrganisationKind.COMPANY


add_perm("readiness.view_readiness", is_company & is_member)
add_perm("readiness.change_readiness", is_company & is_admin)
