"""The scheduling MIP for HiGHS, over any subset of requests with everything else held fixed.

x[r,t] = request r meets in slot t; y[p,t] = p is busy in t; s[p,t] = a block of p starts in t;
g[p,session] ≥ Σ s − 1 (gaps, −4 each); short[p] ≥ quota − meetings (−25 each). With all requests
free this is the whole problem; with a few free it is one step of the large-neighbourhood search.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np

from arena.scheduling.core import UNSCHEDULED, Problem
from arena.scheduling.model import GAP_PENALTY, QUOTA_PENALTY

INF = highspy.kHighsInf


class _Builder:
    def __init__(self) -> None:
        self.cost: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[bool] = []
        self.start: list[int] = [0]
        self.index: list[int] = []
        self.value: list[float] = []
        self.row_lower: list[float] = []
        self.row_upper: list[float] = []

    def var(self, cost: float, upper: float, *, integer: bool) -> int:
        self.cost.append(cost)
        self.lower.append(0.0)
        self.upper.append(upper)
        self.integer.append(integer)
        return len(self.cost) - 1

    def row(self, terms: list[tuple[int, float]], lower: float, upper: float) -> None:
        for column, coefficient in terms:
            self.index.append(column)
            self.value.append(coefficient)
        self.start.append(len(self.index))
        self.row_lower.append(lower)
        self.row_upper.append(upper)

    def lp(self) -> highspy.HighsLp:
        lp = highspy.HighsLp()
        lp.num_col_ = len(self.cost)
        lp.num_row_ = len(self.row_lower)
        lp.col_cost_ = np.array(self.cost, dtype=np.float64)
        lp.col_lower_ = np.array(self.lower, dtype=np.float64)
        lp.col_upper_ = np.array(self.upper, dtype=np.float64)
        lp.row_lower_ = np.array(self.row_lower, dtype=np.float64)
        lp.row_upper_ = np.array(self.row_upper, dtype=np.float64)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.num_col_ = lp.num_col_
        lp.a_matrix_.num_row_ = lp.num_row_
        lp.a_matrix_.start_ = np.array(self.start, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(self.index, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(self.value, dtype=np.float64)
        lp.sense_ = highspy.ObjSense.kMaximize
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
            for i in self.integer
        ]
        return lp


@dataclass
class SubModel:
    lp: highspy.HighsLp
    x: dict[tuple[int, int], int]  # (request, slot) → column
    start: list[float]  # the current placement as a feasible column vector
    offset: float  # objective of everything held fixed, so offset + model value = objective


@dataclass
class MipOutcome:
    slot_of: list[int] | None  # None when HiGHS found nothing (should not happen with a start)
    objective: float | None
    bound: float | None
    optimal: bool


def build(
    problem: Problem,
    slot_of: list[int],
    free: dict[int, list[int]],
    *,
    with_gaps: bool = True,
) -> SubModel:
    """Model the requests in `free` (request → slots it may take); all others stay where they are."""
    n_slots = problem.n_slots
    fixed_used = [[0] * n_slots for _ in range(problem.n)]
    fixed_tables = [0] * n_slots
    fixed_count = [0] * problem.n
    offset = 0.0
    for r, t in enumerate(slot_of):
        if t == UNSCHEDULED or r in free:
            continue
        offset += problem.weight[r]
        for pid in (problem.buyer[r], problem.startup[r]):
            fixed_used[pid][t] += 1
            fixed_count[pid] += 1
        if not problem.virtual[r]:
            fixed_tables[t] += 1

    m = _Builder()
    x: dict[tuple[int, int], int] = {}
    by_person_slot: dict[tuple[int, int], list[int]] = {}
    by_person: dict[int, list[int]] = {}
    by_slot: list[list[int]] = [[] for _ in range(n_slots)]
    start: list[float] = []
    for r, slots in free.items():
        b, s = problem.buyer[r], problem.startup[r]
        columns = []
        for t in slots:
            if (
                fixed_used[b][t] >= problem.capacity[b]
                or fixed_used[s][t] >= problem.capacity[s]
                or (not problem.virtual[r] and fixed_tables[t] >= problem.n_tables)
            ):
                continue
            column = m.var(problem.weight[r], 1.0, integer=True)
            start.append(1.0 if slot_of[r] == t else 0.0)
            x[r, t] = column
            columns.append(column)
            for pid in (b, s):
                by_person_slot.setdefault((pid, t), []).append(column)
                by_person.setdefault(pid, []).append(column)
            if not problem.virtual[r]:
                by_slot[t].append(column)
        if len(columns) > 1:
            m.row([(c, 1.0) for c in columns], -INF, 1.0)

    for (pid, t), columns in by_person_slot.items():
        room = problem.capacity[pid] - fixed_used[pid][t]
        if len(columns) > room:
            m.row([(c, 1.0) for c in columns], -INF, float(room))
    for t, columns in enumerate(by_slot):
        room = problem.n_tables - fixed_tables[t]
        if len(columns) > room:
            m.row([(c, 1.0) for c in columns], -INF, float(room))

    value = dict(zip(range(len(start)), start, strict=True))
    for pid, columns in by_person.items():
        need = problem.quota[pid] - fixed_count[pid]
        if need <= 0:
            continue
        short = m.var(-QUOTA_PENALTY, float(need), integer=False)
        current = sum(value[c] for c in columns)
        start.append(max(0.0, need - current))
        m.row([*((c, 1.0) for c in columns), (short, 1.0)], float(need), INF)
    offset -= QUOTA_PENALTY * sum(
        max(0, problem.quota[pid] - fixed_count[pid])
        for pid in range(problem.n)
        if pid not in by_person
    )

    busy_fixed = 0  # gaps of people the model does not touch are constant
    touched_runs: set[tuple[int, int]] = set()
    if with_gaps:
        for pid in by_person:
            for number, run in enumerate(problem.runs):
                if not any((pid, t) in by_person_slot for t in run):
                    continue
                touched_runs.add((pid, number))
                _gap_rows(
                    m, pid, problem.capacity[pid], run, fixed_used[pid], by_person_slot, start
                )
    for pid in range(problem.n):
        for number, run in enumerate(problem.runs):
            if (pid, number) in touched_runs:
                continue
            blocks = sum(
                1
                for i, t in enumerate(run)
                if fixed_used[pid][t] and (i == 0 or not fixed_used[pid][run[i - 1]])
            )
            busy_fixed += max(0, blocks - 1)
    offset -= GAP_PENALTY * busy_fixed
    return SubModel(lp=m.lp(), x=x, start=start, offset=offset)


def _gap_rows(
    m: _Builder,
    pid: int,
    capacity: int,
    run: tuple[int, ...],
    fixed_used: list[int],
    by_person_slot: dict[tuple[int, int], list[int]],
    start: list[float],
) -> None:
    # "p is busy in t" as a linear form: the constant 1 (a fixed meeting), 0 (nothing possible), the
    # sum of p's x in t when p holds one meeting at a time (tighter than a separate y), or a y.
    ys: list[list[tuple[int, float]] | float] = []
    y_start: list[float] = []
    for t in run:
        columns = by_person_slot.get((pid, t), [])
        if fixed_used[t]:
            ys.append(1.0)
            y_start.append(1.0)
            continue
        if not columns:
            ys.append(0.0)
            y_start.append(0.0)
            continue
        busy = 1.0 if any(start[c] > 0.5 for c in columns) else 0.0
        y_start.append(busy)
        if capacity == 1:
            ys.append([(c, 1.0) for c in columns])
            continue
        y = m.var(0.0, 1.0, integer=True)
        start.append(busy)
        for c in columns:
            m.row([(c, 1.0), (y, -1.0)], -INF, 0.0)
        m.row([(y, 1.0), *((c, -1.0) for c in columns)], -INF, 0.0)
        ys.append([(y, 1.0)])
    starts: list[int] = []
    constant_starts = 0.0
    start_values = 0.0
    for i in range(len(run)):
        here, before = ys[i], ys[i - 1] if i > 0 else 0.0
        if isinstance(here, float) and isinstance(before, float):
            constant_starts += max(0.0, here - before)
            continue
        # s ≥ y_i − y_{i−1}, with constants moved to the right-hand side.
        s = m.var(0.0, 1.0, integer=False)
        value = max(0.0, y_start[i] - (y_start[i - 1] if i > 0 else 0.0))
        start.append(value)
        start_values += value
        terms: list[tuple[int, float]] = [(s, 1.0)]
        rhs = 0.0
        if isinstance(here, float):
            rhs += here
        else:
            terms += [(c, -k) for c, k in here]
        if isinstance(before, float):
            rhs -= before
        else:
            terms += [(c, k) for c, k in before]
        m.row(terms, rhs, INF)
        starts.append(s)
    gap = m.var(-GAP_PENALTY, INF, integer=False)
    start.append(max(0.0, start_values + constant_starts - 1))
    m.row([(gap, 1.0), *((s, -1.0) for s in starts)], constant_starts - 1, INF)


def run(
    problem: Problem,
    slot_of: list[int],
    free: dict[int, list[int]],
    *,
    time_limit: float,
    seed: int = 0,
    on_tick: Callable[[float, float | None, float | None], None] | None = None,
    relax: bool = False,
) -> MipOutcome:
    """Solve the model for `free`, warm-started from `slot_of`; returns the new placement."""
    model = build(problem, slot_of, free, with_gaps=not relax)
    highs = highspy.Highs()  # type: ignore[no-untyped-call]
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", max(0.01, time_limit))
    highs.setOptionValue("random_seed", seed)
    highs.setOptionValue("threads", 1)
    # Symmetry detection and restarts cost more than they save on these models (measured).
    highs.setOptionValue("mip_detect_symmetry", False)
    highs.setOptionValue("mip_allow_restart", False)
    if problem.integral:  # whole-number objectives: a gap below 1 is closed
        highs.setOptionValue("mip_abs_gap", 0.999)
    if relax:
        model.lp.integrality_ = []
    highs.passModel(model.lp)
    if not relax:
        solution = highspy.HighsSolution()
        solution.col_value = model.start
        solution.value_valid = True
        highs.setSolution(solution)
    if on_tick is not None:
        began = time.monotonic()

        def tick(event: highspy.HighsCallbackEvent) -> None:
            data = event.data_out
            primal = data.mip_primal_bound
            dual = data.mip_dual_bound
            on_tick(
                time.monotonic() - began,
                primal + model.offset if abs(primal) < INF else None,
                dual + model.offset if abs(dual) < INF else None,
            )

        highs.cbMipInterrupt.subscribe(tick)
    highs.run()
    status = highs.getModelStatus()
    info = highs.getInfo()
    if relax:
        bound = info.objective_function_value + model.offset
        return MipOutcome(None, None, bound, status == highspy.HighsModelStatus.kOptimal)
    optimal = status == highspy.HighsModelStatus.kOptimal
    dual = info.mip_dual_bound
    mip_bound = dual + model.offset if abs(dual) < INF else None
    if info.primal_solution_status != highspy.kSolutionStatusFeasible:
        return MipOutcome(None, None, mip_bound, optimal)
    values = highs.getSolution().col_value
    new_slots = list(slot_of)
    for r in free:
        new_slots[r] = UNSCHEDULED
    for (r, t), column in model.x.items():
        if values[column] > 0.5:
            new_slots[r] = t
    return MipOutcome(new_slots, info.objective_function_value + model.offset, mip_bound, optimal)
