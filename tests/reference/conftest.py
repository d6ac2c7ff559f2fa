"""Reference data for the tests: a small, consistent copy of the files, and the real full load."""

import csv
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from arena.reference.models import CpvCode, Municipality, NutsCode, Region, SdgGoal, SdgTarget
from arena.reference.services import ReferenceLoadReport, reference_load

REAL_DATA_DIR = Path(settings.REFERENCE_DATA_DIR)

# Rows taken from the real files, so the small set is real data too.
SMALL_SET: dict[str, tuple[str, set[str]]] = {
    "cpv_2008.csv": (
        "code",
        {
            "03000000",
            "03100000",
            "03140000",
            "03142000",
            "03142500",
            "42000000",
            "42900000",
            "42910000",
            "42914000",
            "48000000",
            "48200000",
            "48210000",
            "48211000",
        },
    ),
    "sdg_goals_en.csv": ("goal", {"1", "11"}),
    "sdg_goals_sv.csv": ("goal", {"1", "11"}),
    "sdg_targets_en.csv": ("target", {"1.1", "1.a", "11.6", "11.a"}),
    "nuts_se.csv": ("nuts_code", {"SE", "SE1", "SE11", "SE110", "SE12", "SE121"}),
    "se_counties_regions.csv": ("county_code", {"01", "03"}),
    "se_municipalities.csv": ("municipality_code", {"0114", "0180", "0380"}),
}
# The small set keeps only some municipalities per county.
SMALL_COUNTS = {"01": "2", "03": "1"}
SMALL_TOTALS = {
    "cpv_codes": 13,
    "sdg_goals": 2,
    "sdg_targets": 4,
    "nuts_codes": 6,
    "regions": 2,
    "municipalities": 3,
}


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_small_set(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for file, (key, keep) in SMALL_SET.items():
        columns, rows = read_rows(REAL_DATA_DIR / file)
        rows = [row for row in rows if row[key] in keep]
        if file == "se_counties_regions.csv":
            for row in rows:
                row["n_municipalities"] = SMALL_COUNTS[row["county_code"]]
        write_rows(directory / file, columns, rows)
    return directory


def edit_rows(path: Path, edit) -> None:
    """Rewrite a CSV file with `edit(rows)` applied to its list of row dicts."""
    columns, rows = read_rows(path)
    rows = edit(rows) or rows
    write_rows(path, columns, rows)


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every reference table, to show that a failed load changed nothing."""
    return {
        model.__name__: list(model.objects.order_by("pk").values_list())
        for model in (CpvCode, SdgGoal, SdgTarget, NutsCode, Region, Municipality)
    }


@pytest.fixture
def small_data_dir(tmp_path) -> Path:
    return write_small_set(tmp_path / "small")


@pytest.fixture
def real_data_copy(tmp_path) -> Path:
    """A writable copy of the real files, for breaking one of them."""
    target = tmp_path / "real"
    shutil.copytree(REAL_DATA_DIR, target, ignore=shutil.ignore_patterns("*.md"))
    return target


def _empty_reference_tables() -> None:
    Municipality.objects.all().delete()
    Region.objects.all().delete()
    NutsCode.objects.update(parent=None)
    NutsCode.objects.all().delete()
    SdgTarget.objects.all().delete()
    SdgGoal.objects.all().delete()
    CpvCode.objects.update(parent=None)
    CpvCode.objects.all().delete()


@pytest.fixture(scope="module")
def real_reference(django_db_setup, django_db_blocker) -> ReferenceLoadReport:
    """The real files loaded once per test module (committed), and removed afterwards.

    Loading 9,454 CPV codes takes a second or two, so tests that need the real vocabularies
    share one load; tests still run in their own rolled-back transactions on top of it.
    """
    with django_db_blocker.unblock():
        report = reference_load(data_dir=REAL_DATA_DIR)
    yield report
    with django_db_blocker.unblock():
        _empty_reference_tables()
