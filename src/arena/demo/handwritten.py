"""The hand-written demo organisations and people with logins (the generated content is in content/).

Its own module so that the demo loaders of each app (readiness, alerts, ...) can read who the demo
companies are without importing demo.services, which calls them.
"""

from dataclasses import dataclass

from arena.organisations.enums import IntermediaryKind, MembershipRole, OrganisationKind, SizeClass

DEMO_PASSWORD = "arena-demo-2026"  # noqa: S105  # printed for everyone to use: demo only


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    kind: str
    org_number: str
    municipality_code: str = ""
    region_code: str = ""
    size_class: str = ""
    is_startup: bool = False
    intermediary_kind: str = ""
    website: str = ""
    description: str = ""


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    organisation: str  # org number
    role: str
    title: str  # what the person does, shown when the logins are printed


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    description: str


ORGANISATIONS = [
    DemoOrganisation(
        "Uppsala kommun",
        OrganisationKind.MUNICIPALITY,
        "212000-3005",
        municipality_code="0380",
        description="Kommunen arbetar med fokusområdena skolmåltider, äldreomsorg och klimatanpassning.",
    ),
    DemoOrganisation(
        "Göteborgs Stad",
        OrganisationKind.MUNICIPALITY,
        "212000-1355",
        municipality_code="1480",
        description="Staden söker nya lösningar för hållbar mobilitet och medborgardialog.",
    ),
    DemoOrganisation(
        "Region Skåne",
        OrganisationKind.REGION,
        "232100-0255",
        region_code="12",
        description="Regionen utvecklar vården på distans och en fossilfri kollektivtrafik.",
    ),
    DemoOrganisation(
        "Trafikverket",
        OrganisationKind.AGENCY,
        "202100-6297",
        municipality_code="2081",
        description="Myndigheten ansvarar för den långsiktiga planeringen av transportsystemet.",
    ),
    DemoOrganisation(
        "Solgläntan Energi AB",
        OrganisationKind.COMPANY,
        "559123-4561",
        municipality_code="2480",
        size_class=SizeClass.MICRO,
        is_startup=True,
        website="https://solglantan.example",
        description="Styrning av värme och solel i offentliga lokaler, med mätbar energibesparing.",
    ),
    DemoOrganisation(
        "Kvarnby Digital AB",
        OrganisationKind.COMPANY,
        "559234-5671",
        municipality_code="1280",
        size_class=SizeClass.SMALL,
        website="https://kvarnby.example",
        description="Tillgängliga e-tjänster och digital medborgardialog för kommuner.",
    ),
    DemoOrganisation(
        "Nordvik Mobilitet AB",
        OrganisationKind.COMPANY,
        "559345-6782",
        municipality_code="1480",
        size_class=SizeClass.MICRO,
        is_startup=True,
        description="Delade elcyklar och lastcyklar för hemtjänst och kommunal verksamhet.",
    ),
    DemoOrganisation(
        "Lövträd Foodtech AB",
        OrganisationKind.COMPANY,
        "559456-7892",
        municipality_code="0380",
        size_class=SizeClass.MICRO,
        is_startup=True,
        description="Planering av skolmåltider som minskar matsvinnet och ökar andelen ekologiskt.",
    ),
    DemoOrganisation(
        "Brofästet Teknik AB",
        OrganisationKind.COMPANY,
        "556567-8900",
        municipality_code="0580",
        size_class=SizeClass.MEDIUM,
        description="Sensorer och drift för vatten och avlopp.",
    ),
    DemoOrganisation(
        "Fyrisån Science Park",
        OrganisationKind.INTERMEDIARY,
        "802456-7896",
        municipality_code="0380",
        intermediary_kind=IntermediaryKind.SCIENCE_PARK,
        description="Driver program och matchdagar mellan offentliga beställare och startups i regionen.",
    ),
]

PEOPLE = [
    DemoPerson(
        "anna.lindqvist@uppsala.example",
        "Anna Lindqvist",
        "212000-3005",
        MembershipRole.ADMIN,
        "inköpare, Uppsala kommun (administratör)",
    ),
    DemoPerson(
        "erik.johansson@uppsala.example",
        "Erik Johansson",
        "212000-3005",
        MembershipRole.MEMBER,
        "projektledare, Uppsala kommun (medlem)",
    ),
    DemoPerson(
        "sara.nilsson@skane.example",
        "Sara Nilsson",
        "232100-0255",
        MembershipRole.ADMIN,
        "upphandlingschef, Region Skåne (administratör)",
    ),
    DemoPerson(
        "maja.berg@solglantan.example",
        "Maja Berg",
        "559123-4561",
        MembershipRole.ADMIN,
        "grundare, Solgläntan Energi AB (startup)",
    ),
    DemoPerson(
        "omar.haddad@kvarnby.example",
        "Omar Haddad",
        "559234-5671",
        MembershipRole.ADMIN,
        "vd, Kvarnby Digital AB (småföretag)",
    ),
    DemoPerson(
        "lena.holm@fyrisan.example",
        "Lena Holm",
        "802456-7896",
        MembershipRole.ADMIN,
        "programledare, Fyrisån Science Park",
    ),
]

STAFF_EMAIL = "admin@arena.example"
