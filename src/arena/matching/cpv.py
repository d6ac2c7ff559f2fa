"""Suggest CPV codes for a text in any EU language, from the CPV labels and their hierarchy alone.

Each code is a document made of its own labels (Swedish, English, Finnish, German) and, with less
weight through repetition, its parent's labels, so a text that names the branch still finds it.
"""

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from arena.matching.embed import Embedder
from arena.matching.index import Document, LexicalIndex
from arena.matching.text import tokens


def default_cpv_file() -> Path:
    return Path(str(resources.files("arena.reference") / "data" / "cpv_2008.csv"))


@dataclass(frozen=True)
class CpvEntry:
    code: str
    parent: str
    labels: dict[str, str]


def read_cpv(path: Path) -> list[CpvEntry]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            CpvEntry(
                code=row["code"],
                parent=row["parent_code"],
                labels={lang: row.get(f"label_{lang}", "") for lang in ("sv", "en", "fi", "de")},
            )
            for row in csv.DictReader(handle)
        ]


# Chosen on the dev notices (evaluate.py, task t1): see docs/decisions/0002-matching.md.
LEXICAL_WEIGHT = 0.05


def shipped_label_vectors(codes: list[str]) -> list[np.ndarray] | None:
    """The e5 vectors of the Swedish and English labels, built by tools/build_cpv_vectors.py."""
    data = resources.files("arena.matching") / "data"
    try:
        shipped = (data / "cpv_codes.txt").read_text(encoding="utf-8").split()
    except FileNotFoundError:
        return None
    if shipped != codes:
        return None  # another CPV file: the shipped vectors do not describe it
    vectors = []
    for language in ("sv", "en"):
        with (data / f"cpv_e5_{language}.npy").open("rb") as handle:
            vectors.append(np.load(handle).astype(np.float32))
    return vectors


class CpvClassifier:
    def __init__(
        self,
        entries: list[CpvEntry],
        *,
        embedder: Embedder | None = None,
        label_vectors: list[np.ndarray] | None = None,
        lexical_weight: float = LEXICAL_WEIGHT,
    ) -> None:
        self.embedder = embedder
        self.label_vectors = label_vectors
        self.lexical_weight = lexical_weight if embedder is not None else 1.0
        by_code = {e.code: e for e in entries}
        self.codes = [e.code for e in entries]
        self._parent_index = np.array(
            [self.codes.index(e.parent) if e.parent in by_code else -1 for e in entries]
        )
        # One index per label language, so each label is stemmed in its own language.
        self._indexes = []
        for language in ("sv", "en", "fi", "de"):
            documents = []
            for entry in entries:
                parent = by_code.get(entry.parent)
                text = entry.labels[language]
                if parent is not None:
                    text = f"{text} {parent.labels[language]}"
                documents.append(Document(entry.code, text, language))
            self._indexes.append((language, LexicalIndex(documents)))

    @classmethod
    def from_file(
        cls,
        path: Path | None = None,
        *,
        embedder: Embedder | None = None,
        lexical_weight: float = LEXICAL_WEIGHT,
    ) -> "CpvClassifier":
        entries = read_cpv(path or default_cpv_file())
        vectors = shipped_label_vectors([e.code for e in entries]) if embedder is not None else None
        return cls(
            entries,
            embedder=embedder if vectors is not None else None,
            label_vectors=vectors,
            lexical_weight=lexical_weight,
        )

    def lexical_scores(self, text: str, language: str | None) -> np.ndarray:
        total = np.zeros(len(self.codes), dtype=np.float32)
        for label_language, index in self._indexes:
            # The query is stemmed in its own language for its own labels, and in the labels'
            # language for the others (names of products are often shared across languages).
            query_language = (
                language if language and language[:2] == label_language else label_language
            )
            scores = index.scores(text, query_language)
            if scores.max() > 0:
                total += scores / scores.max()
        return total / len(self._indexes)

    def _propagate(self, scores: np.ndarray) -> np.ndarray:
        # A child's evidence counts for its parent too, so a vague text lands on the right branch.
        has_parent = self._parent_index >= 0
        np.maximum.at(scores, self._parent_index[has_parent], scores[has_parent] * 0.9)
        return scores

    def classify(self, text: str, language: str | None, k: int) -> list[tuple[str, float]]:
        return self.classify_many([text], [language], k)[0]

    def classify_many(
        self, texts: Sequence[str], languages: Sequence[str | None], k: int
    ) -> list[list[tuple[str, float]]]:
        semantic = None
        if self.embedder is not None and self.label_vectors is not None:
            queries = self.embedder.queries(list(texts))
            # Best of the Swedish and the English label of each code.
            semantic = np.max(
                np.stack([queries @ vectors.T for vectors in self.label_vectors]), axis=0
            )
        k = min(k, len(self.codes))
        results: list[list[tuple[str, float]]] = []
        for row, (text, language) in enumerate(zip(texts, languages, strict=True)):
            scores = self.lexical_weight * self.lexical_scores(text, language)
            if semantic is not None:
                scores = scores + semantic[row]
            elif not tokens(text, language) or scores.max() <= 0:
                results.append([])
                continue
            scores = self._propagate(scores)
            best = np.argpartition(-scores, k - 1)[:k]
            best = best[np.argsort(-scores[best], kind="stable")]
            results.append([(self.codes[i], float(scores[i])) for i in best if scores[i] > 0])
        return results


def iter_codes(entries: list[CpvEntry]) -> Iterator[str]:
    return (e.code for e in entries)
