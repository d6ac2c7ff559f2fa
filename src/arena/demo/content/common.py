"""Sentences and word lists shared by all sectors, so generated texts vary without copy-paste."""

from arena.demo.content.types import Pair

# A closing sentence or two for challenge texts, in both languages.
CHALLENGE_CLOSINGS: tuple[Pair, ...] = (
    (
        "Vi välkomnar även idéer som ännu inte är färdiga produkter.",
        "We also welcome ideas that are not yet finished products.",
    ),
    (
        "Vi planerar en marknadsdialog och vill gärna träffa både etablerade företag och startups.",
        "We are planning a market dialogue and would like to meet both established companies and startups.",
    ),
    (
        "Lösningen får gärna tas fram tillsammans med andra beställare som har samma behov.",
        "The solution may well be developed together with other buyers who have the same need.",
    ),
    (
        "Vi kan erbjuda en testmiljö i verklig drift och personal som vill vara med och utveckla.",
        "We can offer a test environment in real operation and staff who want to take part in development.",
    ),
    (
        "Vi beskriver behovet, inte lösningen – föreslå gärna något vi inte har tänkt på.",
        "We describe the need, not the solution – feel free to propose something we have not thought of.",
    ),
    (
        "Små företag och konsortier är välkomna; vi delar gärna upp arbetet i etapper.",
        "Small companies and consortia are welcome; we are happy to split the work into stages.",
    ),
    (
        "Resultatet ska kunna spridas till andra verksamheter om piloten faller väl ut.",
        "The result should be possible to spread to other services if the pilot goes well.",
    ),
)

# A sentence about how the company works, for solution texts.
SOLUTION_ANGLES: tuple[Pair, ...] = (
    (
        "Data lagras inom EU och vi tecknar personuppgiftsbiträdesavtal.",
        "Data is stored in the EU and we sign a data processing agreement.",
    ),
    (
        "Lösningen är utvecklad tillsammans med användare i offentlig sektor.",
        "The solution was developed together with users in the public sector.",
    ),
    (
        "Öppna API:er gör det enkelt att koppla lösningen till befintliga system.",
        "Open APIs make it easy to connect the solution to existing systems.",
    ),
    (
        "Vi erbjuder utbildning på plats och support på svenska.",
        "We offer on-site training and support in Swedish.",
    ),
    (
        "Hårdvaran är reparerbar och tas tillbaka för återbruk när avtalet löper ut.",
        "The hardware is repairable and taken back for reuse when the contract ends.",
    ),
    (
        "Vi deltar gärna i förkommersiell upphandling eller innovationspartnerskap.",
        "We are happy to take part in pre-commercial procurement or an innovation partnership.",
    ),
    (
        "Koden är öppen källkod och kan drivas av kommunen själv.",
        "The code is open source and can be run by the municipality itself.",
    ),
    (
        "Vi är ett litet team och arbetar nära varje kund under införandet.",
        "We are a small team and work closely with each customer during roll-out.",
    ),
    (
        "Tjänsten uppfyller kraven i lagen om tillgänglighet till digital offentlig service.",
        "The service meets the requirements of the Swedish web accessibility act.",
    ),
    (
        "Vi redovisar klimatnyttan per kund varje år.",
        "We report the climate benefit per customer every year.",
    ),
)

# What a solution at an early stage says instead of results from customers.
STAGE_SENTENCES: dict[str, tuple[Pair, ...]] = {
    "idea": (
        (
            "Lösningen är på idéstadiet. Vi söker en beställare som vill utveckla den tillsammans med oss, till exempel i en förkommersiell upphandling.",
            "The solution is at the idea stage. We are looking for a buyer who wants to develop it with us, for example in a pre-commercial procurement.",
        ),
        (
            "Konceptet är beskrivet och vi har intervjuat användare. Nästa steg är en första prototyp.",
            "The concept is described and we have interviewed users. The next step is a first prototype.",
        ),
    ),
    "prototype": (
        (
            "En prototyp finns och har testats i labbmiljö. Vi söker en testbädd i verklig drift.",
            "A prototype exists and has been tested in a lab. We are looking for a test bed in real operation.",
        ),
        (
            "Produkten är fortfarande under utveckling; en första version har provats med några användare.",
            "The product is still under development; a first version has been tried with a few users.",
        ),
    ),
    "pilot": (
        (
            "Just nu pågår en pilot tillsammans med {customer}.",
            "A pilot with {customer} is under way.",
        ),
        (
            "Lösningen testas i en pilot hos {customer} och utvärderas efter sex månader.",
            "The solution is being piloted with {customer} and will be evaluated after six months.",
        ),
    ),
}

# Added to a company's brand to name a product.
PRODUCT_SUFFIXES = (
    "Sense",
    "Flow",
    "Kollen",
    "Insikt",
    "One",
    "Plus",
    "Go",
    "Core",
    "Pilot",
    "Vy",
    "Puls",
    "Karta",
    "Hub",
    "Lab",
)

# First and second halves of invented company brands: Granvik, Ljungdal, Norrsund …
BRAND_HEADS = (
    "Gran",
    "Ljung",
    "Norr",
    "Sol",
    "Björk",
    "Ek",
    "Fjäll",
    "Sjö",
    "Klar",
    "Ström",
    "Vind",
    "Berg",
    "Lind",
    "Ask",
    "Hav",
    "Myr",
    "Sten",
    "Älv",
    "Lo",
    "Rönn",
    "Tall",
    "Säl",
    "Mål",
    "Idun",
)
BRAND_TAILS = (
    "vik",
    "dal",
    "berg",
    "mo",
    "ström",
    "sund",
    "näs",
    "ås",
    "torp",
    "holm",
    "kvist",
    "fors",
    "lunda",
    "bo",
)

# Combinations that are the names of municipalities: a company named so would seem to be from there.
BRAND_EXCLUDED = ("Sjöbo", "Strömsund")

# Customers outside Arena that companies name as references.
PRIVATE_CUSTOMERS = (
    "Bostadsstiftelsen Ekbacken",
    "Fastighets AB Hamnkanten",
    "Skolmatsakademin",
    "Friskolan Lärkan",
    "Vårdbolaget Linnea",
    "Hotell Fjällgården",
    "Stiftelsen Kulturhuset Vågen",
    "Industrifastigheter Väst AB",
    "Idrottsföreningen Kamraterna",
    "Brf Solrosen",
)

FICTION_NOTE = "Påhittat företag i Arenas demodata."

SEASONS_SV = ("våren", "sommaren", "hösten", "vintern")
