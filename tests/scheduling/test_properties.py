"""Property tests on small random instances: every schedule valid, greedy ≤ solver ≤ bound, and on
the tiniest ones the solver's optimum equals a brute-force enumeration."""

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arena.scheduling import (
    Meeting,
    Schedule,
    evaluate,
    greedy,
    instance_from_json,
    solve,
    validate,
)


@st.composite
def instances(draw, max_buyers=3, max_startups=4, max_slots=4, max_requests=8):
    n_buyers = draw(st.integers(1, max_buyers))
    n_startups = draw(st.integers(1, max_startups))
    n = n_buyers + n_startups
    n_slots = draw(st.integers(1, max_slots))
    cut = draw(st.integers(0, n_slots - 1))
    sessions = [list(range(cut)), list(range(cut, n_slots))] if cut else [list(range(n_slots))]
    slots = st.lists(st.integers(0, n_slots - 1), unique=True)
    pairs = [(b, s) for b in range(n_buyers) for s in range(n_buyers, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=max_requests))
    requests = [
        {
            "buyer": b,
            "startup": s,
            "weight": draw(st.sampled_from([10, 20, 30, 40])),
            "virtual": draw(st.booleans()) and draw(st.booleans()),
        }
        for b, s in chosen
    ]
    return instance_from_json(
        {
            "buyers": list(range(n_buyers)),
            "startups": list(range(n_buyers, n)),
            "team_capacity": draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)),
            "availability": [draw(slots) for _ in range(n)],
            "sessions": sessions,
            "n_slots": n_slots,
            "n_tables": draw(st.integers(0, 3)),
            "requests": requests,
        }
    )


SETTINGS = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(instances())
def test_greedy_le_solver_le_bound_and_all_valid(instance):
    plain = greedy(instance)
    assert validate(instance, plain) == []
    result = solve(instance, time_limit=1.0)
    assert validate(instance, result.schedule) == []
    assert evaluate(instance, plain).objective <= result.objective + 1e-9
    assert result.bound is not None
    assert result.objective <= result.bound + 1e-6


def _best_by_enumeration(instance) -> float:
    """Try every way of giving each request a slot or none; tables are numbered by count."""
    options = [
        [None, *sorted(instance.availability[r.buyer] & instance.availability[r.startup])]
        for r in instance.requests
    ]
    best = float("-inf")
    for choice in itertools.product(*options):
        meetings, used = [], {}
        for request, slot in zip(instance.requests, choice, strict=True):
            if slot is None:
                continue
            table = None
            if not request.virtual:
                table = used[slot] = used.get(slot, 0) + 1
            meetings.append(Meeting(request.buyer, request.startup, slot, table))
        schedule = Schedule(tuple(meetings))
        if not validate(instance, schedule):
            best = max(best, evaluate(instance, schedule).objective)
    return best


@SETTINGS
@given(instances(max_buyers=2, max_startups=3, max_slots=3, max_requests=5))
def test_solver_finds_the_enumerated_optimum(instance):
    result = solve(instance, time_limit=2.0)
    assert result.objective == _best_by_enumeration(instance)
    assert result.bound is not None
    assert result.bound >= result.objective - 1e-6
