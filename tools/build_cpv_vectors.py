"""Embed every CPV label (Swedish and English, with its parent's label) once, for the CPV classifier.

Writes src/arena/matching/data/cpv_e5_{sv,en}.npy (float16, L2-normalised, rows in the CSV's order)
and cpv_codes.txt. Takes a few minutes on two cores; run again only when the CPV file or the model
changes:  .venv/bin/python tools/build_cpv_vectors.py
"""

import csv
from pathlib import Path

import numpy as np

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
    for language in ("sv", "en"):
        texts = []
        for row in rows:
            parent = by_code.get(row["parent_code"])
            label = row[f"label_{language}"]
            texts.append(f"{label} ({parent[f'label_{language}']})" if parent else label)
        vectors = embedder.passages(texts)
        np.save(OUT / f"cpv_e5_{language}.npy", vectors.astype(np.float16))
        print(language, vectors.shape)


if __name__ == "__main__":
    main()
