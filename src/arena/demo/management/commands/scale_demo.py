from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from arena.demo.scale import demo_scale
from arena.demo.selectors import demo_counts
from arena.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Multiply the demo content to N times its size for load tests (after load-demo); "
        "rebuild the match index afterwards with build-match-index."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--factor", type=int, default=10, help="target size, e.g. 10 for 10×")

    def handle(self, *args: object, **options: object) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo content is never loaded in production.")
        factor = options["factor"]
        if not isinstance(factor, int) or factor < 1:
            raise CommandError("--factor must be a whole number of 1 or more.")
        if not Organisation.objects.exists():
            raise CommandError("Load the demo first: arena load-demo")
        added = demo_scale(factor=factor)
        for kind, n in added.items():
            self.stdout.write(f"  +{n} {kind}")
        counts = demo_counts()
        self.stdout.write(
            self.style.SUCCESS(
                f"{factor}×: {counts['buyers']} buyers, {counts['challenges']} challenges, "
                f"{counts['companies']} companies, {counts['solutions']} solutions."
            )
        )
