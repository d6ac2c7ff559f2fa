"""`arena backup`: write the database and the media files to one archive."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from arena.operations.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded media files to one .tar.gz archive "
        "(default: var/backups/arena-YYYYmmdd-HHMMSS.tar.gz). The site can keep running."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            "-o",
            type=Path,
            default=None,
            help="Where to write the archive (default: var/backups/arena-<date>-<time>.tar.gz).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        interactive = sys.stderr.isatty()

        def progress(done: int, total: int) -> None:
            if interactive:
                sys.stderr.write(f"\r{done}/{total}")
                sys.stderr.flush()

        try:
            report = backup_create(output=options["output"], progress=progress)
        except BackupError as error:
            raise CommandError(str(error)) from error
        finally:
            if interactive:
                sys.stderr.write("\n")
        if options["verbosity"] >= 2:
            for label, count in report.counts.items():
                if count:
                    self.stdout.write(f"{label}: {count}")
        self.stdout.write(
            _("%(rows)d rows from %(tables)d tables and %(files)d media files.")
            % {
                "rows": report.total,
                "tables": sum(1 for count in report.counts.values() if count),
                "files": report.media_files,
            }
        )
        self.stdout.write(self.style.SUCCESS(str(report.path)))
