"""Lexical + semantic retrieval fused into one ranking.

Semantic: e5 vectors with the per-language mean subtracted (raw e5 vectors cluster by language,
which buries cross-lingual matches), cosine on the corrected, re-normalised vectors.
Lexical: BM25 over stemmed tokens. Fusion: cosine + LEXICAL_WEIGHT × BM25/max(BM25).
"""

from collections.abc import Sequence

import numpy as np

from arena.matching.embed import Embedder
from arena.matching.index import Document, LexicalIndex
from arena.matching.text import guess_language, normalise_language

# Chosen on the dev data (evaluate.py --preset quick, see docs/decisions/0002-matching.md).
LEXICAL_WEIGHT = 0.3


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    unit: np.ndarray = vectors / np.maximum(norms, 1e-12)
    return unit


def language_of(document: Document) -> str:
    return normalise_language(document.language) or guess_language(document.text)


class HybridIndex:
    def __init__(
        self,
        documents: Sequence[Document],
        embedder: Embedder,
        *,
        lexical_weight: float = LEXICAL_WEIGHT,
    ) -> None:
        self.ids = [d.id for d in documents]
        self.lexical = LexicalIndex(documents)
        self.embedder = embedder
        self.lexical_weight = lexical_weight
        vectors = embedder.passages([d.text for d in documents])
        languages = [language_of(d) for d in documents]
        self.global_mean = vectors.mean(axis=0)
        self.means = {
            lang: vectors[[i for i, x in enumerate(languages) if x == lang]].mean(axis=0)
            for lang in set(languages)
        }
        self.vectors = _unit(vectors - np.stack([self.means[lang] for lang in languages]))

    def _query_vectors(self, texts: Sequence[str], languages: Sequence[str]) -> np.ndarray:
        vectors = self.embedder.queries(list(texts))
        means = np.stack([self.means.get(lang, self.global_mean) for lang in languages])
        return _unit(vectors - means)

    def top_many(self, queries: Sequence[Document], k: int) -> list[list[tuple[str, float]]]:
        languages = [language_of(q) for q in queries]
        semantic = self._query_vectors([q.text for q in queries], languages) @ self.vectors.T
        k = min(k, len(self.ids))
        results = []
        for row, query in enumerate(queries):
            lexical = self.lexical.scores(query.text, query.language)
            if lexical.max() > 0:
                lexical = lexical / lexical.max()
            fused = semantic[row] + self.lexical_weight * lexical
            best = np.argpartition(-fused, k - 1)[:k]
            best = best[np.argsort(-fused[best], kind="stable")]
            results.append([(self.ids[i], float(fused[i])) for i in best])
        return results
