"""A BM25 index over documents written in any of several languages."""

from collections.abc import Sequence
from dataclasses import dataclass

import bm25s
import numpy as np

from arena.matching.text import char_grams, tokens


@dataclass(frozen=True)
class Document:
    """A text to index or to ask with. `parts` are fields that each stand alone (a label in
    Swedish, the same label in English): short documents are embedded part by part as well.
    `title`, when known, is also compared with the other side's title (`text` includes it)."""

    id: str
    text: str
    language: str | None = None
    parts: tuple[str, ...] = ()
    title: str = ""


# A text of unknown language up to this long is more often a label than prose.
SHORT_TEXT = 300


def document_tokens(text: str, language: str | None) -> list[str]:
    """Tokens of a text. A short one of unknown language (often a label in Swedish and English)
    is stemmed both ways, so either language's query finds it; a longer one in the language
    guessed from its words."""
    if language or len(text) > SHORT_TEXT:
        return tokens(text, language)
    return _both_ways(text)


def _both_ways(text: str) -> list[str]:
    swedish = tokens(text, "sv")
    seen = set(swedish)
    return swedish + [t for t in tokens(text, "en") if t not in seen]


class LexicalIndex:
    """BM25 (bm25s) over stemmed tokens; each document is stemmed in its own language."""

    def __init__(self, documents: Sequence[Document]) -> None:
        if not documents:
            raise ValueError("the index needs at least one document")
        self.ids = [d.id for d in documents]
        corpus = [self._document_tokens(d) or ["_empty_"] for d in documents]
        self._vocabulary: dict[str, int] = {}
        corpus_ids = [[self._token_id(t) for t in doc] for doc in corpus]
        self._retriever = bm25s.BM25()
        self._retriever.index(
            bm25s.tokenization.Tokenized(ids=corpus_ids, vocab=self._vocabulary),
            show_progress=False,
        )

    def _document_tokens(self, document: Document) -> list[str]:
        return document_tokens(document.text, document.language)

    def _query_tokens(self, text: str, language: str | None) -> list[str]:
        return tokens(text, language)

    def _token_id(self, token: str) -> int:
        return self._vocabulary.setdefault(token, len(self._vocabulary))

    def scores(self, text: str, language: str | None) -> np.ndarray:
        """BM25 score of every document for the query, in index order."""
        return self.token_scores(self._query_tokens(text, language))

    def token_scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every document for a query given as tokens of this index."""
        query = [t for t in query_tokens if t in self._vocabulary]
        if not query:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self._retriever.get_scores(query), dtype=np.float32)

    def top(self, text: str, language: str | None, k: int) -> list[tuple[str, float]]:
        scores = self.scores(text, language)
        k = min(k, len(self.ids))
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(self.ids[i], float(scores[i])) for i in best]


class LabelIndex(LexicalIndex):
    """BM25 over labels written out with the labels beneath them (`classifications`), which come
    in Swedish and in English: stemmed both ways however long that makes them."""

    def _document_tokens(self, document: Document) -> list[str]:
        return _both_ways(document.text)


class CharGramIndex(LexicalIndex):
    """BM25 over the character 4-grams of words (`text.char_grams`), blind to language: a Swedish
    title shares pieces with the English abstract of the same project through the words the two
    languages share or nearly share (material, katalys / catalysis, energiteknik / energy)."""

    def _document_tokens(self, document: Document) -> list[str]:
        return char_grams(document.text)

    def _query_tokens(self, text: str, language: str | None) -> list[str]:
        return char_grams(text)
