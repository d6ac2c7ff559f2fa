"""Embed the labelled TED notices Arena ships, as examples for the CPV classifier.

Reads the TED dev sample in src/arena/demo/content/notices/ (see its README for provenance) and
writes src/arena/matching/data/cpv_examples.npz: per form of a notice (its original text and its
official Swedish or English translation), the classifier's query vector (float16), language,
main CPV code, the notice's number among the sources and the form's `example_key` (no text and no
notice id: the classifier needs neither).
A notice's text is its description followed by its lots' titles and descriptions, each once
(`cpv.notice_example_text`, as notice imports read the platform's own notices): the
file is read here as the shared evaluator reads it (not through `arena.notices`' importer, which
shortens titles to 500 characters), so that a dev notice given to the classifier finds its own
examples and leaves them out (tests/matching/test_cpv_classifier.py checks this against the evaluator).
Takes about half a minute on two cores; run again when the notices or the model change:
    .venv/bin/python tools/build_cpv_examples.py
"""

import json
import sys
from pathlib import Path

import numpy as np

from arena.matching.cpv import EXAMPLES_FILE, example_key, notice_example_text, text_vectors
from arena.matching.embed import E5Embedder

ROOT = Path(__file__).resolve().parent.parent
NOTICES = (
    ROOT / "src" / "arena" / "demo" / "content" / "notices" / "ted_notices_2014_2022_dev.jsonl"
)
OUT = ROOT / "src" / "arena" / "matching" / "data" / EXAMPLES_FILE
# Arena's languages: official translations into others would add examples no user reads.
TRANSLATIONS = ("SV", "EN")


def clean(text: str | None) -> str:
    return " ".join((text or "").split())


def notice_text(notice: dict) -> str:
    lots = [
        (lot.get("title") or "", lot.get("description") or "") for lot in notice.get("lots") or []
    ]
    return notice_example_text(notice.get("description") or "", lots)


def forms(notice: dict) -> list[tuple[str, str, str]]:
    """(title, text, language) of the notice's original and of its translations into sv / en."""
    found = [(clean(notice.get("title")), notice_text(notice), (notice.get("lang") or "").lower())]
    for translation in notice.get("translations") or []:
        language = (translation.get("lg") or "").upper()
        title, text = clean(translation.get("title")), clean(translation.get("short_descr"))
        if language in TRANSLATIONS and (title or text):
            found.append((title, text, language.lower()))
    return found


def main() -> None:
    titles, texts, languages, codes, sources, keys = [], [], [], [], [], []
    with NOTICES.open(encoding="utf-8") as handle:
        notices = [json.loads(line) for line in handle if line.strip()]
    for number, notice in enumerate(n for n in notices if n.get("cpv_main")):
        for title, text, language in forms(notice):
            titles.append(title)
            texts.append(text)
            languages.append(language)
            codes.append(notice["cpv_main"])
            sources.append(number)
            keys.append(example_key(title, text))
    vectors = text_vectors(E5Embedder(), titles, texts)
    np.savez_compressed(
        OUT,
        vectors=vectors.astype(np.float16),
        languages=np.array(languages),
        codes=np.array(codes),
        sources=np.array(sources, dtype=np.int32),
        keys=np.array(keys),
    )
    print(f"{len(codes)} forms of {sources[-1] + 1} notices → {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
