"""Check a company against a notice's stated selection requirements: met, not met, or cannot tell.

Plain Python over `ReadinessFacts` and the notice's `requirements` list (no Django but gettext),
so every rule is tested with facts built by hand. Choices made here, on purpose:

- Missing facts never count against the company: "cannot tell", with what to add.
- Turnover stated in EUR is converted at `sek_per_eur` (an approximate rate, the caller's
  setting); any other currency cannot be compared.
- Certificates are compared by standard, not edition: "ISO 9001:2015" ≈ "SS-EN ISO 9001" ≈ "ISO
  9001". EMAS counts for ISO 14001 (EMAS includes the ISO 14001 requirements).
- "Or equivalent": buyers must accept equivalent certificates and, when a company could not get
  one in time, other evidence of equivalent measures (LOU 15 kap., directive art. 62). When the
  notice says so and the company has no certificate, the answer is "cannot tell" rather than "not
  met": a documented system of its own may be enough.
- References count in the window the law allows a buyer to look back: five years for works,
  three for supplies and services (LOU 15 kap. 11 §); unknown nature uses the stricter three.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from arena.readiness.facts import ReadinessFacts

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"

# Requirement kinds (arena.notices.enums.RequirementKind values), spelled out so this module
# needs no models.
TURNOVER, INSURANCE, CERTIFICATION, REFERENCES, REGISTRATION = (
    "turnover",
    "insurance",
    "certification",
    "references",
    "registration",
)

# The readiness checklist item (domain.md §4.4) where a company adds what a requirement asks for.
READINESS_ITEMS = {
    TURNOVER: "RD-07",
    INSURANCE: "RD-08",
    REFERENCES: "RD-09",
    REGISTRATION: "RD-01",
}
_CERTIFICATION_ITEMS = {"ISO 9001": "RD-11", "ISO 14001": "RD-12", "EMAS": "RD-12"}
_CERTIFICATION_DEFAULT_ITEM = "RD-10"

# What a certificate stands in for besides itself.
_ALSO_COUNTS_AS = {"EMAS": frozenset({"ISO 14001"})}

_EQUIVALENT = re.compile(
    r"\b(or\s+equivalent|equivalent|likvärdig\w*|motsvarande|gleichwertig\w*|équivalent\w*)\b",
    re.IGNORECASE,
)
_STANDARD = re.compile(
    r"\b(?:(?:SS[-\s]?)?(?:EN[-\s]?)?ISO(?:/IEC)?)\s*[-:]?\s*(\d{4,5})(?:[-:]\d+)*(?::\d{4})?"
    r"|\b(EMAS)\b",
    re.IGNORECASE,
)
# Works contracts look back five years, supplies and services three (LOU 15 kap. 11 §).
WORKS = "works"


@dataclass(frozen=True)
class CheckResult:
    kind: str
    status: str  # MET, NOT_MET or UNKNOWN
    reason: str
    text: str  # the requirement as the notice states it
    lot: str = ""
    # The readiness checklist item that helps ("RD-07"), for a link; "" when none does.
    readiness_item: str = ""


def _money(amount: float) -> str:
    """12 345 678 with no-break spaces, the way Swedish (and SI) writing groups digits."""
    return f"{round(amount):,}".replace(",", "\u00a0")


def standard_names(text: str) -> frozenset[str]:
    """The standards named in a text, normalised: "SS-EN ISO 9001:2015" → {"ISO 9001"}."""
    names = set()
    for match in _STANDARD.finditer(text or ""):
        number, _emas = match.groups()
        names.add(f"ISO {number}" if number else "EMAS")
    return frozenset(names)


def normalise_certifications(names: Iterable[str]) -> frozenset[str]:
    """A company's certificates as standards, each with what it also counts for."""
    found: set[str] = set()
    for name in names:
        standards = standard_names(name) or {" ".join(str(name).upper().split())}
        for standard in standards:
            found.add(standard)
            found |= _ALSO_COUNTS_AS.get(standard, frozenset())
    return frozenset(found)


def _amount_in_sek(requirement: Mapping[str, Any], sek_per_eur: float) -> tuple[float | None, str]:
    """The required amount in SEK, and how the notice put it ("" when it gave SEK)."""
    amount = requirement.get("amount")
    if amount is None:
        return None, ""
    currency = str(requirement.get("currency") or "SEK").upper()
    if currency == "SEK":
        return float(amount), ""
    if currency == "EUR":
        return float(amount) * sek_per_eur, _(
            "%(amount)s EUR, about %(sek)s SEK at %(rate)s SEK per euro"
        ) % {
            "amount": _money(float(amount)),
            "sek": _money(float(amount) * sek_per_eur),
            "rate": sek_per_eur,
        }
    raise ValueError(currency)


def _check_turnover(
    req: Mapping[str, Any], facts: ReadinessFacts, sek_per_eur: float
) -> tuple[str, str]:
    try:
        required, stated = _amount_in_sek(req, sek_per_eur)
    except ValueError as error:
        return UNKNOWN, _(
            "The notice states the turnover in %(currency)s, which Arena cannot convert; read the requirement."
        ) % {"currency": str(error)}
    if required is None:
        return UNKNOWN, _(
            "The notice asks about turnover without stating an amount; read the requirement."
        )
    if facts.annual_turnover_sek is None:
        return UNKNOWN, _(
            "Add your latest annual turnover to your readiness check to compare it with the required %(required)s."
        ) % {"required": stated or f"{_money(required)} SEK"}
    values = {
        "turnover": _money(facts.annual_turnover_sek),
        "required": stated or f"{_money(required)} SEK",
    }
    if facts.annual_turnover_sek >= required:
        return MET, _("Your turnover %(turnover)s SEK meets the required %(required)s.") % values
    return NOT_MET, _("Your turnover %(turnover)s SEK is below the required %(required)s.") % values


def _check_insurance(
    req: Mapping[str, Any], facts: ReadinessFacts, sek_per_eur: float
) -> tuple[str, str]:
    if facts.liability_insurance_sek is None:
        return UNKNOWN, _(
            "No valid liability insurance is recorded in your readiness check (none stated, or its certificate has expired)."
        )
    try:
        required, stated = _amount_in_sek(req, sek_per_eur)
    except ValueError as error:
        return UNKNOWN, _(
            "The notice states the cover in %(currency)s, which Arena cannot convert; read the requirement."
        ) % {"currency": str(error)}
    cover = _money(facts.liability_insurance_sek)
    if required is None:
        return MET, _("You have liability insurance with a cover of %(cover)s SEK.") % {
            "cover": cover
        }
    values = {"cover": cover, "required": stated or f"{_money(required)} SEK"}
    if facts.liability_insurance_sek >= required:
        return MET, _(
            "Your insurance cover %(cover)s SEK meets the required %(required)s."
        ) % values
    return NOT_MET, _(
        "Your insurance cover %(cover)s SEK is below the required %(required)s."
    ) % values


def _check_certification(req: Mapping[str, Any], facts: ReadinessFacts) -> tuple[str, str, str]:
    text = str(req.get("text") or "")
    wanted = standard_names(str(req.get("standard") or "")) or standard_names(text)
    if not wanted:
        return (
            UNKNOWN,
            _("Arena cannot tell which certificate is asked for; read the requirement."),
            _CERTIFICATION_DEFAULT_ITEM,
        )
    held = normalise_certifications(facts.certifications)
    missing = sorted(wanted - held)
    item = _CERTIFICATION_ITEMS.get(
        missing[0] if missing else sorted(wanted)[0], _CERTIFICATION_DEFAULT_ITEM
    )
    names = ", ".join(sorted(wanted))
    if not missing:
        return MET, _("You have a valid %(standards)s certificate.") % {"standards": names}, item
    lacking = ", ".join(missing)
    if _EQUIVALENT.search(text) or _EQUIVALENT.search(str(req.get("standard") or "")):
        return (
            UNKNOWN,
            _(
                "You have no valid %(standards)s certificate, but the notice accepts equivalent measures: describe your own system."
            )
            % {"standards": lacking},
            item,
        )
    return NOT_MET, _("You have no valid %(standards)s certificate.") % {"standards": lacking}, item


def _check_references(
    req: Mapping[str, Any], facts: ReadinessFacts, contract_nature: str
) -> tuple[str, str]:
    count = req.get("count")
    wanted = int(count) if isinstance(count, int | float) and count > 0 else 1
    years = 5 if contract_nature == WORKS else 3
    have = facts.references_last_5_years if years == 5 else facts.references_last_3_years
    values = {"have": have, "wanted": wanted, "years": years}
    if have >= wanted:
        return MET, _(
            "You have %(have)s references from the last %(years)s years; the notice asks for %(wanted)s."
        ) % values
    return NOT_MET, _(
        "You have %(have)s references from the last %(years)s years; the notice asks for %(wanted)s."
    ) % values


def _check_registration(facts: ReadinessFacts) -> tuple[str, str]:
    if facts.registered and facts.f_tax_approved:
        return MET, _("You are registered and approved for F-tax.")
    if not facts.registered:
        return UNKNOWN, _("Confirm your registration certificate in your readiness check.")
    return UNKNOWN, _("Confirm your F-tax approval in your readiness check.")


def check_requirements(
    requirements: Sequence[Mapping[str, Any]],
    facts: ReadinessFacts,
    *,
    contract_nature: str = "",
    sek_per_eur: float,
) -> list[CheckResult]:
    """One result per requirement the notice states, in its order."""
    results = []
    for req in requirements:
        if not isinstance(req, Mapping):
            continue
        kind = str(req.get("kind") or "")
        item = READINESS_ITEMS.get(kind, "")
        if kind == TURNOVER:
            status, reason = _check_turnover(req, facts, sek_per_eur)
        elif kind == INSURANCE:
            status, reason = _check_insurance(req, facts, sek_per_eur)
        elif kind == CERTIFICATION:
            status, reason, item = _check_certification(req, facts)
        elif kind == REFERENCES:
            status, reason = _check_references(req, facts, contract_nature)
        elif kind == REGISTRATION:
            status, reason = _check_registration(facts)
        else:
            status, reason = (
                UNKNOWN,
                _("Arena cannot check this requirement; read it in the notice."),
            )
        results.append(
            CheckResult(
                kind=kind,
                status=status,
                reason=reason,
                text=str(req.get("text") or ""),
                lot=str(req.get("lot") or ""),
                readiness_item=item if status != MET else "",
            )
        )
    return results
