"""Index arrays and the mutable placement (request → slot) shared by the greedy and the search."""

from arena.scheduling.model import GAP_PENALTY, QUOTA, QUOTA_PENALTY, Instance, Meeting, Schedule

UNSCHEDULED = -1


class Problem:
    """An instance turned into plain lists for fast inner loops."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.n = instance.n_participants
        self.n_slots = instance.n_slots
        self.n_tables = instance.n_tables
        self.capacity = list(instance.team_capacity)
        requests = instance.requests
        self.n_requests = len(requests)
        self.buyer = [r.buyer for r in requests]
        self.startup = [r.startup for r in requests]
        self.weight = [float(r.weight) for r in requests]
        self.virtual = [r.virtual for r in requests]
        self.integral = all(w.is_integer() for w in self.weight)  # objective in whole numbers
        self.asked = [0] * self.n
        self.requests_of: list[list[int]] = [[] for _ in range(self.n)]
        for r, request in enumerate(requests):
            for pid in (request.buyer, request.startup):
                self.asked[pid] += 1
                self.requests_of[pid].append(r)
        self.quota = [min(QUOTA, a) for a in self.asked]
        self.runs = instance.session_runs()
        self.run_of = [0] * self.n_slots
        self.position = [0] * self.n_slots
        for number, run in enumerate(self.runs):
            for i, t in enumerate(run):
                self.run_of[t] = number
                self.position[t] = i
        avail = instance.availability
        self.candidates: list[list[int]] = [
            sorted(avail[b] & avail[s]) for b, s in zip(self.buyer, self.startup, strict=True)
        ]
        index = instance.request_index()
        self.locked_slot: dict[int, int] = {}
        self.locked_table: dict[int, int | None] = {}
        for m in instance.locked:
            r = index[m.buyer, m.startup]
            self.locked_slot[r] = m.slot
            self.locked_table[r] = m.table

    def previous_in_run(self, t: int) -> int | None:
        run = self.runs[self.run_of[t]]
        i = self.position[t]
        return run[i - 1] if i > 0 else None

    def next_in_run(self, t: int) -> int | None:
        run = self.runs[self.run_of[t]]
        i = self.position[t]
        return run[i + 1] if i + 1 < len(run) else None


class State:
    """Which slot each request has, with the counts needed to test and score a change quickly."""

    def __init__(self, problem: Problem, slot_of: list[int] | None = None) -> None:
        self.problem = problem
        self.slot_of = [UNSCHEDULED] * problem.n_requests
        self.used = [[0] * problem.n_slots for _ in range(problem.n)]
        self.tables_used = [0] * problem.n_slots
        self.count = [0] * problem.n
        self.blocks = [[0] * len(problem.runs) for _ in range(problem.n)]
        if slot_of is not None:
            for r, t in enumerate(slot_of):
                if t != UNSCHEDULED:
                    self.place(r, t)

    def copy_slots(self) -> list[int]:
        return list(self.slot_of)

    def fits(self, r: int, t: int) -> bool:
        p = self.problem
        b, s = p.buyer[r], p.startup[r]
        return (
            self.used[b][t] < p.capacity[b]
            and self.used[s][t] < p.capacity[s]
            and (p.virtual[r] or self.tables_used[t] < p.n_tables)
        )

    def _block_delta(self, pid: int, t: int, adding: bool) -> int:
        """Change in pid's blocks in t's session if pid gains (or loses) its only meeting in t."""
        used = self.used[pid]
        if used[t] > (0 if adding else 1):
            return 0
        before = self.problem.previous_in_run(t)
        after = self.problem.next_in_run(t)
        neighbours = (before is not None and used[before] > 0) + (
            after is not None and used[after] > 0
        )
        delta = 1 - neighbours
        return delta if adding else -delta

    def gain(self, r: int, t: int) -> float:
        """Objective change from placing request r in slot t (assumed to fit)."""
        p = self.problem
        value = p.weight[r]
        run = p.run_of[t]
        for pid in (p.buyer[r], p.startup[r]):
            if self.count[pid] < p.quota[pid]:
                value += QUOTA_PENALTY
            blocks = self.blocks[pid][run]
            delta = self._block_delta(pid, t, adding=True)
            value -= GAP_PENALTY * (max(0, blocks + delta - 1) - max(0, blocks - 1))
        return value

    def loss(self, r: int) -> float:
        """Objective change from removing request r from its slot."""
        p = self.problem
        t = self.slot_of[r]
        value = -p.weight[r]
        run = p.run_of[t]
        for pid in (p.buyer[r], p.startup[r]):
            if self.count[pid] <= p.quota[pid]:
                value -= QUOTA_PENALTY
            blocks = self.blocks[pid][run]
            delta = self._block_delta(pid, t, adding=False)
            value -= GAP_PENALTY * (max(0, blocks + delta - 1) - max(0, blocks - 1))
        return value

    def place(self, r: int, t: int) -> None:
        p = self.problem
        run = p.run_of[t]
        for pid in (p.buyer[r], p.startup[r]):
            self.blocks[pid][run] += self._block_delta(pid, t, adding=True)
            self.used[pid][t] += 1
            self.count[pid] += 1
        if not p.virtual[r]:
            self.tables_used[t] += 1
        self.slot_of[r] = t

    def remove(self, r: int) -> None:
        p = self.problem
        t = self.slot_of[r]
        run = p.run_of[t]
        for pid in (p.buyer[r], p.startup[r]):
            self.blocks[pid][run] += self._block_delta(pid, t, adding=False)
            self.used[pid][t] -= 1
            self.count[pid] -= 1
        if not p.virtual[r]:
            self.tables_used[t] -= 1
        self.slot_of[r] = UNSCHEDULED

    def objective(self) -> float:
        p = self.problem
        weight = sum(p.weight[r] for r, t in enumerate(self.slot_of) if t != UNSCHEDULED)
        gaps = sum(max(0, b - 1) for row in self.blocks for b in row)
        short = sum(max(0, q - c) for q, c in zip(p.quota, self.count, strict=True))
        return weight - GAP_PENALTY * gaps - QUOTA_PENALTY * short


def assign_tables(problem: Problem, slot_of: list[int]) -> Schedule:
    """Number the tables once slots are fixed: locks keep theirs, then a host's preferred table,
    then the table the host sat at before, then the lowest free one."""
    instance = problem.instance
    by_slot: list[list[int]] = [[] for _ in range(problem.n_slots)]
    for r, t in enumerate(slot_of):
        if t != UNSCHEDULED:
            by_slot[t].append(r)
    home: dict[int, list[int]] = {}
    reserved = set(instance.preferred_table.values())  # preferred tables and tables in use as homes
    meetings: list[Meeting] = []
    for t, requests in enumerate(by_slot):
        taken: set[int] = set()
        pending: list[int] = []
        for r in requests:
            b, s = problem.buyer[r], problem.startup[r]
            if problem.virtual[r]:
                meetings.append(Meeting(b, s, t, None))
            elif problem.locked_slot.get(r) == t:
                table = problem.locked_table[r]
                assert table is not None
                taken.add(table)
                meetings.append(Meeting(b, s, t, table))
            else:
                pending.append(r)
        pending.sort(
            key=lambda r: (
                problem.buyer[r] not in instance.preferred_table,
                problem.buyer[r] not in home,
                r,
            )
        )
        for r in pending:
            b = problem.buyer[r]
            wishes = [instance.preferred_table[b]] if b in instance.preferred_table else []
            wishes += home.get(b, [])
            table = next((k for k in wishes if k not in taken), None)
            if table is None:  # a table nobody calls theirs, if there is one
                free = [k for k in range(1, problem.n_tables + 1) if k not in taken]
                table = next((k for k in free if k not in reserved), free[0])
            taken.add(table)
            if table not in home.setdefault(b, []):
                home[b].append(table)
                reserved.add(table)
            meetings.append(Meeting(b, problem.startup[r], t, table))
    return Schedule(tuple(meetings))
