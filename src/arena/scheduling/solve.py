"""Greedy first, then HiGHS: a large-neighbourhood search that re-solves groups of buyers, groups
of startups or a window of slots exactly with the rest fixed, and (where the whole model is small
enough) a final whole-model MIP warm-started from the best schedule, which also gives the bound."""

import json
import os
import pickle
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from arena.scheduling import mip
from arena.scheduling.core import UNSCHEDULED, Problem, State, assign_tables
from arena.scheduling.greedy import greedy_state
from arena.scheduling.helper import PROVED_OPTIMAL
from arena.scheduling.model import Instance, Schedule
from arena.scheduling.report import Report, evaluate

Progress = Callable[[float, str], None]

WHOLE_MODEL_ONLY = 2_500  # x columns: below this the whole MIP is solved from the start
WHOLE_MODEL_AT_END = 15_000  # x columns: up to this a whole-model MIP ends the search
END_SHARE = 0.3  # of the time left after the greedy and the LP bound
HELPER_MIN_SECONDS = 10.0  # below this a second process costs more than it brings
NEIGHBOURHOODS = ("buyers", "startups", "window", "buyers-run", "startups-run")

# Set to a callable to see each search step (used while tuning; the bench can switch it on).
trace: Callable[[str], None] | None = None


@dataclass(frozen=True)
class Result:
    schedule: Schedule
    report: Report
    objective: float
    bound: float | None
    gap: float | None  # (bound − objective) / |bound|
    greedy_objective: float
    seconds: float
    method: str


def solve(
    instance: Instance,
    *,
    time_limit: float = 60.0,
    progress: Progress | None = None,
    seed: int = 0,
    workers: int = 2,
) -> Result:
    """The best schedule found within `time_limit` seconds (all of it counted), never below greedy.

    With `workers` ≥ 2 on a machine with two cores or more, a second process runs the whole-model
    MIP (for the bound, and a schedule if it finds a better one) while this one searches.
    """
    began = time.monotonic()
    # HiGHS may overrun its own limit by a little, so stop a little early.
    deadline = began + max(0.0, time_limit) - min(1.0, 0.03 * time_limit)
    shown = [0.0]

    def fraction() -> float:
        return min(1.0, (time.monotonic() - began) / max(time_limit, 1e-9))

    def report_progress(fraction: float, message: str) -> None:
        shown[0] = max(shown[0], min(1.0, fraction))  # a progress bar never moves back
        if progress is not None:
            progress(shown[0], message)

    def left() -> float:
        return deadline - time.monotonic()

    problem = Problem(instance)
    state = greedy_state(problem, until=began + 0.25 * time_limit)
    greedy_objective = state.objective()
    best_slots, best = state.copy_slots(), greedy_objective
    report_progress(fraction(), f"greedy schedule: objective {greedy_objective:g}")

    free_all = {
        r: problem.candidates[r] for r in range(problem.n_requests) if r not in problem.locked_slot
    }
    size = sum(len(slots) for slots in free_all.values())
    bound: float | None = None
    methods = ["greedy"]

    helper = None
    if (
        workers > 1
        and (os.cpu_count() or 1) > 1
        and Path(sys.executable).name.startswith("python")  # not under an embedding server
        and size > WHOLE_MODEL_ONLY
        and time_limit >= HELPER_MIN_SECONDS
    ):
        helper = _Helper(instance, best_slots, deadline - 0.3, seed)
        methods.append("mip")
    elif free_all and left() > 0.5:
        # The LP without gap costs: a cheap, valid but loose bound (compactness is invisible to it).
        limit = min(0.1 * time_limit, left() - 0.3)
        outcome = mip.run(problem, best_slots, free_all, time_limit=limit, relax=True)
        if outcome.optimal and outcome.bound is not None:
            bound = outcome.bound
        if trace is not None:
            trace(f"LP bound {bound} after {time.monotonic() - began:.1f} s")

    end_phase = 0.0
    if helper is None and size <= WHOLE_MODEL_ONLY:
        end_phase = left()
    elif helper is None and size <= WHOLE_MODEL_AT_END:
        end_phase = END_SHARE * left()
    if free_all and left() - end_phase > 1.0:
        methods.insert(1, "lns")
        best_slots, best = _search(
            problem,
            best_slots,
            best,
            deadline - end_phase,
            seed,
            report_progress,
            fraction,
            stop=(lambda value: helper.done(value, problem.integral)) if helper else None,
        )
    if helper is not None:
        for helper_bound, helper_slots in helper.collect(deadline + 0.2):
            if helper_bound is not None:
                bound = helper_bound if bound is None else min(bound, helper_bound)
            if helper_slots is not None:
                value = State(problem, helper_slots).objective()
                if value > best:
                    best_slots, best = helper_slots, value
    elif free_all and end_phase > 0 and left() > 0.2:
        methods.append("mip")

        def tick(_elapsed: float, primal: float | None, _dual: float | None) -> None:
            shown = f"{max(best, primal):g}" if primal is not None else f"{best:g}"
            report_progress(fraction(), f"whole-model MIP: objective {shown}")

        outcome = mip.run(problem, best_slots, free_all, time_limit=left(), seed=seed, on_tick=tick)
        if outcome.bound is not None:
            bound = outcome.bound if bound is None else min(bound, outcome.bound)
        if outcome.slot_of is not None:
            value = State(problem, outcome.slot_of).objective()
            if value >= best:
                best_slots, best = outcome.slot_of, value

    schedule = assign_tables(problem, best_slots)
    report = evaluate(instance, schedule)
    if not free_all:
        bound = report.objective
    if bound is not None:
        bound = max(bound, report.objective)  # a rounding hair below the incumbent is not a bound
    gap = None
    if bound is not None:
        gap = (bound - report.objective) / abs(bound) if bound else 0.0
    report_progress(1.0, f"done: objective {report.objective:g}")
    return Result(
        schedule=schedule,
        report=report,
        objective=report.objective,
        bound=bound,
        gap=gap,
        greedy_objective=greedy_objective,
        seconds=time.monotonic() - began,
        method="+".join(methods),
    )


Found = tuple[float | None, list[int] | None]  # (bound, placement) from the helper process


class _Helper:
    """The whole-model MIP in a second process (see helper.py), read without ever blocking."""

    def __init__(self, instance: Instance, slot_of: list[int], deadline: float, seed: int) -> None:
        handle, self.job = tempfile.mkstemp(prefix="arena-schedule-", suffix=".pickle")
        with os.fdopen(handle, "wb") as out:
            pickle.dump((instance, slot_of, deadline, seed), out)
        package_root = str(Path(__file__).resolve().parents[2])
        path = os.environ.get("PYTHONPATH")
        env = os.environ | {"PYTHONPATH": package_root + (os.pathsep + path if path else "")}
        self.process = subprocess.Popen(  # noqa: S603 - this interpreter, our own module
            [sys.executable, "-m", "arena.scheduling.helper", self.job],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        assert self.process.stdout is not None
        self.stdout = self.process.stdout.fileno()
        os.set_blocking(self.stdout, False)
        self.pending = b""
        self.found: list[Found] = []
        self.bound: float | None = None

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.stdout, 1 << 16)
            except BlockingIOError:
                return
            if not chunk:
                return
            self.pending += chunk
            *lines, self.pending = self.pending.split(b"\n")
            for line in lines:
                try:
                    item = json.loads(line)
                    found: Found = (item["bound"], item["slots"])
                except (ValueError, KeyError, TypeError):
                    continue
                self.found.append(found)
                if found[0] is not None:
                    self.bound = found[0] if self.bound is None else min(self.bound, found[0])

    def done(self, objective: float, integral: bool) -> bool:
        """Whether searching on is pointless: optimality proven, or the bound is reached."""
        self._read()
        if self.process.poll() == PROVED_OPTIMAL:
            return True
        return self.bound is not None and objective > self.bound - (0.999 if integral else 1e-9)

    def collect(self, until: float) -> list[Found]:
        while self.process.poll() is None and time.monotonic() < until:
            self._read()
            time.sleep(0.02)
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._read()
        assert self.process.stdout is not None
        self.process.stdout.close()
        Path(self.job).unlink(missing_ok=True)
        return self.found


def _search(
    problem: Problem,
    slot_of: list[int],
    objective: float,
    until: float,
    seed: int,
    progress: Progress,
    fraction: Callable[[], float],
    stop: Callable[[float], bool] | None = None,
) -> tuple[list[int], float]:
    """Large-neighbourhood search: free a neighbourhood, solve it exactly with the rest fixed.
    Stops at `until`, or when `stop(objective)` says the optimum is reached."""
    rng = random.Random(seed)  # noqa: S311 - a search seed, not a secret
    target = 600.0  # x columns per neighbourhood, adapted to how fast HiGHS closes them
    step_limit = 3.0
    iteration = 0
    kinds = NEIGHBOURHOODS
    while until - time.monotonic() > 0.5 and not (stop is not None and stop(objective)):
        iteration += 1
        kind = kinds[iteration % len(kinds)]
        free = _neighbourhood(problem, slot_of, kind, int(target), rng)
        if not free:
            continue
        limit = min(step_limit, until - time.monotonic() - 0.2)
        if limit < 0.2:
            break
        started = time.monotonic()
        outcome = mip.run(problem, slot_of, free, time_limit=limit, seed=iteration)
        spent = time.monotonic() - started
        if outcome.optimal and spent < 0.5 * limit:
            target = min(target * 1.15, 20_000)
        elif not outcome.optimal:
            target = max(target * 0.8, 100)
        if outcome.slot_of is not None:
            value = State(problem, outcome.slot_of).objective()
            if value >= objective - 1e-9:
                slot_of, objective = outcome.slot_of, value
        if trace is not None:
            trace(
                f"{kind}: {len(free)} requests, target {target:.0f}, "
                f"{'optimal' if outcome.optimal else 'stopped'} in {spent:.2f} s, {objective:g}"
            )
        if iteration % 5 == 0:
            progress(fraction(), f"search: objective {objective:g}")
    return slot_of, objective


def _neighbourhood(
    problem: Problem, slot_of: list[int], kind: str, target: int, rng: random.Random
) -> dict[int, list[int]]:
    locked = problem.locked_slot
    if kind == "window":
        run = rng.choice(problem.runs)
        width = min(len(run), rng.randint(2, 4))
        first = rng.randint(0, len(run) - width)
        window = set(run[first : first + width])
        free: dict[int, list[int]] = {}
        waiting: list[int] = []
        for r in range(problem.n_requests):
            if r in locked:
                continue
            if slot_of[r] in window:
                free[r] = [t for t in problem.candidates[r] if t in window]
            elif slot_of[r] == UNSCHEDULED:
                waiting.append(r)
        rng.shuffle(waiting)
        size = sum(len(v) for v in free.values())
        for r in waiting:
            slots = [t for t in problem.candidates[r] if t in window]
            if slots:
                free[r] = slots
                size += len(slots)
                if size >= target:
                    break
        return free

    # A group of buyers (or startups) who share counterparts, grown from a random one.
    span: set[int] | None = None
    if kind.endswith("-run"):
        span = set(rng.choice(problem.runs))
        kind = kind.removesuffix("-run")
    side = problem.buyer if kind == "buyers" else problem.startup
    other = problem.startup if kind == "buyers" else problem.buyer
    people = sorted({side[r] for r in range(problem.n_requests)})
    if not people:
        return {}
    frontier = [rng.choice(people)]
    chosen: set[int] = set()
    free = {}
    size = 0
    while frontier and size < target:
        person = frontier.pop(rng.randrange(len(frontier)))
        if person in chosen:
            continue
        chosen.add(person)
        for r in problem.requests_of[person]:
            if side[r] == person and r not in locked and r not in free:
                if span is None:
                    free[r] = problem.candidates[r]
                elif slot_of[r] == UNSCHEDULED or slot_of[r] in span:
                    free[r] = [t for t in problem.candidates[r] if t in span]
                else:
                    continue
                size += len(free[r])
            for r2 in problem.requests_of[other[r]]:
                if side[r2] not in chosen:
                    frontier.append(side[r2])
        if not frontier and size < target:
            frontier.append(rng.choice(people))
    return free
