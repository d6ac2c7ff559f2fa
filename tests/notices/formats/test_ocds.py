import datetime
import json
from decimal import Decimal

from arena.notices.formats import ocds
from arena.notices.formats.detect import parse_file
from tests.notices.conftest import OCDS

SCHEMA = ocds.SCHEMA_PATH


def test_shipped_release_schema_is_ocds_1_1_5():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert (
        schema["id"] == "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
    )
    assert len(SCHEMA.read_text(encoding="utf-8")) == 109_975
    assert schema["properties"]["tag"]["omitWhenMerged"] is True


def test_release_package_merges_releases_of_one_ocid():
    data = (OCDS / "release_package.json").read_bytes()
    result = parse_file(data, file="release_package.json")
    assert result.errors == []
    assert len(result.notices) == 1
    notice = result.notices[0]
    assert notice.source == "ocds"
    assert notice.source_id == "ocds-a1b2c3-2026-0042"
    assert notice.title == "Digital tillsyn i hemtjänsten (rättad)"  # from the later release
    assert notice.description == "Kommunen söker ett system för digital tillsyn nattetid."
    assert notice.kind == "result"  # the second release adds an award
    assert notice.buyer_name == "Exempelby kommun"
    assert notice.buyer_identifier == "212000-0142"
    assert notice.contract_nature == "supplies"  # goods
    assert notice.procedure_type == "open"
    assert notice.cpv_codes == ["33196200", "48000000", "72000000"]
    assert notice.estimated_value == Decimal("2500000")
    assert notice.currency == "SEK"
    assert notice.deadline == datetime.datetime(
        2026, 3, 15, 23, 59, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
    )
    assert [(lot.lot_id, lot.cpv_codes) for lot in notice.lots] == [
        ("LOT-1", ["33196200"]),
        ("LOT-2", ["48000000", "72000000"]),
    ]
    assert notice.schema_version == "ocds-1.1"


def test_record_package_uses_compiled_release_or_merges():
    result = parse_file((OCDS / "record_package.json").read_bytes(), file="records.json")
    assert result.errors == []
    planned, merged = result.notices
    assert (planned.source_id, planned.kind, planned.title) == (
        "ocds-a1b2c3-2026-0050",
        "planning",
        "Förstudie om cirkulära möbler",
    )
    assert merged.source_id == "ocds-a1b2c3-2026-0051"
    assert merged.kind == "change"
    assert merged.deadline == datetime.datetime(2026, 2, 7, 12, 0, tzinfo=datetime.UTC)
    assert merged.contract_nature == "works"


def test_single_release_and_json_lines():
    package = json.loads((OCDS / "release_package.json").read_text(encoding="utf-8"))
    first, second = package["releases"]
    single = parse_file(json.dumps(first).encode(), file="one.json")
    assert single.errors == []
    assert single.notices[0].title == "Digital tillsyn i hemtjänsten"
    lines = (json.dumps(first) + "\n" + json.dumps(second) + "\n").encode()
    merged = parse_file(lines, file="releases.jsonl")
    assert merged.errors == []
    assert merged.notices[0].title == "Digital tillsyn i hemtjänsten (rättad)"


def test_unknown_ocds_version_is_refused():
    package = json.loads((OCDS / "release_package.json").read_text(encoding="utf-8"))
    package["version"] = "2.0"
    result = parse_file(json.dumps(package).encode(), file="future.json")
    assert result.notices == []
    assert result.errors[0].position == "/version"
    assert "unsupported OCDS version '2.0'" in result.errors[0].message


def test_json_of_the_wrong_shape_is_refused():
    result = parse_file(b'{"name": "not a notice", "items": [1, 2]}', file="other.json")
    assert "JSON of an unknown shape" in result.errors[0].message


def test_every_bad_release_is_reported():
    package = json.loads((OCDS / "release_package.json").read_text(encoding="utf-8"))
    package["releases"].append(
        {
            "ocid": "ocds-x-2",
            "id": "1",
            "date": "2026-01-01",
            "tag": ["tender"],
            "tender": {"id": "t"},
        }
    )
    package["releases"].append({"id": "no-ocid", "tag": ["tender"]})
    result = parse_file(json.dumps(package).encode(), file="mixed.json")
    assert [e.position for e in result.errors] == ["/releases/3/ocid", "/releases/2/tender/title"]
