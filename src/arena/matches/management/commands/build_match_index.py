import sys

from django.core.management.base import BaseCommand

from arena.matches.services import suggestions_rebuild


class Command(BaseCommand):
    help = "Embed every published challenge and solution not yet embedded and recompute all suggestions."

    def handle(self, *args: object, **options: object) -> None:
        interactive = sys.stderr.isatty()

        def progress(done: int, total: int) -> None:
            if interactive:
                sys.stderr.write(f"\r{done}/{total}")
                sys.stderr.flush()

        challenges, solutions = suggestions_rebuild(progress=progress)
        if interactive:
            sys.stderr.write("\n")
        self.stdout.write(f"Matched {challenges} challenges and {solutions} solutions.")
