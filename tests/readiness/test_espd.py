import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from lxml import etree

from arena.readiness.enums import MAX_AMOUNT_SEK, AnswerStatus
from arena.readiness.espd import (
    CRITERIA,
    XPATH_NS,
    EspdImportError,
    ExportAmounts,
    ExportAnswer,
    ExportParty,
    espd_response_build,
    espd_response_parse,
)
from arena.readiness.models import ReadinessAnswer, ReadinessProfile
from arena.readiness.selectors import espd_export_for, espd_item_criteria
from arena.readiness.services import answer_set, espd_import_apply, profile_update
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db

NS = XPATH_NS


@pytest.fixture
def answered(organisation, owner):
    today = timezone.localdate()
    profile_update(
        organisation=organisation,
        actor=owner,
        annual_turnover_sek=3_500_000,
        turnover_year=today.year - 1,
        insurance_cover_sek=5_000_000,
        insurance_valid_until=today + datetime.timedelta(days=200),
        processes_personal_data=False,
        delivers_digital_services=True,
        does_works=False,
    )
    issued = today - datetime.timedelta(days=10)
    answer_set(organisation=organisation, actor=owner, item_id="RD-01", status=AnswerStatus.YES,
               evidence_issued_on=issued, evidence_reference="https://example.se/regbevis.pdf")  # fmt: skip
    answer_set(organisation=organisation, actor=owner, item_id="RD-04", status=AnswerStatus.YES,
               evidence_issued_on=issued, evidence_reference="Pärm 3, skattekonto")  # fmt: skip
    answer_set(organisation=organisation, actor=owner, item_id="RD-05", status=AnswerStatus.YES)
    answer_set(organisation=organisation, actor=owner, item_id="RD-06", status=AnswerStatus.NO)
    answer_set(organisation=organisation, actor=owner, item_id="RD-08", status=AnswerStatus.YES,
               evidence_issued_on=issued, evidence_expires_on=today + datetime.timedelta(days=200))  # fmt: skip
    answer_set(organisation=organisation, actor=owner, item_id="RD-09", status=AnswerStatus.YES)
    answer_set(
        organisation=organisation, actor=owner, item_id="RD-11", status=AnswerStatus.IN_PROGRESS
    )
    answer_set(organisation=organisation, actor=owner, item_id="RD-12", status=AnswerStatus.NO)
    return organisation


def _tree(organisation):
    return etree.fromstring(
        espd_export_for(
            organisation=organisation, contact_name="Anna", contact_email="anna@example.se"
        )
    )


def _criterion(tree, key):
    found = tree.xpath(f"cac:TenderingCriterion[cbc:ID='{CRITERIA[key].uuid}']", namespaces=NS)
    return found[0] if found else None


def _indicator(tree, key):
    criterion = _criterion(tree, key)
    prop = criterion.xpath(
        ".//cac:TenderingCriterionProperty[cbc:ValueDataTypeCode='INDICATOR']/cbc:ID", namespaces=NS
    )[0].text
    return tree.xpath(
        f"cac:TenderingCriterionResponse[cbc:ValidatedCriterionPropertyID='{prop}']/cac:ResponseValue/cbc:ResponseIndicator",
        namespaces=NS,
    )[0].text


def test_export_root_namespaces_and_party(answered):
    tree = _tree(answered)
    assert etree.QName(tree).localname == "QualificationApplicationResponse"
    assert etree.QName(tree).namespace == NS["qar"]
    assert tree.xpath("cbc:UBLVersionID", namespaces=NS)[0].text == "2.3"
    assert tree.xpath("cbc:ProfileExecutionID", namespaces=NS)[0].text.startswith("ESPD-EDMv3")
    # The children UBL 2.3 requires, in the schema's order.
    names = [etree.QName(child).localname for child in tree]
    required = ["ContractFolderID", "IssueDate", "ContractingParty", "EconomicOperatorParty",
                "TenderingCriterion", "TenderingCriterionResponse", "Evidence"]  # fmt: skip
    assert [name for name in dict.fromkeys(names) if name in required] == required
    party = tree.xpath("cac:EconomicOperatorParty/cac:Party", namespaces=NS)[0]
    assert party.xpath("cac:PartyName/cbc:Name", namespaces=NS)[0].text == answered.name
    assert (
        party.xpath("cac:PartyIdentification/cbc:ID", namespaces=NS)[0].text == answered.org_number
    )
    assert party.xpath("cbc:IndustryClassificationCode", namespaces=NS)[0].text == "small"
    assert party.xpath("cac:Contact/cbc:ElectronicMail", namespaces=NS)[0].text == "anna@example.se"


def test_export_criteria_uuids_codes_and_indicators(answered):
    tree = _tree(answered)
    for key in ("criminal_organisation", "corruption", "fraud", "terrorist_offences",
                "money_laundering", "child_labour", "tax_payment", "social_security_payment"):  # fmt: skip
        criterion = _criterion(tree, key)
        assert criterion is not None, key
        assert criterion.xpath("cbc:CriterionTypeCode", namespaces=NS)[0].text == CRITERIA[key].code
        # Exclusion grounds ask "have you breached…?": a clean company answers false.
        assert _indicator(tree, key) == "false"
    assert _indicator(tree, "bankruptcy") == "true"  # RD-06 answered no
    assert _indicator(tree, "trade_register") == "true"
    assert _indicator(tree, "references_services") == "true"
    assert _criterion(tree, "references_works") is None  # the company does no works
    assert _indicator(tree, "environmental_management") == "false"
    assert _criterion(tree, "quality_assurance") is None  # in progress is not an ESPD answer
    assert tree.xpath(
        "cac:TenderingCriterion[cbc:ID='005eb9ed-1347-4ca3-bb29-9bc0db64e1ab']", namespaces=NS
    )


def test_export_amounts_in_sek_and_evidence(answered):
    tree = _tree(answered)
    amounts = tree.xpath(
        "cac:TenderingCriterionResponse/cac:ResponseValue/cbc:ResponseAmount", namespaces=NS
    )
    assert {(a.text, a.get("currencyID")) for a in amounts} == {
        ("3500000", "SEK"),
        ("5000000", "SEK"),
    }
    evidence = tree.xpath(
        "cac:Evidence[cbc:ID='EVIDENCE-RD-01']/cac:DocumentReference", namespaces=NS
    )[0]
    assert (
        evidence.xpath("cac:Attachment/cac:ExternalReference/cbc:URI", namespaces=NS)[0].text
        == "https://example.se/regbevis.pdf"
    )
    assert evidence.xpath("cac:ValidityPeriod/cbc:EndDate", namespaces=NS)[0].text
    supplied = tree.xpath(
        "cac:TenderingCriterionResponse/cac:EvidenceSupplied/cbc:ID/text()", namespaces=NS
    )
    assert "EVIDENCE-RD-04" in supplied


def _snapshot(organisation):
    profile = ReadinessProfile.objects.get(organisation=organisation)
    answers = {
        a.item_id: (a.status, a.evidence_issued_on, a.evidence_expires_on, a.evidence_reference)
        for a in profile.answers.filter(
            status__in=[AnswerStatus.YES, AnswerStatus.NO], item_id__in=list(espd_item_criteria())
        )
    }
    return answers, profile.annual_turnover_sek, profile.turnover_year, profile.insurance_cover_sek


def test_round_trip_export_import_gives_the_same_answers(answered, owner):
    data = espd_export_for(organisation=answered)
    before = _snapshot(answered)
    other = OrganisationFactory()
    result = espd_response_parse(data, item_criteria=espd_item_criteria())
    espd_import_apply(organisation=other, actor=owner, result=result)
    assert _snapshot(other) == before
    assert result.ignored == []


def test_import_lists_unknown_criteria_as_ignored():
    data = f"""<?xml version="1.0"?>
<QualificationApplicationResponse xmlns="{NS["qar"]}" xmlns:cac="{NS["cac"]}" xmlns:cbc="{NS["cbc"]}">
  <cac:TenderingCriterion><cbc:ID>9b19e869-6c89-4cc4-bd6c-ac9ca8602165</cbc:ID><cbc:Name>Registered in an official list</cbc:Name>
    <cac:TenderingCriterionPropertyGroup><cac:TenderingCriterionProperty><cbc:ID>p1</cbc:ID><cbc:ValueDataTypeCode>INDICATOR</cbc:ValueDataTypeCode></cac:TenderingCriterionProperty></cac:TenderingCriterionPropertyGroup>
  </cac:TenderingCriterion>
  <cac:TenderingCriterion><cbc:ID>{CRITERIA["fraud"].uuid}</cbc:ID>
    <cac:TenderingCriterionPropertyGroup><cac:TenderingCriterionProperty><cbc:ID>p2</cbc:ID><cbc:ValueDataTypeCode>INDICATOR</cbc:ValueDataTypeCode></cac:TenderingCriterionProperty></cac:TenderingCriterionPropertyGroup>
  </cac:TenderingCriterion>
  <cac:TenderingCriterionResponse><cbc:ValidatedCriterionPropertyID>p1</cbc:ValidatedCriterionPropertyID><cac:ResponseValue><cbc:ResponseIndicator>false</cbc:ResponseIndicator></cac:ResponseValue></cac:TenderingCriterionResponse>
  <cac:TenderingCriterionResponse><cbc:ValidatedCriterionPropertyID>p2</cbc:ValidatedCriterionPropertyID><cac:ResponseValue><cbc:ResponseIndicator>true</cbc:ResponseIndicator></cac:ResponseValue></cac:TenderingCriterionResponse>
</QualificationApplicationResponse>""".encode()
    result = espd_response_parse(data, item_criteria=espd_item_criteria())
    assert result.ignored == [
        ("9b19e869-6c89-4cc4-bd6c-ac9ca8602165", "Registered in an official list")
    ]
    # A fraud conviction declared: RD-05 is not met.
    assert result.answers["RD-05"].compliant is False


def test_import_amount_in_another_currency_is_not_taken():
    data = f"""<QualificationApplicationResponse xmlns="{NS["qar"]}" xmlns:cac="{NS["cac"]}" xmlns:cbc="{NS["cbc"]}">
  <cac:TenderingCriterion><cbc:ID>{CRITERIA["general_turnover"].uuid}</cbc:ID>
    <cac:TenderingCriterionPropertyGroup><cac:TenderingCriterionProperty><cbc:ID>a</cbc:ID><cbc:ValueDataTypeCode>AMOUNT</cbc:ValueDataTypeCode></cac:TenderingCriterionProperty></cac:TenderingCriterionPropertyGroup>
  </cac:TenderingCriterion>
  <cac:TenderingCriterionResponse><cbc:ValidatedCriterionPropertyID>a</cbc:ValidatedCriterionPropertyID><cac:ResponseValue><cbc:ResponseAmount currencyID="EUR">100000</cbc:ResponseAmount></cac:ResponseValue></cac:TenderingCriterionResponse>
</QualificationApplicationResponse>""".encode()
    result = espd_response_parse(data, item_criteria=espd_item_criteria())
    assert result.turnover_sek is None
    assert result.warnings == ["currency:gen-year-to:EUR"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"<QualificationApplicationResponse", "malformed"),
        (b"not xml at all", "malformed"),
        (b"", "malformed"),
        (
            b'<?xml version="1.0"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>',
            "wrong_root",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            b"<lolz>&lol2;</lolz>",
            "doctype",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
            "doctype",
        ),
        (b"<r>" + b"x" * (4 * 1024 * 1024 + 1) + b"</r>", "too_large"),
        (
            '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>'.encode(
                "utf-16"
            ),
            "doctype",
        ),
    ],
)
def test_import_bad_files_are_rejected(data, code):
    with pytest.raises(EspdImportError) as error:
        espd_response_parse(data, item_criteria=espd_item_criteria())
    assert str(error.value) == code


def test_import_apply_writes_nothing_when_a_row_fails(organisation, owner):
    from arena.readiness.espd import ImportedAnswer, ImportResult

    result = ImportResult(
        answers={
            "RD-01": ImportedAnswer("RD-01", True),
            "RD-08": ImportedAnswer("RD-08", True, issued_on="2026-01-10", expires_on="2026-01-01"),
        },
        turnover_sek=1,
    )
    with pytest.raises(ValidationError):
        espd_import_apply(organisation=organisation, actor=owner, result=result)
    assert not ReadinessAnswer.objects.exists()
    assert not ReadinessProfile.objects.filter(annual_turnover_sek=1).exists()


def _prop(prop_id, kind, description=""):
    return (
        f"<cac:TenderingCriterionProperty><cbc:ID>{prop_id}</cbc:ID><cbc:Description>{description}"
        f"</cbc:Description><cbc:TypeCode>QUESTION</cbc:TypeCode>"
        f"<cbc:ValueDataTypeCode>{kind}</cbc:ValueDataTypeCode></cac:TenderingCriterionProperty>"
    )


def _answer(prop_id, indicator):
    return (
        f"<cac:TenderingCriterionResponse><cbc:ValidatedCriterionPropertyID>{prop_id}"
        f"</cbc:ValidatedCriterionPropertyID><cac:ResponseValue><cbc:ResponseIndicator>{indicator}"
        f"</cbc:ResponseIndicator></cac:ResponseValue></cac:TenderingCriterionResponse>"
    )


def test_import_tool_shaped_response_uses_the_main_answer_not_subcriteria():
    # Shaped like the official ESPD-EDM v3.0.1 sample: a national sub-criterion with its own
    # indicator first, then the main "Your answer" with a nested self-cleaning indicator.
    criterion = CRITERIA["criminal_organisation"]
    data = f"""<?xml version="1.0" encoding="UTF-8"?>
<QualificationApplicationResponse xmlns="{NS["qar"]}" xmlns:cac="{NS["cac"]}" xmlns:cbc="{NS["cbc"]}">
  <cbc:UBLVersionID>2.3</cbc:UBLVersionID>
  <cac:TenderingCriterion>
    <cbc:ID schemeID="criterion" schemeAgencyID="EU-COM-GROW" schemeVersionID="3.0.0">{criterion.uuid}</cbc:ID>
    <cbc:CriterionTypeCode>crime-org</cbc:CriterionTypeCode>
    <cac:SubTenderingCriterion><cbc:ID>sub</cbc:ID>
      <cac:TenderingCriterionPropertyGroup><cbc:ID>sg</cbc:ID>{_prop("sub-q", "INDICATOR")}</cac:TenderingCriterionPropertyGroup>
    </cac:SubTenderingCriterion>
    <cac:TenderingCriterionPropertyGroup><cbc:ID>g</cbc:ID>{_prop("main", "INDICATOR", "Your answer")}
      <cac:SubsidiaryTenderingCriterionPropertyGroup><cbc:ID>g2</cbc:ID>{_prop("date", "DATE")}
        <cac:SubsidiaryTenderingCriterionPropertyGroup><cbc:ID>g3</cbc:ID>{_prop("clean", "INDICATOR", "Self-cleaning?")}</cac:SubsidiaryTenderingCriterionPropertyGroup>
      </cac:SubsidiaryTenderingCriterionPropertyGroup>
    </cac:TenderingCriterionPropertyGroup>
  </cac:TenderingCriterion>
  {_answer("sub-q", "true")}{_answer("main", "false")}{_answer("clean", "true")}
</QualificationApplicationResponse>""".encode()
    result = espd_response_parse(data, item_criteria=espd_item_criteria())
    assert list(result.answers) == ["RD-05"]
    assert result.answers["RD-05"].compliant is True


def _turnover_response(amount):
    criterion = CRITERIA["general_turnover"]
    return f"""<QualificationApplicationResponse xmlns="{NS["qar"]}" xmlns:cac="{NS["cac"]}" xmlns:cbc="{NS["cbc"]}">
  <cac:TenderingCriterion><cbc:ID>{criterion.uuid}</cbc:ID>
    <cac:TenderingCriterionPropertyGroup><cac:TenderingCriterionProperty><cbc:ID>a</cbc:ID><cbc:ValueDataTypeCode>AMOUNT</cbc:ValueDataTypeCode></cac:TenderingCriterionProperty></cac:TenderingCriterionPropertyGroup>
  </cac:TenderingCriterion>
  <cac:TenderingCriterionResponse><cbc:ValidatedCriterionPropertyID>a</cbc:ValidatedCriterionPropertyID><cac:ResponseValue><cbc:ResponseAmount currencyID="SEK">{amount}</cbc:ResponseAmount></cac:ResponseValue></cac:TenderingCriterionResponse>
</QualificationApplicationResponse>""".encode()


@pytest.mark.parametrize(
    ("amount", "warning"),
    [
        ("1e400", "amount:gen-year-to"),  # float() gives inf: int() of it overflowed
        ("-1e400", "amount:gen-year-to"),
        ("NaN", "amount:gen-year-to"),
        ("1e30", "amount_too_large:gen-year-to"),  # parses, but no 64-bit column holds it
        (str(MAX_AMOUNT_SEK + 1), "amount_too_large:gen-year-to"),
    ],
)
def test_import_amount_out_of_range_is_a_warning(amount, warning):
    result = espd_response_parse(_turnover_response(amount), item_criteria=espd_item_criteria())
    assert result.turnover_sek is None
    assert result.warnings == [warning]


def test_import_turnover_year_out_of_range_is_a_warning():
    criterion = CRITERIA["general_turnover"]
    data = f"""<QualificationApplicationResponse xmlns="{NS["qar"]}" xmlns:cac="{NS["cac"]}" xmlns:cbc="{NS["cbc"]}">
  <cac:TenderingCriterion><cbc:ID>{criterion.uuid}</cbc:ID>
    <cac:TenderingCriterionPropertyGroup><cac:TenderingCriterionProperty><cbc:ID>y</cbc:ID><cbc:ValueDataTypeCode>PERIOD</cbc:ValueDataTypeCode></cac:TenderingCriterionProperty></cac:TenderingCriterionPropertyGroup>
  </cac:TenderingCriterion>
  <cac:TenderingCriterionResponse><cbc:ValidatedCriterionPropertyID>y</cbc:ValidatedCriterionPropertyID><cac:ApplicablePeriod><cbc:StartDate>0001-01-01</cbc:StartDate></cac:ApplicablePeriod></cac:TenderingCriterionResponse>
</QualificationApplicationResponse>""".encode()
    result = espd_response_parse(data, item_criteria=espd_item_criteria())
    assert result.turnover_year is None
    assert result.warnings == ["year:gen-year-to:0001"]


def test_export_build_strips_xml_illegal_characters():
    # NUL cannot reach the database on PostgreSQL, so the builder is checked on its own here.
    data = espd_response_build(
        party=ExportParty(
            name="Bygg\x00 AB\ud800", org_number="556000-0000\x1b", size_class="small"
        ),
        answers=[
            ExportAnswer(
                item_id="RD-08",
                compliant=True,
                criteria=("indemnity_insurance",),
                evidence_reference="Pärm\x00 \x0c2\uffff",
            )
        ],
        amounts=ExportAmounts(),
        issued_at=timezone.now(),
        document_id="x\x01",
    )
    tree = etree.fromstring(data)
    party = tree.xpath("cac:EconomicOperatorParty/cac:Party", namespaces=NS)[0]
    assert party.xpath("cac:PartyName/cbc:Name", namespaces=NS)[0].text == "Bygg AB"
    assert party.xpath("cac:PartyIdentification/cbc:ID", namespaces=NS)[0].text == "556000-0000"
    reference = tree.xpath("cac:Evidence/cac:DocumentReference/cbc:ID", namespaces=NS)[0]
    assert reference.text == "Pärm 2"
