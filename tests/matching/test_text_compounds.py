"""Swedish compound splitting for BM25: parts from the shipped CPV labels (and hunspell-sv if installed)."""

from arena.matching.index import Document, LexicalIndex
from arena.matching.text import split_compound, tokens


def test_a_compound_splits_into_words_the_vocabulary_knows():
    # "data", "vetenskap", "brand", "skydd" and "kontroll" are words of the Swedish CPV labels,
    # so these split with or without hunspell-sv.
    assert split_compound("datavetenskap") == ("data", "vetenskap")
    parts = split_compound("brandskyddskontroll")
    assert parts[0] == "brand"
    assert parts[-1] == "kontroll"


def test_short_and_unknown_words_stay_whole():
    assert split_compound("kontor") == ()
    assert split_compound("xyzzyxyzzy") == ()


def test_swedish_tokens_keep_the_word_and_add_its_parts():
    found = tokens("Avtal för brandskyddskontroll", "sv")
    assert {"brandskyddskontroll", "brand", "kontroll"} <= set(found)
    # English text is not split: the parts of a Swedish word list mean nothing there.
    assert tokens("frameworkagreement", "en") == ["frameworkagr"]


def test_a_compound_query_finds_a_text_that_spells_the_parts_apart():
    index = LexicalIndex(
        [
            Document("fire", "Kontroll av skydd mot brand i skolor", "sv"),
            Document("roads", "Snöröjning av vägar och gator", "sv"),
        ]
    )
    assert index.top("brandskyddskontroll", "sv", 1)[0][0] == "fire"
