"""Embed every CPV label (Swedish and English) once, for the CPV classifier.

Writes, in src/arena/matching/data/ (float16, L2-normalised, rows in the CSV's order):
  cpv_e5_{sv,en}.npy         each label with its parent's label in brackets, as an e5 passage;
  cpv_e5q_{sv,en,de}.npy     each label alone, as an e5 query (short text against short text);
and cpv_codes.txt. Takes a few minutes on two cores; run again only when the CPV file or the
model changes:  .venv/bin/python tools/build_cpv_vectors.py
"""

import csv
import sys
from pathlib import Path

import numpy as np

from arena.matching.cpv import LABEL_FORMS
from arena.matching.embed import E5Embedder

ROOT = Path(__file__).resolve().parent.parent
CPV = ROOT / "src" / "arena" / "reference" / "data" / "cpv_2008.csv"
OUT = ROOT / "src" / "arena" / "matching" / "data"


def main() -> None:
    rows = list(csv.DictReader(CPV.open(encoding="utf-8")))
    by_code = {r["code"]: r for r in rows}
    embedder = E5Embedder()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "cpv_codes.txt").write_text("\n".join(r["code"] for r in rows) + "\n", encoding="utf-8")
    for stem, form, languages in LABEL_FORMS:
        for language in languages:
            if form == "passage":
                texts = []
                for row in rows:
                    parent = by_code.get(row["parent_code"])
                    label = row[f"label_{language}"]
                    texts.append(f"{label} ({parent[f'label_{language}']})" if parent else label)
                vectors = embedder.passages(texts)
            else:
                vectors = embedder.queries([row[f"label_{language}"] for row in rows])
            np.save(OUT / f"{stem}_{language}.npy", vectors.astype(np.float16))
            print(stem, language, vectors.shape, file=sys.stderr)


if __name__ == "__main__":
    main()
