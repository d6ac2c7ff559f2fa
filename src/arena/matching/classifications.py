"""Narrower labels of the classifications Arena ships, for corpora made of broad labels.

A broad label says little of what falls under it: "Maskinteknik / Mechanical Engineering" names
neither energy engineering nor vehicles, which the Swedish research-subject classification (SCB)
places beneath it. When `arena match` is given a corpus of labels and most of them are labels Arena
knows, the labels beneath each are read with it (`hybrid.HybridIndex`), as the CPV classifier reads
a code's ancestors.

Shipped: SCB's research subjects, levels 2 and 3 (`data/research_subjects.csv`, built by
tools/build_research_subjects.py from SweCRIS records; provenance in data/README.md).
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def normalised(label: str) -> str:
    """A label's words, lower case, without punctuation: how labels are compared."""
    return " ".join(re.findall(r"[^\W_]+", label.casefold()))


@dataclass(frozen=True)
class Classification:
    """Broad labels with labels beneath them (each wording normalised) → their code; code → the
    labels beneath it."""

    codes: dict[str, str]
    beneath: dict[str, tuple[str, ...]]

    @property
    def all_narrower(self) -> tuple[str, ...]:
        return tuple(sorted({label for labels in self.beneath.values() for label in labels}))


def classification_from_rows(rows: Iterable[dict[str, str]]) -> Classification:
    """Rows of code, level, parent_code, label_sv, label_en: level 2 broad, level 3 beneath.

    A wording two broad subjects share names neither: it is left out rather than given to one."""
    rows = list(rows)
    beneath: dict[str, list[str]] = {}
    for row in rows:
        if row["level"] == "3":
            labels = beneath.setdefault(row["parent_code"], [])
            labels.extend(label for label in (row["label_sv"], row["label_en"]) if label)
    codes: dict[str, str] = {}
    shared: set[str] = set()
    for row in rows:
        if row["level"] != "2":
            continue
        for label in (row["label_sv"], row["label_en"], f"{row['label_sv']} {row['label_en']}"):
            key = normalised(label)
            if key and codes.setdefault(key, row["code"]) != row["code"]:
                shared.add(key)
    # A subject with nothing beneath it adds nothing to its label: it is not kept as known.
    codes = {key: code for key, code in codes.items() if key not in shared and beneath.get(code)}
    return Classification(
        codes=codes, beneath={code: tuple(labels) for code, labels in beneath.items()}
    )


@lru_cache(maxsize=1)
def research_subjects() -> Classification:
    path = resources.files("arena.matching") / "data" / "research_subjects.csv"
    return classification_from_rows(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def known_code(parts: Sequence[str], classification: Classification | None = None) -> str | None:
    """The code of a label Arena knows, given its parts (its Swedish and English wording): all the
    parts together, or every part alone naming the same code; None otherwise."""
    known = classification or research_subjects()
    whole = known.codes.get(normalised(" ".join(parts)))
    if whole:
        return whole
    found = {known.codes.get(normalised(part)) for part in parts if normalised(part)}
    return found.pop() if len(found) == 1 and None not in found else None


def narrower_labels(parts: Sequence[str]) -> tuple[str, ...]:
    """The labels beneath a label Arena knows; () for a text that is no known label."""
    code = known_code(parts)
    return research_subjects().beneath.get(code, ()) if code else ()
