from typing import Any

from django.core.management.base import BaseCommand

from arena.readiness.services import readiness_reminders_send


class Command(BaseCommand):
    help = "E-mail company administrators 30 and 7 days before readiness evidence expires."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = readiness_reminders_send()
        self.stdout.write(f"{sent} e-mails sent")
