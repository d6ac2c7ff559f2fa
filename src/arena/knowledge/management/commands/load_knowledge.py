"""`arena load-knowledge`: create or refresh the knowledge-bank guides Arena ships."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from arena.knowledge.services import GuideContentError, guides_load_shipped


class Command(BaseCommand):
    help = (
        "Load the guides and templates shipped in arena/knowledge/content. Checks every file first "
        "and changes nothing if any has a problem; guides written by staff are never overwritten."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, default=None, help="Another directory of guides.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = guides_load_shipped(directory=options["dir"])
        except GuideContentError as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError(
                _("The guides have %(count)d problem(s); nothing was changed.")
                % {"count": len(error.problems)}
            ) from error
        self.stdout.write(
            _("Guides: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
            % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
        )
        for slug in report.skipped:
            self.stdout.write(
                _(
                    "Kept %(slug)s: staff wrote a guide with that address, so the shipped one was not loaded."
                )
                % {"slug": slug}
            )
