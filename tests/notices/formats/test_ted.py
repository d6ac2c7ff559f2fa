import datetime
import json
import zoneinfo

from arena.notices.formats.detect import parse_file
from tests.notices.conftest import TED, TED_JSONL


def test_all_328_dev_rows_parse():
    result = parse_file(TED_JSONL.read_bytes(), file=TED_JSONL.name)
    assert result.errors == []
    assert len(result.notices) == 328
    assert result.format == "ted-jsonl"
    first = result.notices[0]
    assert first.source_id == "000072-2020"
    assert first.title == "Neubau Studentenwohnhaus in 07743 Jena – Malerarbeiten"
    assert first.kind == "result"
    assert first.subtype == "F03"
    assert first.language == "de"
    assert first.country == "DE"
    assert first.contract_nature == "works"
    assert first.cpv_codes == ["45211341"]
    assert first.nuts_codes == ["DEG03"]
    assert first.published_on == datetime.date(2020, 1, 2)
    assert first.url == "https://ted.europa.eu/en/notice/-/detail/000072-2020"


def test_cpv_derived_titles_are_never_read():
    row = json.loads(TED_JSONL.read_text(encoding="utf-8").splitlines()[0])
    result = parse_file(TED_JSONL.read_bytes(), file="x.jsonl")
    texts = json.dumps([vars(n) for n in result.notices[:1]], default=str)
    assert row["ted_ml_title_en_CPV_DERIVED"] not in texts
    assert row["ted_ml_title_sv_CPV_DERIVED"] not in texts


def test_official_translations_go_into_translations():
    result = parse_file(TED_JSONL.read_bytes(), file="x.jsonl")
    translated = [n for n in result.notices if n.translations]
    assert translated
    notice = translated[0]
    assert notice.language not in notice.translations
    assert all(set(t) == {"title", "description"} for t in notice.translations.values())


def test_bad_rows_are_all_reported_with_their_line():
    lines = TED_JSONL.read_text(encoding="utf-8").splitlines()[:5]
    lines[1] = '{"notice_id": "000001-2020", "title": '  # cut short: not JSON
    row = json.loads(lines[3])
    row["title"] = ""
    row["cpv_main"] = "4500"
    lines[3] = json.dumps(row)
    result = parse_file("\n".join(lines).encode(), file="rows.jsonl")
    assert [e.position for e in result.errors] == [
        "line 2, column 39",
        "line 4, /title",
        "line 4, /cpv_main",
    ]
    assert result.errors[0].message.startswith("not valid JSON")


def test_ted_xml_contract_notice():
    result = parse_file((TED / "083980-2022.xml").read_bytes(), file="083980-2022.xml")
    assert result.errors == []
    notice = result.notices[0]
    assert notice.source == "ted"
    assert notice.source_id == "083980-2022"
    assert notice.kind == "competition"
    assert notice.subtype == "F02"
    assert notice.title == "Digitales Patientenportal"
    assert notice.buyer_name == "Barmherzige Brüder Trier gGmbH"
    assert notice.buyer_town == "Trier"
    assert notice.country == "DE"
    assert notice.contract_nature == "supplies"
    assert notice.procedure_type == "comp-dial"
    assert notice.cpv_codes == ["48000000", "72200000"]
    assert notice.nuts_codes == ["DEB21"]
    assert notice.published_on == datetime.date(2022, 2, 16)
    brussels = zoneinfo.ZoneInfo("Europe/Brussels")
    assert notice.deadline == datetime.datetime(2022, 3, 14, 12, 0, tzinfo=brussels)
    kinds = [r["kind"] for r in notice.requirements]
    assert {"registration", "turnover", "insurance", "references"} <= set(kinds)
    turnover = next(r for r in notice.requirements if r["kind"] == "turnover" and r["amount"])
    assert (turnover["amount"], turnover["currency"]) == (3_000_000.0, "EUR")
    insurance = next(r for r in notice.requirements if r["kind"] == "insurance")
    assert (insurance["amount"], insurance["currency"]) == (2_000_000.0, "EUR")


def test_ted_xml_of_another_schema_version_is_refused():
    data = (TED / "083980-2022.xml").read_bytes().replace(b"R2.0.9.S05.E01", b"R2.0.8.S02.E01")
    result = parse_file(data, file="old.xml")
    assert result.notices == []
    assert result.errors[0].position == "/TED_EXPORT/@VERSION"
    assert "unsupported TED schema 'R2.0.8.S02.E01'" in result.errors[0].message


def test_ted_jsonl_text_with_escaped_entities_is_stored_plain():
    import json

    from arena.notices.formats.ted import parse_ted_jsonl

    row = {
        "notice_id": "000001-2020",
        "form": "F02",
        "document_type": "Contract notice",
        "lang": "EN",
        "title": "R&amp;D services",
        "description": "Research &amp; development &lt;pilot&gt;",
        "cpv_main": "73000000",
        "lots": [],
    }
    result = parse_ted_jsonl(json.dumps(row).encode(), file="x.jsonl")
    assert not result.errors
    assert result.notices[0].title == "R&D services"
    assert result.notices[0].description == "Research & development <pilot>"
