"""The command-line contracts (kept stable; external evaluation calls exactly these):

  arena cpv classify --in N.jsonl --top K --out P.jsonl
  arena match --queries Q.jsonl --corpus C.jsonl --top K --out R.jsonl

Input lines: {"id": str, "title": str, "text": str, "lang": str|null}. Malformed input stops with the
file and line and writes no output file; the output is written to a temporary file and renamed.
"""

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from arena.matching.cpv import LEXICAL_WEIGHT as CPV_LEXICAL_WEIGHT
from arena.matching.cpv import CpvClassifier
from arena.matching.embed import E5Embedder
from arena.matching.hybrid import (
    GRAM_WEIGHT,
    LEXICAL_WEIGHT,
    TRANSLATED_WEIGHT,
    HybridIndex,
    lexical_index,
    narrower_of,
)
from arena.matching.index import Document


class InputError(Exception):
    pass


def read_items(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError(f"{path}, line {number}: not JSON ({error.msg})") from error
            if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
                raise InputError(
                    f'{path}, line {number}: needs an object with a non-empty string "id"'
                )
            for field in ("title", "text"):
                if not isinstance(item.get(field, ""), str):
                    raise InputError(f'{path}, line {number}: "{field}" must be a string')
            if item.get("lang") is not None and not isinstance(item["lang"], str):
                raise InputError(f'{path}, line {number}: "lang" must be a string or null')
            if item["id"] in seen:
                raise InputError(f"{path}, line {number}: duplicate id {item['id']!r}")
            seen.add(item["id"])
            items.append(item)
    return items


def _text(item: dict[str, Any]) -> str:
    return f"{item.get('title') or ''}\n{item.get('text') or ''}"


def _parts(item: dict[str, Any]) -> tuple[str, ...]:
    return tuple(p for p in (item.get("title") or "", item.get("text") or "") if p.strip())


def match_documents(items: list[dict[str, Any]], *, corpus: bool) -> list[Document]:
    """Contract lines as documents; a corpus line's fields also stand alone as parts (labels)."""
    return [
        Document(
            item["id"],
            _text(item),
            item.get("lang"),
            _parts(item) if corpus else (),
            (item.get("title") or "").strip(),
        )
        for item in items
    ]


def _report(done: int, total: int, label: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r{label}: {min(done, total)}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def write_lines(path: Path, lines: Iterable[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            for line in lines:
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def cpv_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="arena cpv", description="Suggest CPV codes for texts.")
    sub = parser.add_subparsers(dest="command", required=True)
    classify = sub.add_parser("classify", help="classify a JSONL file of texts")
    classify.add_argument("--in", dest="input", type=Path, required=True)
    classify.add_argument("--top", type=int, default=10)
    classify.add_argument("--out", type=Path, required=True)
    classify.add_argument("--cpv-file", type=Path, default=None, help=argparse.SUPPRESS)
    classify.add_argument(
        "--method",
        choices=["hybrid", "lexical", "semantic"],
        default="hybrid",
        help=argparse.SUPPRESS,
    )
    args = parser.parse_args(argv)
    if args.top < 1:
        parser.error("--top must be at least 1")
    try:
        items = read_items(args.input)
    except InputError as error:
        print(f"arena cpv classify: {error}", file=sys.stderr)
        return 2
    embedder = None if args.method == "lexical" else E5Embedder()
    weight = 0.0 if args.method == "semantic" else CPV_LEXICAL_WEIGHT
    # e5 alone reads the labels only; the labelled examples are the whole classifier's.
    classifier = CpvClassifier.from_file(
        args.cpv_file,
        embedder=embedder,
        lexical_weight=weight,
        use_examples=args.method == "hybrid",
    )
    found: list[list[tuple[str, float]]] = []
    batch = 32
    for start in range(0, len(items), batch):
        chunk = items[start : start + batch]
        found += classifier.classify_many(
            [i.get("text") or "" for i in chunk],
            [i.get("lang") for i in chunk],
            args.top,
            titles=[i.get("title") or "" for i in chunk],
        )
        _report(start + batch, len(items), "classifying")
    results = [
        {
            "id": item["id"],
            "cpv": [{"code": code, "score": round(score, 6)} for code, score in codes],
        }
        for item, codes in zip(items, found, strict=True)
    ]
    write_lines(args.out, results)
    return 0


def match_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="arena match", description="Rank corpus documents for each query."
    )
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--method",
        choices=["hybrid", "lexical", "semantic"],
        default="hybrid",
        help=argparse.SUPPRESS,
    )
    args = parser.parse_args(argv)
    if args.top < 1:
        parser.error("--top must be at least 1")
    try:
        queries = read_items(args.queries)
        corpus = read_items(args.corpus)
    except InputError as error:
        print(f"arena match: {error}", file=sys.stderr)
        return 2
    if not corpus:
        print(f"arena match: {args.corpus}: the corpus is empty", file=sys.stderr)
        return 2
    documents = match_documents(corpus, corpus=True)
    asked = match_documents(queries, corpus=False)
    if args.method == "lexical":  # BM25 alone, known labels still read with those beneath them
        index = lexical_index(documents, narrower_of(documents))
        ranked = [index.top(q.text, q.language, args.top) for q in asked]
    else:
        # e5 alone: no stemmed, translated or pieced words (known labels are still read with
        # the labels beneath them, as in BM25 alone: that is the corpus, not the method)
        semantic = args.method == "semantic"
        hybrid = HybridIndex(
            documents,
            E5Embedder(),
            lexical_weight=0.0 if semantic else LEXICAL_WEIGHT,
            gram_weight=0.0 if semantic else GRAM_WEIGHT,
            translated_weight=0.0 if semantic else TRANSLATED_WEIGHT,
        )
        # All queries are encoded before any is ranked: their centring uses the whole batch.
        chunks = []
        batch = 32
        for start in range(0, len(asked), batch):
            chunks.append(hybrid.query_vectors(asked[start : start + batch]))
            _report(start + batch, len(asked), "matching")
        vectors = np.concatenate(chunks) if chunks else np.zeros((0, 1), dtype=np.float32)
        ranked = hybrid.rank(asked, vectors, args.top)
    results = [
        {
            "query_id": query.id,
            "results": [{"id": doc_id, "score": round(score, 6)} for doc_id, score in found],
        }
        for query, found in zip(asked, ranked, strict=True)
    ]
    write_lines(args.out, results)
    return 0
