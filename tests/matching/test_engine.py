"""The matching package on its own: no Django, a small deterministic embedder, real BM25 and stemming."""

import hashlib
import json

import numpy as np
import pytest

from arena.matching.cli import InputError, read_items, write_lines
from arena.matching.hybrid import (
    MIN_QUERIES_FOR_MEAN,
    MIXED,
    HybridIndex,
    language_of,
    narrower_of,
)
from arena.matching.index import (
    CharGramIndex,
    Document,
    LabelIndex,
    LexicalIndex,
    document_tokens,
)
from arena.matching.text import char_grams, tokens


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
    found = tokens("Skolornas måltider och matsvinn", "sv")
    # Whole words come stemmed and in order; compound parts (see test_text_compounds) follow each.
    assert [t for t in found if t in {"skol", "måltid", "matsvin"}] == ["skol", "måltid", "matsvin"]
    assert "och" not in found
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


def test_char_grams_frame_each_word_and_skip_short_ones():
    assert char_grams("Katalys av CO2") == [" kat", "kata", "atal", "taly", "alys", "lys "]
    assert char_grams("Öl å ÄNGAR") == [" äng", "änga", "ngar", "gar "]
    assert char_grams("") == []


def test_char_gram_index_meets_a_cognate_across_languages():
    documents = [
        Document("catalysis", "Catalysis of hydrogen production", "en"),
        Document("rivers", "River flooding in cities", "en"),
    ]
    # Stemmed words do not cross from Swedish to English ...
    assert LexicalIndex(documents).top("Katalys för vätgas", "sv", 2)[0][1] == 0.0
    # ... pieces of words do.
    ranked = CharGramIndex(documents).top("Katalys för vätgas", "sv", 2)
    assert ranked[0][0] == "catalysis"
    assert ranked[0][1] > 0.0 == ranked[1][1]


def test_hybrid_index_adds_char_grams_scaled_by_the_best():
    documents = [
        Document("catalysis", "Catalysis of hydrogen production", "en"),
        Document("rivers", "River flooding in cities", "en"),
        Document("roads", "Snow clearing on the roads of a town in winter. " * 8, "en"),
    ]
    query = Document("q", "Katalys för vätgas", "sv")
    with_grams = HybridIndex(documents, WordHashEmbedder(), lexical_weight=0.0, gram_weight=0.1)
    without = HybridIndex(documents, WordHashEmbedder(), lexical_weight=0.0, gram_weight=0.0)
    assert without.grams is None
    (plus,) = with_grams.top_many([query], 2)
    (plain,) = without.top_many([query], 2)
    gained = {doc_id: score - dict(plain)[doc_id] for doc_id, score in plus}
    assert gained["catalysis"] == pytest.approx(0.1)  # the best document gets the full weight
    assert gained["rivers"] == pytest.approx(0.0)


def test_known_labels_read_with_narrower_labels_leave_the_char_grams_out():
    known = [
        Document("phys", "Fysik\nPhysical Sciences", None, ("Fysik", "Physical Sciences")),
        Document("chem", "Kemi\nChemical Sciences", None, ("Kemi", "Chemical Sciences")),
    ]
    assert HybridIndex(known, WordHashEmbedder(), gram_weight=0.1).grams is None
    other = [Document("a", "Katalys\nCatalysis"), Document("b", "Floder\nRivers")]
    assert HybridIndex(other, WordHashEmbedder(), gram_weight=0.1).grams is not None


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


class ShiftedEmbedder(WordHashEmbedder):
    """Swedish queries carry a shared offset, as raw e5 vectors carry their language."""

    def queries(self, texts):
        out = self._encode(texts)
        out[:, 0] += 5.0
        return out


def _pairs(count):
    topics = [f"topic{i} subject{i} theme{i}" for i in range(count)]
    corpus = [Document(f"d{i}", text, "en") for i, text in enumerate(topics)]
    queries = [Document(f"q{i}", text, "sv") for i, text in enumerate(topics)]
    return corpus, queries


def test_a_batch_of_queries_is_centred_on_its_own_mean():
    corpus, queries = _pairs(MIN_QUERIES_FOR_MEAN)
    index = HybridIndex(corpus, ShiftedEmbedder(), lexical_weight=0.0)
    ranked = index.top_many(queries, 1)
    # The offset all the queries share is gone: each finds its own document.
    assert [r[0][0] for r in ranked] == [d.id for d in corpus]
    plain = HybridIndex(corpus, WordHashEmbedder(), lexical_weight=0.0).top_many(queries, 1)
    assert [r[0][1] for r in ranked] == pytest.approx([r[0][1] for r in plain], abs=1e-5)


def test_a_few_queries_fall_back_on_the_corpus_mean():
    corpus, queries = _pairs(MIN_QUERIES_FOR_MEAN)
    index = HybridIndex(corpus, WordHashEmbedder(), lexical_weight=0.0)
    few = queries[:3]
    vectors = index.query_vectors(few)
    shifted = vectors.copy()
    shifted[:, 0] += 5.0
    # Too few to estimate their own mean: the shift is not removed and changes the scores.
    assert index.rank(few, shifted, 1) != index.rank(few, vectors, 1)


def test_a_short_label_of_unknown_language_is_stemmed_as_swedish_and_as_english():
    label = "Byggnader och samhällen\nBuildings and communities"
    found = set(document_tokens(label, None))
    assert set(tokens(label, "sv")) <= found
    assert set(tokens(label, "en")) <= found
    assert set(tokens(label, "sv")) != set(tokens(label, "en"))
    prose = "Byggnader och samhällen i staden. " * 20  # long: stemmed in the guessed language
    assert document_tokens(prose, None) == tokens(prose, None)


def test_short_documents_with_parts_are_embedded_part_by_part():
    whole = Document("label", "alpha\nbeta", "en")
    split = Document("label", "alpha\nbeta", "en", ("alpha", "beta"))
    other = Document("other", "gamma delta", "en")
    plain = HybridIndex([whole, other], WordHashEmbedder(), lexical_weight=0.0).vectors[0]
    parted = HybridIndex([split, other], WordHashEmbedder(), lexical_weight=0.0).vectors[0]
    assert not np.allclose(plain, parted)


def test_bilingual_labels_of_unknown_language_are_centred_as_one_group():
    # A guess would put "Geovetenskap och miljövetenskap" (å, ä, ö) and "Matematik" apart.
    labels = [
        Document("a", "Matematik\nMathematics", None, ("Matematik", "Mathematics")),
        Document("b", "Miljövetenskap\nEnvironmental Sciences", None, ("Miljövetenskap", "Env")),
    ]
    assert {language_of(d) for d in labels} == {MIXED}
    assert language_of(Document("c", "Städning av skolor och kontor", None)) == "sv"


def _subject_labels():
    return [
        Document("parks", "Parker\nParks", None, ("Parker", "Parks")),
        Document("phys", "Fysik\nPhysical Sciences", None, ("Fysik", "Physical Sciences")),
        Document(
            "mech",
            "Maskinteknik\nMechanical Engineering",
            None,
            ("Maskinteknik", "Mechanical Engineering"),
        ),
        Document("clean", "Städning\nCleaning", None, ("Städning", "Cleaning")),
    ]


QUERY = [Document("q", "Energy for district heating", "en")]


def test_a_known_label_is_read_with_the_labels_beneath_it(monkeypatch):
    index = HybridIndex(_subject_labels(), WordHashEmbedder())
    assert isinstance(index.lexical, LabelIndex)
    ranked = index.top_many(QUERY, 4)[0]
    assert ranked[0][0] == "mech"
    # Energy engineering sits beneath mechanical engineering: without the classification no
    # label shares a word with the query.
    monkeypatch.setattr("arena.matching.hybrid.narrower_labels", lambda parts: ())
    plain = HybridIndex(_subject_labels(), WordHashEmbedder())
    assert type(plain.lexical) is LexicalIndex
    plain_scores = dict(plain.top_many(QUERY, 4)[0])
    assert ranked[0][1] - ranked[1][1] > max(plain_scores.values()) - min(plain_scores.values())


def test_a_known_labels_vector_leans_towards_the_labels_beneath_it(monkeypatch):
    vectors_only = {"lexical_weight": 0.0, "gram_weight": 0.0}
    index = HybridIndex(_subject_labels(), WordHashEmbedder(), **vectors_only)
    scores = dict(index.top_many(QUERY, 4)[0])
    monkeypatch.setattr("arena.matching.hybrid.narrower_labels", lambda parts: ())
    plain = dict(
        HybridIndex(_subject_labels(), WordHashEmbedder(), **vectors_only).top_many(QUERY, 4)[0]
    )
    assert max(scores, key=scores.get) == "mech"
    assert scores["mech"] > plain["mech"] + 0.1
    # The other labels' vectors are their own.
    assert scores["parks"] == pytest.approx(plain["parks"], abs=1e-5)


def test_a_lone_known_label_leans_towards_the_labels_beneath_it_too(monkeypatch):
    labels = _subject_labels()[2:]  # one known label of two: centred on the whole classification
    vectors_only = {"lexical_weight": 0.0, "gram_weight": 0.0}
    scores = dict(HybridIndex(labels, WordHashEmbedder(), **vectors_only).top_many(QUERY, 2)[0])
    monkeypatch.setattr("arena.matching.hybrid.narrower_labels", lambda parts: ())
    plain = dict(HybridIndex(labels, WordHashEmbedder(), **vectors_only).top_many(QUERY, 2)[0])
    assert scores["mech"] > plain["mech"] + 0.03


def test_labels_arena_does_not_know_are_read_as_they_are():
    unknown = [d for d in _subject_labels() if d.id in {"parks", "clean"}]
    assert narrower_of(unknown) == [(), ()]
    assert type(HybridIndex(unknown, WordHashEmbedder()).lexical) is LexicalIndex
    # One known label among mostly unknown ones (tags, titles) is not taken for a classification.
    few = [*unknown, Document("t", "Trafik\nTraffic", None), _subject_labels()[2]]
    assert narrower_of(few) == [(), (), (), ()]


def test_labels_beside_longer_documents_are_not_read_with_narrower_labels():
    prose = Document("text", "Fjärrvärme och energiteknik i staden. " * 20, "sv")
    assert narrower_of([*_subject_labels(), prose]) == [()] * 5
    index = HybridIndex([*_subject_labels(), prose], WordHashEmbedder())
    assert type(index.lexical) is LexicalIndex


def test_label_index_stems_a_long_label_both_ways():
    text = "Maskinteknik\n" + "\n".join(["Byggnader och samhällen", "Buildings"] * 30)
    label, other = Document("label", text), Document("other", "Fysik\nPhysics")
    assert len(text) > 300
    assert document_tokens(text, None) == tokens(text, "sv")  # guessed Swedish
    # "buildings" stems to "building" in Swedish and to "build" in English.
    assert LexicalIndex([label, other]).scores("buildings", "en")[0] == 0.0
    assert LabelIndex([label, other]).scores("buildings", "en")[0] > 0
    assert LabelIndex([label, other]).scores("byggnaderna", "sv")[0] > 0
