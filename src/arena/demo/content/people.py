"""Invented people: names that reflect Sweden today, e-mail addresses under .example and phone
numbers from the ranges the Swedish Post and Telecom Authority (PTS) sets aside for fiction."""

import random
import unicodedata


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    """
    Anna Erik Sara Johan Karin Omar Elin Jonas Fatima Mikael Sofia Ahmed Linnea Peter Amira
    Nils Ida Mohammed Frida Anders Zeynep Gustav Ebba Jukka Aino Per Maria Henrik Yasmin
    Magnus Klara Samir Elsa Viktor Julia Hassan Ingrid Mats Nour Tove Lars Sanna Ibrahim
    Malin Petra Emil Hanna Ali Agnes David Leila Oskar Emma Daniel Saga Tomas Maja Ronja
    Björn Lina Amir Helena Niklas Josefin Ville Marta Kristoffer Asha Fredrik Ylva
    """
)
SURNAMES = _words(
    """
    Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson
    Pettersson Jonsson Jansson Hansson Bengtsson Lindberg Lindström Lundgren Berg Bergström
    Sjöberg Holm Ek Nyström Öberg Åberg Sandberg Forsberg Hedlund Mattsson Lundin Ali
    Mohamed Hassan Yilmaz Nguyen Korhonen Virtanen Kaya Rahimi Haddad Abdi Sandström
    Wikström Engström Dahl Strand Blom Falk Sundqvist Lindgren Axelsson Isaksson Fransson
    Magnusson Holmberg Nordin Marklund Lundqvist Hedström Sahlin Juhlin Mäkinen Sarri
    """
)
BUYER_TITLES = (
    "upphandlare",
    "innovationsstrateg",
    "verksamhetsutvecklare",
    "upphandlingschef",
    "digitaliseringsstrateg",
    "projektledare",
    "utvecklingsledare",
)
COMPANY_FOUNDER_TITLES = ("vd och grundare", "grundare", "vd", "medgrundare och vd")
COMPANY_CONTACT_ROLES = (
    "försäljningsansvarig offentlig sektor",
    "kundansvarig",
    "produktägare",
    "projektledare",
    "teknisk chef",
    "affärsutvecklare",
)

# PTS numbers for use in fiction (telefonnummer för fiktiv användning): never assigned to anyone.
_FICTION_RANGES = (
    ("070-174 06", 5, 99),
    ("08-465 004", 0, 99),
    ("031-390 06", 0, 99),
    ("040-628 04", 0, 99),
)


def ascii_fold(text: str) -> str:
    """Lower-case ASCII for e-mail addresses and domains: Åsa Öberg → asa.oberg."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c if c.isalnum() and c.isascii() else "-" for c in folded).strip("-")


def full_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def email_for(name: str, domain: str, taken: set[str]) -> str:
    """first.last@domain, made unique against `taken` (which it updates)."""
    first, _, last = name.partition(" ")
    local = f"{ascii_fold(first)}.{ascii_fold(last)}".replace("-", "")
    address, n = f"{local}@{domain}", 2
    while address in taken:
        address, n = f"{local}{n}@{domain}", n + 1
    taken.add(address)
    return address


def fiction_phone(rng: random.Random) -> str:
    prefix, low, high = rng.choice(_FICTION_RANGES)
    return f"{prefix} {rng.randint(low, high):02d}"
