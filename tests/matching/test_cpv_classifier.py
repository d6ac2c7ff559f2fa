"""The CPV classifier on a small CPV tree with a deterministic embedder, and the shipped vectors."""

import hashlib

import numpy as np
import pytest

from arena.matching.cpv import CpvClassifier, CpvEntry, read_cpv, shipped_label_vectors


class WordHashEmbedder:
    """Bag of words hashed into 64 dimensions, unit length: shared words, similar vectors."""

    dim = 64

    def _encode(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().replace(",", " ").split():
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)

    def queries(self, texts):
        return self._encode(texts)

    def passages(self, texts):
        return self._encode(texts)


def _entry(code, parent, en, sv):
    return CpvEntry(code=code, parent=parent, labels={"en": en, "sv": sv, "fi": "", "de": ""})


TREE = [
    _entry("45000000", "", "construction work", "byggarbeten"),
    _entry("45200000", "45000000", "building construction work", "byggnadsarbeten"),
    _entry("45210000", "45200000", "school building work", "skolbyggnad"),
    _entry("71000000", "", "architectural and engineering services", "arkitekttjänster"),
    _entry("71200000", "71000000", "architectural design services", "arkitektritning"),
    _entry("71210000", "71200000", "design services for schools", "skolritning"),
    _entry("71220000", "71200000", "design services for parks", "parkritning"),
    _entry("71230000", "71200000", "design services for roads", "vägritning"),
    _entry("90000000", "", "cleaning services", "städtjänster"),
    _entry("90900000", "90000000", "office cleaning services", "kontorsstädning"),
]


def _classifier(**kwargs):
    embedder = WordHashEmbedder()
    vectors = [
        [embedder.passages([e.labels[lang] for e in TREE]) for lang in ("sv", "en")],
        [embedder.queries([e.labels[lang] for e in TREE]) for lang in ("sv", "en")],
    ]
    return CpvClassifier(TREE, embedder=embedder, label_vectors=vectors, **kwargs)


def test_the_division_with_the_most_evidence_wins_over_one_lucky_label():
    classifier = _classifier()
    codes = classifier.codes
    scores = np.full((1, len(codes)), 0.1, dtype=np.float32)
    scores[0, codes.index("45210000")] = 0.9  # one label of division 45 matches well
    for code in ("71000000", "71200000", "71210000", "71220000", "71230000"):
        scores[0, codes.index(code)] = 0.8  # every label of division 71 matches nearly as well
    divisions = classifier._division_scores(scores)[0]
    assert divisions[1] > divisions[0]  # divisions in code order: 45, 71, 90


def test_classify_returns_k_codes_best_first_from_the_best_division():
    (ranked,) = _classifier().classify_many(
        ["design services for a school building"], ["en"], 3, titles=["Design services"]
    )
    assert [code[:2] for code, _ in ranked] == ["71", "71", "71"]
    assert ranked[0][1] >= ranked[1][1] >= ranked[2][1]


def test_an_ancestor_s_label_counts_in_its_descendants_scores():
    classifier = _classifier()
    scores = np.zeros((1, len(classifier.codes)), dtype=np.float32)
    scores[0, classifier.codes.index("71000000")] = 1.0
    smoothed = classifier._smooth(scores)[0]
    child = smoothed[classifier.codes.index("71200000")]
    grandchild = smoothed[classifier.codes.index("71210000")]
    assert child > grandchild > 0
    assert smoothed[classifier.codes.index("45200000")] == 0


def test_a_swedish_text_finds_its_code_through_the_swedish_labels():
    (ranked,) = _classifier().classify_many(["kontorsstädning"], ["sv"], 1, titles=["Städtjänster"])
    assert ranked[0][0].startswith("90")


def test_without_an_embedder_the_lexical_labels_still_classify():
    classifier = CpvClassifier(TREE)
    (ranked,) = classifier.classify_many(["office cleaning"], ["en"], 2)
    assert ranked[0][0] == "90900000"
    assert classifier.classify_many(["zzz qqq"], ["en"], 2) == [[]]


def test_an_empty_tree_is_refused():
    with pytest.raises(ValueError, match="at least one code"):
        CpvClassifier([])


def test_the_shipped_label_vectors_describe_the_shipped_cpv_file():
    from arena.matching.cpv import default_cpv_file

    codes = [e.code for e in read_cpv(default_cpv_file())]
    forms = shipped_label_vectors(codes)
    assert forms is not None
    assert [len(languages) for languages in forms] == [2, 3]
    for languages in forms:
        for vectors in languages:
            assert vectors.shape == (len(codes), 384)
            assert np.allclose(np.linalg.norm(vectors[:100], axis=1), 1.0, atol=1e-2)
    assert shipped_label_vectors(codes[:-1]) is None  # another CPV file: not these vectors
