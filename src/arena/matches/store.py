"""The engine's vector cache (`arena.matching.store.VectorStore`) kept in the database.

Two stores share the protocol: `TextVector` rows (float32 bytes, any database) and, on PostgreSQL
with the pgvector extension enabled, a table of pgvector's `vector` type (`arena.matches.pgvector`).
`vector_store()` picks one by `ARENA_VECTOR_STORE` (docs/decisions/0009-pgvector.md).
"""

from collections.abc import Mapping, Sequence

import numpy as np
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from arena.matches import pgvector
from arena.matches.models import TextVector

_BATCH = 500
AUTO, PGVECTOR, DATABASE = "auto", "pgvector", "database"
STORE_CHOICES = (AUTO, PGVECTOR, DATABASE)


class DatabaseVectorStore:
    """Vectors by text hash in `TextVector`: every process and every rebuild shares one cache."""

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), _BATCH):
            rows = TextVector.objects.filter(key__in=unique[start : start + _BATCH])
            for key, vector in rows.values_list("key", "vector"):
                found[key] = np.frombuffer(bytes(vector), dtype=np.float32).copy()
        return found

    def put_many(self, vectors: Mapping[str, np.ndarray]) -> None:
        rows = [
            TextVector(key=key, vector=np.asarray(vector, dtype=np.float32).tobytes())
            for key, vector in vectors.items()
        ]
        TextVector.objects.bulk_create(rows, batch_size=_BATCH, ignore_conflicts=True)


class PgvectorVectorStore:
    """Vectors by text hash in PostgreSQL's `vector` type (the pgvector extension)."""

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        return pgvector.get_many(connection, keys)

    def put_many(self, vectors: Mapping[str, np.ndarray]) -> None:
        pgvector.put_many(connection, vectors)


def vector_store() -> DatabaseVectorStore | PgvectorVectorStore:
    """The store `ARENA_VECTOR_STORE` asks for: "auto" takes pgvector when it is enabled in this
    database, "pgvector" insists on it, "database" always uses `TextVector`."""
    choice = settings.ARENA_VECTOR_STORE
    if choice not in STORE_CHOICES:
        raise ImproperlyConfigured(
            f"ARENA_VECTOR_STORE must be one of {', '.join(STORE_CHOICES)}, not {choice!r}."
        )
    if choice == DATABASE:
        return DatabaseVectorStore()
    if pgvector.enabled(connection):
        return PgvectorVectorStore()
    if choice == PGVECTOR:
        raise ImproperlyConfigured(
            "ARENA_VECTOR_STORE=pgvector needs PostgreSQL with the pgvector extension enabled: "
            "as a superuser run CREATE EXTENSION vector; then arena enable-pgvector "
            "(docs/operations.md)."
        )
    return DatabaseVectorStore()
