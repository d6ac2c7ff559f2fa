"""Importing tender notices: one file, one transaction; a file with any problem stores nothing."""

import logging
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr

from arena.alerts.services import notice_suggestions_enqueue_rebuild
from arena.notices.formats.detect import EXTENSIONS, parse_file
from arena.notices.formats.types import ParsedNotice, ParseError
from arena.notices.models import Notice, NoticeLot
from arena.organisations.models import Organisation
from arena.reference.models import CpvCode
from arena.reference.selectors import cpv_example_sources
from arena.reference.services import CpvExampleForm, cpv_examples_set
from arena.reference.suggest import cpv_suggest_many

logger = logging.getLogger(__name__)

# Larger files are refused before they are read (the XML parser has its own, lower, limit).
MAX_FILE_BYTES = 50 * 1024 * 1024
SUGGESTED_CPV_COUNT = 3

Progress = Callable[[int, int], None]

_NOTICE_FIELDS = [
    "procedure_id", "schema_version", "kind", "subtype", "language", "title", "description",
    "translations", "buyer_name", "buyer_identifier", "buyer_town", "country", "contract_nature",
    "procedure_type", "cpv_main", "nuts_codes", "published_on", "deadline", "estimated_value",
    "currency", "is_innovation", "is_green", "is_social", "sme_suitable", "requirements", "url",
]  # fmt: skip


@dataclass
class FileReport:
    """What happened to one file: notices created and updated, or every problem that stopped it."""

    path: str
    format: str = ""
    created: int = 0
    updated: int = 0
    suggested: int = 0
    errors: list[ParseError] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return bool(self.errors)


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(f.created for f in self.files)

    @property
    def updated(self) -> int:
        return sum(f.updated for f in self.files)

    @property
    def rejected(self) -> list[FileReport]:
        return [f for f in self.files if f.rejected]

    @property
    def ok(self) -> bool:
        return not self.rejected


def _buyer_org_number(identifier: str) -> str:
    """The identifier as Organisation.org_number stores it (NNNNNN-NNNN), or "" if not Swedish."""
    digits = re.sub(r"\D", "", identifier)
    if identifier.strip().upper().startswith("SE") and len(digits) == 12 and digits.endswith("01"):
        digits = digits[:10]  # a Swedish VAT number: SE + organisation number + 01
    if len(digits) != 10:
        return ""
    try:
        return str(orgnr.format(orgnr.validate(digits)))
    except StdnumError:
        return ""


def _suggest(notices: list[ParsedNotice], enabled: bool) -> dict[str, list[str]]:
    """Suggested codes for the notices that carry none, keyed by source_id."""
    if not enabled:
        return {}
    uncoded = [notice for notice in notices if not notice.cpv_codes]
    codes = cpv_suggest_many(
        texts=[f"{notice.title}\n{notice.description}" for notice in uncoded],
        k=SUGGESTED_CPV_COUNT,
    )
    return {notice.source_id: found for notice, found in zip(uncoded, codes, strict=True)}


def _store(
    notices: list[ParsedNotice],
    suggested: dict[str, list[str]],
    report: FileReport,
    progress: Progress | None,
) -> None:
    """Write the file's notices in a fixed number of queries (plus one per new notice on old SQLite)."""
    # One notice appearing twice in a file (a corrected copy further down): the last one wins.
    by_key = {(n.source, n.source_id): n for n in notices}
    notices = list(by_key.values())
    all_codes = {c for n in notices for c in n.cpv_codes} | {
        c for codes in suggested.values() for c in codes
    }
    known_codes = set(CpvCode.objects.filter(code__in=all_codes).values_list("code", flat=True))
    numbers = {n.source_id: _buyer_org_number(n.buyer_identifier) for n in notices}
    buyers = dict(
        Organisation.objects.filter(org_number__in={v for v in numbers.values() if v}).values_list(
            "org_number", "pk"
        )
    )
    existing: dict[tuple[str, str], Notice] = {}
    for source in {n.source for n in notices}:
        ids = [n.source_id for n in notices if n.source == source]
        for row in Notice.objects.filter(source=source, source_id__in=ids):
            existing[(row.source, row.source_id)] = row

    now = timezone.now()
    to_create: list[Notice] = []
    to_update: list[Notice] = []
    codes_of: dict[tuple[str, str], list[str]] = {}
    lots_of: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for index, parsed in enumerate(notices, start=1):
        key = (parsed.source, parsed.source_id)
        lots_of[key] = [(lot.title, lot.description) for lot in parsed.lots]
        codes = [c for c in parsed.cpv_codes if c in known_codes]
        is_suggested = False
        if not parsed.cpv_codes and suggested.get(parsed.source_id):
            codes = [c for c in suggested[parsed.source_id] if c in known_codes]
            is_suggested = bool(codes)
        codes_of[key] = codes
        values = {name: getattr(parsed, name) for name in _NOTICE_FIELDS}
        values["cpv_main"] = parsed.cpv_main or (codes[0] if codes else "")
        values["buyer_id"] = buyers.get(numbers[parsed.source_id])
        values["cpv_suggested"] = is_suggested
        report.suggested += int(is_suggested)
        current = existing.get(key)
        if current is None:
            to_create.append(Notice(source=parsed.source, source_id=parsed.source_id, **values))
        else:
            for name, value in values.items():
                setattr(current, name, value)
            current.updated_at = now
            to_update.append(current)
        if progress:
            progress(index, len(notices))

    Notice.objects.bulk_create(to_create)
    if to_update:
        Notice.objects.bulk_update(
            to_update, [*_NOTICE_FIELDS, "buyer_id", "cpv_suggested", "updated_at"], batch_size=200
        )
        NoticeLot.objects.filter(notice__in=to_update).delete()
        Notice.cpv_codes.through.objects.filter(notice__in=to_update).delete()
    rows = {(r.source, r.source_id): r for r in [*to_create, *to_update]}
    if any(r.pk is None for r in to_create):  # databases that cannot return ids from bulk inserts
        for stored in Notice.objects.filter(source_id__in=[r.source_id for r in to_create]):
            rows[(stored.source, stored.source_id)] = stored
    lots = []
    links = []
    through = Notice.cpv_codes.through
    for parsed in notices:
        row = rows[(parsed.source, parsed.source_id)]
        for position, lot in enumerate(parsed.lots):
            lots.append(
                NoticeLot(
                    notice_id=row.pk,
                    lot_id=lot.lot_id,
                    title=lot.title,
                    description=lot.description,
                    cpv_codes=lot.cpv_codes,
                    nuts_codes=lot.nuts_codes,
                    estimated_value=lot.estimated_value,
                    sme_suitable=lot.sme_suitable,
                    position=position,
                )
            )
        links += [
            through(notice_id=row.pk, cpvcode_id=code)
            for code in codes_of[(parsed.source, parsed.source_id)]
        ]
    NoticeLot.objects.bulk_create(lots, batch_size=500)
    through.objects.bulk_create(links, batch_size=500)
    cpv_examples_set(
        forms_by_source={
            notice_example_source(row): _stored_example_forms(row, lots_of[key], known_codes)
            for key, row in rows.items()
        }
    )
    report.created = len(to_create)
    report.updated = len(to_update)


# Arena's languages: official translations into others would add examples no user reads.
EXAMPLE_TRANSLATIONS = ("sv", "en")


def notice_example_source(notice: Notice) -> str:
    return f"notice:{notice.source}:{notice.source_id}"


def _example_forms(
    *,
    title: str,
    description: str,
    lots: Iterable[tuple[str, str]],
    translations: dict[str, dict[str, str]],
    language: str,
    code: str,
) -> list[CpvExampleForm]:
    """A notice as the CPV classifier's labelled examples: its original text (read as the shipped
    TED sample is) and its official Swedish and English translations, with its official code."""
    from arena.matching.cpv import notice_example_text  # noqa: PLC0415  # loads numpy

    forms = [
        CpvExampleForm(
            title=" ".join(title.split()),
            text=notice_example_text(description, list(lots)),
            language=language,
            code=code,
        )
    ]
    for other, translated in sorted((translations or {}).items()):
        other_title = " ".join(str(translated.get("title") or "").split())
        text = " ".join(str(translated.get("description") or "").split())
        if other in EXAMPLE_TRANSLATIONS and (other_title or text):
            forms.append(CpvExampleForm(title=other_title, text=text, language=other, code=code))
    return forms


def _stored_example_forms(
    notice: Notice, lots: Iterable[tuple[str, str]], known_codes: set[str]
) -> list[CpvExampleForm]:
    """A stored notice's examples: none when Arena suggested its codes (the classifier must not
    learn its own guesses) or when its main code is not in the CPV table."""
    if notice.cpv_suggested or notice.cpv_main not in known_codes:
        return []
    return _example_forms(
        title=notice.title,
        description=notice.description,
        lots=lots,
        translations=notice.translations,
        language=notice.language,
        code=notice.cpv_main,
    )


def notices_cpv_examples_refresh(*, batch: int = 500) -> int:
    """Write the CPV classifier's examples of every stored notice again, as an import does: for
    notices imported before Arena kept examples, or after the shipped TED sample changed; examples
    of notices no longer stored are removed. One transaction per batch of notices, which are read
    and locked inside it, so an import of the same notices waits rather than interleaves. Nothing
    is queued for embedding: the caller embeds (`arena notices cpv-examples`). Returns how many
    forms wait for a vector."""
    waiting = 0
    notices = (
        Notice.objects.only(
            "source",
            "source_id",
            "title",
            "description",
            "translations",
            "language",
            "cpv_main",
            "cpv_suggested",
        )
        .prefetch_related(Prefetch("lots", queryset=NoticeLot.objects.order_by("position")))
        .order_by("pk")
    )
    last = 0
    while True:
        with transaction.atomic():
            rows = list(notices.filter(pk__gt=last).select_for_update(of=("self",))[:batch])
            if not rows:
                break
            known = set(
                CpvCode.objects.filter(code__in={n.cpv_main for n in rows}).values_list(
                    "code", flat=True
                )
            )
            forms = {
                notice_example_source(notice): _stored_example_forms(
                    notice, [(lot.title, lot.description) for lot in notice.lots.all()], known
                )
                for notice in rows
            }
            waiting += cpv_examples_set(forms_by_source=forms, embed_after_commit=False)
        last = rows[-1].pk
    # Examples of notices deleted since (in the admin) go too; checked inside the transaction
    # that deletes them, so a notice imported meanwhile keeps its examples.
    sources = cpv_example_sources(prefix="notice:")
    for start in range(0, len(sources), batch):
        with transaction.atomic():
            chunk = [source.split(":", 2) for source in sources[start : start + batch]]
            stored = set(
                Notice.objects.filter(
                    source_id__in={parts[2] for parts in chunk if len(parts) == 3}
                )
                .select_for_update()
                .values_list("source", "source_id")
            )
            gone = [":".join(parts) for parts in chunk if tuple(parts[1:]) not in stored]
            cpv_examples_set(forms_by_source={source: [] for source in gone})
    return waiting


def notices_import_file(
    *, path: str | Path, suggest_cpv: bool = True, progress: Progress | None = None
) -> ImportReport:
    """Import every notice in one file (eForms XML, TED XML or JSONL, OCDS JSON or JSONL).

    The format comes from the content, not the name. Any problem in the file (bad XML or JSON,
    an unknown schema or version, a bad row) rejects the whole file: nothing from it is stored
    and the report names every problem with its position. Importing a notice again updates it.
    """
    path = Path(path)
    report = FileReport(path=str(path))
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            report.errors.append(
                ParseError(str(path), "", f"the file is larger than {MAX_FILE_BYTES // 2**20} MB")
            )
            return ImportReport(files=[report])
        data = path.read_bytes()
    except OSError as error:
        report.errors.append(ParseError(str(path), "", f"cannot be read: {error.strerror}"))
        return ImportReport(files=[report])
    try:
        _import_data(data, path=path, report=report, suggest_cpv=suggest_cpv, progress=progress)
    except DatabaseError as error:
        report.created = report.updated = report.suggested = 0
        report.errors.append(
            ParseError(str(path), "", f"the database refused the notices: {error}")
        )
    except Exception as error:
        # A parser or storage bug met with an input nobody foresaw: it costs this file (rolled
        # back, reported), never the files after it in the same import.
        logger.exception("Importing notices from %s failed", path)
        report.created = report.updated = report.suggested = 0
        report.errors.append(
            ParseError(
                str(path),
                "",
                f"the file could not be imported ({type(error).__name__}: {error}); "
                "nothing from it was stored",
            )
        )
    return ImportReport(files=[report])


def _import_data(
    data: bytes, *, path: Path, report: FileReport, suggest_cpv: bool, progress: Progress | None
) -> None:
    parsed = parse_file(data, file=str(path))
    report.format = parsed.format
    if parsed.errors:
        report.errors = parsed.errors
        return
    suggested = _suggest(parsed.notices, suggest_cpv)
    with transaction.atomic():
        _store(parsed.notices, suggested, report, progress)
        # Companies' notice lists follow the import (after commit, in the task queue).
        notice_suggestions_enqueue_rebuild()


def notice_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files to import: files as given, directories walked for .xml/.json/.jsonl files."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for folder, _dirs, names in sorted(os.walk(path)):
                found += [
                    Path(folder) / name
                    for name in sorted(names)
                    if name.lower().endswith(EXTENSIONS) and not name.startswith(".")
                ]
        else:
            found.append(path)
    return found


def notices_import_paths(
    *,
    paths: Iterable[str | Path],
    suggest_cpv: bool = True,
    progress: Progress | None = None,
) -> ImportReport:
    """Import each file on its own (its own transaction); `progress` counts files."""
    files = notice_files(paths)
    report = ImportReport()
    for index, path in enumerate(files, start=1):
        report.files += notices_import_file(path=path, suggest_cpv=suggest_cpv).files
        if progress:
            progress(index, len(files))
    return report
