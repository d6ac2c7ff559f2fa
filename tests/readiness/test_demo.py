import pytest
from django.utils import timezone

from arena.demo.readiness import demo_readiness_load
from arena.readiness.enums import GapKind
from arena.readiness.models import ReadinessProfile
from arena.readiness.selectors import readiness_facts_for, readiness_overview
from tests.factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_demo_readiness_load_is_idempotent_and_realistic():
    # The hand-written demo companies, as demo_load creates them (only what this loader reads).
    for number, slug in (("559123-4561", "solglantan"), ("559234-5671", "kvarnby")):
        company = OrganisationFactory(org_number=number, slug=slug)
        MembershipFactory(organisation=company, role="admin")
    assert demo_readiness_load() == 2
    assert demo_readiness_load() == 0
    assert ReadinessProfile.objects.count() == 2
    first = ReadinessProfile.objects.get(organisation__slug="solglantan").organisation
    overview = readiness_overview(organisation=first)
    kinds = {(gap.item.id, gap.kind) for gap in overview.gaps}
    assert ("RD-04", GapKind.EXPIRED) in kinds
    expiring = [gap for gap in overview.gaps if gap.kind == GapKind.EXPIRING]
    assert any(gap.days_left is not None and gap.days_left <= 30 for gap in expiring)
    facts = readiness_facts_for(organisation=first, today=timezone.localdate())
    assert "ISO 9001" in facts.certifications
    assert facts.annual_turnover_sek == 3_400_000
    assert facts.liability_insurance_sek == 5_000_000
