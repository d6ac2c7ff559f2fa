"""Narrower labels of the research-subject classification Arena ships."""

import csv
from importlib import resources

from arena.matching.classifications import narrower_labels, normalised


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
    assert all(r["label_sv"].strip() for r in rows)
    # The SweCRIS level-1 tail ("     2: Teknik") never reaches a label.
    assert not any(":" in r["label_sv"] for r in rows)


def test_narrower_labels_of_a_level_2_subject_are_its_level_3_subjects_in_both_languages():
    beneath = narrower_labels(("Maskinteknik", "Mechanical Engineering"))
    assert {"Energiteknik", "Energy Engineering", "Farkostteknik"} <= set(beneath)
    assert "Datavetenskap" not in beneath


def test_a_known_label_is_found_by_either_wording_whatever_its_case_and_punctuation():
    expected = narrower_labels(("Maskinteknik", "Mechanical Engineering"))
    assert narrower_labels(("MASKINTEKNIK",)) == expected
    assert narrower_labels(("mechanical engineering.",)) == expected
    assert narrower_labels(("Maskinteknik Mechanical Engineering",)) == expected
    assert narrower_labels(("Ett dokument", "Mechanical Engineering")) == expected


def test_a_text_that_is_no_known_label_has_no_narrower_labels():
    assert narrower_labels(("Snöröjning av gång- och cykelvägar",)) == ()
    assert narrower_labels(("",)) == ()
    assert narrower_labels(()) == ()


def test_labels_compare_by_their_words_alone():
    assert normalised("Data- och informationsvetenskap (Datateknik)") == (
        "data och informationsvetenskap datateknik"
    )
