from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from arena.matches import pgvector
from arena.matches.models import TextVector


class Command(BaseCommand):
    help = (
        "Keep the matching engine's vectors in PostgreSQL's vector type (pgvector): create the "
        "extension if this role may, create the table and copy the vectors already computed."
    )

    def handle(self, *args: object, **options: object) -> None:
        try:
            pgvector.enable(connection)
        except pgvector.PgvectorUnavailable as reason:
            raise CommandError(str(reason)) from reason
        copied = pgvector.copy_from_bytes_table(connection, TextVector._meta.db_table)
        self.stdout.write(
            f"pgvector is enabled; {copied} cached vectors copied. With ARENA_VECTOR_STORE=auto "
            "(the default) app servers and workers use it once restarted."
        )
