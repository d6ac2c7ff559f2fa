"""Matchday scheduler benchmark (no Django): objective, bound, gap, time and peak memory of the
greedy and of the full scheduler on the dev instance and on generated instances of three sizes.

    .venv/bin/python bench/scheduling.py [--quick] [--only dev,small,medium,large] [--seed N]

Each run happens in a fresh process, so peak memory (max RSS, HiGHS included) is that run's own:
the sum of the scheduler's process and its helper process (the whole-model MIP on the second core).
Limits: 60 s for the dev instance and 120 s for the generated ones (scheduling.md targets);
`--quick` uses 10 s and 20 s.
"""

import argparse
import json
import multiprocessing
import os
import platform
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

DEV = ROOT.parent / "shared" / "data" / "matchday" / "dev_s1_150p_600r_12s_20t.json"


def _instance_data(name: str, seed: int) -> dict[str, Any]:
    from arena.scheduling.generate import SIZES, generate

    if name == "dev":
        data: dict[str, Any] = json.loads(DEV.read_text())
        return data
    return generate(*SIZES[name], seed=seed)


def _run(name: str, seed: int, method: str, time_limit: float, queue: Any) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from arena.scheduling import evaluate, greedy, instance_from_json, solve, validate

    instance = instance_from_json(_instance_data(name, seed))
    started = time.perf_counter()
    row: dict[str, Any] = {}
    if method == "greedy":
        schedule = greedy(instance)
        report = evaluate(instance, schedule)
        row["objective"] = report.objective
    else:
        result = solve(instance, time_limit=time_limit)
        schedule, report = result.schedule, result.report
        row.update(
            objective=result.objective,
            bound=result.bound,
            gap=result.gap,
            greedy=result.greedy_objective,
            method=result.method,
        )
    row["seconds"] = time.perf_counter() - started
    row["valid"] = not validate(instance, schedule)
    row["without"] = len(report.without_meeting)
    row["idle_gaps"] = report.idle_gaps
    # This process plus its helper process (the whole-model MIP), both at their peaks.
    row["peak_mb"] = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    ) / 1024
    queue.put(row)


def _measure(name: str, seed: int, method: str, time_limit: float) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_run, args=(name, seed, method, time_limit, queue))
    process.start()
    row: dict[str, Any] = queue.get()
    process.join()
    return row


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{platform.node()} · {platform.platform()} · {cpu} · {os.cpu_count()} cores · "
        f"Python {platform.python_version()} · load average {load}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short time limits (10 s / 20 s)")
    parser.add_argument("--only", default="dev,small,medium,large", help="instances to run")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    args = parser.parse_args()
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    if "dev" in names and not DEV.exists():
        print(f"skipping dev: {DEV} is not here")
        names.remove("dev")

    print(f"machine: {_machine()}")
    print(f"highspy {_highs_version()}; seed {args.seed}; {'quick' if args.quick else 'full'}")
    header = f"{'instance':<8} {'method':<10} {'objective':>10} {'bound':>10} {'gap':>7} "
    header += f"{'time s':>7} {'peak MB':>8} {'no mtg':>6} {'gaps':>5} valid"
    print(header)
    for name in names:
        limit = (10.0 if args.quick else 60.0) if name == "dev" else (20.0 if args.quick else 120.0)
        greedy_row = _measure(name, args.seed, "greedy", limit)
        _print(name, "greedy", greedy_row)
        full = _measure(name, args.seed, "solve", limit)
        _print(name, f"full {limit:g}s", full)
    print("figures are from a shared machine (other jobs running): read them as pessimistic")
    return 0


def _highs_version() -> str:
    import highspy

    return str(highspy.Highs().version())


def _print(name: str, method: str, row: dict[str, Any]) -> None:
    bound = f"{row['bound']:.0f}" if row.get("bound") is not None else "-"
    gap = f"{100 * row['gap']:.2f}%" if row.get("gap") is not None else "-"
    print(
        f"{name:<8} {method:<10} {row['objective']:>10.0f} {bound:>10} {gap:>7} "
        f"{row['seconds']:>7.1f} {row['peak_mb']:>8.0f} {row['without']:>6} "
        f"{row['idle_gaps']:>5} {'yes' if row['valid'] else 'NO'}",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
