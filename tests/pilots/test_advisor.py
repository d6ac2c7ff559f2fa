"""The decision table of domain.md §2.2, row by row, on a thresholds table built here.

The table is the advisor's input, so these tests set their own amounts: they show that the logic
follows the data (change the table, change the answer) rather than amounts written into the code.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from arena.pilots.advisor import (
    AdvisorError,
    Purchase,
    ThresholdRow,
    advise,
    purchase_validate,
    threshold_pick,
)
from arena.pilots.enums import Route, ThresholdKind

ON = datetime.date(2026, 6, 1)
P2026 = {"valid_from": datetime.date(2026, 1, 1), "valid_to": datetime.date(2027, 12, 31)}
TABLE = [
    ThresholdRow(
        kind=ThresholdKind.DIRECT_AWARD_LIMIT,
        buyer_type="sub_central",
        amount_sek=Decimal(700_000),
        valid_from=datetime.date(2022, 2, 1),
    ),
    ThresholdRow(
        kind=ThresholdKind.DIRECT_AWARD_LIMIT,
        buyer_type="utility",
        amount_sek=Decimal(1_200_000),
        valid_from=datetime.date(2022, 2, 1),
    ),
    ThresholdRow(
        kind=ThresholdKind.DOCUMENTATION_LIMIT,
        amount_sek=Decimal(100_000),
        valid_from=datetime.date(2022, 2, 1),
    ),
    ThresholdRow(
        kind=ThresholdKind.EU_THRESHOLD,
        buyer_type="sub_central",
        contract_type="services",
        amount_sek=Decimal(2_400_000),
        amount_eur=Decimal(216_000),
        **P2026,
    ),
    ThresholdRow(
        kind=ThresholdKind.EU_THRESHOLD,
        buyer_type="sub_central",
        contract_type="supplies",
        amount_sek=None,
        amount_eur=Decimal(216_000),
        **P2026,
    ),
    ThresholdRow(
        kind=ThresholdKind.EU_THRESHOLD,
        contract_type="works",
        amount_sek=Decimal(60_000_000),
        amount_eur=Decimal(5_404_000),
        **P2026,
    ),
]


@pytest.fixture(autouse=True)
def _english():
    # The assertions read the English texts, which stay the same once Swedish is translated.
    with translation.override("en"):
        yield


def _purchase(**changes) -> Purchase:
    facts = {
        "value_sek": Decimal(1_000_000),
        "buyer_type": "sub_central",
        "contract_type": "services",
        "solution_on_market": "yes",
        "rnd_needed": False,
        "recurring": False,
        "on": ON,
    }
    facts.update(changes)
    return purchase_validate(**facts)


def _advice(**changes):
    return advise(purchase=_purchase(**changes), thresholds=TABLE)


def test_market_dialogue_is_always_first():
    for market in ("yes", "partly", "no"):
        for rnd in (True, False):
            advice = _advice(solution_on_market=market, rnd_needed=rnd, value_sek=5)
            assert advice.routes[0] == Route.MARKET_DIALOGUE
            assert "13 kap. 3 § LOU" in advice.recommendations[0].legal_basis


def test_direct_award_at_exactly_the_limit():
    advice = _advice(value_sek=700_000)

    assert advice.routes == [Route.MARKET_DIALOGUE, Route.DIRECT_AWARD, Route.OPEN_PROCEDURE]
    direct = advice.recommendations[1]
    assert direct.legal_basis == "19 a kap. LOU (2016:1145)"
    assert any("must be documented" in reason for reason in direct.reasons)


def test_no_direct_award_one_krona_above_the_limit():
    advice = _advice(value_sek=700_001)

    assert Route.DIRECT_AWARD not in advice.routes


def test_direct_award_at_the_documentation_limit_needs_no_documentation():
    direct = _advice(value_sek=100_000).recommendations[1]

    assert direct.route == Route.DIRECT_AWARD
    assert not any("must be documented" in reason for reason in direct.reasons)
    assert any("no documentation" in reason for reason in direct.reasons)


def test_utilities_have_their_own_direct_award_limit_and_law():
    advice = _advice(value_sek=1_200_000, buyer_type="utility")

    assert Route.DIRECT_AWARD in advice.routes
    assert advice.recommendations[1].legal_basis == "19 a kap. LUF (2016:1146)"
    assert any("LUF" in warning for warning in advice.warnings)


def test_changing_the_limit_in_the_data_changes_the_answer():
    table = [
        row
        if row.kind != ThresholdKind.DIRECT_AWARD_LIMIT
        else ThresholdRow(
            kind=row.kind,
            buyer_type=row.buyer_type,
            amount_sek=Decimal(500_000),
            valid_from=row.valid_from,
        )
        for row in TABLE
    ]

    advice = advise(purchase=_purchase(value_sek=600_000), thresholds=table)

    assert Route.DIRECT_AWARD not in advice.routes


def test_exactly_the_eu_threshold_is_above_it():
    advice = _advice(value_sek=2_400_000)

    assert advice.above_eu_threshold is True
    open_procedure = advice.recommendations[-1]
    assert open_procedure.route == Route.OPEN_PROCEDURE
    assert any("TED" in reason for reason in open_procedure.reasons)


def test_one_krona_below_the_eu_threshold_is_national():
    advice = _advice(value_sek=2_399_999)

    assert advice.above_eu_threshold is False
    assert any("19 kap." in reason for reason in advice.recommendations[-1].reasons)


def test_works_use_the_works_threshold():
    advice = _advice(value_sek=59_999_999, contract_type="works")

    assert advice.eu_threshold is not None
    assert advice.eu_threshold.amount_eur == Decimal(5_404_000)
    assert advice.above_eu_threshold is False


def test_a_threshold_without_sek_amount_is_reported_not_guessed():
    advice = _advice(contract_type="supplies", value_sek=5_000_000)

    assert advice.above_eu_threshold is None
    assert any("SEK equivalent is not recorded" in warning for warning in advice.warnings)


def test_a_date_outside_all_ranges_warns_and_offers_no_direct_award():
    advice = _advice(value_sek=50_000, on=datetime.date(2021, 6, 1))

    assert advice.direct_award_limit is None
    assert advice.eu_threshold is None
    assert advice.above_eu_threshold is None
    assert Route.DIRECT_AWARD not in advice.routes
    assert len(advice.warnings) == 2
    assert "2021-06-01" in advice.warnings[0]


def test_the_last_day_of_a_period_is_inside_it():
    advice = _advice(on=datetime.date(2027, 12, 31))
    after = _advice(on=datetime.date(2028, 1, 1))

    assert advice.eu_threshold is not None
    assert after.eu_threshold is None


def test_rnd_with_nothing_on_the_market_gives_partnership_and_pcp():
    advice = _advice(rnd_needed=True, solution_on_market="no", value_sek=3_000_000)

    assert advice.routes == [
        Route.MARKET_DIALOGUE,
        Route.INNOVATION_PARTNERSHIP,
        Route.PRE_COMMERCIAL,
    ]
    pcp = advice.recommendations[2]
    assert "1 kap. 5 § LOU" in pcp.legal_basis
    assert "6 kap. LOU" in advice.recommendations[1].legal_basis


def test_pcp_for_supplies_says_only_the_rnd_service_can_be_bought_this_way():
    pcp = _advice(rnd_needed=True, solution_on_market="no", contract_type="supplies")

    assert "only the research and development part" in pcp.recommendations[2].reasons[0].lower()


def test_partly_on_the_market_gives_competitive_dialogue():
    advice = _advice(solution_on_market="partly", value_sek=3_000_000)

    assert advice.routes == [Route.MARKET_DIALOGUE, Route.COMPETITIVE_DIALOGUE]
    dialogue = advice.recommendations[1]
    assert "art. 26(4)" in dialogue.legal_basis
    assert any("grounds must apply" in reason for reason in dialogue.reasons)


def test_competitive_dialogue_below_the_threshold_needs_no_ground():
    dialogue = _advice(solution_on_market="partly", value_sek=900_000).recommendations[1]

    assert dialogue.route == Route.COMPETITIVE_DIALOGUE
    assert not any("grounds must apply" in reason for reason in dialogue.reasons)


def test_nothing_on_the_market_without_rnd_gives_competitive_dialogue():
    advice = _advice(solution_on_market="no", value_sek=3_000_000)

    assert advice.routes == [Route.MARKET_DIALOGUE, Route.COMPETITIVE_DIALOGUE]


def test_rnd_with_solutions_on_the_market_means_adapting_them():
    advice = _advice(solution_on_market="yes", rnd_needed=True, value_sek=3_000_000)

    assert advice.routes == [Route.MARKET_DIALOGUE, Route.COMPETITIVE_DIALOGUE]


def test_recurring_need_adds_a_dynamic_purchasing_system():
    advice = _advice(recurring=True, value_sek=3_000_000)

    assert advice.routes == [
        Route.MARKET_DIALOGUE,
        Route.DYNAMIC_PURCHASING,
        Route.OPEN_PROCEDURE,
    ]
    assert "8 kap." in advice.recommendations[1].legal_basis


def test_ready_market_gives_open_procedure_with_functional_requirements():
    advice = _advice(value_sek=3_000_000)

    assert advice.routes == [Route.MARKET_DIALOGUE, Route.OPEN_PROCEDURE]
    assert "9 kap. LOU" in advice.recommendations[1].legal_basis


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"value_sek": -1}, "value_sek"),
        ({"value_sek": "abc"}, "value_sek"),
        ({"value_sek": "NaN"}, "value_sek"),
        ({"buyer_type": "kingdom"}, "buyer_type"),
        ({"contract_type": "magic"}, "contract_type"),
        ({"solution_on_market": "maybe"}, "solution_on_market"),
    ],
)
def test_bad_input_names_the_field(changes, field):
    with pytest.raises(AdvisorError) as raised:
        _purchase(**changes)

    assert raised.value.field == field


def test_unknown_buyer_type_message_lists_the_choices():
    with pytest.raises(AdvisorError, match="sub_central, central, utility"):
        _purchase(buyer_type="kingdom")


def test_the_most_specific_row_wins():
    general = ThresholdRow(kind=ThresholdKind.EU_THRESHOLD, amount_sek=Decimal(1), valid_from=ON)
    specific = ThresholdRow(
        kind=ThresholdKind.EU_THRESHOLD,
        buyer_type="sub_central",
        contract_type="services",
        amount_sek=Decimal(2),
        valid_from=datetime.date(2020, 1, 1),
    )

    picked = threshold_pick(
        [general, specific], kind=ThresholdKind.EU_THRESHOLD, purchase=_purchase()
    )

    assert picked is specific
