"""The matchday instance and schedule, their JSON forms (../shared/design/scheduling.md) and checks.

Optional instance keys beyond the plain format: `locked` (meetings kept exactly; how "re-schedule only
what is not yet published" is expressed), `"virtual": true` on a request (needs no table) and
`preferred_table` (`{"<buyer id>": table}`, a host's sticky table).
"""

import math
from dataclasses import dataclass, field
from typing import Any

MAX_PROBLEMS = 10
QUOTA = 2  # meetings each participant should reach where possible
QUOTA_PENALTY = 25.0
GAP_PENALTY = 4.0


class InstanceError(ValueError):
    """Malformed instance or schedule; `problems` names the first things wrong."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems[:MAX_PROBLEMS]
        more = len(problems) - len(self.problems)
        text = "; ".join(self.problems) + (f"; and {more} more" if more > 0 else "")
        super().__init__(text)


@dataclass(frozen=True, slots=True)
class Request:
    buyer: int
    startup: int
    weight: float
    virtual: bool = False


@dataclass(frozen=True, slots=True, order=True)
class Meeting:
    buyer: int
    startup: int
    slot: int
    table: int | None


@dataclass(frozen=True, slots=True)
class Schedule:
    meetings: tuple[Meeting, ...]


@dataclass(frozen=True)
class Instance:
    buyers: tuple[int, ...]
    startups: tuple[int, ...]
    team_capacity: tuple[int, ...]
    availability: tuple[frozenset[int], ...]
    sessions: tuple[tuple[int, ...], ...]
    n_slots: int
    n_tables: int
    requests: tuple[Request, ...]
    locked: tuple[Meeting, ...] = ()
    preferred_table: dict[int, int] = field(default_factory=dict)
    name: str = ""

    @property
    def n_participants(self) -> int:
        return len(self.team_capacity)

    def request_index(self) -> dict[tuple[int, int], int]:
        return {(r.buyer, r.startup): i for i, r in enumerate(self.requests)}

    def session_runs(self) -> list[tuple[int, ...]]:
        """Every slot in exactly one run of consecutive slots; a slot outside all sessions is alone."""
        runs = [tuple(s) for s in self.sessions]
        covered = {t for s in self.sessions for t in s}
        runs += [(t,) for t in range(self.n_slots) if t not in covered]
        return runs


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _int_list(value: Any) -> bool:
    return isinstance(value, list) and all(_is_int(v) for v in value)


def instance_from_json(data: Any) -> Instance:
    """Parse and check an instance; raises InstanceError naming the first problems."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise InstanceError(["the instance must be a JSON object"])
    required = (
        "buyers",
        "startups",
        "team_capacity",
        "availability",
        "sessions",
        "n_slots",
        "n_tables",
        "requests",
    )
    missing = [key for key in required if key not in data]
    if missing:
        raise InstanceError([f"missing key {key!r}" for key in missing])

    n_slots, n_tables = data["n_slots"], data["n_tables"]
    if not _is_int(n_slots) or n_slots < 1:
        problems.append(f"n_slots must be a positive integer, not {n_slots!r}")
    if not _is_int(n_tables) or n_tables < 0:
        problems.append(f"n_tables must be a non-negative integer, not {n_tables!r}")
    buyers, startups = data["buyers"], data["startups"]
    for key, ids in (("buyers", buyers), ("startups", startups)):
        if not _int_list(ids):
            problems.append(f"{key} must be a list of integer ids")
    if problems:
        raise InstanceError(problems)

    everyone = list(buyers) + list(startups)
    n = len(everyone)
    seen: set[int] = set()
    for pid in everyone:
        if pid in seen:
            problems.append(f"participant {pid} is listed twice in buyers/startups")
        seen.add(pid)
        if not 0 <= pid < n:
            problems.append(f"participant id {pid} is outside 0..{n - 1}")
    if "n_participants" in data and data["n_participants"] != n:
        problems.append(
            f"n_participants is {data['n_participants']!r} but buyers and startups list {n}"
        )

    capacity = data["team_capacity"]
    if not _int_list(capacity) or len(capacity) != n:
        problems.append(f"team_capacity must be a list of {n} integers")
        capacity = [1] * n
    for pid, cap in enumerate(capacity):
        if cap < 0:
            problems.append(f"team_capacity of participant {pid} is negative ({cap})")

    availability = data["availability"]
    free: list[frozenset[int]] = []
    if not isinstance(availability, list) or len(availability) != n:
        problems.append(f"availability must be a list of {n} slot lists")
    else:
        for pid, slots in enumerate(availability):
            if not _int_list(slots):
                problems.append(f"availability of participant {pid} must be a list of slots")
                free.append(frozenset())
                continue
            bad = [t for t in slots if not 0 <= t < n_slots]
            if bad:
                problems.append(
                    f"availability of participant {pid}: slot {bad[0]} outside 0..{n_slots - 1}"
                )
            free.append(frozenset(t for t in slots if 0 <= t < n_slots))

    sessions = data["sessions"]
    in_session: set[int] = set()
    if not isinstance(sessions, list) or not all(_int_list(s) and s for s in sessions):
        problems.append("sessions must be a list of non-empty slot lists")
        sessions = []
    for number, session in enumerate(sessions):
        if any(not 0 <= t < n_slots for t in session):
            problems.append(f"session {number} has a slot outside 0..{n_slots - 1}")
        elif session != list(range(session[0], session[0] + len(session))):
            problems.append(f"session {number} is not a run of consecutive slots")
        if in_session & set(session):
            problems.append(f"session {number} shares slots with an earlier session")
        in_session |= set(session)

    buyer_set, startup_set = set(buyers), set(startups)
    requests: list[Request] = []
    pairs: set[tuple[int, int]] = set()
    raw_requests = data["requests"]
    if not isinstance(raw_requests, list):
        problems.append("requests must be a list")
        raw_requests = []
    for number, raw in enumerate(raw_requests):
        if not isinstance(raw, dict):
            problems.append(f"request {number} is not an object")
            continue
        b: Any = raw.get("buyer")
        s: Any = raw.get("startup")
        w: Any = raw.get("weight")
        virtual = raw.get("virtual", False)
        if not _is_int(b) or b not in buyer_set:
            problems.append(f"request {number}: unknown buyer {b!r}")
            continue
        if not _is_int(s) or s not in startup_set:
            problems.append(f"request {number}: unknown startup {s!r}")
            continue
        if isinstance(w, bool) or not isinstance(w, int | float) or not math.isfinite(w) or w < 0:
            problems.append(f"request {number} ({b}, {s}): weight must be a number ≥ 0, not {w!r}")
            continue
        if not isinstance(virtual, bool):
            problems.append(f"request {number} ({b}, {s}): virtual must be true or false")
            continue
        if (b, s) in pairs:
            problems.append(f"request {number}: duplicate request buyer {b} – startup {s}")
            continue
        pairs.add((b, s))
        requests.append(Request(b, s, w, virtual))

    preferred: dict[int, int] = {}
    raw_preferred = data.get("preferred_table", {})
    if not isinstance(raw_preferred, dict):
        problems.append("preferred_table must be an object {buyer id: table}")
        raw_preferred = {}
    for key, table in raw_preferred.items():
        try:
            buyer = int(key)
        except ValueError:
            buyer = -1
        if buyer not in buyer_set:
            problems.append(f"preferred_table: unknown buyer {key!r}")
        elif not _is_int(table) or not 1 <= table <= max(n_tables, 0):
            problems.append(f"preferred_table of buyer {buyer}: no table {table!r}")
        else:
            preferred[buyer] = table

    if problems:
        raise InstanceError(problems)
    instance = Instance(
        buyers=tuple(buyers),
        startups=tuple(startups),
        team_capacity=tuple(capacity),
        availability=tuple(free),
        sessions=tuple(tuple(s) for s in sessions),
        n_slots=n_slots,
        n_tables=n_tables,
        requests=tuple(requests),
        preferred_table=preferred,
        name=str(data.get("name", "")),
    )
    raw_locked = data.get("locked", [])
    if not isinstance(raw_locked, list):
        raise InstanceError(["locked must be a list of meetings"])
    locked = _meetings_from_json(raw_locked, "locked meeting")
    problems = [
        f"infeasible lock: {problem}"
        for problem in _hard_rule_problems(instance, locked, check_locks=False)
    ]
    if problems:
        raise InstanceError(problems)
    return Instance(
        buyers=instance.buyers,
        startups=instance.startups,
        team_capacity=instance.team_capacity,
        availability=instance.availability,
        sessions=instance.sessions,
        n_slots=instance.n_slots,
        n_tables=instance.n_tables,
        requests=instance.requests,
        locked=tuple(locked),
        preferred_table=preferred,
        name=instance.name,
    )


def _meetings_from_json(raw: list[Any], label: str) -> list[Meeting]:
    problems: list[str] = []
    meetings: list[Meeting] = []
    for number, item in enumerate(raw):
        if not isinstance(item, dict):
            problems.append(f"{label} {number} is not an object")
            continue
        values: list[Any] = [item.get(key) for key in ("buyer", "startup", "slot")]
        table = item.get("table")
        if not all(_is_int(v) for v in values):
            problems.append(f"{label} {number}: buyer, startup and slot must be integers")
            continue
        if table is not None and not _is_int(table):
            problems.append(f"{label} {number}: table must be an integer or null")
            continue
        meetings.append(Meeting(values[0], values[1], values[2], table))
    if problems:
        raise InstanceError(problems)
    return meetings


def schedule_from_json(data: Any) -> Schedule:
    if not isinstance(data, dict) or not isinstance(data.get("meetings"), list):
        raise InstanceError(['a schedule must be an object with a "meetings" list'])
    return Schedule(tuple(_meetings_from_json(data["meetings"], "meeting")))


def _hard_rule_problems(
    instance: Instance, meetings: list[Meeting] | tuple[Meeting, ...], *, check_locks: bool
) -> list[str]:
    """Every broken hard rule (the validator; also checks locks on their own when parsing)."""
    problems: list[str] = []
    index = instance.request_index()
    n = instance.n_participants
    used: dict[tuple[int, int], int] = {}
    tables: dict[tuple[int, int], Meeting] = {}
    scheduled: dict[int, Meeting] = {}
    for m in meetings:
        label = f"meeting buyer {m.buyer} – startup {m.startup} in slot {m.slot}"
        r = index.get((m.buyer, m.startup))
        if r is None:
            problems.append(f"{label}: the pair did not request a meeting")
            continue
        if not 0 <= m.slot < instance.n_slots:
            problems.append(f"{label}: no such slot (0..{instance.n_slots - 1})")
            continue
        if r in scheduled:
            problems.append(
                f"{label}: the request is already scheduled in slot {scheduled[r].slot}"
            )
            continue
        scheduled[r] = m
        for pid in (m.buyer, m.startup):
            if not 0 <= pid < n:
                continue
            if m.slot not in instance.availability[pid]:
                problems.append(f"{label}: participant {pid} is not free then")
            used[pid, m.slot] = used.get((pid, m.slot), 0) + 1
            if used[pid, m.slot] == instance.team_capacity[pid] + 1:
                problems.append(
                    f"{label}: participant {pid} is over capacity "
                    f"({instance.team_capacity[pid]}) in slot {m.slot}"
                )
        if instance.requests[r].virtual:
            if m.table is not None:
                problems.append(f"{label}: a virtual meeting takes no table (got {m.table})")
        elif m.table is None or not 1 <= m.table <= instance.n_tables:
            problems.append(f"{label}: needs a table 1..{instance.n_tables}, got {m.table}")
        elif (m.slot, m.table) in tables:
            problems.append(f"{label}: table {m.table} is already taken in slot {m.slot}")
        else:
            tables[m.slot, m.table] = m
    if check_locks:
        present = set(meetings)
        for lock in instance.locked:
            if lock not in present:
                problems.append(
                    f"locked meeting buyer {lock.buyer} – startup {lock.startup} in slot "
                    f"{lock.slot} at table {lock.table} is missing or moved"
                )
    return problems


def validate(instance: Instance, schedule: Schedule) -> list[str]:
    """Problems with the schedule under the hard rules (locks included); empty means valid."""
    return _hard_rule_problems(instance, schedule.meetings, check_locks=True)
