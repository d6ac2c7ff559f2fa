from django.core.management.base import BaseCommand
from django.utils import timezone

from arena.alerts.services import notice_digests_send


class Command(BaseCommand):
    help = "E-mail the notice digests that are due (run every hour or once a day)."

    def handle(self, *args: object, **options: object) -> None:
        sent = notice_digests_send(now=timezone.now())
        self.stdout.write(f"Sent {sent} notice digests.")
