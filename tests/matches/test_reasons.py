"""The engine's reasons as sentences in the reader's language."""

import pytest
from django.utils import translation

from arena.matches.templatetags.match_reasons import match_reasons, reason_text


@pytest.mark.parametrize(
    ("reason", "swedish", "english"),
    [
        (
            {"code": "title", "data": {}},
            "Rubrikerna ligger nära varandra i innebörd, på svenska eller engelska",
            "Titles close in meaning, in either language",
        ),
        (
            {"code": "translated", "data": {"pairs": [["fisk", "fish"], ["kök", "kitchens"]]}},
            "Ord som motsvarar varandra: fisk – fish, kök – kitchens",
            "Words that translate each other: fisk – fish, kök – kitchens",
        ),
    ],
)
def test_reason_reads_in_swedish_and_english(reason, swedish, english):
    with translation.override("sv"):
        assert reason_text(reason) == swedish
    with translation.override("en"):
        assert reason_text(reason) == english


def test_malformed_translated_pairs_are_left_out():
    reason = {"code": "translated", "data": {"pairs": [["a"], "xy", ["fisk", "fish"], None]}}
    with translation.override("en"):
        assert reason_text(reason) == "Words that translate each other: fisk – fish"


def test_unknown_reasons_are_left_out():
    with translation.override("en"):
        texts = match_reasons([{"code": "title"}, {"code": "telepathy"}, "not a dict"])
    assert texts == ["Titles close in meaning, in either language"]
