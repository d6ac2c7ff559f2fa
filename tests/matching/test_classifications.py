"""Narrower labels of the research-subject classification Arena ships."""

import csv
import re
from importlib import resources

from arena.matching.classifications import (
    classification_from_rows,
    known_code,
    narrower_labels,
    normalised,
)


def _rows():
    path = resources.files("arena.matching") / "data" / "research_subjects.csv"
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_research_subjects_file_places_every_level_3_subject_under_a_level_2_subject():
    rows = _rows()
    level_2 = {r["code"] for r in rows if r["level"] == "2"}
    level_3 = [r for r in rows if r["level"] == "3"]
    assert len(level_2) >= 40
    assert len(level_3) >= 150
    assert all(
        r["parent_code"] in level_2 and r["code"].startswith(r["parent_code"]) for r in level_3
    )
    assert len({r["code"] for r in rows}) == len(rows)


def test_research_subjects_file_keeps_swedish_and_english_apart():
    for row in _rows():
        assert row["label_sv"].strip(), row
        assert row["label_en"].strip(), row
        # SweCRIS writes some labels joined ("Geometri, Geometry     1: Naturvetenskap").
        assert not re.search(r", [A-Z]", row["label_sv"]), row
        assert ":" not in row["label_sv"] + row["label_en"], row


def test_narrower_labels_of_a_level_2_subject_are_its_level_3_subjects_in_both_languages():
    beneath = narrower_labels(("Maskinteknik", "Mechanical Engineering"))
    assert {"Energiteknik", "Energy Engineering", "Farkostteknik"} <= set(beneath)
    assert "Datavetenskap" not in beneath


def test_a_known_label_is_found_by_its_wording_whatever_its_case_and_punctuation():
    expected = narrower_labels(("Maskinteknik", "Mechanical Engineering"))
    assert narrower_labels(("MASKINTEKNIK",)) == expected
    assert narrower_labels(("mechanical engineering.",)) == expected
    assert narrower_labels(("Maskinteknik Mechanical Engineering",)) == expected


def test_the_official_wording_and_the_swecris_wording_name_the_same_subject():
    official = ("Elektroteknik och elektronik", "Electrical Engineering, Electronic Engineering, "
                "Information Engineering")  # fmt: skip
    swecris = (
        "Elektroteknik och elektronik, Electrical Engineering, Electronic Engineering",
        "Information Engineering",
    )
    assert known_code(official) == known_code(swecris) == "202"


def test_a_label_beside_a_text_that_is_no_label_or_another_label_is_not_known():
    assert narrower_labels(("Kemi", "Kemikaliehantering i skolan")) == ()
    assert narrower_labels(("Fysik", "Chemical Sciences")) == ()
    assert narrower_labels(("Snöröjning av gång- och cykelvägar",)) == ()
    assert narrower_labels(("",)) == ()
    assert narrower_labels(()) == ()


def test_a_wording_two_subjects_share_names_neither():
    rows = [
        {"code": "1", "level": "2", "parent_code": "", "label_sv": "Ett", "label_en": "Shared"},
        {"code": "2", "level": "2", "parent_code": "", "label_sv": "Två", "label_en": "Shared"},
        {"code": "11", "level": "3", "parent_code": "1", "label_sv": "Elva", "label_en": "Eleven"},
        {"code": "21", "level": "3", "parent_code": "2", "label_sv": "Tjugo", "label_en": "Twenty"},
    ]
    classification = classification_from_rows(rows)
    assert known_code(("Shared",), classification) is None
    assert known_code(("Ett",), classification) == "1"
    assert known_code(("Två", "Shared"), classification) == "2"
    assert classification.all_narrower == ("Eleven", "Elva", "Tjugo", "Twenty")


def test_a_subject_with_nothing_beneath_it_is_not_known_and_still_makes_a_wording_shared():
    rows = [
        {"code": "1", "level": "2", "parent_code": "", "label_sv": "Ett", "label_en": "Shared"},
        {"code": "2", "level": "2", "parent_code": "", "label_sv": "Två", "label_en": "Shared"},
        {"code": "11", "level": "3", "parent_code": "1", "label_sv": "Elva", "label_en": "Eleven"},
    ]
    classification = classification_from_rows(rows)
    assert known_code(("Två",), classification) is None
    assert known_code(("Shared",), classification) is None
    assert known_code(("Ett",), classification) == "1"


def test_labels_compare_by_their_words_alone():
    assert normalised("Data- och informationsvetenskap (Datateknik)") == (
        "data och informationsvetenskap datateknik"
    )
