"""The greedy and the HiGHS search on real and small instances: valid, never below greedy, and
the optional rules (locks, virtual meetings, preferred tables)."""

import json
import os
import sys

import pytest

from arena.scheduling import (
    Meeting,
    evaluate,
    greedy,
    instance_from_json,
    solve,
    validate,
)
from arena.scheduling.generate import SIZES, generate
from tests.scheduling.helpers import DEV_INSTANCE, base, meeting


@pytest.fixture(scope="module")
def dev_instance():
    if not DEV_INSTANCE.exists():
        pytest.skip(f"{DEV_INSTANCE} is not here")
    return instance_from_json(json.loads(DEV_INSTANCE.read_text()))


def test_greedy_is_valid_on_the_dev_instance(dev_instance):
    schedule = greedy(dev_instance)
    assert validate(dev_instance, schedule) == []
    report = evaluate(dev_instance, schedule)
    # The fairness pass gives everyone a meeting (scheduling.md: plain weight order leaves 19 out).
    assert report.without_meeting == []
    assert report.objective > 5163  # greedy by weight alone, scheduling.md


def test_solve_improves_on_greedy_and_stays_valid():
    instance = instance_from_json(generate(40, 120, 6, 6, seed=3))
    result = solve(instance, time_limit=4.0)
    assert validate(instance, result.schedule) == []
    assert result.greedy_objective == evaluate(instance, greedy(instance)).objective
    assert result.objective == evaluate(instance, result.schedule).objective
    assert result.objective >= result.greedy_objective
    assert result.bound is not None
    assert result.objective <= result.bound + 1e-6


def test_solve_reports_progress():
    instance = instance_from_json(generate(20, 40, 4, 4, seed=5))
    seen: list[tuple[float, str]] = []
    solve(instance, time_limit=1.0, progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert all(0.0 <= f <= 1.0 for f in fractions)


def test_the_small_example_is_solved_to_its_optimum():
    # By hand: 1–2 (30) and 0–3 (20) and 0–2 (10) and 1–4 (10) all fit in two slots with no gaps,
    # so everyone reaches min(2, requests) except nobody: objective 70, bound 70.
    instance = instance_from_json(base())
    result = solve(instance, time_limit=2.0)
    assert result.objective == 70
    assert result.bound == pytest.approx(70)
    assert result.gap == pytest.approx(0)


def test_locked_meetings_are_kept():
    locked = [meeting(0, 2, 3, 2), meeting(1, 4, 1, None)]
    instance = instance_from_json(base(locked=locked))
    for schedule in (greedy(instance), solve(instance, time_limit=1.0).schedule):
        assert validate(instance, schedule) == []
        assert {Meeting(0, 2, 3, 2), Meeting(1, 4, 1, None)} <= set(schedule.meetings)


def test_locks_hold_even_when_they_cost_objective():
    # Locking 1–2 far from everything else forces a gap the solver would never choose.
    instance = instance_from_json(
        base(locked=[meeting(0, 2, 0, 1), meeting(0, 3, 3, 1)], team_capacity=[1, 1, 1, 1, 1])
    )
    result = solve(instance, time_limit=1.0)
    assert {Meeting(0, 2, 0, 1), Meeting(0, 3, 3, 1)} <= set(result.schedule.meetings)
    assert result.report.idle_gaps >= 1


def test_virtual_meetings_take_no_table():
    requests = [
        {"buyer": b, "startup": s, "weight": 10, "virtual": True} for b in (0, 1) for s in (2, 3, 4)
    ]
    instance = instance_from_json(base(requests=requests, n_tables=0))
    result = solve(instance, time_limit=1.0)
    assert validate(instance, result.schedule) == []
    assert len(result.schedule.meetings) == 6  # no table needed, so all fit
    assert all(m.table is None for m in result.schedule.meetings)


def test_tables_limit_physical_meetings_only():
    instance = instance_from_json(base(n_tables=1))
    result = solve(instance, time_limit=1.0)
    assert validate(instance, result.schedule) == []
    physical = [m for m in result.schedule.meetings if m.table is not None]
    assert len({m.slot for m in physical}) == len(physical)


def test_preferred_tables_are_honoured_where_possible():
    instance = instance_from_json(
        base(n_tables=3, preferred_table={"0": 3, "1": 2}, team_capacity=[1, 1, 1, 1, 1])
    )
    result = solve(instance, time_limit=1.0)
    assert validate(instance, result.schedule) == []
    tables = {(m.buyer, m.table) for m in result.schedule.meetings if m.table is not None}
    assert tables == {(0, 3), (1, 2)}


def test_two_hosts_wanting_one_table_still_get_a_valid_schedule():
    instance = instance_from_json(base(preferred_table={"0": 1, "1": 1}))
    result = solve(instance, time_limit=1.0)
    assert validate(instance, result.schedule) == []
    assert any(m.table == 1 for m in result.schedule.meetings)


def test_a_host_keeps_one_table_across_slots_when_there_is_room():
    instance = instance_from_json(generate(30, 60, 6, 20, seed=2))
    schedule = greedy(instance)
    capacity = instance.team_capacity
    for b in instance.buyers:
        tables = {m.table for m in schedule.meetings if m.buyer == b}
        assert len(tables) <= capacity[b], (b, tables)


def test_an_instance_without_requests_gives_an_empty_schedule():
    instance = instance_from_json(base(requests=[]))
    result = solve(instance, time_limit=1.0)
    assert result.schedule.meetings == ()
    assert result.objective == 0
    assert result.gap == 0


@pytest.mark.parametrize("name", sorted(SIZES))
def test_generator_matches_the_requested_size(name):
    n, r, slots, tables = SIZES[name]
    data = generate(n, r, slots, tables, seed=1)
    instance = instance_from_json(data)
    assert instance.n_participants == n
    assert len(instance.requests) == r
    assert (instance.n_slots, instance.n_tables) == (slots, tables)
    assert data == generate(n, r, slots, tables, seed=1)  # seeded
    assert data != generate(n, r, slots, tables, seed=2)


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the helper runs only with two cores")
def test_the_whole_model_helper_process_gives_a_bound(monkeypatch):
    # The helper normally starts only for big models and long limits; lower both thresholds so the
    # real second process runs on a small instance.
    solve_module = sys.modules["arena.scheduling.solve"]
    monkeypatch.setattr(solve_module, "WHOLE_MODEL_ONLY", 0)
    monkeypatch.setattr(solve_module, "HELPER_MIN_SECONDS", 0.0)
    instance = instance_from_json(generate(40, 120, 6, 6, seed=6))
    result = solve(instance, time_limit=6.0)
    assert "mip" in result.method
    assert validate(instance, result.schedule) == []
    assert result.bound is not None
    assert result.greedy_objective <= result.objective <= result.bound + 1e-6
