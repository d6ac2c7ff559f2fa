from arena.reference.codes import cpv_ancestor_codes, cpv_level, sdg_target_sort_key


def test_cpv_level_counts_significant_digits():
    assert [cpv_level(c) for c in ["48000000", "48200000", "48210000", "48211000", "03142500"]] == [
        1,
        2,
        3,
        4,
        5,
    ]
    assert cpv_level("10000000") == 1


def test_cpv_ancestor_codes_are_the_shorter_prefixes_top_first():
    assert cpv_ancestor_codes("48211000") == ["48000000", "48200000", "48210000"]
    assert cpv_ancestor_codes("45010000") == ["45000000"]
    assert cpv_ancestor_codes("48000000") == []


def test_sdg_target_sort_key_puts_numbered_before_lettered_targets():
    codes = ["17.10", "17.a", "17.2", "1.b", "17.1"]

    assert sorted(codes, key=sdg_target_sort_key) == ["1.b", "17.1", "17.2", "17.10", "17.a"]
