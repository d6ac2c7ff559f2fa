"""The helper process of `solve`: the whole-model MIP beside the search, on the second core.

HiGHS holds the GIL while it runs, so a thread would not run in parallel; and a plain subprocess
(rather than multiprocessing) never re-imports the caller's main module. The parent passes the path
of a pickle of (instance, placement, deadline, seed); each result is a JSON line on stdout (bounds
as the MIP proves them, then the schedule):
{"bound": float | null, "slots": [slot per request] | null}. Exit status 0 means the last line is a
proven optimum, so the parent can stop its search.
"""

import json
import pickle
import sys
import time
from pathlib import Path

from arena.scheduling import mip
from arena.scheduling.core import Problem

PROVED_OPTIMAL = 0  # exit status when the schedule written is optimal; 1 otherwise


def main() -> int:
    # The file is written by solve() in the parent process just before, never by a user.
    job = Path(sys.argv[1])
    with job.open("rb") as handle:
        instance, slot_of, deadline, seed = pickle.load(handle)  # noqa: S301
    job.unlink(missing_ok=True)  # gone even if the parent is killed
    problem = Problem(instance)
    free_all = {
        r: problem.candidates[r] for r in range(problem.n_requests) if r not in problem.locked_slot
    }
    limit = deadline - time.monotonic()  # one clock for all processes on a machine
    if limit <= 0.1 or not free_all:
        return 1
    relaxed = mip.run(problem, slot_of, free_all, time_limit=limit, relax=True)
    _say(relaxed.bound if relaxed.optimal else None, None)
    limit = deadline - time.monotonic()
    if limit > 0.2:
        last = [0.0]

        def tick(elapsed: float, _primal: float | None, dual: float | None) -> None:
            if dual is not None and elapsed - last[0] >= 1.0:  # the parent stops at the bound
                last[0] = elapsed
                _say(dual, None)

        outcome = mip.run(problem, slot_of, free_all, time_limit=limit, seed=seed, on_tick=tick)
        _say(outcome.bound, outcome.slot_of)
        if outcome.optimal:
            return PROVED_OPTIMAL  # the parent may stop searching
    return 1


def _say(bound: float | None, slots: list[int] | None) -> None:
    sys.stdout.write(json.dumps({"bound": bound, "slots": slots}) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
