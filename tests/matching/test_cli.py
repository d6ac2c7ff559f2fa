"""The command-line contracts, run as the external evaluation runs them (a subprocess, JSONL in and out)."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from arena.matching.hybrid import QUERY_WINDOWS, HybridIndex
from arena.matching.index import Document
from arena.matching.text import windows

ROOT = Path(__file__).resolve().parents[2]


class ReadingEmbedder:
    """Hashed bag of words, like the fake in test_engine.py, reading only the first `max_chars`
    characters (as E5Embedder does) and keeping what it was asked to embed as queries."""

    dim = 64

    def __init__(self, max_chars: int = 40) -> None:
        self.max_chars = max_chars
        self.asked: list[str] = []

    def _encode(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text[: self.max_chars].lower().split():
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)

    def queries(self, texts):
        self.asked += list(texts)
        return self._encode(texts)

    def passages(self, texts):
        return self._encode(texts)


def _arena(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "arena.cli", *args],
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def _write(path: Path, items: list[dict]) -> Path:
    path.write_text(
        "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8"
    )
    return path


def test_cpv_classify_suggests_fitting_codes(tmp_path):
    notices = _write(
        tmp_path / "n.jsonl",
        [
            {
                "id": "clean",
                "title": "Städtjänster",
                "text": "Städning av kontor och skolor",
                "lang": "sv",
            },
            {
                "id": "soft",
                "title": "Software",
                "text": "Supply of a software package for accounting",
                "lang": "en",
            },
        ],
    )
    result = _arena(
        "cpv",
        "classify",
        "--in",
        str(notices),
        "--top",
        "5",
        "--out",
        str(tmp_path / "p.jsonl"),
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    lines = [
        json.loads(line) for line in (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert [line["id"] for line in lines] == ["clean", "soft"]
    assert all(
        len(line["cpv"]) <= 5 and all(len(c["code"]) == 8 for c in line["cpv"]) for line in lines
    )
    assert lines[0]["cpv"][0]["code"].startswith("909")  # cleaning services
    assert lines[1]["cpv"][0]["code"][:2] in {"48", "72"}  # software packages or IT services


def test_match_malformed_input_fails_with_file_and_line_and_writes_nothing(tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": "q1", "text": "x"}\nnot json\n', encoding="utf-8")
    corpus = _write(tmp_path / "c.jsonl", [{"id": "d1", "text": "x"}])
    result = _arena(
        "match",
        "--queries",
        str(queries),
        "--corpus",
        str(corpus),
        "--top",
        "3",
        "--out",
        str(tmp_path / "r.jsonl"),
        tmp_path=tmp_path,
    )
    assert result.returncode == 2
    assert "q.jsonl, line 2" in result.stderr
    assert not (tmp_path / "r.jsonl").exists()


def _match_lexical(tmp_path, queries, corpus):
    """`arena match --method lexical` on one query; its output line."""
    out = tmp_path / "r.jsonl"
    result = _arena(
        "match",
        *("--queries", str(_write(tmp_path / "q.jsonl", queries))),
        *("--corpus", str(_write(tmp_path / "c.jsonl", corpus))),
        *("--top", "2", "--out", str(out), "--method", "lexical"),
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    (line,) = [json.loads(x) for x in out.read_text().splitlines()]
    return line


def test_match_lexical_ranks_the_matching_document_first(tmp_path):
    line = _match_lexical(
        tmp_path,
        [{"id": "q1", "title": "Matsvinn", "text": "Mindre matsvinn i skolan", "lang": "sv"}],
        [
            {"id": "water", "title": "Läckor", "text": "Läckage i vattenledningar", "lang": "sv"},
            {
                "id": "food",
                "title": "Matsvinn",
                "text": "Vågar som mäter matsvinn i skolans matsal",
                "lang": "sv",
            },
        ],
    )
    assert line["query_id"] == "q1"
    assert [r["id"] for r in line["results"]] == ["food", "water"]


def test_match_lexical_reads_a_known_subject_label_with_the_subjects_beneath_it(tmp_path):
    line = _match_lexical(
        tmp_path,
        [{"id": "q1", "title": "", "text": "Energy for district heating", "lang": "en"}],
        [
            {"id": "phys", "title": "Fysik", "text": "Physical Sciences", "lang": None},
            {"id": "mech", "title": "Maskinteknik", "text": "Mechanical Engineering", "lang": None},
        ],
    )
    # "Energy Engineering" is a level-3 subject beneath mechanical engineering.
    assert line["results"][0]["id"] == "mech"
    assert line["results"][0]["score"] > 0 == line["results"][1]["score"]


def test_windows_cut_at_spaces_and_stop_at_the_limit():
    text = "alpha beta gamma delta epsilon zeta eta theta"
    pieces = windows(text, 12, 10)
    assert all(len(p) <= 12 for p in pieces)
    assert " ".join(pieces) == text  # no word cut in two, nothing lost
    assert windows(text, 12, 2) == pieces[:2]
    assert windows("x" * 30, 12, 10) == ["x" * 12, "x" * 12, "x" * 6]  # no space: a hard cut
    assert windows("   ", 12, 10) == []


def _labels():
    return [
        Document("geo", "Geologi\nGeology", None, ("Geologi", "Geology")),
        Document("music", "Musik\nMusic", None, ("Musik", "Music")),
    ]


def test_against_labels_a_long_query_is_read_past_what_the_encoder_reads():
    # The query's first 40 characters say nothing; its subject comes later.
    query = Document("q", "filler words here and there and more of them geology geology", "en")
    embedder = ReadingEmbedder(max_chars=40)
    index = HybridIndex(_labels(), embedder, lexical_weight=0.0)
    (ranked,) = index.top_many([query], 2)
    assert len(embedder.asked) == 2  # two windows of the one query
    assert ranked[0][0] == "geo"
    long_text = " ".join(["word"] * 200)
    embedder.asked.clear()
    index.query_vectors([Document("q", long_text, "en")])
    assert len(embedder.asked) == QUERY_WINDOWS


def test_against_documents_a_query_is_embedded_once():
    documents = [Document(f"d{i}", "a document of prose " * 20, "en") for i in range(2)]
    embedder = ReadingEmbedder(max_chars=40)
    index = HybridIndex(documents, embedder)
    index.query_vectors([Document("q", "words " * 50, "en")])
    assert embedder.asked == ["words " * 50]


def test_bm25_counts_only_as_much_as_it_singles_a_document_out():
    corpus = [
        Document("a", "pump station", "en"),
        Document("b", "pump house", "en"),
        Document("c", "river bank", "en"),
    ]
    index = HybridIndex(corpus, ReadingEmbedder(max_chars=1000), lexical_weight=1.0)
    plain = HybridIndex(corpus, ReadingEmbedder(max_chars=1000), lexical_weight=0.0)

    def scores(idx, text):
        query = Document("q", text, "en")
        return dict(idx.rank([query], idx.query_vectors([query]), 3)[0])

    # "pump" matches a and b alike: no document is singled out, BM25 adds nothing.
    tied, base = scores(index, "pump"), scores(plain, "pump")
    assert tied == base
    # "station" matches a alone: the full weight goes to it.
    alone, base = scores(index, "station"), scores(plain, "station")
    assert alone["a"] - base["a"] > 0.9
    assert alone["b"] == base["b"]


def _titled(doc_id: str, title: str, body: str) -> Document:
    # The title stays out of the text here, so that only the title signal can tell them apart.
    return Document(doc_id, body, "en", (title, body), title)


# Longer than SHORT_TEXT: a corpus of documents, not of labels.
BODY = "a study of many things across several fields of work " * 8


def test_titles_decide_between_documents_whose_texts_match_alike():
    # Same body for both: only the titles tell them apart.
    body = BODY
    corpus = [
        _titled("rivers", "river flooding", body),
        _titled("roads", "road salting", body),
        _titled("other", "choir music", "songs sung by people in churches and halls " * 8),
    ]
    index = HybridIndex(corpus, ReadingEmbedder(max_chars=1000), lexical_weight=0.0)
    query = Document("q", body, "en", title="road salting")
    (ranked,) = index.top_many([query], 3)
    assert ranked[0][0] == "roads"
    plain = HybridIndex(corpus, ReadingEmbedder(max_chars=1000), lexical_weight=0.0, title_weight=0)
    scores = dict(plain.top_many([query], 3)[0])
    assert scores["roads"] == scores["rivers"]  # the texts alone tie


def test_titles_count_only_when_both_sides_have_one():
    body = BODY
    corpus = [_titled("rivers", "river flooding", body), _titled("roads", "road salting", body)]
    index = HybridIndex(corpus, ReadingEmbedder(max_chars=1000), lexical_weight=0.0)
    untitled = Document("q", f"road salting\n{body}", "en")
    assert index.title_scores([untitled], ["en"]) is None
    no_titles = [Document(d.id, d.text, d.language, d.parts) for d in corpus]
    assert HybridIndex(no_titles, ReadingEmbedder(1000)).title_vectors is None


def test_label_corpora_leave_titles_out():
    labels = [
        Document("geo", "Geologi\nGeology", None, ("Geologi", "Geology"), "Geologi"),
        Document("music", "Musik\nMusic", None, ("Musik", "Music"), "Musik"),
    ]
    assert HybridIndex(labels, ReadingEmbedder(1000)).title_vectors is None


def test_match_contract_lines_carry_their_titles():
    from arena.matching.cli import match_documents

    lines = [
        {"id": "a", "title": " river flooding ", "text": "body", "lang": "en"},
        {"id": "b", "title": None, "text": "body", "lang": None},
    ]
    corpus = match_documents(lines, corpus=True)
    asked = match_documents(lines, corpus=False)
    assert [d.title for d in corpus] == [d.title for d in asked] == ["river flooding", ""]
    assert corpus[0].parts == (" river flooding ", "body")
    assert asked[0].parts == ()


def test_a_lone_titled_document_of_its_language_still_compares_titles():
    # One English title among Swedish ones: centred on itself it would be a zero vector.
    corpus = [
        Document("en", BODY, "en", (), "road salting"),
        *(Document(f"sv{i}", BODY, "sv", (), f"rubrik nummer {i}") for i in range(3)),
    ]
    index = HybridIndex(corpus, ReadingEmbedder(max_chars=1000), lexical_weight=0.0)
    assert index.title_vectors is not None
    assert np.linalg.norm(index.title_vectors[0]) > 0.5
    rows, scores = index.title_scores([Document("q", BODY, "en", title="road salting")], ["en"])
    assert rows == [0]
    assert scores[0, 0] == scores[0].max() > 0
