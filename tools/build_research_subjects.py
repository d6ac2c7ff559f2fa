"""Extract the Swedish research-subject classification (SCB, levels 2 and 3) from SweCRIS records.

Writes src/arena/matching/data/research_subjects.csv (code, level, parent_code, label_sv,
label_en): the subjects' codes and labels only, no project data. The records' subject labels
come from the SweCRIS API, where a label is written either as a Swedish / English pair or joined
("Geometri, Geometry     1: Naturvetenskap", with the level-1 subject's English label in label_en),
and where a pair's Swedish label may hold the start of the English one ("Jordbruksvetenskap,
Agriculture" / "Forestry and Fisheries"). The pair is preferred; either way the Swedish label ends
where ", " and a capital letter begin the English. Only subjects that occur in the records are
listed: the file is as complete as the records are. Run again when the records change:
  .venv/bin/python tools/build_research_subjects.py ../shared/data/corpora/swecris_kth_dev.jsonl
"""

import csv
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "arena" / "matching" / "data" / "research_subjects.csv"
UNCLASSIFIED = {"999", "99999"}
JOINED_TAIL = re.compile(r"\s{2,}\d+:.*$")
ENGLISH_START = re.compile(r", [A-Z]")


def _clean(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def _split(label_sv: str, label_en: str) -> tuple[str, str]:
    """The Swedish label up to where ", " and a capital letter begin the English words it holds;
    those words lead the English label."""
    label_sv, label_en = _clean(label_sv), _clean(label_en)
    found = ENGLISH_START.search(label_sv)
    if found is None:
        return label_sv, label_en
    english = label_sv[found.start() + 2 :]
    return label_sv[: found.start()], f"{english}, {label_en}" if label_en else english


def main(source: Path) -> None:
    variants: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for line in source.open(encoding="utf-8"):
        for subject in json.loads(line).get("scb_subjects") or []:
            code, level = str(subject["code"]), int(subject["level"])
            if level in (2, 3) and code not in UNCLASSIFIED:
                pair = (subject.get("label_sv") or "", subject.get("label_en") or "")
                variants[code][pair] += 1
    rows = []
    for code in sorted(variants):
        pairs = [pair for pair, _ in variants[code].most_common()]
        whole = [(sv, en) for sv, en in pairs if not JOINED_TAIL.search(sv)]
        if whole:
            label_sv, label_en = _split(*whole[0])
        else:  # only joined forms: "Swedish, English" before the level-1 tail
            label_sv, label_en = _split(JOINED_TAIL.sub("", pairs[0][0]), "")
        level = 2 if len(code) == 3 else 3
        rows.append(
            [code, level, code[:3] if level == 3 else "", _clean(label_sv), _clean(label_en)]
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "level", "parent_code", "label_sv", "label_en"])
        writer.writerows(rows)
    levels = Counter(row[1] for row in rows)
    print(f"{OUT}: {levels[2]} level-2 and {levels[3]} level-3 subjects")


if __name__ == "__main__":
    main(
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else ROOT.parent / "shared/data/corpora/swecris_kth_dev.jsonl"
    )
