from typing import Any

from django.core.management.base import BaseCommand

from arena.events.services import follow_ups_send_due


class Command(BaseCommand):
    help = "Send the follow-up questions that are due (months after a matchday's meetings)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = follow_ups_send_due()
        self.stdout.write(f"{sent} e-mails sent")
