"""What a match's score means: the engine's scores of translated pairs and of different projects.

SUGGESTION_SCORE_FLOOR (arena.matches.enums) was chosen from this: 300 SweCRIS projects with both
abstracts (../shared/data/corpora/swecris_kth_dev.jsonl, a fixed random draw), each Swedish title and
abstract matched against the 300 English ones through `MatchEngine` with e5. A project's own
translation is the best match there can be; the other 299 are different projects of one university,
often neighbouring subjects, so their scores are an upper bound for unrelated pairs. Takes about
three minutes on two cores:
    ARENA_EMBED_THREADS=2 .venv/bin/python bench/suggestion_floor.py
"""

import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from arena.matching.embed import E5Embedder  # noqa: E402
from arena.matching.engine import Item, MatchEngine  # noqa: E402

CORPUS = ROOT.parent / "shared" / "data" / "corpora" / "swecris_kth_dev.jsonl"
PROJECTS = 300


def main() -> None:
    with CORPUS.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    rows = [r for r in rows if r["abstract_sv"] and r["abstract_en"]]
    random.Random(1).shuffle(rows)  # noqa: S311  # a fixed draw, not a secret
    rows = rows[:PROJECTS]
    engine = MatchEngine(E5Embedder())
    engine.upsert(
        [
            Item(f"en:{r['project_id']}", "solution", r["title_en"], r["abstract_en"], "en")
            for r in rows
        ]
    )
    own, other, nearest = [], [], []
    for r in rows:
        query = Item(f"sv:{r['project_id']}", "challenge", r["title_sv"], r["abstract_sv"], "sv")
        matches = engine.match(query, kinds={"solution"}, k=len(rows))
        others = [m.score for m in matches if m.id != f"en:{r['project_id']}"]
        own += [m.score for m in matches if m.id == f"en:{r['project_id']}"]
        other += others
        nearest.append(others[0])
    own_scores, other_scores, nearest_scores = np.array(own), np.array(other), np.array(nearest)

    def cut(scores: np.ndarray, *percents: float) -> str:
        return ", ".join(
            f"p{p:g} {v:.3f}"
            for p, v in zip(percents, np.percentile(scores, percents), strict=True)
        )

    print(f"own translation: {cut(own_scores, 5, 50)}")
    print(f"another project: {cut(other_scores, 50, 90, 99, 99.9)}")
    print(f"nearest other project: {cut(nearest_scores, 10, 50)}")
    for floor in (0.0, 0.05, 0.1, 0.15, 0.2):
        print(f"floor {floor}: {(other_scores >= floor).mean():.3f} of the other pairs kept")


if __name__ == "__main__":
    main()
