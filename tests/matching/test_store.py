"""Vector caches: keys that separate model, prefix kind and text; stores that give back what they got."""

import numpy as np
import pytest

from arena.matching.store import MemoryVectorStore, NpzVectorStore, vector_key


def test_vector_key_separates_model_kind_and_text_and_is_stable():
    keys = {
        vector_key("e5", "query", "matsvinn"),
        vector_key("e5", "passage", "matsvinn"),
        vector_key("other", "query", "matsvinn"),
        vector_key("e5", "query", "matsvinn "),
        # the parts are length-prefixed, so shifting text between them changes the key
        vector_key("e5q", "query", "x"),
        vector_key("e5", "query", "qx"),
    }
    assert len(keys) == 6
    assert vector_key("e5", "query", "matsvinn") == vector_key("e5", "query", "matsvinn")


def test_vector_key_refuses_an_unknown_kind():
    with pytest.raises(ValueError, match="'query' or 'passage'"):
        vector_key("e5", "document", "x")


def test_memory_store_returns_only_known_keys_and_copies():
    store = MemoryVectorStore()
    vector = np.arange(4, dtype=np.float32)
    store.put_many({"a": vector})
    vector[0] = 99  # the caller's array changing later must not change the store
    got = store.get_many(["a", "missing"])
    assert list(got) == ["a"]
    np.testing.assert_array_equal(got["a"], [0, 1, 2, 3])
    assert len(store) == 1


def test_npz_store_persists_between_instances(tmp_path):
    path = tmp_path / "cache" / "vectors.npz"
    rng = np.random.default_rng(0)
    vectors = {f"k{i}": rng.standard_normal(8).astype(np.float32) for i in range(5)}
    NpzVectorStore(path).put_many(vectors)
    reopened = NpzVectorStore(path)
    got = reopened.get_many(["k0", "k4", "nope"])
    assert set(got) == {"k0", "k4"}
    for key in got:  # float16 on disk
        np.testing.assert_allclose(got[key], vectors[key], rtol=2e-3, atol=2e-3)
        assert got[key].dtype == np.float32
    reopened.put_many({"k5": np.ones(8, dtype=np.float32)})
    assert len(NpzVectorStore(path)) == 6
    assert [p.name for p in path.parent.iterdir()] == ["vectors.npz"]  # no temporary left


def test_npz_store_refuses_mixed_sizes_and_bad_vectors(tmp_path):
    store = NpzVectorStore(tmp_path / "v.npz")
    store.put_many({"a": np.ones(8)})
    with pytest.raises(ValueError, match="different sizes"):
        store.put_many({"b": np.ones(4)})
    with pytest.raises(ValueError, match="one-dimensional"):
        MemoryVectorStore().put_many({"c": np.ones((2, 2))})


def test_npz_store_names_a_file_that_is_not_a_store(tmp_path):
    path = tmp_path / "v.npz"
    path.write_bytes(b"not numpy")
    with pytest.raises(ValueError, match=r"v.npz: not a vector store file"):
        NpzVectorStore(path).get_many(["a"])
