"""Instance parsing (InstanceError cases), the validator's hard rules and the objective."""

import pytest

from arena.scheduling import (
    InstanceError,
    Meeting,
    Schedule,
    evaluate,
    instance_from_json,
    schedule_from_json,
    schedule_to_json,
    validate,
)
from tests.scheduling.helpers import base, meeting


def _problems(data: dict) -> list[str]:
    with pytest.raises(InstanceError) as caught:
        instance_from_json(data)
    return caught.value.problems


def test_base_instance_parses():
    instance = instance_from_json(base())
    assert instance.n_participants == 5
    assert instance.requests[3].virtual is True
    assert instance.availability[4] == frozenset({1, 2, 3})


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"requests": [{"buyer": 7, "startup": 2, "weight": 10}]}, "unknown buyer 7"),
        ({"requests": [{"buyer": 0, "startup": 1, "weight": 10}]}, "unknown startup 1"),
        ({"requests": [{"buyer": 0, "startup": 2, "weight": -1}]}, "weight must be a number"),
        (
            {"requests": [{"buyer": 0, "startup": 2, "weight": 10}] * 2},
            "duplicate request buyer 0 – startup 2",
        ),
        ({"team_capacity": [2, 1, -1, 1, 1]}, "team_capacity of participant 2 is negative"),
        ({"team_capacity": [1, 1]}, "team_capacity must be a list of 5"),
        ({"availability": [[0], [0], [0], [0], [4]]}, "availability of participant 4: slot 4"),
        ({"sessions": [[0, 2]]}, "session 0 is not a run of consecutive slots"),
        ({"sessions": [[0, 1], [1, 2]]}, "shares slots"),
        ({"buyers": [0, 1, 7]}, "outside 0..5"),
        ({"startups": [1, 2, 3, 4]}, "participant 1 is listed twice"),
        ({"n_slots": 0}, "n_slots must be a positive integer"),
        ({"n_tables": -2}, "n_tables must be a non-negative integer"),
        ({"preferred_table": {"0": 3}}, "preferred_table of buyer 0: no table 3"),
        ({"preferred_table": {"2": 1}}, "preferred_table: unknown buyer '2'"),
    ],
)
def test_malformed_instance_names_the_problem(changes, expected):
    problems = _problems(base(**changes))
    assert any(expected in problem for problem in problems), problems


def test_missing_keys_and_non_objects_are_reported():
    data = base()
    del data["requests"]
    assert _problems(data) == ["missing key 'requests'"]
    assert _problems([1, 2]) == ["the instance must be a JSON object"]  # type: ignore[arg-type]


def test_only_the_first_problems_are_named():
    requests = [{"buyer": 9, "startup": 2, "weight": 10}] * 30
    with pytest.raises(InstanceError) as caught:
        instance_from_json(base(requests=requests))
    assert len(caught.value.problems) == 10
    assert "and 20 more" in str(caught.value)


@pytest.mark.parametrize(
    ("locked", "expected"),
    [
        ([meeting(1, 4, 0, None)], "participant 4 is not free then"),
        ([meeting(1, 3, 1, 1)], "the pair did not request a meeting"),
        ([meeting(0, 2, 1, 1), meeting(1, 2, 1, 2)], "participant 2 is over capacity"),
        ([meeting(0, 2, 1, 1), meeting(0, 3, 1, 1)], "table 1 is already taken in slot 1"),
        ([meeting(0, 2, 1, None)], "needs a table 1..2"),
        ([meeting(1, 4, 1, 2)], "a virtual meeting takes no table"),
        ([meeting(0, 2, 6, 1)], "no such slot"),
        ([{"buyer": 0, "startup": 2}], "buyer, startup and slot must be integers"),
    ],
)
def test_infeasible_lock_is_reported(locked, expected):
    problems = _problems(base(locked=locked))
    assert any(expected in problem for problem in problems), problems


def test_feasible_locks_are_kept_in_the_instance():
    instance = instance_from_json(base(locked=[meeting(0, 2, 1, 2), meeting(1, 4, 3, None)]))
    assert instance.locked == (Meeting(0, 2, 1, 2), Meeting(1, 4, 3, None))


VALID = [meeting(0, 2, 0, 1), meeting(0, 3, 0, 2), meeting(1, 2, 1, 1), meeting(1, 4, 2, None)]


def _check(meetings: list[dict], **changes) -> list[str]:
    instance = instance_from_json(base(**changes))
    return validate(instance, schedule_from_json({"meetings": meetings}))


def test_validator_accepts_a_valid_schedule():
    assert _check(VALID) == []


@pytest.mark.parametrize(
    ("meetings", "expected"),
    [
        ([meeting(1, 3, 0, 1)], "the pair did not request a meeting"),
        ([meeting(0, 2, 4, 1)], "no such slot"),
        ([meeting(1, 4, 0, None)], "participant 4 is not free then"),
        ([meeting(0, 2, 0, 1), meeting(1, 2, 0, 2)], "participant 2 is over capacity (1)"),
        ([meeting(0, 2, 0, 1), meeting(0, 2, 2, 1)], "already scheduled in slot 0"),
        ([meeting(0, 2, 0, 1), meeting(0, 3, 0, 1)], "table 1 is already taken in slot 0"),
        ([meeting(0, 2, 0, 3)], "needs a table 1..2, got 3"),
        ([meeting(0, 2, 0, None)], "needs a table 1..2, got None"),
        ([meeting(1, 4, 1, 1)], "a virtual meeting takes no table"),
    ],
)
def test_validator_catches_each_hard_rule(meetings, expected):
    problems = _check(meetings)
    assert any(expected in problem for problem in problems), problems


def test_validator_catches_capacity_of_a_team():
    instance = instance_from_json(base(team_capacity=[1, 1, 1, 1, 1]))
    schedule = schedule_from_json({"meetings": [meeting(0, 2, 0, 1), meeting(0, 3, 0, 2)]})
    assert any("participant 0 is over capacity (1)" in p for p in validate(instance, schedule))


def test_validator_catches_a_moved_or_missing_lock():
    locked = [meeting(0, 2, 0, 1)]
    assert _check(VALID, locked=locked) == []
    moved = [meeting(0, 2, 0, 2), *VALID[2:]]
    assert any("is missing or moved" in p for p in _check(moved, locked=locked))
    assert any("is missing or moved" in p for p in _check([], locked=locked))


def test_schedule_from_json_rejects_bad_shapes():
    with pytest.raises(InstanceError):
        schedule_from_json({"meeting": []})
    with pytest.raises(InstanceError):
        schedule_from_json({"meetings": [{"buyer": "0", "startup": 2, "slot": 0, "table": 1}]})


def test_objective_counts_weight_gaps_and_quota():
    instance = instance_from_json(base())
    # Buyer 0 meets in slots 0 and 2: two blocks, one gap (−4). Short of the quota of 2:
    # buyer 1 by 2, startup 2 by 1, startup 4 by 1 (−25 each).
    schedule = Schedule((Meeting(0, 2, 0, 1), Meeting(0, 3, 2, 1)))
    report = evaluate(instance, schedule)
    assert report.weight == 30
    assert report.gap_penalty == 4
    assert report.quota_penalty == 100
    assert report.objective == 30 - 4 - 100
    assert report.idle_gaps == 1
    assert report.idle_slots == 1
    assert report.without_meeting == [1, 4]
    assert report.meetings_per_person == {0: 2, 1: 0, 2: 1, 3: 1, 4: 0}


def test_gaps_are_counted_inside_sessions_only():
    instance = instance_from_json(base(sessions=[[0, 1], [2, 3]]))
    schedule = Schedule((Meeting(0, 2, 0, 1), Meeting(0, 3, 2, 1)))
    assert evaluate(instance, schedule).idle_gaps == 0


def test_schedule_json_round_trip_keeps_the_contract_format():
    schedule = Schedule((Meeting(1, 4, 1, None), Meeting(0, 2, 0, 1)))
    data = schedule_to_json(schedule)
    assert list(data) == ["meetings"]
    assert data["meetings"][0] == meeting(0, 2, 0, 1)
    assert schedule_from_json(data).meetings == (Meeting(0, 2, 0, 1), Meeting(1, 4, 1, None))
