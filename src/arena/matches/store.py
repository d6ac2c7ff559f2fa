"""The engine's vector cache (`arena.matching.store.VectorStore`) kept in the database."""

from collections.abc import Mapping, Sequence

import numpy as np

from arena.matches.models import TextVector

_BATCH = 500


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
