"""reference_load with the real files in src/arena/reference/data (loaded once for this module)."""

import pytest
from django.utils import translation

from arena.reference.models import CpvCode, Municipality, NutsCode, Region, SdgGoal, SdgTarget
from arena.reference.services import ReferenceDataError, VocabularyCounts, reference_load
from tests.reference.conftest import REAL_DATA_DIR, edit_rows, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Problems are translated; these tests read the English source text."""
    with translation.override("en"):
        yield


FULL_TOTALS = {
    "cpv_codes": 9454,
    "sdg_goals": 17,
    "sdg_targets": 169,
    "nuts_codes": 36,
    "regions": 21,
    "municipalities": 290,
}


def test_reference_load_real_files_creates_every_vocabulary(real_reference):
    assert real_reference.cpv_codes == VocabularyCounts(created=9454)
    assert real_reference.sdg_goals == VocabularyCounts(created=17)
    assert real_reference.sdg_targets == VocabularyCounts(created=169)
    assert real_reference.nuts_codes == VocabularyCounts(created=36)
    assert real_reference.regions == VocabularyCounts(created=21)
    assert real_reference.municipalities == VocabularyCounts(created=290)
    assert [
        CpvCode.objects.count(),
        SdgGoal.objects.count(),
        SdgTarget.objects.count(),
        NutsCode.objects.count(),
        Region.objects.count(),
        Municipality.objects.count(),
    ] == [9454, 17, 169, 36, 21, 290]


def test_reference_load_real_files_give_every_cpv_code_both_labels(real_reference):
    assert CpvCode.objects.filter(label_sv="").count() == 0
    assert CpvCode.objects.filter(label_en="").count() == 0
    assert CpvCode.objects.filter(parent__isnull=True).count() == 45  # the divisions
    assert list(CpvCode.objects.values_list("level", flat=True).distinct().order_by("level")) == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
    ]


def test_reference_load_real_files_give_every_goal_a_swedish_name(real_reference):
    assert SdgGoal.objects.filter(short_title_sv="").count() == 0
    assert SdgGoal.objects.get(number=13).short_title_sv == "Bekämpa klimatförändringarna"
    # The documented gap: no Swedish target texts, so the interface falls back to English.
    assert SdgTarget.objects.exclude(title_sv="").count() == 0


def test_reference_load_real_files_group_municipalities_by_county(real_reference):
    assert Municipality.objects.filter(region_id="14").count() == 49
    assert Municipality.objects.get(code="2321").name == "Åre"
    assert Region.objects.get(code="14").name == "Västra Götalandsregionen"


def test_reference_load_real_files_second_run_changes_nothing(real_reference):
    before = snapshot()

    report = reference_load(data_dir=REAL_DATA_DIR)

    assert report.changed is False
    for name, total in FULL_TOTALS.items():
        assert getattr(report, name) == VocabularyCounts(unchanged=total), name
    assert snapshot() == before


def test_reference_load_missing_real_file_changes_nothing(real_reference, real_data_copy):
    before = snapshot()
    (real_data_copy / "sdg_targets_en.csv").unlink()

    with pytest.raises(ReferenceDataError) as caught:
        reference_load(data_dir=real_data_copy)

    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith("sdg_targets_en.csv: the file is missing")
    assert snapshot() == before


def test_reference_load_malformed_real_file_changes_nothing(real_reference, real_data_copy):
    before = snapshot()

    def break_rows(rows):
        rows[98]["code"] = "4800000X"  # line 100
        rows[199]["label_en"] = "Changed, but the file is broken elsewhere"  # would be an update

    edit_rows(real_data_copy / "cpv_2008.csv", break_rows)

    with pytest.raises(ReferenceDataError) as caught:
        reference_load(data_dir=real_data_copy)

    assert (
        caught.value.problems[0]
        == "cpv_2008.csv, line 100: bad CPV code '4800000X': it must be eight digits"
    )
    assert snapshot() == before
