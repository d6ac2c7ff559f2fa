from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from arena.privacy.services import logs_purge, retention_days


class Command(BaseCommand):
    help = (
        "Delete logs older than ARENA_LOG_RETENTION_DAYS: expired sessions, finished task "
        "results and login-attempt records."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=None, help="Keep this many days (default: the setting)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else retention_days()
        try:
            counts = logs_purge(days=days, dry_run=options["dry_run"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        verb = "would delete" if options["dry_run"] else "deleted"
        self.stdout.write(f"Retention: {days} days.")
        for count in counts:
            self.stdout.write(f"{count.kind}: {verb} {count.rows}")
