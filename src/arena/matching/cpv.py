"""Suggest CPV codes for a text in any EU language, from the CPV labels and their hierarchy alone.

Semantic evidence (e5): the text, as an e5 query, against every code's labels, embedded once
(tools/build_cpv_vectors.py, shipped as float16) in two forms: the Swedish and English labels as
passages with their parent's label, and the Swedish, English and German labels alone as
queries (short text against short text, which e5 matches best); per form, the best language. The
text's vector is the mean of its title's and of its whole text's: titles are dense, bodies add
what the title leaves out.

Lexical evidence: BM25 over the labels in Swedish, English, Finnish and German (each code's own
label plus its parent's), each stemmed in its own language.

Labelled examples: texts whose codes are known (the platform's notices; the TED sample Arena ships,
`cpv_examples.npz`, built by tools/build_cpv_examples.py) as evidence per CPV group: the text's
vector against the mean of each group's examples, both centred on their language's examples. An
example identical to the text being classified is left out, with every other form of its notice:
a text is not evidence about itself.

Hierarchy: a code's score is smoothed with its ancestors' (halving weight per level up), and a
division is chosen on the evidence of all its codes (its best code and the mean of its ten best),
not on one lucky label; the best codes of the best divisions come first. The figures that chose
these parameters are in docs/decisions/0002-matching.md.
"""

import csv
import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
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
# How much a CPV group's labelled examples count, added to each of its codes' smoothed scores
# (the cosine of the text's vector with the mean of the group's examples). Groups rather than
# divisions or classes: on the dev notices, left out one notice at a time, groups at 0.03 / 0.05 /
# 0.07 gave division@1 0.549 / 0.585 / 0.588 over all languages (0.509 without), divisions alone
# at 0.05-0.2 at most 0.561, classes beside groups no more; English + Swedish 0.513-0.538 (language
# means from 5 examples). With 20 (below): 0.03 / 0.05 / 0.07 / 0.1 give 0.558 / 0.598 / 0.598 /
# 0.573, English + Swedish 0.513 / 0.538 / 0.538 / 0.487.
EXAMPLE_WEIGHT = 0.05
# Examples cluster by language, as queries do: each is centred on the mean of its language's
# examples when there are at least this many, otherwise on the mean of all examples. The mean of a
# few examples is the mean of their subjects more than of their language (the shipped Swedish forms
# are 7): at 5 / 10 / 20 / 40 / never, division@1 over all dev notices 0.588 / 0.598 / 0.598 / 0.591
# / 0.582, group@1 0.351 / 0.366 / 0.369 / 0.360 / 0.341.
MIN_LANGUAGE_EXAMPLES = 20
EXAMPLES_FILE = "cpv_examples.npz"


def example_key(title: str, text: str) -> str:
    """Identifies a text whatever its spacing and case: the same notice read again."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(" ".join(f"{title}\n{text}".split()).casefold().encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _language(language: str | None) -> str:
    return (language or "")[:2].lower()


def notice_example_text(description: str, lots: Sequence[tuple[str, str]]) -> str:
    """A notice read as an example: its description, then its lots' titles and descriptions, each
    part once, spaces collapsed (as tools/build_cpv_examples.py and the evaluator read notices)."""
    parts: list[str] = []
    for part in (description, *(piece for lot in lots for piece in lot)):
        cleaned = " ".join((part or "").split())
        if cleaned and cleaned not in parts:
            parts.append(cleaned)
    return "\n".join(parts)


@dataclass(frozen=True)
class CpvExamples:
    """Texts whose main CPV code is known, as vectors of the classifier's query form.

    `sources` numbers the notices: the forms of one notice share one. `row_keys` holds each form's
    `example_key`; `keys` maps a key to its sources (two notices may have the same text).
    """

    vectors: np.ndarray
    languages: tuple[str, ...]
    codes: tuple[str, ...]
    sources: np.ndarray
    row_keys: tuple[str, ...]
    keys: dict[str, frozenset[int]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        keys: dict[str, set[int]] = {}
        for key, source in zip(self.row_keys, self.sources, strict=True):
            keys.setdefault(key, set()).add(int(source))
        object.__setattr__(self, "keys", {k: frozenset(v) for k, v in keys.items()})

    def __len__(self) -> int:
        return len(self.codes)

    def joined(self, other: "CpvExamples") -> "CpvExamples":
        """Both sets in one; the other's sources renumbered after this one's."""
        offset = int(self.sources.max()) + 1 if len(self) else 0
        return CpvExamples(
            vectors=np.concatenate([self.vectors, other.vectors]),
            languages=self.languages + other.languages,
            codes=self.codes + other.codes,
            sources=np.concatenate([self.sources, other.sources + offset]),
            row_keys=self.row_keys + other.row_keys,
        )


def shipped_examples() -> CpvExamples | None:
    """The labelled notices Arena ships (tools/build_cpv_examples.py), or None without the file."""
    data = resources.files("arena.matching") / "data"
    try:
        with (data / EXAMPLES_FILE).open("rb") as handle, np.load(handle) as stored:
            return CpvExamples(
                vectors=_unit(stored["vectors"].astype(np.float32)),
                languages=tuple(str(x) for x in stored["languages"]),
                codes=tuple(str(x) for x in stored["codes"]),
                sources=stored["sources"].astype(np.int64),
                row_keys=tuple(str(x) for x in stored["keys"]),
            )
    except FileNotFoundError:
        return None


@functools.cache
def shipped_example_keys() -> frozenset[str]:
    """The `example_key`s of the shipped forms: a text among them is an example already."""
    shipped = shipped_examples()
    return frozenset(shipped.keys) if shipped is not None else frozenset()


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


def text_vectors(embedder: Embedder, titles: Sequence[str], texts: Sequence[str]) -> np.ndarray:
    """The classifier's vectors of texts: title+text and the title alone (the text when there is
    no title) as e5 queries, summed, unit length. Labelled examples are read the same way."""
    whole = embedder.queries([f"{t}\n{x}".strip() for t, x in zip(titles, texts, strict=True)])
    heads = embedder.queries([t.strip() or x for t, x in zip(titles, texts, strict=True)])
    return _unit(whole + heads)


@dataclass
class _ExampleIndex:
    """Examples as the classifier reads them: the rows whose group the CPV file has, each row's
    group, and the directions of all of them once computed."""

    examples: CpvExamples
    rows: np.ndarray
    groups: np.ndarray
    all_prototypes: tuple[dict[str, np.ndarray], np.ndarray] | None = None


class CpvClassifier:
    def __init__(
        self,
        entries: list[CpvEntry],
        *,
        embedder: Embedder | None = None,
        label_vectors: list[list[np.ndarray]] | None = None,
        lexical_weight: float = LEXICAL_WEIGHT,
        examples: CpvExamples | None = None,
        example_weight: float = EXAMPLE_WEIGHT,
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
        groups = {group: i for i, group in enumerate(sorted({code[:3] for code in self.codes}))}
        self._group_of = np.array([groups[code[:3]] for code in self.codes])
        self._group_count = len(groups)
        self._groups = groups
        self._examples: _ExampleIndex | None = None
        self.example_weight = example_weight
        self.use_examples(examples)
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

    @property
    def examples(self) -> CpvExamples | None:
        return self._examples.examples if self._examples is not None else None

    def use_examples(self, examples: CpvExamples | None) -> None:
        """Read these examples from now on (None: none). Without an embedder, or with vectors of
        another size, examples are not read; examples of groups this CPV file lacks are left out.
        The new set replaces the old in one assignment, so a classifier shared by threads never
        reads half of each."""
        if (
            examples is None
            or self.embedder is None
            or examples.vectors.shape[1:] != (self.embedder.dim,)
        ):
            self._examples = None
            return
        # Examples of codes this CPV file does not have say nothing about its groups.
        known = np.array([code[:3] in self._groups for code in examples.codes], dtype=bool)
        rows = np.flatnonzero(known)
        groups = np.array([self._groups[examples.codes[i][:3]] for i in rows], dtype=np.int64)
        self._examples = _ExampleIndex(examples, rows, groups) if len(rows) else None

    @classmethod
    def from_file(
        cls,
        path: Path | None = None,
        *,
        embedder: Embedder | None = None,
        lexical_weight: float = LEXICAL_WEIGHT,
        use_examples: bool = True,
    ) -> "CpvClassifier":
        """The classifier over a CPV file; with an embedder, the shipped label vectors and, when
        `use_examples`, the shipped labelled notices."""
        entries = read_cpv(path or default_cpv_file())
        vectors = shipped_label_vectors([e.code for e in entries]) if embedder is not None else None
        return cls(
            entries,
            embedder=embedder if vectors is not None else None,
            label_vectors=vectors,
            lexical_weight=lexical_weight,
            examples=shipped_examples() if use_examples and vectors is not None else None,
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

    def query_vectors(self, titles: Sequence[str], texts: Sequence[str]) -> np.ndarray:
        assert self.embedder is not None
        return text_vectors(self.embedder, titles, texts)

    def semantic_scores(self, queries: np.ndarray) -> np.ndarray:
        """Per text vector, per code: the best language's cosine, averaged over the label forms."""
        assert self.label_vectors is not None
        total = np.zeros((len(queries), len(self.codes)), dtype=np.float32)
        for vectors in self.label_vectors:
            total += np.max(np.stack([queries @ v.T for v in vectors]), axis=0)
        return total / len(self.label_vectors)

    def _prototypes(
        self, index: _ExampleIndex, left_out: frozenset[int]
    ) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Without the examples of the sources `left_out`: the centring means by language ("" for
        all) and each CPV group's mean example direction (zero for groups without examples)."""
        if not left_out and index.all_prototypes is not None:
            return index.all_prototypes  # computed at most twice when threads race: no lock needed
        examples = index.examples
        keep = ~np.isin(examples.sources[index.rows], list(left_out))
        rows, groups = index.rows[keep], index.groups[keep]
        vectors = examples.vectors[rows]
        languages = np.array([_language(examples.languages[i]) for i in rows], dtype=object)
        means = {"": vectors.mean(axis=0) if len(rows) else np.zeros(vectors.shape[1])}
        centred = vectors - means[""]
        for language in set(languages):
            inside = languages == language
            if language and inside.sum() >= MIN_LANGUAGE_EXAMPLES:
                means[language] = vectors[inside].mean(axis=0)
                centred[inside] = vectors[inside] - means[language]
        sums = np.zeros((self._group_count, vectors.shape[1]), dtype=np.float32)
        np.add.at(sums, groups, _unit(centred))
        result = (means, _unit(sums))
        if not left_out:  # a text identical to an example is rare: only the whole set is kept
            index.all_prototypes = result
        return result

    def example_scores(
        self,
        queries: np.ndarray,
        languages: Sequence[str | None],
        left_out: Sequence[frozenset[int]],
    ) -> np.ndarray:
        """Per text vector, per CPV group: the cosine with the group's examples' mean direction,
        both centred on their language's examples; `left_out`: per text, the sources to leave out."""
        return self._example_scores(self._examples, queries, languages, left_out)

    def _example_scores(
        self,
        index: _ExampleIndex | None,
        queries: np.ndarray,
        languages: Sequence[str | None],
        left_out: Sequence[frozenset[int]],
    ) -> np.ndarray:
        out = np.zeros((len(queries), self._group_count), dtype=np.float32)
        if index is None:
            return out
        for row, (query, language, sources) in enumerate(
            zip(queries, languages, left_out, strict=True)
        ):
            means, prototypes = self._prototypes(index, sources)
            centred = query - means.get(_language(language), means[""])
            out[row] = prototypes @ _unit(centred)
        return out

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
        semantic = queries = None
        if self.embedder is not None and self.label_vectors is not None:
            queries = self.query_vectors(titles, texts)
            semantic = self.semantic_scores(queries)
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
        index = self._examples  # one set for the whole call, whatever use_examples does meanwhile
        if queries is not None and index is not None:
            keys = index.examples.keys
            left_out = [
                keys.get(example_key(t, x), frozenset()) for t, x in zip(titles, texts, strict=True)
            ]
            by_group = self._example_scores(index, queries, languages, left_out)
            smoothed += self.example_weight * by_group[:, self._group_of]
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
