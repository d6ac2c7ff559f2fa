import sys

from django.core.management.base import BaseCommand

from arena.alerts.services import notice_suggestions_rebuild


class Command(BaseCommand):
    help = "Rank the tender notices that fit each company (run after importing notices)."

    def handle(self, *args: object, **options: object) -> None:
        interactive = sys.stderr.isatty()

        def progress(done: int, total: int) -> None:
            if interactive:
                sys.stderr.write(f"\r{done}/{total}")
                sys.stderr.flush()

        companies = notice_suggestions_rebuild(progress=progress)
        if interactive:
            sys.stderr.write("\n")
        self.stdout.write(f"Ranked notices for {companies} companies.")
