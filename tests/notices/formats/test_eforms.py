import datetime
import re
from decimal import Decimal

import pytest

from arena.notices.formats.detect import parse_file
from arena.notices.formats.eforms import parse_eforms
from tests.notices.conftest import EFORMS

ALL_EXAMPLES = sorted(EFORMS.glob("*.xml"))
# The only examples refused, and why: they announce no procurement.
REJECTED = {"X01_EEIG.xml", "X02_registration.xml"}


def _parse(name: str):
    result = parse_file((EFORMS / name).read_bytes(), file=name)
    assert result.errors == []
    assert len(result.notices) == 1
    return result.notices[0]


def test_fixtures_hold_all_79_sdk_examples():
    assert len(ALL_EXAMPLES) == 79


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=lambda p: p.name)
def test_every_example_parses_or_is_rejected_with_a_reason(path):
    result = parse_file(path.read_bytes(), file=path.name)
    if path.name in REJECTED:
        assert result.notices == []
        assert len(result.errors) == 1
        assert "business registration" in result.errors[0].message
        assert result.errors[0].position == "/BusinessRegistrationInformationNotice"
    else:
        assert result.errors == []
        notice = result.notices[0]
        assert notice.source == "eforms"
        assert notice.title
        assert notice.source_id
        assert notice.kind in {"planning", "competition", "direct_award", "result", "change"}
        assert notice.schema_version == "eforms-sdk-1.15"
        assert notice.cpv_codes, "every SDK example names at least one CPV code"


def test_contract_notice_maximal_values():
    notice = _parse("cn_24_maximal.xml")
    assert notice.source_id == "14549263-b47b-4e59-96a1-2d0d13e19343-03"
    assert notice.procedure_id == "aff2863e-b4cc-4e91-baba-b3b85f709117"
    assert notice.kind == "competition"
    assert notice.subtype == "16"
    assert notice.language == "en"
    assert notice.title == "Procurement Title ---"
    assert notice.buyer_name == "Financial Adinistration for ..."
    assert notice.buyer_identifier == "998298"
    assert notice.buyer_town == "Luxembourg"
    assert notice.country == "LU"
    assert notice.contract_nature == "services"
    assert notice.procedure_type == "neg-w-call"
    assert notice.cpv_main == "79710000"
    assert notice.cpv_codes == ["79710000", "79720000", "75121000"]
    assert notice.nuts_codes == ["LU000"]
    assert notice.published_on == datetime.date(2023, 3, 23)
    tz = datetime.timezone(datetime.timedelta(hours=1))
    assert notice.deadline == datetime.datetime(2023, 5, 22, 20, 59, 32, tzinfo=tz)
    assert notice.estimated_value == Decimal("9999999.99")
    assert notice.currency == "EUR"
    assert (notice.is_innovation, notice.is_green, notice.is_social) == (True, True, True)
    assert notice.sme_suitable is True
    assert [lot.lot_id for lot in notice.lots] == ["LOT-0001", "LOT-0002"]
    assert notice.lots[1].title == "Title Lot 2---"
    assert [r["code"] for r in notice.requirements[:3]] == [
        "slc-suit-reg-prof",
        "slc-stand-other",
        "slc-abil-staff-tech-work",
    ]
    assert notice.requirements[0]["kind"] == "registration"
    assert notice.requirements[0]["lot"] == "LOT-0001"


def test_multilingual_notice_keeps_official_translations():
    notice = _parse("cn_24_multilingual.xml")
    assert notice.language == "en"
    assert notice.title.startswith("Provision of IT Services Related to OP IT Systems")
    assert notice.translations["sv"]["title"].startswith("Tillhandahållande av IT-tjänster")
    assert notice.translations["de"]["title"].startswith("Bereitstellung von IT-Dienstleistungen")
    assert "en" not in notice.translations
    assert len(notice.translations) == 23


def test_prior_information_notice_with_parts():
    notice = _parse("pin-only_24.xml")
    assert notice.kind == "planning"
    assert notice.deadline is None
    assert notice.estimated_value == Decimal("100000")
    assert notice.cpv_codes == ["72000000", "50000000"]
    assert [lot.lot_id for lot in notice.lots] == ["PAR-0000"]
    assert notice.country == "DE"


def test_award_notice_and_german_veat():
    award = _parse("can_24_UKRI.xml")
    assert award.kind == "result"
    assert award.buyer_name == "UK Research and Innovation"
    assert award.country == "GB"
    assert award.estimated_value == Decimal("60000000")
    veat = _parse("veat_23.xml")
    assert veat.kind == "direct_award"
    assert veat.language == "de"
    assert veat.title == "Wasser-Konzessionsvertrag und Löschwasservereinbarung"
    assert veat.procedure_type == "neg-wo-call"


def test_french_minimal_award_maps_three_letter_language():
    notice = _parse("E4_minimal.xml")
    assert notice.language == "fr"
    assert notice.subtype == "E4"
    assert notice.nuts_codes == ["FRD22"]


def _with_customization(version: str) -> bytes:
    data = (EFORMS / "cn_24_minimal.xml").read_bytes()
    return data.replace(b"eforms-sdk-1.15", version.encode())


@pytest.mark.parametrize("version", ["eforms-sdk-0.9", "eforms-sdk-1.1", "ubl-2.3"])
def test_unsupported_sdk_versions_are_rejected_with_reason(version):
    result = parse_eforms(_with_customization(version), file="cn.xml")
    assert result.notices == []
    assert [e.position for e in result.errors] == ["/*/cbc:CustomizationID"]
    assert version in result.errors[0].message
    assert "unsupported eForms version" in result.errors[0].message


def test_notice_without_id_and_title_lists_both_problems():
    data = (EFORMS / "cn_24_minimal.xml").read_bytes()
    data = re.sub(rb'<cbc:ID schemeName="notice-id">[^<]*</cbc:ID>', b"", data)
    data = re.sub(rb"<cbc:Name languageID=\"ENG\">Provision[^<]*</cbc:Name>", b"", data, count=1)
    result = parse_eforms(data, file="cn.xml")
    assert result.notices == []
    messages = [e.message for e in result.errors]
    assert len(messages) == 2
    assert "identifier (BT-701)" in messages[0]
    assert "no title (BT-21)" in messages[1]
