"""CPV suggestions that learn from the platform's notices: what the examples cost a process.

    .venv/bin/python bench/cpv_examples.py [--sizes 1000,5000,20000] [--embed 100]

Runs on a scratch SQLite database (in a temporary folder, migrated first) through the project's own
functions (`arena.reference.services`, `arena.reference.suggest`), with the real e5 model and CPV
file. It measures:

- embedding new examples after an import (`cpv_examples_embed`, real notice texts): forms per second;
- reading the examples again after they changed (`suggest._read_examples`, one query for the version,
  then every row): what the first suggestion after an import pays, per number of examples;
- a suggestion's time with that many examples, against the shipped 333 alone;
- the process's resident memory before and after each read (the script writes the rows itself, which
  grows the process too).

Beyond the embedded notices, examples are shipped example vectors plus Gaussian noise (cosine
about 0.9), with the shipped examples' codes: timing and memory depend on their number, not on
their meaning.
"""

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
NOTICES = ROOT / "src/arena/demo/content/notices/ted_notices_2014_2022_dev.jsonl"
TEXTS = [
    "Snöröjning och halkbekämpning på kommunens gator och cykelvägar",
    "Ramavtal transporter med lastbil åt kommunens tekniska förvaltning",
    "Digital plattform för bokning av lokaler i skolor och fritidsgårdar",
    "Cleaning services for the municipal offices and schools",
    "Solar panels on the roofs of public buildings, installation and maintenance",
]
SIGMA = 0.025


def _rss_mb() -> str:
    # Now (from /proc) and the peak (ru_maxrss, KiB on Linux): the peak is what a machine must have.
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    now = pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return f"RSS {now:.0f} MB (peak {peak:.0f} MB)"


def _ms(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--embed", type=int, default=100, help="real notice forms to embed")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]

    folder = tempfile.mkdtemp(prefix="arena-bench-cpv-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arena.settings.base")
    os.environ["ARENA_CPV_EXAMPLES_MAX"] = str(max(sizes) + args.embed)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import F
    from django.utils import timezone

    from arena.matching.cpv import notice_example_text, shipped_examples
    from arena.reference import suggest
    from arena.reference.models import CpvExample, CpvExampleGeneration
    from arena.reference.services import CpvExampleForm, cpv_examples_embed, cpv_examples_set

    call_command("migrate", verbosity=0)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    classifier = suggest._get_classifier()
    embedder = classifier.embedder
    assert embedder is not None, "ARENA_CPV_SEMANTIC is off: the examples would go unread"
    shipped = shipped_examples()
    assert shipped is not None

    def suggest_times() -> list[float]:
        times = []
        for text in TEXTS * 4:
            started = time.perf_counter()
            suggest.cpv_suggest(text=text)
            times.append(time.perf_counter() - started)
        return times

    print(f"shipped examples only ({len(shipped)}): suggestion {_ms(suggest_times())}, {_rss_mb()}")

    notices = [json.loads(line) for line in NOTICES.open(encoding="utf-8")][: args.embed]
    forms = {
        f"notice:bench:{n['notice_id']}": [
            CpvExampleForm(
                title=f"{n['title']} (bench)",
                text=notice_example_text(
                    n.get("description") or "",
                    [
                        (lot.get("title") or "", lot.get("description") or "")
                        for lot in n.get("lots") or []
                    ],
                ),
                language=(n.get("lang") or "").lower(),
                code=n["cpv_main"],
            )
        ]
        for n in notices
    }
    cpv_examples_set(forms_by_source=forms)
    started = time.perf_counter()
    embedded = cpv_examples_embed(embedder=embedder)
    seconds = time.perf_counter() - started
    print(f"embedding {embedded} notice forms: {seconds:.1f} s, {embedded / seconds:.1f} forms/s")

    rng = np.random.default_rng(1)
    written = 0
    for size in sizes:
        rows = []
        for n in range(written, size):
            i = int(rng.integers(len(shipped)))
            vector = shipped.vectors[i] + SIGMA * rng.standard_normal(shipped.vectors.shape[1])
            vector = (vector / np.linalg.norm(vector)).astype(np.float32)
            rows.append(
                CpvExample(
                    source=f"notice:synthetic:{n}",
                    language=shipped.languages[i],
                    code=shipped.codes[i],
                    key=f"synthetic-{n}",
                    model=embedder.name,
                    vector=vector.tobytes(),
                    updated_at=timezone.now(),
                )
            )
        CpvExample.objects.bulk_create(rows, batch_size=1000)
        # Written around the services, so raise the generation as they do.
        CpvExampleGeneration.objects.filter(pk=1).update(number=F("number") + 1)
        written = size
        del rows
        before = (
            _rss_mb()
        )  # this script's own writing grows the process too: compare around the read
        started = time.perf_counter()
        suggest._get_classifier()  # the version changed: the examples are read again
        reread = time.perf_counter() - started
        times = suggest_times()
        held = len(classifier.examples) if classifier.examples is not None else 0
        print(
            f"{size + embedded:>6,} platform examples: read again in {reread * 1000:.0f} ms; "
            f"suggestion {_ms(times)}; {held:,} held; before the read {before}, after {_rss_mb()}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
