"""Where the demo companies are, how they spread over sectors, and the five the demo always had."""

from dataclasses import dataclass

from arena.organisations.enums import SizeClass as S
from arena.supply.enums import Certification as C

# (municipality code, name, county code, weight): big cities weigh more, every county has some.
COMPANY_PLACES: tuple[tuple[str, str, str, int], ...] = (
    ("0180", "Stockholm", "01", 14),
    ("0184", "Solna", "01", 4),
    ("0114", "Upplands Väsby", "01", 1),
    ("0127", "Botkyrka", "01", 1),
    ("0136", "Haninge", "01", 1),
    ("0380", "Uppsala", "03", 5),
    ("0382", "Östhammar", "03", 1),
    ("0480", "Nyköping", "04", 1),
    ("0484", "Eskilstuna", "04", 2),
    ("0580", "Linköping", "05", 4),
    ("0581", "Norrköping", "05", 3),
    ("0583", "Motala", "05", 1),
    ("0680", "Jönköping", "06", 3),
    ("0617", "Gnosjö", "06", 1),
    ("0683", "Värnamo", "06", 1),
    ("0780", "Växjö", "07", 2),
    ("0765", "Älmhult", "07", 1),
    ("0880", "Kalmar", "08", 2),
    ("0883", "Västervik", "08", 1),
    ("0980", "Gotland", "09", 1),
    ("1080", "Karlskrona", "10", 2),
    ("1082", "Karlshamn", "10", 1),
    ("1280", "Malmö", "12", 7),
    ("1281", "Lund", "12", 5),
    ("1283", "Helsingborg", "12", 3),
    ("1290", "Kristianstad", "12", 1),
    ("1380", "Halmstad", "13", 2),
    ("1384", "Kungsbacka", "13", 1),
    ("1480", "Göteborg", "14", 10),
    ("1490", "Borås", "14", 2),
    ("1488", "Trollhättan", "14", 1),
    ("1494", "Lidköping", "14", 1),
    ("1780", "Karlstad", "17", 2),
    ("1784", "Arvika", "17", 1),
    ("1880", "Örebro", "18", 3),
    ("1883", "Karlskoga", "18", 1),
    ("1980", "Västerås", "19", 3),
    ("2080", "Falun", "20", 2),
    ("2081", "Borlänge", "20", 1),
    ("2062", "Mora", "20", 1),
    ("2180", "Gävle", "21", 2),
    ("2182", "Söderhamn", "21", 1),
    ("2281", "Sundsvall", "22", 2),
    ("2280", "Härnösand", "22", 1),
    ("2380", "Östersund", "23", 2),
    ("2321", "Åre", "23", 1),
    ("2480", "Umeå", "24", 4),
    ("2482", "Skellefteå", "24", 2),
    ("2580", "Luleå", "25", 3),
    ("2581", "Piteå", "25", 1),
    ("2584", "Kiruna", "25", 1),
)
PLACE_NAMES = {code: name for code, name, _region, _weight in COMPANY_PLACES}
PLACE_REGIONS = {code: region for code, _name, region, _weight in COMPANY_PLACES}

# How many of the new companies work in each sector, relative to the others.
SECTOR_WEIGHTS = {
    "digital": 16,
    "energy": 13,
    "healthcare": 12,
    "mobility": 12,
    "elderly_care": 11,
    "school_meals": 9,
    "water": 9,
    "construction": 10,
    "waste": 9,
    "culture": 7,
    "safety": 8,
    "education": 9,
    "climate": 8,
}

CERTIFICATIONS_BY_SECTOR: dict[str, tuple[str, ...]] = {
    "digital": (C.ISO_27001, C.ISO_9001),
    "energy": (C.ISO_50001, C.ISO_14001, C.ISO_9001),
    "healthcare": (C.ISO_27001, C.ISO_9001),
    "mobility": (C.ISO_14001, C.ISO_9001),
    "elderly_care": (C.ISO_27001, C.ISO_9001),
    "school_meals": (C.ISO_14001, C.SVANEN),
    "water": (C.ISO_9001, C.ISO_14001, C.ISO_45001),
    "construction": (C.ISO_14001, C.ISO_45001, C.ISO_9001),
    "waste": (C.ISO_14001, C.ISO_45001),
    "culture": (C.ISO_9001,),
    "safety": (C.ISO_27001, C.ISO_9001),
    "education": (C.ISO_27001,),
    "climate": (C.ISO_14001, C.ISO_9001),
}


# The five companies of services.ORGANISATIONS, as they are there, plus what their profiles say.
# Maja Berg and Omar Haddad are demo logins; the others get a contact person of their own.
@dataclass(frozen=True)
class ExistingCompany:
    org_number: str
    name: str
    sector: str
    brand: str
    size_class: str
    is_startup: bool
    municipality_code: str
    founded_year: int
    employees: int
    contact_name: str
    contact_email: str


EXISTING_COMPANIES: tuple[ExistingCompany, ...] = (
    ExistingCompany(
        "559123-4561",
        "Solgläntan Energi AB",
        "energy",
        "Solgläntan",
        S.MICRO,
        True,
        "2480",
        2021,
        4,
        "Maja Berg",
        "maja.berg@solglantan.example",
    ),
    ExistingCompany(
        "559234-5671",
        "Kvarnby Digital AB",
        "digital",
        "Kvarnby",
        S.SMALL,
        False,
        "1280",
        2014,
        23,
        "Omar Haddad",
        "omar.haddad@kvarnby.example",
    ),
    ExistingCompany(
        "559345-6782",
        "Nordvik Mobilitet AB",
        "mobility",
        "Nordvik",
        S.MICRO,
        True,
        "1480",
        2022,
        6,
        "Tove Nyström",
        "tove.nystrom@nordvik.example",
    ),
    ExistingCompany(
        "559456-7892",
        "Lövträd Foodtech AB",
        "school_meals",
        "Lövträd",
        S.MICRO,
        True,
        "0380",
        2020,
        5,
        "Ebba Lundqvist",
        "ebba.lundqvist@lovtrad.example",
    ),
    ExistingCompany(
        "556567-8900",
        "Brofästet Teknik AB",
        "water",
        "Brofästet",
        S.MEDIUM,
        False,
        "0580",
        1998,
        85,
        "Anders Mattsson",
        "anders.mattsson@brofastet.example",
    ),
)
