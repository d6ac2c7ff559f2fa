import datetime
import json
import re
import shutil
import time

import pytest

from arena.notices.enums import NoticeKind
from arena.notices.models import Notice, NoticeLot
from arena.notices.services import (
    notice_files,
    notices_cpv_examples_refresh,
    notices_import_file,
    notices_import_paths,
)
from arena.reference.models import CpvExample
from tests.factories.organisations import OrganisationFactory
from tests.factories.reference import CpvCodeFactory
from tests.notices.conftest import EFORMS, OCDS, TED, TED_JSONL

pytestmark = pytest.mark.django_db


def test_ted_dev_rows_all_import(all_cpv_codes, django_assert_max_num_queries):
    started = time.monotonic()
    with django_assert_max_num_queries(20):
        report = notices_import_file(path=TED_JSONL, suggest_cpv=False)
    elapsed = time.monotonic() - started
    assert report.ok, report.rejected
    assert report.created == 328
    assert Notice.objects.count() == 328
    assert elapsed < 30
    notice = Notice.objects.get(source="ted", source_id="000072-2020")
    assert [c.code for c in notice.cpv_codes.all()] == ["45211341"]
    assert notice.lots.count() == 1
    assert notice.cpv_suggested is False


def test_reimport_updates_and_replaces_lots(all_cpv_codes):
    notices_import_file(path=EFORMS / "cn_24_maximal.xml")
    notice = Notice.objects.get()
    assert notice.lots.count() == 2
    first_id = notice.pk
    report = notices_import_file(path=EFORMS / "cn_24_maximal.xml")
    assert (report.created, report.updated) == (0, 1)
    assert Notice.objects.count() == 1
    assert Notice.objects.get().pk == first_id
    assert NoticeLot.objects.count() == 2
    assert sorted(c.code for c in Notice.objects.get().cpv_codes.all()) == [
        "75121000",
        "79710000",
        "79720000",
    ]


def test_stored_eforms_values(all_cpv_codes):
    notices_import_file(path=EFORMS / "cn_24_maximal.xml")
    notice = Notice.objects.get()
    assert notice.kind == NoticeKind.COMPETITION
    assert notice.title == "Procurement Title ---"
    assert str(notice.estimated_value) == "9999999.99"
    assert (notice.is_innovation, notice.is_green, notice.is_social) == (True, True, True)
    assert notice.sme_suitable is True
    assert notice.requirements[0]["kind"] == "registration"
    assert [lot.lot_id for lot in notice.lots.order_by("position")] == ["LOT-0001", "LOT-0002"]


def test_buyer_linked_by_swedish_organisation_number(tmp_path):
    buyer = OrganisationFactory(org_number="212000-0142")
    package = json.loads((OCDS / "release_package.json").read_text(encoding="utf-8"))
    package["releases"][0]["parties"][0]["identifier"]["id"] = "2120000142"
    path = tmp_path / "p.json"
    path.write_text(json.dumps(package), encoding="utf-8")
    notices_import_file(path=path, suggest_cpv=False)
    assert Notice.objects.get().buyer == buyer


def test_notice_without_codes_gets_suggested_codes(tmp_path, all_cpv_codes):
    package = json.loads((OCDS / "release_package.json").read_text(encoding="utf-8"))
    for release in package["releases"]:
        release["tender"].pop("items", None)
    package["releases"][0]["tender"]["title"] = "Programvara för schemaläggning av hemtjänst"
    package["releases"][1]["tender"]["title"] = "Programvara för schemaläggning av hemtjänst"
    path = tmp_path / "nocodes.json"
    path.write_text(json.dumps(package), encoding="utf-8")
    report = notices_import_file(path=path)
    assert report.files[0].suggested == 1
    notice = Notice.objects.get()
    codes = [c.code for c in notice.cpv_codes.all()]
    assert notice.cpv_suggested is True
    assert 1 <= len(codes) <= 3
    assert notice.cpv_main in codes


def test_unknown_codes_are_left_out():
    CpvCodeFactory(code="48000000")
    notices_import_file(path=OCDS / "release_package.json", suggest_cpv=False)
    assert [c.code for c in Notice.objects.get().cpv_codes.all()] == ["48000000"]


def test_file_with_one_bad_record_stores_nothing(tmp_path):
    lines = TED_JSONL.read_text(encoding="utf-8").splitlines()[:10]
    row = json.loads(lines[7])
    del row["notice_id"]
    lines[7] = json.dumps(row)
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = notices_import_file(path=path, suggest_cpv=False)
    assert not report.ok
    assert [(e.file, e.position) for e in report.files[0].errors] == [
        (str(path), "line 8, /notice_id")
    ]
    assert Notice.objects.count() == 0


def test_transaction_per_file_good_file_still_imports(tmp_path):
    bad = tmp_path / "a_bad.xml"
    bad.write_bytes(b"<ContractNotice><unclosed></ContractNotice>")
    shutil.copy(TED / "083980-2022.xml", tmp_path / "b_good.xml")
    report = notices_import_paths(paths=[tmp_path], suggest_cpv=False)
    assert [f.rejected for f in report.files] == [True, False]
    assert list(Notice.objects.values_list("source_id", flat=True)) == ["083980-2022"]


def test_directories_are_walked_for_notice_files(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("a.xml", "sub/b.json", "sub/c.jsonl", "notes.txt", ".hidden.xml"):
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in notice_files([tmp_path])]
    assert found == ["a.xml", "sub/b.json", "sub/c.jsonl"]


def test_missing_file_is_reported(tmp_path):
    report = notices_import_file(path=tmp_path / "nope.xml")
    assert report.files[0].rejected
    assert "cannot be read" in report.files[0].errors[0].message


def test_all_eforms_examples_import_or_are_rejected(all_cpv_codes):
    report = notices_import_paths(paths=[EFORMS], suggest_cpv=False)
    rejected = sorted(f.path.rsplit("/", 1)[-1] for f in report.rejected)
    assert rejected == ["X01_EEIG.xml", "X02_registration.xml"]
    assert report.created == 77
    assert Notice.objects.filter(source="eforms").count() == 77


def test_buyer_linked_by_swedish_vat_number(tmp_path):
    buyer = OrganisationFactory(org_number="212000-0142")
    package = json.loads((OCDS / "release_package.json").read_text(encoding="utf-8"))
    package["releases"][0]["parties"][0]["identifier"]["id"] = "SE212000014201"
    path = tmp_path / "vat.json"
    path.write_text(json.dumps(package), encoding="utf-8")
    notices_import_file(path=path, suggest_cpv=False)
    assert Notice.objects.get().buyer == buyer


def test_progress_counts_the_notices_of_a_file():
    seen: list[tuple[int, int]] = []
    notices_import_file(
        path=OCDS / "record_package.json",
        suggest_cpv=False,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(1, 2), (2, 2)]


LONE_SURROGATE_RELEASE = (
    '{"version": "1.1", "releases": [{"ocid": "ocds-213czf-1", "id": "1", '
    '"date": "2025-03-01T00:00:00Z", "tag": ["tender"], "tender": {"title": "Skolmat \\ud800"}}]}'
)


def test_import_unexpected_error_in_one_file_is_reported_and_the_others_import(tmp_path, caplog):
    # A lone surrogate is valid JSON but no database can store it; nothing expected it.
    (tmp_path / "a_surrogate.json").write_text(LONE_SURROGATE_RELEASE, encoding="utf-8")
    shutil.copy(TED / "083980-2022.xml", tmp_path / "b_good.xml")

    report = notices_import_paths(paths=[tmp_path], suggest_cpv=False)

    broken, good = report.files
    assert (broken.rejected, good.rejected) == (True, False)
    assert (broken.created, broken.updated) == (0, 0)
    [problem] = broken.errors
    assert problem.file == str(tmp_path / "a_surrogate.json")
    assert problem.message.startswith("the file could not be imported (UnicodeEncodeError")
    assert problem.message.endswith("nothing from it was stored")
    assert list(Notice.objects.values_list("source_id", flat=True)) == ["083980-2022"]
    assert "Importing notices from" in caplog.text


@pytest.mark.parametrize(
    "data",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"ocid": "ocds-1", "tender": {"value": {"amount": ' + b"9" * 5000 + b"}}}",
    ],
    ids=["deep", "long-integer"],
)
def test_import_json_the_decoder_refuses_is_reported_and_the_others_import(tmp_path, data):
    (tmp_path / "a_bad.json").write_bytes(data)
    shutil.copy(TED / "083980-2022.xml", tmp_path / "b_good.xml")

    report = notices_import_paths(paths=[tmp_path], suggest_cpv=False)

    assert [f.rejected for f in report.files] == [True, False]
    assert report.files[0].errors[0].message.startswith("not valid JSON: ")
    assert list(Notice.objects.values_list("source_id", flat=True)) == ["083980-2022"]


def test_import_deadline_with_an_offset_of_a_day_keeps_the_notice(tmp_path):
    data = (EFORMS / "cn_24_minimal.xml").read_text(encoding="utf-8")
    assert "</cbc:EndTime>" in data
    data = re.sub(
        r"<cbc:EndTime>[^<]*</cbc:EndTime>", "<cbc:EndTime>12:00:00+25:00</cbc:EndTime>", data
    )
    (tmp_path / "cn.xml").write_text(data, encoding="utf-8")

    report = notices_import_file(path=tmp_path / "cn.xml", suggest_cpv=False)

    assert report.ok
    assert Notice.objects.get().deadline == datetime.datetime(
        2020, 2, 4, 12, 0, tzinfo=datetime.UTC
    )


def _ted_rows(*numbers):
    """Rows of the TED dev sample, retitled: the sample itself ships as examples already."""
    lines = TED_JSONL.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(lines[n]) for n in numbers]
    for row in rows:
        for part in [row, *row.get("translations", [])]:
            part["title"] = f"{part['title']} (new)"
    return rows


def _write_rows(path, rows):
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return path


def test_import_keeps_notices_with_official_codes_as_cpv_examples(tmp_path, all_cpv_codes):
    # Row 23: French, with official translations into Swedish and English (kept) and others.
    rows = _ted_rows(0, 23)
    notices_import_file(path=_write_rows(tmp_path / "rows.jsonl", rows), suggest_cpv=False)
    examples = CpvExample.objects.order_by("source", "language")
    first, second = (f"notice:ted:{row['notice_id']}" for row in rows)
    assert [(e.source, e.language, e.code) for e in examples] == [
        (first, rows[0]["lang"].lower(), rows[0]["cpv_main"]),
        (second, "en", rows[1]["cpv_main"]),
        (second, "fr", rows[1]["cpv_main"]),
        (second, "sv", rows[1]["cpv_main"]),
    ]
    english = next(t for t in rows[1]["translations"] if t["lg"] == "EN")
    assert examples[1].title == " ".join(english["title"].split())
    # The original reads as the shipped sample's builder reads it: description, then lots.
    assert examples[2].text.startswith(" ".join(rows[1]["description"].split()))


def test_import_keeps_no_examples_of_notices_whose_codes_arena_suggested(tmp_path, all_cpv_codes):
    (row,) = _ted_rows(0)
    path = _write_rows(tmp_path / "rows.jsonl", [row])
    notices_import_file(path=path, suggest_cpv=False)
    assert CpvExample.objects.count() == 1
    # The same notice again, now without codes: Arena suggests some, and they teach nothing.
    for part in [row, *(row.get("lots") or [])]:
        part.pop("cpv_main", None)
        part.pop("cpv_additional", None)
    row["title"] = "Snöröjning och halkbekämpning på kommunens gator"
    notices_import_file(path=_write_rows(path, [row]))
    assert Notice.objects.get().cpv_suggested is True
    assert CpvExample.objects.count() == 0


def test_examples_are_written_in_the_import_s_transaction(tmp_path, all_cpv_codes):
    (row,) = _ted_rows(23)
    # No database stores a lone surrogate as text. SQLite keeps it escaped in the notice's JSON,
    # so there the Swedish form's example is what fails, and the notice goes with it (PostgreSQL
    # refuses the JSON already).
    swedish = next(t for t in row["translations"] if t["lg"] == "SV")
    swedish["title"] += " \ud800"
    report = notices_import_file(
        path=_write_rows(tmp_path / "rows.jsonl", [row]), suggest_cpv=False
    )
    assert not report.ok
    assert Notice.objects.count() == 0
    assert CpvExample.objects.count() == 0


def test_import_keeps_no_examples_of_the_shipped_sample(all_cpv_codes):
    notices_import_file(path=TED_JSONL, suggest_cpv=False)
    # One of the 328 notices reads differently through the importer ("R&amp;D" unescaped): only
    # its original form is kept.
    assert Notice.objects.count() == 328
    assert list(CpvExample.objects.values_list("source", flat=True)) == ["notice:ted:360133-2016"]


def test_cpv_examples_refresh_writes_stored_notices_as_the_import_did(tmp_path, all_cpv_codes):
    rows = _ted_rows(0, 23)
    second = f"notice:ted:{rows[1]['notice_id']}"
    notices_import_file(path=_write_rows(tmp_path / "rows.jsonl", rows), suggest_cpv=False)
    fields = ("source", "language", "code", "title", "text", "key")
    written = sorted(CpvExample.objects.values_list(*fields))
    CpvExample.objects.all().delete()  # as before Arena kept examples
    assert notices_cpv_examples_refresh(batch=1) == len(written)
    assert sorted(CpvExample.objects.values_list(*fields)) == written
    # A notice whose codes Arena suggested loses its examples.
    Notice.objects.filter(source_id=rows[0]["notice_id"]).update(cpv_suggested=True)
    assert notices_cpv_examples_refresh() == 0
    assert not CpvExample.objects.filter(source=f"notice:ted:{rows[0]['notice_id']}").exists()
    # A notice whose main code is not in the CPV table gives none, in an import as here.
    rows[1]["cpv_main"] = "99999999"
    notices_import_file(path=_write_rows(tmp_path / "again.jsonl", rows[1:]), suggest_cpv=False)
    assert Notice.objects.get(source_id=rows[1]["notice_id"]).cpv_main == "99999999"
    assert not CpvExample.objects.exists()
    CpvExample.objects.bulk_create([CpvExample(source=second, key="k", code="99999999")])
    notices_cpv_examples_refresh()
    assert not CpvExample.objects.exists()
    Notice.objects.filter(source_id=rows[1]["notice_id"]).update(cpv_main=rows[0]["cpv_main"])
    notices_cpv_examples_refresh()
    assert CpvExample.objects.filter(source=second).exists()
    # A notice deleted (in the admin) loses them too.
    Notice.objects.filter(source_id=rows[1]["notice_id"]).delete()
    notices_cpv_examples_refresh(batch=1)
    assert not CpvExample.objects.exists()
