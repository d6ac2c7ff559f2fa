"""The Swedish ↔ English stem dictionary learnt from paired labels, and its use in `arena match`."""

import pytest

from arena.matching.hybrid import HybridIndex
from arena.matching.index import Document
from arena.matching.lexicon import build_dictionary, cpv_dictionary, translated_tokens
from arena.matching.text import tokens

from .test_engine import WordHashEmbedder

PAIRS = [
    ("Fisk", "Fish"),
    ("Fryst fisk", "Frozen fish"),
    ("Fiskolja", "Fish oil"),
    ("Fryst kött", "Frozen meat"),
    ("Kött", "Meat"),
    ("Båtar", "Boats"),  # seen in one pair only
]


def _stem(word, language):
    return tokens(word, language)[0]  # the whole word's stem (compound parts follow it)


def test_stems_that_share_labels_translate_each_other_both_ways():
    dictionary = build_dictionary(PAIRS)
    fisk, fish = _stem("fisk", "sv"), _stem("fish", "en")
    assert dictionary["sv", "en"][fisk][0] == fish
    assert dictionary["en", "sv"][fish][0] == fisk
    assert dictionary["sv", "en"][_stem("kött", "sv")][0] == _stem("meat", "en")


def test_a_pair_seen_in_one_label_only_is_not_a_translation():
    dictionary = build_dictionary(PAIRS)
    assert _stem("båtar", "sv") not in dictionary["sv", "en"]


def test_the_shipped_cpv_labels_give_a_dictionary():
    dictionary = cpv_dictionary()
    assert len(dictionary["sv", "en"]) > 1000
    assert _stem("fish", "en") in dictionary["sv", "en"][_stem("fisk", "sv")]
    assert _stem("agriculture", "en") in dictionary["sv", "en"][_stem("jordbruk", "sv")]


def test_translated_tokens_go_into_the_other_language_only():
    assert _stem("fish", "en") in translated_tokens("Fisk", "sv")
    assert _stem("fisk", "sv") in translated_tokens("Fish", "en")
    assert translated_tokens("Fisch", "de") == []


# Longer than SHORT_TEXT: a corpus of documents, not of labels.
FARMING = "Agriculture and forestry on small farms in the north, with new machines. " * 5
ROADS = "Road maintenance in winter, with salt and ploughs on the main streets. " * 5


def test_a_swedish_query_meets_an_english_document_through_translated_words():
    corpus = [Document("farming", FARMING, "en"), Document("roads", ROADS, "en")]
    query = Document("q", "Jordbruk och skogsbruk", "sv")

    def scores(weight):
        index = HybridIndex(
            corpus, WordHashEmbedder(), lexical_weight=0.0, gram_weight=0.0,
            translated_weight=weight,
        )  # fmt: skip
        return dict(index.top_many([query], 2)[0])

    with_translation, without = scores(0.1), scores(0.0)
    assert with_translation["farming"] - without["farming"] == pytest.approx(0.1)
    assert with_translation["roads"] == pytest.approx(without["roads"])


def test_label_corpora_leave_translated_words_out():
    labels = [
        Document("agri", "Jordbruk\nAgriculture", None, ("Jordbruk", "Agriculture")),
        Document("roads", "Vägar\nRoads", None, ("Vägar", "Roads")),
    ]
    assert HybridIndex(labels, WordHashEmbedder()).translated_weight == 0.0
