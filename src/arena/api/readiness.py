"""Procurement readiness in API v1: the same selectors and rules as the pages (members only)."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from arena.accounts.models import User
from arena.api.auth import AUTH
from arena.api.schemas import errors
from arena.readiness import selectors

router = Router(tags=["readiness"])


class GapOut(Schema):
    item: str
    level: str
    kind: str
    expires_on: datetime.date | None
    guide: str


class FactsOut(Schema):
    annual_turnover_sek: int | None
    liability_insurance_sek: int | None
    certifications: list[str]
    references_last_3_years: int
    references_last_5_years: int
    f_tax_approved: bool
    registered: bool
    items_met: list[str]


class ReadinessOut(Schema):
    company: str
    score: int
    gaps: list[GapOut]
    facts: FactsOut


@router.get(
    "/companies/{slug}/readiness",
    response={200: ReadinessOut, **errors(400, 401, 404)},
    auth=AUTH,
)
def company_readiness(request: HttpRequest, slug: str) -> Any:
    """Score, gaps (mandatory first) and the facts alerts compare with notices; 404 for others."""
    user: User = request.user  # type: ignore[assignment]
    organisation = selectors.company_get_for_user(slug=slug, user=user)
    overview = selectors.readiness_overview(organisation=organisation)
    facts = selectors.readiness_facts_for(organisation=organisation)
    return {
        "company": organisation.slug,
        "score": overview.score,
        "gaps": [
            {
                "item": gap.item.id,
                "level": gap.item.level.value,
                "kind": gap.kind.value,
                "expires_on": gap.expires_on,
                "guide": gap.item.guide,
            }
            for gap in overview.gaps
        ],
        "facts": {
            "annual_turnover_sek": facts.annual_turnover_sek,
            "liability_insurance_sek": facts.liability_insurance_sek,
            "certifications": sorted(facts.certifications),
            "references_last_3_years": facts.references_last_3_years,
            "references_last_5_years": facts.references_last_5_years,
            "f_tax_approved": facts.f_tax_approved,
            "registered": facts.registered,
            "items_met": sorted(facts.items_met),
        },
    }
