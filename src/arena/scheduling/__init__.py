"""Matchday meeting scheduling (no Django): formats, validator, objective, greedy and HiGHS search.

See ../shared/design/scheduling.md for the problem and docs/decisions/0003-scheduling.md for the method.
"""

from arena.scheduling.greedy import greedy
from arena.scheduling.model import (
    Instance,
    InstanceError,
    Meeting,
    Request,
    Schedule,
    instance_from_json,
    schedule_from_json,
    validate,
)
from arena.scheduling.report import Report, evaluate, schedule_to_json
from arena.scheduling.solve import Result, solve

__all__ = [
    "Instance",
    "InstanceError",
    "Meeting",
    "Report",
    "Request",
    "Result",
    "Schedule",
    "evaluate",
    "greedy",
    "instance_from_json",
    "schedule_from_json",
    "schedule_to_json",
    "solve",
    "validate",
]
