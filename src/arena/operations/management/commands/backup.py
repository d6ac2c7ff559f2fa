"""`arena backup`: write the database and the media files to one archive."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from arena.operations.backup import BackupError, backup_create
from arena.progress import terminal_progress


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
        try:
            with terminal_progress() as progress:
                report = backup_create(output=options["output"], progress=progress)
        except BackupError as error:
            raise CommandError(str(error)) from error
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
