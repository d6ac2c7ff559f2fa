"""The engine's reasons as sentences in the reader's language."""

from django.utils import translation

from arena.matches.templatetags.match_reasons import match_reasons, reason_text


def test_title_reason_reads_in_swedish_and_english():
    reason = {"code": "title", "data": {}}
    with translation.override("sv"):
        swedish = reason_text(reason)
    with translation.override("en"):
        english = reason_text(reason)
    assert swedish == "Rubrikerna ligger nära varandra i innebörd, på svenska eller engelska"
    assert english == "Titles close in meaning, in either language"


def test_translated_words_reason_reads_in_swedish_and_english():
    reason = {"code": "translated", "data": {"pairs": [["fisk", "fish"], ["kök", "kitchens"]]}}
    with translation.override("sv"):
        swedish = reason_text(reason)
    with translation.override("en"):
        english = reason_text(reason)
    assert swedish == "Ord som motsvarar varandra: fisk – fish, kök – kitchens"
    assert english == "Words that translate each other: fisk – fish, kök – kitchens"


def test_malformed_translated_pairs_are_left_out():
    reason = {"code": "translated", "data": {"pairs": [["a"], "xy", ["fisk", "fish"], None]}}
    with translation.override("en"):
        assert reason_text(reason) == "Words that translate each other: fisk – fish"


def test_unknown_reasons_are_left_out():
    with translation.override("en"):
        texts = match_reasons([{"code": "title"}, {"code": "telepathy"}, "not a dict"])
    assert texts == ["Titles close in meaning, in either language"]
