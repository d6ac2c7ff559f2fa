"""Suggest CPV codes for a text in any EU language, from the CPV labels and their hierarchy alone.

Semantic evidence (e5): the text, as an e5 query, against every code's labels, embedded once
(tools/build_cpv_vectors.py, shipped as float16) in two forms: the Swedish and English labels as
passages with their parent's label, and the Swedish, English and German labels alone as
queries (short text against short text, which e5 matches best); per form, the best language. The
text's vector is the mean of its title's and of its whole text's: titles are dense, bodies add
what the title leaves out.

Lexical evidence: BM25 over the labels in Swedish, English, Finnish and German (each code's own
label plus its parent's), each stemmed in its own language.

Hierarchy: a code's score is smoothed with its ancestors' (halving weight per level up), and a
division is chosen on the evidence of all its codes (its best code and the mean of its ten best),
not on one lucky label; the best codes of the best divisions come first. The figures that chose
these parameters are in docs/decisions/0002-matching.md.
"""

import csv
from collections.abc import Sequence
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
LEXICAL_WEIGHT = 0.01
# How much an ancestor's label counts in a code's score, per level up.
ANCESTOR_WEIGHT = 0.5
# A division's score: DIVISION_MAX_SHARE × its best code + the rest × the mean of its best codes.
DIVISION_MAX_SHARE = 0.5
DIVISION_TOP_N = 10
# Codes rank by their own score plus this much of their division's: the division decides first.
DIVISION_WEIGHT = 10.0
# The shipped label vectors: (file stem, e5 form, label languages). See tools/build_cpv_vectors.py.
# German labels as queries lift German notices (division@1 0.49 → 0.59 on the dev notices): e5
# matches a text best against a label in its own language. Finnish labels changed nothing on the
# dev notices (5 Finnish ones) and would add 7 MB to the package, so they are left out.
LABEL_FORMS = (
    ("cpv_e5", "passage", ("sv", "en")),
    ("cpv_e5q", "query", ("sv", "en", "de")),
)


def shipped_label_vectors(codes: list[str]) -> list[list[np.ndarray]] | None:
    """Per label form, the e5 vectors of the labels in each of its languages, in `codes` order."""
    data = resources.files("arena.matching") / "data"
    try:
        shipped = (data / "cpv_codes.txt").read_text(encoding="utf-8").split()
    except FileNotFoundError:
        return None
    if shipped != codes:
        return None  # another CPV file: the shipped vectors do not describe it
    forms = []
    for stem, _, languages in LABEL_FORMS:
        vectors = []
        for language in languages:
            with (data / f"{stem}_{language}.npy").open("rb") as handle:
                vectors.append(np.load(handle).astype(np.float32))
        forms.append(vectors)
    return forms


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    unit: np.ndarray = vectors / np.maximum(norms, 1e-12)
    return unit


class CpvClassifier:
    def __init__(
        self,
        entries: list[CpvEntry],
        *,
        embedder: Embedder | None = None,
        label_vectors: list[list[np.ndarray]] | None = None,
        lexical_weight: float = LEXICAL_WEIGHT,
    ) -> None:
        if not entries:
            raise ValueError("the CPV classifier needs at least one code")
        self.embedder = embedder
        self.label_vectors = label_vectors
        self.lexical_weight = lexical_weight if embedder is not None else 1.0
        by_code = {e.code: e for e in entries}
        self.codes = [e.code for e in entries]
        position = {code: i for i, code in enumerate(self.codes)}
        self._parent_index = np.array([position.get(e.parent, -1) for e in entries])
        divisions = sorted({code[:2] for code in self.codes})
        self._divisions = [
            np.array([i for i, code in enumerate(self.codes) if code[:2] == division])
            for division in divisions
        ]
        self._division_of = np.zeros(len(self.codes), dtype=np.int64)
        for d, members in enumerate(self._divisions):
            self._division_of[members] = d
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

    def semantic_scores(self, titles: Sequence[str], texts: Sequence[str]) -> np.ndarray:
        """Per text, per code: the best language's cosine, averaged over the label forms."""
        assert self.embedder is not None
        assert self.label_vectors is not None
        whole = self.embedder.queries(
            [f"{t}\n{x}".strip() for t, x in zip(titles, texts, strict=True)]
        )
        heads = self.embedder.queries([t.strip() or x for t, x in zip(titles, texts, strict=True)])
        queries = _unit(whole + heads)
        total = np.zeros((len(titles), len(self.codes)), dtype=np.float32)
        for vectors in self.label_vectors:
            total += np.max(np.stack([queries @ v.T for v in vectors]), axis=0)
        return total / len(self.label_vectors)

    def _smooth(self, scores: np.ndarray) -> np.ndarray:
        # A code inherits part of its ancestors' evidence, so a label that matches by chance
        # in a branch the text has nothing to do with counts for less.
        total = scores.copy()
        weights = np.ones(len(self.codes), dtype=np.float32)
        ancestor = self._parent_index.copy()
        weight = 1.0
        while (ancestor >= 0).any():
            weight *= ANCESTOR_WEIGHT
            has = ancestor >= 0
            total[:, has] += weight * scores[:, ancestor[has]]
            weights[has] += weight
            ancestor = np.where(has, self._parent_index[np.maximum(ancestor, 0)], -1)
        smoothed: np.ndarray = total / weights
        return smoothed

    def _division_scores(self, scores: np.ndarray) -> np.ndarray:
        out = np.zeros((scores.shape[0], len(self._divisions)), dtype=np.float32)
        for d, members in enumerate(self._divisions):
            inside = scores[:, members]
            n = min(DIVISION_TOP_N, inside.shape[1])
            best = -np.partition(-inside, n - 1, axis=1)[:, :n]
            out[:, d] = DIVISION_MAX_SHARE * best.max(axis=1) + (
                1 - DIVISION_MAX_SHARE
            ) * best.mean(axis=1)
        return out

    def classify(self, text: str, language: str | None, k: int) -> list[tuple[str, float]]:
        return self.classify_many([text], [language], k)[0]

    def classify_many(
        self,
        texts: Sequence[str],
        languages: Sequence[str | None],
        k: int,
        *,
        titles: Sequence[str] | None = None,
    ) -> list[list[tuple[str, float]]]:
        """The k best codes per text, best first; `titles` (when known) weigh more than bodies."""
        titles = list(titles) if titles is not None else [""] * len(texts)
        whole = [f"{t}\n{x}".strip() for t, x in zip(titles, texts, strict=True)]
        semantic = None
        if self.embedder is not None and self.label_vectors is not None:
            semantic = self.semantic_scores(titles, texts)
        k = min(k, len(self.codes))
        rows = []
        empty = []
        for row, (text, language) in enumerate(zip(whole, languages, strict=True)):
            scores = self.lexical_weight * self.lexical_scores(text, language)
            if semantic is not None:
                scores = scores + semantic[row]
            elif not tokens(text, language) or scores.max() <= 0:
                empty.append(row)
            rows.append(scores)
        smoothed = self._smooth(np.stack(rows))
        # Codes rank first by their division's score, then by their own.
        ranked = smoothed + DIVISION_WEIGHT * self._division_scores(smoothed)[:, self._division_of]
        results: list[list[tuple[str, float]]] = []
        for row, scores in enumerate(ranked):
            if row in empty:
                results.append([])
                continue
            best = np.argpartition(-scores, k - 1)[:k]
            best = best[np.argsort(-scores[best], kind="stable")]
            results.append([(self.codes[i], float(scores[i])) for i in best if scores[i] > 0])
        return results
