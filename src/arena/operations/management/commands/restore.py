"""`arena restore ARCHIVE`: replace the database and the media files with a backup's."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from arena.operations.backup import BackupError, backup_restore, format_created_at
from arena.progress import terminal_progress


class Command(BaseCommand):
    help = (
        "Restore a backup made by `arena backup`: the whole database in one transaction (all "
        "or nothing), then the media files. Refuses a database that already holds data unless "
        "--force is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="The .tar.gz file `arena backup` wrote.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Delete everything in the database first, even when it already holds data.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with terminal_progress() as progress:
                report = backup_restore(
                    path=options["archive"], force=options["force"], progress=progress
                )
        except BackupError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] >= 2:
            for label, count in report.counts.items():
                if count:
                    self.stdout.write(f"{label}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Restored %(rows)d rows in %(tables)d tables and %(files)d media files "
                    "from the backup of %(created)s (Arena %(version)s)."
                )
                % {
                    "rows": report.total,
                    "tables": sum(1 for count in report.counts.values() if count),
                    "files": report.media_files,
                    "created": format_created_at(report.manifest),
                    "version": report.manifest.get("arena_version", "?"),
                }
            )
        )
        self.stdout.write(
            _("Run `arena build-match-index` to refill the matching engine's vector cache.")
        )
