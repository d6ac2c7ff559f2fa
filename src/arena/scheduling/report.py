"""The objective of a schedule and the figures organisers read (scheduling.md, "Objective")."""

from dataclasses import asdict, dataclass
from typing import Any

from arena.scheduling.model import GAP_PENALTY, QUOTA, QUOTA_PENALTY, Instance, Meeting, Schedule


@dataclass(frozen=True)
class Report:
    objective: float
    weight: float
    gap_penalty: float
    quota_penalty: float
    meetings_per_person: dict[int, int]
    without_meeting: list[int]  # participants who asked for a meeting and got none
    idle_gaps: int  # Σ over (participant, session) of blocks − 1: what the objective charges
    idle_slots: int = 0  # empty slots between a person's first and last meeting of a session

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["meetings_per_person"] = {str(k): v for k, v in self.meetings_per_person.items()}
        return data


def evaluate(instance: Instance, schedule: Schedule) -> Report:
    """Objective terms of a schedule (which should be valid: see `validate`)."""
    index = instance.request_index()
    n = instance.n_participants
    asked = [0] * n
    for request in instance.requests:
        asked[request.buyer] += 1
        asked[request.startup] += 1
    count = [0] * n
    busy: list[set[int]] = [set() for _ in range(n)]
    weight = 0.0
    for m in schedule.meetings:
        r = index.get((m.buyer, m.startup))
        if r is None:  # not a request (validate says so); it earns and costs nothing
            continue
        weight += instance.requests[r].weight
        for pid in (m.buyer, m.startup):
            count[pid] += 1
            busy[pid].add(m.slot)
    gaps, idle = _gaps(instance, busy)
    shortfall = sum(max(0, min(QUOTA, asked[p]) - count[p]) for p in range(n))
    gap_penalty = GAP_PENALTY * gaps
    quota_penalty = QUOTA_PENALTY * shortfall
    return Report(
        objective=weight - gap_penalty - quota_penalty,
        weight=weight,
        gap_penalty=gap_penalty,
        quota_penalty=quota_penalty,
        meetings_per_person={p: count[p] for p in range(n)},
        without_meeting=[p for p in range(n) if asked[p] and not count[p]],
        idle_gaps=gaps,
        idle_slots=idle,
    )


def _gaps(instance: Instance, busy: list[set[int]]) -> tuple[int, int]:
    gaps = idle = 0
    runs = instance.session_runs()
    for slots in busy:
        if len(slots) < 2:
            continue
        for run in runs:
            inside = [t for t in run if t in slots]
            if len(inside) < 2:
                continue
            blocks = sum(
                1 for i, t in enumerate(run) if t in slots and (i == 0 or run[i - 1] not in slots)
            )
            gaps += blocks - 1
            idle += inside[-1] - inside[0] + 1 - len(inside)
    return gaps, idle


def schedule_to_json(schedule: Schedule, report: Report | None = None) -> dict[str, Any]:
    meetings = sorted(schedule.meetings, key=lambda m: (m.slot, m.table or 0, m.buyer, m.startup))
    data: dict[str, Any] = {"meetings": [_meeting_json(m) for m in meetings]}
    if report is not None:
        data["report"] = report.as_json()
    return data


def _meeting_json(m: Meeting) -> dict[str, Any]:
    return {"buyer": m.buyer, "startup": m.startup, "slot": m.slot, "table": m.table}
