"""OCDS JSON: release packages, record packages, single releases and JSON Lines of releases.

Releases of one contracting process (one ocid) are merged into a compiled release with
ocdsmerge, using the OCDS 1.1.5 release schema shipped in notices/data/ocds (never fetched).
"""

import datetime
import json
from functools import cache
from pathlib import Path
from typing import Any

import ocdsmerge  # type: ignore[import-untyped]  # no type information shipped
from ocdsmerge.exceptions import OCDSMergeError  # type: ignore[import-untyped]

from arena.notices.formats import common
from arena.notices.formats.types import FormatError, ParsedLot, ParsedNotice, ParseResult

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "data" / "ocds" / "release-schema.json"
SUPPORTED_VERSIONS = {"1.0", "1.1"}
MAX_JSON_BYTES = 50 * 1024 * 1024

_METHODS = {
    "open": "open",
    "selective": "restricted",
    "limited": "neg-wo-call",
    "direct": "neg-wo-call",
}
_CATEGORIES = {"goods": "supplies", "works": "works", "services": "services"}


@cache
def release_schema() -> dict[str, Any]:
    with SCHEMA_PATH.open(encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


@cache
def _merger() -> ocdsmerge.Merger:
    return ocdsmerge.Merger(schema=release_schema())


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return " ".join(value.split()) if isinstance(value, str) else ""


def _check_version(document: dict[str, Any], pointer: str) -> None:
    version = document.get("version")
    if version is None:
        return  # OCDS 1.0 packages had no version field
    if not isinstance(version, str) or version not in SUPPORTED_VERSIONS:
        raise FormatError(
            f"{pointer}/version",
            f"unsupported OCDS version {version!r}: this importer reads 1.0 and 1.1",
        )


def _is_release(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("ocid"), str)
        and ("tag" in value or "tender" in value or "id" in value)
    )


def detect_shape(document: Any) -> str:
    """'release-package', 'record-package' or 'release'; FormatError for anything else."""
    if isinstance(document, dict):
        if isinstance(document.get("releases"), list):
            return "release-package"
        if isinstance(document.get("records"), list):
            return "record-package"
        if _is_release(document):
            return "release"
    raise FormatError(
        "",
        "JSON of an unknown shape: expected an OCDS release package, record package or release",
    )


def _cpv_of(item: dict[str, Any]) -> list[str]:
    found = []
    for classification in [
        item.get("classification"),
        *_list(item.get("additionalClassifications")),
    ]:
        classification = _dict(classification)
        if _str(classification.get("scheme")).upper() == "CPV":
            code = common.cpv_code(_str(classification.get("id")))
            if code:
                found.append(code)
    return found


def _buyer(release: dict[str, Any]) -> dict[str, Any]:
    parties = [_dict(p) for p in _list(release.get("parties"))]
    buyer_ref = _dict(release.get("buyer"))
    party = next(
        (p for p in parties if buyer_ref.get("id") and p.get("id") == buyer_ref.get("id")), None
    )
    party = party or next((p for p in parties if "buyer" in _list(p.get("roles"))), None) or {}
    identifier = _dict(party.get("identifier"))
    address = _dict(party.get("address"))
    country = _str(address.get("countryName"))
    return {
        "name": _str(party.get("name")) or _str(buyer_ref.get("name")),
        "identifier": _str(identifier.get("id")),
        "town": _str(address.get("locality")),
        "country": common.country_2(country) if len(country) in (2, 3) else "",
    }


def _kind(release: dict[str, Any], tags: set[str]) -> str:
    tender = _dict(release.get("tender"))
    if tags & {"awardUpdate", "contract", "contractUpdate", "contractAmendment"} or _list(
        release.get("awards")
    ):
        return "result"
    if tags & {"tenderAmendment"}:
        return "change"
    if tender.get("status") in ("planning", "planned") or (
        tags and tags <= {"planning", "planningUpdate"}
    ):
        return "planning"
    return "competition"


def compiled_to_notice(
    release: dict[str, Any], *, tags: set[str], position: str, version: str, result: ParseResult
) -> ParsedNotice | None:
    ocid = _str(release.get("ocid"))
    tender = _dict(release.get("tender"))
    title = _str(tender.get("title")) or _str(_dict(release.get("planning")).get("rationale"))
    if not ocid:
        result.error(f"{position}/ocid", "the release has no ocid")
    if not title:
        result.error(f"{position}/tender/title", f"the process {ocid or '?'} has no tender title")
    if not ocid or not title:
        return None
    buyer = _buyer(release)
    lots_by_id: dict[str, ParsedLot] = {}
    for lot_data in _list(tender.get("lots")):
        lot_data = _dict(lot_data)
        lot_id = _str(lot_data.get("id"))
        value = _dict(lot_data.get("value"))
        lots_by_id[lot_id] = ParsedLot(
            lot_id=lot_id[:40],
            title=_str(lot_data.get("title"))[:500],
            description=_str(lot_data.get("description")),
            estimated_value=common.decimal_or_none(value.get("amount")),
        )
    cpv: list[str] = []
    for item in _list(tender.get("items")):
        item = _dict(item)
        codes = _cpv_of(item)
        cpv.extend(codes)
        lot = lots_by_id.get(_str(item.get("relatedLot")))
        if lot is not None:
            lot.cpv_codes = common.unique([*lot.cpv_codes, *codes])
    value = _dict(tender.get("value"))
    amount = common.decimal_or_none(value.get("amount"))
    published = common.parse_iso_datetime(
        _str(tender.get("datePublished")) or _str(release.get("date"))
    )
    period = _dict(tender.get("tenderPeriod"))
    method = _str(tender.get("procurementMethod"))
    details = _str(tender.get("procurementMethodDetails"))
    cpv_codes = common.unique(cpv)
    return ParsedNotice(
        source="ocds",
        source_id=ocid[:120],
        kind=_kind(release, tags),
        title=title[:500],
        procedure_id=_str(tender.get("id"))[:120],
        schema_version=f"ocds-{version}",
        language=common.language_2(_str(release.get("language"))[:2]),
        description=_str(tender.get("description")),
        buyer_name=buyer["name"][:300],
        buyer_identifier=buyer["identifier"][:60],
        buyer_town=buyer["town"][:120],
        country=buyer["country"],
        contract_nature=_CATEGORIES.get(_str(tender.get("mainProcurementCategory")), ""),
        procedure_type=(_METHODS.get(method) or details or method)[:20],
        cpv_main=cpv_codes[0] if cpv_codes else "",
        cpv_codes=cpv_codes,
        published_on=published.date() if isinstance(published, datetime.datetime) else None,
        deadline=common.parse_iso_datetime(_str(period.get("endDate"))),
        estimated_value=amount,
        currency=_str(value.get("currency"))[:3] if amount is not None else "",
        lots=list(lots_by_id.values()),
        position=position,
    )


def _merge(
    releases: list[tuple[str, dict[str, Any]]], result: ParseResult
) -> dict[str, Any] | None:
    """One compiled release from (pointer, release) pairs of one ocid."""
    usable = []
    for pointer, release in releases:
        if not isinstance(release.get("date"), str):
            result.error(f"{pointer}/date", "a release needs a date to be merged in order")
            continue
        usable.append(release)
    if len(usable) != len(releases):
        return None
    try:
        compiled: dict[str, Any] = _merger().create_compiled_release(usable)
    except (OCDSMergeError, TypeError, ValueError) as error:
        result.error(releases[0][0], f"the releases cannot be merged: {error}")
        return None
    return compiled


def _from_releases(releases: list[tuple[str, Any]], *, version: str, result: ParseResult) -> None:
    groups: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for pointer, release in releases:
        if not isinstance(release, dict):
            result.error(pointer, "a release must be a JSON object")
            continue
        ocid = release.get("ocid")
        if not isinstance(ocid, str) or not ocid.strip():
            result.error(f"{pointer}/ocid", "the release has no ocid")
            continue
        groups.setdefault(ocid, []).append((pointer, release))
    for members in groups.values():
        compiled = members[0][1] if len(members) == 1 else _merge(members, result)
        if compiled is None:
            continue
        tags = {t for _p, r in members for t in _list(r.get("tag")) if isinstance(t, str)}
        notice = compiled_to_notice(
            compiled, tags=tags, position=members[0][0], version=version, result=result
        )
        if notice is not None:
            result.notices.append(notice)


def _from_records(records: list[Any], *, version: str, result: ParseResult) -> None:
    for index, record in enumerate(records):
        pointer = f"/records/{index}"
        if not isinstance(record, dict):
            result.error(pointer, "a record must be a JSON object")
            continue
        compiled = record.get("compiledRelease")
        releases = [r for r in _list(record.get("releases")) if isinstance(r, dict)]
        tags = {t for r in releases for t in _list(r.get("tag")) if isinstance(t, str)}
        if isinstance(compiled, dict):
            position = f"{pointer}/compiledRelease"
        else:
            full = [(f"{pointer}/releases/{i}", r) for i, r in enumerate(releases) if "tag" in r]
            if not full:
                result.error(pointer, "the record has neither a compiledRelease nor full releases")
                continue
            compiled = _merge(full, result)
            position = pointer
            if compiled is None:
                continue
        notice = compiled_to_notice(
            compiled, tags=tags, position=position, version=version, result=result
        )
        if notice is not None:
            result.notices.append(notice)


def parse_ocds_document(document: Any, *, file: str) -> ParseResult:
    result = ParseResult(file=file, format="ocds")
    try:
        shape = detect_shape(document)
        _check_version(document, "")
    except FormatError as error:
        result.error(error.position, error.message)
        return result
    version = document.get("version") or "1.0"
    if shape == "release-package":
        releases = [(f"/releases/{i}", r) for i, r in enumerate(document["releases"])]
        _from_releases(releases, version=version, result=result)
    elif shape == "record-package":
        _from_records(document["records"], version=version, result=result)
    else:
        _from_releases([("", document)], version=version, result=result)
    if not result.notices and not result.errors:
        result.error("", "the file holds no releases")
    return result


def parse_ocds_lines(lines: list[tuple[int, Any]], *, file: str) -> ParseResult:
    """JSON Lines where each line is a release (or a package, read as if alone)."""
    result = ParseResult(file=file, format="ocds")
    releases: list[tuple[str, Any]] = []
    for number, document in lines:
        try:
            shape = detect_shape(document)
            _check_version(document, f"line {number}")
        except FormatError as error:
            result.error(f"line {number}", error.message)
            continue
        if shape == "release":
            releases.append((f"line {number}", document))
        elif shape == "release-package":
            releases += [
                (f"line {number}, /releases/{i}", r) for i, r in enumerate(document["releases"])
            ]
        else:
            _from_records(
                document["records"], version=document.get("version") or "1.0", result=result
            )
    _from_releases(releases, version="1.1", result=result)
    if not result.notices and not result.errors:
        result.error("", "the file holds no releases")
    return result
