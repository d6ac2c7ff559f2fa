"""The engine's vector cache in PostgreSQL's own vector type (pgvector), when the server has it.

Plain SQL on a connection, no models: the migration that creates the table and the
`enable-pgvector` command run the same functions, whatever state the models are in. The table is
not a Django model on purpose: a model's column type would make every installation need the
extension, and without it Arena keeps vectors in `TextVector` (bytes) instead.

The column is `vector` without a fixed dimension, so an operator can change the embedding model
(another dimension, another key prefix) without a migration. Vectors go in as pgvector's text form
(`[0.1,-2.5,...]`, nine significant digits: enough for every float32 to read back unchanged) and
come out in its binary form (`vector_send`), so no client-side type registration is needed.
"""

# ruff: noqa: S608  # the only names put into SQL are this module's constants and a model's table
import logging
from collections.abc import Iterator, Mapping, Sequence

import numpy as np
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import DatabaseError

logger = logging.getLogger(__name__)

TABLE = "matches_pgvector"
EXTENSION = "vector"
_BATCH = 500
# vector_send: int16 dimension, int16 unused, then float4 values, all big-endian.
_HEADER = 4


def is_postgresql(connection: BaseDatabaseWrapper) -> bool:
    return connection.vendor == "postgresql"


def extension_available(connection: BaseDatabaseWrapper) -> bool:
    """The server has pgvector installed (it may not yet be created in this database)."""
    if not is_postgresql(connection):
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = %s", [EXTENSION])
        return cursor.fetchone() is not None


def enabled(connection: BaseDatabaseWrapper) -> bool:
    """The extension is created in this database and the vector table exists."""
    if not is_postgresql(connection):
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = %s) "
            "AND to_regclass(%s) IS NOT NULL",
            [EXTENSION, TABLE],
        )
        row = cursor.fetchone()
    return bool(row and row[0])


class PgvectorUnavailable(Exception):
    """pgvector cannot be used in this database; the message says why and what to do."""


def enable(connection: BaseDatabaseWrapper) -> None:
    """Create the extension (if this role may) and the table, or raise `PgvectorUnavailable`.

    Creating an untrusted extension takes a superuser. When the role may not, nothing changes (a
    savepoint keeps any outer transaction usable) and Arena keeps the database store; an operator
    creates the extension once as a superuser (`CREATE EXTENSION vector;`) and runs
    `arena enable-pgvector`.
    """
    if not is_postgresql(connection):
        raise PgvectorUnavailable(
            f"pgvector needs PostgreSQL; this database is {connection.vendor}."
        )
    if not extension_available(connection):
        raise PgvectorUnavailable(
            "The PostgreSQL server has no pgvector extension installed: install it "
            "(docs/operations.md, 'pgvector') and run this again."
        )
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {EXTENSION}")
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {TABLE} ("
                " key varchar(64) PRIMARY KEY,"
                " embedding vector NOT NULL,"
                " created_at timestamptz NOT NULL DEFAULT now())"
            )
    except DatabaseError as error:
        hint = (
            " As a superuser run CREATE EXTENSION vector; in this database, then run this again."
            if "permission denied" in str(error) or "must be" in str(error)
            else ""
        )
        raise PgvectorUnavailable(
            f"pgvector is installed but could not be enabled: {str(error).strip()}.{hint}"
        ) from error


def disable(connection: BaseDatabaseWrapper) -> None:
    """Drop the table (the extension stays: other databases or tools may use it)."""
    if is_postgresql(connection):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def get_many(connection: BaseDatabaseWrapper, keys: Sequence[str]) -> dict[str, np.ndarray]:
    found: dict[str, np.ndarray] = {}
    with connection.cursor() as cursor:
        for chunk in _chunks(list(dict.fromkeys(keys)), _BATCH):
            cursor.execute(
                f"SELECT key, vector_send(embedding) FROM {TABLE} WHERE key = ANY(%s)",
                [list(chunk)],
            )
            for key, raw in cursor.fetchall():
                found[key] = np.frombuffer(bytes(raw), dtype=">f4", offset=_HEADER).astype(
                    np.float32
                )
    return found


def _literal(vector: np.ndarray) -> str:
    values = np.asarray(vector, dtype=np.float32)
    if values.ndim != 1 or not values.size or not np.isfinite(values).all():
        raise ValueError("a vector must be one-dimensional, non-empty and finite")
    return "[" + ",".join(["%.9g"] * values.size) % tuple(values.tolist()) + "]"


def put_many(connection: BaseDatabaseWrapper, vectors: Mapping[str, np.ndarray]) -> int:
    """Store vectors under keys not yet present; returns how many were stored."""
    rows = [(key, _literal(vector)) for key, vector in vectors.items()]
    if not rows:
        return 0
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {TABLE} (key, embedding) VALUES (%s, %s::vector) "
            "ON CONFLICT (key) DO NOTHING",
            rows,
        )
        # psycopg 3 sums the statements' row counts over executemany.
        return max(int(cursor.rowcount), 0)


def copy_from_bytes_table(connection: BaseDatabaseWrapper, table: str) -> int:
    """Copy vectors kept as float32 bytes (`TextVector`'s table) into pgvector; returns the count.

    Keys already present are left alone, so running it twice copies nothing the second time.
    """
    copied = 0
    last = ""
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT key, vector FROM {table} WHERE key > %s ORDER BY key LIMIT %s",
                [last, _BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                return copied
            batch = {key: np.frombuffer(bytes(raw), dtype=np.float32) for key, raw in rows}
            copied += put_many(connection, batch)
            last = rows[-1][0]
