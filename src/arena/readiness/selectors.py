import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from arena.organisations.enums import OrganisationKind
from arena.organisations.models import Organisation
from arena.readiness.checklist import (
    ITEMS,
    REFERENCE_YEARS_SERVICES,
    REFERENCE_YEARS_WORKS,
)
from arena.readiness.enums import AnswerStatus, Area, GapKind
from arena.readiness.espd import ExportAmounts, ExportAnswer, ExportParty, espd_response_build
from arena.readiness.facts import ReadinessFacts
from arena.readiness.models import Certificate, ReadinessAnswer, ReadinessProfile
from arena.readiness.scoring import Gap, ItemState, gaps_compute, item_states, score_compute
from arena.supply.models import CustomerReference

VIEW = "readiness.view_readiness"
CHANGE = "readiness.change_readiness"


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def companies_of_user(*, user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        kind=OrganisationKind.COMPANY, memberships__user=user
    ).order_by("name")


def company_get_for_user(*, slug: str, user: Any, perm: str = VIEW) -> Organisation:
    """The company, if the user may see (or with CHANGE, edit) its readiness; 404 otherwise."""
    organisation = Organisation.objects.filter(slug=slug, kind=OrganisationKind.COMPANY).first()
    if organisation is None or not user.has_perm(perm, organisation):
        raise Http404
    return organisation


def profile_for(*, organisation: Organisation) -> ReadinessProfile:
    """The stored profile, or an unsaved empty one (selectors never write)."""
    profile = ReadinessProfile.objects.filter(organisation=organisation).first()
    return profile or ReadinessProfile(organisation=organisation)


def answers_for(*, profile: ReadinessProfile) -> dict[str, ReadinessAnswer]:
    if profile.pk is None:
        return {}
    return {answer.item_id: answer for answer in profile.answers.all()}


def certificates_for(*, profile: ReadinessProfile) -> list[Certificate]:
    if profile.pk is None:
        return []
    return list(profile.certificates.all())


@dataclass
class AreaGroup:
    area: Area
    states: list[ItemState]


@dataclass
class Overview:
    organisation: Organisation
    profile: ReadinessProfile
    states: list[ItemState]
    score: int
    gaps: list[Gap]
    certificates: list[Certificate]
    areas: list[AreaGroup] = field(default_factory=list)


def readiness_overview(
    *, organisation: Organisation, today: datetime.date | None = None
) -> Overview:
    today = _today(today)
    profile = profile_for(organisation=organisation)
    states = item_states(answers_for(profile=profile), profile, today)  # type: ignore[arg-type]
    areas = [
        AreaGroup(area, [state for state in states if state.item.area == area])
        for area in Area
        if any(item.area == area for item in ITEMS)
    ]
    return Overview(
        organisation=organisation,
        profile=profile,
        states=states,
        score=score_compute(states),
        gaps=gaps_compute(states, today),
        certificates=certificates_for(profile=profile),
        areas=areas,
    )


def item_state_for(
    *, organisation: Organisation, item_id: str, today: datetime.date | None = None
) -> ItemState:
    overview = readiness_overview(organisation=organisation, today=today)
    return next(state for state in overview.states if state.item.id == item_id)


@dataclass(frozen=True)
class ReadinessSummary:
    """What the My Arena dashboard shows of a company's readiness."""

    organisation: Organisation
    score: int
    gaps: list[Gap]
    # Evidence that expires within EXPIRING_SOON_DAYS (or has expired).
    expiring: list[Gap]


def readiness_summary_for(
    *, organisation: Organisation, today: datetime.date | None = None
) -> ReadinessSummary:
    overview = readiness_overview(organisation=organisation, today=today)
    expiring = [gap for gap in overview.gaps if gap.kind in (GapKind.EXPIRED, GapKind.EXPIRING)]
    return ReadinessSummary(organisation, overview.score, overview.gaps[:3], expiring)


def readiness_facts_for(
    *, organisation: Organisation, today: datetime.date | None = None
) -> ReadinessFacts:
    """What the company can show today, in the shape notices' requirements are checked against."""
    today = _today(today)
    profile = profile_for(organisation=organisation)
    states = item_states(answers_for(profile=profile), profile, today)  # type: ignore[arg-type]
    met = frozenset(state.item.id for state in states if state.met)
    insurance = None
    if (
        profile.insurance_cover_sek is not None
        and profile.insurance_valid_until is not None
        and profile.insurance_valid_until >= today
    ):
        insurance = profile.insurance_cover_sek
    certifications = frozenset(
        certificate.standard
        for certificate in certificates_for(profile=profile)
        if certificate.valid_until >= today
    )
    years: list[int] = [
        year
        for year in CustomerReference.objects.filter(
            company=organisation, year__gte=today.year - REFERENCE_YEARS_WORKS
        ).values_list("year", flat=True)
        if year is not None
    ]
    return ReadinessFacts(
        organisation_id=organisation.pk,
        annual_turnover_sek=profile.annual_turnover_sek,
        liability_insurance_sek=insurance,
        certifications=certifications,
        references_last_3_years=sum(
            1 for year in years if year >= today.year - REFERENCE_YEARS_SERVICES
        ),
        references_last_5_years=len(years),
        f_tax_approved="RD-02" in met,
        registered="RD-01" in met,
        items_met=met,
    )


@dataclass(frozen=True)
class Expiring:
    """One piece of evidence that a reminder may be due for."""

    organisation_id: int
    # A checklist item id, "insurance" or "certificate:<pk>": the key reminders are logged by.
    subject: str
    expires_on: datetime.date
    # The certificate's standard, for certificates.
    standard: str = ""


def expiring_evidence(*, until: datetime.date, since: datetime.date) -> list[Expiring]:
    """Evidence of any company expiring between `since` and `until`, both included."""
    found: list[Expiring] = []
    answers = ReadinessAnswer.objects.filter(
        evidence_expires_on__gte=since, evidence_expires_on__lte=until
    ).select_related("profile")
    by_id = {item.id: item for item in ITEMS}
    for answer in answers:
        item = by_id.get(answer.item_id)
        if item is None or answer.evidence_expires_on is None:
            continue
        found.append(
            Expiring(answer.profile.organisation_id, answer.item_id, answer.evidence_expires_on)
        )
    for certificate in Certificate.objects.filter(
        valid_until__gte=since, valid_until__lte=until
    ).select_related("profile"):
        found.append(
            Expiring(
                certificate.profile.organisation_id,
                f"certificate:{certificate.pk}",
                certificate.valid_until,
                certificate.standard,
            )
        )
    for profile in ReadinessProfile.objects.filter(
        insurance_valid_until__gte=since, insurance_valid_until__lte=until
    ):
        assert profile.insurance_valid_until is not None
        found.append(Expiring(profile.organisation_id, "insurance", profile.insurance_valid_until))
    return found


def espd_export_for(
    *,
    organisation: Organisation,
    contact_name: str = "",
    contact_email: str = "",
    now: datetime.datetime | None = None,
) -> bytes:
    """The company's standing yes/no answers, amounts and evidence as an ESPD Response."""
    now = now or timezone.now()
    profile = profile_for(organisation=organisation)
    answers = answers_for(profile=profile)
    exported: list[ExportAnswer] = []
    for item in ITEMS:
        answer = answers.get(item.id)
        if not item.espd or answer is None:
            continue
        if answer.status not in (AnswerStatus.YES, AnswerStatus.NO):
            continue  # ESPD has no "in progress" or "not applicable"
        criteria = item.espd
        if item.id == "RD-09" and not profile.does_works:
            criteria = tuple(key for key in criteria if key != "references_works")
        exported.append(
            ExportAnswer(
                item_id=item.id,
                compliant=answer.status == AnswerStatus.YES,
                criteria=criteria,
                evidence_reference=answer.evidence_reference,
                issued_on=answer.evidence_issued_on,
                expires_on=answer.evidence_expires_on,
            )
        )
    party = ExportParty(
        name=organisation.name,
        org_number=organisation.org_number,
        size_class=organisation.size_class,
        website=organisation.website,
        contact_name=contact_name,
        contact_email=contact_email,
    )
    amounts = ExportAmounts(
        turnover_sek=profile.annual_turnover_sek,
        turnover_year=profile.turnover_year,
        insurance_sek=profile.insurance_cover_sek,
    )
    return espd_response_build(
        party=party,
        answers=exported,
        amounts=amounts,
        issued_at=timezone.localtime(now),
        document_id=f"ARENA-{organisation.org_number}-{now:%Y%m%d}",
    )


def espd_item_criteria() -> dict[str, tuple[str, ...]]:
    return {item.id: item.espd for item in ITEMS if item.espd}
