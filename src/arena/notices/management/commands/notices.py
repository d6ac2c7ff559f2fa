"""`arena notices import PATH…`: import tender notices from files and directories.
`arena notices cpv-examples`: keep the stored notices as the CPV suggestions' examples and embed them."""

import sys
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from arena.notices.services import (
    FileReport,
    notice_files,
    notices_cpv_examples_refresh,
    notices_import_file,
)
from arena.reference.services import cpv_examples_embed
from arena.reference.suggest import cpv_embedder


class Command(BaseCommand):
    help = "Tender notices: `notices import PATH…` reads eForms XML, TED XML/JSONL and OCDS JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        importer = commands.add_parser(
            "import",
            help="Import notice files; directories are walked for .xml, .json and .jsonl files.",
        )
        importer.add_argument("paths", nargs="+", metavar="PATH")
        importer.add_argument(
            "--no-suggest",
            action="store_true",
            help="Do not suggest CPV codes for notices that carry none.",
        )

        commands.add_parser(
            "cpv-examples",
            help="Write every stored notice with official CPV codes as an example for the CPV "
            "suggestions, remove those of deleted notices, and embed the examples that have no "
            "vector of the current model, here and now (8-10 a second on two cores). Imports do "
            "this themselves; run it after an upgrade, a restore or when the task queue lost work.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options["paths"], suggest=not options["no_suggest"])
        elif options["action"] == "cpv-examples":
            self._cpv_examples()

    def _cpv_examples(self) -> None:
        waiting = notices_cpv_examples_refresh()
        embedder = cpv_embedder()
        if embedder is None or not settings.ARENA_CPV_EXAMPLES_MAX:
            self.stdout.write(
                _(
                    "%(count)d examples wait for a vector; not embedded: CPV suggestions read no "
                    "examples (ARENA_CPV_SEMANTIC is off or ARENA_CPV_EXAMPLES_MAX is 0)."
                )
                % {"count": waiting}
            )
            return
        interactive = sys.stderr.isatty()
        label = _("Examples embedded")

        def show(done: int) -> None:
            if interactive:
                sys.stderr.write(f"\r{label}: {done}")
                sys.stderr.flush()

        embedded = cpv_examples_embed(embedder=embedder, progress=show)
        if interactive and embedded:
            sys.stderr.write("\n")
        self.stdout.write(
            _("%(count)d examples waited for a vector; %(embedded)d embedded.")
            % {"count": waiting, "embedded": embedded}
        )

    def _progress(self, label: str) -> Callable[[int, int], None]:
        interactive = sys.stderr.isatty()

        def show(done: int, total: int) -> None:
            if interactive:
                sys.stderr.write(f"\r{label}: {done}/{total}")
                if done >= total:
                    sys.stderr.write("\n")
                sys.stderr.flush()

        return show

    def _import(self, paths: list[str], *, suggest: bool) -> None:
        files = notice_files(paths)
        if not files:
            raise CommandError(_("No notice files found in the paths given."), returncode=1)
        started = time.monotonic()
        reports: list[FileReport] = []
        for path in files:
            report = notices_import_file(
                path=path, suggest_cpv=suggest, progress=self._progress(str(path))
            ).files[0]
            reports.append(report)
            self._summary(report)
        created = sum(r.created for r in reports)
        updated = sum(r.updated for r in reports)
        rejected = [r for r in reports if r.rejected]
        self.stdout.write(
            _(
                "%(files)d files: %(created)d notices created, %(updated)d updated, "
                "%(rejected)d files rejected (%(seconds).1f s)."
            )
            % {
                "files": len(reports),
                "created": created,
                "updated": updated,
                "rejected": len(rejected),
                "seconds": time.monotonic() - started,
            }
        )
        if rejected:
            raise CommandError(
                ngettext(
                    "%(count)d file was rejected; nothing from it was stored.",
                    "%(count)d files were rejected; nothing from them was stored.",
                    len(rejected),
                )
                % {"count": len(rejected)},
                returncode=1,
            )

    def _summary(self, report: FileReport) -> None:
        if report.rejected:
            self.stderr.write(
                ngettext(
                    "%(path)s: rejected, %(count)d problem:",
                    "%(path)s: rejected, %(count)d problems:",
                    len(report.errors),
                )
                % {"path": report.path, "count": len(report.errors)}
            )
            for error in report.errors:
                where = f"{error.position}: " if error.position else ""
                self.stderr.write(f"  {where}{error.message}")
            return
        line = _("%(path)s: %(created)d created, %(updated)d updated") % {
            "path": report.path,
            "created": report.created,
            "updated": report.updated,
        }
        if report.suggested:
            line += " " + _("(CPV codes suggested for %(count)d)") % {"count": report.suggested}
        self.stdout.write(line)
