"""A fast valid schedule: a fairness pass (everyone towards their quota, scarcest first), then the
remaining requests by weight, each in the slot that keeps the day most compact, then local moves."""

import time

from arena.scheduling.core import UNSCHEDULED, Problem, State, assign_tables
from arena.scheduling.model import Instance, Schedule


def greedy(instance: Instance) -> Schedule:
    problem = Problem(instance)
    return assign_tables(problem, greedy_state(problem).slot_of)


def _best_slot(state: State, r: int) -> tuple[float, int]:
    best_value, best_slot = float("-inf"), UNSCHEDULED
    for t in state.problem.candidates[r]:
        if state.fits(r, t):
            value = state.gain(r, t)
            if value > best_value:
                best_value, best_slot = value, t
    return best_value, best_slot


def greedy_state(problem: Problem, until: float | None = None) -> State:
    """The greedy placement; the polishing passes stop at `until` (time.monotonic), if given."""
    state = State(problem)
    for r, t in problem.locked_slot.items():
        state.place(r, t)

    # Fairness first: participants with the fewest options pick first, one meeting per round, so
    # scarce people are not crowded out by popular ones.
    options = [
        sum(len(problem.candidates[r]) for r in problem.requests_of[pid])
        for pid in range(problem.n)
    ]
    order = sorted(range(problem.n), key=lambda pid: (options[pid], pid))
    for _round in range(max(problem.quota, default=0)):
        for pid in order:
            if state.count[pid] >= problem.quota[pid]:
                continue
            best: tuple[float, int, int] = (float("-inf"), -1, UNSCHEDULED)
            for r in problem.requests_of[pid]:
                if state.slot_of[r] != UNSCHEDULED:
                    continue
                value, t = _best_slot(state, r)
                if t != UNSCHEDULED and value > best[0]:
                    best = (value, r, t)
            if best[1] >= 0:
                state.place(best[1], best[2])

    # Then by weight, scarce requests first among equals.
    rest = [r for r in range(problem.n_requests) if state.slot_of[r] == UNSCHEDULED]
    rest.sort(key=lambda r: (-problem.weight[r], len(problem.candidates[r]), r))
    for r in rest:
        value, t = _best_slot(state, r)
        if t != UNSCHEDULED and value > 0:
            state.place(r, t)
    improve(state, until=until)
    eject(state, until=until)
    improve(state, until=until)
    return state


def improve(state: State, rounds: int = 3, until: float | None = None) -> None:
    """First-improvement local search: move a meeting to a better slot, or add one that now fits."""
    problem = state.problem
    for _ in range(rounds):
        changed = False
        for r in range(problem.n_requests):
            if r in problem.locked_slot:
                continue
            if until is not None and time.monotonic() > until:
                return
            current = state.slot_of[r]
            if current == UNSCHEDULED:
                value, t = _best_slot(state, r)
                if t != UNSCHEDULED and value > 1e-9:
                    state.place(r, t)
                    changed = True
                continue
            loss = state.loss(r)
            state.remove(r)
            value, t = _best_slot(state, r)
            if t != UNSCHEDULED and t != current and value + loss > 1e-9:
                state.place(r, t)
                changed = True
            else:
                state.place(r, current)
        if not changed:
            break


def eject(state: State, until: float | None = None) -> None:
    """Let an unscheduled request take a slot from lighter meetings that block it, when that pays."""
    problem = state.problem
    by_slot: list[set[int]] = [set() for _ in range(problem.n_slots)]
    for r, t in enumerate(state.slot_of):
        if t != UNSCHEDULED:
            by_slot[t].add(r)
    waiting = [r for r in range(problem.n_requests) if state.slot_of[r] == UNSCHEDULED]
    waiting.sort(key=lambda r: -problem.weight[r])
    lightest: dict[int, list[int]] = {}
    for r in waiting:
        if until is not None and time.monotonic() > until:
            return
        b, s = problem.buyer[r], problem.startup[r]
        for t in problem.candidates[r]:
            if state.slot_of[r] != UNSCHEDULED:
                break
            removed: list[int] = []
            change = 0.0
            for pid in (b, s):
                if state.used[pid][t] >= problem.capacity[pid]:
                    blockers = [
                        q
                        for q in problem.requests_of[pid]
                        if state.slot_of[q] == t and problem.weight[q] < problem.weight[r]
                    ]
                    victim = _cheapest(state, blockers)
                    if victim is None:
                        break
                    change += state.loss(victim)
                    state.remove(victim)
                    removed.append(victim)
            if not problem.virtual[r] and state.tables_used[t] >= problem.n_tables:
                if t not in lightest:  # scanning a full slot for every request would be slow
                    movable = [q for q in by_slot[t] if not problem.virtual[q]]
                    lightest[t] = sorted(movable, key=lambda q: problem.weight[q])[:8]
                lighter = [
                    q
                    for q in lightest[t]
                    if state.slot_of[q] == t and problem.weight[q] < problem.weight[r]
                ]
                victim = _cheapest(state, lighter)
                if victim is not None:
                    change += state.loss(victim)
                    state.remove(victim)
                    removed.append(victim)
            if state.fits(r, t) and change + state.gain(r, t) > 1e-9:
                state.place(r, t)
                by_slot[t].add(r)
                by_slot[t].difference_update(removed)
                lightest.pop(t, None)
            else:
                for q in reversed(removed):
                    state.place(q, t)


def _cheapest(state: State, requests: list[int]) -> int | None:
    movable = [q for q in requests if q not in state.problem.locked_slot]
    return min(movable, key=state.loss, default=None) if movable else None
