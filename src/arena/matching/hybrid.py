"""Lexical + semantic retrieval fused into one ranking.

Semantic: e5 vectors with a mean vector subtracted before cosine. Raw e5 vectors cluster by
language and by kind of text (a title is not an abstract), which buries cross-lingual matches, so
each side is centred on its own: corpus documents on the mean of the corpus documents of their
language, queries on the mean of the queries of their language when enough of them come together
(a batch, as in `arena match`), else on the corpus mean of their language.
Short documents made of standalone parts (labels) are embedded whole and part by part.
Lexical: BM25 over stemmed tokens (Swedish compounds split).
Fusion: cosine + LEXICAL_WEIGHT × BM25/max(BM25).
"""

from collections.abc import Sequence

import numpy as np

from arena.matching.embed import Embedder
from arena.matching.index import SHORT_TEXT, Document, LexicalIndex
from arena.matching.text import guess_language, normalise_language

# Chosen on the dev data (evaluate.py --preset quick, see docs/decisions/0002-matching.md).
LEXICAL_WEIGHT = 0.05
# Fewer queries of one language than this give too noisy a mean: the corpus mean stands in.
MIN_QUERIES_FOR_MEAN = 20


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    unit: np.ndarray = vectors / np.maximum(norms, 1e-12)
    return unit


# The language group of short documents of unknown language made of parts: labels written in
# two languages at once, which a guess would split by chance (å, ä, ö in one of them).
MIXED = "mul"


def language_of(document: Document) -> str:
    language = normalise_language(document.language)
    if language:
        return language
    if len(document.parts) > 1 and len(document.text) <= SHORT_TEXT:
        return MIXED
    return guess_language(document.text)


def language_means(
    vectors: np.ndarray, languages: Sequence[str], minimum: int
) -> dict[str, np.ndarray]:
    """The mean vector of each language with at least `minimum` vectors."""
    means = {}
    for language in set(languages):
        rows = [i for i, x in enumerate(languages) if x == language]
        if len(rows) >= minimum:
            means[language] = vectors[rows].mean(axis=0)
    return means


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
        vectors = _unit(embedder.passages([d.text for d in documents]))
        # A short document made of standalone parts (a subject's label in Swedish and in
        # English) is also embedded part by part: each part is a whole label e5 reads well.
        short = [
            i for i, d in enumerate(documents) if len(d.parts) > 1 and len(d.text) <= SHORT_TEXT
        ]
        if short:
            parts = [p for i in short for p in documents[i].parts]
            part_vectors = _unit(embedder.passages(parts))
            start = 0
            for i in short:
                count = len(documents[i].parts)
                vectors[i] += part_vectors[start : start + count].sum(axis=0)
                start += count
        languages = [language_of(d) for d in documents]
        self.global_mean = vectors.mean(axis=0)
        self.means = language_means(vectors, languages, 1)
        self.vectors = _unit(vectors - np.stack([self.means[lang] for lang in languages]))

    def query_vectors(self, queries: Sequence[Document]) -> np.ndarray:
        """The queries' e5 vectors, raw (centring needs the whole batch: see `rank`)."""
        return self.embedder.queries([q.text for q in queries])

    def rank(
        self, queries: Sequence[Document], vectors: np.ndarray, k: int
    ) -> list[list[tuple[str, float]]]:
        languages = [language_of(q) for q in queries]
        own = language_means(vectors, languages, MIN_QUERIES_FOR_MEAN)
        means = (
            np.stack([own.get(lang, self.means.get(lang, self.global_mean)) for lang in languages])
            if len(queries)
            else np.zeros((0, self.vectors.shape[1]), dtype=np.float32)
        )
        semantic = _unit(vectors - means) @ self.vectors.T
        k = min(k, len(self.ids))
        results = []
        for row, query in enumerate(queries):
            fused = semantic[row]
            if self.lexical_weight:
                lexical = self.lexical.scores(query.text, query.language)
                if lexical.max() > 0:
                    fused = fused + self.lexical_weight * lexical / lexical.max()
            best = np.argpartition(-fused, k - 1)[:k]
            best = best[np.argsort(-fused[best], kind="stable")]
            results.append([(self.ids[i], float(fused[i])) for i in best])
        return results

    def top_many(self, queries: Sequence[Document], k: int) -> list[list[tuple[str, float]]]:
        return self.rank(queries, self.query_vectors(queries), k)
