"""The demo's buyer networks at work: an owner and a coordinator, cases the members share, a
routine, a network meeting, one invitation waiting for an answer, and the demo pilot in the case
library (or its public story once the pilot is finished), all through the networks services."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from arena.accounts.models import User
from arena.events.enums import EventKind
from arena.events.services import event_create, event_publish
from arena.needs.enums import Visibility
from arena.networks.enums import FINISHED_PILOT_STATUSES, ContentVisibility, CoordinatorRole
from arena.networks.models import Case, Network, NetworkInvitation, Story
from arena.networks.services import (
    case_create,
    coordinator_add,
    invitation_create_for_organisation,
    network_owner_set,
    network_update,
    routine_create,
    story_create,
    story_initial,
)
from arena.organisations.enums import MembershipRole
from arena.organisations.models import Organisation
from arena.pilots.enums import Route
from arena.pilots.models import Pilot
from arena.reference.models import CpvCode

# Fyrisån Science Park and its programme manager Lena Holm (hand-written in demo/services.py).
OWNER_ORG_NUMBER = "802456-7896"
COORDINATOR_EMAIL = "lena.holm@fyrisan.example"
# Uppsala kommun: its administrator Anna Lindqvist finds the invitation waiting.
INVITED_ORG_NUMBER = "212000-3005"

SOUTH = "bestallarnatverket-syd-och-vast"
NORTH = "innovationsupphandling-norr"

PUBLIC_DESCRIPTIONS = {
    SOUTH: (
        "Beställarnätverket Syd och Väst samlar kommuner, regioner och bolag i Skåne, Halland, "
        "Västra Götaland, Småland och Värmland som vill köpa innovation. Vi delar fall och "
        "rutiner, träffas fyra gånger om året och gör gemensamma marknadsdialoger.\n\n"
        "*The buyer network South and West: municipalities, regions and their companies sharing "
        "cases, routines and joint market dialogues.*"
    ),
    NORTH: (
        "Ett nätverk för beställare i de fyra nordligaste länen. Vi delar behov, piloter och "
        "erfarenheter, och samordnar oss när flera vill köpa samma sak.\n\n"
        "*Buyers in Sweden's four northernmost counties sharing needs, pilots and experience.*"
    ),
}


@dataclass(frozen=True)
class CaseText:
    author: str  # organisation name, a member of the network
    title_sv: str
    title_en: str
    industry_area: str
    cpv: tuple[str, ...]
    what_was_bought: str
    route: str
    results: str
    lessons: str
    documents: tuple[tuple[str, str], ...] = ()
    public: bool = False


CASES = (
    CaseText(
        author="Göteborgs Stad",
        title_sv="Innovationspartnerskap för fossilfria arbetsmaskiner",
        title_en="Innovation partnership for fossil-free construction machinery",
        industry_area="Bygg och anläggning / Construction",
        cpv=("43200000",),
        what_was_bought=(
            "Utveckling och leverans av eldrivna hjullastare och grävmaskiner för stadens "
            "anläggningsarbeten, med laddning på byggplatsen.\n\n"
            "*Development and delivery of electric wheel loaders and excavators for the city's "
            "civil works, with charging on site.*"
        ),
        route=Route.INNOVATION_PARTNERSHIP,
        results=(
            "Två leverantörer gick vidare till fas 2. Maskinerna klarar ett arbetspass på en "
            "laddning; bullret på byggplatsen halverades och kvarteret kunde arbeta kvällstid.\n\n"
            "*Two suppliers reached phase 2. The machines last a shift on one charge; site noise "
            "was halved.*"
        ),
        lessons=(
            "Lägg tid på delmålen mellan faserna: de blev vår viktigaste styrning. Involvera "
            "entreprenörerna som ska köra maskinerna redan i dialogen.\n\n"
            "*Spend time on the milestones between phases; involve the operators early.*"
        ),
        documents=(
            ("https://www.upphandlingsmyndigheten.se/", "Upphandlingsmyndighetens vägledning"),
        ),
        public=True,
    ),
    CaseText(
        author="Region Skåne",
        title_sv="Förkommersiell upphandling av digital vårdplanering",
        title_en="Pre-commercial procurement of digital care planning",
        industry_area="Hälso- och sjukvård / Health care",
        cpv=("72000000", "48180000"),
        what_was_bought=(
            "FoU-tjänster i tre faser för ett verktyg där sjukhus, kommun och primärvård planerar "
            "utskrivning tillsammans.\n\n"
            "*R&D services in three phases for a tool where hospital, municipality and primary "
            "care plan discharge together.*"
        ),
        route=Route.PRE_COMMERCIAL,
        results=(
            "Prototypen i fas 3 kortade tiden från utskrivningsklar till hemgång med i snitt "
            "1,2 dygn i testet på två avdelningar.\n\n"
            "*The phase 3 prototype cut the time from ready-for-discharge to home by 1.2 days "
            "on average in two wards.*"
        ),
        lessons=(
            "En förkommersiell upphandling ger ingen produkt att köpa: planera den efterföljande "
            "upphandlingen och budgeten från start.\n\n"
            "*A pre-commercial procurement buys no product: plan the follow-on procurement and "
            "its budget from the start.*"
        ),
    ),
    CaseText(
        author="Malmö stad",
        title_sv="Marknadsdialog om cirkulära möbler till skolor",
        title_en="Market dialogue on circular furniture for schools",
        industry_area="Möbler och inredning / Furniture",
        cpv=("39100000", "39150000"),
        what_was_bought=(
            "Ingen upphandling ännu: en öppen marknadsdialog med tolv leverantörer om "
            "renovering, återbruk och möbler som tjänst.\n\n"
            "*No procurement yet: an open market dialogue with twelve suppliers about "
            "refurbishment, reuse and furniture as a service.*"
        ),
        route=Route.MARKET_DIALOGUE,
        results=(
            "Kravspecifikationen skrevs om från nya möbler till funktion och livslängd; en "
            "ramavtalsupphandling med krav på återbruk annonseras nästa år.\n\n"
            "*The specification moved from new furniture to function and life span.*"
        ),
        lessons=(
            "Annonsera dialogen öppet och dokumentera alla frågor och svar – likabehandling "
            "gäller även före upphandlingen.\n\n"
            "*Announce the dialogue openly and document every question and answer.*"
        ),
        public=True,
    ),
)

ROUTINE_TITLE = "Rutin för tidig marknadsdialog"
ROUTINE_TEXT = """Så här för vi en marknadsdialog innan upphandlingen, så att alla leverantörer behandlas lika.

1. **Annonsera** dialogen öppet (egen webb, Arena, annonsdatabas) minst tre veckor i förväg.
2. **Beskriv behovet**, inte lösningen: problem, önskade effekter och hur vi mäter dem.
3. **Samma information till alla**: frågor och svar publiceras för alla deltagare.
4. **Dokumentera** vilka som deltog och vad som sades; spara i upphandlingens akt.
5. **Sekretess**: affärshemligheter som leverantörer delar skyddas enligt OSL 31 kap. 16 §.

*Our routine for early market dialogue: announce openly, describe the need, give everyone the same
information, document, protect trade secrets.*
"""

MEETING_TITLE = "Nätverksträff: gemensam marknadsdialog om matsvinn"


def _first_admin(organisation: Organisation) -> User | None:
    membership = (
        organisation.memberships.filter(role=MembershipRole.ADMIN)
        .select_related("user")
        # The demo's own people, not the staff account that registered some buyers.
        .order_by("user__is_staff", "pk")
        .first()
    )
    return membership.user if membership else None


def _member_admin(network: Network, name: str) -> tuple[Organisation, User] | None:
    organisation = network.organisations.filter(name=name).first()
    if organisation is None:
        return None
    admin = _first_admin(organisation)
    return (organisation, admin) if admin else None


def _set_up(network: Network, owner: Organisation, coordinator: User) -> None:
    network_owner_set(network=network, owner=owner)
    coordinator_add(network=network, user=coordinator, role=CoordinatorRole.LEAD, actor=None)
    network_update(
        network=network,
        actor=coordinator,
        name=network.name,
        description=network.description,
        public_description=PUBLIC_DESCRIPTIONS.get(network.slug, ""),
        is_public=True,
    )


def _cases(network: Network) -> int:
    made = 0
    for text in CASES:
        found = _member_admin(network, text.author)
        if found is None:
            continue
        organisation, admin = found
        case_create(
            network=network,
            actor=admin,
            author_organisation=organisation,
            cpv_codes=list(CpvCode.objects.filter(code__in=text.cpv)),
            title_sv=text.title_sv,
            title_en=text.title_en,
            industry_area=text.industry_area,
            what_was_bought=text.what_was_bought,
            route=text.route,
            results=text.results,
            lessons=text.lessons,
            documents=[{"url": url, "title": title} for url, title in text.documents],
            visibility=ContentVisibility.PUBLIC if text.public else ContentVisibility.MEMBERS,
        )
        made += 1
    return made


def _pilot_case_or_story(pilot: Pilot, networks: list[Network]) -> int:
    """The demo pilot in the case library of a network its buyer is in, or its public story."""
    challenge = pilot.group.challenge
    buyers = list(challenge.owners.all())
    if pilot.status in FINISHED_PILOT_STATUSES:
        for buyer in buyers:
            admin = _first_admin(buyer)
            if admin is not None:
                initial = story_initial(pilot=pilot)
                initial["title_sv"] = initial["title_sv"] or "Pilot i verklig drift"
                story_create(pilot=pilot, actor=admin, organisation=buyer, publish=True, **initial)
                return 1
        return 0
    for network in networks:
        for buyer in network.organisations.filter(pk__in=[b.pk for b in buyers]):
            admin = _first_admin(buyer)
            if admin is None:
                continue
            open_to_all = challenge.visibility == Visibility.PUBLIC
            case_create(
                network=network,
                actor=admin,
                author_organisation=buyer,
                cpv_codes=list(challenge.cpv_codes.all()),
                title_sv=pilot.title,
                industry_area="",
                what_was_bought=pilot.goals,
                route=pilot.route,
                results="Piloten pågår; resultaten fylls i efter utvärderingen.",
                lessons="",
                pilot=pilot,
                challenge=challenge,
                visibility=ContentVisibility.PUBLIC if open_to_all else ContentVisibility.MEMBERS,
            )
            return 1
    return 0


def _meeting(network: Network, owner: Organisation, coordinator: User) -> int:
    date = timezone.localdate() + datetime.timedelta(days=45)
    event = event_create(
        creator=coordinator,
        organisers=[owner],
        kind=EventKind.NETWORK_MEETING,
        title=MEETING_TITLE,
        date=date,
        start_time=datetime.time(13, 0),
        end_time=datetime.time(16, 0),
        description=(
            "Medlemmarna jämför sina utmaningar om matsvinn i skolor och bestämmer om en "
            "gemensam marknadsdialog."
        ),
        place="Digitalt (länk skickas till anmälda)",
        registration_open=True,
        network_id=network.pk,
    )
    event_publish(event=event)
    return 1


@transaction.atomic
def demo_networks_load() -> int:
    """Give the demo networks an owner, a coordinator and shared content unless done before.

    Returns how many things (cases, routines, events, invitations, stories) it created.
    """
    owner = Organisation.objects.filter(org_number=OWNER_ORG_NUMBER).first()
    coordinator = User.objects.filter(email=COORDINATOR_EMAIL).first()
    if owner is None or coordinator is None:
        return 0
    networks = list(Network.objects.filter(slug__in=[SOUTH, NORTH]).order_by("slug"))
    if not networks or any(n.owner_id for n in networks):
        return 0
    made = 0
    for network in networks:
        _set_up(network, owner, coordinator)
    south = next((n for n in networks if n.slug == SOUTH), networks[0])
    made += _cases(south)
    routine_create(
        network=south,
        actor=coordinator,
        author_organisation=owner,
        title=ROUTINE_TITLE,
        description=ROUTINE_TEXT,
        url="https://www.upphandlingsmyndigheten.se/",
        visibility=ContentVisibility.MEMBERS,
    )
    made += 1
    made += _meeting(south, owner, coordinator)
    invited = Organisation.objects.filter(org_number=INVITED_ORG_NUMBER).first()
    if (
        invited is not None
        and not NetworkInvitation.objects.filter(network=south, organisation=invited).exists()
    ):
        invitation_create_for_organisation(
            network=south,
            organisation=invited,
            invited_by=coordinator,
            message=(
                "Välkommen in i nätverket! Vi vill gärna höra om er pilot och era erfarenheter "
                "av matchdagar."
            ),
        )
        made += 1
    pilot = Pilot.objects.select_related("group__challenge").order_by("pk").first()
    told = pilot is not None and (
        Story.objects.filter(pilot=pilot).exists() or Case.objects.filter(pilot=pilot).exists()
    )
    if pilot is not None and not told:
        made += _pilot_case_or_story(pilot, networks)
    return made
