from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from arena.demo.selectors import demo_counts
from arena.demo.services import demo_load
from arena.reference.models import Municipality


class Command(BaseCommand):
    help = (
        "Create demo organisations, people, focus areas, challenges, companies and solutions "
        "(idempotent) and print the logins."
    )

    def handle(self, *args: object, **options: object) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo content is never loaded in production.")
        if not Municipality.objects.exists():
            raise CommandError("Load the reference data first: arena load-reference")
        logins = demo_load()
        counts = demo_counts()
        width = max(len(login.email) for login in logins)
        self.stdout.write(
            self.style.SUCCESS("\nArena demo – logga in på http://127.0.0.1:8000/konto/logga-in/")
        )
        for login in logins:
            self.stdout.write(
                f"  {login.email.ljust(width)}  {login.password}  {login.description}"
            )
        self.stdout.write(
            f"\n  {counts['buyers']} beställare med {counts['focus_areas']} fokusområden, "
            f"{counts['challenges']} utmaningar, {counts['companies']} företag och "
            f"{counts['solutions']} lösningar.\n"
        )
