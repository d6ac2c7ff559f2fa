"""Which format a file is in, from its content (root element or JSON shape), then its parser."""

import json
from typing import Any

from arena.notices.formats import ocds
from arena.notices.formats.eforms import NON_PROCUREMENT_ROOTS, ROOTS, parse_eforms_root
from arena.notices.formats.ted import parse_ted_root, ted_row_to_notice
from arena.notices.formats.types import FormatError, ParseResult
from arena.notices.formats.xmlsafe import MAX_XML_BYTES, local_name, parse_xml

MAX_JSON_BYTES = 50 * 1024 * 1024
EXTENSIONS = (".xml", ".json", ".jsonl", ".ndjson")


def _is_ted_row(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and ("notice_id" in value or {"oj_ref", "form"} <= value.keys())
        and "ocid" not in value
    )


def _parse_xml(data: bytes, file: str) -> ParseResult:
    try:
        root = parse_xml(data)
    except FormatError as error:
        result = ParseResult(file=file, format="xml")
        result.error(error.position, error.message)
        return result
    name = local_name(root)
    if name == "TED_EXPORT":
        return parse_ted_root(root, file=file)
    if name in ROOTS or name in NON_PROCUREMENT_ROOTS:
        return parse_eforms_root(root, file=file)
    result = ParseResult(file=file, format="xml")
    result.error(
        f"/{name}",
        f"unknown root element {name!r}: expected an eForms notice (ContractNotice, "
        "ContractAwardNotice, PriorInformationNotice) or a TED export (TED_EXPORT)",
    )
    return result


def _refused_json(error: ValueError | RecursionError) -> str:
    """What is wrong with JSON that the decoder refused for other reasons than its syntax."""
    if isinstance(error, RecursionError):
        return "not valid JSON: nested too deeply"
    if "integer string conversion" in str(error):
        return "not valid JSON: a number has too many digits"
    return f"not valid JSON: {error}"


def _parse_lines(text: str, file: str) -> ParseResult:
    documents: list[tuple[int, Any]] = []
    bad = ParseResult(file=file, format="jsonl")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            documents.append((number, json.loads(line)))
        except json.JSONDecodeError as error:
            bad.error(f"line {number}, column {error.colno}", f"not valid JSON: {error.msg}")
        except (ValueError, RecursionError) as error:
            # Too deep for the decoder, or an integer longer than Python converts.
            bad.error(f"line {number}", _refused_json(error))
    if documents and all(_is_ted_row(doc) for _n, doc in documents):
        result = ParseResult(file=file, format="ted-jsonl")
        for number, row in documents:
            notice = ted_row_to_notice(row, position=f"line {number}", result=result)
            if notice is not None:
                result.notices.append(notice)
    elif documents and any(_is_ted_row(doc) for _n, doc in documents):
        result = ParseResult(file=file, format="ted-jsonl")
        for number, row in documents:
            if not _is_ted_row(row):
                result.error(
                    f"line {number}", "not a TED notice like the other lines (no notice_id)"
                )
            else:
                notice = ted_row_to_notice(row, position=f"line {number}", result=result)
                if notice is not None:
                    result.notices.append(notice)
    else:
        result = ocds.parse_ocds_lines(documents, file=file)
    result.errors = sorted(bad.errors + result.errors, key=lambda e: _line_of(e.position))
    if not documents and not result.errors:
        result.error("", "the file is empty")
    return result


def _line_of(position: str) -> int:
    if position.startswith("line "):
        digits = position[5:].split(",")[0]
        return int(digits) if digits.isdigit() else 0
    return 0


def parse_file(data: bytes, *, file: str) -> ParseResult:
    """Every notice in `data` and every problem found, whatever the supported format."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return _parse_xml(data, file)
    if head in (b"{", b"["):
        if len(data) > MAX_JSON_BYTES:
            result = ParseResult(file=file, format="json")
            result.error("", f"the file is larger than {MAX_JSON_BYTES // (1024 * 1024)} MB")
            return result
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            result = ParseResult(file=file, format="json")
            result.error(f"byte {error.start}", "the file is not UTF-8 text")
            return result
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            if error.msg == "Extra data" or "\n{" in text.strip():
                return _parse_lines(text, file)
            result = ParseResult(file=file, format="json")
            result.error(
                f"line {error.lineno}, column {error.colno}", f"not valid JSON: {error.msg}"
            )
            return result
        except (ValueError, RecursionError) as error:
            # Too deep for the decoder, or an integer longer than Python converts: the decoder
            # gives no position, so a file of lines is read line by line to name the line.
            if "\n{" in text.strip():
                return _parse_lines(text, file)
            result = ParseResult(file=file, format="json")
            result.error("", _refused_json(error))
            return result
        if _is_ted_row(document):
            return _parse_lines(text.replace("\n", " "), file)
        if isinstance(document, list):
            if all(_is_ted_row(row) for row in document) and document:
                result = ParseResult(file=file, format="ted-json")
                for index, row in enumerate(document):
                    notice = ted_row_to_notice(row, position=f"/{index}", result=result)
                    if notice is not None:
                        result.notices.append(notice)
                return result
            return ocds.parse_ocds_lines(
                [(index + 1, row) for index, row in enumerate(document)], file=file
            )
        return ocds.parse_ocds_document(document, file=file)
    result = ParseResult(file=file, format="")
    if not data.strip():
        result.error("", "the file is empty")
    else:
        result.error("line 1", "neither XML nor JSON: the file does not start with < or {")
    return result


__all__ = ["EXTENSIONS", "MAX_XML_BYTES", "parse_file"]
