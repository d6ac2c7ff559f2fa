"""ESPD Response (ESPD-EDM v3, UBL 2.3 QualificationApplicationResponse): export and safe import.

Plain functions over plain data: no queries, so the format can be tested on its own.

Sources read for the structure and identifiers (stored copies of public repositories):
* OP-TED/ESPD-EDM `xml-examples/ESPD-Response-v3.0.1-YearlyTurnoverPeriods.xml`
  (commit c74ede337561b4bb018a29ef2f6ac4dfc71b5568): root element and namespaces, the
  TenderingCriterion → TenderingCriterionPropertyGroup → TenderingCriterionProperty tree,
  TenderingCriterionResponse with ValidatedCriterionPropertyID / ResponseValue / EvidenceSupplied,
  and cac:Evidence with DocumentReference.
* OP-TED/ESPD-EDM `codelists/gc/criterion.gc` (commit 04b53e7bded3a5ee6d44511ca7bc7369658b8340):
  the CriterionTypeCode values (list http://publications.europa.eu/resource/authority/criterion).
* OP-TED/ESPD-EDM `codelists/gc/EconomicOperatorSize.gc` (commit c007d2f9…): sme/micro/small/medium.
* The criterion UUIDs of the criteria taxonomy, which are the same from ESPD-EDM 2.x through 4.x:
  crime-org from the OP-TED example above; the others from the European Commission's ESPD service
  (repository ESPD/ESPD-Service, `ExclusionCriterion` and `SelectionCriterion` enums), cross-checked
  against a second public code base that generates its tables from the OP-TED releases.

Element order follows the UBL 2.3 schema xsdrt/maindoc/UBL-QualificationApplicationResponse-2.3.xsd
(OASIS UBL 2.3 CS02, read in kduvekot/ubl-release-package at aa130e83db39f0ab07f2e0c8d1c94f92765cb6ee):
ContractFolderID, IssueDate, ContractingParty, EconomicOperatorParty and at least one
TenderingCriterionResponse are required there.

Property identifiers in a v3 document are per document, so ours are derived (uuid5) from the
criterion UUID and the property's role: the same company exports the same ids every time, and
the importer never relies on them, only on the criterion UUID above each property.
"""

import datetime
import math
import re
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # no lxml-stubs in the dev extra

from arena.readiness.enums import MAX_AMOUNT_SEK

QAR_NS = "urn:oasis:names:specification:ubl:schema:xsd:QualificationApplicationResponse-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
NSMAP = {None: QAR_NS, "cac": CAC, "cbc": CBC}
XPATH_NS = {"qar": QAR_NS, "cac": CAC, "cbc": CBC}

EDM_VERSION = "3.3.0"
AGENCY = "EU-COM-GROW"
CRITERION_LIST = "http://publications.europa.eu/resource/authority/criterion"
CURRENCY = "SEK"
STANDING_FOLDER_ID = "ARENA-STANDING-ANSWERS"
# An ESPD Response from an e-procurement tool is a few hundred kilobytes at most; the official
# sample with every criterion answered is 1.4 MB.
MAX_IMPORT_BYTES = 4 * 1024 * 1024
_ID_NAMESPACE = uuid.UUID("6f1f0c1e-3a4b-4a53-9a38-2b0e8f3c5d71")


@dataclass(frozen=True)
class Criterion:
    key: str
    uuid: str
    code: str
    name: str
    # Exclusion grounds ask "has the company breached / been convicted?": compliant is `false`.
    exclusion: bool
    # Which profile amount the criterion carries, if any.
    amount: str = ""


CRITERIA: dict[str, Criterion] = {
    c.key: c
    for c in (
        Criterion("criminal_organisation", "005eb9ed-1347-4ca3-bb29-9bc0db64e1ab", "crime-org",
                  "Participation in a criminal organisation", True),
        Criterion("corruption", "c27b7c4e-c837-4529-b867-ed55ce639db5", "corruption",
                  "Corruption", True),
        Criterion("fraud", "297d2323-3ede-424e-94bc-a91561e6f320", "fraud", "Fraud", True),
        Criterion("terrorist_offences", "d486fb70-86b3-4e75-97f2-0d71b5697c7d", "terr-offence",
                  "Terrorist offences or offences linked to terrorist activities", True),
        Criterion("money_laundering", "47112079-6fec-47a3-988f-e561668c3aef", "finan-laund",
                  "Money laundering or terrorist financing", True),
        Criterion("child_labour", "d789d01a-fe03-4ccd-9898-73f9cfa080d1", "human-traffic",
                  "Child labour and other forms of trafficking in human beings", True),
        Criterion("tax_payment", "b61bbeb7-690e-4a40-bc68-d6d4ecfaa3d4", "tax-pay",
                  "Payment of taxes", True),
        Criterion("social_security_payment", "7d85e333-bbab-49c0-be8d-c36d71a72f5e", "socsec-pay",
                  "Payment of social security contributions", True),
        Criterion("bankruptcy", "d3732c09-7d62-4edc-a172-241da6636e7c", "bankruptcy",
                  "Bankruptcy", True),
        Criterion("trade_register", "87b3fa26-3549-4f92-b8e0-3fd8f04bf5c7", "trade-regist",
                  "Enrolment in a trade register", False),
        Criterion("general_turnover", "499efc97-2ac1-4af2-9e84-323c2ca67747", "gen-year-to",
                  "General yearly turnover", False, amount="turnover"),
        Criterion("indemnity_insurance", "7604bd40-4462-4086-8763-a50da51a869c", "indem-insu",
                  "Professional risk indemnity insurance", False, amount="insurance"),
        Criterion("references_works", "cdd3bb3e-34a5-43d5-b668-2aab86a73822", "work-perform",
                  "For works contracts: performance of works of the specified type", False),
        Criterion("references_supplies", "3a18a175-1863-4b1d-baef-588ce61960ca", "supply-perform",
                  "For supply contracts: performance of deliveries of the specified type", False),
        Criterion("references_services", "5e506c16-26ab-4e32-bb78-b27f87dc0565", "service-perform",
                  "For service contracts: performance of services of the specified type", False),
        Criterion("quality_assurance", "d726bac9-e153-4e75-bfca-c5385587766d", "qu-certif-indep",
                  "Certificates by independent bodies about quality assurance standards", False),
        Criterion("environmental_management", "8ed65e48-fd0d-444f-97bd-4f58da632999",
                  "envir-certif-indep",
                  "Certificates by independent bodies about environmental management systems or "
                  "standards", False),
    )
}  # fmt: skip
BY_UUID = {criterion.uuid: criterion for criterion in CRITERIA.values()}

# Economic operator size (EU vocabulary economic-operator-size) by Organisation.size_class.
SIZE_CODES = {"micro": "micro", "small": "small", "medium": "medium", "large": "large"}


class EspdImportError(ValueError):
    """The file cannot be read as an ESPD Response; nothing was changed."""


## Export


@dataclass(frozen=True)
class ExportAnswer:
    item_id: str
    compliant: bool
    criteria: tuple[str, ...]
    evidence_reference: str = ""
    issued_on: datetime.date | None = None
    expires_on: datetime.date | None = None


@dataclass(frozen=True)
class ExportParty:
    name: str
    org_number: str
    size_class: str
    website: str = ""
    contact_name: str = ""
    contact_email: str = ""


@dataclass(frozen=True)
class ExportAmounts:
    turnover_sek: int | None = None
    turnover_year: int | None = None
    insurance_sek: int | None = None


# Everything outside XML 1.0's Char production (control characters, lone surrogates, U+FFFE/F):
# lxml refuses such text, and a name or reference typed into a form may carry one.
_XML_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def _cbc(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> Any:
    element = etree.SubElement(parent, f"{{{CBC}}}{name}", attrs)
    if text is not None:
        element.text = xml_text(text)
    return element


def _cac(parent: etree._Element, name: str) -> Any:
    return etree.SubElement(parent, f"{{{CAC}}}{name}")


def _id(*parts: str) -> str:
    return str(uuid.uuid5(_ID_NAMESPACE, "/".join(parts)))


def _scheme() -> dict[str, str]:
    return {"schemeID": "Criterion", "schemeAgencyID": AGENCY, "schemeVersionID": EDM_VERSION}


def _property(group: Any, criterion: Criterion, role: str, description: str, kind: str) -> str:
    prop = _cac(group, "TenderingCriterionProperty")
    prop_id = _id(criterion.uuid, role)
    _cbc(prop, "ID", prop_id, **_scheme())
    _cbc(prop, "Description", description)
    _cbc(prop, "TypeCode", "QUESTION", listID="criterion-element-type", listAgencyID=AGENCY,
         listVersionID=EDM_VERSION)  # fmt: skip
    _cbc(prop, "ValueDataTypeCode", kind, listID="response-data-type", listAgencyID=AGENCY,
         listVersionID=EDM_VERSION)  # fmt: skip
    return prop_id


def _response(root: Any, prop_id: str, role: str) -> Any:
    response = _cac(root, "TenderingCriterionResponse")
    _cbc(response, "ID", _id(prop_id, "response", role), schemeID="ISO/IEC 9834-8:2008 - 4UUID",
         schemeAgencyID=AGENCY, schemeVersionID=EDM_VERSION)  # fmt: skip
    _cbc(response, "ValidatedCriterionPropertyID", prop_id, **_scheme())
    return response


def _value(response: Any, prop_id: str) -> Any:
    value = _cac(response, "ResponseValue")
    _cbc(value, "ID", _id(prop_id, "value"), schemeID="ISO/IEC 9834-8:2008 - 4UUID",
         schemeAgencyID=AGENCY, schemeVersionID=EDM_VERSION)  # fmt: skip
    return value


def evidence_id(item_id: str) -> str:
    return f"EVIDENCE-{item_id}"


def _is_url(text: str) -> bool:
    return text.startswith(("https://", "http://"))


def espd_response_build(
    *,
    party: ExportParty,
    answers: list[ExportAnswer],
    amounts: ExportAmounts,
    issued_at: datetime.datetime,
    document_id: str,
) -> bytes:
    """The company's standing answers as an ESPD Response document (UTF-8 XML bytes)."""
    root = etree.Element(f"{{{QAR_NS}}}QualificationApplicationResponse", nsmap=NSMAP)
    _cbc(root, "UBLVersionID", "2.3", schemeAgencyID="OASIS-UBL-TC")
    _cbc(root, "ProfileExecutionID", f"ESPD-EDMv{EDM_VERSION}", schemeAgencyID=AGENCY,
         schemeVersionID=EDM_VERSION)  # fmt: skip
    _cbc(root, "ID", document_id, schemeAgencyID="ARENA")
    _cbc(root, "CopyIndicator", "false")
    _cbc(root, "UUID", _id(document_id, issued_at.isoformat()), schemeID="ISO/IEC 9834-8:2008 - 4UUID",
         schemeAgencyID="ARENA", schemeVersionID=EDM_VERSION)  # fmt: skip
    # UBL requires a procedure reference and a buyer; standing answers belong to no procedure, so
    # these are placeholders the e-procurement system replaces when the ESPD is used in a tender.
    _cbc(root, "ContractFolderID", STANDING_FOLDER_ID, schemeAgencyID="ARENA")
    _cbc(root, "IssueDate", issued_at.date().isoformat())
    _cbc(root, "IssueTime", issued_at.time().replace(microsecond=0).isoformat())
    _cbc(root, "VersionID", "1.0", schemeAgencyID=AGENCY, schemeVersionID=EDM_VERSION)

    _cac(_cac(root, "ContractingParty"), "Party")

    # Part II.A: the economic operator.
    operator = _cac(root, "EconomicOperatorParty")
    role = _cac(operator, "EconomicOperatorRole")
    _cbc(role, "RoleCode", "sole-tenderer",
         listID="http://publications.europa.eu/resource/authority/eo-role-type", listAgencyID="OP")  # fmt: skip
    company = _cac(operator, "Party")
    if party.website:
        _cbc(company, "WebsiteURI", party.website)
    if party.size_class in SIZE_CODES:
        _cbc(company, "IndustryClassificationCode", SIZE_CODES[party.size_class],
             listID="http://publications.europa.eu/resource/authority/economic-operator-size",
             listAgencyID="OP")  # fmt: skip
    identification = _cac(company, "PartyIdentification")
    # Swedish organisation number, as Bolagsverket prints it.
    _cbc(identification, "ID", party.org_number, schemeAgencyID="SE:BOLAGSVERKET")
    _cbc(_cac(company, "PartyName"), "Name", party.name)
    country = _cac(_cac(company, "PostalAddress"), "Country")
    _cbc(country, "IdentificationCode", "SWE",
         listID="http://publications.europa.eu/resource/authority/country", listAgencyID="ISO")  # fmt: skip
    if party.contact_name or party.contact_email:
        contact = _cac(company, "Contact")
        if party.contact_name:
            _cbc(contact, "Name", party.contact_name)
        if party.contact_email:
            _cbc(contact, "ElectronicMail", party.contact_email)

    # Parts III and IV: criteria with their questions, then the answers, then the evidence.
    planned: list[tuple[str, str, Any]] = []  # (property id, role, value)
    answered = {criterion: answer for answer in answers for criterion in answer.criteria}
    for key, criterion in CRITERIA.items():
        answer = answered.get(key)
        amount = {
            "turnover": amounts.turnover_sek,
            "insurance": amounts.insurance_sek,
        }.get(criterion.amount)
        if answer is None and amount is None:
            continue
        element = _cac(root, "TenderingCriterion")
        _cbc(element, "ID", criterion.uuid, **_scheme())
        _cbc(element, "CriterionTypeCode", criterion.code, listID=CRITERION_LIST, listAgencyID="OP")
        _cbc(element, "Name", criterion.name)
        group = _cac(element, "TenderingCriterionPropertyGroup")
        _cbc(group, "ID", _id(criterion.uuid, "group"), **_scheme())
        _cbc(group, "PropertyGroupTypeCode", "ON*", listID="property-group-type",
             listAgencyID=AGENCY, listVersionID=EDM_VERSION)  # fmt: skip
        if answer is not None:
            indicator = not answer.compliant if criterion.exclusion else answer.compliant
            prop = _property(group, criterion, "answer", "Your answer?", "INDICATOR")
            planned.append((prop, "indicator", indicator))
        if amount is not None:
            prop = _property(group, criterion, "amount", "Amount", "AMOUNT")
            planned.append((prop, "amount", amount))
            if criterion.amount == "turnover" and amounts.turnover_year:
                prop = _property(group, criterion, "period", "Fiscal year", "PERIOD")
                planned.append((prop, "period", amounts.turnover_year))
        if answer is not None and (answer.evidence_reference or answer.issued_on):
            prop = _property(group, criterion, "evidence", "Evidence Supplied",
                             "EVIDENCE_IDENTIFIER")  # fmt: skip
            planned.append((prop, "evidence", evidence_id(answer.item_id)))

    for prop_id, role, raw in planned:
        response = _response(root, prop_id, role)
        if role == "indicator":
            _cbc(_value(response, prop_id), "ResponseIndicator", "true" if raw else "false")
        elif role == "amount":
            _cbc(_value(response, prop_id), "ResponseAmount", str(raw), currencyID=CURRENCY)
        elif role == "period":
            period = _cac(response, "ApplicablePeriod")
            _cbc(period, "StartDate", f"{raw:04d}-01-01")
            _cbc(period, "EndDate", f"{raw:04d}-12-31")
        else:
            _cbc(_cac(response, "EvidenceSupplied"), "ID", raw, schemeAgencyID="ARENA")

    for answer in answers:
        if not (answer.evidence_reference or answer.issued_on):
            continue
        evidence = _cac(root, "Evidence")
        _cbc(evidence, "ID", evidence_id(answer.item_id), schemeAgencyID="ARENA")
        reference = _cac(evidence, "DocumentReference")
        text = answer.evidence_reference
        _cbc(reference, "ID", text if text and not _is_url(text) else answer.item_id)
        if answer.issued_on:
            _cbc(reference, "IssueDate", answer.issued_on.isoformat())
        if _is_url(text):
            external = _cac(_cac(reference, "Attachment"), "ExternalReference")
            _cbc(external, "URI", text)
        if answer.expires_on:
            _cbc(_cac(reference, "ValidityPeriod"), "EndDate", answer.expires_on.isoformat())

    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


## Import


@dataclass
class ImportedAnswer:
    item_id: str
    compliant: bool
    evidence_reference: str = ""
    issued_on: str = ""  # ISO dates, so the preview can be kept in the session as JSON
    expires_on: str = ""


@dataclass
class ImportResult:
    answers: dict[str, ImportedAnswer] = field(default_factory=dict)
    turnover_sek: int | None = None
    turnover_year: int | None = None
    insurance_sek: int | None = None
    # Criteria the file answers that the checklist does not know: (identifier, name).
    ignored: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ImportResult":
        result = cls(**{k: v for k, v in data.items() if k != "answers"})
        result.answers = {k: ImportedAnswer(**v) for k, v in data.get("answers", {}).items()}
        result.ignored = [tuple(pair) for pair in result.ignored]  # type: ignore[misc]
        return result


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
    )


def _text(element: Any, path: str) -> str:
    found = element.find(path, XPATH_NS)
    return (found.text or "").strip() if found is not None else ""


def _date(text: str) -> str:
    # ESPD dates may carry a time zone ("2021-03-12+01:00"); keep the calendar date.
    text = text.strip()[:10]
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        return ""


def _amount(text: str) -> int | None:
    """A whole, non-negative amount that fits the profile, or None."""
    try:
        number = float(text.strip())
    except ValueError:
        return None
    # float() gives inf for "1e400" (int() of it overflows) and nan for "nan".
    if not math.isfinite(number) or number < 0:
        return None
    return int(number)


def _evidence_dates(
    result: "ImportResult", item_id: str, issued_text: str, expires_text: str, today: datetime.date
) -> tuple[str, str]:
    """The evidence dates answer_set will accept; each one dropped is reported as a problem."""
    issued = _date(issued_text)
    expires = _date(expires_text)
    if issued_text and not issued:
        result.warnings.append(f"date:{item_id}:{issued_text[:40]}")
    if expires_text and not expires:
        result.warnings.append(f"date:{item_id}:{expires_text[:40]}")
    if issued and datetime.date.fromisoformat(issued) > today:
        result.warnings.append(f"date_future:{item_id}:{issued}")
        issued = ""
    if issued and expires and expires <= issued:
        result.warnings.append(f"date_order:{item_id}:{expires}")
        expires = ""
    return issued, expires


def espd_response_parse(
    data: bytes,
    *,
    item_criteria: dict[str, tuple[str, ...]],
    today: datetime.date | None = None,
    reference_max: int = 500,
) -> ImportResult:
    """Read an ESPD Response safely; `item_criteria` maps checklist items to CRITERIA keys.

    Raises EspdImportError for anything that is not a well-formed ESPD Response. Values the
    checklist cannot store (amounts out of range, impossible dates) are left out and listed in
    `warnings`, so the preview shows them and the confirmed import cannot fail on them.
    """
    today = today or datetime.date.today()
    if len(data) > MAX_IMPORT_BYTES:
        raise EspdImportError("too_large")
    # A DOCTYPE is how entity bombs and external entities arrive; an ESPD never needs one.
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise EspdImportError("doctype")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        raise EspdImportError("malformed") from error
    # The byte check above misses a DOCTYPE in UTF-16; the parsed tree does not.
    if root.getroottree().docinfo.doctype:
        raise EspdImportError("doctype")
    if root.tag != f"{{{QAR_NS}}}QualificationApplicationResponse":
        raise EspdImportError("wrong_root")

    key_to_item = {key: item_id for item_id, keys in item_criteria.items() for key in keys}
    # Which criterion each property belongs to, and whether it is the criterion's own answer
    # (its first INDICATOR question; later ones are e.g. self-cleaning).
    properties: dict[str, tuple[str, str, bool]] = {}
    names: dict[str, str] = {}
    for criterion in root.iterfind("cac:TenderingCriterion", XPATH_NS):
        criterion_id = _text(criterion, "cbc:ID")
        names[criterion_id] = _text(criterion, "cbc:Name")
        # A national sub-criterion's questions belong to the criterion but are not its answer.
        for prop in criterion.iterfind(
            "cac:SubTenderingCriterion//cac:TenderingCriterionProperty", XPATH_NS
        ):
            kind = _text(prop, "cbc:ValueDataTypeCode")
            properties[_text(prop, "cbc:ID")] = (criterion_id, kind, False)
        first_indicator = True
        for prop in criterion.iterfind(
            "cac:TenderingCriterionPropertyGroup//cac:TenderingCriterionProperty", XPATH_NS
        ):
            kind = _text(prop, "cbc:ValueDataTypeCode")
            is_answer = kind == "INDICATOR" and first_indicator
            if kind == "INDICATOR":
                first_indicator = False
            properties[_text(prop, "cbc:ID")] = (criterion_id, kind, is_answer)

    evidence: dict[str, tuple[str, str, str]] = {}
    for element in root.iterfind("cac:Evidence", XPATH_NS):
        reference = element.find("cac:DocumentReference", XPATH_NS)
        if reference is None:
            continue
        uri = _text(reference, "cac:Attachment/cac:ExternalReference/cbc:URI")
        text = _text(reference, "cbc:ID")
        evidence[_text(element, "cbc:ID")] = (
            uri or text,
            _text(reference, "cbc:IssueDate"),
            _text(reference, "cac:ValidityPeriod/cbc:EndDate"),
        )

    result = ImportResult()
    verdicts: dict[str, list[bool]] = {}
    evidence_for: dict[str, str] = {}
    ignored: dict[str, str] = {}
    for response in root.iterfind("cac:TenderingCriterionResponse", XPATH_NS):
        prop_id = _text(response, "cbc:ValidatedCriterionPropertyID")
        if prop_id not in properties:
            continue
        criterion_id, kind, is_answer = properties[prop_id]
        criterion = BY_UUID.get(criterion_id)
        item_id = key_to_item.get(criterion.key) if criterion else None
        if criterion is None or item_id is None:
            ignored.setdefault(criterion_id, names.get(criterion_id, ""))
            continue
        indicator = _text(response, "cac:ResponseValue/cbc:ResponseIndicator").lower()
        amount = response.find("cac:ResponseValue/cbc:ResponseAmount", XPATH_NS)
        if is_answer and indicator in ("true", "false"):
            value = indicator == "true"
            verdicts.setdefault(item_id, []).append(not value if criterion.exclusion else value)
        elif amount is not None and criterion.amount:
            if amount.get("currencyID", "") != CURRENCY:
                result.warnings.append(f"currency:{criterion.code}:{amount.get('currencyID', '')}")
                continue
            number = _amount(amount.text or "")
            if number is None:
                result.warnings.append(f"amount:{criterion.code}")
            elif number > MAX_AMOUNT_SEK:
                result.warnings.append(f"amount_too_large:{criterion.code}")
            elif criterion.amount == "turnover":
                result.turnover_sek = number
            else:
                result.insurance_sek = number
        elif kind == "PERIOD" and criterion.amount == "turnover":
            start = _date(_text(response, "cac:ApplicablePeriod/cbc:StartDate"))
            # The same range as the profile form's financial year.
            if start and 1900 <= int(start[:4]) <= 2100:
                result.turnover_year = int(start[:4])
            elif start:
                result.warnings.append(f"year:{criterion.code}:{start[:4]}")
        supplied = _text(response, "cac:EvidenceSupplied/cbc:ID")
        if supplied:
            evidence_for[item_id] = supplied

    for item_id, values in verdicts.items():
        answer = ImportedAnswer(item_id=item_id, compliant=all(values))
        found = evidence.get(evidence_for.get(item_id, ""))
        if found is not None:
            reference, issued_text, expires_text = found
            reference = "" if reference == item_id else reference
            # Kept, shortened to what the column holds, and reported, rather than dropped: the
            # start of a long path or link is still the best pointer to the evidence.
            if len(reference) > reference_max:
                result.warnings.append(f"reference_long:{item_id}:{reference_max}")
                reference = reference[:reference_max]
            answer.evidence_reference = reference
            answer.issued_on, answer.expires_on = _evidence_dates(
                result, item_id, issued_text, expires_text, today
            )
        result.answers[item_id] = answer
    result.ignored = sorted(ignored.items())
    return result
