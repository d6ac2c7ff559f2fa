"""Demo readiness profiles for the demo companies that have logins, written through the services.

A realistic mix: most registration and tax items done, one tax extract older than its 90 days
(expired), the insurance certificate expiring within 30 days (so a reminder is due), an ISO 9001
certificate, turnover and insurance, and a few items still missing or in progress.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from arena.accounts.models import User
from arena.demo.handwritten import ORGANISATIONS, PEOPLE
from arena.organisations.enums import OrganisationKind
from arena.organisations.models import Organisation
from arena.readiness.enums import AnswerStatus
from arena.readiness.models import ReadinessProfile
from arena.readiness.services import answer_set, certificate_add, profile_update

# (item, status, issued days ago, expires in days, where the evidence is kept)
_FULL = [
    ("RD-01", AnswerStatus.YES, 20, None, "Drive/Upphandling/registreringsbevis.pdf"),
    ("RD-02", AnswerStatus.YES, 20, None, "Drive/Upphandling/skatteverket-utdrag.pdf"),
    ("RD-03", AnswerStatus.YES, 20, None, "Drive/Upphandling/skatteverket-utdrag.pdf"),
    # Taken 100 days ago: older than the 90 days buyers accept, so it shows as expired.
    ("RD-04", AnswerStatus.YES, 100, None, "Drive/Upphandling/skattekonto.pdf"),
    ("RD-05", AnswerStatus.YES, 30, None, "Drive/Upphandling/sanningsforsakran.pdf"),
    ("RD-06", AnswerStatus.YES, 20, None, "Bolagsverket, samma utdrag som registreringsbevis"),
    ("RD-07", AnswerStatus.YES, 60, None, "UC-rapport och årsredovisning 2025"),
    # The insurance certificate runs out within 30 days: the reminder is due.
    ("RD-08", AnswerStatus.YES, 340, 21, "Försäkringsbrev, If Skadeförsäkring"),
    ("RD-09", AnswerStatus.YES, None, None, "Referensblad: Uppsala kommun, Region Skåne"),
    ("RD-11", AnswerStatus.YES, 300, 430, "ISO 9001-certifikat"),
    ("RD-12", AnswerStatus.IN_PROGRESS, None, None, ""),
    ("RD-14", AnswerStatus.IN_PROGRESS, None, None, ""),
    ("RD-21", AnswerStatus.YES, None, None, "Peppol-ID 0007:5591234561"),
    ("RD-24", AnswerStatus.NO, None, None, ""),
]
_SHORT = [
    ("RD-01", AnswerStatus.YES, 40, None, "Registreringsbevis i e-post"),
    ("RD-02", AnswerStatus.YES, 40, None, ""),
    ("RD-05", AnswerStatus.IN_PROGRESS, None, None, ""),
    ("RD-17", AnswerStatus.YES, 120, None, "Tillgänglighetsrapport EN 301 549"),
    ("RD-21", AnswerStatus.NO, None, None, ""),
]


def _companies_with_logins(limit: int) -> list[Organisation]:
    numbers = [o.org_number for o in ORGANISATIONS if o.kind == OrganisationKind.COMPANY]
    with_people = {person.organisation for person in PEOPLE}
    wanted = [number for number in numbers if number in with_people][:limit]
    by_number = Organisation.objects.in_bulk(wanted, field_name="org_number")
    return [by_number[number] for number in wanted if number in by_number]


def _admin(organisation: Organisation) -> User | None:
    membership = organisation.memberships.filter(role="admin").select_related("user").first()
    return membership.user if membership else None


@transaction.atomic
def demo_readiness_load() -> int:
    """Readiness profiles for the first demo companies with logins; returns how many were made."""
    today = timezone.localdate()
    made = 0
    for index, organisation in enumerate(_companies_with_logins(3)):
        if ReadinessProfile.objects.filter(organisation=organisation).exists():
            continue
        actor = _admin(organisation)
        full = index == 0
        profile_update(
            organisation=organisation,
            actor=actor,
            annual_turnover_sek=3_400_000 if full else 900_000,
            turnover_year=today.year - 1,
            insurance_cover_sek=5_000_000 if full else None,
            insurance_valid_until=today + datetime.timedelta(days=21) if full else None,
            processes_personal_data=full,
            delivers_digital_services=index == 1,
            does_works=False,
        )
        for item_id, status, issued_ago, expires_in, reference in _FULL if full else _SHORT:
            answer_set(
                organisation=organisation,
                actor=actor,
                item_id=item_id,
                status=status,
                evidence_issued_on=(
                    today - datetime.timedelta(days=issued_ago) if issued_ago is not None else None
                ),
                evidence_expires_on=(
                    today + datetime.timedelta(days=expires_in) if expires_in is not None else None
                ),
                evidence_reference=reference,
            )
        if full:
            certificate_add(
                organisation=organisation,
                standard="ISO 9001",
                certifying_body="Intertek Certification AB",
                valid_until=today + datetime.timedelta(days=430),
            )
        made += 1
    return made
