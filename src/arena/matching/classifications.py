"""Narrower labels of the classifications Arena ships, for corpora made of broad labels.

A broad label says little of what falls under it: "Maskinteknik / Mechanical Engineering" names
neither energy engineering nor vehicles, which the Swedish research-subject classification (SCB)
places beneath it. When `arena match` is given a corpus of labels and a label is one Arena knows,
the labels beneath it are read with it (`hybrid.HybridIndex`), as the CPV classifier reads a
code's ancestors.

Shipped: SCB's research subjects, levels 2 and 3 (`data/research_subjects.csv`, built by
tools/build_research_subjects.py from SweCRIS records; provenance in docs/decisions/0002-matching.md).
"""

import csv
import io
import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources


def normalised(label: str) -> str:
    """A label's words, lower case, without punctuation: how labels are compared."""
    return " ".join(re.findall(r"[^\W_]+", label.casefold()))


@lru_cache(maxsize=1)
def research_subjects() -> dict[str, tuple[str, ...]]:
    """Each level-2 subject's labels (Swedish, English, both joined), normalised → the labels of
    its level-3 subjects, as written."""
    path = resources.files("arena.matching") / "data" / "research_subjects.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    beneath: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row["level"] == "3":
            beneath[row["parent_code"]].extend(
                label for label in (row["label_sv"], row["label_en"]) if label
            )
    known: dict[str, tuple[str, ...]] = {}
    for row in rows:
        if row["level"] == "2" and beneath[row["code"]]:
            for label in (row["label_sv"], row["label_en"], f"{row['label_sv']} {row['label_en']}"):
                if normalised(label):
                    known[normalised(label)] = tuple(beneath[row["code"]])
    return known


def narrower_labels(parts: Sequence[str]) -> tuple[str, ...]:
    """The labels beneath a label Arena knows, given the label's parts (its Swedish and English
    wording, each or together); () for a text that is no known label."""
    known = research_subjects()
    for key in (" ".join(parts), *parts):
        found = known.get(normalised(key))
        if found:
            return found
    return ()
