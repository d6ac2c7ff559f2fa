"""Small hand-made instances whose right answers can be worked out on paper."""

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEV_INSTANCE = ROOT.parent / "shared" / "data" / "matchday" / "dev_s1_150p_600r_12s_20t.json"


def base(**changes: Any) -> dict[str, Any]:
    """Buyers 0 (two tables' worth of team) and 1, startups 2, 3, 4; four slots in one session.

    Startup 4 is away in slot 0; the 1–4 meeting is virtual.
    """
    data: dict[str, Any] = {
        "buyers": [0, 1],
        "startups": [2, 3, 4],
        "team_capacity": [2, 1, 1, 1, 1],
        "availability": [[0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3], [1, 2, 3]],
        "sessions": [[0, 1, 2, 3]],
        "n_slots": 4,
        "n_tables": 2,
        "requests": [
            {"buyer": 0, "startup": 2, "weight": 10},
            {"buyer": 0, "startup": 3, "weight": 20},
            {"buyer": 1, "startup": 2, "weight": 30},
            {"buyer": 1, "startup": 4, "weight": 10, "virtual": True},
        ],
    }
    data.update(changes)
    return data


def meeting(buyer: int, startup: int, slot: int, table: int | None) -> dict[str, Any]:
    return {"buyer": buyer, "startup": startup, "slot": slot, "table": table}
