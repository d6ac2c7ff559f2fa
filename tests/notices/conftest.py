import csv
from pathlib import Path

import pytest
from django.conf import settings

from arena.reference.models import CpvCode
from arena.reference.text import fold

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EFORMS = FIXTURES / "eforms"
OCDS = FIXTURES / "ocds"
TED = FIXTURES / "ted"
TED_JSONL = (
    Path(__file__).resolve().parents[2]
    / "src/arena/demo/content/notices/ted_notices_2014_2022_dev.jsonl"
)


@pytest.fixture
def all_cpv_codes(db):
    """The real 9,454 CPV codes (labels in Swedish and English), loaded in bulk."""
    path = Path(settings.REFERENCE_DATA_DIR) / "cpv_2008.csv"
    with path.open(encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda r: int(r["level"]))
    CpvCode.objects.bulk_create(
        [
            CpvCode(
                code=r["code"],
                check_digit=r["code_with_check_digit"].split("-")[1],
                level=int(r["level"]),
                parent_id=r["parent_code"] or None,
                label_sv=r["label_sv"],
                label_en=r["label_en"],
                search_text=fold(f"{r['code']} {r['label_sv']} {r['label_en']}"),
            )
            for r in rows
        ],
        batch_size=1000,
    )
    return CpvCode.objects.count()
