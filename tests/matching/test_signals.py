"""Structured signals: symmetric values in [0, 1] and reasons a person can read."""

import json

import pytest

from arena.matching.signals import (
    Item,
    budget_signal,
    cpv_signal,
    maturity_signal,
    region_signal,
    sdg_signal,
    sentences,
    surface_words,
    terms_reason,
)


def item(**kwargs):
    return Item(**{"id": "x", "kind": "solution", "title": "", "text": "", **kwargs})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cpv": ("4500000",)}, "not 8 digits"),
        ({"cpv": "45000000"}, "tuple of strings"),
        ({"sdg": ("eleven",)}, "not like '11.6'"),
        ({"trl": 10}, "trl must be 1-9"),
        ({"trl_wanted": (7, 3)}, "trl_wanted"),
        ({"budget_sek": (500, 100)}, "min <= max"),
        ({"id": ""}, "must not be empty"),
    ],
)
def test_item_refuses_malformed_fields_naming_them(kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        item(**kwargs)


@pytest.mark.parametrize(
    ("a", "b", "level", "value"),
    [
        ("45233141", "45233141", "code", 1.0),
        ("45233141", "45233120", "category", 0.9),
        ("45233141", "45231000", "class", 0.7),
        ("45233141", "45210000", "group", 0.5),
        ("45233141", "45000000", "division", 0.25),
    ],
)
def test_cpv_signal_names_the_deepest_shared_branch_both_ways(a, b, level, value):
    forward, reason = cpv_signal([a], [b])
    backward, _ = cpv_signal([b], [a])
    assert forward == backward == value
    assert reason.data == {"level": level, "query_code": a, "match_code": b}


def test_cpv_signal_takes_the_best_pair_and_says_nothing_without_one():
    value, reason = cpv_signal(["72000000", "45233141"], ["90620000", "45233120"])
    assert (value, reason.data["level"]) == (0.9, "category")
    assert cpv_signal(["72000000"], ["45000000"]) == (0.0, None)
    assert cpv_signal([], ["45000000"]) == (0.0, None)


def test_sdg_signal_prefers_shared_targets_over_shared_goals():
    value, reason = sdg_signal(["11.6", "12.3"], ["12.3", "11.2"])
    assert value == 1.0
    assert reason.data == {"targets": ["12.3"], "goals": ["11", "12"]}
    value, reason = sdg_signal(["11.6"], ["11.2"])
    assert (value, reason.data) == (0.5, {"targets": [], "goals": ["11"]})
    assert sdg_signal(["11.6"], ["3.4"]) == (0.0, None)


def test_region_signal_understands_county_codes_nuts_nesting_and_the_whole_country():
    value, reason = region_signal(["12"], ["SE224"])  # Skåne's county code is NUTS SE224
    assert (value, reason.data["region"]) == (1.0, "SE224")
    assert region_signal(["SE22"], ["SE224"])[0] == 1.0  # Sydsverige contains Skåne
    assert region_signal(["SE224"], ["SE22"])[0] == 1.0
    assert region_signal([""], ["SE110"])[0] == 0.5
    assert region_signal(["01"], ["12"]) == (0.0, None)
    assert region_signal([], ["12"]) == (0.0, None)


def test_maturity_signal_fits_a_solution_into_a_challenges_range_both_ways():
    challenge = item(kind="challenge", trl_wanted=(6, 8))
    assert maturity_signal(challenge, item(trl=7))[0] == 1.0
    value, reason = maturity_signal(item(trl=4), challenge)
    assert value == pytest.approx(1 / 3)
    assert reason.data == {"trl": 4, "wanted": [6, 8], "fit": 0.33}
    assert maturity_signal(challenge, item(trl=2))[0] == 0.0
    assert maturity_signal(challenge, item()) == (0.0, None)


def test_budget_signal_overlap_and_gap_are_symmetric():
    buyer = item(budget_sek=(100_000, 500_000))
    assert budget_signal(buyer, item(budget_sek=(400_000, None)))[0] == 1.0
    dear = item(budget_sek=(1_000_000, 2_000_000))
    assert budget_signal(buyer, dear)[0] == budget_signal(dear, buyer)[0] == 0.5
    assert budget_signal(buyer, item()) == (0.0, None)


def test_terms_reason_shows_words_of_the_match_not_stems():
    surface = surface_words("Skolornas måltider. Måltiderna lagas i skolköket.", "sv")
    assert surface["måltid"] in {"måltider", "måltiderna"}
    reason = terms_reason({"måltid": 2.0, "skol": 1.0}, "Skolornas måltider och skolan", "sv")
    assert reason.data["terms"][0] == "måltider"
    assert "skolan" in reason.data["terms"] or "skolornas" in reason.data["terms"]
    assert terms_reason({}, "text", "sv") is None
    json.dumps(reason.data)


def test_sentences_splits_keeps_the_readable_ones_and_cuts_long_ones():
    text = (
        "Kort. Den här meningen är lång nog att visas.\nEn till mening som är lång nog! "
        + "x" * 400
    )
    found = sentences(text, longest=100)
    assert found[0] == "Den här meningen är lång nog att visas."
    assert found[1] == "En till mening som är lång nog!"
    assert len(found[2]) == 100
    assert sentences("ok") == ["ok"]
    assert sentences("   ") == []


def test_translated_terms_are_shown_as_words_of_each_text_weightiest_first():
    from arena.matching.signals import translated_terms_reason

    pairs = {("fisk", "fish"): 2.0, ("kök", "kitchen"): 1.0, ("fisk", "fisher"): 0.5}
    ours = {"fisk": "fisken", "kök": "köket"}
    reason = translated_terms_reason(pairs, ours, "Fish in school kitchens", "en", limit=6)
    assert reason is not None
    assert reason.code == "translated"
    assert reason.data["pairs"] == [["fisken", "fish"], ["köket", "kitchens"]]  # no word for fisher
    assert translated_terms_reason({}, ours, "b", "en") is None
