"""Matching quality, side by side: BM25 alone, e5 alone and the full engine on the dev data.

Runs the project's evaluator (../shared/tools/evaluate.py) once per method, through the same
command-line contracts the external evaluation calls, and prints one table:

    .venv/bin/python bench/matching_quality.py [--preset quick|standard|full] [--tasks t1,t2,t3]

The method is chosen with the CLI's hidden `--method` flag, appended by a small wrapper script.
"""

import argparse
import json
import os
import platform
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
METHODS = ("lexical", "semantic", "hybrid")
# (label, call, slice or None, metric)
ROWS = [
    ("CPV division@1, all languages", "t1_cpv", "all", "div_acc1"),
    ("CPV division@1, English + Swedish", "t1_cpv", "en_sv", "div_acc1"),
    ("CPV division@1, Swedish text", "t1_cpv", "sv_text", "div_acc1"),
    ("CPV group@1, all languages", "t1_cpv", "all", "group_acc1"),
    ("CPV exact hit@5, all languages", "t1_cpv", "all", "exact_hit5"),
    ("sv title+abstract → en, Recall@1", "t2_sv2en", None, "hit1"),
    ("sv title+abstract → en, Recall@10", "t2_sv2en", None, "hit10"),
    ("sv title+abstract → en, MRR@10", "t2_sv2en", None, "mrr10"),
    ("en title+abstract → sv, Recall@1", "t2_en2sv", None, "hit1"),
    ("sv title → en abstract, Recall@1", "t2_svtitle2enabs", None, "hit1"),
    ("sv title → en abstract, MRR@10", "t2_svtitle2enabs", None, "mrr10"),
    ("research subject acc@1, Swedish text", "t3_sv", None, "acc1"),
    ("research subject acc@1, English text", "t3_en", None, "acc1"),
]


def evaluator() -> Path:
    for candidate in (ROOT.parent / "shared" / "tools" / "evaluate.py",):
        if candidate.is_file():
            return candidate
    sys.exit("bench/matching_quality.py: ../shared/tools/evaluate.py not found")


def machine() -> str:
    cpu = platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def run_method(method: str, args: argparse.Namespace, work: Path) -> dict[str, object]:
    wrapper = work / f"arena-{method}"
    arena = ROOT / ".venv" / "bin" / "arena"
    wrapper.write_text(f'#!/bin/sh\nexec "{arena}" "$@" --method {method}\n', encoding="utf-8")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    out = work / f"{method}.json"
    command = [
        sys.executable,
        str(evaluator()),
        "run",
        "--cmd",
        str(wrapper),
        "--checkout",
        str(ROOT),
        "--work",
        str(work / method),
        "--preset",
        args.preset,
        "--json-out",
        str(out),
    ]
    if args.tasks:
        command += ["--tasks", args.tasks]
    print(f"[bench] {method} …", file=sys.stderr, flush=True)
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL)  # noqa: S603  # our own evaluator
    if not out.is_file():
        sys.exit(f"bench/matching_quality.py: the {method} run wrote no result (see {work})")
    result: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return result


def cell(result: dict[str, object], call: str, part: str | None, metric: str) -> str:
    metrics = result.get("metrics", {})
    assert isinstance(metrics, dict)
    value = metrics.get(call, {})
    if part is not None:
        value = value.get(part, {})
    figure = value.get(metric)
    return "–" if figure is None else f"{figure:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", choices=["quick", "standard", "full"], default="quick")
    parser.add_argument("--tasks", default="", help="e.g. t1,t2 (default: all)")
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--work", type=Path, default=None, help="keep the runs in this folder")
    args = parser.parse_args()
    methods = [m for m in args.methods.split(",") if m]
    work = args.work or Path(tempfile.mkdtemp(prefix="arena-matching-quality-"))
    work.mkdir(parents=True, exist_ok=True)
    results = {}
    for method in methods:
        results[method] = run_method(method, args, work)
        calls = results[method].get("calls", [])
        assert isinstance(calls, list)
        for call in calls:
            print(f"[bench] {method} {call['name']}: {call['wall_s']} s", file=sys.stderr)
    print(f"Matching quality on the dev data, --preset {args.preset} ({machine()})")
    print(f"| task | {' | '.join(methods)} |")
    print(f"|---|{'---|' * len(methods)}")
    for label, call, part, metric in ROWS:
        cells = [cell(results[m], call, part, metric) for m in methods]
        if all(c == "–" for c in cells):
            continue
        print(f"| {label} | {' | '.join(cells)} |")
    print(f"(runs kept in {work})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
