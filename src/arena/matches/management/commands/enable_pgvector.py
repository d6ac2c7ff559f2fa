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
        if not pgvector.is_postgresql(connection):
            raise CommandError(f"pgvector needs PostgreSQL; this database is {connection.vendor}.")
        if not pgvector.extension_available(connection):
            raise CommandError(
                "The PostgreSQL server has no pgvector extension installed: install it "
                "(docs/operations.md, 'pgvector') and run this command again."
            )
        if not pgvector.enable(connection):
            raise CommandError(
                "pgvector is installed but this role may not create it: as a superuser run "
                "CREATE EXTENSION vector; in this database, then run this command again."
            )
        copied = pgvector.copy_from_bytes_table(connection, TextVector._meta.db_table)
        self.stdout.write(
            f"pgvector is enabled; {copied} cached vectors copied. With ARENA_VECTOR_STORE=auto "
            "(the default) new app processes use it."
        )
