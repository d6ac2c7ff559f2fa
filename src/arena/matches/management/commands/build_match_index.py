from django.core.management.base import BaseCommand

from arena.matches.services import suggestions_rebuild
from arena.progress import terminal_progress


class Command(BaseCommand):
    help = "Embed every published challenge and solution not yet embedded and recompute all suggestions."

    def handle(self, *args: object, **options: object) -> None:
        with terminal_progress() as progress:
            challenges, solutions = suggestions_rebuild(progress=progress)
        self.stdout.write(f"Matched {challenges} challenges and {solutions} solutions.")
