"""Swedish organisation numbers for invented organisations: nine digits and a Luhn check digit."""

from stdnum import luhn

MUNICIPALITY_PREFIX = "212000"
REGION_PREFIX = "232100"
AGENCY_PREFIX = "202100"


def org_number(first_nine: str) -> str:
    """NNNNNN-NNNC, with C the Luhn check digit of the nine digits (the form Bolagsverket prints)."""
    if len(first_nine) != 9 or not first_nine.isdigit():
        raise ValueError(f"expected nine digits, got {first_nine!r}")
    check = luhn.calc_check_digit(first_nine)
    return f"{first_nine[:6]}-{first_nine[6:]}{check}"


def public_body_number(prefix: str, serial: int) -> str:
    """A number in a public-sector series, e.g. 212000-NNNC for municipalities."""
    return org_number(f"{prefix}{serial:03d}")
