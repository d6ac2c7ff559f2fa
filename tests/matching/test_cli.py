"""The command-line contracts, run as the external evaluation runs them (a subprocess, JSONL in and out)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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


def test_match_lexical_ranks_the_matching_document_first(tmp_path):
    queries = _write(
        tmp_path / "q.jsonl",
        [{"id": "q1", "title": "Matsvinn", "text": "Mindre matsvinn i skolan", "lang": "sv"}],
    )
    corpus = _write(
        tmp_path / "c.jsonl",
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
    result = _arena(
        "match",
        "--queries",
        str(queries),
        "--corpus",
        str(corpus),
        "--top",
        "2",
        "--out",
        str(tmp_path / "r.jsonl"),
        "--method",
        "lexical",
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    (line,) = [json.loads(x) for x in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert line["query_id"] == "q1"
    assert [r["id"] for r in line["results"]] == ["food", "water"]
