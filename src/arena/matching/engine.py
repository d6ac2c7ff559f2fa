"""The product's matching engine: challenges, solutions, companies and notices, matched both ways.

`MatchEngine` keeps everything it needs in memory and is updated incrementally: `upsert` embeds
only texts whose vectors are not in the `VectorStore` yet, `remove` drops items; nothing is ever
rebuilt from scratch. A match of item A against the index fuses:

- semantic: e5 embeddings of both sides with the same "query: " prefix (e5's advice for symmetric
  tasks), each minus the mean vector of its language (raw e5 vectors cluster by language, which
  buries cross-lingual matches), cosine. The means are running sums, so they follow the index.
- titles: when both items have a title, the cosine of their titles' e5 vectors, centred the
  same way on the mean title of their language, for the best candidates by text (the pool). A
  title names what a text is about in a few words; translated titles land close together even
  where the texts were written apart.
- lexical: a symmetric BM25-style score — the sum over shared stems of idf × the two sides'
  saturated term frequencies, each side's frequencies scaled to unit length (so neither side is
  "the query"): lexical(a, b) == lexical(b, a).
- structured signals (signals.py): CPV branches, SDG targets, region, maturity, budget.
- feedback: thumbs up/down and meeting outcomes, id → value in [-1, 1], added to the score.

Scores are symmetric (score(a, b) == score(b, a) while the index does not change) except for the
feedback, which belongs to whoever asks. Not thread-safe: one engine per worker, or a lock.
"""

import math
from array import array
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Literal

import numpy as np

from arena.matching.embed import Embedder
from arena.matching.encoder import blas_threads
from arena.matching.lexicon import LANGUAGES, cpv_dictionary
from arena.matching.signals import (
    REASON_CODES,
    Item,
    Reason,
    budget_signal,
    cpv_signal,
    maturity_signal,
    region_signal,
    sdg_signal,
    sentences,
    surface_words,
    terms_reason,
    text_stems,
    translated_terms_reason,
)
from arena.matching.store import MemoryVectorStore, VectorStore, vector_key
from arena.matching.text import guess_language, normalise_language, tokens

__all__ = ["Item", "Match", "MatchEngine", "Reason", "Weights"]


@dataclass(frozen=True)
class Weights:
    """Fusion weights: score = Σ weight × signal, every signal in [0, 1] (the cosines of texts and
    of titles and the feedback in [-1, 1]).

    Text part, measured on SweCRIS (/work/shared/data/corpora/swecris_kth_dev.jsonl: the 869
    projects with both abstracts; Swedish title+abstract → the same project's English text among
    all 869 and back, as two kinds of items through this engine; `bench/matching.py --tune`,
    2026-11-22). Recall@1 sv→en / en→sv by lexical weight:
        0.0: 0.938 / 0.934   0.1: 0.938 / 0.934   0.2: 0.938 / 0.934   0.3: 0.938 / 0.934
        0.5: 0.937 / 0.934   1.0: 0.937 / 0.931   (Recall@10 0.993 throughout)
    Flat up to 0.5: across languages few stems are shared, so the lexical score neither helps nor
    hurts there, and it only starts to cost at 1.0. Within one language BM25 does help (0.3 was
    best in hybrid.py, docs/decisions/0002-matching.md); 0.2 keeps most of that without leaning
    on shared words in mixed-language matches. Not tuned on a same-language pair task yet.

    Structured part: there are no labelled pairs of challenges and solutions to tune on, so these
    are set by hand and kept small — together at most 0.21, less than the semantic gap between
    a good and a mediocre match (centred cosines of related texts run 0.3-0.6, of unrelated ones
    around 0), so they reorder near-ties and never lift an unrelated text over a related one.
    """

    # The reference signal; everything else is relative to it.
    semantic: float = 1.0
    # Titles against titles, same SweCRIS pairs with each project's title given as the items'
    # title (`bench/matching.py --tune`, 2026-12-06, lexical 0.2), Recall@1 sv→en / en→sv:
    #     title 0: 0.937 / 0.936   0.25: 0.979 / 0.979   0.5: 0.979 / 0.985
    #     0.75: 0.977 / 0.982      1.0: 0.977 / 0.980    (Recall@10 0.994 → 0.999-1.000)
    # Translated titles stay close where the abstracts were written apart; the same weight was
    # best for `arena match` (hybrid.TITLE_WEIGHT).
    title: float = 0.5
    # See the table above.
    lexical: float = 0.2
    # A shared CPV category (5 digits) is strong evidence the two are about the same market.
    cpv: float = 0.08
    # SDG targets are chosen loosely by users; half the weight of CPV.
    sdg: float = 0.04
    # Region and fit of maturity/budget decide whether a meeting is worth it, not the topic.
    region: float = 0.03
    maturity: float = 0.03
    budget: float = 0.03
    # One thumbs-up lifts a match by about the spread of a typical top 10; -1 sinks it as far.
    feedback: float = 0.15
    # Candidates (best text scores) that get titles, structured signals and feedback. The others
    # could climb past them only on a title alone, which is not enough evidence to surface an
    # item whose text ranks below the best 200 (Recall@10 0.999-1.000 on SweCRIS, above).
    pool: int = 200

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                raise ValueError(f"Weights.{f.name} must be a finite number >= 0, not {value!r}")
        if self.pool < 1:
            raise ValueError("Weights.pool must be at least 1")


@dataclass(frozen=True)
class Match:
    id: str
    kind: str
    score: float
    rank: int
    reasons: tuple[Reason, ...]


# A centred title cosine from which "titles close in meaning" is given as a reason. SweCRIS
# projects' Swedish and English titles (translations): median 0.64, a quarter below 0.53; titles
# of unrelated projects: 99th percentile 0.22, 99.9th 0.53.
TITLE_REASON_MIN = 0.5
# Pseudo-documents pulling a language's mean towards the overall mean (and that towards zero): a
# language with three documents must not have them centred onto each other.
MEAN_PRIOR = 10.0
# BM25's term-frequency saturation.
K1 = 1.2
_ROW_BITS = 8  # postings pack (row << 8) | min(tf, 255) into one uint32


def _saturate(tf: np.ndarray) -> np.ndarray:
    result: np.ndarray = tf * (K1 + 1.0) / (tf + K1)
    return result


def _stem_counts(text: str, language: str) -> Counter[str]:
    """Stem frequencies, capped at 255 as in the postings (beyond that saturation is flat)."""
    return Counter({s: min(c, 255) for s, c in Counter(tokens(text, language)).items()})


def _saturate_one(tf: int) -> float:
    return tf * (K1 + 1.0) / (tf + K1)


class MatchEngine:
    def __init__(
        self,
        embedder: Embedder,
        *,
        store: VectorStore | None = None,
        weights: Weights | None = None,
        passages: Literal["auto", "lexical", "semantic"] = "auto",
    ) -> None:
        """`passages` picks how the "passage" reason finds the best sentence of a match: by shared
        stems ("lexical", fast, same language only), by sentence embeddings cached in the store
        ("semantic", works across languages, costs an embedding of the match's sentences the first
        time), or lexical when the two share a language and stems, else semantic ("auto").
        Semantic passages put the sentences' vectors in the store, so `match` can write to it."""
        if passages not in ("auto", "lexical", "semantic"):
            raise ValueError(f"passages must be 'auto', 'lexical' or 'semantic', not {passages!r}")
        self.embedder = embedder
        self.store: VectorStore = store if store is not None else MemoryVectorStore()
        self.weights = weights or Weights()
        self.passages = passages
        self.model = str(getattr(embedder, "name", type(embedder).__name__))
        self.dim = int(embedder.dim)
        self._rows: dict[str, int] = {}
        self._items: list[Item | None] = []
        self._vectors = np.zeros((0, self.dim), dtype=np.float32)
        self._kind_codes: dict[str, int] = {}
        self._kind = np.zeros(0, dtype=np.int32)  # -1 = removed row
        self._language_codes: dict[str, int] = {}
        self._language = np.zeros(0, dtype=np.int32)
        self._sums: list[np.ndarray] = []  # per language code, float64
        self._counts: list[int] = []
        self._total = np.zeros(self.dim, dtype=np.float64)
        # Titles: raw unit vectors (a zero row where an item has none) and per-language sums.
        self._titles = np.zeros((0, self.dim), dtype=np.float32)
        self._title_sums: list[np.ndarray] = []
        self._title_counts: list[int] = []
        self._title_total = np.zeros(self.dim, dtype=np.float64)
        self._postings: dict[str, array[int]] = {}
        self._df: Counter[str] = Counter()
        self._inverse_norm = np.zeros(0, dtype=np.float32)
        self._dead = 0
        # Bumped by every change to the index; |v - μ| per row is kept for the version it was
        # computed for (see `_semantic`).
        self._version = 0
        self._norms_version = -1
        self._norms = np.zeros(0, dtype=np.float32)

    # --- index maintenance ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._rows

    def _language_of(self, item: Item) -> str:
        return normalise_language(item.language) or guess_language(item.full_text)

    def _embed(self, texts: Sequence[str]) -> list[np.ndarray]:
        """Vectors of texts (e5 "query: " side), from the store or embedded and stored."""
        keys = [vector_key(self.model, "query", t) for t in texts]
        found = self.store.get_many(list(dict.fromkeys(keys)))
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in found))
        if missing:
            vectors = np.asarray(self.embedder.queries(missing), dtype=np.float32)
            if vectors.shape != (len(missing), self.dim):
                raise ValueError(
                    f"embedder returned shape {vectors.shape}, expected ({len(missing)}, {self.dim})"
                )
            new = {
                vector_key(self.model, "query", t): v for t, v in zip(missing, vectors, strict=True)
            }
            self.store.put_many(new)
            found.update(new)
        out = []
        for key in keys:
            vector = np.asarray(found[key], dtype=np.float32)
            if vector.shape != (self.dim,):
                raise ValueError(f"stored vector {key} has shape {vector.shape}, not ({self.dim},)")
            out.append(vector / max(float(np.linalg.norm(vector)), 1e-12))
        return out

    def upsert(self, items: Sequence[Item]) -> None:
        """Add or replace items; only texts without a stored vector are embedded."""
        latest: dict[str, Item] = {}
        for item in items:
            if not isinstance(item, Item):
                raise TypeError(f"upsert takes Item objects, not {type(item).__name__}")
            latest[item.id] = item
        changed = [
            item
            for item in latest.values()
            if item.id not in self._rows or self._items[self._rows[item.id]] != item
        ]
        if not changed:
            return
        vectors = self._embed([item.full_text for item in changed])
        titled = [item.title for item in changed if item.title.strip()]
        title_vectors = iter(self._embed(titled))
        self.remove([item.id for item in changed if item.id in self._rows])
        self._version += 1
        start = len(self._items)
        self._grow(start + len(changed))
        for offset, (item, vector) in enumerate(zip(changed, vectors, strict=True)):
            row = start + offset
            self._rows[item.id] = row
            self._items.append(item)
            self._vectors[row] = vector
            self._kind[row] = self._kind_codes.setdefault(item.kind, len(self._kind_codes))
            language = self._language_code(self._language_of(item))
            self._language[row] = language
            self._sums[language] += vector
            self._counts[language] += 1
            self._total += vector
            if item.title.strip():
                title = next(title_vectors)
                self._titles[row] = title
                self._title_sums[language] += title
                self._title_counts[language] += 1
                self._title_total += title
            self._index_terms(row, item)

    def remove(self, ids: Sequence[str]) -> None:
        """Drop items by id; unknown ids are ignored (the caller may remove before adding)."""
        if isinstance(ids, str):
            raise TypeError("remove takes a sequence of ids, not one string")
        for item_id in ids:
            row = self._rows.pop(item_id, None)
            if row is None:
                continue
            item = self._items[row]
            assert item is not None
            vector = self._vectors[row].astype(np.float64)
            language = int(self._language[row])
            self._sums[language] -= vector
            self._counts[language] -= 1
            self._total -= vector
            if item.title.strip():
                title = self._titles[row].astype(np.float64)
                self._title_sums[language] -= title
                self._title_counts[language] -= 1
                self._title_total -= title
                self._titles[row] = 0.0
            self._df.subtract(set(self._stems(item)))
            self._items[row] = None
            self._kind[row] = -1
            self._dead += 1
            self._version += 1
        if self._dead > 1000 and self._dead > len(self._rows) // 4:
            self._compact()

    def _language_code(self, language: str) -> int:
        code = self._language_codes.setdefault(language, len(self._language_codes))
        if code == len(self._sums):
            self._sums.append(np.zeros(self.dim, dtype=np.float64))
            self._counts.append(0)
            self._title_sums.append(np.zeros(self.dim, dtype=np.float64))
            self._title_counts.append(0)
        return code

    def _grow(self, rows: int) -> None:
        capacity = self._vectors.shape[0]
        if rows <= capacity:
            return
        capacity = max(rows, capacity + capacity // 4, 64)  # 1.25×: at 100k rows, 77 MB spare
        for matrix in ("_vectors", "_titles"):
            grown = np.zeros((capacity, self.dim), dtype=np.float32)
            grown[: len(self._items)] = getattr(self, matrix)[: len(self._items)]
            setattr(self, matrix, grown)
        for name in ("_kind", "_language", "_inverse_norm"):
            old = getattr(self, name)
            new = np.zeros(capacity, dtype=old.dtype)
            new[: len(self._items)] = old[: len(self._items)]
            setattr(self, name, new)

    def _stems(self, item: Item) -> Counter[str]:
        return _stem_counts(item.full_text, self._language_of(item))

    def _index_terms(self, row: int, item: Item) -> None:
        counts = self._stems(item)
        if row >= 1 << (32 - _ROW_BITS):
            raise OverflowError("the lexical index holds at most 16.7 million rows")
        tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        norm = float(np.linalg.norm(_saturate(tf))) if len(tf) else 0.0
        self._inverse_norm[row] = 1.0 / norm if norm else 0.0
        for stem, count in counts.items():
            postings = self._postings.get(stem)
            if postings is None:
                postings = self._postings[stem] = array("I")
            postings.append((row << _ROW_BITS) | count)
        self._df.update(counts.keys())

    def _compact(self) -> None:
        """Drop removed rows (rare: once a quarter of the rows are dead)."""
        alive = np.flatnonzero(self._kind[: len(self._items)] >= 0)
        remap = np.full(len(self._items), -1, dtype=np.int64)
        remap[alive] = np.arange(len(alive))
        self._vectors = np.ascontiguousarray(self._vectors[alive])
        self._titles = np.ascontiguousarray(self._titles[alive])
        self._kind = self._kind[alive]
        self._language = self._language[alive]
        self._inverse_norm = self._inverse_norm[alive]
        self._items = [self._items[i] for i in alive]
        self._rows = {item.id: row for row, item in enumerate(self._items) if item is not None}
        for stem in list(self._postings):
            packed = np.frombuffer(self._postings[stem], dtype=np.uint32)
            rows = remap[packed >> _ROW_BITS]
            keep = rows >= 0
            if not keep.any():
                del self._postings[stem]
                self._df.pop(stem, None)
                continue
            repacked = (rows[keep].astype(np.uint32) << _ROW_BITS) | (packed[keep] & 0xFF)
            self._postings[stem] = array("I", repacked.tobytes())
        self._dead = 0

    # --- scoring ---------------------------------------------------------------------------------------

    def _means(self, *, titles: bool = False) -> np.ndarray:
        """Per-language mean vectors (rows by language code), shrunk towards the overall mean;
        of the texts, or of the titles."""
        sum_list, count_list = (
            (self._title_sums, self._title_counts) if titles else (self._sums, self._counts)
        )
        overall = self._overall_mean(titles=titles)
        if not sum_list:
            return np.zeros((0, self.dim), dtype=np.float32)
        sums = np.stack(sum_list)
        counts = np.asarray(count_list, dtype=np.float64)[:, None]
        means: np.ndarray = ((sums + MEAN_PRIOR * overall) / (counts + MEAN_PRIOR)).astype(
            np.float32
        )
        return means

    def _query_vector(self, item: Item) -> np.ndarray:
        row = self._rows.get(item.id)
        indexed = self._items[row] if row is not None else None
        if row is not None and indexed is not None and indexed.full_text == item.full_text:
            vector: np.ndarray = self._vectors[row]
            return vector
        return self._embed([item.full_text])[0]

    def _title_scores(self, item: Item, language: str, rows: Collection[int]) -> dict[int, float]:
        """Centred cosine of the item's title with each titled row's (rows without a title and
        items without one get none)."""
        if not item.title.strip() or not any(self._title_counts) or not rows:
            return {}
        row = self._rows.get(item.id)
        indexed = self._items[row] if row is not None else None
        if row is not None and indexed is not None and indexed.title == item.title:
            vector: np.ndarray = self._titles[row]
        else:
            vector = self._embed([item.title])[0]
        means = self._means(titles=True)
        query = self._centred(vector, language, means, titles=True)
        picked = np.fromiter(rows, dtype=np.int64, count=len(rows))
        picked = picked[np.any(self._titles[picked] != 0, axis=1)]
        if not len(picked):
            return {}
        centred = self._titles[picked] - means[self._language[picked]]
        centred /= np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), 1e-12)
        return dict(zip(picked.tolist(), (centred @ query).tolist(), strict=True))

    def _centred(
        self, vector: np.ndarray, language: str, means: np.ndarray, *, titles: bool = False
    ) -> np.ndarray:
        centred = vector - self._centred_mean(language, means, titles=titles)
        result: np.ndarray = centred / max(float(np.linalg.norm(centred)), 1e-12)
        return result

    def _semantic(self, query: np.ndarray, means: np.ndarray) -> np.ndarray:
        """Cosine of the centred query with every centred row, in one pass over the vectors.

        cos(q, v - μ) = (q·v - q·μ) / |v - μ|: one matrix-vector product per match. The norms
        |v - μ| depend on the index alone and are kept until it changes; a product with [q, μ_1,
        ..., μ_L] per match instead costs 2.4 times the time (OpenBLAS is slow at a few columns).
        """
        n = len(self._items)
        # One thread is as fast for these products, and a second one waiting for a core on a
        # busy machine made them 10-50 times slower in the benchmark.
        with blas_threads(1):
            products = self._vectors[:n] @ query
            norms = self._centred_norms(means)
        result: np.ndarray = (products - (means @ query)[self._language[:n]]) / norms
        return result

    def _centred_norms(self, means: np.ndarray) -> np.ndarray:
        """|v - μ| of every row, μ its language's mean: 1 - 2 v·μ + |μ|² for unit v."""
        if self._norms_version != self._version:
            version = self._version  # another thread may change the index meanwhile
            n = len(self._items)
            language = self._language[:n]
            v_mu = np.take_along_axis(self._vectors[:n] @ means.T, language[:, None], axis=1)[:, 0]
            mu_sq = (means * means).sum(axis=1)[language]
            self._norms = np.sqrt(np.maximum(1.0 - 2.0 * v_mu + mu_sq, 1e-12)).astype(np.float32)
            self._norms_version = version
        return self._norms

    def _idf(self, stem: str) -> float:
        """BM25's idf scaled by its largest possible value, so lexical scores stay within [0, 1]."""
        n = len(self._rows)
        df = self._df.get(stem, 0)
        return math.log1p((n - df + 0.5) / (df + 0.5)) / math.log1p((n + 0.5) / 0.5)

    def _lexical(self, stems: Counter[str]) -> tuple[np.ndarray, dict[str, float]]:
        scores = np.zeros(len(self._items), dtype=np.float32)
        known = {s: c for s, c in stems.items() if s in self._postings and self._df.get(s, 0) > 0}
        if not known:
            return scores, {}
        tf = np.fromiter(stems.values(), dtype=np.float32, count=len(stems))
        query_norm = float(np.linalg.norm(_saturate(tf)))
        weights: dict[str, float] = {}
        for stem, count in known.items():
            weight = self._idf(stem) * _saturate_one(count) / query_norm
            packed = np.frombuffer(self._postings[stem], dtype=np.uint32)
            rows = packed >> _ROW_BITS
            scores[rows] += weight * _saturate((packed & 0xFF).astype(np.float32))
            weights[stem] = weight
        scores *= self._inverse_norm[: len(self._items)]
        return scores, weights

    def match(
        self,
        item: Item,
        *,
        kinds: Collection[str],
        k: int = 20,
        feedback: Mapping[str, float] | None = None,
        exclude: Collection[str] = (),
    ) -> list[Match]:
        """The k best indexed items of the given kinds for `item` (which need not be indexed)."""
        if not isinstance(item, Item):
            raise TypeError(f"match takes an Item, not {type(item).__name__}")
        if isinstance(kinds, str) or not kinds or not all(isinstance(x, str) for x in kinds):
            raise TypeError('kinds must be a non-empty collection of kind names, e.g. {"solution"}')
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise ValueError(f"k must be a positive integer, not {k!r}")
        feedback = dict(feedback or {})
        for key, value in feedback.items():
            if not isinstance(value, int | float) or not -1.0 <= value <= 1.0:
                raise ValueError(f"feedback for {key!r} must be a number in [-1, 1], not {value!r}")
        n = len(self._items)
        codes = [self._kind_codes[x] for x in kinds if x in self._kind_codes]
        if not n or not codes:
            return []
        candidate = np.isin(self._kind[:n], codes)
        for excluded in (*exclude, item.id):
            row = self._rows.get(excluded)
            if row is not None:
                candidate[row] = False
        total = int(candidate.sum())
        if not total:
            return []

        language = self._language_of(item)
        means = self._means()
        query = self._centred(self._query_vector(item), language, means)
        semantic = self._semantic(query, means)
        stems = _stem_counts(item.full_text, language)
        lexical, stem_weights = self._lexical(stems)
        w = self.weights
        text = np.where(candidate, w.semantic * semantic + w.lexical * lexical, -np.inf)

        pool = min(w.pool, total)
        rows = set(np.argpartition(-text, pool - 1)[:pool].tolist())
        rows.update(self._rows[i] for i in feedback if i in self._rows and candidate[self._rows[i]])
        titles = self._title_scores(item, language, rows) if w.title else {}
        scored: list[tuple[float, int, list[Reason]]] = []
        for row in rows:
            other = self._items[row]
            assert other is not None
            score = float(text[row]) + w.title * titles.get(row, 0.0)
            reasons: list[Reason] = []
            if titles.get(row, 0.0) >= TITLE_REASON_MIN:
                reasons.append(Reason("title", {}))
            for weight, (value, reason) in (
                (w.cpv, cpv_signal(item.cpv, other.cpv)),
                (w.sdg, sdg_signal(item.sdg, other.sdg)),
                (w.region, region_signal(item.regions, other.regions)),
                (w.maturity, maturity_signal(item, other)),
                (w.budget, budget_signal(item, other)),
            ):
                score += weight * value
                if reason is not None and value > 0:
                    reasons.append(reason)
            if other.id in feedback:
                score += w.feedback * float(feedback[other.id])
                reasons.append(Reason("feedback", {"value": float(feedback[other.id])}))
            scored.append((score, row, reasons))
        # Ties by id keep the order stable from one call to the next.
        scored.sort(key=lambda s: (-s[0], self._items[s[1]].id))  # type: ignore[union-attr]
        best = scored[:k]

        candidates_semantic = np.sort(semantic[candidate])  # ranks by binary search
        translations: dict[str, _Translations] = {}  # by the match's language, filled on demand
        results = []
        for rank, (score, row, reasons) in enumerate(best, start=1):
            other = self._items[row]
            assert other is not None
            semantic_rank = (
                1 + total - int(np.searchsorted(candidates_semantic, semantic[row], side="right"))
            )
            text_reasons = self._text_reasons(
                item, language, query, stems, stem_weights, other, row, means, translations
            )
            ordered = sorted(
                [*reasons, *text_reasons, Reason("semantic", {"rank": semantic_rank, "of": total})],
                key=lambda r: _REASON_ORDER[r.code],
            )
            results.append(Match(other.id, other.kind, round(score, 6), rank, tuple(ordered)))
        return results

    # --- explanations ----------------------------------------------------------------------------------

    def _text_reasons(
        self,
        item: Item,
        language: str,
        query: np.ndarray,
        stems: Counter[str],
        stem_weights: Mapping[str, float],
        other: Item,
        row: int,
        means: np.ndarray,
        translations: dict[str, "_Translations"],
    ) -> list[Reason]:
        other_language = self._language_of(other)
        other_stems = text_stems(other.full_text, other_language)
        shared = {
            stem: weight * _saturate_one(other_stems[stem])
            for stem, weight in stem_weights.items()
            if stem in other_stems
        }
        reasons: list[Reason] = []
        terms = terms_reason(shared, other.full_text, other_language)
        if terms is not None:
            reasons.append(terms)
        if language != other_language and {language, other_language} <= set(LANGUAGES):
            # Across Swedish and English few stems are shared; words that translate each other
            # (the CPV labels' dictionary, lexicon.py) say what the texts have in common instead.
            found = translations.get(other_language)
            if found is None:  # once per match and language: the asker's side of every pair
                found = translations[other_language] = _translations(
                    item, language, stems, other_language
                )
            targets, ours = found
            pairs = {
                (stem, target): self._idf(target)
                * _saturate_one(stems[stem])
                * _saturate_one(other_stems[target])
                for stem, options in targets.items()
                for target in options
                if target in other_stems and target not in shared  # shared: "terms" shows it
            }
            translated = translated_terms_reason(pairs, ours, other.full_text, other_language)
            if translated is not None:
                reasons.append(translated)
        passage = self._passage(item, language, query, shared, other, other_language, means)
        if passage is not None:
            reasons.append(Reason("passage", {"text": passage}))
        return reasons

    def _passage(
        self,
        item: Item,
        language: str,
        query: np.ndarray,
        shared: Mapping[str, float],
        other: Item,
        other_language: str,
        means: np.ndarray,
    ) -> str | None:
        candidates = sentences(other.text or other.title)
        if not candidates:
            return None
        lexical = self.passages == "lexical" or (
            self.passages == "auto" and language == other_language and shared
        )
        if lexical:
            best_score, best = 0.0, None
            for sentence in candidates:
                score = sum(shared.get(s, 0.0) for s in text_stems(sentence, other_language))
                if score > best_score:
                    best_score, best = score, sentence
            return best
        vectors = np.stack(self._embed(candidates))
        centred = vectors - self._centred_mean(other_language, means)
        centred /= np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), 1e-12)
        return candidates[int(np.argmax(centred @ query))]

    def _centred_mean(
        self, language: str, means: np.ndarray, *, titles: bool = False
    ) -> np.ndarray:
        code = self._language_codes.get(language)
        if code is not None:
            mean: np.ndarray = means[code]
            return mean
        return self._overall_mean(titles=titles).astype(np.float32)

    def _overall_mean(self, *, titles: bool) -> np.ndarray:
        """The mean of all texts (or titles), shrunk towards zero (MEAN_PRIOR)."""
        if titles:
            return self._title_total / (sum(self._title_counts) + MEAN_PRIOR)
        return self._total / (len(self._rows) + MEAN_PRIOR)


_REASON_ORDER = {code: i for i, code in enumerate(REASON_CODES)}

# The asker's stems with their translations into one language, and the asker's words for them.
_Translations = tuple[dict[str, tuple[str, ...]], dict[str, str]]


def _translations(item: Item, language: str, stems: Counter[str], target: str) -> _Translations:
    dictionary = cpv_dictionary()[language, target]
    # A stem spelt the same in both languages (energi, textil) is a shared word, not a translation.
    targets = {
        stem: options
        for stem in stems
        if (options := tuple(t for t in dictionary.get(stem, ()) if t != stem))
    }
    return targets, surface_words(item.full_text, language, set(targets))
