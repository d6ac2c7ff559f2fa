from arena.reference.text import fold, fold_words, swedish_sort_key


def test_fold_lowercases_swedish_letters_and_collapses_space():
    assert fold("  ÅTERVINNING\tÄgg  ÖL ") == "återvinning ägg öl"


def test_fold_composes_decomposed_letters():
    # macOS keyboards can send "a" + combining ring; it must match the stored "å".
    assert fold("A\u030areå") == "åreå"


def test_fold_words_splits_the_query():
    assert fold_words("Hållbara  STÄDER") == ["hållbara", "städer"]


def test_swedish_sort_key_puts_a_ring_a_umlaut_o_umlaut_after_z():
    names = ["Östersund", "Ängelholm", "Åre", "Zinkgruvan", "Eda", "Älvsbyn", "Åmål", "Ödeshög"]

    assert sorted(names, key=swedish_sort_key) == [
        "Eda",
        "Zinkgruvan",
        "Åmål",
        "Åre",
        "Älvsbyn",
        "Ängelholm",
        "Ödeshög",
        "Östersund",
    ]


def test_swedish_sort_key_sorts_accented_letters_with_their_base_letter():
    assert sorted(["Eslöv", "Ésa", "Emmaboda"], key=swedish_sort_key) == [
        "Emmaboda",
        "Ésa",
        "Eslöv",
    ]
