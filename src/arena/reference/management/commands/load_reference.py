"""`arena load-reference`: load or refresh the reference vocabularies from their CSV files."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from arena.reference.services import ReferenceDataError, reference_load


class Command(BaseCommand):
    help = (
        "Load CPV codes, SDG goals and targets, NUTS codes, regions and municipalities from the "
        "CSV files in the reference data directory. Checks every file first and changes nothing "
        "if any has a problem; running it again with the same files changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="Directory with the CSV files (default: settings.REFERENCE_DATA_DIR).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir: Path = options["data_dir"] or Path(settings.REFERENCE_DATA_DIR)
        try:
            report = reference_load(data_dir=data_dir)
        except ReferenceDataError as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError(
                _("The reference data has %(count)d problem(s); nothing was changed.")
                % {"count": len(error.problems)}
            ) from error
        for model, counts in report.items():
            line = _(
                "%(vocabulary)s: %(created)d created, %(updated)d updated, "
                "%(unchanged)d unchanged, %(deleted)d deleted"
            ) % {
                "vocabulary": capfirst(model._meta.verbose_name_plural),
                "created": counts.created,
                "updated": counts.updated,
                "unchanged": counts.unchanged,
                "deleted": counts.deleted,
            }
            if counts.kept:
                line += _(
                    " (%(kept)d no longer in the files but kept, as other data refers to them)"
                ) % {"kept": counts.kept}
            self.stdout.write(line)
        if report.changed:
            self.stdout.write(
                self.style.SUCCESS(_("Reference data loaded from %(dir)s.") % {"dir": data_dir})
            )
        else:
            self.stdout.write(self.style.SUCCESS(_("Reference data was already up to date.")))
