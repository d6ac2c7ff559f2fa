"""eForms UBL notices (PIN, CN, CAN and their variants) as the SDK 1.x writes them.

Business terms (BT-…) are read where the SDK puts them; codes keep the SDK's spelling except the
few mapped to Arena's enums (kind, nature). Languages and countries become ISO two-letter codes.
"""

import datetime
import re
from decimal import Decimal

from lxml import etree  # type: ignore[import-untyped]  # no lxml-stubs in the dev extra

from arena.notices.formats import common
from arena.notices.formats.types import FormatError, ParsedLot, ParsedNotice, ParseResult
from arena.notices.formats.xmlsafe import local_name, namespace, parse_xml

NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
}
ROOTS = {"PriorInformationNotice", "ContractNotice", "ContractAwardNotice"}
# Roots eForms defines that announce no procurement: refused with this reason.
NON_PROCUREMENT_ROOTS = {
    "BusinessRegistrationInformationNotice": (
        "a business registration information notice (X01/X02, e.g. an EEIG) announces no "
        "procurement"
    ),
}
# The SDK versions whose examples this parser was written against; 1.x keeps the same paths.
SUPPORTED_SDK = re.compile(r"^eforms-sdk-1\.(\d+)$")
MIN_SDK_MINOR = 3
EFORMS_NAMESPACE_PREFIX = "urn:oasis:names:specification:ubl:schema:xsd:"

# Notice subtype (BT-02 form type via SubTypeCode) → NoticeKind value.
_KIND_BY_SUBTYPE = {
    **{str(n): "planning" for n in range(1, 10)},
    **{str(n): "competition" for n in range(10, 25)},
    **{str(n): "direct_award" for n in range(25, 29)},
    **{str(n): "result" for n in range(29, 38)},
    **{str(n): "change" for n in range(38, 41)},
    "E1": "planning",
    "E2": "planning",
    "E3": "competition",
    "E4": "result",
    "E5": "result",
    "E6": "change",
    "CEI": "competition",
    "T01": "planning",
    "T02": "result",
}
_NATURES = {"works", "supplies", "services"}
# ProcurementTypeCode list → flag; "none" means the buyer said no.
_FLAG_LISTS = {
    "innovative-acquisition": "is_innovation",
    "environmental-impact": "is_green",
    "social-objective": "is_social",
}
_STRATEGIC = {"inn-pur": "is_innovation", "env-imp": "is_green", "soc-obj": "is_social"}
# Selection criteria codes (SDK 1.x "selection-criterion", older "sui-act/ef-stan/tp-abil").
_SELECTION_KIND = [
    ("slc-suit", "registration"),
    ("sui-act", "registration"),
    ("slc-stand-tover", "turnover"),
    ("slc-stand-insur", "insurance"),
    ("slc-abil-ref", "references"),
    ("slc-abil-qual", "certification"),
    ("slc-abil-env", "certification"),
    ("slc-abil-cert", "certification"),
]


def _texts(node: etree._Element, path: str) -> list[str]:
    return [" ".join(t.split()) for t in node.xpath(f"{path}/text()", namespaces=NS) if t.strip()]


def _text(node: etree._Element, path: str) -> str:
    found = _texts(node, path)
    return found[0] if found else ""


def _lang_texts(node: etree._Element, path: str) -> dict[str, str]:
    """{language: text} of the multilingual elements at `path` (languageID attributes)."""
    texts: dict[str, str] = {}
    for element in node.xpath(path, namespaces=NS):
        value = " ".join((element.text or "").split())
        if not value:
            continue
        language = common.language_2(element.get("languageID", "")) or ""
        texts.setdefault(language, value)
    return texts


def _pick(texts: dict[str, str], language: str) -> str:
    if language in texts:
        return texts[language]
    return next(iter(texts.values()), "")


def _xpath_of(element: etree._Element) -> str:
    return str(element.getroottree().getpath(element))


def _kind(subtype: str, root_name: str) -> str:
    if subtype in _KIND_BY_SUBTYPE:
        return _KIND_BY_SUBTYPE[subtype]
    return {
        "PriorInformationNotice": "planning",
        "ContractNotice": "competition",
        "ContractAwardNotice": "result",
    }.get(root_name, "other")


def _check_version(root: etree._Element) -> str:
    customization = _text(root, "cbc:CustomizationID")
    found = SUPPORTED_SDK.match(customization)
    if not customization:
        raise FormatError(
            "/*/cbc:CustomizationID",
            "no eForms SDK version (cbc:CustomizationID); only eforms-sdk-1.x notices are read",
        )
    if not found or int(found.group(1)) < MIN_SDK_MINOR:
        raise FormatError(
            "/*/cbc:CustomizationID",
            f"unsupported eForms version {customization!r}: this importer reads "
            f"eforms-sdk-1.{MIN_SDK_MINOR} and later 1.x versions",
        )
    return customization


def check_root(root: etree._Element) -> str:
    """The root's local name, or FormatError when it is not a procurement notice we read."""
    name = local_name(root)
    if name in NON_PROCUREMENT_ROOTS:
        raise FormatError(f"/{name}", f"not imported: {NON_PROCUREMENT_ROOTS[name]}")
    if name not in ROOTS or not namespace(root).startswith(EFORMS_NAMESPACE_PREFIX):
        raise FormatError(f"/{name}", f"unknown root element {name!r}: not an eForms notice")
    return name


def _organisations(root: etree._Element) -> dict[str, etree._Element]:
    companies = {}
    for company in root.xpath(
        ".//efac:Organizations/efac:Organization/efac:Company", namespaces=NS
    ):
        org_id = _text(company, "cac:PartyIdentification/cbc:ID")
        if org_id:
            companies[org_id] = company
    return companies


def _flags(project: etree._Element, notice: ParsedNotice) -> None:
    for code_node in project.xpath(
        "cac:ProcurementAdditionalType/cbc:ProcurementTypeCode", namespaces=NS
    ):
        code = (code_node.text or "").strip()
        if not code or code == "none":
            continue
        list_name = code_node.get("listName", "")
        flag = _FLAG_LISTS.get(list_name)
        if list_name == "strategic-procurement":
            flag = _STRATEGIC.get(code)
        if flag:
            setattr(notice, flag, True)


def _amount(node: etree._Element, path: str) -> tuple[Decimal | None, str]:
    found = node.xpath(path, namespaces=NS)
    if not found:
        return None, ""
    return common.decimal_or_none(found[0].text), found[0].get("currencyID", "")


def _cpv(project: etree._Element) -> list[str]:
    codes = _texts(
        project,
        "cac:MainCommodityClassification/cbc:ItemClassificationCode[@listName='cpv']",
    ) + _texts(
        project,
        "cac:AdditionalCommodityClassification/cbc:ItemClassificationCode[@listName='cpv']",
    )
    return common.unique([c for c in (common.cpv_code(code) for code in codes) if c])


def _nuts(project: etree._Element) -> list[str]:
    codes = _texts(project, "cac:RealizedLocation/cac:Address/cbc:CountrySubentityCode")
    return common.unique([c for c in (common.nuts_code(code) for code in codes) if c])


def _requirements(lot: etree._Element, lot_id: str, language: str) -> list[dict[str, object]]:
    found = []
    for criterion in lot.xpath(
        "cac:TenderingTerms/ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/"
        "efext:EformsExtension/efac:SelectionCriteria",
        namespaces=NS,
    ):
        code = _text(criterion, "cbc:TendererRequirementTypeCode") or _text(
            criterion, "cbc:CriterionTypeCode"
        )
        text = _pick(_lang_texts(criterion, "cbc:Description"), language)
        kind = next((k for prefix, k in _SELECTION_KIND if code.startswith(prefix)), "")
        # A generic code ("other", "slc-stand-other") says less than the buyer's own words.
        kind = kind or common.requirement_kind(text, default="other")
        requirement = common.requirement_from_text(text or code, kind=kind, lot=lot_id)
        requirement["code"] = code
        found.append(requirement)
    return found


def _deadline(lot: etree._Element) -> datetime.datetime | None:
    for path in (
        "cac:TenderingProcess/cac:TenderSubmissionDeadlinePeriod",
        "cac:TenderingProcess/cac:ParticipationRequestReceptionPeriod",
    ):
        for period in lot.xpath(path, namespaces=NS):
            moment = common.parse_datetime(
                _text(period, "cbc:EndDate"), _text(period, "cbc:EndTime")
            )
            if moment:
                return moment
    return None


def parse_eforms(data: bytes, *, file: str) -> ParseResult:
    try:
        root = parse_xml(data)
    except FormatError as error:
        result = ParseResult(file=file, format="eforms")
        result.error(error.position, error.message)
        return result
    return parse_eforms_root(root, file=file)


def parse_eforms_root(root: etree._Element, *, file: str) -> ParseResult:
    result = ParseResult(file=file, format="eforms")
    try:
        root_name = check_root(root)
        version = _check_version(root)
    except FormatError as error:
        result.error(error.position, error.message)
        return result
    notice = _parse_notice(root, root_name, version, result)
    if notice is not None:
        result.notices.append(notice)
    return result


def _parse_notice(
    root: etree._Element, root_name: str, version: str, result: ParseResult
) -> ParsedNotice | None:
    notice_id = _text(root, "cbc:ID")
    if not notice_id:
        result.error(f"/{root_name}/cbc:ID", "the notice has no identifier (BT-701)")
    version_id = _text(root, "cbc:VersionID")
    subtype = _text(
        root,
        "ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension/"
        "efac:NoticeSubType/cbc:SubTypeCode",
    )
    language = common.language_2(_text(root, "cbc:NoticeLanguageCode"))
    project = root.find("cac:ProcurementProject", NS)
    if project is None:
        result.error(
            f"/{root_name}", "the notice has no procurement project (cac:ProcurementProject)"
        )
        return None
    titles = _lang_texts(project, "cbc:Name")
    descriptions = _lang_texts(project, "cbc:Description")
    title = _pick(titles, language)
    if not title:
        result.error(_xpath_of(project), "the procurement has no title (BT-21)")
    if not notice_id or not title:
        return None
    translations = {
        lang: {"title": titles.get(lang, ""), "description": descriptions.get(lang, "")}
        for lang in sorted(set(titles) | set(descriptions))
        if lang and lang != language
    }
    notice = ParsedNotice(
        source="eforms",
        source_id=f"{notice_id}-{version_id}" if version_id else notice_id,
        kind=_kind(subtype, root_name),
        title=title[:500],
        procedure_id=_text(root, "cbc:ContractFolderID"),
        schema_version=version,
        subtype=subtype,
        language=language,
        description=_pick(descriptions, language),
        translations=translations,
        procedure_type=_text(root, "cac:TenderingProcess/cbc:ProcedureCode"),
        position=f"/{root_name}",
    )
    published = _text(root, ".//efac:Publication/efbc:PublicationDate") or _text(
        root, "cbc:IssueDate"
    )
    notice.published_on = common.parse_date(published)
    publication_id = _text(root, ".//efac:Publication/efbc:NoticePublicationID")
    if publication_id:
        notice.url = f"https://ted.europa.eu/en/notice/-/detail/{publication_id}"

    # Buyer (the first contracting party), found through its ORG-xxxx reference.
    companies = _organisations(root)
    buyer_ref = _text(root, "cac:ContractingParty/cac:Party/cac:PartyIdentification/cbc:ID")
    company = companies.get(buyer_ref)
    if buyer_ref and company is None:
        result.error(
            f"/{root_name}/cac:ContractingParty",
            f"the buyer {buyer_ref} is not among the organisations of the notice",
        )
    if company is not None:
        notice.buyer_name = _pick(_lang_texts(company, "cac:PartyName/cbc:Name"), language)[:300]
        notice.buyer_identifier = _text(company, "cac:PartyLegalEntity/cbc:CompanyID")[:60]
        notice.buyer_town = _text(company, "cac:PostalAddress/cbc:CityName")[:120]
        notice.country = common.country_2(
            _text(company, "cac:PostalAddress/cac:Country/cbc:IdentificationCode")
        )

    nature = _text(project, "cbc:ProcurementTypeCode[@listName='contract-nature']")
    cpv = _cpv(project)
    nuts = _nuts(project)
    value, currency = _amount(
        project, "cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount"
    )
    _flags(project, notice)
    if notice.procedure_type == "innovation":
        notice.is_innovation = True

    deadlines = []
    lot_values: list[tuple[Decimal, str]] = []
    sme: list[bool] = []
    for position, lot_node in enumerate(root.findall("cac:ProcurementProjectLot", NS)):
        id_node = lot_node.find("cbc:ID", NS)
        scheme = id_node.get("schemeName", "") if id_node is not None else ""
        lot_id = (id_node.text or "").strip() if id_node is not None else ""
        if scheme == "LotsGroup":
            continue
        lot_project = lot_node.find("cac:ProcurementProject", NS)
        if lot_project is None:
            result.error(
                _xpath_of(lot_node), f"lot {lot_id or position + 1} has no procurement project"
            )
            continue
        lot = ParsedLot(
            lot_id=lot_id[:40],
            title=_pick(_lang_texts(lot_project, "cbc:Name"), language)[:500],
            description=_pick(_lang_texts(lot_project, "cbc:Description"), language),
            cpv_codes=_cpv(lot_project),
            nuts_codes=_nuts(lot_project),
        )
        lot.estimated_value, lot_currency = _amount(
            lot_project, "cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount"
        )
        if lot.estimated_value is not None:
            lot_values.append((lot.estimated_value, lot_currency))
        indicator = _text(lot_project, "cbc:SMESuitableIndicator")
        if indicator in ("true", "false"):
            lot.sme_suitable = indicator == "true"
            sme.append(lot.sme_suitable)
        nature = nature or _text(
            lot_project, "cbc:ProcurementTypeCode[@listName='contract-nature']"
        )
        _flags(lot_project, notice)
        moment = _deadline(lot_node)
        if moment:
            deadlines.append(moment)
        notice.requirements.extend(_requirements(lot_node, lot_id, language))
        cpv.extend(lot.cpv_codes)
        nuts.extend(lot.nuts_codes)
        notice.lots.append(lot)

    notice.contract_nature = nature if nature in _NATURES else ""
    notice.cpv_codes = common.unique(cpv)
    notice.cpv_main = notice.cpv_codes[0] if notice.cpv_codes else ""
    notice.nuts_codes = common.unique(nuts)
    notice.deadline = min(deadlines) if deadlines else None
    if value is None and lot_values and len({c for _v, c in lot_values}) == 1:
        value = sum((v for v, _c in lot_values), Decimal(0))
        currency = lot_values[0][1]
    notice.estimated_value = value
    notice.currency = currency[:3] if value is not None else ""
    notice.sme_suitable = any(sme) if sme else None
    return notice
