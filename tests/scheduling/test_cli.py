"""`arena schedule` end to end, in a subprocess as the external evaluation runs it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from arena.scheduling import instance_from_json, schedule_from_json, validate
from arena.scheduling.generate import generate
from tests.scheduling.helpers import ROOT, base

ARENA = ROOT / ".venv" / "bin" / "arena"


def _schedule(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [str(ARENA)] if ARENA.exists() else [sys.executable, "-m", "arena.cli"]
    return subprocess.run(
        [*command, "schedule", *args],
        cwd=cwd,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_schedule_writes_a_valid_schedule_and_reports(tmp_path):
    data = generate(40, 120, 6, 6, seed=4)
    (tmp_path / "in.json").write_text(json.dumps(data))
    done = _schedule(
        "--in", "in.json", "--out", "out/s.json", "--time-limit", "4", "--report", "r.json",
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    written = json.loads((tmp_path / "out" / "s.json").read_text())
    assert list(written) == ["meetings"]
    instance = instance_from_json(data)
    assert validate(instance, schedule_from_json(written)) == []
    assert all(1 <= m["table"] <= 6 for m in written["meetings"])
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["objective"] >= report["greedy_objective"]
    assert report["bound"] >= report["objective"]
    for words in ("objective", "bound", "gap", "without a meeting", "idle gaps"):
        assert words in done.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["s.json"]  # no temporary left


def test_locked_meetings_survive_the_cli(tmp_path):
    locked = {"buyer": 0, "startup": 3, "slot": 3, "table": 2}
    (tmp_path / "in.json").write_text(json.dumps(base(locked=[locked])))
    done = _schedule("--in", "in.json", "--out", "s.json", "--time-limit", "2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert locked in json.loads((tmp_path / "s.json").read_text())["meetings"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not JSON"),
        (json.dumps(base(team_capacity=[2, 1, -3, 1, 1])), "team_capacity of participant 2"),
        (json.dumps(base(requests=[{"buyer": 0, "startup": 9, "weight": 10}])), "startup 9"),
        (
            json.dumps(base(requests=[{"buyer": 0, "startup": 2, "weight": 10}] * 2)),
            "duplicate request",
        ),
        (json.dumps(base(availability=[[0], [0], [0], [0], [9]])), "slot 9 outside"),
        (
            json.dumps(base(locked=[{"buyer": 1, "startup": 4, "slot": 0, "table": None}])),
            "infeasible lock",
        ),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(tmp_path, content, expected):
    (tmp_path / "in.json").write_text(content)
    done = _schedule("--in", "in.json", "--out", "s.json", "--time-limit", "2", cwd=tmp_path)
    assert done.returncode == 2
    assert expected in done.stderr
    assert not (tmp_path / "s.json").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["in.json"]


def test_missing_input_and_bad_time_limit_exit_2(tmp_path):
    done = _schedule("--in", "nowhere.json", "--out", "s.json", cwd=tmp_path)
    assert done.returncode == 2
    assert "nowhere.json: cannot read" in done.stderr
    (tmp_path / "in.json").write_text(json.dumps(base()))
    done = _schedule("--in", "in.json", "--out", "s.json", "--time-limit", "0", cwd=tmp_path)
    assert done.returncode == 2
    assert "time limit must be positive" in done.stderr
    assert not (tmp_path / "s.json").exists()
