"""Suggest CPV codes for a text in any EU language, from the CPV labels and their hierarchy alone.

Each code is a document made of its own labels (Swedish, English, Finnish, German) and, with less
weight through repetition, its parent's labels, so a text that names the branch still finds it.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

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


class CpvClassifier:
    def __init__(self, entries: list[CpvEntry]) -> None:
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
    def from_file(cls, path: Path | None = None) -> "CpvClassifier":
        return cls(read_cpv(path or default_cpv_file()))

    def scores(self, text: str, language: str | None) -> np.ndarray:
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
        # A child's evidence counts for its parent too, so a vague text lands on the right branch.
        has_parent = self._parent_index >= 0
        np.maximum.at(total, self._parent_index[has_parent], total[has_parent] * 0.9)
        return total

    def classify(self, text: str, language: str | None, k: int) -> list[tuple[str, float]]:
        scores = self.scores(text, language)
        if not tokens(text, language) or scores.max() <= 0:
            return []
        k = min(k, len(self.codes))
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(self.codes[i], float(scores[i])) for i in best if scores[i] > 0]


def iter_codes(entries: list[CpvEntry]) -> Iterator[str]:
    return (e.code for e in entries)
