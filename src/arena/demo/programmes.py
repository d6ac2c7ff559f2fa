"""The demo's programme: an "Ignite Public"-like programme where municipalities meet startups.

Run by the demo science park; five municipalities, a municipal company and eight startups are
members, one municipality waits for a decision and one company was declined with a reason.
Some of the members' focus areas and challenges are tied to it, so its report has figures.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from arena.accounts.models import User
from arena.needs.models import Challenge, FocusArea
from arena.needs.services import challenge_update, focus_area_set_programme
from arena.organisations.enums import BUYER_KINDS, OrganisationKind
from arena.organisations.models import Organisation
from arena.programmes.enums import ResourceKind
from arena.programmes.models import Programme
from arena.programmes.services import (
    application_approve,
    application_decline,
    application_submit,
    cohort_create,
    programme_create,
    resource_create,
)

OWNER_NAME = "Fyrisån Science Park"
NAME_SV = "Startups möter kommuner"
NAME_EN = "Startups meet municipalities"
QUESTIONS = [
    "Vilka utmaningar vill ni arbeta med under programmet? / Which challenges do you want to work on?",
    "Vem hos er är kontaktperson och hur mycket tid kan hen lägga? / Who is your contact person, and how much time can they give?",
]
ANSWERS = [
    "Skolmåltider och äldreomsorg, där vi har fokusområden i år.",
    "Vår innovationsstrateg, en dag i veckan under programmet.",
]
AGREEMENT = (
    "Deltagarna delar erfarenheter öppet inom programmet, deltar i minst en matchday och "
    "rapporterar utfall (piloter, upphandlingar) till programmets finansiärer. Konfidentiella "
    "uppgifter hanteras enligt offentlighets- och sekretesslagen."
)


def _first_member(organisation: Organisation) -> User:
    membership = organisation.memberships.select_related("user").order_by("pk").first()
    if membership is None:
        raise LookupError(f"{organisation.name} has no member to apply for it")
    return membership.user


@transaction.atomic
def demo_programme_load() -> Programme | None:
    """Create the programme unless it exists (then nothing changes)."""
    owner = Organisation.objects.filter(name=OWNER_NAME, kind=OrganisationKind.INTERMEDIARY).first()
    if owner is None or Programme.objects.filter(owner=owner, name_sv=NAME_SV).exists():
        return None
    staff = _first_member(owner)
    year = timezone.localdate().year
    programme = programme_create(
        owner=owner,
        creator=staff,
        starts_on=datetime.date(year, 1, 15),
        ends_on=datetime.date(year + 1, 6, 30),
        name_sv=NAME_SV,
        name_en=NAME_EN,
        description_sv=(
            "Ett program där kommuner formulerar sina behov som utmaningar och möter startups som "
            "kan lösa dem, från behovsanalys och matchday till pilot och upphandling."
        ),
        description_en=(
            "A programme in which municipalities write their needs as challenges and meet startups "
            "that can solve them, from needs assessment and matchday to pilot and procurement."
        ),
        aims="- Minst fem piloter startade\n- Minst två piloter som blir upphandlingar\n- Hälften av deltagande startups lämnar anbud i en offentlig upphandling",
        region=owner.region,
        funders="Vinnova, Region Uppsala",
        themes=["Skolmåltider", "Äldreomsorg", "Klimatanpassning", "Digitala tjänster"],
        how_to_join="Ansök här på Arena. Vi beslutar inom två veckor och bjuder in till ett introduktionsmöte.",
        questions=QUESTIONS,
        agreement=AGREEMENT,
    )
    cohort = cohort_create(
        programme=programme, name=f"Omgång 1 {year}", starts_on=programme.starts_on
    )
    buyers = list(
        Organisation.objects.filter(kind__in=BUYER_KINDS, memberships__isnull=False)
        .exclude(kind=OrganisationKind.REGION)
        .distinct()
        .order_by("name")
    )
    municipalities = [b for b in buyers if b.kind == OrganisationKind.MUNICIPALITY]
    uppsala = [b for b in municipalities if b.name == "Uppsala kommun"]
    members = uppsala + [b for b in municipalities if b.name != "Uppsala kommun"][:4]
    members += [b for b in buyers if b.kind == OrganisationKind.MUNICIPAL_COMPANY][:1]
    startups = list(
        Organisation.objects.filter(
            kind=OrganisationKind.COMPANY, is_startup=True, memberships__isnull=False
        )
        .distinct()
        .order_by("name")[:9]
    )
    for organisation in members + startups[:8]:
        application = application_submit(
            programme=programme,
            applicant=_first_member(organisation),
            organisation=organisation,
            answers=ANSWERS,
            agreement_accepted=True,
            cohort=cohort,
        )
        application_approve(application=application, decided_by=staff)
    waiting = next((b for b in municipalities if b not in members), None)
    if waiting is not None:
        application_submit(
            programme=programme,
            applicant=_first_member(waiting),
            organisation=waiting,
            answers=ANSWERS,
            agreement_accepted=True,
            cohort=cohort,
        )
    if len(startups) > 8:
        declined = application_submit(
            programme=programme,
            applicant=_first_member(startups[8]),
            organisation=startups[8],
            answers=ANSWERS,
            agreement_accepted=True,
            cohort=cohort,
        )
        application_decline(
            application=declined,
            decided_by=staff,
            reason="Omgången är full för företag inom energi; välkommen att söka till nästa omgång.",
        )
    resource_create(
        programme=programme,
        created_by=staff,
        title="Mall: utmaningsbeskrivning med funktionskrav",
        kind=ResourceKind.TEMPLATE,
        body="1. Nuläge\n2. Problemet och vem som har det\n3. Önskad effekt och hur den mäts\n4. Begränsningar\n5. Budget och tidsplan",
    )
    resource_create(
        programme=programme,
        created_by=staff,
        title="Guide: från pilot till upphandling enligt LOU",
        kind=ResourceKind.GUIDE,
        url="https://www.upphandlingsmyndigheten.se/",
    )
    # The members' work this year belongs to the programme, so its report counts it.
    buyer_ids = [b.pk for b in members]
    areas = FocusArea.objects.filter(organisation_id__in=buyer_ids, year=year).select_related(
        "organisation"
    )
    for area in areas:
        focus_area_set_programme(focus_area=area, programme=programme)
    for challenge in Challenge.objects.filter(owners__in=buyer_ids).distinct()[:12]:
        challenge_update(challenge=challenge, programme=programme)
    return programme
