"""pgvector, where the server has it: the vector type and a table of vectors beside `TextVector`.

Creates nothing on SQLite, on a PostgreSQL without pgvector, or when this role may not create the
extension. A site that gets pgvector later, or whose role needs a superuser's CREATE EXTENSION
first, runs `arena enable-pgvector`: this migration is applied once and never looks again.
"""

import logging

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from arena.matches import pgvector

logger = logging.getLogger(__name__)


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if not pgvector.extension_available(schema_editor.connection):
        return
    try:
        pgvector.enable(schema_editor.connection)
    except pgvector.PgvectorUnavailable as reason:
        logger.warning("%s Vectors stay in the TextVector table.", reason)
        return
    pgvector.copy_from_bytes_table(schema_editor.connection, "matches_textvector")


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    pgvector.disable(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("matches", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
