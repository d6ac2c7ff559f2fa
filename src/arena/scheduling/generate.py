"""Synthetic matchday instances in the dev instance's format and shape.

Shape taken from `dev_s1_150p_600r_12s_20t.json`: about 27 % buyers, 43 % of them able to hold two
meetings at once (startups one); 30 % of people free for one session only, the rest missing a few
single slots; popularity skewed on both sides (a few buyers get 3× the average); weights 10/20/30/40
(priority 1–3, +10 when mutual) at about 35/35/22/8 %; two sessions of equal length.
"""

from typing import Any

import numpy as np

SIZES = {
    "small": (150, 600, 12, 20),
    "medium": (400, 2000, 16, 60),
    "large": (1000, 5000, 16, 150),
}


def generate(
    n_participants: int, n_requests: int, n_slots: int, n_tables: int, seed: int
) -> dict[str, Any]:
    if n_participants < 2 or n_slots < 1 or n_tables < 0 or n_requests < 0:
        raise ValueError("need at least 2 participants, 1 slot, and no negative counts")
    rng = np.random.default_rng(seed)
    n_buyers = max(1, round(n_participants * 40 / 150))
    n_startups = n_participants - n_buyers
    if n_requests > n_buyers * n_startups:
        raise ValueError(f"{n_requests} requests exceed {n_buyers * n_startups} possible pairs")
    buyers = list(range(n_buyers))
    startups = list(range(n_buyers, n_participants))
    capacity = [2 if rng.random() < 0.43 else 1 for _ in buyers] + [1] * n_startups

    half = n_slots // 2
    sessions = [list(range(half)), list(range(half, n_slots))] if half else [list(range(n_slots))]
    availability = []
    for _ in range(n_participants):
        slots = set(range(n_slots))
        if len(sessions) > 1 and rng.random() < 0.3:
            slots -= set(sessions[int(rng.integers(len(sessions)))])
            missing = int(rng.choice([0, 1, 2], p=[0.64, 0.22, 0.14]))
        else:
            missing = min(int(rng.poisson(0.9)), 4)
        for t in rng.permutation(sorted(slots))[:missing]:
            slots.discard(int(t))
        availability.append(sorted(slots))

    buyer_pull = rng.lognormal(0.0, 0.6, n_buyers)
    startup_pull = rng.lognormal(0.0, 0.8, n_startups)
    buyer_p = buyer_pull / buyer_pull.sum()
    startup_p = startup_pull / startup_pull.sum()
    pairs: set[tuple[int, int]] = set()
    requests: list[dict[str, int]] = []
    while len(requests) < n_requests:
        b = int(rng.choice(n_buyers, p=buyer_p))
        s = n_buyers + int(rng.choice(n_startups, p=startup_p))
        if (b, s) in pairs:
            continue
        pairs.add((b, s))
        weight = int(rng.choice([10, 20, 30, 40], p=[0.35, 0.35, 0.22, 0.08]))
        requests.append({"buyer": b, "startup": s, "weight": weight})
    return {
        "name": f"synthetic_s{seed}_{n_participants}p_{n_requests}r_{n_slots}s_{n_tables}t",
        "generator_params": {"seed": seed},
        "n_participants": n_participants,
        "buyers": buyers,
        "startups": startups,
        "team_capacity": capacity,
        "availability": availability,
        "sessions": sessions,
        "n_slots": n_slots,
        "n_tables": n_tables,
        "requests": requests,
    }
