"""pgvector, where the server has it: the vector type and a table of vectors beside `TextVector`.

Creates nothing on SQLite, on a PostgreSQL without pgvector, or when this role may not create the
extension (then `arena enable-pgvector` does it later, after a superuser's CREATE EXTENSION).
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from arena.matches import pgvector


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if pgvector.enable(schema_editor.connection):
        pgvector.copy_from_bytes_table(schema_editor.connection, "matches_textvector")


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    pgvector.disable(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("matches", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
