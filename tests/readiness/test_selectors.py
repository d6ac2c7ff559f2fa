import datetime

import pytest
from django.utils import timezone

from arena.readiness.enums import AnswerStatus, GapKind
from arena.readiness.facts import ReadinessFacts
from arena.readiness.selectors import readiness_facts_for, readiness_summary_for
from arena.readiness.services import answer_set
from tests.factories.organisations import OrganisationFactory
from tests.factories.readiness import (
    CertificateFactory,
    ReadinessAnswerFactory,
    ReadinessProfileFactory,
)
from tests.factories.supply import CustomerReferenceFactory

pytestmark = pytest.mark.django_db


def test_facts_for_a_company_without_profile_are_empty(organisation):
    facts = readiness_facts_for(organisation=organisation)
    assert facts == ReadinessFacts(organisation_id=organisation.pk)


def test_facts_from_profile_answers_certificates_and_references(organisation, owner):
    today = timezone.localdate()
    profile = ReadinessProfileFactory(
        organisation=organisation,
        annual_turnover_sek=4_200_000,
        turnover_year=today.year - 1,
        insurance_cover_sek=10_000_000,
        insurance_valid_until=today + datetime.timedelta(days=100),
    )
    CertificateFactory(profile=profile, standard="ISO 9001")
    CertificateFactory(
        profile=profile, standard="ISO 14001", valid_until=today - datetime.timedelta(days=1)
    )
    for item_id in ("RD-01", "RD-02"):
        answer_set(
            organisation=organisation,
            actor=owner,
            item_id=item_id,
            status=AnswerStatus.YES,
            evidence_issued_on=today - datetime.timedelta(days=5),
        )
    # Expired evidence does not count as met.
    ReadinessAnswerFactory(
        profile=profile,
        item_id="RD-04",
        status=AnswerStatus.YES,
        evidence_expires_on=today - datetime.timedelta(days=1),
    )
    for years_ago in (0, 2, 4, 7):
        CustomerReferenceFactory(company=organisation, year=today.year - years_ago)
    CustomerReferenceFactory(company=organisation, year=None)
    CustomerReferenceFactory(company=OrganisationFactory(), year=today.year)

    facts = readiness_facts_for(organisation=organisation)

    assert facts.annual_turnover_sek == 4_200_000
    assert facts.liability_insurance_sek == 10_000_000
    assert facts.certifications == frozenset({"ISO 9001"})
    assert facts.references_last_3_years == 2
    assert facts.references_last_5_years == 3
    assert facts.f_tax_approved is True
    assert facts.registered is True
    assert facts.items_met == frozenset({"RD-01", "RD-02"})


def test_facts_expired_insurance_is_not_shown(organisation):
    ReadinessProfileFactory(
        organisation=organisation,
        insurance_cover_sek=1_000_000,
        insurance_valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert readiness_facts_for(organisation=organisation).liability_insurance_sek is None


def test_summary_has_score_top_three_gaps_and_expiring(organisation):
    today = timezone.localdate()
    profile = ReadinessProfileFactory(organisation=organisation)
    ReadinessAnswerFactory(
        profile=profile,
        item_id="RD-08",
        status=AnswerStatus.YES,
        evidence_expires_on=today + datetime.timedelta(days=10),
    )
    summary = readiness_summary_for(organisation=organisation)
    assert 0 < summary.score < 100
    assert len(summary.gaps) == 3
    assert [gap.item.id for gap in summary.gaps] == ["RD-01", "RD-02", "RD-03"]
    assert [(gap.item.id, gap.kind) for gap in summary.expiring] == [("RD-08", GapKind.EXPIRING)]
