"""`arena load-reference`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from arena.reference.models import CpvCode, Municipality
from tests.reference.conftest import edit_rows, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("load_reference", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_load_reference_prints_a_summary_per_vocabulary(small_data_dir):
    out, err = _run("--data-dir", str(small_data_dir))

    assert out.splitlines() == [
        "CPV codes: 13 created, 0 updated, 0 unchanged, 0 deleted",
        "Sustainable Development Goals: 2 created, 0 updated, 0 unchanged, 0 deleted",
        "SDG targets: 4 created, 0 updated, 0 unchanged, 0 deleted",
        "NUTS codes: 6 created, 0 updated, 0 unchanged, 0 deleted",
        "Regions: 2 created, 0 updated, 0 unchanged, 0 deleted",
        "Municipalities: 3 created, 0 updated, 0 unchanged, 0 deleted",
        f"Reference data loaded from {small_data_dir}.",
    ]
    assert err == ""
    assert CpvCode.objects.count() == 13


def test_load_reference_again_says_it_was_up_to_date(small_data_dir):
    _run("--data-dir", str(small_data_dir))

    out, _err = _run("--data-dir", str(small_data_dir))

    assert out.splitlines()[0] == "CPV codes: 0 created, 0 updated, 13 unchanged, 0 deleted"
    assert out.splitlines()[-1] == "Reference data was already up to date."


def test_load_reference_bad_data_prints_every_problem_and_fails(small_data_dir):
    _run("--data-dir", str(small_data_dir))
    before = snapshot()

    def break_rows(rows):
        rows[0]["municipality_code"] = "180"
        rows[1]["municipality_name"] = ""

    edit_rows(small_data_dir / "se_municipalities.csv", break_rows)
    err = StringIO()

    with pytest.raises(
        CommandError, match=r"^The reference data has 3 problem\(s\); nothing was changed\.$"
    ):
        call_command(
            "load_reference", "--data-dir", str(small_data_dir), stdout=StringIO(), stderr=err
        )

    assert err.getvalue().splitlines() == [
        "se_municipalities.csv, line 2: bad municipality code '180': it must be four digits",
        "se_municipalities.csv, line 3: the column municipality_name is empty",
        "se_counties_regions.csv, line 2: county 01 should have 2 municipalities, but se_municipalities.csv lists 1",
    ]
    assert snapshot() == before
    assert Municipality.objects.count() == 3


def test_load_reference_defaults_to_the_shipped_files(settings, small_data_dir):
    settings.REFERENCE_DATA_DIR = small_data_dir

    out, _err = _run()

    assert out.splitlines()[-1] == f"Reference data loaded from {small_data_dir}."
