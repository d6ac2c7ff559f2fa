"""Vector caches: a text is embedded once per model and prefix kind, whatever document it belongs to.

Keys are `vector_key(model, kind, text)`, a hash, so a store never holds the texts themselves and
an edited document only costs the embedding of its new text. The Django side implements the same
`VectorStore` protocol over the database.
"""

import hashlib
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np


def vector_key(model: str, kind: str, text: str) -> str:
    """Cache key of `text` embedded by `model` with prefix `kind` ("query" or "passage")."""
    if kind not in ("query", "passage"):
        raise ValueError(f"vector kind must be 'query' or 'passage', not {kind!r}")
    digest = hashlib.blake2b(digest_size=20)
    for part in (model, kind, text):
        encoded = part.encode("utf-8", "surrogatepass")
        digest.update(len(encoded).to_bytes(8, "little"))  # no ambiguity between the parts
        digest.update(encoded)
    return digest.hexdigest()


class VectorStore(Protocol):
    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]: ...

    def put_many(self, vectors: Mapping[str, np.ndarray]) -> None: ...


def _checked(key: str, vector: np.ndarray) -> np.ndarray:
    array = np.asarray(vector, dtype=np.float32)
    if array.ndim != 1 or not array.size:
        raise ValueError(f"vector for key {key!r} must be one-dimensional and non-empty")
    return array


class MemoryVectorStore:
    """A dict; for tests and one-off runs."""

    def __init__(self) -> None:
        self._vectors: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._vectors)

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        return {key: self._vectors[key] for key in keys if key in self._vectors}

    def put_many(self, vectors: Mapping[str, np.ndarray]) -> None:
        for key, vector in vectors.items():
            self._vectors[key] = _checked(key, vector).copy()


class NpzVectorStore:
    """Vectors in one .npz file (float16: half the size, and e5 cosines move by < 1e-3).

    Loaded whole on first use and rewritten whole (to a temporary file, then renamed) on every
    `put_many`: meant for command-line runs and benchmarks that batch their writes, not for a
    stream of single updates.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._vectors: dict[str, np.ndarray] | None = None

    def _load(self) -> dict[str, np.ndarray]:
        if self._vectors is None:
            self._vectors = {}
            if self.path.exists():
                try:
                    with np.load(self.path, allow_pickle=False) as data:
                        keys, matrix = data["keys"], data["vectors"]
                except (OSError, ValueError, KeyError) as error:
                    raise ValueError(f"{self.path}: not a vector store file ({error})") from error
                self._vectors = {str(k): matrix[i] for i, k in enumerate(keys)}
        return self._vectors

    def __len__(self) -> int:
        return len(self._load())

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        vectors = self._load()
        return {key: vectors[key].astype(np.float32) for key in keys if key in vectors}

    def put_many(self, vectors: Mapping[str, np.ndarray]) -> None:
        if not vectors:
            return
        stored = self._load()
        new = {key: _checked(key, vector).astype(np.float16) for key, vector in vectors.items()}
        dims = {v.shape[0] for v in new.values()} | {v.shape[0] for v in stored.values()}
        if len(dims) > 1:
            raise ValueError(f"{self.path}: vectors of different sizes {sorted(dims)} in one store")
        stored.update(new)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".npz.tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                np.savez(
                    out,
                    keys=np.array(list(stored), dtype=str),
                    vectors=np.stack(list(stored.values())),
                )
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
