"""The CPV classifier on a small CPV tree with a deterministic embedder, and the shipped vectors."""

import hashlib
import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from arena.matching.cpv import (
    CpvClassifier,
    CpvEntry,
    CpvExamples,
    example_key,
    notice_example_text,
    read_cpv,
    shipped_examples,
    shipped_label_vectors,
    text_vectors,
)


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


def _examples(items):
    """CpvExamples from (title, text, language, code, source) with the test embedder."""
    embedder = WordHashEmbedder()
    return CpvExamples(
        vectors=text_vectors(embedder, [i[0] for i in items], [i[1] for i in items]),
        languages=tuple(i[2] for i in items),
        codes=tuple(i[3] for i in items),
        sources=np.array([i[4] for i in items]),
        row_keys=tuple(example_key(i[0], i[1]) for i in items),
    )


# Texts whose words are in no label: only the examples say where they belong.
PLANS = [
    ("Drawings", "drawings and plans for the new library", "en", "71220000", 0),
    ("Drawings", "drawings and plans for the sports hall", "en", "71210000", 1),
    ("Painting", "painting the corridors of the old library", "en", "45210000", 2),
    ("Painting", "painting walls in the sports hall", "en", "45200000", 3),
    ("Windows", "window washing at the town hall", "en", "90900000", 4),
]


def test_labelled_examples_pull_a_text_towards_their_group():
    # "office" is in a cleaning label; the other words only in examples of group 712.
    query = (["Drawings"], ["drawings and plans for the office"], ["en"])
    (without,) = _classifier().classify_many(query[1], query[2], 1, titles=query[0])
    classifier = _classifier(examples=_examples(PLANS))
    (with_examples,) = classifier.classify_many(query[1], query[2], 1, titles=query[0])
    assert without[0][0].startswith("90")
    assert with_examples[0][0].startswith("712")
    scores = classifier.example_scores(classifier.query_vectors(*query[:2]), ["en"], [frozenset()])
    groups = sorted({code[:3] for code in classifier.codes})
    assert groups[int(scores[0].argmax())] == "712"


def test_an_example_identical_to_the_text_is_left_out_with_its_notice():
    notice = [
        ("Drawings", "drawings and plans for the new library", "en", "71220000", 7),
        ("Ritningar", "ritningar för det nya biblioteket", "sv", "71220000", 7),
    ]
    classifier = _classifier(examples=_examples(notice + PLANS[2:]))
    alone = _classifier(examples=_examples(PLANS[2:]))
    group = sorted({code[:3] for code in classifier.codes}).index("712")
    # The Swedish form, spaced and cased otherwise: both forms of notice 7 are left out.
    title, text = "RITNINGAR", "ritningar  för det nya\nbiblioteket"
    key = example_key(title, text)
    assert classifier.examples is not None
    assert classifier.examples.keys[key] == frozenset({7})
    queries = classifier.query_vectors([title], [text])
    left_out = classifier.example_scores(queries, ["sv"], [frozenset({7})])
    kept = classifier.example_scores(queries, ["sv"], [frozenset()])
    assert left_out[0, group] == 0  # no other example of group 712
    assert kept[0, group] > 0.5
    assert np.allclose(left_out, alone.example_scores(queries, ["sv"], [frozenset()]), atol=1e-6)
    (ranked,) = classifier.classify_many([text], ["sv"], 1, titles=[title])
    (unseen,) = alone.classify_many([text], ["sv"], 1, titles=[title])
    assert ranked == unseen


class AccentEmbedder(WordHashEmbedder):
    """Swedish texts (any of å, ä, ö) share one strong extra direction, as e5's do."""

    def _encode(self, texts):
        out = super()._encode(texts) * 0.6
        out[:, 0] += np.array([1.5 if any(c in t for c in "åäö") else 0.0 for t in texts])
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def _accent_classifier(items, *, languages=None):
    embedder = AccentEmbedder()
    examples = CpvExamples(
        vectors=text_vectors(embedder, [i[0] for i in items], [i[1] for i in items]),
        languages=tuple(i[2] for i in items) if languages is None else languages,
        codes=tuple(i[3] for i in items),
        sources=np.arange(len(items)),
        row_keys=tuple(str(n) for n in range(len(items))),
    )
    vectors = [
        [embedder.passages([e.labels[lang] for e in TREE]) for lang in ("sv", "en")],
        [embedder.queries([e.labels[lang] for e in TREE]) for lang in ("sv", "en")],
    ]
    return CpvClassifier(TREE, embedder=embedder, label_vectors=vectors, examples=examples)


# Enough examples per language for its own mean (MIN_LANGUAGE_EXAMPLES): Swedish ones only of
# cleaning (909) and painting (452), English ones of plans (712) and painting.
ACCENTED = (
    [(f"Städ {n}", f"städning av lokal {n} på ön", "sv", "90900000") for n in range(10)]
    + [(f"Måla {n}", f"målning av vägg {n} på ön", "sv", "45200000") for n in range(10)]
    + [(f"Plans {n}", f"drawings and plans for house {n}", "en", "71220000") for n in range(10)]
    + [(f"Paint {n}", f"painting of wall {n}", "en", "45200000") for n in range(10)]
)
GROUPS = ["450", "452", "710", "712", "900", "909"]  # the TREE's groups, in code order


def test_a_text_is_centred_on_its_language_s_examples_so_its_language_does_not_pull():
    query_words = (["Ritningar på ön"], ["drawings and plans för ön"])
    classifier = _accent_classifier(ACCENTED)
    query = classifier.query_vectors(*query_words)
    scores = classifier.example_scores(query, ["sv"], [frozenset()])[0]
    assert scores[GROUPS.index("712")] > scores[GROUPS.index("909")]
    assert np.allclose(scores, classifier.example_scores(query, ["SV-se"], [frozenset()])[0])
    # The same examples without their languages (one mean for all): the accent decides.
    blind = _accent_classifier(ACCENTED, languages=("",) * len(ACCENTED))
    scores = blind.example_scores(query, ["sv"], [frozenset()])[0]
    assert scores[GROUPS.index("909")] > scores[GROUPS.index("712")]


def test_examples_are_centred_on_their_language_before_a_group_s_direction_is_taken():
    accent = np.zeros(WordHashEmbedder.dim, dtype=np.float32)
    accent[0] = 1.0
    # Languages as a caller may spell them: normalised to their first two letters, lower case.
    spelt = tuple({"sv": "SV-se", "en": "en"}[item[2]] for item in ACCENTED)
    spelt_classifier = _accent_classifier(ACCENTED, languages=spelt)
    assert spelt_classifier._examples is not None
    _, directions = spelt_classifier._prototypes(spelt_classifier._examples, frozenset())
    assert abs(float(directions[GROUPS.index("909")] @ accent)) < 0.1
    query = spelt_classifier.query_vectors(["Ritningar på ön"], ["drawings and plans för ön"])
    assert np.allclose(
        spelt_classifier.example_scores(query, ["sv"], [frozenset()]),
        _accent_classifier(ACCENTED).example_scores(query, ["sv"], [frozenset()]),
    )
    blind_classifier = _accent_classifier(ACCENTED, languages=("",) * len(ACCENTED))
    assert blind_classifier._examples is not None
    _, blind = blind_classifier._prototypes(blind_classifier._examples, frozenset())
    assert float(blind[GROUPS.index("909")] @ accent) > 0.3


def test_two_notices_with_the_same_text_are_both_left_out():
    twins = [
        ("Drawings", "drawings and plans for the new library", "en", "71220000", 0),
        ("Drawings", "drawings and plans for the new library", "en", "71210000", 1),
    ]
    examples = _examples(twins + PLANS[2:])
    assert examples.keys[example_key(*twins[0][:2])] == frozenset({0, 1})
    classifier = _classifier(examples=examples)
    alone = _classifier(examples=_examples(PLANS[2:]))
    (ranked,) = classifier.classify_many([twins[0][1]], ["en"], 3, titles=[twins[0][0]])
    assert ranked == alone.classify_many([twins[0][1]], ["en"], 3, titles=[twins[0][0]])[0]


def test_examples_of_codes_outside_the_tree_or_of_another_size_are_not_used():
    outside = _examples([("Fish", "fresh fish", "en", "03311000", 0)])
    assert _classifier(examples=outside).examples is None
    other_size = CpvExamples(
        np.ones((1, 8), dtype=np.float32), ("en",), ("90900000",), np.zeros(1), ("k",)
    )
    assert _classifier(examples=other_size).examples is None
    assert CpvClassifier(TREE, examples=_examples(PLANS)).examples is None  # words only


def test_use_examples_replaces_the_set_and_refuses_vectors_of_another_size():
    classifier = _classifier()
    query = (["Drawings"], ["drawings and plans for the office"], ["en"])
    (before,) = classifier.classify_many(query[1], query[2], 1, titles=query[0])
    classifier.use_examples(_examples(PLANS))
    (taught,) = classifier.classify_many(query[1], query[2], 1, titles=query[0])
    assert before[0][0].startswith("90")
    assert taught[0][0].startswith("712")
    # Vectors of another model (another size) are not read: the classifier goes on without them.
    classifier.use_examples(
        CpvExamples(np.ones((1, 8), dtype=np.float32), ("en",), ("71220000",), np.zeros(1), ("k",))
    )
    assert classifier.examples is None
    assert classifier.classify_many(query[1], query[2], 1, titles=query[0]) == [before]


def test_joined_examples_keep_each_set_s_notices_apart():
    first = _examples(PLANS[:2])
    second = _examples(
        [("Drawings", "drawings and plans for the new library", "sv", "71220000", 0)]
    )
    both = first.joined(second)
    assert len(both) == 3
    assert both.codes == first.codes + second.codes
    assert list(both.sources) == [0, 1, 2]  # the second set's notice 0 is not the first's
    # The same text in both sets: one key, both notices, so a text leaves out both.
    assert both.keys[example_key(*PLANS[0][:2])] == frozenset({0, 2})


def test_notice_example_text_reads_each_part_once_in_order():
    lots = [("Lot 1", "  Cleaning of\nschools "), ("Lot 2", "Cleaning of schools")]
    text = notice_example_text("Cleaning  services", lots)
    assert text == "Cleaning services\nLot 1\nCleaning of schools\nLot 2"


class Sized384:
    dim = 384

    def queries(self, texts):
        return np.ones((len(texts), self.dim), dtype=np.float32) / np.sqrt(self.dim)

    passages = queries


EVALUATOR = Path(__file__).resolve().parents[3] / "shared" / "tools" / "evaluate.py"
NOTICES = (
    Path(__file__).resolve().parents[2]
    / "src/arena/demo/content/notices/ted_notices_2014_2022_dev.jsonl"
)


@pytest.mark.skipif(not EVALUATOR.is_file(), reason="../shared is not beside the checkout")
def test_every_notice_as_the_evaluator_reads_it_leaves_its_own_examples_out():
    # The dev figures are leave-one-notice-out only if the evaluator's texts are the examples'.
    spec = importlib.util.spec_from_file_location("shared_evaluate", EVALUATOR)
    assert spec is not None
    assert spec.loader is not None
    evaluate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(evaluate)
    examples = shipped_examples()
    assert examples is not None
    notices = [json.loads(line) for line in NOTICES.read_text(encoding="utf-8").splitlines()]
    translated = 0
    for notice in notices:
        key = example_key(evaluate.clean(notice.get("title")), evaluate.notice_text(notice))
        sources = examples.keys[key]
        assert (
            examples.codes[int(np.flatnonzero(examples.sources == min(sources))[0])]
            == notice["cpv_main"]
        )
        translation = evaluate.sv_translation(notice)
        if translation is not None:
            translated += 1
            swedish = example_key(
                evaluate.clean(translation.get("title")),
                evaluate.clean(translation.get("short_descr")),
            )
            assert examples.keys[swedish] == sources
    assert translated > 0
    assert len(set(examples.sources.tolist())) == len(notices)


def test_the_shipped_examples_are_labelled_notices_of_the_shipped_cpv_file():
    from arena.matching.cpv import default_cpv_file

    codes = {e.code for e in read_cpv(default_cpv_file())}
    examples = shipped_examples()
    assert examples is not None
    count = len(examples.codes)
    assert count > 300
    assert examples.vectors.shape == (count, 384)
    assert np.allclose(np.linalg.norm(examples.vectors, axis=1), 1.0, atol=1e-3)
    assert set(examples.codes) <= codes
    assert len(examples.languages) == count
    assert {"en", "sv", "de", "fr"} <= set(examples.languages)
    assert len(set(examples.sources.tolist())) < count  # translations share their notice
    assert set().union(*examples.keys.values()) == set(examples.sources.tolist())
    assert CpvClassifier.from_file(embedder=Sized384()).examples is not None
    assert CpvClassifier.from_file(embedder=Sized384(), use_examples=False).examples is None
