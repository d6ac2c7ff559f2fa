"""TED notices: the R2.0.9 XML export (TED_EXPORT) and Arena's JSON Lines export of it.

The JSONL rows carry the fields listed in ../shared/data/README.md. Their `*_CPV_DERIVED` titles
are TED's CPV labels, not the buyer's words, so they are never read.
"""

import datetime
import html
import json
import re
import zoneinfo
from collections.abc import Callable
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # no lxml-stubs in the dev extra

from arena.notices.formats import common
from arena.notices.formats.types import FormatError, ParsedLot, ParsedNotice, ParseResult
from arena.notices.formats.xmlsafe import local_name, namespace, parse_xml

TED_NAMESPACE = "http://publications.europa.eu/resource/schema/ted/R2.0.9/publication"
SUPPORTED_VERSION = re.compile(r"^R2\.0\.9\.S0[1-5]\.E01$")
# TED prints times without an offset; they are Brussels time.
TED_TIMEZONE = zoneinfo.ZoneInfo("Europe/Brussels")
TED_URL = "https://ted.europa.eu/en/notice/-/detail/{}"

_KIND_BY_DOCUMENT_TYPE = {
    "contract notice": "competition",
    "design contest": "competition",
    "qualification system with call for competition": "competition",
    "qualification system without call for competition": "planning",
    "dynamic purchasing system": "competition",
    "prior information notice with call for competition": "competition",
    "periodic indicative notice with call for competition": "competition",
    "services concession": "competition",
    "concession notice": "competition",
    "contract award notice": "result",
    "concession award notice": "result",
    "results of design contests": "result",
    "voluntary ex ante transparency notice": "direct_award",
    "prior information notice without call for competition": "planning",
    "periodic indicative notice without call for competition": "planning",
    "prior information notice": "planning",
    "buyer profile": "planning",
    "modification of a contract/concession during its term": "change",
    "additional information": "change",
    "corrigendum": "change",
}
_KIND_BY_FORM = {
    "F01": "planning", "F04": "planning", "F16": "planning", "T01": "planning",
    "F02": "competition", "F05": "competition", "F07": "competition", "F12": "competition",
    "F17": "competition", "F24": "competition",
    "F03": "result", "F06": "result", "F13": "result", "F18": "result", "F25": "result",
    "T02": "result", "F15": "direct_award", "F14": "change", "F20": "change",
}  # fmt: skip
_PROCEDURES = {
    "PT_OPEN": "open",
    "PT_RESTRICTED": "restricted",
    "PT_COMPETITIVE_NEGOTIATION": "neg-w-call",
    "PT_NEGOTIATED_WITH_PRIOR_CALL": "neg-w-call",
    "PT_COMPETITIVE_DIALOGUE": "comp-dial",
    "PT_INNOVATION_PARTNERSHIP": "innovation",
    "PT_NEGOTIATED_WITHOUT_PUBLICATION": "neg-wo-call",
    "PT_AWARD_CONTRACT_WITHOUT_CALL": "neg-wo-call",
    "PT_AWARD_CONTRACT_WITHOUT_PUBLICATION": "neg-wo-call",
}
_NATURES = {"works": "works", "supplies": "supplies", "services": "services"}
_REQUIREMENT_SECTIONS = [
    "SUITABILITY",
    "ECONOMIC_FINANCIAL_INFO",
    "ECONOMIC_FINANCIAL_MIN_LEVEL",
    "TECHNICAL_PROFESSIONAL_INFO",
    "TECHNICAL_PROFESSIONAL_MIN_LEVEL",
]


def _kind(document_type: str, form: str) -> str:
    kind = _KIND_BY_DOCUMENT_TYPE.get(document_type.strip().lower())
    return kind or _KIND_BY_FORM.get(form.strip().upper(), "other")


def _nature(value: str) -> str:
    return _NATURES.get(value.strip().lower(), "")


## JSON Lines


def _str(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    # The export carries the XML's text with its entities still escaped ("R&amp;D"); pages escape
    # again on output, so the stored text must be plain.
    return " ".join(html.unescape(value).split()) if isinstance(value, str) else ""


def _codes(values: Any, convert: Callable[[str], str | None]) -> list[str]:
    if not isinstance(values, list):
        return []
    return [c for c in (convert(v) for v in values if isinstance(v, str)) if c]


def ted_row_to_notice(
    row: dict[str, Any], *, position: str, result: ParseResult
) -> ParsedNotice | None:
    problems = []
    notice_id = _str(row, "notice_id")
    title = _str(row, "title")
    if not notice_id:
        problems.append(("/notice_id", "missing notice_id"))
    if not title:
        problems.append(("/title", "missing title"))
    for key in ("lots", "translations", "cpv_additional", "performance_nuts"):
        if key in row and not isinstance(row[key], list):
            problems.append((f"/{key}", f"{key} must be a list"))
    cpv_main = _str(row, "cpv_main")
    if cpv_main and common.cpv_code(cpv_main) is None:
        problems.append(("/cpv_main", f"{cpv_main!r} is not a CPV code"))
    published = _str(row, "date_pub")
    if published and common.parse_date(published) is None:
        problems.append(("/date_pub", f"{published!r} is not a date"))
    for pointer, message in problems:
        result.error(f"{position}, {pointer}", message)
    if problems:
        return None
    language = common.language_2(_str(row, "lang"))
    lots = []
    cpv = [common.cpv_code(cpv_main) or "", *_codes(row.get("cpv_additional"), common.cpv_code)]
    nuts = _codes(row.get("performance_nuts"), common.nuts_code)
    for lot_row in row.get("lots") or []:
        if not isinstance(lot_row, dict):
            continue
        lot = ParsedLot(
            lot_id=_str(lot_row, "lot_no")[:40],
            title=_str(lot_row, "title")[:500],
            description=_str(lot_row, "description"),
            cpv_codes=common.unique(_codes(lot_row.get("cpv_additional"), common.cpv_code)),
            nuts_codes=common.unique(_codes(lot_row.get("nuts"), common.nuts_code)),
        )
        cpv.extend(lot.cpv_codes)
        nuts.extend(lot.nuts_codes)
        lots.append(lot)
    translations = {}
    for item in row.get("translations") or []:
        if not isinstance(item, dict):
            continue
        lang = common.language_2(_str(item, "lg") or _str(item, "lang"))
        if lang and lang != language:
            translations[lang] = {
                "title": _str(item, "title"),
                "description": _str(item, "short_descr") or _str(item, "description"),
            }
    cpv_codes = common.unique(cpv)
    return ParsedNotice(
        source="ted",
        source_id=notice_id[:120],
        kind=_kind(_str(row, "document_type"), _str(row, "form")),
        title=title[:500],
        schema_version=_str(row, "ted_schema")[:40],
        subtype=_str(row, "form")[:20],
        language=language,
        description=_str(row, "description"),
        translations=translations,
        buyer_name=_str(row, "buyer_name")[:300],
        buyer_town=_str(row, "buyer_town")[:120],
        country=common.country_2(_str(row, "country")),
        contract_nature=_nature(_str(row, "contract_nature")),
        cpv_main=cpv_codes[0] if cpv_codes else "",
        cpv_codes=cpv_codes,
        nuts_codes=common.unique(nuts),
        published_on=common.parse_date(published),
        url=TED_URL.format(notice_id),
        lots=lots,
        position=position,
    )


def parse_ted_jsonl(data: bytes, *, file: str) -> ParseResult:
    result = ParseResult(file=file, format="ted-jsonl")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        result.error(f"byte {error.start}", "the file is not UTF-8 text")
        return result
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            result.error(f"line {number}, column {error.colno}", f"not valid JSON: {error.msg}")
            continue
        if not isinstance(row, dict):
            result.error(f"line {number}", "each line must be one JSON object (a notice)")
            continue
        notice = ted_row_to_notice(row, position=f"line {number}", result=result)
        if notice is not None:
            result.notices.append(notice)
    if not result.notices and not result.errors:
        result.error("", "the file holds no notices")
    return result


## R2.0.9 XML


def _find(node: etree._Element, name: str) -> etree._Element | None:
    """The first descendant with local name `name`, in whatever TED namespace (n2016, n2021...)."""
    found = node.xpath(f".//*[local-name()='{name}']")
    return found[0] if found else None


def _children(node: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in node if isinstance(child.tag, str) and local_name(child) == name]


def _child(node: etree._Element | None, name: str) -> etree._Element | None:
    if node is None:
        return None
    found = _children(node, name)
    return found[0] if found else None


def _paragraphs(node: etree._Element | None) -> list[str]:
    if node is None:
        return []
    paragraphs = [" ".join("".join(p.itertext()).split()) for p in _children(node, "P")]
    if not paragraphs:
        paragraphs = [" ".join("".join(node.itertext()).split())]
    return [p for p in paragraphs if p]


def _plain(node: etree._Element | None) -> str:
    return " ".join(_paragraphs(node))


def _child_text(node: etree._Element | None, name: str) -> str:
    child = _child(node, name)
    return (child.text or "").strip() if child is not None else ""


def _attr(node: etree._Element | None, name: str) -> str:
    return node.get(name, "").strip() if node is not None else ""


def _ted_deadline(date: str, time: str) -> datetime.datetime | None:
    day = common.parse_date(date)
    if day is None:
        return None
    try:
        clock = datetime.time.fromisoformat(time.strip()) if time.strip() else datetime.time(23, 59)
    except ValueError:
        clock = datetime.time(23, 59)
    return datetime.datetime.combine(day, clock, tzinfo=TED_TIMEZONE)


def _form_parts(form: etree._Element, language: str) -> dict[str, Any]:
    body = _find(form, "ADDRESS_CONTRACTING_BODY")
    obj = _child(form, "OBJECT_CONTRACT")
    title = _plain(_child(obj, "TITLE")) if obj is not None else ""
    description = _plain(_child(obj, "SHORT_DESCR")) if obj is not None else ""
    return {"body": body, "object": obj, "title": title, "description": description}


def parse_ted_xml(data: bytes, *, file: str) -> ParseResult:
    try:
        root = parse_xml(data)
    except FormatError as error:
        result = ParseResult(file=file, format="ted-xml")
        result.error(error.position, error.message)
        return result
    return parse_ted_root(root, file=file)


def parse_ted_root(root: etree._Element, *, file: str) -> ParseResult:
    result = ParseResult(file=file, format="ted-xml")
    try:
        if local_name(root) != "TED_EXPORT":
            raise FormatError(f"/{local_name(root)}", "not a TED export (root TED_EXPORT expected)")
        version = root.get("VERSION", "")
        if namespace(root) != TED_NAMESPACE or not SUPPORTED_VERSION.match(version):
            raise FormatError(
                "/TED_EXPORT/@VERSION",
                f"unsupported TED schema {version or namespace(root)!r}: this importer reads "
                "R2.0.9 (S01–S05) exports",
            )
    except FormatError as error:
        result.error(error.position, error.message)
        return result
    doc_id = root.get("DOC_ID", "").strip()
    if not doc_id:
        result.error("/TED_EXPORT/@DOC_ID", "the export has no document number (DOC_ID)")
    notice_data = _find(root, "NOTICE_DATA")
    codif = _find(root, "CODIF_DATA")
    form_section = _find(root, "FORM_SECTION")
    forms = [f for f in form_section if isinstance(f.tag, str)] if form_section is not None else []
    original = next(
        (f for f in forms if f.get("CATEGORY") == "ORIGINAL"), forms[0] if forms else None
    )
    if original is None:
        result.error("/TED_EXPORT/FORM_SECTION", "the export holds no form")
        return result
    language = common.language_2(_child_text(notice_data, "LG_ORIG")) or common.language_2(
        original.get("LG", "")
    )
    parts = _form_parts(original, language)
    if not parts["title"]:
        result.error(f"/TED_EXPORT/FORM_SECTION/{local_name(original)}", "the form has no title")
    if result.errors:
        return result
    body = parts["body"]
    obj = parts["object"]
    translations = {}
    for form in forms:
        if form is original:
            continue
        lang = common.language_2(form.get("LG", ""))
        other = _form_parts(form, lang)
        if lang and lang != language and other["title"]:
            translations[lang] = {"title": other["title"], "description": other["description"]}

    cpv = []
    main_cpv = _find(obj, "CPV_MAIN") if obj is not None else None
    if main_cpv is not None:
        cpv.append(common.cpv_code(_attr(_child(main_cpv, "CPV_CODE"), "CODE")) or "")
    cpv += [
        common.cpv_code(c.get("CODE", "")) or ""
        for c in (
            notice_data.xpath(".//*[local-name()='ORIGINAL_CPV']")
            if notice_data is not None
            else []
        )
    ]
    nuts = [
        common.nuts_code(n.get("CODE", "")) or ""
        for n in (
            notice_data.xpath(".//*[local-name()='PERFORMANCE_NUTS']")
            if notice_data is not None
            else []
        )
    ]
    lots = []
    requirements = []
    lefti = _child(original, "LEFTI")
    for section in _REQUIREMENT_SECTIONS:
        requirements += common.requirements_from_paragraphs(_paragraphs(_child(lefti, section)))
    for item in _children(obj, "OBJECT_DESCR") if obj is not None else []:
        lot = ParsedLot(
            lot_id=_child_text(item, "LOT_NO")[:40],
            title=_plain(_child(item, "TITLE"))[:500],
            description=_plain(_child(item, "SHORT_DESCR")),
            cpv_codes=common.unique(
                [
                    common.cpv_code(c.get("CODE", "")) or ""
                    for c in item.xpath(
                        ".//*[local-name()='CPV_ADDITIONAL']/*[local-name()='CPV_CODE']"
                    )
                ]
            ),
            nuts_codes=common.unique(
                [common.nuts_code(n.get("CODE", "")) or "" for n in _children(item, "NUTS")]
            ),
            estimated_value=common.decimal_or_none(_child_text(item, "VAL_OBJECT")),
        )
        cpv += lot.cpv_codes
        nuts += lot.nuts_codes
        lots.append(lot)

    value_node = _child(obj, "VAL_ESTIMATED_TOTAL") if obj is not None else None
    procedure = _child(original, "PROCEDURE")
    procedure_type = ""
    if procedure is not None:
        procedure_type = next(
            (
                _PROCEDURES[local_name(c)]
                for c in procedure
                if isinstance(c.tag, str) and local_name(c) in _PROCEDURES
            ),
            "",
        )
    deadline = None
    if procedure is not None and _child(procedure, "DATE_RECEIPT_TENDERS") is not None:
        deadline = _ted_deadline(
            _child_text(procedure, "DATE_RECEIPT_TENDERS"),
            _child_text(procedure, "TIME_RECEIPT_TENDERS"),
        )
    document_type = _child(codif, "TD_DOCUMENT_TYPE")
    nature = _child(codif, "NC_CONTRACT_NATURE")
    type_contract = _child(obj, "TYPE_CONTRACT") if obj is not None else None
    country = _attr(_child(body, "COUNTRY"), "VALUE") if body is not None else ""
    country = country or _attr(_child(notice_data, "ISO_COUNTRY"), "VALUE")
    published = _find(root, "DATE_PUB")
    cpv_codes = common.unique(cpv)
    value = common.decimal_or_none(value_node.text) if value_node is not None else None
    unique: dict[tuple[object, object], dict[str, object]] = {}
    for requirement in requirements:
        unique.setdefault((requirement["kind"], requirement["text"]), requirement)
    requirements = list(unique.values())
    notice = ParsedNotice(
        source="ted",
        source_id=doc_id,
        kind=_kind(
            document_type.text or "" if document_type is not None else "", original.get("FORM", "")
        ),
        title=parts["title"][:500],
        schema_version=root.get("VERSION", "")[:40],
        subtype=original.get("FORM", "")[:20],
        language=language,
        description=parts["description"],
        translations=translations,
        buyer_name=_plain(_child(body, "OFFICIALNAME"))[:300] if body is not None else "",
        buyer_identifier=_plain(_child(body, "NATIONALID"))[:60] if body is not None else "",
        buyer_town=_plain(_child(body, "TOWN"))[:120] if body is not None else "",
        country=common.country_2(country),
        contract_nature=_nature(
            _attr(type_contract, "CTYPE") or (nature.text or "" if nature is not None else "")
        ),
        procedure_type=procedure_type,
        cpv_main=cpv_codes[0] if cpv_codes else "",
        cpv_codes=cpv_codes,
        nuts_codes=common.unique(nuts),
        published_on=common.parse_date(published.text or "") if published is not None else None,
        deadline=deadline,
        estimated_value=value,
        currency=_attr(value_node, "CURRENCY")[:3] if value is not None else "",
        requirements=requirements,
        url=TED_URL.format(doc_id),
        lots=lots,
        position="/TED_EXPORT",
    )
    if procedure_type == "innovation":
        notice.is_innovation = True
    result.notices.append(notice)
    return result
