"""reference_load on a small copy of the real files: checks, upserts, deletes."""

import dataclasses

import pytest
from django.utils import translation

from arena.reference.models import CpvCode, Municipality, NutsCode, Region, SdgGoal, SdgTarget
from arena.reference.services import ReferenceDataError, VocabularyCounts, reference_load
from tests.factories.organisations import OrganisationFactory
from tests.reference.conftest import SMALL_TOTALS, edit_rows, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Problems are translated; these tests read the English source text."""
    with translation.override("en"):
        yield


def _counts(report) -> dict[str, VocabularyCounts]:
    return {field.name: getattr(report, field.name) for field in dataclasses.fields(report)}


def _problems(data_dir) -> list[str]:
    with pytest.raises(ReferenceDataError) as caught:
        reference_load(data_dir=data_dir)
    return caught.value.problems


def test_reference_load_small_set_creates_every_row(small_data_dir):
    report = reference_load(data_dir=small_data_dir)

    assert {name: counts.created for name, counts in _counts(report).items()} == SMALL_TOTALS
    assert report.changed is True
    eggs = CpvCode.objects.get(code="03142500")
    assert (eggs.check_digit, eggs.level, eggs.parent_id) == ("3", 5, "03142000")
    assert (eggs.label_sv, eggs.label_en) == ("Ägg", "Eggs")
    assert eggs.search_text == "03142500 03142500-3 ägg eggs"
    assert CpvCode.objects.get(code="48000000").parent_id is None


def test_reference_load_small_set_fills_sdgs_geography_and_search_text(small_data_dir):
    reference_load(data_dir=small_data_dir)

    goal = SdgGoal.objects.get(number=11)
    assert (goal.short_title_sv, goal.short_title_en) == (
        "Hållbara städer och samhällen",
        "Sustainable cities and communities",
    )
    assert list(SdgTarget.objects.values_list("code", "sort_key")) == [
        ("1.1", 1001),
        ("1.a", 1100),
        ("11.6", 11006),
        ("11.a", 11100),
    ]
    target = SdgTarget.objects.get(code="11.6")
    assert target.title_sv == ""
    assert target.search_text.startswith("11.6 by 2030, reduce")
    assert target.search_text.endswith(
        "hållbara städer och samhällen sustainable cities and communities"
    )
    assert NutsCode.objects.get(code="SE110").parent_id == "SE11"
    region = Region.objects.get(code="03")
    assert (region.name, region.county_name, region.nuts_id) == (
        "Region Uppsala",
        "Uppsala län",
        "SE121",
    )
    assert region.search_text == "03 region uppsala uppsala län"
    municipality = Municipality.objects.get(code="0114")
    assert (municipality.name, municipality.region_id, municipality.search_text) == (
        "Upplands Väsby",
        "01",
        "0114 upplands väsby",
    )


def test_reference_load_second_run_changes_nothing(small_data_dir):
    reference_load(data_dir=small_data_dir)
    before = snapshot()

    report = reference_load(data_dir=small_data_dir)

    assert report.changed is False
    assert _counts(report) == {
        name: VocabularyCounts(unchanged=total) for name, total in SMALL_TOTALS.items()
    }
    assert snapshot() == before


def test_reference_load_changed_label_updates_only_that_row(small_data_dir):
    reference_load(data_dir=small_data_dir)

    def rename(rows):
        for row in rows:
            if row["code"] == "03142500":
                row["label_sv"] = "Hönsägg"

    edit_rows(small_data_dir / "cpv_2008.csv", rename)
    report = reference_load(data_dir=small_data_dir)

    assert report.cpv_codes == VocabularyCounts(updated=1, unchanged=12)
    eggs = CpvCode.objects.get(code="03142500")
    assert eggs.label_sv == "Hönsägg"
    assert eggs.search_text == "03142500 03142500-3 hönsägg eggs"
    assert report.municipalities == VocabularyCounts(unchanged=3)


def test_reference_load_deletes_rows_gone_from_the_files(small_data_dir):
    reference_load(data_dir=small_data_dir)

    # A whole branch (42…) and a leaf go, parents after their children.
    edit_rows(
        small_data_dir / "cpv_2008.csv",
        lambda rows: [r for r in rows if not r["code"].startswith("42")],
    )
    edit_rows(
        small_data_dir / "sdg_targets_en.csv",
        lambda rows: [r for r in rows if r["target"] != "1.a"],
    )
    report = reference_load(data_dir=small_data_dir)

    assert report.cpv_codes == VocabularyCounts(unchanged=9, deleted=4)
    assert report.sdg_targets == VocabularyCounts(unchanged=3, deleted=1)
    assert not CpvCode.objects.filter(code__startswith="42").exists()
    assert not SdgTarget.objects.filter(code="1.a").exists()


def test_reference_load_keeps_rows_that_other_data_refers_to(small_data_dir):
    reference_load(data_dir=small_data_dir)
    uppsala = Municipality.objects.get(code="0380")
    organisation = OrganisationFactory(municipality=uppsala, region=uppsala.region)

    def drop_uppsala(rows):
        return [row for row in rows if row["municipality_code"] != "0380"]

    def no_municipalities_in_03(rows):
        for row in rows:
            if row["county_code"] == "03":
                row["n_municipalities"] = "0"

    edit_rows(small_data_dir / "se_municipalities.csv", drop_uppsala)
    edit_rows(small_data_dir / "se_counties_regions.csv", no_municipalities_in_03)
    report = reference_load(data_dir=small_data_dir)

    assert report.municipalities == VocabularyCounts(unchanged=2, kept=1)
    organisation.refresh_from_db()
    assert organisation.municipality_id == "0380"


def test_reference_load_missing_file_names_it_and_changes_nothing(small_data_dir):
    reference_load(data_dir=small_data_dir)
    before = snapshot()
    (small_data_dir / "se_municipalities.csv").unlink()

    problems = _problems(small_data_dir)

    assert len(problems) == 1
    assert problems[0].startswith("se_municipalities.csv: the file is missing")
    assert snapshot() == before


def test_reference_load_missing_columns_are_named(small_data_dir):
    (small_data_dir / "nuts_se.csv").write_text(
        "nuts_code,label_en\nSE,Sverige\n", encoding="utf-8"
    )

    problems = _problems(small_data_dir)

    assert "nuts_se.csv, line 1: missing columns: nuts_level, label_sv" in problems


def test_reference_load_lists_every_malformed_row_with_file_and_line(small_data_dir):
    def break_cpv(rows):
        rows[1]["code"] = "0310000"  # line 3: seven digits
        rows[2]["parent_code"] = "03900000"  # line 4: no such code
        rows[3]["code_with_check_digit"] = "03142000-X"  # line 5
        rows[4]["level"] = "2"  # line 6
        rows.append(dict(rows[5]))  # line 15: the same code again
        rows[6]["label_sv"] = ""  # line 8

    def break_municipalities(rows):
        rows[2]["county_code"] = "99"  # line 4

    edit_rows(small_data_dir / "cpv_2008.csv", break_cpv)
    edit_rows(small_data_dir / "se_municipalities.csv", break_municipalities)

    problems = _problems(small_data_dir)

    assert problems == [
        "cpv_2008.csv, line 3: bad CPV code '0310000': it must be eight digits",
        "cpv_2008.csv, line 5: bad code_with_check_digit '03142000-X': it must be 03142000, a hyphen and one digit",
        "cpv_2008.csv, line 6: bad level '2' for 03142500: it must be 5",
        "cpv_2008.csv, line 8: the column label_sv is empty",
        "cpv_2008.csv, line 15: duplicate CPV code 42000000 (first on line 7)",
        "cpv_2008.csv, line 4: unknown parent code 03900000 for 03140000",
        "se_municipalities.csv, line 4: municipality code 0380 does not start with its county code '99'",
        "se_municipalities.csv, line 4: unknown county code '99' for municipality 0380",
        "se_counties_regions.csv, line 3: county 03 should have 1 municipalities, but se_municipalities.csv lists 0",
    ]
    assert not CpvCode.objects.exists()


def test_reference_load_checks_the_hierarchy(small_data_dir):
    def break_parents(rows):
        by_code = {row["code"]: row for row in rows}
        by_code["48211000"]["parent_code"] = "48200000"  # skips 48210000
        by_code["42914000"]["parent_code"] = "48000000"  # another branch

    edit_rows(small_data_dir / "cpv_2008.csv", break_parents)

    problems = _problems(small_data_dir)

    assert problems == [
        "cpv_2008.csv, line 10: parent code 48000000 is not above 42914000 in the hierarchy",
        "cpv_2008.csv, line 14: the parent of 48211000 must be 48210000, the nearest code above it, not '48200000'",
    ]


def test_reference_load_checks_sdgs_and_nuts(small_data_dir):
    edit_rows(small_data_dir / "sdg_goals_sv.csv", lambda rows: rows[:1])
    edit_rows(
        small_data_dir / "sdg_targets_en.csv",
        lambda rows: [*rows, {"target": "11.6", "goal": "1", "title_en": "x"}],
    )
    edit_rows(
        small_data_dir / "nuts_se.csv",
        lambda rows: [*rows, {**rows[-1], "nuts_code": "SE131", "nuts_level": "3"}],
    )

    problems = _problems(small_data_dir)

    assert problems == [
        "sdg_goals_sv.csv: no Swedish short title for goal 11",
        "sdg_targets_en.csv, line 6: duplicate target 11.6 (first on line 4)",
        "nuts_se.csv, line 8: unknown parent code SE13 for SE131",
    ]


def test_reference_load_rejects_text_that_is_not_utf8(small_data_dir):
    (small_data_dir / "sdg_goals_sv.csv").write_bytes(
        "goal,short_title_sv\n5,Jämställdhet\n".encode("latin-1")
    )

    problems = _problems(small_data_dir)

    assert problems == ["sdg_goals_sv.csv: the file is not UTF-8 text"]
