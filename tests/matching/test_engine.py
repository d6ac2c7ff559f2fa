"""The matching package on its own: no Django, a small deterministic embedder, real BM25 and stemming."""

import hashlib
import json

import numpy as np
import pytest

from arena.matching.cli import InputError, read_items, write_lines
from arena.matching.hybrid import HybridIndex
from arena.matching.index import Document, LexicalIndex
from arena.matching.text import tokens


class WordHashEmbedder:
    """Bag of stemmed-free words hashed into 64 dimensions: similar words, similar vectors."""

    dim = 64

    def _encode(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        return out

    def queries(self, texts):
        return self._encode(texts)

    def passages(self, texts):
        return self._encode(texts)


def test_tokens_stem_in_the_texts_language_and_drop_function_words():
    assert tokens("Skolornas måltider och matsvinn", "sv") == ["skol", "måltid", "matsvin"]
    assert tokens("The schools' meals", "en") == ["school", "meal"]


def test_lexical_index_ranks_the_document_sharing_stemmed_words_first():
    index = LexicalIndex(
        [
            Document("food", "Mindre matsvinn i skolans måltider", "sv"),
            Document("water", "Läckage i vattenledningar", "sv"),
            Document("roads", "Snow clearing of roads", "en"),
        ]
    )
    assert next(doc_id for doc_id, _ in index.top("måltiderna i skolan", "sv", 2)) == "food"
    assert index.top("xyzzy", "sv", 3)[0][1] == 0.0


def test_hybrid_index_fuses_both_signals_and_returns_k():
    documents = [
        Document(str(i), text, "en")
        for i, text in enumerate(["red apple pie", "green apple", "blue car"])
    ]
    index = HybridIndex(documents, WordHashEmbedder())
    (ranked,) = index.top_many([Document("q", "apple pie", "en")], 2)
    assert [doc_id for doc_id, _ in ranked] == ["0", "1"]
    assert ranked[0][1] > ranked[1][1]


def test_read_items_names_file_and_line_of_bad_input(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(
        '{"id": "a", "title": "x", "text": "y", "lang": "sv"}\n{"id": 3}\n', encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"q.jsonl, line 2"):
        read_items(path)


def test_read_items_refuses_duplicate_ids(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="duplicate id"):
        read_items(path)


def test_write_lines_leaves_no_partial_file_when_writing_fails(tmp_path):
    out = tmp_path / "out.jsonl"

    def lines():
        yield {"ok": 1}
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_lines(out, lines())
    assert list(tmp_path.iterdir()) == []
    write_lines(out, [{"ok": 1}])
    assert [json.loads(line) for line in out.read_text().splitlines()] == [{"ok": 1}]
