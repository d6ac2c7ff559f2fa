"""The procurement route advisor: from a few facts about a purchase to ordered routes with reasons.

Plain logic with no database access: the caller passes the thresholds and limits as `ThresholdRow`s
(selectors load them from the `Threshold` model, tests build their own), so an administrator can
change an amount or add a new period without touching this module. The decision table follows
domain.md §2.2; the legal references are the ones listed there, and they describe LOU. Utilities
follow LUF (2016:1146), whose chapters are numbered differently, so for them the advice says so.

This is guidance, not legal advice: every route carries the reasons it was chosen for, so a buyer
can check them against their own situation.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import TextChoices
from django.utils.translation import gettext as _

from arena.pilots.enums import (
    BuyerType,
    ContractType,
    MarketAvailability,
    Route,
    ThresholdKind,
)


class AdvisorError(ValueError):
    """Input the advisor cannot judge; `field` names the input that is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ThresholdRow:
    """One amount valid over a date range. Blank buyer or contract type means "any"."""

    kind: str
    amount_sek: Decimal | None
    valid_from: datetime.date
    valid_to: datetime.date | None = None
    buyer_type: str = ""
    contract_type: str = ""
    amount_eur: Decimal | None = None
    source: str = ""

    def applies(self, *, on: datetime.date, buyer_type: str, contract_type: str) -> bool:
        return (
            self.valid_from <= on
            and (self.valid_to is None or on <= self.valid_to)
            and self.buyer_type in ("", buyer_type)
            and self.contract_type in ("", contract_type)
        )

    @property
    def specificity(self) -> int:
        return int(bool(self.buyer_type)) + int(bool(self.contract_type))


@dataclass(frozen=True)
class Purchase:
    value_sek: Decimal
    buyer_type: str
    contract_type: str
    solution_on_market: str
    rnd_needed: bool
    recurring: bool
    on: datetime.date


# Where each route is explained in the knowledge bank (arena.knowledge ships these guides).
ROUTE_GUIDES: dict[str, str] = {
    Route.MARKET_DIALOGUE: "early-dialogue",
    Route.DIRECT_AWARD: "thresholds-direct-award",
    Route.INNOVATION_PARTNERSHIP: "innovation-partnership",
    Route.PRE_COMMERCIAL: "pre-commercial-procurement",
    Route.COMPETITIVE_DIALOGUE: "innovation-procurement",
    Route.OPEN_PROCEDURE: "functional-requirements",
    Route.DYNAMIC_PURCHASING: "innovation-procurement",
}


@dataclass(frozen=True)
class Recommendation:
    route: Route
    title: str
    reasons: tuple[str, ...]
    legal_basis: str

    @property
    def guide(self) -> str:
        """The knowledge-bank guide (by slug) that explains this route."""
        return ROUTE_GUIDES[self.route]


@dataclass(frozen=True)
class Advice:
    purchase: Purchase
    recommendations: tuple[Recommendation, ...]
    # None when no row covers the date (or the row has no SEK amount): the advice says so.
    direct_award_limit: ThresholdRow | None
    eu_threshold: ThresholdRow | None
    above_eu_threshold: bool | None
    warnings: tuple[str, ...] = field(default=())

    @property
    def routes(self) -> list[Route]:
        return [recommendation.route for recommendation in self.recommendations]


def _sek(amount: Decimal) -> str:
    # Swedish style with a narrow no-break space between thousands: 700 000 kr.
    return f"{amount:,.0f}".replace(",", "\u202f") + " kr"


def _choice(value: str, allowed: type[TextChoices], field_name: str, label: str) -> str:
    if value not in {member.value for member in allowed}:
        raise AdvisorError(
            field_name,
            _("Unknown %(label)s “%(value)s”; choose one of: %(choices)s.")
            % {"label": label, "value": value, "choices": ", ".join(m.value for m in allowed)},
        )
    return value


def purchase_validate(
    *,
    value_sek: Decimal | int | str,
    buyer_type: str,
    contract_type: str,
    solution_on_market: str,
    rnd_needed: bool,
    recurring: bool,
    on: datetime.date,
) -> Purchase:
    """The purchase, or AdvisorError naming the first input that is out of range."""
    try:
        value = Decimal(str(value_sek))
    except ArithmeticError as error:
        raise AdvisorError("value_sek", _("The estimated value must be a number.")) from error
    if not value.is_finite():
        raise AdvisorError("value_sek", _("The estimated value must be a number."))
    if value < 0:
        raise AdvisorError("value_sek", _("The estimated value cannot be negative."))
    return Purchase(
        value_sek=value,
        buyer_type=_choice(buyer_type, BuyerType, "buyer_type", _("buyer type")),
        contract_type=_choice(contract_type, ContractType, "contract_type", _("contract type")),
        solution_on_market=_choice(
            solution_on_market, MarketAvailability, "solution_on_market", _("market answer")
        ),
        rnd_needed=rnd_needed,
        recurring=recurring,
        on=on,
    )


def threshold_pick(
    rows: Iterable[ThresholdRow], *, kind: str, purchase: Purchase
) -> ThresholdRow | None:
    """The most specific row of `kind` in force on the purchase's date, or None."""
    matching = [
        row
        for row in rows
        if row.kind == kind
        and row.applies(
            on=purchase.on, buyer_type=purchase.buyer_type, contract_type=purchase.contract_type
        )
    ]
    if not matching:
        return None
    return max(matching, key=lambda row: (row.specificity, row.valid_from))


def _law(purchase: Purchase) -> str:
    return "LUF (2016:1146)" if purchase.buyer_type == BuyerType.UTILITY else "LOU (2016:1145)"


def _market_dialogue(purchase: Purchase) -> Recommendation:
    return Recommendation(
        route=Route.MARKET_DIALOGUE,
        title=_("Market dialogue / request for information first"),
        reasons=(
            _(
                "Talking to suppliers before a procurement is allowed and helps small companies "
                "respond; it shows what the market can do and which requirements make sense."
            ),
            _(
                "Treat every supplier equally: document the dialogue, give everyone the same "
                "information and do not tailor the requirements to one supplier."
            ),
            _("Consider a prior information notice to announce the planned purchase."),
        ),
        legal_basis=_(
            "Directive 2014/24/EU art. 40–41; the principles in 4 kap. LOU; "
            "prior involvement 13 kap. 3 § LOU; prior information notice 10 kap. LOU"
        ),
    )


def _direct_award(
    purchase: Purchase, limit: Decimal, documentation: ThresholdRow | None
) -> Recommendation:
    reasons = [
        _("The estimated value, %(value)s, is at most the direct-award limit of %(limit)s.")
        % {"value": _sek(purchase.value_sek), "limit": _sek(limit)},
        _(
            "A direct award is the buyer's decision, never a supplier's right; follow your "
            "organisation's guidelines for direct awards and consider asking several suppliers."
        ),
    ]
    if documentation is not None and documentation.amount_sek is not None:
        if purchase.value_sek > documentation.amount_sek:
            reasons.append(
                _("Above %(limit)s the direct award must be documented, with its reasons.")
                % {"limit": _sek(documentation.amount_sek)}
            )
        else:
            reasons.append(
                _("At or below %(limit)s no documentation of the award is required.")
                % {"limit": _sek(documentation.amount_sek)}
            )
    return Recommendation(
        route=Route.DIRECT_AWARD,
        title=_("Direct award"),
        reasons=tuple(reasons),
        legal_basis=_("19 a kap. %(law)s") % {"law": _law(purchase)},
    )


def _advertising_reason(purchase: Purchase, above: bool | None) -> str:
    if above is None:
        return _(
            "Whether the value reaches the EU threshold could not be determined (see the "
            "warnings); if it does, the procurement must be advertised in TED."
        )
    if above:
        return _(
            "The value reaches the EU threshold: advertise in TED (eForms), accept the ESPD, "
            "and 13–15 kap. apply in full."
        )
    return _(
        "The value is below the EU threshold: advertise in a registered advertising database "
        "under 19 kap.; the buyer is free to design the procedure within the EU principles."
    )


def _innovation_partnership(purchase: Purchase, above: bool | None) -> Recommendation:
    return Recommendation(
        route=Route.INNOVATION_PARTNERSHIP,
        title=_("Innovation partnership"),
        reasons=(
            _(
                "Research and development is needed and no solution exists on the market; one "
                "procedure covers both the development and the later purchase."
            ),
            _(
                "Set out phases with interim targets, payment per phase and the IP arrangements "
                "in the procurement documents; allow at least 30 days for requests to "
                "participate; award on the best price-quality ratio."
            ),
            _advertising_reason(purchase, above),
        ),
        legal_basis=_("6 kap. LOU (incl. 6:30, 6:33, 6:40); Directive 2014/24/EU art. 31"),
    )


def _pre_commercial(purchase: Purchase) -> Recommendation:
    reasons = [
        _(
            "You buy research and development services only, in competing phases (solution "
            "design, prototype, test series) with several suppliers per phase."
        ),
        _(
            "It falls outside LOU only if the benefits are shared (the suppliers keep the IP) or "
            "the suppliers co-finance the work; the buyer must be able to show this."
        ),
        _("Buying the finished product afterwards needs a separate procurement."),
    ]
    if purchase.contract_type != ContractType.SERVICES:
        reasons.insert(
            0,
            _(
                "Only the research and development part can be bought this way, as a service; "
                "the supplies or works themselves cannot."
            ),
        )
    return Recommendation(
        route=Route.PRE_COMMERCIAL,
        title=_("Pre-commercial procurement (outside LOU)"),
        reasons=tuple(reasons),
        legal_basis=_("1 kap. 5 § LOU (R&D services); Commission communication COM(2007) 799"),
    )


def _competitive_dialogue(purchase: Purchase, above: bool | None) -> Recommendation:
    if purchase.solution_on_market == MarketAvailability.PARTLY:
        why = _("Solutions exist only in part and must be adapted to your need.")
    elif purchase.solution_on_market == MarketAvailability.NO:
        why = _("No ready solution exists, so the contract includes design or new solutions.")
    else:
        why = _("Development is needed, so existing solutions must be adapted.")
    reasons = [
        why,
        _(
            "Choose competitive dialogue when the outcome itself must be worked out with the "
            "candidates, and the negotiated procedure when the solutions are roughly known but "
            "the terms need negotiating."
        ),
    ]
    if above is not False:
        reasons.append(
            _(
                "Above the EU threshold one of the grounds must apply (adaptation, design or "
                "innovation, complexity or risk, or requirements that cannot be set precisely); "
                "record which."
            )
        )
    reasons.append(_advertising_reason(purchase, above))
    return Recommendation(
        route=Route.COMPETITIVE_DIALOGUE,
        title=_("Competitive dialogue or negotiated procedure with prior notice"),
        reasons=tuple(reasons),
        legal_basis=_("6 kap. LOU; Directive 2014/24/EU art. 26(4), 29–30"),
    )


def _open_procedure(purchase: Purchase, above: bool | None) -> Recommendation:
    return Recommendation(
        route=Route.OPEN_PROCEDURE,
        title=_("Open procedure with functional requirements"),
        reasons=(
            _("Solutions exist on the market, so suppliers can tender against your need."),
            _(
                "Describe the need and the outcome rather than a product, and allow variants, "
                "so new solutions and small companies can compete."
            ),
            _advertising_reason(purchase, above),
        ),
        legal_basis=_("6 kap. 2 § LOU (open procedure); 9 kap. LOU (technical specifications)"),
    )


def _dynamic_purchasing(purchase: Purchase, above: bool | None) -> Recommendation:
    return Recommendation(
        route=Route.DYNAMIC_PURCHASING,
        title=_("Dynamic purchasing system"),
        reasons=(
            _(
                "The need recurs: a fully electronic system stays open for its whole period, so "
                "new suppliers, startups included, can join at any time."
            ),
            _("The number of qualified suppliers cannot be limited and suppliers pay no fees."),
            _advertising_reason(purchase, above),
        ),
        legal_basis=_("8 kap. 1–14 §§ LOU; below the EU threshold 19 kap. LOU"),
    )


def advise(*, purchase: Purchase, thresholds: Sequence[ThresholdRow]) -> Advice:
    """Ordered routes for the purchase, market dialogue always first (domain.md §2.2)."""
    warnings: list[str] = []
    limit = threshold_pick(thresholds, kind=ThresholdKind.DIRECT_AWARD_LIMIT, purchase=purchase)
    documentation = threshold_pick(
        thresholds, kind=ThresholdKind.DOCUMENTATION_LIMIT, purchase=purchase
    )
    eu = threshold_pick(thresholds, kind=ThresholdKind.EU_THRESHOLD, purchase=purchase)
    date = purchase.on.isoformat()
    if limit is None or limit.amount_sek is None:
        warnings.append(
            _(
                "No direct-award limit is recorded for %(date)s, so direct award is not "
                "considered; an administrator must add the limit in force."
            )
            % {"date": date}
        )
        limit = None
    if eu is None:
        warnings.append(
            _(
                "No EU threshold is recorded for %(date)s; an administrator must add the "
                "thresholds in force."
            )
            % {"date": date}
        )
        above = None
    elif eu.amount_sek is None:
        warnings.append(
            _(
                "The EU threshold in force is EUR %(eur)s, but its SEK equivalent is not "
                "recorded yet; check the value published by Upphandlingsmyndigheten."
            )
            % {"eur": f"{eu.amount_eur or 0:,.0f}".replace(",", "\u202f")}
        )
        above = None
    else:
        above = purchase.value_sek >= eu.amount_sek
    if purchase.buyer_type == BuyerType.UTILITY:
        warnings.append(
            _(
                "Utilities follow LUF (2016:1146); the LOU references show the corresponding "
                "rule, but check the chapter in LUF."
            )
        )

    recommendations = [_market_dialogue(purchase)]
    if (
        limit is not None
        and limit.amount_sek is not None
        and purchase.value_sek <= limit.amount_sek
    ):
        recommendations.append(_direct_award(purchase, limit.amount_sek, documentation))
    market = purchase.solution_on_market
    if purchase.rnd_needed and market == MarketAvailability.NO:
        recommendations.append(_innovation_partnership(purchase, above))
        recommendations.append(_pre_commercial(purchase))
    if market == MarketAvailability.PARTLY or (market == MarketAvailability.NO) ^ (
        purchase.rnd_needed
    ):
        recommendations.append(_competitive_dialogue(purchase, above))
    if purchase.recurring:
        recommendations.append(_dynamic_purchasing(purchase, above))
    if market == MarketAvailability.YES and not purchase.rnd_needed:
        recommendations.append(_open_procedure(purchase, above))
    return Advice(
        purchase=purchase,
        recommendations=tuple(recommendations),
        direct_award_limit=limit,
        eu_threshold=eu,
        above_eu_threshold=above,
        warnings=tuple(warnings),
    )
