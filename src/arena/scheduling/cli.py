"""`arena schedule --in INSTANCE.json --out SCHEDULE.json [--time-limit SECONDS]`

Writes exactly the schedule format of scheduling.md (`{"meetings": [...]}`); the report (objective,
bound, gap, meetings per person, people without a meeting, idle gaps) goes to stderr, and with
`--report FILE` also to a JSON file. The whole run, start-up included, stays within the time limit.
A malformed instance exits with status 2, names the first problems and writes nothing.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from arena.scheduling.model import InstanceError, instance_from_json, validate
from arena.scheduling.report import schedule_to_json
from arena.scheduling.solve import Result, solve

WRITE_MARGIN = 0.3  # seconds kept for validating and writing the output


def _started_at() -> float:
    """Seconds (monotonic clock) at which this process started, so start-up counts too."""
    now = time.monotonic()
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[19])  # field 22 of the whole line: start time in clock ticks after boot
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        age = uptime - ticks / os.sysconf("SC_CLK_TCK")
        return now - max(0.0, min(age, 30.0))
    except (OSError, ValueError, IndexError):
        return now


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError("the time limit must be positive")
    return value


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False)
            out.write("\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _summary(result: Result) -> str:
    report = result.report
    counts = Counter(report.meetings_per_person.values())
    spread = ", ".join(f"{k}: {counts[k]}" for k in sorted(counts))
    bound = f"{result.bound:g}" if result.bound is not None else "unknown"
    gap = f"{100 * result.gap:.2f} %" if result.gap is not None else "unknown"
    without = ", ".join(map(str, report.without_meeting)) or "none"
    return "\n".join(
        [
            f"objective {result.objective:g} (greedy {result.greedy_objective:g}), "
            f"bound {bound}, gap {gap}, {result.seconds:.1f} s, method {result.method}",
            f"scheduled weight {report.weight:g}, gap penalty {report.gap_penalty:g}, "
            f"quota penalty {report.quota_penalty:g}",
            f"meetings: {len(result.schedule.meetings)}; people by number of meetings: {spread}",
            f"without a meeting: {without}",
            f"idle gaps {report.idle_gaps} ({report.idle_slots} idle slots)",
        ]
    )


def main(argv: list[str]) -> int:
    started = _started_at()
    parser = argparse.ArgumentParser(
        prog="arena schedule", description="Schedule a matchday's 1:1 meetings."
    )
    parser.add_argument("--in", dest="source", required=True, type=Path, help="instance JSON")
    parser.add_argument("--out", required=True, type=Path, help="schedule JSON to write")
    parser.add_argument("--time-limit", type=_positive, default=60.0, help="seconds (default 60)")
    parser.add_argument("--report", type=Path, help="also write the report as JSON here")
    parser.add_argument("--seed", type=int, default=0, help="seed of the search (default 0)")
    args = parser.parse_args(argv)

    try:
        data = json.loads(args.source.read_text(encoding="utf-8"))
    except OSError as error:
        print(f"{args.source}: cannot read ({error.strerror})", file=sys.stderr)
        return 2
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        print(f"{args.source}: not JSON ({error})", file=sys.stderr)
        return 2
    try:
        instance = instance_from_json(data)
    except InstanceError as error:
        print(f"{args.source}: malformed instance:", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2

    last = [0.0]

    def progress(fraction: float, message: str) -> None:
        if time.monotonic() - last[0] >= 5.0 or fraction >= 1.0:
            last[0] = time.monotonic()
            print(f"[{100 * fraction:3.0f} %] {message}", file=sys.stderr, flush=True)

    budget = args.time_limit - (time.monotonic() - started) - WRITE_MARGIN
    result = solve(instance, time_limit=max(0.0, budget), progress=progress, seed=args.seed)
    problems = validate(instance, result.schedule)
    if problems:  # a bug, never the user's fault; still, never write an invalid schedule
        print("internal error, the schedule breaks hard rules:", file=sys.stderr)
        for problem in problems[:10]:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    _write_json(args.out, schedule_to_json(result.schedule))
    if args.report is not None:
        report = result.report.as_json() | {
            "bound": result.bound,
            "gap": result.gap,
            "greedy_objective": result.greedy_objective,
            "seconds": result.seconds,
            "method": result.method,
        }
        _write_json(args.report, report)
    print(_summary(result), file=sys.stderr)
    return 0
