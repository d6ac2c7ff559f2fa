"""Lexical + semantic retrieval fused into one ranking.

Semantic: e5 vectors with a mean vector subtracted before cosine. Raw e5 vectors cluster by
language and by kind of text (a title is not an abstract), which buries cross-lingual matches, so
each side is centred on its own: corpus documents on the mean of the corpus documents of their
language, queries on the mean of the queries of their language when enough of them come together
(a batch, as in `arena match`), else on the corpus mean of their language.
Short documents made of standalone parts (labels) are embedded whole and part by part.
Against a corpus of labels only, a query is read whole: embedded in windows of what the encoder
reads, the windows' vectors averaged (a project's subject is spread over its whole abstract).
Narrower labels: in a corpus of labels at least half of which belong to a classification Arena
ships (the Swedish research subjects), each such label is read with the labels beneath it
(`classifications`), in its vector and in BM25; such a corpus needs no 4-grams.
Titles: when both sides have one (and the corpus is documents, not labels), the titles' e5
vectors, centred the same way, are compared too and TITLE_WEIGHT × their cosine added: a title
names what a text is about in few words, and its translation lands close to it.
Lexical: BM25 over stemmed tokens (Swedish compounds split), and BM25 over character 4-grams of
words, which crosses languages where words are shared or nearly so (katalys / catalysis).
Translated words: a Swedish query's stems put into English through the CPV labels' dictionary
(`lexicon`), and an English query's into Swedish, scored with the same BM25 (documents only: labels
are indexed in both languages already).
Fusion: cosine + LEXICAL_WEIGHT × lead × BM25/max(BM25), where lead = 1 − second/best BM25 score:
BM25 counts as much as it singles one document out; + GRAM_WEIGHT × grams/max(grams) +
TRANSLATED_WEIGHT × BM25(translated)/max.
"""

from collections.abc import Sequence

import numpy as np

from arena.matching.classifications import narrower_labels, research_subjects
from arena.matching.embed import Embedder
from arena.matching.index import SHORT_TEXT, CharGramIndex, Document, LabelIndex, LexicalIndex
from arena.matching.lexicon import translated_stems
from arena.matching.text import guess_language, normalise_language, tokens, windows

# BM25 over max(BM25) gives the best document the full bonus even when the query's words are
# spread evenly over many documents; scaled by the best one's lead over the runner-up, it counts
# only where it singles a document out. Recall@1 title → abstract / sv→en / en→sv (quick preset,
# cached vectors): flat 0.05 (the first step) 0.803 / 0.970 / 0.980; lead-scaled 0.1 0.803 / 0.970
# / 0.980, 0.15 0.814 / 0.970 / 0.985, 0.2 0.814 / 0.970 / 0.990, 0.3 0.803 / 0.970 / 0.990.
# See docs/decisions/0002-matching.md.
LEXICAL_WEIGHT = 0.2
# Fewer queries of one language than this give too noisy a mean: the corpus mean stands in.
MIN_QUERIES_FOR_MEAN = 20
# Against a corpus of labels (every document at most SHORT_TEXT characters), a query is embedded
# in up to this many windows of the encoder's `max_chars`, and the unit vectors averaged. e5 reads
# the first 1,000 characters; the dev abstracts run 2,000 (Swedish) and 1,450 (English) on average.
# Research subject acc@1 sv / en, evaluate.py --preset quick: e5 alone 0.315 / 0.280 with the first
# window only, 0.340 / 0.325 with up to 4; the whole engine 0.320 / 0.325 before (first window,
# BM25 × 0.05 flat), 0.360 / 0.335 with windows and the lead-scaled BM25 above. Against
# documents (longer corpora) queries stay cut: both sides are read to the same length there.
QUERY_WINDOWS = 4
# The title's cosine added to the text's. Much of what a cross-lingual text match misses is a pair
# whose abstracts are written apart (a longer Swedish text, another emphasis) while the titles
# are translations of each other. Recall@1 on the dev projects (evaluate.py --preset full, 826
# pairs), sv→en / en→sv, whole engine: without titles 0.943 / 0.950; titles both as e5 queries,
# weight 0.1 0.961 / 0.967, 0.2 0.975 / 0.973, 0.3 0.979 / 0.977, 0.5 0.981 / 0.978, 0.8 0.981 /
# 0.976 (titles as passages on the corpus side: within a query of these). Neutral on the research
# subjects (titles against labels: ±0.006), which is why label corpora leave it out.
TITLE_WEIGHT = 0.5
# BM25 over character 4-grams, over its best document's score, added. Stemmed words meet only
# within a language; pieces of words also meet across Swedish and English (and other languages
# written in Latin letters), where e5's vectors are weakest. Recall@1 Swedish title → English
# abstract (evaluate.py full preset inputs: 752 titles, 826 abstracts; cached vectors), with the
# stemmed BM25 above: 0 0.690, 0.05 0.711, 0.1 0.726, 0.15 0.723, 0.2 0.718 (the grams alone:
# 0.445; z-scored instead of max-scaled, at best 0.723; lead-scaled as the stemmed BM25, 0.705).
# Known labels read with their narrower labels (below) are indexed in both languages: no language
# gap to bridge. Research subjects sv / en 0.420 / 0.432 without the 4-grams, 0.432 / 0.407 with
# (e5 alone 0.408 / 0.413), so such corpora leave them out. (Before narrower labels they were
# neutral on the subjects: 0.337 / 0.326 with, 0.338 / 0.323 without; other label corpora keep
# them.)
GRAM_WEIGHT = 0.1
# BM25 of the query's words translated (sv ↔ en, `lexicon`), over its best document's score. Recall@1
# Swedish title → English abstract, same inputs, with the 4-grams above: 0 0.726, 0.05 0.747,
# 0.1 0.754, 0.15 0.746. Against labels, which are indexed in both languages, it only adds noise
# (research subjects 0.337 / 0.326 → 0.313 / 0.307 at 0.1), so label corpora leave it out.
TRANSLATED_WEIGHT = 0.1
# A known label's vector plus this much of the mean of its narrower labels' (each centred on the
# mean of the classification's narrower labels), and its BM25 text with them. "Maskinteknik /
# Mechanical Engineering" is the gold subject of 150 of 671 dev projects, mostly in energy
# engineering, and was the first choice for 20 of them: nothing in the label says energy.
# Research subject acc@1 sv / en (full preset, cached vectors): 0.337 / 0.326 without; BM25 with
# them and vectors at 0 / 1 / 1.5 / 2: 0.356 / 0.355, 0.438 / 0.431, 0.450 / 0.428, 0.456 / 0.422
# (a first version, 4-grams still on). Equal weight is the rule taken; with the 4-grams left out
# (above), 0.420 / 0.432 through the contract.
NARROWER_WEIGHT = 1.0
# Labels are read with those beneath them only when at least this share of the corpus are labels
# Arena knows: a known label or two among tags or titles is no classification of them.
MIN_KNOWN_SHARE = 0.5


def _over_best(scores: np.ndarray) -> np.ndarray | None:
    """Scores divided by the best one's; None when no document scored."""
    top = float(scores.max())
    return scores / top if top > 0 else None


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


def is_label_corpus(documents: Sequence[Document]) -> bool:
    """Every document at most SHORT_TEXT characters: labels rather than texts."""
    return all(len(d.text) <= SHORT_TEXT for d in documents)


def narrower_of(documents: Sequence[Document]) -> list[tuple[str, ...]]:
    """Per document, the labels beneath it when the corpus is mostly labels Arena knows."""
    none: list[tuple[str, ...]] = [() for _ in documents]
    if not is_label_corpus(documents):
        return none
    found = [narrower_labels(d.parts or (d.text,)) for d in documents]
    if sum(1 for labels in found if labels) < MIN_KNOWN_SHARE * len(documents):
        return none
    return found


def lexical_index(
    documents: Sequence[Document], narrower: Sequence[tuple[str, ...]]
) -> LexicalIndex:
    """BM25 over the documents, known labels written out with the labels beneath them."""
    if not any(narrower):
        return LexicalIndex(documents)
    return LabelIndex(
        [
            Document(d.id, "\n".join((d.text, *more)), d.language, d.parts, d.title)
            for d, more in zip(documents, narrower, strict=True)
        ]
    )


class HybridIndex:
    def __init__(
        self,
        documents: Sequence[Document],
        embedder: Embedder,
        *,
        lexical_weight: float = LEXICAL_WEIGHT,
        title_weight: float = TITLE_WEIGHT,
        gram_weight: float = GRAM_WEIGHT,
        translated_weight: float = TRANSLATED_WEIGHT,
    ) -> None:
        self.ids = [d.id for d in documents]
        labels_only = is_label_corpus(documents)
        narrower = narrower_of(documents)
        self.lexical = lexical_index(documents, narrower)
        self.gram_weight = 0.0 if any(narrower) else gram_weight
        self.grams = CharGramIndex(documents) if self.gram_weight else None
        self.embedder = embedder
        self.lexical_weight = lexical_weight
        self.title_weight = title_weight
        reads = getattr(embedder, "max_chars", None)
        self.translated_weight = 0.0 if labels_only else translated_weight
        self.window = reads if isinstance(reads, int) and labels_only else None
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
        if any(narrower):
            self.vectors = self._with_narrower(self.vectors, narrower)
        # Titles, centred on the mean title of their language; untitled documents keep a zero row.
        self.title_vectors: np.ndarray | None = None
        self.title_means: dict[str, np.ndarray] = {}
        titled = [i for i, d in enumerate(documents) if d.title.strip()]
        if title_weight and titled and not labels_only:
            raw = _unit(embedder.queries([documents[i].title for i in titled]))
            title_languages = [languages[i] for i in titled]
            # A language with one titled document would centre it on itself (a zero vector).
            self.title_means = language_means(raw, title_languages, 2)
            self.title_mean = raw.mean(axis=0)
            self.title_vectors = np.zeros((len(documents), raw.shape[1]), dtype=np.float32)
            self.title_vectors[titled] = _unit(
                raw
                - np.stack(
                    [self.title_means.get(lang, self.title_mean) for lang in title_languages]
                )
            )

    def _with_narrower(
        self, vectors: np.ndarray, narrower: Sequence[tuple[str, ...]]
    ) -> np.ndarray:
        # Centred on the mean of all the classification's narrower labels, not of those in the
        # corpus: a corpus with one known label would centre its narrower labels on themselves.
        labels = research_subjects().all_narrower
        raw = _unit(self.embedder.passages(list(labels)))
        centred = _unit(raw - raw.mean(axis=0))
        row = {label: i for i, label in enumerate(labels)}
        out = vectors.copy()
        for i, more in enumerate(narrower):
            if more:
                mean = centred[[row[label] for label in more]].mean(axis=0)
                out[i] += NARROWER_WEIGHT * _unit(mean)
        return _unit(out)

    def query_vectors(self, queries: Sequence[Document]) -> np.ndarray:
        """The queries' e5 vectors, raw (centring needs the whole batch: see `rank`)."""
        if self.window is None:
            return self.embedder.queries([q.text for q in queries])
        pieces = [windows(q.text, self.window, QUERY_WINDOWS) or [q.text] for q in queries]
        flat = _unit(self.embedder.queries([p for ps in pieces for p in ps]))
        out = np.zeros((len(queries), flat.shape[1]), dtype=np.float32)
        start = 0
        for row, ps in enumerate(pieces):
            out[row] = flat[start : start + len(ps)].mean(axis=0)
            start += len(ps)
        return out

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
        titles = self.title_scores(queries, languages)
        if titles is not None:
            rows, scores = titles
            semantic[rows] += self.title_weight * scores
        k = min(k, len(self.ids))
        results = []
        for row, query in enumerate(queries):
            fused = semantic[row]
            # The query's stems once, for its BM25 and for their translation (both indexes of
            # words read queries as `tokens` gives them).
            source = normalise_language(query.language) or guess_language(query.text)
            stems = (
                tokens(query.text, source) if self.lexical_weight or self.translated_weight else []
            )
            if self.lexical_weight:
                lexical = _over_best(self.lexical.token_scores(stems))
                if lexical is not None:  # the best is 1: its lead is 1 - the second's share
                    second = float(np.partition(lexical, -2)[-2]) if len(lexical) > 1 else 0.0
                    fused = fused + self.lexical_weight * (1.0 - second) * lexical
            if self.grams is not None:
                grams = _over_best(self.grams.scores(query.text, query.language))
                if grams is not None:
                    fused = fused + self.gram_weight * grams
            if self.translated_weight:
                words = translated_stems(stems, source)
                translated = _over_best(self.lexical.token_scores(words))
                if translated is not None:
                    fused = fused + self.translated_weight * translated
            best = np.argpartition(-fused, k - 1)[:k]
            best = best[np.argsort(-fused[best], kind="stable")]
            results.append([(self.ids[i], float(fused[i])) for i in best])
        return results

    def title_scores(
        self, queries: Sequence[Document], languages: Sequence[str]
    ) -> tuple[list[int], np.ndarray] | None:
        """The rows of the queries with a title, and their titles' centred cosine with each
        document's (0 for documents without one); None when no title can be compared."""
        if self.title_vectors is None:
            return None
        titled = [i for i, q in enumerate(queries) if q.title.strip()]
        if not titled:
            return None
        raw = _unit(self.embedder.queries([queries[i].title for i in titled]))
        title_languages = [languages[i] for i in titled]
        own = language_means(raw, title_languages, MIN_QUERIES_FOR_MEAN)
        means = np.stack(
            [own.get(lang, self.title_means.get(lang, self.title_mean)) for lang in title_languages]
        )
        scores: np.ndarray = _unit(raw - means) @ self.title_vectors.T
        return titled, scores

    def top_many(self, queries: Sequence[Document], k: int) -> list[list[tuple[str, float]]]:
        return self.rank(queries, self.query_vectors(queries), k)
