"""The picker searches, on the real vocabularies (loaded once for this module)."""

import pytest

from arena.reference.selectors import (
    cpv_get_many,
    cpv_paths,
    cpv_search,
    municipalities_by_county,
    municipality_get_many,
    municipality_search,
    region_list,
    region_search,
    sdg_target_get_many,
    sdg_target_search,
)

pytestmark = pytest.mark.django_db


def _codes(items) -> list[str]:
    return [item.code for item in items]


def test_cpv_search_swedish_words_match_all_words(real_reference):
    results = cpv_search(query="programvara nätverk", limit=5)

    assert _codes(results)[:2] == ["48200000", "48210000"]
    assert all("programvara" in r.search_text and "nätverk" in r.search_text for r in results)


def test_cpv_search_english_words_shallow_levels_first(real_reference):
    results = cpv_search(query="networking software", limit=50)

    assert _codes(results)[:2] == ["48200000", "48210000"]
    assert [r.level for r in results] == sorted(r.level for r in results)


def test_cpv_search_swedish_letters_in_any_case(real_reference):
    upper = cpv_search(query="ÅTERVINNINGSUTRUSTNING", limit=20)
    mixed = cpv_search(query="äGG", limit=100)

    assert _codes(upper) == ["42914000", "44622100"]  # Återvinnings…, Värmeåtervinnings…
    assert "03142500" in _codes(mixed)
    assert all("ägg" in r.search_text for r in mixed)


def test_cpv_search_code_prefix_matches_codes_below(real_reference):
    results = cpv_search(query="4821", limit=100)

    assert _codes(results)[0] == "48210000"
    assert all(code.startswith("4821") for code in _codes(results))
    assert len(results) > 1


def test_cpv_search_code_with_check_digit_puts_that_code_first(real_reference):
    results = cpv_search(query=" 48000000-8 ", limit=10)

    assert _codes(results)[:2] == ["48000000", "48100000"]
    assert all(code.startswith("48") for code in _codes(results))


def test_cpv_search_whole_code_below_a_division_puts_it_first(real_reference):
    results = cpv_search(query="03142500", limit=10)

    assert _codes(results)[0] == "03142500"


def test_cpv_search_empty_or_unmatched_query_finds_nothing(real_reference):
    assert cpv_search(query="   ") == []
    assert cpv_search(query="programvara zzzqqq") == []
    assert cpv_search(query="99") == []


def test_cpv_search_limit_caps_the_results(real_reference):
    assert len(cpv_search(query="48", limit=7)) == 7
    assert len(cpv_search(query="48", limit=1000)) == 100


def test_cpv_paths_lists_ancestors_top_first(real_reference):
    codes = cpv_get_many(codes=["48211000", "48000000", "99999999"])

    paths = cpv_paths(codes=codes.values())

    assert sorted(codes) == ["48000000", "48211000"]
    assert _codes(paths["48211000"]) == ["48000000", "48200000", "48210000"]
    assert paths["48000000"] == []


def test_cpv_paths_skip_levels_that_do_not_exist(real_reference):
    # 15511000's parent chain: 15000000 → 15500000 → 15510000.
    codes = cpv_get_many(codes=["15511000"])

    assert _codes(cpv_paths(codes=codes.values())["15511000"]) == [
        "15000000",
        "15500000",
        "15510000",
    ]


@pytest.mark.parametrize("query", ["48", "programvara", "ägg"])
def test_cpv_paths_one_query_for_a_whole_page(real_reference, django_assert_num_queries, query):
    results = cpv_search(query=query, limit=20)

    with django_assert_num_queries(1):
        paths = cpv_paths(codes=results)

    assert len(results) == 20
    assert set(paths) == set(_codes(results))


def test_sdg_target_search_by_code_puts_exact_first(real_reference):
    assert _codes(sdg_target_search(query="11.6")) == ["11.6"]
    assert _codes(sdg_target_search(query="17.1"))[:3] == ["17.1", "17.10", "17.11"]
    assert _codes(sdg_target_search(query="11.A")) == ["11.a"]


def test_sdg_target_search_by_goal_number_lists_the_goal_in_order(real_reference):
    assert _codes(sdg_target_search(query="11")) == [
        "11.1",
        "11.2",
        "11.3",
        "11.4",
        "11.5",
        "11.6",
        "11.7",
        "11.a",
        "11.b",
        "11.c",
    ]


def test_sdg_target_search_words_match_target_and_goal_titles(real_reference):
    by_goal_title = sdg_target_search(query="Hållbara STÄDER", limit=50)
    by_text = sdg_target_search(query="air quality", limit=50)

    assert {t.goal_id for t in by_goal_title} == {11}
    assert len(by_goal_title) == 10
    assert _codes(by_text) == ["11.6"]


def test_sdg_target_get_many_skips_unknown_codes(real_reference):
    assert sorted(sdg_target_get_many(codes=["11.6", "1.a", "99.9"])) == ["1.a", "11.6"]


def test_municipality_search_by_name_ranks_exact_then_prefix(real_reference):
    results = municipality_search(query="ÖREBRO")
    stockholm = municipality_search(query="stock")

    assert [m.name for m in results] == ["Örebro"]
    assert [m.name for m in stockholm] == ["Stockholm"]
    assert [m.name for m in municipality_search(query="ÅRE")] == ["Åre"]


def test_municipality_search_by_code_prefix(real_reference):
    assert [m.code for m in municipality_search(query="0180")] == ["0180"]
    assert len(municipality_search(query="01", limit=100)) == 26


def test_municipality_search_ranks_exact_name_before_other_matches(real_reference):
    assert [m.name for m in municipality_search(query="sala")] == ["Sala", "Uppsala"]


def test_municipality_get_many_skips_unknown_codes(real_reference):
    assert sorted(municipality_get_many(codes=["0180", "9999"])) == ["0180"]


def test_municipalities_by_county_groups_in_swedish_order(real_reference):
    groups = municipalities_by_county()

    counties = [region.county_name for region, _members in groups]
    assert len(groups) == 21
    assert counties[0] == "Blekinge län"
    assert counties[-2:] == ["Örebro län", "Östergötlands län"]
    assert sum(len(members) for _region, members in groups) == 290
    skane = {region.code: members for region, members in groups}["12"]
    assert [m.name for m in skane][-4:] == ["Åstorp", "Ängelholm", "Örkelljunga", "Östra Göinge"]


def test_region_search_by_name_county_or_code(real_reference):
    assert [r.code for r in region_search(query="skåne")] == ["12"]
    assert [r.code for r in region_search(query="Västra Götalands län")] == ["14"]
    assert [r.code for r in region_search(query="0")] == [
        "01",
        "03",
        "04",
        "05",
        "06",
        "07",
        "08",
        "09",
    ]


def test_region_list_in_swedish_order(real_reference):
    names = [r.name for r in region_list()]

    assert len(names) == 21
    assert names[-1] == "Västra Götalandsregionen"
    assert names.index("Region Örebro län") < names.index("Region Östergötland")
